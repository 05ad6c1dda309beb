//! The events services emit, one function per family, so each payload is written once. Each
//! runs inside the caller's transaction. A payload names only what every recipient of its
//! kind may read through the API.

use serde_json::json;
use youai_db::DbConn;
use youai_db::activities::{Activity, SignUp};
use youai_types::{EventKind, SignUpStatus};

use super::{Subject, emit};
use crate::convert::utc;
use crate::error::ApiResult;

/// A sign-up reached `accepted` or `waitlisted` (`promoted`: it left the waiting list for a
/// place). The volunteer hears of it.
pub fn sign_up_moved(
    conn: &mut DbConn,
    activity: &Activity,
    sign_up: &SignUp,
    promoted: bool,
    actor: Option<i64>,
) -> ApiResult<()> {
    let kind = match (sign_up.status, promoted) {
        (SignUpStatus::Accepted, true) => EventKind::SignUpPromoted,
        (SignUpStatus::Accepted, false) => EventKind::SignUpAccepted,
        (SignUpStatus::Waitlisted, _) => EventKind::SignUpWaitlisted,
        _ => return Ok(()),
    };
    emit(
        conn,
        kind,
        Subject::new("sign_up", sign_up.id),
        actor,
        json!({
            "sign_up_id": sign_up.id,
            "activity_id": activity.id,
            "activity_title": activity.title,
            "start_at": utc(activity.start_at),
            "end_at": utc(activity.end_at),
            "address": activity.address,
            "status": sign_up.status.as_str(),
        }),
    )?;
    Ok(())
}
