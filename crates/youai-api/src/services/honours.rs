//! Honours (荣誉): awarded with a citation by staff of the volunteer's area.

use youai_db::rewards::{self as db, Honour};
use youai_db::{DbConn, volunteers};
use youai_domain::access::Action;
use youai_types::NewHonour;

use super::points::volunteer_in_scope;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};

/// A volunteer's honours, newest first (404 for no such volunteer).
pub fn of(conn: &mut DbConn, volunteer_id: i64) -> ApiResult<Vec<Honour>> {
    volunteers::find(conn, volunteer_id)?.ok_or_else(|| ApiError::not_found("志愿者"))?;
    Ok(db::honours_of(conn, volunteer_id)?)
}

/// Awards an honour (its fields already checked), with the audit row.
pub fn award(
    conn: &mut DbConn,
    user: &AuthUser,
    volunteer_id: i64,
    h: &NewHonour,
) -> ApiResult<Honour> {
    volunteer_in_scope(conn, user, volunteer_id, Action::AwardHonours)?;
    let honour = db::insert_honour(
        conn,
        volunteer_id,
        h.title.trim(),
        h.citation.trim(),
        h.awarded_on,
        Some(user.id),
    )?;
    crate::audit::record(
        conn,
        user,
        "honour.award",
        "volunteer",
        volunteer_id,
        None,
        serde_json::to_value(crate::views::rewards::honour(honour.clone())).ok(),
    )?;
    Ok(honour)
}
