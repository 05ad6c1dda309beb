//! Teams: the corps tree, registration of civil-society teams and its decisions.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;
use youai_db::teams::{self, TeamFields, TeamFilter};
use youai_db::{DbConn, areas, volunteers};
use youai_domain::access::{Action, Target};
use youai_domain::teams::{Decision, check_fields, check_shape};
use youai_domain::validate::Errors;
use youai_types::{
    NewTeam, NewTeamDecision, Page, Team, TeamDecision, TeamDecisionKind, TeamKind, TeamPatch,
    TeamStatus,
};

use crate::auth::{AuthUser, authorize};
use crate::convert::utc;
use crate::error::{ApiError, ApiResult};
use crate::etag;
use crate::listing::{ListSort, page_request, text_query};
use crate::state::AppState;

/// API views of team rows, with member and sub-team counts from two grouped queries.
pub fn views(conn: &mut DbConn, rows: Vec<teams::Team>) -> ApiResult<Vec<Team>> {
    let ids: Vec<i64> = rows.iter().map(|t| t.id).collect();
    let counts = teams::counts(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|t| {
            let (member_count, sub_team_count) = counts.get(&t.id).copied().unwrap_or_default();
            Team {
                id: t.id,
                parent_id: t.parent_id,
                kind: TeamKind::parse(&t.kind).unwrap_or(TeamKind::SocialTeam),
                name: t.name,
                area_id: t.area_id,
                specialty: t.specialty,
                description: t.description,
                contact_name: t.contact_name,
                contact_phone: t.contact_phone,
                logo_url: t.logo_url,
                status: TeamStatus::parse(&t.status).unwrap_or(TeamStatus::Pending),
                member_count,
                sub_team_count,
                created_at: utc(t.created_at),
                updated_at: utc(t.updated_at),
            }
        })
        .collect())
}

/// A phone number for the public: its first three and last four digits (138****1111).
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() < 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars.iter().take(3).collect();
    let tail: String = chars.iter().skip(chars.len() - 4).collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

/// Team views as `user` may see them: a team's contact phone in full only to those who
/// manage it (its leaders and admins of its area), masked for everyone else.
fn views_for(
    conn: &mut DbConn,
    user: Option<&AuthUser>,
    rows: Vec<teams::Team>,
) -> ApiResult<Vec<Team>> {
    let mut in_scope = Vec::with_capacity(rows.len());
    for t in &rows {
        in_scope.push(match user {
            Some(u) => crate::team_scope::authorize_team(conn, u, Action::ManageTeam, t).is_ok(),
            None => false,
        });
    }
    let mut out = views(conn, rows)?;
    for (v, full) in out.iter_mut().zip(in_scope) {
        if !full {
            v.contact_phone = v.contact_phone.as_deref().map(mask_phone);
        }
    }
    Ok(out)
}

