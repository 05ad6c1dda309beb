//! The audit log, for platform admins. Read-only: the API has no way to change or delete it,
//! and the database refuses to.

use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;
use youai_db::audit as adb;
use youai_domain::access::{Action, Target};
use youai_types::{AuditEntry, Page};

use crate::auth::{AuthUser, authorize};
use crate::convert::utc;
use crate::error::ApiResult;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Who acted.
    pub actor_id: Option<i64>,
    /// e.g. `team.decide`, `record.verify`, `points.adjust`, `voucher.redeem`, `insured.export`.
    pub action: Option<String>,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    /// At or after this instant (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Before this instant (RFC 3339).
    pub to: Option<DateTime<Utc>>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
}

/// The audit log, newest first (platform admins).
#[utoipa::path(tag = "operations", security(("bearer" = [])), params(AuditQuery), responses(
    (status = 200, description = "审计日志", body = Page<AuditEntry>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/audit")]
pub async fn list_audit(
    state: web::Data<AppState>,
    user: AuthUser,
    query: crate::extract::Query<AuditQuery>,
) -> ApiResult<HttpResponse> {
    authorize(&user, Action::ViewAudit, &Target::Platform)?;
    let q = query.into_inner();
    let page = crate::listing::page_request(
        q.limit,
        q.cursor.as_deref(),
        Some(crate::listing::ListSort::IdDesc),
    )?;
    let filter = adb::Filter {
        actor_id: q.actor_id,
        action: q.action.filter(|s| !s.is_empty()),
        target_type: q.target_type.filter(|s| !s.is_empty()),
        target_id: q.target_id.filter(|s| !s.is_empty()),
        from: q.from.map(|t| t.naive_utc()),
        to: q.to.map(|t| t.naive_utc()),
    };
    let req = page.clone();
    let rows = crate::db::run(&state, move |conn| {
        Ok(adb::list(
            conn,
            &filter,
            req.after.as_ref().map(|a| a.id),
            req.limit,
        )?)
    })
    .await?;
    let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
    Ok(HttpResponse::Ok().json(page.page(
        rows,
        |e| (e.id, ""),
        |e| AuditEntry {
            id: e.id,
            at: utc(e.at),
            actor_id: e.actor_id,
            request_id: e.request_id,
            action: e.action,
            target_type: e.target_type,
            target_id: e.target_id,
            before: parse(e.before_state),
            after: parse(e.after_state),
        },
    )))
}
