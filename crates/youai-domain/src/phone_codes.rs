//! Phone codes (issue 17): a 6-digit code sent by SMS confirms a phone at registration and
//! for a forgotten password. The rules: the code's form, how long it lives, how many guesses
//! it takes, and how often one may be sent to a phone or from an address.

use chrono::{Duration, NaiveDateTime};

/// Digits in a code.
pub const CODE_LENGTH: usize = 6;
/// How long a code is valid.
pub const CODE_TTL: Duration = Duration::minutes(5);
/// Wrong guesses after which a code is spent.
pub const MAX_TRIES: i32 = 5;
/// The least time between two codes to one phone.
pub const RESEND_AFTER: Duration = Duration::seconds(60);
/// The window of the hourly limits.
pub const WINDOW: Duration = Duration::hours(1);
/// Codes per phone (and purpose) per hour.
pub const MAX_PER_PHONE: usize = 5;
/// Codes requested from one address per hour (any phones).
pub const MAX_PER_IP: usize = 20;

/// Whether `code` has the form of a code: exactly six ASCII digits.
pub fn is_code(code: &str) -> bool {
    code.len() == CODE_LENGTH && code.bytes().all(|b| b.is_ascii_digit())
}

/// The code for a random number: its last six decimal digits, zero-padded (uniform when the
/// number is uniform below a multiple of a million, as `random_below(1_000_000)` is).
pub fn code_from(n: u32) -> String {
    format!("{:06}", n % 1_000_000)
}

/// The text message that carries a code.
pub fn text(code: &str) -> String {
    format!(
        "您的验证码是 {code}，{} 分钟内有效。如非本人操作，请忽略本短信。",
        CODE_TTL.num_minutes()
    )
}

/// How long a new code to a phone must wait, if at all: `by_phone` are the times codes were
/// sent to this phone for this purpose and `by_ip` from this address, within the last
/// [`WINDOW`] (any order). `None` means it may be sent now.
pub fn send_wait(
    now: NaiveDateTime,
    by_phone: &[NaiveDateTime],
    by_ip: &[NaiveDateTime],
) -> Option<Duration> {
    let since = now - WINDOW;
    let mut phone: Vec<_> = by_phone.iter().copied().filter(|t| *t > since).collect();
    let mut ip: Vec<_> = by_ip.iter().copied().filter(|t| *t > since).collect();
    phone.sort();
    ip.sort();
    let mut until: Vec<NaiveDateTime> = Vec::new();
    if let Some(last) = phone.last() {
        until.push(*last + RESEND_AFTER);
    }
    // Over a limit: wait until the oldest send that keeps the count at the limit leaves
    // the window.
    for (times, max) in [(&phone, MAX_PER_PHONE), (&ip, MAX_PER_IP)] {
        if times.len() >= max
            && let Some(t) = times.get(times.len() - max)
        {
            until.push(*t + WINDOW);
        }
    }
    until
        .into_iter()
        .max()
        .filter(|u| *u > now)
        .map(|u| u - now)
}

/// A stored code, as far as checking a guess needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeFacts {
    pub expires_at: NaiveDateTime,
    pub used: bool,
    /// Wrong guesses so far.
    pub tries: i32,
}

/// Why a guess does not confirm the phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeRefusal {
    /// No code was sent to this phone for this purpose.
    Missing,
    Expired,
    /// The code already confirmed something.
    Used,
    /// [`MAX_TRIES`] wrong guesses: ask for a new code.
    TooManyTries,
    /// Not the code; `tries_left` more guesses may be made.
    Wrong {
        tries_left: i32,
    },
}

impl CodeRefusal {
    /// The stable code of the field error.
    pub fn code(self) -> &'static str {
        match self {
            CodeRefusal::Missing => "code_not_sent",
            CodeRefusal::Expired => "code_expired",
            CodeRefusal::Used => "code_used",
            CodeRefusal::TooManyTries => "code_too_many_tries",
            CodeRefusal::Wrong { .. } => "code_wrong",
        }
    }

    /// What the person reads.
    pub fn message(self) -> String {
        match self {
            CodeRefusal::Missing => "请先获取验证码".into(),
            CodeRefusal::Expired => "验证码已过期，请重新获取".into(),
            CodeRefusal::Used => "验证码已使用，请重新获取".into(),
            CodeRefusal::TooManyTries => "验证码错误次数过多，请重新获取".into(),
            CodeRefusal::Wrong { tries_left } => {
                format!("验证码不正确，还可以再试 {tries_left} 次")
            }
        }
    }
}

