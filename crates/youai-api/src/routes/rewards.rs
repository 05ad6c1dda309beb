//! 礼遇: the reward rules, star levels, the points ledger, the courtesy catalogue, redemption
//! into vouchers, honours, and the insurer's list.
//!
//! Points and stock move only inside one write transaction with the volunteer's row locked,
//! and stock by one conditional UPDATE: concurrent redemptions never oversell or overspend.

use actix_web::http::header;
use actix_web::{HttpResponse, get, patch, post, put, web};
use chrono::{Duration, NaiveDate};
use serde::Deserialize;
use utoipa::IntoParams;
use youai_db::rewards::{self as rdb, NewEntry, NewVoucher};
use youai_db::{DbConn, activities as adb, areas, teams, volunteers};
use youai_domain::access::{Action, Target};
use youai_domain::idcard;
use youai_domain::rewards::{self as rules_of, Candidate, Eligibility};
use youai_types::{
    FieldError, Honour, NewHonour, NewPointsAdjustment, NewReward, PointsAccount, PointsEntry,
    PointsKind, Reward, RewardKind, RewardPatch, RewardRules, StarChange, StarLevel, StarReached,
    Voucher, VoucherStatus,
};

use crate::auth::{AuthUser, authorize};
use crate::convert::utc;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

// --- rules ---------------------------------------------------------------------------------

/// How stars and points are earned (public, so volunteers can see the rules).
#[utoipa::path(tag = "rewards", responses(
    (status = 200, description = "积分与星级规则", body = RewardRules),
))]
#[get("/reward-rules")]
pub async fn get_reward_rules(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let rules = crate::db::run(&state, crate::ledger::rules).await?;
    Ok(HttpResponse::Ok().json(rules))
}

/// Sets the reward rules (platform admin). New rules apply from the next verified record.
#[utoipa::path(tag = "rewards", security(("bearer" = [])), request_body = RewardRules, responses(
    (status = 200, description = "已保存", body = RewardRules),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[put("/reward-rules")]