pub fn view(conn: &mut DbConn, row: teams::Team) -> ApiResult<Team> {
    views(conn, vec![row])?
        .pop()
        .ok_or_else(|| ApiError::not_found("队伍"))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TeamListQuery {
    pub kind: Option<TeamKind>,
    /// Default: approved. Other statuses need `within` an area you administer.
    pub status: Option<TeamStatus>,
    /// Direct sub-teams of this team.
    pub parent_id: Option<i64>,
    /// Teams in this area's subtree.
    pub within: Option<i64>,
    /// This team and every team below it.
    pub under: Option<i64>,
    /// Exact specialty, e.g. 理论宣讲.
    pub specialty: Option<String>,
    /// Text in the name or description (理论 finds 理论宣讲行业支队).
    pub q: Option<String>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
    /// Order: `id` (default), `-id`, `name`, `-name`.
    pub sort: Option<ListSort>,
}

/// List teams with member and sub-team counts.
#[utoipa::path(tag = "corps", params(TeamListQuery), responses(
    (status = 200, description = "一页队伍", body = Page<Team>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/teams")]
pub async fn list_teams(
    state: web::Data<AppState>,
    http: HttpRequest,
    query: crate::extract::Query<TeamListQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let page = page_request(query.limit, query.cursor.as_deref(), query.sort)?;
    let q = text_query(query.q.as_deref())?;
    let status = query.status.unwrap_or(TeamStatus::Approved);
    let user = if matches!(status, TeamStatus::Approved | TeamStatus::Suspended) {
        None
    } else {
        crate::caller::optional_user(&http).await?
    };
    let req = page.clone();
    let items = crate::db::run(&state, move |conn| {
        let within_area_path = match query.within {
            Some(id) => Some(
                areas::find(conn, id)?
                    .ok_or_else(|| ApiError::field("within", "not_found", "区域不存在"))?
                    .path,
            ),
            None => None,
        };
        if !matches!(status, TeamStatus::Approved | TeamStatus::Suspended) {
            // Registrations in progress are for the admins who decide them.
            let user = user.as_ref().ok_or_else(|| {
                ApiError::unauthorized("missing_token", "查看待审或已驳回的队伍须先登录")
            })?;
            let target = match &within_area_path {
                Some(p) => Target::Area(p),
                None => Target::Platform,
            };
            authorize(user, Action::DecideTeamRegistration, &target)?;
        }
        let within_team_path = match query.under {
            Some(id) => Some(
                teams::find(conn, id)?
                    .ok_or_else(|| ApiError::field("under", "not_found", "队伍不存在"))?
                    .path,
            ),
            None => None,
        };
        let filter = TeamFilter {
            kind: query.kind.map(|k| k.as_str().to_owned()),
            status: Some(status.as_str().to_owned()),
            visible_statuses: None,
            parent_id: query.parent_id,
            within_area_path,
            within_team_path,
            specialty: query.specialty.filter(|s| !s.is_empty()),
            q,
        };
        let rows = teams::list(conn, &filter, req.sort, req.after.as_ref(), req.limit)?;
        views_for(conn, user.as_ref(), rows)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page.page(items, |t| (t.id, t.name.as_str()), |t| t)))
}

/// One team.
#[utoipa::path(tag = "corps", params(("id" = i64, Path, description = "Team id")), responses(
    (status = 200, description = "队伍", body = Team, headers(("ETag" = String))),
    (status = 304, description = "未修改（If-None-Match 命中）"),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/teams/{id}")]
pub async fn get_team(
    state: web::Data<AppState>,
    http: HttpRequest,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let user = crate::caller::optional_user(&http).await?;
    let team = crate::db::run(&state, move |conn| {
        let t = crate::team_scope::visible_team(conn, user.as_ref(), id)?;
        views_for(conn, user.as_ref(), vec![t])?
            .pop()
            .ok_or_else(|| ApiError::not_found("队伍"))
    })
    .await?;
    Ok(etag::ok_with_etag(&http, &team))
}

fn check_new(
    conn: &mut DbConn,
    kind: TeamKind,
    f: &TeamFields,
    own_path: Option<&str>,
) -> ApiResult<(Option<String>, String)> {
    let mut e = Errors::default();
    check_fields(
        &mut e,
        &f.name,
        f.specialty.as_deref(),
        f.description.as_deref(),
        f.contact_name.as_deref(),
        f.contact_phone.as_deref(),
        f.logo_url.as_deref(),
    );
    let parent = match f.parent_id {
        Some(id) => teams::find(conn, id)?,
        None => None,
    };
    if let Some(p) = &parent
        && p.status != "approved"
    {
        e.add("parent_id", "parent_not_approved", "上级队伍尚未通过审核");
    }
    let parent_kind = parent
        .as_ref()
        .and_then(|p| TeamKind::parse(&p.kind).map(|k| (k, p.path.as_str())));
    if let Err(err) = check_shape(kind, f.parent_id, parent_kind, own_path) {
        e.0.push(err);
    }
    let area = areas::find(conn, f.area_id)?;
    if area.is_none() {
        e.add("area_id", "not_found", "所属区域不存在");
    }
    e.into_result().map_err(ApiError::validation)?;
    Ok((
        parent.map(|p| p.path),
        area.map(|a| a.path).unwrap_or_default(),
    ))
}

/// Create a team. Admins of the team's area create official teams directly (approved); anyone
/// signed in may apply to register a `social_team`, which waits for approval. A volunteer who
/// registers a team becomes its first leader.
#[utoipa::path(tag = "corps", security(("bearer" = [])), request_body = NewTeam, responses(
    (status = 201, description = "已创建或已提交注册申请", body = Team, headers(("Location" = String), ("ETag" = String)), links(("get_team" = (operation_id = "get_team", parameters(("id" = "$response.body#/id")))), ("update_team" = (operation_id = "update_team", parameters(("id" = "$response.body#/id")))), ("create_team_decision" = (operation_id = "create_team_decision", parameters(("id" = "$response.body#/id")))))),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 409, response = crate::docs::Conflict),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/teams")]
pub async fn create_team(
    state: web::Data<AppState>,
    user: AuthUser,
    body: crate::extract::Json<NewTeam>,
) -> ApiResult<HttpResponse> {
    let n = body.into_inner();
    let fields = TeamFields {
        parent_id: n.parent_id,
        kind: n.kind.as_str().to_owned(),
        name: n.name.trim().to_owned(),
        area_id: n.area_id,
        specialty: n
            .specialty
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty()),
        description: n.description,
        contact_name: n.contact_name,
        contact_phone: n.contact_phone,
        logo_url: n.logo_url,
    };
    let team = crate::db::write(&state, move |conn| {
        // Who may create what comes first: an official team needs an admin of its area.
        let area_path = areas::find(conn, fields.area_id)?.map(|a| a.path);
        let official = area_path.as_deref().is_some_and(|p| {
            authorize(&user, Action::CreateOfficialTeam, &Target::Area(p)).is_ok()
        });
        if !official && n.kind != TeamKind::SocialTeam {
            return Err(ApiError::forbidden());
        }
        let (parent_path, _) = check_new(conn, n.kind, &fields, None)?;
        if teams::name_taken(conn, &fields.name, None)? {
            return Err(crate::constraints::TEAMS_NAME
                .error_with(format!("已有名为「{}」的队伍", fields.name)));
        }
        let (status, action) = if official {
            ("approved", "create")
        } else {
            ("pending", "apply")
        };
        let t = teams::insert(conn, &fields, parent_path.as_deref(), status, Some(user.id))?;
        teams::record_decision(conn, t.id, action, None, status, None, Some(user.id))?;
        if let Some(v) = volunteers::find_by_user(conn, user.id)?
            && !official
        {
            teams::apply(
                conn,
                &teams::Joining {
                    team_id: t.id,
                    volunteer_id: v.id,
                    role: "leader",
                    status: "active",
                    recruitment_id: None,
                    message: None,
                    decided_by: Some(user.id),
                },
            )?;
        }
        view(conn, t)
    })
    .await?;
    Ok(etag::created(&team, format!("/api/v1/teams/{}", team.id)))
}

