//! The outbox's storage: events written with the change that causes them, their fan-out into
//! the inbox and into deliveries, and the claiming of deliveries by workers. On PostgreSQL a
//! claim locks with `FOR UPDATE SKIP LOCKED`, so several servers never take the same row; on
//! SQLite the write lock of `BEGIN IMMEDIATE` makes claims one at a time.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use youai_types::{Channel, DeliveryStatus, EventKind};

use crate::DbConn;
use crate::schema::{deliveries, delivery_attempts, events, notifications};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = events)]
pub struct Event {
    pub id: i64,
    pub kind: EventKind,
    pub subject_type: String,
    pub subject_id: i64,
    pub actor_id: Option<i64>,
    pub payload: String,
    pub due_at: NaiveDateTime,
    pub fanned_out_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = events)]
pub struct NewEvent<'a> {
    pub kind: EventKind,
    pub subject_type: &'a str,
    pub subject_id: i64,
    pub actor_id: Option<i64>,
    pub payload: String,
    pub due_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
}

pub fn insert_event(conn: &mut DbConn, e: &NewEvent<'_>) -> QueryResult<i64> {
    diesel::insert_into(events::table)
        .values(e)
        .returning(events::id)
        .get_result(conn)
}

pub fn find_event(conn: &mut DbConn, id: i64) -> QueryResult<Option<Event>> {
    events::table
        .find(id)
        .select(Event::as_select())
        .first(conn)
        .optional()
}

/// Events due by `now` and not yet fanned out, oldest first, locked for this transaction
/// (rows another server holds are skipped on PostgreSQL).
pub fn claim_due_events(
    conn: &mut DbConn,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<Event>> {
    macro_rules! due {
        () => {
            events::table
                .filter(events::fanned_out_at.is_null())
                .filter(events::due_at.le(now))
                .order((events::due_at, events::id))
                .limit(limit)
                .select(Event::as_select())
        };
    }
    match conn {
        DbConn::Postgres(c) => due!().for_update().skip_locked().load(c),
        DbConn::Sqlite(c) => due!().load(c),
    }
}

pub fn mark_fanned_out(conn: &mut DbConn, id: i64, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        events::table
            .find(id)
            .filter(events::fanned_out_at.is_null()),
    )
    .set(events::fanned_out_at.eq(at))
    .execute(conn)
}

/// Pending (not fanned out) events of `kind` about one subject: an activity's reminders.
pub fn pending_events(
    conn: &mut DbConn,
    kind: EventKind,
    subject_type: &str,
    subject_id: i64,
) -> QueryResult<Vec<Event>> {
    events::table
        .filter(events::kind.eq(kind))
        .filter(events::subject_type.eq(subject_type))
        .filter(events::subject_id.eq(subject_id))
        .filter(events::fanned_out_at.is_null())
        .order(events::due_at)
        .select(Event::as_select())
        .load(conn)
}

/// Moves a pending event to a new time (a reminder of an activity that moved).
pub fn reschedule_event(conn: &mut DbConn, id: i64, due_at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        events::table
            .find(id)
            .filter(events::fanned_out_at.is_null()),
    )
    .set(events::due_at.eq(due_at))
    .execute(conn)
}

