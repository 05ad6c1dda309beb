//! Who hears of an event: the people it concerns, resolved when it is fanned out (so a
//! reminder reaches the volunteers accepted at that moment). Every recipient may read what
//! the event's payload says through the API.

use youai_db::DbConn;
use youai_db::outbox::Event;
use youai_types::EventKind as K;

use crate::error::ApiResult;

/// The users who hear of `event`, each once.
pub fn of(conn: &mut DbConn, event: &Event) -> ApiResult<Vec<i64>> {
    let mut users: Vec<i64> = match event.kind {
        K::SignUpAccepted | K::SignUpWaitlisted | K::SignUpPromoted => {
            sign_up_volunteer(conn, event.subject_id)?
        }
        K::WebhookDisabled => youai_db::delivery_log::platform_admins(conn)?,
        // The kinds not yet wired reach webhooks only.
        _ => Vec::new(),
    };
    users.sort_unstable();
    users.dedup();
    Ok(users)
}

/// The account of the volunteer who holds a sign-up.
fn sign_up_volunteer(conn: &mut DbConn, sign_up_id: i64) -> ApiResult<Vec<i64>> {
    let Some(s) = youai_db::activities::find_sign_up(conn, sign_up_id)? else {
        return Ok(Vec::new());
    };
    Ok(youai_db::volunteers::find(conn, s.volunteer_id)?
        .and_then(|v| v.user_id)
        .into_iter()
        .collect())
}