/// Whether a guess confirms the phone, given the latest code sent (`None`: none) and whether
/// the guess matches its hash. A wrong guess counts: the caller records it.
pub fn check(
    latest: Option<CodeFacts>,
    matches: bool,
    now: NaiveDateTime,
) -> Result<(), CodeRefusal> {
    let Some(c) = latest else {
        return Err(CodeRefusal::Missing);
    };
    if c.used {
        return Err(CodeRefusal::Used);
    }
    if c.tries >= MAX_TRIES {
        return Err(CodeRefusal::TooManyTries);
    }
    if now >= c.expires_at {
        return Err(CodeRefusal::Expired);
    }
    if matches {
        Ok(())
    } else {
        Err(CodeRefusal::Wrong {
            tries_left: MAX_TRIES - c.tries - 1,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use chrono::NaiveDate;

    fn t(h: u32, m: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(h, m, s)
            .unwrap()
    }

    #[test]
    fn code_form() {
        assert!(is_code("012345"));
        assert!(!is_code("12345"));
        assert!(!is_code("1234567"));
        assert!(!is_code("12345a"));
        assert!(!is_code("１２３４５６"));
        assert_eq!(code_from(7), "000007");
        assert_eq!(code_from(1_234_567), "234567");
        assert!(is_code(&code_from(u32::MAX)));
    }

    #[test]
    fn resend_waits_a_minute() {
        let now = t(10, 0, 0);
        assert_eq!(send_wait(now, &[], &[]), None);
        assert_eq!(
            send_wait(now, &[t(9, 59, 30)], &[t(9, 59, 30)]),
            Some(Duration::seconds(30))
        );
        assert_eq!(send_wait(now, &[t(9, 59, 0)], &[]), None);
    }

    #[test]
    fn hourly_limit_per_phone() {
        let now = t(10, 0, 0);
        let sent = [
            t(9, 10, 0),
            t(9, 20, 0),
            t(9, 30, 0),
            t(9, 40, 0),
            t(9, 50, 0),
        ];
        // Five in the hour: wait until the first leaves the window at 10:10.
        assert_eq!(send_wait(now, &sent, &[]), Some(Duration::minutes(10)));
        // Four in the hour (one is older): only the minute since the last.
        assert_eq!(send_wait(now, &sent[1..], &[t(8, 0, 0)]), None);
        assert_eq!(send_wait(now, &[t(8, 0, 0); 9], &[]), None);
    }

    #[test]
    fn hourly_limit_per_address() {
        let now = t(10, 0, 0);
        let ip: Vec<_> = (0..20).map(|i| t(9, 30 + i, 0)).collect();
        assert_eq!(send_wait(now, &[], &ip), Some(Duration::minutes(30)));
        assert_eq!(send_wait(now, &[], &ip[1..]), None);
    }

    #[test]
    fn guesses() {
        let now = t(10, 0, 0);
        let fresh = CodeFacts {
            expires_at: t(10, 5, 0),
            used: false,
            tries: 0,
        };
        assert_eq!(check(Some(fresh), true, now), Ok(()));
        assert_eq!(
            check(Some(fresh), false, now),
            Err(CodeRefusal::Wrong { tries_left: 4 })
        );
        assert_eq!(check(None, true, now), Err(CodeRefusal::Missing));
        let used = CodeFacts {
            used: true,
            ..fresh
        };
        assert_eq!(check(Some(used), true, now), Err(CodeRefusal::Used));
        assert_eq!(
            check(Some(fresh), true, t(10, 5, 0)),
            Err(CodeRefusal::Expired)
        );
        let spent = CodeFacts { tries: 5, ..fresh };
        assert_eq!(
            check(Some(spent), true, now),
            Err(CodeRefusal::TooManyTries)
        );
        let last = CodeFacts { tries: 4, ..fresh };
        assert_eq!(
            check(Some(last), false, now),
            Err(CodeRefusal::Wrong { tries_left: 0 })
        );
        assert_eq!(CodeRefusal::Expired.code(), "code_expired");
    }
}