/// Change a team: its leaders (and leaders above it) or admins of its area. Moving it re-checks
/// the tree. Honours `If-Match`.
#[utoipa::path(tag = "corps", security(("bearer" = [])), request_body = TeamPatch,
    params(("id" = i64, Path, description = "Team id"),
        ("If-Match" = Option<String>, Header, description = "The ETag you read; 412 if it changed since")),
    responses(
        (status = 200, description = "已更新", body = Team, headers(("ETag" = String))),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 412, response = crate::docs::PreconditionFailed),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[patch("/teams/{id}")]
pub async fn update_team(
    state: web::Data<AppState>,
    http: HttpRequest,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<TeamPatch>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let p = body.into_inner();
    let if_match = etag::if_match(&http);
    let team = crate::db::write(&state, move |conn| {
        let current = crate::team_scope::visible_team(conn, Some(&user), id)?;
        crate::team_scope::authorize_team(conn, &user, Action::ManageTeam, &current)?;
        etag::check_if_match(if_match.as_deref(), &view(conn, current.clone())?)?;
        let mut f = TeamFields::from(&current);
        if let Some(parent) = p.parent_id {
            f.parent_id = Some(parent);
        }
        f.name = p.name.map_or(f.name, |n| n.trim().to_owned());
        f.specialty = p.specialty.or(f.specialty);
        f.description = p.description.or(f.description);
        f.contact_name = p.contact_name.or(f.contact_name);
        f.contact_phone = p.contact_phone.or(f.contact_phone);
        f.logo_url = p.logo_url.or(f.logo_url);
        let kind = TeamKind::parse(&current.kind).unwrap_or(TeamKind::SocialTeam);
        let (parent_path, _) = check_new(conn, kind, &f, Some(&current.path))?;
        if f.parent_id != current.parent_id {
            // Moving into another branch needs rights there too.
            if let Some(pid) = f.parent_id
                && let Some(parent) = teams::find(conn, pid)?
            {
                crate::team_scope::authorize_team(conn, &user, Action::ManageTeam, &parent)?;
            }
        }
        if teams::name_taken(conn, &f.name, Some(id))? {
            return Err(
                crate::constraints::TEAMS_NAME.error_with(format!("已有名为「{}」的队伍", f.name))
            );
        }
        let updated = teams::update(conn, &current, &f, parent_path.as_deref())?;
        view(conn, updated)
    })
    .await?;
    Ok(etag::ok_with_etag(&http, &team))
}

