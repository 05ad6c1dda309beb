//! Membership: volunteers apply (or answer a recruitment post), leaders decide; members leave or
//! are removed; leaders appoint leaders. And recruitment posts themselves.

use actix_web::{HttpResponse, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;
use youai_db::{DbConn, skills, teams, volunteers};
use youai_domain::access::Action;
use youai_domain::validate::Errors;
use youai_types::{
    JoinRequest, MemberRole, Membership, MembershipPatch, MembershipStatus, MembershipStatusChange,
    NewRecruitment, Page, Recruitment,
};

use crate::auth::AuthUser;
use crate::caller::optional_user;
use crate::convert::utc;
use crate::error::{ApiError, ApiResult};
use crate::listing::{ListSort, page_request};
use crate::state::AppState;
use crate::team_scope::{authorize_team, visible_team};

fn membership(m: teams::Member, team_name: String, volunteer_name: String) -> Membership {
    Membership {
        id: m.id,
        team_id: m.team_id,
        team_name,
        volunteer_id: m.volunteer_id,
        volunteer_name,
        role: MemberRole::parse(&m.role).unwrap_or(MemberRole::Member),
        status: MembershipStatus::parse(&m.status).unwrap_or(MembershipStatus::Applied),
        recruitment_id: m.recruitment_id,
        message: m.message,
        applied_at: utc(m.applied_at),
        decided_at: m.decided_at.map(utc),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MemberListQuery {
    pub status: Option<MembershipStatus>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
}

/// A team's members and join requests (its leaders and admins of its area).
#[utoipa::path(tag = "corps", security(("bearer" = [])), params(("id" = i64, Path, description = "Team id"), MemberListQuery), responses(
    (status = 200, description = "一页成员", body = Page<Membership>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 404, response = crate::docs::NotFound),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/teams/{id}/members")]
pub async fn list_team_members(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    query: crate::extract::Query<MemberListQuery>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref(), Some(ListSort::Id))?;
    let req = page.clone();
    let items = crate::db::run(&state, move |conn| {
        let t = visible_team(conn, Some(&user), id)?;
        authorize_team(conn, &user, Action::ManageTeam, &t)?;
        let rows = teams::members(
            conn,
            id,
            query.status.map(|s| s.as_str()),
            req.after.as_ref().map(|a| a.id),
            req.limit,
        )?;
        Ok(rows
            .into_iter()
            .map(|(m, name)| membership(m, t.name.clone(), name))
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(page.page(items, |m| (m.id, m.volunteer_name.as_str()), |m| m)))
}

/// Apply to join a team (as a volunteer), optionally answering one of its recruitment posts.
#[utoipa::path(tag = "corps", security(("bearer" = [])), request_body = JoinRequest,
    params(("id" = i64, Path, description = "Team id")),
    responses(
        (status = 201, description = "已申请", body = Membership),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/teams/{id}/members")]
pub async fn create_team_member(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<JoinRequest>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let req = body.into_inner();
    let message = req
        .message
        .map(|m| m.trim().to_owned())
        .filter(|m| !m.is_empty());
    if message.as_ref().is_some_and(|m| m.chars().count() > 500) {
        return Err(ApiError::field(
            "message",
            "too_long",
            "留言最多 500 个字符",
        ));
    }
    let m = crate::db::write(&state, move |conn| {
        let t = visible_team(conn, Some(&user), id)?;
        if t.status != "approved" {
            return Err(ApiError::conflict(
                "team_not_approved",
                "该队伍当前不接受申请",
            ));
        }
        let v = crate::caller::volunteer_profile(conn, &user)?;
        if let Some(existing) = teams::membership_of(conn, id, v.id)?
            && matches!(existing.status.as_str(), "active" | "applied")
        {
            return Err(ApiError::conflict(
                "already_member",
                format!(
                    "你已{}该队伍",
                    if existing.status == "active" {
                        "加入"
                    } else {
                        "申请加入"
                    }
                ),
            ));
        }
        if let Some(rid) = req.recruitment_id {
            let r = teams::find_recruitment(conn, rid)?
                .filter(|r| r.team_id == id)
                .ok_or_else(|| {
                    ApiError::field("recruitment_id", "not_found", "该队伍没有这个招募")
                })?;
            check_recruitment_open(conn, &r)?;
            let wanted: Vec<i64> = serde_json::from_str(&r.skill_ids).unwrap_or_default();
            let have: Vec<i64> = skills::of_volunteers(conn, &[v.id])?
                .into_iter()
                .map(|(_, s)| s.id)
                .collect();
            let missing: Vec<String> = skills::find_many(conn, &wanted)?
                .into_iter()
                .filter(|s| !have.contains(&s.id))
                .map(|s| s.name)
                .collect();
            if !missing.is_empty() {
                return Err(ApiError::field(
                    "recruitment_id",
                    "missing_skill",
                    &format!("该招募要求技能：{}", missing.join("、")),
                ));
            }
        }
        let row = teams::apply(
            conn,
            &teams::Joining {
                team_id: id,
                volunteer_id: v.id,
                role: "member",
                status: "applied",
                recruitment_id: req.recruitment_id,
                message: message.as_deref(),
                decided_by: None,
            },
        )?;
        Ok(membership(row, t.name, v.real_name))
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/teams/{}/members/{}", m.team_id, m.id),
        ))
        .json(m))
}

fn check_recruitment_open(conn: &mut DbConn, r: &teams::Recruitment) -> ApiResult<()> {
    if r.status != "open" || r.deadline <= youai_db::now() {
        return Err(ApiError::conflict("recruitment_closed", "该招募已截止"));
    }
    let accepted = teams::accepted_counts(conn, &[r.id])?
        .get(&r.id)
        .copied()
        .unwrap_or(0);
    if accepted >= i64::from(r.quota) {
        return Err(ApiError::conflict("recruitment_full", "该招募名额已满"));
    }
    Ok(())
}

/// Move a membership on: a leader accepts (`active`), declines or removes; the volunteer leaves.
#[utoipa::path(tag = "corps", security(("bearer" = [])), request_body = MembershipStatusChange,
    params(("id" = i64, Path, description = "Team id"), ("member_id" = i64, Path, description = "Membership id")),
    responses(
        (status = 200, description = "成员的新状态", body = Membership),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/teams/{id}/members/{member_id}/status")]
pub async fn update_team_member_status(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(i64, i64)>,
    body: crate::extract::Json<MembershipStatusChange>,
) -> ApiResult<HttpResponse> {
    let (id, member_id) = path.into_inner();
    let to = body.into_inner().status;
    let m = crate::db::write(&state, move |conn| {
        let t = visible_team(conn, Some(&user), id)?;
        let m = teams::find_member(conn, member_id)?
            .filter(|m| m.team_id == id)
            .ok_or_else(|| ApiError::not_found("成员"))?;
        let v =
            volunteers::find(conn, m.volunteer_id)?.ok_or_else(|| ApiError::not_found("志愿者"))?;
        let own = v.user_id == Some(user.id);
        let from = m.status.as_str();
        let allowed = match to {
            MembershipStatus::Active | MembershipStatus::Declined => from == "applied",
            MembershipStatus::Removed => from == "active",
            MembershipStatus::Left => matches!(from, "active" | "applied"),
            MembershipStatus::Applied => false,
        };
        if to == MembershipStatus::Left {
            if !own {
                return Err(ApiError::forbidden());
            }
        } else {
            authorize_team(conn, &user, Action::ManageTeam, &t)?;
        }
        if !allowed {
            return Err(ApiError::conflict(
                "invalid_transition",
                format!("成员当前状态为 {from}，不能改为 {}", to.as_str()),
            ));
        }
        if to == MembershipStatus::Active
            && let Some(rid) = m.recruitment_id
            && let Some(r) = teams::find_recruitment(conn, rid)?
        {
            let accepted = teams::accepted_counts(conn, &[rid])?
                .get(&rid)
                .copied()
                .unwrap_or(0);
            if accepted >= i64::from(r.quota) {
                return Err(ApiError::conflict("recruitment_full", "该招募名额已满"));
            }
        }
        let updated = teams::set_member_status(conn, member_id, to.as_str(), Some(user.id))?;
        if !own {
            crate::audit::record(
                conn,
                &user,
                "member.decide",
                "membership",
                member_id,
                Some(serde_json::json!({"status": from})),
                Some(serde_json::json!({"status": to.as_str(), "team_id": id})),
            )?;
        }
        Ok(membership(updated, t.name, v.real_name))
    })
    .await?;
    Ok(HttpResponse::Ok().json(m))
}

/// Make an active member a leader, or a leader a member (its leaders and admins of its area).
#[utoipa::path(tag = "corps", security(("bearer" = [])), request_body = MembershipPatch,
    params(("id" = i64, Path, description = "Team id"), ("member_id" = i64, Path, description = "Membership id")),
    responses(
        (status = 200, description = "已更新", body = Membership),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[patch("/teams/{id}/members/{member_id}")]
pub async fn update_team_member(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(i64, i64)>,
    body: crate::extract::Json<MembershipPatch>,
) -> ApiResult<HttpResponse> {
    let (id, member_id) = path.into_inner();
    let role = body.into_inner().role;
    let m = crate::db::write(&state, move |conn| {
        let t = visible_team(conn, Some(&user), id)?;
        authorize_team(conn, &user, Action::ManageTeam, &t)?;
        let m = teams::find_member(conn, member_id)?
            .filter(|m| m.team_id == id)
            .ok_or_else(|| ApiError::not_found("成员"))?;
        if m.status != "active" {
            return Err(ApiError::conflict(
                "not_active",
                "只有在队成员才能担任或卸任负责人",
            ));
        }
        let v =
            volunteers::find(conn, m.volunteer_id)?.ok_or_else(|| ApiError::not_found("志愿者"))?;
        let updated = teams::set_member_role(conn, member_id, role.as_str())?;
        crate::audit::record(
            conn,
            &user,
            "member.role",
            "membership",
            member_id,
            Some(serde_json::json!({"role": m.role})),
            Some(serde_json::json!({"role": role.as_str(), "team_id": id})),
        )?;
        Ok(membership(updated, t.name, v.real_name))
    })
    .await?;
    Ok(HttpResponse::Ok().json(m))
}

/// My memberships, with each team's name.
#[utoipa::path(tag = "corps", security(("bearer" = [])), responses(
    (status = 200, description = "我加入或申请的队伍", body = Vec<Membership>),
    (status = 401, response = crate::docs::Unauthorized),
))]
#[get("/me/memberships")]
pub async fn list_my_memberships(
    state: web::Data<AppState>,
    user: AuthUser,
) -> ApiResult<HttpResponse> {
    let items = crate::db::run(&state, move |conn| {
        let Some(v) = volunteers::find_by_user(conn, user.id)? else {
            return Ok(Vec::new());
        };
        let rows = teams::memberships_of_volunteer(conn, v.id)?;
        Ok(rows
            .into_iter()
            .map(|(m, team)| membership(m, team, v.real_name.clone()))
            .collect())
    })
    .await?;
    Ok(HttpResponse::Ok().json(items))
}

fn recruitment(r: teams::Recruitment, accepted: i64) -> Recruitment {
    let open = r.status == "open" && r.deadline > youai_db::now() && accepted < i64::from(r.quota);
    Recruitment {
        id: r.id,
        team_id: r.team_id,
        title: r.title,
        description: r.description,
        quota: r.quota,
        skill_ids: serde_json::from_str(&r.skill_ids).unwrap_or_default(),
        deadline: utc(r.deadline),
        status: if open { "open" } else { "closed" }.into(),
        accepted,
        created_at: utc(r.created_at),
    }
}

/// Post a recruitment call for a team (its leaders and admins of its area).
#[utoipa::path(tag = "corps", security(("bearer" = [])), request_body = NewRecruitment, responses(
    (status = 201, description = "已发布", body = Recruitment, headers(("Location" = String))),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 404, response = crate::docs::NotFound),
    (status = 409, response = crate::docs::Conflict),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/recruitments")]
pub async fn create_recruitment(
    state: web::Data<AppState>,
    user: AuthUser,
    body: crate::extract::Json<NewRecruitment>,
) -> ApiResult<HttpResponse> {
    let mut n = body.into_inner();
    n.skill_ids.sort_unstable();
    n.skill_ids.dedup();
    let r = crate::db::write(&state, move |conn| {
        let t = teams::find(conn, n.team_id)?
            .ok_or_else(|| ApiError::field("team_id", "not_found", "队伍不存在"))?;
        authorize_team(conn, &user, Action::ManageTeam, &t)?;
        if t.status != "approved" {
            return Err(ApiError::conflict(
                "team_not_approved",
                "队伍未通过审核，不能发布招募",
            ));
        }
        let mut e = Errors::default();
        e.text("title", &n.title, 2, 100);
        e.optional_text("description", n.description.as_deref(), 2000);
        if !(1..=1000).contains(&n.quota) {
            e.add("quota", "out_of_range", "招募人数须在 1 到 1000 之间");
        }
        if n.deadline.naive_utc() <= youai_db::now() {
            e.add("deadline", "in_the_past", "截止时间须在将来");
        }
        let known: Vec<i64> = skills::find_many(conn, &n.skill_ids)?
            .into_iter()
            .map(|s| s.id)
            .collect();
        for id in n.skill_ids.iter().filter(|id| !known.contains(id)) {
            e.add("skill_ids", "unknown_skill", format!("技能 {id} 不存在"));
        }
        e.into_result().map_err(ApiError::validation)?;
        let row = teams::insert_recruitment(
            conn,
            &teams::NewRecruitment {
                team_id: n.team_id,
                title: n.title.trim().to_owned(),
                description: n.description.clone(),
                quota: n.quota,
                skill_ids: serde_json::to_string(&n.skill_ids).unwrap_or_else(|_| "[]".into()),
                deadline: n.deadline.naive_utc(),
                status: "open".into(),
                created_by: Some(user.id),
            },
        )?;
        Ok(recruitment(row, 0))
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/recruitments/{}", r.id),
        ))
        .json(r))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecruitmentListQuery {
    pub team_id: Option<i64>,
    /// Only calls still taking applications.
    pub open: Option<bool>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
}

/// Recruitment calls, newest first.
#[utoipa::path(tag = "corps", params(RecruitmentListQuery), responses(
    (status = 200, description = "一页招募", body = Page<Recruitment>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/recruitments")]
pub async fn list_recruitments(
    state: web::Data<AppState>,
    query: crate::extract::Query<RecruitmentListQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref(), Some(ListSort::IdDesc))?;
    let req = page.clone();
    let items = crate::db::run(&state, move |conn| {
        let open_at = query.open.unwrap_or(false).then(youai_db::now);
        let rows = teams::list_recruitments(
            conn,
            query.team_id,
            open_at,
            req.after.as_ref().map(|a| a.id),
            req.limit,
        )?;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let counts = teams::accepted_counts(conn, &ids)?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let n = counts.get(&r.id).copied().unwrap_or(0);
                recruitment(r, n)
            })
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(page.page(items, |r| (r.id, r.title.as_str()), |r| r)))
}

/// One recruitment call.
#[utoipa::path(tag = "corps", params(("id" = i64, Path, description = "Recruitment id")), responses(
    (status = 200, description = "招募", body = Recruitment),
    (status = 400, response = crate::docs::BadRequest),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/recruitments/{id}")]
pub async fn get_recruitment(
    state: web::Data<AppState>,
    http: actix_web::HttpRequest,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let user = optional_user(&http).await?;
    let r = crate::db::run(&state, move |conn| {
        let r = teams::find_recruitment(conn, id)?.ok_or_else(|| ApiError::not_found("招募"))?;
        visible_team(conn, user.as_ref(), r.team_id)?;
        let n = teams::accepted_counts(conn, &[id])?
            .get(&id)
            .copied()
            .unwrap_or(0);
        Ok(recruitment(r, n))
    })
    .await?;
    Ok(crate::etag::ok_with_etag(&http, &r))
}
