//! The outbox worker: fans out due events, then sends due deliveries, each claimed under a
//! lease so that a worker that dies mid-send leaves its rows to the next, and several servers
//! never send one row at once. The sending happens outside any transaction.

use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Value, json};
use youai_db::outbox::{self as db, Attempt, AttemptOutcome, Delivery, Event};
use youai_db::{DbConn, Pool};
use youai_domain::outbox::{LEASE, retry_after};
use youai_types::{Channel, EventKind};

use super::providers::{SendError, Sent, TemplateMessage, WebhookPost};
use super::{Providers, Subject, emit, fan_out, messages};
use crate::crypto::DataKey;
use crate::error::{ApiError, ApiResult};

/// Deliveries to one webhook that go dead in a row before it is disabled.
pub const WEBHOOK_FAILURE_LIMIT: i32 = 5;

/// The worker's settings and providers (one per server).
#[derive(Clone)]
pub struct Outbox {
    pub providers: Providers,
    /// Decrypts webhook secrets.
    pub data_key: Arc<DataKey>,
    /// How long a claimed delivery belongs to its worker.
    pub lease: TimeDelta,
    /// Rows taken per step.
    pub batch: i64,
}

impl Outbox {
    pub fn new(providers: Providers, data_key: Arc<DataKey>) -> Self {
        Outbox {
            providers,
            data_key,
            lease: LEASE,
            batch: 50,
        }
    }
}

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Worked {
    /// Events fanned out.
    pub events: usize,
    /// Inbox lines written.
    pub inbox: usize,
    /// Deliveries queued.
    pub queued: usize,
    pub delivered: usize,
    /// Attempts that failed and will be tried again.
    pub retrying: usize,
    /// Deliveries that failed for the last time.
    pub dead: usize,
}

impl Worked {
    pub fn is_idle(&self) -> bool {
        *self == Worked::default()
    }
}

async fn on_pool<T, F>(pool: &Pool, f: F) -> ApiResult<T>
where
    F: FnOnce(&mut DbConn) -> ApiResult<T> + Send + 'static,
    T: Send + 'static,
{
    let pool = pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get()?;
        f(&mut conn)
    })
    .await
    .map_err(|e| ApiError::internal(format!("outbox task failed: {e}")))?
}

/// One run at `now`: every due event fanned out, then every due delivery attempted once.
pub async fn run_once(pool: &Pool, outbox: &Outbox, now: DateTime<Utc>) -> ApiResult<Worked> {
    // Stored times are microseconds on both backends (SQLite would keep nanoseconds).
    let now = chrono::SubsecRound::trunc_subsecs(now, 6);
    let mut worked = Worked::default();
    loop {
        let providers = outbox.providers.clone();
        let batch = outbox.batch;
        let (n, inbox, queued) = on_pool(pool, move |c| {
            c.write_transaction(|c| {
                let due = db::claim_due_events(c, now.naive_utc(), batch)?;
                let (mut inbox, mut queued) = (0, 0);
                for e in &due {
                    let made = fan_out::event(c, e, &providers, now)?;
                    inbox += made.inbox;
                    queued += made.queued;
                }
                Ok((due.len(), inbox, queued))
            })
        })
        .await?;
        worked.events += n;
        worked.inbox += inbox;
        worked.queued += queued;
        if i64::try_from(n).unwrap_or(i64::MAX) < batch {
            break;
        }
    }
    loop {
        let (batch, lease) = (outbox.batch, outbox.lease);
        let claimed = on_pool(pool, move |c| {
            c.write_transaction(|c| {
                Ok(db::claim_deliveries(
                    c,
                    now.naive_utc(),
                    (now + lease).naive_utc(),
                    batch,
                )?)
            })
        })
        .await?;
        let n = claimed.len();
        for d in claimed {
            match attempt(pool, outbox, d, now).await? {
                AttemptOutcome::Delivered => worked.delivered += 1,
                AttemptOutcome::RetryAt(_) => worked.retrying += 1,
                AttemptOutcome::Dead => worked.dead += 1,
            }
        }
        if i64::try_from(n).unwrap_or(i64::MAX) < batch {
            break;
        }
    }
    Ok(worked)
}

/// What one delivery sends.
enum Outgoing {
    Sms {
        phone: String,
        text: String,
    },
    Wechat(TemplateMessage),
    Webhook(WebhookPost),
    /// Nothing can be sent (the recipient lost the way to be reached, the webhook is gone or
    /// disabled): the delivery is dead, with why.
    Undeliverable(String),
}

