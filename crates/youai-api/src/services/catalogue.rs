//! The courtesy catalogue (礼遇目录): adding a courtesy and changing one, its stock moved by
//! one conditional `UPDATE` so a withdrawal never takes it below zero.

use youai_db::DbConn;
use youai_db::rewards::{self as db, Reward};
use youai_domain::rewards::checks::{self, DEFAULT_VOUCHER_DAYS};
use youai_types::{NewReward, RewardPatch, TeamKind};

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};

/// A checked courtesy as a row (422 naming every field that fails).
fn checked(r: &NewReward) -> ApiResult<db::NewReward> {
    checks::reward(r).map_err(ApiError::validation)?;
    let int = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
    Ok(db::NewReward {
        kind: r.kind,
        name: r.name.trim().into(),
        description: r.description.clone().filter(|d| !d.trim().is_empty()),
        provider: r.provider.trim().into(),
        provider_user_id: r.provider_user_id,
        min_star: r.min_star.map(i32::from),
        min_recent_hours: r.min_recent_hours.map(int),
        team_kind: r.team_kind.as_deref().and_then(TeamKind::parse),
        min_age: r.min_age.map(int),
        cost_points: i32::try_from(r.cost_points).unwrap_or(0),
        per_person_limit: r.per_person_limit.map(int),
        stock: r.stock.map(|s| i32::try_from(s).unwrap_or(0)),
        valid_from: r.valid_from,
        valid_until: r.valid_until,
        voucher_days: int(r.voucher_days.unwrap_or(DEFAULT_VOUCHER_DAYS)),
        active: true,
    })
}

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

/// Adds a courtesy to the catalogue.
pub fn create(conn: &mut DbConn, user: &AuthUser, new: &NewReward) -> ApiResult<Reward> {
    let row = checked(new)?;
    provider_exists(conn, row.provider_user_id)?;
    let r = db::insert_reward(conn, &row)?;
    crate::audit::record(
        conn,
        user,
        "reward.create",
        "reward",
        r.id,
        None,
        serde_json::to_value(crate::views::rewards::reward(r.clone())).ok(),
    )?;
    Ok(r)
}

/// A requirement changed by a patch: absent keeps it, 0 lifts it.
fn lifted<T: Copy + PartialEq + Default>(patch: Option<T>, current: Option<T>) -> Option<T> {
    match patch {
        None => current,
        Some(v) if v == T::default() => None,
        Some(v) => Some(v),
    }
}

/// Changes a courtesy: the patch merged into it is checked as a whole; `stock_delta` restocks
/// or withdraws (409 `out_of_stock` if it would go below zero).
pub fn update(conn: &mut DbConn, user: &AuthUser, id: i64, p: RewardPatch) -> ApiResult<Reward> {
    let cur = db::find_reward(conn, id)?.ok_or_else(|| ApiError::not_found("礼遇"))?;
    let view = crate::views::rewards::reward(cur.clone());
    let view_before = view.clone();
    let merged = NewReward {
        kind: view.kind,
        name: p.name.unwrap_or(view.name),
        description: p.description.or(view.description),
        provider: p.provider.unwrap_or(view.provider),
        provider_user_id: p.provider_user_id.or(view.provider_user_id),
        min_star: lifted(p.min_star, view.min_star),
        min_recent_hours: lifted(p.min_recent_hours, view.min_recent_hours),
        team_kind: view.team_kind,
        min_age: lifted(p.min_age, view.min_age),
        cost_points: p.cost_points.unwrap_or(view.cost_points),
        per_person_limit: p.per_person_limit.or(view.per_person_limit),
        // Stock is checked by the conditional update below, not here.
        stock: view.stock.map(|_| 0),
        valid_from: view.valid_from,
        valid_until: p.valid_until.or(view.valid_until),
        voucher_days: Some(p.voucher_days.unwrap_or(view.voucher_days)),
    };
    let mut row = checked(&merged)?;
    if p.provider_user_id.is_some() {
        provider_exists(conn, row.provider_user_id)?;
    }
    row.active = p.active.unwrap_or(view.active);
    db::update_reward(conn, id, &row)?;
    if let Some(delta) = p.stock_delta.filter(|d| *d != 0) {
        let delta = i32::try_from(delta)
            .map_err(|_| ApiError::field("stock_delta", "out_of_range", "库存变动过大"))?;
        if cur.stock.is_none() {
            return Err(ApiError::field("stock_delta", "no_stock", "该礼遇不计库存"));
        }
        if !db::move_stock(conn, id, delta)? {
            return Err(ApiError::conflict("out_of_stock", "库存不足以扣减"));
        }
    }
    let after = db::find_reward(conn, id)?.ok_or_else(|| ApiError::not_found("礼遇"))?;
    crate::audit::record(
        conn,
        user,
        "reward.update",
        "reward",
        id,
        serde_json::to_value(&view_before).ok(),
        serde_json::to_value(crate::views::rewards::reward(after.clone())).ok(),
    )?;
    Ok(after)
}
