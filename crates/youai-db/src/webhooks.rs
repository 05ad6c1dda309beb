//! Integrators' webhook subscriptions.

use diesel::prelude::*;
use youai_types::{EventKind, WebhookStatus};

use crate::DbConn;
use crate::schema::webhooks;

/// Active webhooks subscribed to `kind` (their `kinds` is a JSON array of event names).
pub fn subscribed_to(conn: &mut DbConn, kind: EventKind) -> QueryResult<Vec<i64>> {
    let rows: Vec<(i64, String)> = webhooks::table
        .filter(webhooks::status.eq(WebhookStatus::Active))
        .select((webhooks::id, webhooks::kinds))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|(_, kinds)| {
            serde_json::from_str::<Vec<String>>(kinds)
                .is_ok_and(|k| k.iter().any(|n| n == kind.as_str()))
        })
        .map(|(id, _)| id)
        .collect())
}

/// Where a webhook posts and how it signs: (url, encrypted secret, status).
pub fn target(conn: &mut DbConn, id: i64) -> QueryResult<Option<(String, String, WebhookStatus)>> {
    webhooks::table
        .find(id)
        .select((webhooks::url, webhooks::secret, webhooks::status))
        .first(conn)
        .optional()
}

/// A delivery reached the webhook: its run of failures is over.
pub fn record_success(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::update(
        webhooks::table
            .find(id)
            .filter(webhooks::consecutive_failures.ne(0)),
    )
    .set(webhooks::consecutive_failures.eq(0))
    .execute(conn)
}

/// A delivery to the webhook went dead: one more failure in a row; at `limit` the webhook is
/// disabled with `reason`. True when this call disabled it.
pub fn record_dead(
    conn: &mut DbConn,
    id: i64,
    limit: i32,
    reason: &str,
    at: chrono::NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(webhooks::table.find(id))
        .set(webhooks::consecutive_failures.eq(webhooks::consecutive_failures + 1))
        .execute(conn)?;
    let n = diesel::update(
        webhooks::table
            .find(id)
            .filter(webhooks::status.eq(WebhookStatus::Active))
            .filter(webhooks::consecutive_failures.ge(limit)),
    )
    .set((
        webhooks::status.eq(WebhookStatus::Disabled),
        webhooks::disabled_at.eq(at),
        webhooks::disabled_reason.eq(reason),
        webhooks::updated_at.eq(at),
    ))
    .execute(conn)?;
    Ok(n == 1)
}