async fn attempt(
    pool: &Pool,
    outbox: &Outbox,
    d: Delivery,
    now: DateTime<Utc>,
) -> ApiResult<AttemptOutcome> {
    let key = outbox.data_key.clone();
    let probe = d.clone();
    let outgoing = on_pool(pool, move |c| prepare(c, &probe, &key)).await?;
    let started = Instant::now();
    let result: Result<Sent, SendError> = match &outgoing {
        Outgoing::Sms { phone, text } => match &outbox.providers.sms {
            Some(p) => p.send(phone, text).await,
            None => Err(not_configured("sms")),
        },
        Outgoing::Wechat(m) => match &outbox.providers.wechat {
            Some(p) => p.send(m).await,
            None => Err(not_configured("wechat")),
        },
        Outgoing::Webhook(post) => match &outbox.providers.webhooks {
            Some(p) => p.post(post).await,
            None => Err(not_configured("webhooks")),
        },
        Outgoing::Undeliverable(why) => Err(SendError {
            status_code: None,
            message: why.clone(),
            retryable: false,
        }),
    };
    let latency_ms = i32::try_from(started.elapsed().as_millis()).unwrap_or(i32::MAX);
    let at = now.naive_utc().max(youai_db::now());
    let (outcome, attempt) = match result {
        Ok(sent) => (
            AttemptOutcome::Delivered,
            Attempt {
                at,
                status_code: sent.status_code.map(i32::from),
                error: None,
                latency_ms,
            },
        ),
        Err(e) => {
            let next = if e.retryable {
                retry_after(d.attempts, rand::random::<f64>())
            } else {
                None
            };
            (
                next.map_or(AttemptOutcome::Dead, |wait| {
                    AttemptOutcome::RetryAt((now + wait).naive_utc())
                }),
                Attempt {
                    at,
                    status_code: e.status_code.map(i32::from),
                    error: Some(e.message),
                    latency_ms,
                },
            )
        }
    };
    on_pool(pool, move |c| {
        c.write_transaction(|c| {
            let recorded = db::finish_delivery(c, &d, &attempt, outcome)?;
            if recorded && let Some(hook) = d.webhook_id {
                after_webhook(c, hook, outcome, attempt.at)?;
            }
            Ok(())
        })
    })
    .await?;
    Ok(outcome)
}

fn not_configured(channel: &str) -> SendError {
    SendError::retryable(
        None,
        format!("no {channel} provider is configured on this server"),
    )
}

/// A webhook's run of failures: reset by a delivery, and after
/// [`WEBHOOK_FAILURE_LIMIT`] dead deliveries in a row the webhook is disabled and the platform
/// admins are told.
fn after_webhook(
    c: &mut DbConn,
    hook: i64,
    outcome: AttemptOutcome,
    at: chrono::NaiveDateTime,
) -> ApiResult<()> {
    match outcome {
        AttemptOutcome::Delivered => {
            youai_db::webhooks::record_success(c, hook)?;
        }
        AttemptOutcome::Dead => {
            let reason = format!("{WEBHOOK_FAILURE_LIMIT} deliveries in a row failed");
            if youai_db::webhooks::record_dead(c, hook, WEBHOOK_FAILURE_LIMIT, &reason, at)? {
                let url = youai_db::webhooks::target(c, hook)?.map(|t| t.0);
                emit(
                    c,
                    EventKind::WebhookDisabled,
                    Subject::new("webhook", hook),
                    None,
                    json!({"webhook_id": hook, "url": url, "reason": reason}),
                )?;
            }
        }
        AttemptOutcome::RetryAt(_) => {}
    }
    Ok(())
}

fn prepare(c: &mut DbConn, d: &Delivery, key: &DataKey) -> ApiResult<Outgoing> {
    let Some(event) = db::find_event(c, d.event_id)? else {
        return Ok(Outgoing::Undeliverable("the event is gone".into()));
    };
    match (d.channel, d.user_id, d.webhook_id) {
        (Channel::Sms | Channel::Wechat, Some(user), _) => {
            let m = messages::of(&event);
            let contact = youai_db::notifications::contacts(c, &[user])?.pop();
            Ok(match (d.channel, contact) {
                (Channel::Sms, Some((_, phone, _))) => Outgoing::Sms {
                    phone,
                    text: format!("【友爱】{}：{}", m.title, m.body),
                },
                (Channel::Wechat, Some((_, _, Some(openid)))) => {
                    Outgoing::Wechat(TemplateMessage {
                        openid,
                        title: m.title,
                        body: m.body,
                        link: m.link,
                    })
                }
                _ => Outgoing::Undeliverable(
                    "the recipient cannot be reached on this channel".into(),
                ),
            })
        }
        (Channel::Webhook, _, Some(hook)) => match youai_db::webhooks::target(c, hook)? {
            Some((url, secret, youai_types::WebhookStatus::Active)) => {
                let secret = key
                    .decrypt(&secret)
                    .map_err(|e| ApiError::internal(format!("webhook {hook} secret: {e}")))?;
                Ok(Outgoing::Webhook(WebhookPost {
                    url,
                    secret,
                    delivery_id: d.id,
                    kind: event.kind.as_str().to_owned(),
                    body: envelope(&event).to_string(),
                }))
            }
            Some(_) => Ok(Outgoing::Undeliverable("the webhook is disabled".into())),
            None => Ok(Outgoing::Undeliverable("the webhook is gone".into())),
        },
        _ => Ok(Outgoing::Undeliverable(
            "a delivery with no recipient".into(),
        )),
    }
}

/// A webhook's JSON body: the event, its subject and its payload.
pub fn envelope(event: &Event) -> Value {
    let data: Value = serde_json::from_str(&event.payload).unwrap_or(Value::Null);
    json!({
        "id": event.id,
        "type": event.kind.as_str(),
        "created_at": crate::convert::utc(event.created_at),
        "subject": {"type": event.subject_type, "id": event.subject_id},
        "data": data,
    })
}
