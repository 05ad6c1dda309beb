//! Webhook subscriptions (platform admins): registering one with a fresh signing secret
//! (shown once, stored encrypted with the data key), changing, disabling and re-enabling it,
//! rotating its secret, removing it, and replaying one of its deliveries. Each is audited.

use rand::RngCore;
use serde_json::{Value, json};
use youai_db::DbConn;
use youai_db::outbox::{self as outbox_db, Delivery};
use youai_db::webhooks::{self as db, NewWebhook as NewRow, Webhook, WebhookChangeset};
use youai_domain::validate::Errors;
use youai_domain::webhooks::{DESCRIPTION_MAX_CHARS, SECRET_PREFIX, check_url, parse_kinds};
use youai_types::{EventKind, NewWebhook, WebhookPatch, WebhookStatus};

use crate::auth::AuthUser;
use crate::crypto::DataKey;
use crate::error::{ApiError, ApiResult};

/// A fresh signing secret: `whsec_` and 32 random bytes in hex.
fn fresh_secret() -> String {
    let mut b = [0u8; 32];
    rand::rng().fill_bytes(&mut b);
    format!("{SECRET_PREFIX}{}", hex::encode(b))
}

fn encrypt(key: &DataKey, secret: &str) -> ApiResult<String> {
    key.encrypt(secret)
        .map_err(|e| ApiError::internal(format!("webhook secret: {e}")))
}

fn kinds_json(kinds: &[EventKind]) -> String {
    Value::from(kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>()).to_string()
}

