//! What the delivery log and the admins' outbox view load beside the deliveries themselves:
//! each one's event kind and attempts, one query per relation for a whole page.

use diesel::prelude::*;
use youai_types::EventKind;

use crate::DbConn;
use crate::outbox::AttemptRow;
use crate::schema::{delivery_attempts, events};

/// The kind of each of these events.
pub fn event_kinds(conn: &mut DbConn, event_ids: &[i64]) -> QueryResult<Vec<(i64, EventKind)>> {
    events::table
        .filter(events::id.eq_any(event_ids))
        .select((events::id, events::kind))
        .load(conn)
}

/// Every attempt of these deliveries, oldest first.
pub fn attempts_of(conn: &mut DbConn, delivery_ids: &[i64]) -> QueryResult<Vec<AttemptRow>> {
    delivery_attempts::table
        .filter(delivery_attempts::delivery_id.eq_any(delivery_ids))
        .order(delivery_attempts::id)
        .select(AttemptRow::as_select())
        .load(conn)
}
