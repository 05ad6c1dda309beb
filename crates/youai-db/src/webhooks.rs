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

/// A webhook as stored (`secret` encrypted with the data key; `kinds` a JSON array).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = webhooks)]
pub struct Webhook {
    pub id: i64,
    pub url: String,
    pub kinds: String,
    pub description: Option<String>,
    pub secret: String,
    pub status: WebhookStatus,
    pub consecutive_failures: i32,
    pub disabled_at: Option<chrono::NaiveDateTime>,
    pub disabled_reason: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = webhooks)]
pub struct NewWebhook<'a> {
    pub url: &'a str,
    pub kinds: String,
    pub description: Option<&'a str>,
    pub secret: String,
    pub status: WebhookStatus,
    pub created_by: Option<i64>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}

/// What a change sets; `None` leaves a column as it is.
#[derive(Debug, Clone, Default, PartialEq, AsChangeset)]
#[diesel(table_name = webhooks)]
pub struct WebhookChangeset {
    pub url: Option<String>,
    pub kinds: Option<String>,
    pub description: Option<Option<String>>,
    pub secret: Option<String>,
    pub status: Option<WebhookStatus>,
    pub consecutive_failures: Option<i32>,
    pub disabled_at: Option<Option<chrono::NaiveDateTime>>,
    pub disabled_reason: Option<Option<String>>,
    pub updated_at: Option<chrono::NaiveDateTime>,
}

pub fn insert(conn: &mut DbConn, w: &NewWebhook<'_>) -> QueryResult<Webhook> {
    diesel::insert_into(webhooks::table)
        .values(w)
        .get_result(conn)
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<Webhook>> {
    webhooks::table
        .find(id)
        .select(Webhook::as_select())
        .first(conn)
        .optional()
}

/// Webhooks, oldest first, after `after` (keyset), at most `limit` rows.
pub fn list(conn: &mut DbConn, after: Option<i64>, limit: i64) -> QueryResult<Vec<Webhook>> {
    let mut q = webhooks::table.select(Webhook::as_select()).into_boxed();
    if let Some(a) = after {
        q = q.filter(webhooks::id.gt(a));
    }
    q.order(webhooks::id).limit(limit).load(conn)
}

pub fn update(conn: &mut DbConn, id: i64, c: &WebhookChangeset) -> QueryResult<Webhook> {
    diesel::update(webhooks::table.find(id))
        .set(c)
        .get_result(conn)
}

/// Removes a subscription. Its deliveries stay, as history (a pending one goes dead: "the
/// webhook is gone").
pub fn delete(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(webhooks::table.find(id)).execute(conn)
}