fn trimmed(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

fn audit_state(w: &Webhook) -> Value {
    json!({"url": w.url, "kinds": serde_json::from_str::<Value>(&w.kinds).unwrap_or(Value::Null),
        "description": w.description, "status": w.status})
}

fn found(conn: &mut DbConn, id: i64) -> ApiResult<Webhook> {
    db::find(conn, id)?.ok_or_else(|| ApiError::not_found("webhook"))
}

/// Registers a webhook; returns it with its secret in clear (the only time it is shown).
pub fn create(
    conn: &mut DbConn,
    user: &AuthUser,
    key: &DataKey,
    n: NewWebhook,
) -> ApiResult<(Webhook, String)> {
    let url = n.url.trim().to_owned();
    let description = trimmed(n.description);
    let mut e = Errors::default();
    check_url(&mut e, "url", &url);
    let kinds = parse_kinds(&mut e, "kinds", &n.kinds);
    e.optional_text("description", description.as_deref(), DESCRIPTION_MAX_CHARS);
    e.into_result().map_err(ApiError::validation)?;
    let secret = fresh_secret();
    let now = youai_db::now();
    let w = db::insert(
        conn,
        &NewRow {
            url: &url,
            kinds: kinds_json(&kinds),
            description: description.as_deref(),
            secret: encrypt(key, &secret)?,
            status: WebhookStatus::Active,
            created_by: Some(user.id),
            created_at: now,
            updated_at: now,
        },
    )?;
    crate::audit::record(
        conn,
        user,
        "webhook.create",
        "webhook",
        w.id,
        None,
        Some(audit_state(&w)),
    )?;
    Ok((w, secret))
}

/// Changes a webhook. Enabling a disabled one resets its failure count; disabling one by hand
/// records why.
pub fn update(conn: &mut DbConn, user: &AuthUser, id: i64, p: WebhookPatch) -> ApiResult<Webhook> {
    let current = found(conn, id)?;
    let mut e = Errors::default();
    let mut c = WebhookChangeset::default();
    if let Some(url) = p.url {
        let url = url.trim().to_owned();
        check_url(&mut e, "url", &url);
        c.url = Some(url);
    }
    if let Some(kinds) = p.kinds {
        c.kinds = Some(kinds_json(&parse_kinds(&mut e, "kinds", &kinds)));
    }
    if let Some(d) = p.description {
        let d = trimmed(Some(d));
        e.optional_text("description", d.as_deref(), DESCRIPTION_MAX_CHARS);
        c.description = Some(d);
    }
    e.into_result().map_err(ApiError::validation)?;
    let now = youai_db::now();
    match (current.status, p.status) {
        (WebhookStatus::Disabled, Some(WebhookStatus::Active)) => {
            c.status = Some(WebhookStatus::Active);
            c.consecutive_failures = Some(0);
            c.disabled_at = Some(None);
            c.disabled_reason = Some(None);
        }
        (WebhookStatus::Active, Some(WebhookStatus::Disabled)) => {
            c.status = Some(WebhookStatus::Disabled);
            c.disabled_at = Some(Some(now));
            c.disabled_reason = Some(Some("disabled by an admin".to_owned()));
        }
        _ => {}
    }
    c.updated_at = Some(now);
    let w = db::update(conn, id, &c)?;
    crate::audit::record(
        conn,
        user,
        "webhook.update",
        "webhook",
        id,
        Some(audit_state(&current)),
        Some(audit_state(&w)),
    )?;
    Ok(w)
}

/// Replaces a webhook's secret; returns the new one in clear. Deliveries signed from now on
/// use it (a retry signs again, with the secret of its moment).
pub fn rotate_secret(
    conn: &mut DbConn,
    user: &AuthUser,
    key: &DataKey,
    id: i64,
) -> ApiResult<(Webhook, String)> {
    found(conn, id)?;
    let secret = fresh_secret();
    let w = db::update(
        conn,
        id,
        &WebhookChangeset {
            secret: Some(encrypt(key, &secret)?),
            updated_at: Some(youai_db::now()),
            ..WebhookChangeset::default()
        },
    )?;
    crate::audit::record(
        conn,
        user,
        "webhook.rotate_secret",
        "webhook",
        id,
        None,
        None,
    )?;
    Ok((w, secret))
}

/// Removes a webhook. Its deliveries stay in the outbox as history; one still pending goes
/// dead ("the webhook is gone") when its time comes.
pub fn delete(conn: &mut DbConn, user: &AuthUser, id: i64) -> ApiResult<()> {
    let current = found(conn, id)?;
    db::delete(conn, id)?;
    crate::audit::record(
        conn,
        user,
        "webhook.delete",
        "webhook",
        id,
        Some(audit_state(&current)),
        None,
    )?;
    Ok(())
}

/// The delivery `delivery_id` of webhook `id`, or 404.
pub fn delivery_of(conn: &mut DbConn, id: i64, delivery_id: i64) -> ApiResult<Delivery> {
    outbox_db::find_delivery(conn, delivery_id)?
        .filter(|d| d.webhook_id == Some(id))
        .ok_or_else(|| ApiError::not_found("delivery"))
}

/// Sends a delivery of an active webhook again — even a delivered one — at once, with a fresh
/// attempt count and the same delivery id (receivers that dedupe by id see a repeat).
pub fn replay(
    conn: &mut DbConn,
    user: &AuthUser,
    id: i64,
    delivery_id: i64,
) -> ApiResult<Delivery> {
    let w = found(conn, id)?;
    let d = delivery_of(conn, id, delivery_id)?;
    if w.status != WebhookStatus::Active {
        return Err(ApiError::conflict(
            "webhook_disabled",
            "webhook 已停用：请先启用（PATCH status=active）再重放",
        ));
    }
    if !outbox_db::retry_delivery(conn, delivery_id, true, youai_db::now())? {
        return Err(ApiError::invalid_transition(
            "该投递正在排队或发送中，无需重放",
            d.status.as_str(),
            Vec::new(),
        ));
    }
    crate::audit::record(
        conn,
        user,
        "delivery.replay",
        "delivery",
        delivery_id,
        Some(json!({"status": d.status, "attempts": d.attempts})),
        None,
    )?;
    outbox_db::find_delivery(conn, delivery_id)?.ok_or_else(|| ApiError::not_found("delivery"))
}

/// An admin's manual retry: a failed or dead delivery goes back to pending, due now; any other
/// is a 409 naming its status.
pub fn retry(conn: &mut DbConn, user: &AuthUser, delivery_id: i64) -> ApiResult<Delivery> {
    let d = outbox_db::find_delivery(conn, delivery_id)?
        .ok_or_else(|| ApiError::not_found("delivery"))?;
    if !outbox_db::retry_delivery(conn, delivery_id, false, youai_db::now())? {
        return Err(ApiError::invalid_transition(
            format!(
                "只有失败（failed）或已放弃（dead）的投递可以重试；当前状态：{}",
                d.status.as_str()
            ),
            d.status.as_str(),
            Vec::new(),
        ));
    }
    crate::audit::record(
        conn,
        user,
        "delivery.retry",
        "delivery",
        delivery_id,
        Some(json!({"status": d.status, "attempts": d.attempts})),
        None,
    )?;
    outbox_db::find_delivery(conn, delivery_id)?.ok_or_else(|| ApiError::not_found("delivery"))
}
