//! The outbox's rules: when a failed delivery is tried again, when quiet hours hold a message
//! back, how long before an activity its reminders go, and what a user gets by default.

use chrono::{DateTime, Duration, TimeDelta, Timelike, Utc};
use youai_types::{Channel, EventKind};

/// Attempts a delivery gets before it is dead.
pub const MAX_ATTEMPTS: i32 = 8;
/// The wait after the first failure; each further failure doubles it.
pub const RETRY_BASE: TimeDelta = TimeDelta::seconds(30);
/// No wait is longer than this.
pub const RETRY_CAP: TimeDelta = TimeDelta::hours(6);
/// How long a claimed delivery belongs to its worker: a worker that died mid-delivery leaves
/// the row to another after this.
pub const LEASE: TimeDelta = TimeDelta::seconds(60);
/// An activity's reminders: this long before its start.
pub const REMINDERS: [TimeDelta; 2] = [TimeDelta::hours(24), TimeDelta::hours(2)];
/// The city's offset from UTC (China Standard Time, no daylight saving).
const CITY_OFFSET: TimeDelta = TimeDelta::hours(8);

/// What happens after attempt number `attempts` (1 for the first) failed: the wait before the
/// next, or `None` when it was the last. `jitter` in [0, 1) spreads retries of many rows
/// failing at once over half to one and a half times the wait.
pub fn retry_after(attempts: i32, jitter: f64) -> Option<TimeDelta> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let doublings = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or_default()
        .min(20);
    let wait = RETRY_BASE
        .checked_mul(1 << doublings)
        .map_or(RETRY_CAP, |w| w.min(RETRY_CAP));
    let jitter = jitter.clamp(0.0, 1.0);
    // Milliseconds fit an f64 exactly at these sizes (hours at most).
    #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
    let ms = (wait.num_milliseconds() as f64 * (0.5 + jitter)) as i64;
    Some(TimeDelta::milliseconds(ms.max(1)))
}

/// Quiet hours in city time, as minutes after midnight; `from > to` spans midnight
/// (22:00–07:00 is `from = 1320, to = 420`). `from == to` is no quiet time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    pub from: u32,
    pub to: u32,
}

impl QuietHours {
    /// When a message that would go out at `now` may go: `now` outside the quiet hours, else
    /// the moment they end.
    pub fn release_at(self, now: DateTime<Utc>) -> DateTime<Utc> {
        let local = now + CITY_OFFSET;
        let minute = local.hour() * 60 + local.minute();
        let quiet = if self.from < self.to {
            self.from <= minute && minute < self.to
        } else if self.from > self.to {
            minute >= self.from || minute < self.to
        } else {
            false
        };
        if !quiet {
            return now;
        }
        // Minutes until `to`, wrapping past midnight, less the seconds already into this minute.
        let ahead = (self.to + 24 * 60 - minute) % (24 * 60);
        now + Duration::minutes(i64::from(ahead))
            - Duration::seconds(i64::from(local.second()))
            - Duration::nanoseconds(i64::from(local.nanosecond()))
    }
}

/// Whether a user who chose nothing hears of `kind` on `channel`. The inbox carries everything;
/// text messages cost money and interrupt, so they carry what needs acting on soon; WeChat
/// carries those and the decisions a person waits for.
pub fn on_by_default(kind: EventKind, channel: Channel) -> bool {
    use EventKind as K;
    match channel {
        Channel::Inbox => true,
        Channel::Webhook => false,
        Channel::Sms => matches!(
            kind,
            K::ActivityReminder | K::ActivityCancelled | K::ActivityChanged | K::SignUpPromoted
        ),
        Channel::Wechat => matches!(
            kind,
            K::ActivityReminder
                | K::ActivityCancelled
                | K::ActivityChanged
                | K::SignUpAccepted
                | K::SignUpPromoted
                | K::NeedAccepted
                | K::NeedRejected
                | K::NeedFulfilled
                | K::OrderTaken
                | K::OrderScheduled
                | K::OrderEscalated
                | K::VoucherExpiring
        ),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn retries_double_with_jitter_up_to_a_cap_then_stop() {
        assert_eq!(retry_after(1, 0.5), Some(TimeDelta::seconds(30)));
        assert_eq!(retry_after(2, 0.5), Some(TimeDelta::seconds(60)));
        assert_eq!(retry_after(3, 0.0), Some(TimeDelta::seconds(60)));
        assert_eq!(retry_after(3, 0.999_999).unwrap().num_seconds(), 179);
        assert_eq!(retry_after(7, 0.5), Some(TimeDelta::seconds(30 * 64)));
        assert_eq!(retry_after(MAX_ATTEMPTS, 0.5), None);
        assert_eq!(retry_after(MAX_ATTEMPTS + 5, 0.5), None);
        // Out-of-range jitter is clamped, and the wait never exceeds the cap's 1.5 times.
        assert_eq!(retry_after(1, -3.0), Some(TimeDelta::seconds(15)));
        for n in 1..MAX_ATTEMPTS {
            assert!(retry_after(n, 1.0).unwrap() <= RETRY_CAP * 3 / 2);
        }
    }

    #[test]
    fn quiet_hours_hold_until_they_end_in_city_time() {
        let night = QuietHours {
            from: 22 * 60,
            to: 7 * 60,
        };
        // 23:30 city time = 15:30 UTC: held until 07:00 city = 23:00 UTC.
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 15, 30, 0).unwrap();
        assert_eq!(
            night.release_at(now),
            Utc.with_ymd_and_hms(2026, 12, 1, 23, 0, 0).unwrap()
        );
        // 06:59:30 city: 30 s to go.
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 22, 59, 30).unwrap();
        assert_eq!(
            night.release_at(now),
            Utc.with_ymd_and_hms(2026, 12, 1, 23, 0, 0).unwrap()
        );
        // 07:00 and noon city: not quiet.
        let seven = Utc.with_ymd_and_hms(2026, 12, 1, 23, 0, 0).unwrap();
        assert_eq!(night.release_at(seven), seven);
        let noon = Utc.with_ymd_and_hms(2026, 12, 1, 4, 0, 0).unwrap();
        assert_eq!(night.release_at(noon), noon);
        // A window inside one day: 12:00–14:00 city.
        let lunch = QuietHours {
            from: 12 * 60,
            to: 14 * 60,
        };
        let at = Utc.with_ymd_and_hms(2026, 12, 1, 4, 15, 0).unwrap();
        assert_eq!(
            lunch.release_at(at),
            Utc.with_ymd_and_hms(2026, 12, 1, 6, 0, 0).unwrap()
        );
        // Equal ends: never quiet.
        let none = QuietHours { from: 600, to: 600 };
        assert_eq!(none.release_at(at), at);
    }

    #[test]
    fn the_inbox_carries_everything_and_sms_only_what_is_urgent() {
        for kind in EventKind::ALL {
            assert!(on_by_default(*kind, Channel::Inbox));
            assert!(!on_by_default(*kind, Channel::Webhook));
        }
        assert!(on_by_default(EventKind::ActivityReminder, Channel::Sms));
        assert!(!on_by_default(EventKind::StarReached, Channel::Sms));
        assert!(on_by_default(EventKind::OrderTaken, Channel::Wechat));
    }
}
