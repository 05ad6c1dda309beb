//! A user's notification preferences: which kinds of event they can receive, reading and
//! writing quiet hours as `HH:MM`, and checking a new set of choices.

use youai_types::{Channel, EventKind, NotificationPreferencesUpdate, USER_CHANNELS};

use crate::outbox::QuietHours;
use crate::validate::Errors;

/// The kinds of event a user can hear of: all but `webhook.disabled`, which only platform
/// admins are told of.
pub fn receivable_kinds(platform_admin: bool) -> impl Iterator<Item = EventKind> {
    EventKind::ALL
        .iter()
        .copied()
        .filter(move |k| platform_admin || *k != EventKind::WebhookDisabled)
}

/// `HH:MM` (00:00–23:59) as minutes after midnight.
pub fn parse_clock(text: &str) -> Option<u32> {
    let (h, m) = text.split_once(':')?;
    if h.len() != 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// Minutes after midnight as `HH:MM`.
pub fn format_clock(minutes: u32) -> String {
    let minutes = minutes % (24 * 60);
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A set of choices that passed the checks: (kind, channel, on) and the quiet hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choices {
    pub preferences: Vec<(EventKind, Channel, bool)>,
    pub quiet_hours: Option<QuietHours>,
}

/// Checks a new set of preferences: every kind one the user can receive, every channel a
/// user's (`inbox`, `sms`, `wechat`), no pair twice, quiet hours two different `HH:MM` times.
pub fn check_update(
    update: &NotificationPreferencesUpdate,
    platform_admin: bool,
) -> Result<Choices, Errors> {
    let mut e = Errors::default();
    let mut preferences = Vec::with_capacity(update.preferences.len());
    for (i, choice) in update.preferences.iter().enumerate() {
        let kind = EventKind::parse(&choice.kind)
            .filter(|k| receivable_kinds(platform_admin).any(|r| r == *k));
        if kind.is_none() {
            e.add(
                &format!("preferences[{i}].kind"),
                "unknown_event_kind",
                format!("没有这种通知：{}", choice.kind),
            );
        }
        let channel = Channel::parse(&choice.channel).filter(|c| USER_CHANNELS.contains(c));
        if channel.is_none() {
            e.add(
                &format!("preferences[{i}].channel"),
                "unknown_channel",
                "渠道须为 inbox、sms 或 wechat",
            );
        }
        if let (Some(kind), Some(channel)) = (kind, channel) {
            if preferences
                .iter()
                .any(|(k, c, _)| *k == kind && *c == channel)
            {
                e.add(
                    &format!("preferences[{i}]"),
                    "duplicate_preference",
                    "同一通知和渠道只能出现一次",
                );
            } else {
                preferences.push((kind, channel, choice.enabled));
            }
        }
    }
    let quiet_hours = update.quiet_hours.as_ref().and_then(|q| {
        let from = parse_clock(&q.from);
        let to = parse_clock(&q.to);
        for (field, value, parsed) in [
            ("quiet_hours.from", &q.from, from),
            ("quiet_hours.to", &q.to, to),
        ] {
            if parsed.is_none() {
                e.add(
                    field,
                    "invalid_clock_time",
                    format!("时间须为 HH:MM（00:00–23:59），收到：{value}"),
                );
            }
        }
        let (from, to) = (from?, to?);
        if from == to {
            e.add(
                "quiet_hours.to",
                "empty_quiet_hours",
                "免打扰的开始和结束不能相同",
            );
            return None;
        }
        Some(QuietHours { from, to })
    });
    if e.0.is_empty() {
        Ok(Choices {
            preferences,
            quiet_hours,
        })
    } else {
        Err(e)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use youai_types::{PreferenceChoice, QuietHours as Wire};

    use super::*;

    fn choice(kind: &str, channel: &str) -> PreferenceChoice {
        PreferenceChoice {
            kind: kind.into(),
            channel: channel.into(),
            enabled: true,
        }
    }

    #[test]
    fn clock_times_read_and_write_as_hh_mm() {
        for (text, want) in [
            ("00:00", Some(0)),
            ("07:30", Some(450)),
            ("23:59", Some(1439)),
            ("24:00", None),
            ("12:60", None),
            ("7:30", None),
            ("07:3", None),
            ("0730", None),
            ("+7:30", None),
            ("", None),
            ("ab:cd", None),
        ] {
            assert_eq!(parse_clock(text), want, "{text}");
        }
        assert_eq!(format_clock(0), "00:00");
        assert_eq!(format_clock(1320), "22:00");
        assert_eq!(format_clock(1439), "23:59");
    }

    #[test]
    fn webhook_notices_are_for_platform_admins_only() {
        assert!(!receivable_kinds(false).any(|k| k == EventKind::WebhookDisabled));
        assert!(receivable_kinds(true).any(|k| k == EventKind::WebhookDisabled));
        assert_eq!(receivable_kinds(true).count(), EventKind::ALL.len());
    }

    #[test]
    fn a_good_update_is_parsed() {
        let u = NotificationPreferencesUpdate {
            preferences: vec![
                choice("activity.reminder", "sms"),
                choice("star.reached", "inbox"),
            ],
            quiet_hours: Some(Wire {
                from: "22:00".into(),
                to: "07:00".into(),
            }),
        };
        let c = check_update(&u, false).unwrap();
        assert_eq!(
            c.preferences,
            vec![
                (EventKind::ActivityReminder, Channel::Sms, true),
                (EventKind::StarReached, Channel::Inbox, true),
            ]
        );
        assert_eq!(
            c.quiet_hours,
            Some(QuietHours {
                from: 1320,
                to: 420
            })
        );
    }

    #[test]
    fn every_mistake_is_named_by_its_field() {
        let u = NotificationPreferencesUpdate {
            preferences: vec![
                choice("no.such", "sms"),
                choice("star.reached", "webhook"),
                choice("webhook.disabled", "inbox"),
                choice("star.reached", "pigeon"),
                choice("activity.reminder", "sms"),
                choice("activity.reminder", "sms"),
            ],
            quiet_hours: Some(Wire {
                from: "25:00".into(),
                to: "7am".into(),
            }),
        };
        let e = check_update(&u, false).unwrap_err().0;
        let got: Vec<(&str, &str)> = e
            .iter()
            .map(|f| (f.field.as_str(), f.code.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("preferences[0].kind", "unknown_event_kind"),
                ("preferences[1].channel", "unknown_channel"),
                ("preferences[2].kind", "unknown_event_kind"),
                ("preferences[3].channel", "unknown_channel"),
                ("preferences[5]", "duplicate_preference"),
                ("quiet_hours.from", "invalid_clock_time"),
                ("quiet_hours.to", "invalid_clock_time"),
            ]
        );
        // A platform admin may choose the webhook notice; equal ends are no quiet hours.
        let u = NotificationPreferencesUpdate {
            preferences: vec![choice("webhook.disabled", "wechat")],
            quiet_hours: Some(Wire {
                from: "08:00".into(),
                to: "08:00".into(),
            }),
        };
        let e = check_update(&u, true).unwrap_err().0;
        assert_eq!(e.len(), 1);
        assert_eq!(
            (e[0].field.as_str(), e[0].code.as_str()),
            ("quiet_hours.to", "empty_quiet_hours")
        );
    }
}