/// Decide a team's registration: approve or reject a pending one, suspend or reinstate an
/// approved one. By admins of the team's area or above; recorded in the team's history.
#[utoipa::path(tag = "corps", security(("bearer" = [])), request_body = NewTeamDecision,
    params(("id" = i64, Path, description = "Team id")),
    responses(
        (status = 200, description = "队伍的新状态", body = Team),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/teams/{id}/decisions")]
pub async fn create_team_decision(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<NewTeamDecision>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let NewTeamDecision { decision, reason } = body.into_inner();
    let decision = match decision {
        TeamDecisionKind::Approve => Decision::Approve,
        TeamDecisionKind::Reject => Decision::Reject,
        TeamDecisionKind::Suspend => Decision::Suspend,
        TeamDecisionKind::Reinstate => Decision::Reinstate,
    };
    let reason = reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    if decision.needs_reason() && reason.is_none() {
        return Err(ApiError::field(
            "reason",
            "required",
            "驳回或暂停须说明理由",
        ));
    }
    if reason.as_ref().is_some_and(|r| r.chars().count() > 500) {
        return Err(ApiError::field("reason", "too_long", "理由最多 500 个字符"));
    }
    let team = crate::db::write(&state, move |conn| {
        let t = crate::team_scope::visible_team(conn, Some(&user), id)?;
        crate::team_scope::authorize_team(conn, &user, Action::DecideTeamRegistration, &t)?;
        let from = TeamStatus::parse(&t.status).unwrap_or(TeamStatus::Pending);
        let Some(to) = decision.next(from) else {
            return Err(ApiError::conflict(
                "invalid_transition",
                format!(
                    "队伍当前状态为 {}，不能执行 {}",
                    from.as_str(),
                    decision.as_str()
                ),
            ));
        };
        let updated = teams::set_status(conn, id, to.as_str())?;
        teams::record_decision(
            conn,
            id,
            decision.as_str(),
            Some(from.as_str()),
            to.as_str(),
            reason.as_deref(),
            Some(user.id),
        )?;
        crate::audit::record(
            conn,
            &user,
            "team.decide",
            "team",
            id,
            Some(serde_json::json!({"status": from.as_str()})),
            Some(serde_json::json!({"status": to.as_str(), "decision": decision.as_str(), "reason": reason})),
        )?;
        view(conn, updated)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::ETAG, etag::etag_of(&team)))
        .json(team))
}

/// A team's history: who decided what, when and why.
#[utoipa::path(tag = "corps", params(("id" = i64, Path, description = "Team id")), responses(
    (status = 200, description = "审核记录（由早到晚）", body = Vec<TeamDecision>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/teams/{id}/decisions")]
pub async fn list_team_decisions(
    state: web::Data<AppState>,
    http: HttpRequest,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let user = crate::caller::optional_user(&http).await?;
    let history = crate::db::run(&state, move |conn| {
        crate::team_scope::visible_team(conn, user.as_ref(), id)?;
        Ok(teams::history(conn, id)?)
    })
    .await?;
    let items: Vec<TeamDecision> = history
        .into_iter()
        .map(|(d, actor_name)| TeamDecision {
            id: d.id,
            team_id: d.team_id,
            action: d.action,
            from_status: d.from_status.as_deref().and_then(TeamStatus::parse),
            to_status: TeamStatus::parse(&d.to_status).unwrap_or(TeamStatus::Pending),
            reason: d.reason,
            actor_id: d.actor_id,
            actor_name,
            at: utc(d.at),
        })
        .collect();
    Ok(HttpResponse::Ok().json(items))
}
