//! Turning one due event into what its recipients get: a line in each one's inbox at once,
//! and queued deliveries for text messages and WeChat (held until quiet hours end) as each
//! one's preferences say, and for every webhook subscribed to the kind.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use youai_db::DbConn;
use youai_db::outbox::{self as db, Event, Recipient};
use youai_domain::outbox::{QuietHours, on_by_default};
use youai_types::Channel;

use super::{Providers, messages, recipients};
use crate::error::ApiResult;

/// What fanning out one event made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FannedOut {
    pub inbox: usize,
    pub queued: usize,
}

/// Fans out `event` at `now`, inside the caller's transaction, and marks it done. Running it
/// twice for one event adds nothing (inbox lines and deliveries are unique per recipient).
pub fn event(
    conn: &mut DbConn,
    event: &Event,
    providers: &Providers,
    now: DateTime<Utc>,
) -> ApiResult<FannedOut> {
    let stamp = now.naive_utc();
    let mut made = FannedOut::default();
    let users = recipients::of(conn, event)?;
    if !users.is_empty() {
        let message = messages::of(event);
        let choices: HashMap<(i64, Channel), bool> =
            youai_db::notifications::choices_for(conn, &users, event.kind)?
                .into_iter()
                .map(|(u, c, on)| ((u, c), on))
                .collect();
        let wants = |user: i64, channel: Channel| {
            choices
                .get(&(user, channel))
                .copied()
                .unwrap_or_else(|| on_by_default(event.kind, channel))
        };
        let quiet: HashMap<i64, QuietHours> =
            youai_db::notifications::quiet_hours_of(conn, &users)?
                .into_iter()
                .filter_map(|(u, from, to)| {
                    Some((
                        u,
                        QuietHours {
                            from: u32::try_from(from).ok()?,
                            to: u32::try_from(to).ok()?,
                        },
                    ))
                })
                .collect();
        let contacts = youai_db::notifications::contacts(conn, &users)?;
        for (user, _phone, openid) in contacts {
            if wants(user, Channel::Inbox)
                && db::insert_notification(
                    conn,
                    &db::NewNotification {
                        user_id: user,
                        event_id: event.id,
                        kind: event.kind,
                        title: &message.title,
                        body: &message.body,
                        link: message.link.as_deref(),
                        created_at: stamp,
                    },
                )?
            {
                made.inbox += 1;
            }
            let not_before = quiet
                .get(&user)
                .map_or(now, |q| q.release_at(now))
                .naive_utc();
            let outside = [
                (Channel::Sms, providers.sms.is_some()),
                (
                    Channel::Wechat,
                    providers.wechat.is_some() && openid.is_some(),
                ),
            ];
            for (channel, reachable) in outside {
                if reachable
                    && wants(user, channel)
                    && db::queue_delivery(
                        conn,
                        event.id,
                        channel,
                        Recipient::User(user),
                        not_before,
                        stamp,
                    )?
                {
                    made.queued += 1;
                }
            }
        }
    }
    if providers.webhooks.is_some() {
        for hook in youai_db::webhooks::subscribed_to(conn, event.kind)? {
            if db::queue_delivery(
                conn,
                event.id,
                Channel::Webhook,
                Recipient::Webhook(hook),
                stamp,
                stamp,
            )? {
                made.queued += 1;
            }
        }
    }
    db::mark_fanned_out(conn, event.id, stamp)?;
    Ok(made)
}