pub async fn put_reward_rules(
    state: web::Data<AppState>,
    user: AuthUser,
    body: crate::extract::Json<RewardRules>,
) -> ApiResult<HttpResponse> {
    authorize(&user, Action::ManageRewards, &Target::Platform)?;
    let rules = body.into_inner();
    let mut errors = Vec::new();
    if !rules_of::thresholds_ok(&rules.star_thresholds_hours) {
        errors.push(field_error(
            "star_thresholds_hours",
            "not_rising",
            "星级门槛须为递增的正数小时",
        ));
    }
    if rules.points_per_hour > 10_000 {
        errors.push(field_error(
            "points_per_hour",
            "out_of_range",
            "每小时积分须在 0–10000 之间",
        ));
    }
    if let Some(e) = &rules.expire_on
        && rules_of::expiry_due(Some(e), NaiveDate::MAX).is_none()
    {
        errors.push(field_error(
            "expire_on",
            "invalid_date",
            "到期日须为 MM-DD，如 12-31",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let saved = rules.clone();
    crate::db::write(&state, move |conn| {
        let before = crate::ledger::rules(conn)?;
        crate::ledger::save_rules(conn, &saved)?;
        crate::audit::record(
            conn,
            &user,
            "rewards.rules",
            "reward_rules",
            "platform",
            serde_json::to_value(before).ok(),
            serde_json::to_value(&saved).ok(),
        )
    })
    .await?;
    Ok(HttpResponse::Ok().json(rules))
}

fn field_error(field: &str, code: &str, message: &str) -> FieldError {
    FieldError {
        field: field.into(),
        code: code.into(),
        message: message.into(),
    }
}

// --- star level ----------------------------------------------------------------------------

/// A volunteer's star level: hours, the time each level held was reached, hours to the next,
/// and every change (a correction can lower it). To the volunteer and staff in scope.
#[utoipa::path(tag = "rewards", security(("bearer" = [])), params(("id" = i64, Path, description = "Volunteer id")), responses(
    (status = 200, description = "星级", body = StarLevel),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/volunteers/{id}/star")]
pub async fn get_star(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let star = crate::db::run(&state, move |conn| {
        let v = volunteers::find(conn, id)?.ok_or_else(|| ApiError::not_found("志愿者"))?;
        super::volunteers::sight_of(conn, &user, &v)?;
        star_of(conn, id)
    })
    .await?;
    Ok(HttpResponse::Ok().json(star))
}

fn star_of(conn: &mut DbConn, id: i64) -> ApiResult<StarLevel> {
    let rules = crate::ledger::rules(conn)?;
    let quarters = super::checkins::ServiceTotals::of(conn, id)?.quarters;
    let changes = rdb::star_changes(conn, id)?;
    let level = changes
        .last()
        .map_or(0, |c| u8::try_from(c.to_level).unwrap_or(0));
    // When each level held now was last reached: the latest rise through it.
    let reached = (1..=level)
        .filter_map(|l| {
            changes
                .iter()
                .rev()
                .find(|c| c.from_level < i32::from(l) && c.to_level >= i32::from(l))
                .map(|c| StarReached {
                    level: l,
                    reached_at: utc(c.at),
                })
        })
        .collect();
    let thresholds = rules.star_thresholds_hours.clone();
    let next = thresholds
        .get(usize::from(level))
        .map(|h| (level + 1, (f64::from(*h) - quarters as f64 / 4.0).max(0.0)));
    Ok(StarLevel {
        volunteer_id: id,
        level,
        hours: quarters as f64 / 4.0,
        next_level: next.map(|n| n.0),
        hours_to_next: next.map(|n| n.1),
        thresholds_hours: thresholds,
        reached,
        history: changes
            .into_iter()
            .map(|c| StarChange {
                from_level: u8::try_from(c.from_level).unwrap_or(0),
                to_level: u8::try_from(c.to_level).unwrap_or(0),
                hours: c.quarters as f64 / 4.0,
                record_id: c.record_id,
                at: utc(c.at),
            })
            .collect(),
    })
}

// --- points --------------------------------------------------------------------------------

fn entry_view(e: rdb::Entry) -> PointsEntry {
    PointsEntry {
        id: e.id,
        volunteer_id: e.volunteer_id,
        kind: PointsKind::parse(&e.kind).unwrap_or(PointsKind::Adjust),
        points: i64::from(e.points),
        event: e.event,
        reason: e.reason,
        record_id: e.record_id,
        voucher_id: e.voucher_id,
        created_by: e.created_by,
        created_at: utc(e.created_at),
    }
}

fn account_of(conn: &mut DbConn, id: i64) -> ApiResult<PointsAccount> {
    Ok(PointsAccount {
        volunteer_id: id,
        balance: rdb::balance(conn, id)?,
        earned: rdb::total_of_kind(conn, Some(id), "earn")?,
        entries: rdb::entries(conn, id, 200)?
            .into_iter()
            .map(entry_view)
            .collect(),
    })
}

/// The volunteer, if `user` may take `action` in the volunteer's area (else 403; 404 if none).
fn volunteer_in_scope(
    conn: &mut DbConn,
    user: &AuthUser,
    id: i64,
    action: Action,
) -> ApiResult<volunteers::Volunteer> {
    let v = volunteers::find(conn, id)?.ok_or_else(|| ApiError::not_found("志愿者"))?;
    let area = areas::find(conn, v.area_id)?
        .map(|a| a.path)
        .unwrap_or_default();
    authorize(user, action, &Target::Area(&area))?;
    Ok(v)
}

/// My points: the balance (the sum of the ledger) and the newest entries.
#[utoipa::path(tag = "rewards", security(("bearer" = [])), responses(
    (status = 200, description = "我的积分", body = PointsAccount),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/me/points")]
pub async fn get_my_points(state: web::Data<AppState>, user: AuthUser) -> ApiResult<HttpResponse> {
    let account = crate::db::run(&state, move |conn| {
        let v = crate::caller::volunteer_profile(conn, &user)?;
        account_of(conn, v.id)
    })
    .await?;
    Ok(HttpResponse::Ok().json(account))
}

/// A volunteer's points, for the volunteer and staff in scope.
#[utoipa::path(tag = "rewards", security(("bearer" = [])), params(("id" = i64, Path, description = "Volunteer id")), responses(
    (status = 200, description = "积分", body = PointsAccount),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/volunteers/{id}/points")]
pub async fn get_points(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let account = crate::db::run(&state, move |conn| {
        let v = volunteers::find(conn, id)?.ok_or_else(|| ApiError::not_found("志愿者"))?;
        super::volunteers::sight_of(conn, &user, &v)?;
        account_of(conn, id)
    })
    .await?;
    Ok(HttpResponse::Ok().json(account))
}

/// Adjusts a volunteer's points with a reason (platform admin, or an area admin of the
/// volunteer's area). The balance may not go below zero (409 `insufficient_points`).
#[utoipa::path(tag = "rewards", security(("bearer" = [])), request_body = NewPointsAdjustment,
    params(("id" = i64, Path, description = "Volunteer id")),
    responses(
        (status = 201, description = "已调整", body = PointsEntry),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/volunteers/{id}/points/adjustments")]
pub async fn adjust_points(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<NewPointsAdjustment>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let a = body.into_inner();
    let reason = a.reason.trim().to_owned();
    let mut errors = Vec::new();
    if a.points == 0 || !(-1_000_000..=1_000_000).contains(&a.points) {
        errors.push(field_error(
            "points",
            "out_of_range",
            "调整积分须为非零整数，绝对值不超过 1000000",
        ));
    }
    if reason.is_empty() || reason.chars().count() > 500 {
        errors.push(field_error(
            "reason",
            "required",
            "调整积分须说明理由（500 字以内）",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let entry = crate::db::write(&state, move |conn| {
        volunteer_in_scope(conn, &user, id, Action::AdjustPoints)?;
        adb::lock_volunteer(conn, id)?;
        let balance = rdb::balance(conn, id)?;
        if balance + a.points < 0 {
            return Err(ApiError::conflict(
                "insufficient_points",
                format!("积分余额 {balance}，不能扣减 {}", -a.points),
            ));
        }
        let event = format!("adjust:{}", uuid::Uuid::new_v4());
        crate::audit::record(
            conn,
            &user,
            "points.adjust",
            "volunteer",
            id,
            Some(serde_json::json!({"balance": balance})),
            Some(serde_json::json!({"balance": balance + a.points, "points": a.points, "reason": reason})),
        )?;
        rdb::append(
            conn,
            &NewEntry {
                volunteer_id: id,
                kind: "adjust".into(),
                points: i32::try_from(a.points).map_err(ApiError::internal)?,
                event: event.clone(),
                reason: Some(reason),
                record_id: None,
                voucher_id: None,
                created_by: Some(user.id),
            },
        )?;
        rdb::entries(conn, id, 1)?
            .into_iter()
            .find(|e| e.event == event)
            .map(entry_view)
            .ok_or_else(|| ApiError::internal("adjustment not found after insert"))
    })
    .await?;
    Ok(HttpResponse::Created().json(entry))
}

// --- the catalogue -------------------------------------------------------------------------

fn reward_view(r: rdb::Reward) -> Reward {
    Reward {
        id: r.id,
        kind: RewardKind::parse(&r.kind).unwrap_or(RewardKind::Service),
        name: r.name,
        description: r.description,
        provider: r.provider,
        provider_user_id: r.provider_user_id,
        min_star: r.min_star.and_then(|s| u8::try_from(s).ok()),
        min_recent_hours: r.min_recent_hours.and_then(|h| u32::try_from(h).ok()),
        team_kind: r.team_kind,
        min_age: r.min_age.and_then(|a| u32::try_from(a).ok()),
        cost_points: i64::from(r.cost_points),
        per_person_limit: r.per_person_limit.and_then(|l| u32::try_from(l).ok()),
        stock: r.stock.map(i64::from),
        valid_from: r.valid_from,
        valid_until: r.valid_until,
        voucher_days: u32::try_from(r.voucher_days).unwrap_or(0),
        active: r.active,
        created_at: utc(r.created_at),
        updated_at: utc(r.updated_at),
    }
}

/// Checks a new courtesy, every field at once.
/// The provider's account, when one is named, exists (SQLite names no column when a foreign
/// key fails, so the reference is checked first, in the same transaction).
fn provider_exists(conn: &mut DbConn, provider_user_id: Option<i64>) -> ApiResult<()> {
    match provider_user_id {
        Some(id) if youai_db::users::find(conn, id)?.is_none() => Err(ApiError::field(
            "provider_user_id",
            "not_found",
            "提供方账号不存在",
        )),
        _ => Ok(()),
    }
}

fn checked_reward(r: &NewReward) -> ApiResult<rdb::NewReward> {
    let mut errors = Vec::new();
    let name = r.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        errors.push(field_error("name", "required", "名称须为 1–100 字"));
    }
    let provider = r.provider.trim();
    if provider.is_empty() || provider.chars().count() > 100 {
        errors.push(field_error("provider", "required", "提供方须为 1–100 字"));
    }
    if !(0..=1_000_000).contains(&r.cost_points) {
        errors.push(field_error(
            "cost_points",
            "out_of_range",
            "所需积分须在 0–1000000 之间",
        ));
    }
    if r.stock.is_some_and(|s| !(0..=1_000_000).contains(&s)) {
        errors.push(field_error(
            "stock",
            "out_of_range",
            "库存须在 0–1000000 之间",
        ));
    }
    if r.kind == RewardKind::Goods && r.stock.is_none() {
        errors.push(field_error("stock", "required", "兑换物资须填写库存"));
    }
    if r.min_star.is_some_and(|s| s > 5) {
        errors.push(field_error("min_star", "out_of_range", "星级为 1–5"));
    }
    if r.per_person_limit == Some(0) {
        errors.push(field_error(
            "per_person_limit",
            "out_of_range",
            "每人限额至少为 1（不限则不填）",
        ));
    }
    if let Some(k) = &r.team_kind
        && youai_types::TeamKind::parse(k).is_none()
    {
        errors.push(field_error(
            "team_kind",
            "unknown_team_kind",
            "未知的队伍类型",
        ));
    }
    if let (Some(from), Some(until)) = (r.valid_from, r.valid_until)
        && until < from
    {
        errors.push(field_error(
            "valid_until",
            "before_valid_from",
            "有效期结束不能早于开始",
        ));
    }
    let voucher_days = r.voucher_days.unwrap_or(30);
    if !(1..=3660).contains(&voucher_days) {
        errors.push(field_error(
            "voucher_days",
            "out_of_range",
            "兑换券有效天数须在 1–3660 之间",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let int = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
    Ok(rdb::NewReward {
        kind: r.kind.as_str().into(),
        name: name.into(),
        description: r.description.clone().filter(|d| !d.trim().is_empty()),
        provider: provider.into(),
        provider_user_id: r.provider_user_id,
        min_star: r.min_star.map(i32::from),
        min_recent_hours: r.min_recent_hours.map(int),
        team_kind: r.team_kind.clone(),
        min_age: r.min_age.map(int),
        cost_points: i32::try_from(r.cost_points).unwrap_or(0),
        per_person_limit: r.per_person_limit.map(int),
        stock: r.stock.map(|s| i32::try_from(s).unwrap_or(0)),
        valid_from: r.valid_from,
        valid_until: r.valid_until,
        voucher_days: int(voucher_days),
        active: true,
    })
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RewardListQuery {
    pub kind: Option<RewardKind>,
    /// Include withdrawn courtesies (default false).
    pub include_inactive: Option<bool>,
}

/// The courtesy catalogue (public).
#[utoipa::path(tag = "rewards", params(RewardListQuery), responses(
    (status = 200, description = "礼遇目录", body = Vec<Reward>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/rewards")]
pub async fn list_rewards(
    state: web::Data<AppState>,
    query: crate::extract::Query<RewardListQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let items = crate::db::run(&state, move |conn| {
        Ok(rdb::list_rewards(
            conn,
            q.kind.map(|k| k.as_str()),
            !q.include_inactive.unwrap_or(false),
        )?
        .into_iter()
        .map(reward_view)
        .collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(items))
}

/// A courtesy (public).
#[utoipa::path(tag = "rewards", params(("id" = i64, Path, description = "Courtesy id")), responses(
    (status = 200, description = "礼遇", body = Reward),
    (status = 400, response = crate::docs::BadRequest),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/rewards/{id}")]
pub async fn get_reward(state: web::Data<AppState>, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let r = crate::db::run(&state, move |conn| {
        rdb::find_reward(conn, id)?
            .map(reward_view)
            .ok_or_else(|| ApiError::not_found("礼遇"))
    })
    .await?;
    Ok(HttpResponse::Ok().json(r))
}

/// Adds a courtesy to the catalogue (platform admin).
#[utoipa::path(tag = "rewards", security(("bearer" = [])), request_body = NewReward, responses(
    (status = 201, description = "已添加", body = Reward, links(("get_reward" = (operation_id = "get_reward", parameters(("id" = "$response.body#/id")))), ("update_reward" = (operation_id = "update_reward", parameters(("id" = "$response.body#/id")))), ("redeem_reward" = (operation_id = "redeem_reward", parameters(("id" = "$response.body#/id")))))),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/rewards")]
pub async fn create_reward(
    state: web::Data<AppState>,
    user: AuthUser,
    body: crate::extract::Json<NewReward>,
) -> ApiResult<HttpResponse> {
    authorize(&user, Action::ManageRewards, &Target::Platform)?;
    let row = checked_reward(&body.into_inner())?;
    let r = crate::db::write(&state, move |conn| {
        provider_exists(conn, row.provider_user_id)?;
        let r = reward_view(rdb::insert_reward(conn, &row)?);
        crate::audit::record(
            conn,
            &user,
            "reward.create",
            "reward",
            r.id,
            None,
            serde_json::to_value(&r).ok(),
        )?;
        Ok(r)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/rewards/{}", r.id)))
        .json(r))
}

/// Changes a courtesy (platform admin); `stock_delta` restocks or withdraws stock atomically
/// (409 `out_of_stock` if it would go below zero).
#[utoipa::path(tag = "rewards", security(("bearer" = [])), request_body = RewardPatch,
    params(("id" = i64, Path, description = "Courtesy id")),
    responses(
        (status = 200, description = "已修改", body = Reward),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[patch("/rewards/{id}")]
pub async fn update_reward(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<RewardPatch>,
) -> ApiResult<HttpResponse> {
    authorize(&user, Action::ManageRewards, &Target::Platform)?;
    let id = id.into_inner();
    let p = body.into_inner();
    let r = crate::db::write(&state, move |conn| {
        let cur = rdb::find_reward(conn, id)?.ok_or_else(|| ApiError::not_found("礼遇"))?;
        let view = reward_view(cur.clone());
        let view_before = view.clone();
        let merged = NewReward {
            kind: view.kind,
            name: p.name.unwrap_or(view.name),
            description: p.description.or(view.description),
            provider: p.provider.unwrap_or(view.provider),
            provider_user_id: p.provider_user_id.or(view.provider_user_id),
            min_star: view.min_star,
            min_recent_hours: view.min_recent_hours,
            team_kind: view.team_kind,
            min_age: view.min_age,
            cost_points: p.cost_points.unwrap_or(view.cost_points),
            per_person_limit: p.per_person_limit.or(view.per_person_limit),
            // Stock is checked by the conditional update below, not here.
            stock: view.stock.map(|_| 0),
            valid_from: view.valid_from,
            valid_until: p.valid_until.or(view.valid_until),
            voucher_days: Some(view.voucher_days),
        };
        let mut row = checked_reward(&merged)?;
        if p.provider_user_id.is_some() {
            provider_exists(conn, row.provider_user_id)?;
        }
        row.active = p.active.unwrap_or(view.active);
        rdb::update_reward(conn, id, &row)?;
        if let Some(delta) = p.stock_delta.filter(|d| *d != 0) {
            let delta = i32::try_from(delta)
                .map_err(|_| ApiError::field("stock_delta", "out_of_range", "库存变动过大"))?;
            if cur.stock.is_none() {
                return Err(ApiError::field("stock_delta", "no_stock", "该礼遇不计库存"));
            }
            if !rdb::move_stock(conn, id, delta)? {
                return Err(ApiError::conflict("out_of_stock", "库存不足以扣减"));
            }
        }
        let after = rdb::find_reward(conn, id)?
            .map(reward_view)
            .ok_or_else(|| ApiError::not_found("礼遇"))?;
        crate::audit::record(
            conn,
            &user,
            "reward.update",
            "reward",
            id,
            serde_json::to_value(&view_before).ok(),
            serde_json::to_value(&after).ok(),
        )?;
        Ok(after)
    })
    .await?;
    Ok(HttpResponse::Ok().json(r))
}

// --- redemption and vouchers ---------------------------------------------------------------

fn voucher_status(v: &rdb::Voucher) -> VoucherStatus {
    match v.status.as_str() {
        "redeemed" => VoucherStatus::Redeemed,
        "cancelled" => VoucherStatus::Cancelled,
        _ if v.expires_at <= youai_db::now() => VoucherStatus::Expired,
        _ => VoucherStatus::Issued,
    }
}

fn voucher_view(v: rdb::Voucher, r: &rdb::Reward) -> Voucher {
    Voucher {
        status: voucher_status(&v),
        id: v.id,
        qr_text: format!("youai:voucher:{}", v.code),
        code: v.code,
        reward_id: v.reward_id,
        reward_name: r.name.clone(),
        reward_kind: RewardKind::parse(&r.kind).unwrap_or(RewardKind::Service),
        provider: r.provider.clone(),
        volunteer_id: v.volunteer_id,
        points: i64::from(v.points),
        expires_at: utc(v.expires_at),
        created_at: utc(v.created_at),
        redeemed_at: v.redeemed_at.map(utc),
        cancelled_at: v.cancelled_at.map(utc),
    }
}

/// The volunteer as the eligibility rules see them.
fn candidate(
    conn: &mut DbConn,
    v: &volunteers::Volunteer,
    rules: &RewardRules,
) -> ApiResult<Candidate> {
    let totals = super::checkins::ServiceTotals::of(conn, v.id)?;
    let year_ago = crate::clock::city_today() - Duration::days(365);
    let corrected = totals.corrected.clone();
    let recent_quarters = totals
        .rows
        .iter()
        .filter(|r| r.status == youai_types::RecordStatus::Verified && !corrected.contains(&r.id))
        .filter(|r| r.served_on > year_ago)
        .map(|r| i64::from(r.quarters))
        .sum();
    let team_ids: Vec<i64> = teams::memberships_of_volunteer(conn, v.id)?
        .into_iter()
        .filter(|(m, _)| m.status == youai_types::MembershipStatus::Active)
        .map(|(m, _)| m.team_id)
        .collect();
    let team_kinds = teams::find_many(conn, &team_ids)?
        .into_iter()
        .map(|t| t.kind.as_str().to_owned())
        .collect();
    Ok(Candidate {
        star: rules_of::star_level(&rules.star_thresholds_hours, totals.quarters),
        recent_quarters,
        age: idcard::age_on(v.birth_date, crate::clock::city_today()),
        team_kinds,
    })
}

fn eligibility(r: &rdb::Reward) -> Eligibility {
    Eligibility {
        min_star: r.min_star.and_then(|s| u8::try_from(s).ok()),
        min_recent_hours: r.min_recent_hours.and_then(|h| u32::try_from(h).ok()),
        team_kind: r.team_kind.clone(),
        min_age: r.min_age.and_then(|a| u32::try_from(a).ok()),
    }
}

/// Redeems a courtesy for the caller: checks eligibility (422 naming the rule), then debits
/// the points and the stock and issues a voucher, all in one transaction. 409
/// `out_of_stock`, `insufficient_points`, `limit_reached` or `not_available` otherwise.
#[utoipa::path(tag = "rewards", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Courtesy id")),
    responses(
        (status = 201, description = "兑换券", body = Voucher, links(("get_voucher" = (operation_id = "get_voucher", parameters(("code" = "$response.body#/code")))), ("cancel_voucher" = (operation_id = "cancel_voucher", parameters(("code" = "$response.body#/code")))))),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/rewards/{id}/redemptions")]
pub async fn redeem_reward(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let voucher = crate::db::write(&state, move |conn| {
        let v = crate::caller::volunteer_profile(conn, &user)?;
        let r = rdb::find_reward(conn, id)?.ok_or_else(|| ApiError::not_found("礼遇"))?;
        let today = crate::clock::city_today();
        if !r.active
            || r.valid_from.is_some_and(|d| today < d)
            || r.valid_until.is_some_and(|d| today > d)
        {
            return Err(ApiError::conflict(
                "not_available",
                "该礼遇当前不可兑换（已下架或不在有效期内）",
            ));
        }
        let rules = crate::ledger::rules(conn)?;
        let who = candidate(conn, &v, &rules)?;
        if let Some((code, message)) = rules_of::first_failed_rule(&eligibility(&r), &who) {
            return Err(ApiError::field("eligibility", code, &message));
        }
        // One redemption at a time per volunteer: the balance and the limit stay true.
        adb::lock_volunteer(conn, v.id)?;
        if let Some(limit) = r.per_person_limit
            && rdb::live_vouchers_of(conn, v.id, r.id)? >= i64::from(limit)
        {
            return Err(ApiError::conflict(
                "limit_reached",
                format!("每人限兑 {limit} 次"),
            ));
        }
        let balance = rdb::balance(conn, v.id)?;
        if balance < i64::from(r.cost_points) {
            return Err(ApiError::conflict(
                "insufficient_points",
                format!("积分不足：需要 {}，余额 {balance}", r.cost_points),
            ));
        }
        if r.stock.is_some() && !rdb::move_stock(conn, r.id, -1)? {
            return Err(ApiError::conflict("out_of_stock", "已兑完"));
        }
        let expires = (today + Duration::days(i64::from(r.voucher_days)))
            .and_hms_opt(0, 0, 0)
            .map(|t| t - Duration::hours(8))
            .ok_or_else(|| ApiError::internal("voucher expiry out of range"))?;
        let voucher = rdb::insert_voucher(
            conn,
            &NewVoucher {
                code: crate::codes::new_code(),
                reward_id: r.id,
                volunteer_id: v.id,
                points: r.cost_points,
                status: "issued".into(),
                expires_at: expires,
            },
        )?;
        if r.cost_points > 0 {
            rdb::append(
                conn,
                &NewEntry {
                    volunteer_id: v.id,
                    kind: "redeem".into(),
                    points: -r.cost_points,
                    event: format!("redeem:voucher:{}", voucher.id),
                    reason: Some(format!("兑换 {}", r.name)),
                    record_id: None,
                    voucher_id: Some(voucher.id),
                    created_by: Some(user.id),
                },
            )?;
        }
        crate::audit::record(
            conn,
            &user,
            "voucher.issue",
            "voucher",
            voucher.id,
            Some(serde_json::json!({"balance": balance, "stock": r.stock})),
            Some(serde_json::json!({"reward_id": r.id, "points": r.cost_points, "volunteer_id": v.id})),
        )?;
        Ok(voucher_view(voucher, &r))
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/vouchers/{}", voucher.code),
        ))
        .json(voucher))
}

/// May the caller act for the courtesy's provider (redeem, see its vouchers)?
fn acts_for_provider(user: &AuthUser, r: &rdb::Reward) -> bool {
    r.provider_user_id == Some(user.id)
        || authorize(user, Action::ManageRewards, &Target::Platform).is_ok()
}

/// A voucher by code, or 404 `voucher_not_found`.
fn voucher_by_code(conn: &mut DbConn, typed: &str) -> ApiResult<(rdb::Voucher, rdb::Reward)> {
    let not_found = || {
        ApiError::new(
            actix_web::http::StatusCode::NOT_FOUND,
            "voucher_not_found",
            "没有这张兑换券：请核对券码",
        )
    };
    let code = crate::codes::normalize_code(typed).ok_or_else(not_found)?;
    let v = rdb::find_voucher(conn, &code)?.ok_or_else(not_found)?;
    let r = rdb::find_reward(conn, v.reward_id)?.ok_or_else(not_found)?;
    Ok((v, r))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VoucherListQuery {
    /// A courtesy's vouchers (its provider or a platform admin); else the caller's own.
    pub reward_id: Option<i64>,
}

/// My vouchers, newest first; or, for a provider, the vouchers of one of its courtesies.
#[utoipa::path(tag = "rewards", security(("bearer" = [])), params(VoucherListQuery), responses(
    (status = 200, description = "兑换券", body = Vec<Voucher>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 404, response = crate::docs::NotFound),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/vouchers")]
pub async fn list_vouchers(
    state: web::Data<AppState>,
    user: AuthUser,
    query: crate::extract::Query<VoucherListQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let items = crate::db::run(&state, move |conn| {
        let rows = match q.reward_id {
            Some(rid) => {
                let r = rdb::find_reward(conn, rid)?.ok_or_else(|| ApiError::not_found("礼遇"))?;
                if !acts_for_provider(&user, &r) {
                    return Err(ApiError::forbidden());
                }
                rdb::list_vouchers(conn, None, Some(&[rid]), 500)?
            }
            None => {
                let v = crate::caller::volunteer_profile(conn, &user)?;
                rdb::list_vouchers(conn, Some(v.id), None, 500)?
            }
        };
        let ids: Vec<i64> = rows.iter().map(|v| v.reward_id).collect();
        let rewards = rdb::find_rewards(conn, &ids)?;
        Ok(rows
            .into_iter()
            .filter_map(|v| {
                let r = rewards.iter().find(|r| r.id == v.reward_id)?;
                Some(voucher_view(v, r))
            })
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(items))
}

/// A voucher, to its holder, the provider and platform admins (others: 403 `foreign_voucher`).
#[utoipa::path(tag = "rewards", security(("bearer" = [])),
    params(("code" = String, Path, description = "Voucher code")),
    responses(
        (status = 200, description = "兑换券", body = Voucher),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
))]
#[get("/vouchers/{code}")]
pub async fn get_voucher(
    state: web::Data<AppState>,
    user: AuthUser,
    code: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let v = crate::db::run(&state, move |conn| {
        let (v, r) = voucher_by_code(conn, &code)?;
        let mine =
            volunteers::find_by_user(conn, user.id)?.is_some_and(|me| me.id == v.volunteer_id);
        if !mine && !acts_for_provider(&user, &r) {
            return Err(foreign_voucher());
        }
        Ok(voucher_view(v, &r))
    })
    .await?;
    Ok(HttpResponse::Ok().json(v))
}

fn foreign_voucher() -> ApiError {
    ApiError::new(
        actix_web::http::StatusCode::FORBIDDEN,
        "foreign_voucher",
        "这张兑换券不属于你，也不是你提供的礼遇",
    )
}

/// Why a voucher cannot move: redeemed, cancelled or expired (409).
fn closed_voucher(status: VoucherStatus) -> ApiError {
    match status {
        VoucherStatus::Redeemed => ApiError::conflict("voucher_redeemed", "该兑换券已使用"),
        VoucherStatus::Cancelled => ApiError::conflict("voucher_cancelled", "该兑换券已取消"),
        _ => ApiError::conflict("voucher_expired", "该兑换券已过期"),
    }
}

/// The provider redeems a voucher, once (again → 409 `voucher_redeemed`; expired → 409
/// `voucher_expired`; another provider's → 403 `foreign_voucher`).
#[utoipa::path(tag = "rewards", security(("bearer" = [])),
    params(("code" = String, Path, description = "Voucher code")),
    responses(
        (status = 200, description = "已核销", body = Voucher),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
))]
#[post("/vouchers/{code}/redeem")]
pub async fn redeem_voucher(
    state: web::Data<AppState>,
    user: AuthUser,
    code: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let v = crate::db::write(&state, move |conn| {
        let (v, r) = voucher_by_code(conn, &code)?;
        if !acts_for_provider(&user, &r) {
            return Err(foreign_voucher());
        }
        let status = voucher_status(&v);
        if status != VoucherStatus::Issued || !rdb::close_voucher(conn, v.id, "redeemed", user.id)?
        {
            let now = rdb::find_voucher(conn, &v.code)?.unwrap_or(v);
            return Err(closed_voucher(voucher_status(&now)));
        }
        crate::audit::record(
            conn,
            &user,
            "voucher.redeem",
            "voucher",
            v.id,
            Some(serde_json::json!({"status": "issued"})),
            Some(serde_json::json!({"status": "redeemed"})),
        )?;
        let v = rdb::find_voucher(conn, &v.code)?.ok_or_else(|| ApiError::not_found("兑换券"))?;
        Ok(voucher_view(v, &r))
    })
    .await?;
    Ok(HttpResponse::Ok().json(v))
}

/// The holder cancels an unredeemed, unexpired voucher: its points and stock come back.
#[utoipa::path(tag = "rewards", security(("bearer" = [])),
    params(("code" = String, Path, description = "Voucher code")),
    responses(
        (status = 200, description = "已取消，积分与库存已退回", body = Voucher),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
))]
#[post("/vouchers/{code}/cancel")]
pub async fn cancel_voucher(
    state: web::Data<AppState>,
    user: AuthUser,
    code: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let v = crate::db::write(&state, move |conn| {
        let (v, r) = voucher_by_code(conn, &code)?;
        let mine =
            volunteers::find_by_user(conn, user.id)?.is_some_and(|me| me.id == v.volunteer_id);
        if !mine {
            return Err(foreign_voucher());
        }
        adb::lock_volunteer(conn, v.volunteer_id)?;
        let status = voucher_status(&v);
        if status != VoucherStatus::Issued || !rdb::close_voucher(conn, v.id, "cancelled", user.id)?
        {
            let now = rdb::find_voucher(conn, &v.code)?.unwrap_or(v);
            return Err(closed_voucher(voucher_status(&now)));
        }
        crate::audit::record(
            conn,
            &user,
            "voucher.cancel",
            "voucher",
            v.id,
            Some(serde_json::json!({"status": "issued"})),
            Some(serde_json::json!({"status": "cancelled", "refund": v.points})),
        )?;
        if r.stock.is_some() {
            rdb::move_stock(conn, r.id, 1)?;
        }
        if v.points > 0 {
            rdb::append(
                conn,
                &NewEntry {
                    volunteer_id: v.volunteer_id,
                    kind: "refund".into(),
                    points: v.points,
                    event: format!("refund:voucher:{}", v.id),
                    reason: Some(format!("取消兑换 {}", r.name)),
                    record_id: None,
                    voucher_id: Some(v.id),
                    created_by: Some(user.id),
                },
            )?;
        }
        let v = rdb::find_voucher(conn, &v.code)?.ok_or_else(|| ApiError::not_found("兑换券"))?;
        Ok(voucher_view(v, &r))
    })
    .await?;
    Ok(HttpResponse::Ok().json(v))
}

// --- honours -------------------------------------------------------------------------------

fn honour_view(h: rdb::Honour) -> Honour {
    Honour {
        id: h.id,
        volunteer_id: h.volunteer_id,
        title: h.title,
        citation: h.citation,
        awarded_on: h.awarded_on,
        awarded_by: h.awarded_by,
        created_at: utc(h.created_at),
    }
}

/// A volunteer's honours, newest first (public: they are shown on the profile).
#[utoipa::path(tag = "rewards", params(("id" = i64, Path, description = "Volunteer id")), responses(
    (status = 200, description = "荣誉", body = Vec<Honour>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/volunteers/{id}/honours")]
pub async fn list_honours(
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let items = crate::db::run(&state, move |conn| {
        volunteers::find(conn, id)?.ok_or_else(|| ApiError::not_found("志愿者"))?;
        Ok(rdb::honours_of(conn, id)?
            .into_iter()
            .map(honour_view)
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(items))
}

/// Awards an honour with a citation (platform admin, or an area admin of the volunteer's area).
#[utoipa::path(tag = "rewards", security(("bearer" = [])), request_body = NewHonour,
    params(("id" = i64, Path, description = "Volunteer id")),
    responses(
        (status = 201, description = "已授予", body = Honour),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/volunteers/{id}/honours")]
pub async fn award_honour(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<NewHonour>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let h = body.into_inner();
    let (title, citation) = (h.title.trim().to_owned(), h.citation.trim().to_owned());
    let mut errors = Vec::new();
    if title.is_empty() || title.chars().count() > 100 {
        errors.push(field_error("title", "required", "荣誉名称须为 1–100 字"));
    }
    if citation.is_empty() || citation.chars().count() > 1000 {
        errors.push(field_error(
            "citation",
            "required",
            "授予理由须为 1–1000 字",
        ));
    }
    if h.awarded_on > crate::clock::city_today() {
        errors.push(field_error(
            "awarded_on",
            "in_future",
            "授予日期不能晚于今天",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let honour = crate::db::write(&state, move |conn| {
        volunteer_in_scope(conn, &user, id, Action::AwardHonours)?;
        let honour = honour_view(rdb::insert_honour(
            conn,
            id,
            &title,
            &citation,
            h.awarded_on,
            Some(user.id),
        )?);
        crate::audit::record(
            conn,
            &user,
            "honour.award",
            "volunteer",
            id,
            None,
            serde_json::to_value(&honour).ok(),
        )?;
        Ok(honour)
    })
    .await?;
    Ok(HttpResponse::Created().json(honour))
}

// --- the insurer's list --------------------------------------------------------------------

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InsuredQuery {
    /// `csv` (default, UTF-8 with BOM for Excel) or `xlsx`.
    pub format: Option<String>,
}

const INSURED_COLUMNS: [&str; 8] = [
    "志愿者编号",
    "姓名",
    "性别",
    "出生日期",
    "身份证号",
    "手机号",
    "保障开始",
    "保障结束",
];

/// The volunteers covered by an insurance courtesy for its period, as CSV or XLSX for the
/// insurer (number, name, gender, birth date, full ID number, phone, covered from/until): to
/// the provider and platform admins only.
#[utoipa::path(tag = "rewards", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Courtesy id (kind insurance)"), InsuredQuery),
    responses(
        (status = 200, description = "参保名单", content(
            (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/rewards/{id}/insured")]
pub async fn export_insured(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    query: crate::extract::Query<InsuredQuery>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let xlsx = match query.format.as_deref() {
        None | Some("csv") => false,
        Some("xlsx") => true,
        Some(_) => {
            return Err(ApiError::bad_request(
                "invalid_query",
                "format 只支持 csv 或 xlsx",
            ));
        }
    };
    let key = state.data_key.clone();
    let rows = crate::db::write(&state, move |conn| {
        let r = rdb::find_reward(conn, id)?.ok_or_else(|| ApiError::not_found("礼遇"))?;
        if !acts_for_provider(&user, &r) {
            return Err(ApiError::forbidden());
        }
        if r.kind != "insurance" {
            return Err(ApiError::conflict(
                "not_insurance",
                "只有保险类礼遇有参保名单",
            ));
        }
        let mut rows: Vec<[String; 8]> = Vec::new();
        let vouchers = rdb::live_vouchers_of_reward(conn, id)?;
        let ids: Vec<i64> = vouchers.iter().map(|v| v.volunteer_id).collect();
        let people: std::collections::HashMap<i64, volunteers::Volunteer> =
            volunteers::find_many(conn, &ids)?
                .into_iter()
                .map(|p| (p.id, p))
                .collect();
        for v in vouchers {
            let Some(p) = people.get(&v.volunteer_id).cloned() else {
                continue;
            };
            let id_number = p
                .id_number_enc
                .as_deref()
                .map(|c| key.decrypt(c))
                .transpose()
                .map_err(ApiError::internal)?
                .unwrap_or_default();
            let from = r
                .valid_from
                .unwrap_or_else(|| (utc(v.created_at) + Duration::hours(8)).date_naive());
            rows.push([
                p.number,
                p.real_name,
                if p.gender == youai_types::Gender::Male { "男" } else { "女" }.into(),
                p.birth_date.to_string(),
                id_number,
                p.phone,
                from.to_string(),
                r.valid_until.map(|d| d.to_string()).unwrap_or_default(),
            ]);
        }
        // An export of personal data (full ID numbers): who took it, and how many.
        crate::audit::record(
            conn,
            &user,
            "insured.export",
            "reward",
            id,
            None,
            Some(serde_json::json!({"rows": rows.len(), "format": if xlsx { "xlsx" } else { "csv" }})),
        )?;
        Ok(rows)
    })
    .await?;
    let mut res = HttpResponse::Ok();
    res.insert_header((header::CACHE_CONTROL, "private, no-store"));
    if xlsx {
        let bytes = crate::db::blocking(move || insured_xlsx(&rows)).await?;
        return Ok(res
            .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            .insert_header((
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"insured-{id}.xlsx\""),
            ))
            .body(bytes));
    }
    let mut csv = format!("\u{feff}{}\n", INSURED_COLUMNS.join(","));
    for row in &rows {
        csv.push_str(
            &row.iter()
                .map(|c| csv_cell(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        csv.push('\n');
    }
    Ok(res
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"insured-{id}.csv\""),
        ))
        .body(csv))
}

/// The list as one worksheet, every cell text (ID numbers must not turn into numbers).
fn insured_xlsx(rows: &[[String; 8]]) -> ApiResult<Vec<u8>> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let x = |e: rust_xlsxwriter::XlsxError| ApiError::internal(e);
    sheet.set_name("参保名单").map_err(x)?;
    for (col, title) in (0u16..).zip(INSURED_COLUMNS) {
        sheet.write_string(0, col, title).map_err(x)?;
    }
    for (r, row) in (1u32..).zip(rows) {
        for (col, cell) in (0u16..).zip(row) {
            sheet.write_string(r, col, cell).map_err(x)?;
        }
    }
    book.save_to_buffer().map_err(x)
}

/// A CSV cell: quoted when needed, and never read as a formula by a spreadsheet.
fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}
