//! The audit trail of staff actions: what changed, by whom, under which request. Written in
//! the same transaction as the change, so a change and its audit row stand or fall together.

use serde_json::Value;
use youai_db::DbConn;
use youai_db::audit::{self as adb, NewEntry};

use crate::auth::AuthUser;
use crate::error::ApiResult;

/// Records `action` on `target_type`/`target_id` by `actor`, with the state before and after.
pub fn record(
    conn: &mut DbConn,
    actor: &AuthUser,
    action: &str,
    target_type: &str,
    target_id: impl ToString,
    before: Option<Value>,
    after: Option<Value>,
) -> ApiResult<()> {
    adb::append(
        conn,
        &NewEntry {
            actor_id: Some(actor.id),
            request_id: crate::context::current_request_id(),
            action: action.into(),
            target_type: target_type.into(),
            target_id: target_id.to_string(),
            before_state: before.map(|v| v.to_string()),
            after_state: after.map(|v| v.to_string()),
        },
    )?;
    Ok(())
}