/// Drops a pending event (a reminder of an activity that was cancelled). Fanned-out events
/// are history and stay.
pub fn drop_pending_event(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(
        events::table
            .find(id)
            .filter(events::fanned_out_at.is_null()),
    )
    .execute(conn)
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = deliveries)]
pub struct Delivery {
    pub id: i64,
    pub event_id: i64,
    pub channel: Channel,
    pub user_id: Option<i64>,
    pub webhook_id: Option<i64>,
    pub recipient_key: String,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub lease_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub last_status: Option<i32>,
    pub last_latency_ms: Option<i32>,
    pub delivered_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Who a delivery goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipient {
    User(i64),
    Webhook(i64),
}

impl Recipient {
    pub fn key(self) -> String {
        match self {
            Recipient::User(id) => format!("user:{id}"),
            Recipient::Webhook(id) => format!("webhook:{id}"),
        }
    }
}

/// Queues one delivery; false when this event already has one for this recipient on this
/// channel (the deduplication).
pub fn queue_delivery(
    conn: &mut DbConn,
    event_id: i64,
    channel: Channel,
    to: Recipient,
    not_before: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let (user_id, webhook_id) = match to {
        Recipient::User(id) => (Some(id), None),
        Recipient::Webhook(id) => (None, Some(id)),
    };
    let row = (
        deliveries::event_id.eq(event_id),
        deliveries::channel.eq(channel),
        deliveries::user_id.eq(user_id),
        deliveries::webhook_id.eq(webhook_id),
        deliveries::recipient_key.eq(to.key()),
        deliveries::status.eq(DeliveryStatus::Pending),
        deliveries::attempts.eq(0),
        deliveries::next_attempt_at.eq(not_before),
        deliveries::created_at.eq(now),
        deliveries::updated_at.eq(now),
    );
    let n = crate::on_backend!(conn, |c| diesel::insert_into(deliveries::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(c))?;
    Ok(n == 1)
}

/// Claims up to `limit` deliveries due at `now` — pending or failed ones whose time came, and
/// ones claimed by a worker whose lease ran out (it died mid-delivery) — marking them
/// `sending` until `lease_until` and counting the attempt. Run it in a write transaction and
/// commit before sending: the returned `attempts` is the claim's fencing token for
/// [`finish_delivery`].
pub fn claim_deliveries(
    conn: &mut DbConn,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<Delivery>> {
    macro_rules! due {
        () => {
            deliveries::table
                .filter(
                    deliveries::status
                        .eq_any([DeliveryStatus::Pending, DeliveryStatus::Failed])
                        .and(deliveries::next_attempt_at.le(now))
                        .or(deliveries::status
                            .eq(DeliveryStatus::Sending)
                            .and(deliveries::lease_until.lt(now))),
                )
                .order((deliveries::next_attempt_at, deliveries::id))
                .limit(limit)
                .select(deliveries::id)
        };
    }
    let ids: Vec<i64> = match conn {
        DbConn::Postgres(c) => due!().for_update().skip_locked().load(c)?,
        DbConn::Sqlite(c) => due!().load(c)?,
    };
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    diesel::update(deliveries::table.filter(deliveries::id.eq_any(&ids)))
        .set((
            deliveries::status.eq(DeliveryStatus::Sending),
            deliveries::lease_until.eq(lease_until),
            deliveries::attempts.eq(deliveries::attempts + 1),
            deliveries::updated_at.eq(now),
        ))
        .execute(conn)?;
    deliveries::table
        .filter(deliveries::id.eq_any(&ids))
        .order((deliveries::next_attempt_at, deliveries::id))
        .select(Delivery::as_select())
        .load(conn)
}

/// How an attempt ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    pub at: NaiveDateTime,
    /// The answer's HTTP status, when there was one.
    pub status_code: Option<i32>,
    /// Why it failed, when it did.
    pub error: Option<String>,
    pub latency_ms: i32,
}

/// Where the delivery goes after an attempt: delivered, failed (tried again at the time
/// given) or dead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptOutcome {
    Delivered,
    RetryAt(NaiveDateTime),
    Dead,
}

/// Records an attempt and its outcome, only if this worker still holds the claim (status
/// `sending` with the attempt count it claimed): a worker whose lease ran out and whose row
/// another took records nothing. True when recorded.
pub fn finish_delivery(
    conn: &mut DbConn,
    d: &Delivery,
    attempt: &Attempt,
    outcome: AttemptOutcome,
) -> QueryResult<bool> {
    let (status, next, delivered_at) = match outcome {
        AttemptOutcome::Delivered => (
            DeliveryStatus::Delivered,
            d.next_attempt_at,
            Some(attempt.at),
        ),
        AttemptOutcome::RetryAt(next) => (DeliveryStatus::Failed, next, None),
        AttemptOutcome::Dead => (DeliveryStatus::Dead, d.next_attempt_at, None),
    };
    let n = diesel::update(
        deliveries::table
            .find(d.id)
            .filter(deliveries::status.eq(DeliveryStatus::Sending))
            .filter(deliveries::attempts.eq(d.attempts)),
    )
    .set((
        deliveries::status.eq(status),
        deliveries::next_attempt_at.eq(next),
        deliveries::lease_until.eq(None::<NaiveDateTime>),
        deliveries::last_error.eq(&attempt.error),
        deliveries::last_status.eq(attempt.status_code),
        deliveries::last_latency_ms.eq(attempt.latency_ms),
        deliveries::delivered_at.eq(delivered_at),
        deliveries::updated_at.eq(attempt.at),
    ))
    .execute(conn)?;
    if n == 0 {
        return Ok(false);
    }
    diesel::insert_into(delivery_attempts::table)
        .values((
            delivery_attempts::delivery_id.eq(d.id),
            delivery_attempts::at.eq(attempt.at),
            delivery_attempts::status_code.eq(attempt.status_code),
            delivery_attempts::error.eq(&attempt.error),
            delivery_attempts::latency_ms.eq(attempt.latency_ms),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Sends a failed or dead delivery again at `now` (an admin's manual retry, a webhook's
/// replay): back to pending with a fresh count. False when it is pending, sending or delivered
/// already — except that `redeliver` also sends a delivered one again (a replay).
pub fn retry_delivery(
    conn: &mut DbConn,
    id: i64,
    redeliver: bool,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let mut from = vec![DeliveryStatus::Failed, DeliveryStatus::Dead];
    if redeliver {
        from.push(DeliveryStatus::Delivered);
    }
    let n = diesel::update(
        deliveries::table
            .find(id)
            .filter(deliveries::status.eq_any(from)),
    )
    .set((
        deliveries::status.eq(DeliveryStatus::Pending),
        deliveries::attempts.eq(0),
        deliveries::next_attempt_at.eq(now),
        deliveries::lease_until.eq(None::<NaiveDateTime>),
        deliveries::delivered_at.eq(None::<NaiveDateTime>),
        deliveries::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn find_delivery(conn: &mut DbConn, id: i64) -> QueryResult<Option<Delivery>> {
    deliveries::table
        .find(id)
        .select(Delivery::as_select())
        .first(conn)
        .optional()
}

/// Deliveries in one state (any when `None`), on one channel, newest first, before `before`.
pub fn list_deliveries(
    conn: &mut DbConn,
    status: Option<DeliveryStatus>,
    channel: Option<Channel>,
    webhook_id: Option<i64>,
    before: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<Delivery>> {
    let mut q = deliveries::table.select(Delivery::as_select()).into_boxed();
    if let Some(s) = status {
        q = q.filter(deliveries::status.eq(s));
    }
    if let Some(c) = channel {
        q = q.filter(deliveries::channel.eq(c));
    }
    if let Some(w) = webhook_id {
        q = q.filter(deliveries::webhook_id.eq(w));
    }
    if let Some(b) = before {
        q = q.filter(deliveries::id.lt(b));
    }
    q.order(deliveries::id.desc()).limit(limit).load(conn)
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = delivery_attempts)]
pub struct AttemptRow {
    pub id: i64,
    pub delivery_id: i64,
    pub at: NaiveDateTime,
    pub status_code: Option<i32>,
    pub error: Option<String>,
    pub latency_ms: i32,
}

pub fn attempts(conn: &mut DbConn, delivery_id: i64) -> QueryResult<Vec<AttemptRow>> {
    delivery_attempts::table
        .filter(delivery_attempts::delivery_id.eq(delivery_id))
        .order(delivery_attempts::id)
        .select(AttemptRow::as_select())
        .load(conn)
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = notifications)]
pub struct NewNotification<'a> {
    pub user_id: i64,
    pub event_id: i64,
    pub kind: EventKind,
    pub title: &'a str,
    pub body: &'a str,
    pub link: Option<&'a str>,
    pub created_at: NaiveDateTime,
}

/// Puts a notification in a user's inbox; false when this event is there already.
pub fn insert_notification(conn: &mut DbConn, n: &NewNotification<'_>) -> QueryResult<bool> {
    let inserted = crate::on_backend!(conn, |c| diesel::insert_into(notifications::table)
        .values(n)
        .on_conflict_do_nothing()
        .execute(c))?;
    Ok(inserted == 1)
}
