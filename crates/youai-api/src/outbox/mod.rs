//! One durable outbox for every notification and push (issue 17). A service that changes
//! something calls [`emit`] in the same transaction, so the event exists exactly when the
//! change does. The worker ([`worker::run_once`], on every server's timer and in `youai tick`)
//! fans each due event out — into the inbox of each recipient, and into queued deliveries
//! for SMS, WeChat and webhooks — and then sends the deliveries that are due, retrying with
//! backoff until they are delivered or dead.

pub mod fan_out;
pub mod hooks;
pub mod messages;
pub mod providers;
pub mod recipients;
pub mod worker;

use chrono::{DateTime, Utc};
use serde_json::Value;
use youai_db::DbConn;
use youai_db::outbox as db;
use youai_types::EventKind;

use crate::error::ApiResult;

pub use providers::Providers;

/// What an event is about, e.g. `Subject::new("activity", 12)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject<'a> {
    pub kind: &'a str,
    pub id: i64,
}

impl<'a> Subject<'a> {
    pub fn new(kind: &'a str, id: i64) -> Self {
        Subject { kind, id }
    }
}

/// Records an event now, inside the caller's transaction. `payload` is what notifications
/// and webhooks say: never more than every recipient of this kind may read through the API.
pub fn emit(
    conn: &mut DbConn,
    kind: EventKind,
    subject: Subject<'_>,
    actor: Option<i64>,
    payload: Value,
) -> ApiResult<i64> {
    emit_at(conn, kind, subject, actor, payload, Utc::now())
}

/// Records an event that falls due at `due` (an activity's reminder), inside the caller's
/// transaction.
pub fn emit_at(
    conn: &mut DbConn,
    kind: EventKind,
    subject: Subject<'_>,
    actor: Option<i64>,
    payload: Value,
    due: DateTime<Utc>,
) -> ApiResult<i64> {
    let now = youai_db::now();
    let id = db::insert_event(
        conn,
        &db::NewEvent {
            kind,
            subject_type: subject.kind,
            subject_id: subject.id,
            actor_id: actor,
            payload: payload.to_string(),
            due_at: chrono::SubsecRound::trunc_subsecs(due, 6)
                .naive_utc()
                .max(now),
            created_at: now,
        },
    )?;
    Ok(id)
}
