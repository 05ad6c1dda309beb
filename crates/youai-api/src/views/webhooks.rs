//! Webhooks and deliveries on the wire. A delivery names its recipient by user or webhook id,
//! never by phone number or openid.

use std::collections::HashMap;

use youai_db::outbox::{AttemptRow, Delivery};
use youai_db::webhooks as db;
use youai_types::{DeliveryAttempt, DeliveryView, EventKind, Webhook};

use crate::convert::utc;

pub fn webhook(w: db::Webhook) -> Webhook {
    Webhook {
        id: w.id,
        url: w.url,
        kinds: serde_json::from_str::<Vec<String>>(&w.kinds)
            .unwrap_or_default()
            .iter()
            .filter_map(|k| EventKind::parse(k))
            .collect(),
        description: w.description,
        status: w.status,
        consecutive_failures: w.consecutive_failures,
        disabled_at: w.disabled_at.map(utc),
        disabled_reason: w.disabled_reason,
        created_by: w.created_by,
        created_at: utc(w.created_at),
        updated_at: utc(w.updated_at),
    }
}

pub fn attempt(a: AttemptRow) -> DeliveryAttempt {
    DeliveryAttempt {
        at: utc(a.at),
        status_code: a.status_code,
        error: a.error,
        latency_ms: a.latency_ms,
    }
}

/// One delivery; `log` its attempts when the view shows them.
pub fn delivery(d: Delivery, kind: EventKind, log: Option<Vec<AttemptRow>>) -> DeliveryView {
    DeliveryView {
        id: d.id,
        event_id: d.event_id,
        kind,
        channel: d.channel,
        user_id: d.user_id,
        webhook_id: d.webhook_id,
        status: d.status,
        attempts: d.attempts,
        next_attempt_at: utc(d.next_attempt_at),
        last_status: d.last_status,
        last_error: d.last_error,
        last_latency_ms: d.last_latency_ms,
        delivered_at: d.delivered_at.map(utc),
        created_at: utc(d.created_at),
        updated_at: utc(d.updated_at),
        attempt_log: log.map(|l| l.into_iter().map(attempt).collect()),
    }
}

/// A delivery with its event's kind and, when asked for, its attempts.
pub type Loaded = (Delivery, EventKind, Option<Vec<AttemptRow>>);

/// A page of deliveries with their kinds (and attempts when `with_log`), loaded with one query
/// per relation.
pub fn deliveries(
    conn: &mut youai_db::DbConn,
    rows: Vec<Delivery>,
    with_log: bool,
) -> youai_db::QueryResult<Vec<Loaded>> {
    let event_ids: Vec<i64> = rows.iter().map(|d| d.event_id).collect();
    let kinds: HashMap<i64, EventKind> = youai_db::delivery_log::event_kinds(conn, &event_ids)?
        .into_iter()
        .collect();
    let mut logs: HashMap<i64, Vec<AttemptRow>> = HashMap::new();
    if with_log {
        let ids: Vec<i64> = rows.iter().map(|d| d.id).collect();
        for a in youai_db::delivery_log::attempts_of(conn, &ids)? {
            logs.entry(a.delivery_id).or_default().push(a);
        }
    }
    Ok(rows
        .into_iter()
        .filter_map(|d| {
            let kind = *kinds.get(&d.event_id)?;
            let log = with_log.then(|| logs.remove(&d.id).unwrap_or_default());
            Some((d, kind, log))
        })
        .collect())
}
