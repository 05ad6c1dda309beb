//! Rotating signed check-in tokens (签到码): the code a volunteer's phone shows as a QR code and
//! a team leader scans at the venue.
//!
//! A token is `v1.<volunteer_id>.<window>.<mac>`, where `window = floor(now_unix / 30)` and
//! `mac` is the first 16 bytes of HMAC-SHA256(key, `checkin|v1|<volunteer_id>|<window>`) in
//! unpadded base64url; the numbers are plain decimal. Every character is URL-safe, e.g.
//! `v1.42.56666666.pfEsewyfVLjKrP2BwmdpAA`.
//!
//! A token issued in window `w` verifies while `floor(now_unix / 30)` is `w` or `w + 1`: from
//! 30 to 60 seconds after issue, depending on where in its window it was issued. The app shows
//! a fresh one every 30 seconds, so a screenshot goes stale within a minute.
//!
//! Under the QR code the volunteer's screen shows a **short code**: six digits from the HMAC of
//! `checkin|code|v1|<volunteer_id>|<window>`, rotating with the token, for a leader to type when
//! the camera cannot read the screen. Six digits do not name anyone: the server tries them
//! against the activity's expected volunteers only (a few dozen), so a guess has about one
//! chance in ten thousand per expected volunteer of meaning anyone, and a match is used up like
//! a scanned token (the same `(volunteer_id, window)` pair).
//!
//! The token proves who the volunteer is and roughly when it was shown; it is not secret (the
//! volunteer id is in clear) and it can be replayed within its minute. Replay protection is
//! the server's job: it stores the `(volunteer_id, window)` pairs it has accepted and refuses
//! one seen before. The key is a server secret of at least 32 random bytes.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Seconds per window.
pub const WINDOW_SECS: i64 = 30;
/// Bytes of the HMAC kept in the token.
const MAC_LEN: usize = 16;
/// Base64url characters for [`MAC_LEN`] bytes, unpadded.
const MAC_CHARS: usize = 22;
/// Longer than any well-formed token (`v1.` + two 20-character numbers + 3 + 22).
const MAX_TOKEN_LEN: usize = 80;

/// A token that verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    pub volunteer_id: i64,
    /// The window it was issued in: with `volunteer_id`, the key for replay protection.
    pub window: i64,
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    /// Not a token of this format at all.
    Malformed,
    /// Well-formed but not signed with our key, or altered.
    BadSignature,
    /// Genuine but not of the current or the previous window.
    Expired,
    /// Six digits that are no expected volunteer's code now (wrong, or expired).
    UnknownCode,
    /// Six digits that are the code of two expected volunteers at once (very rare): scan.
    AmbiguousCode,
}

impl TokenError {
    /// A stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            TokenError::Malformed => "malformed_token",
            TokenError::BadSignature => "bad_signature",
            TokenError::Expired => "token_expired",
            TokenError::UnknownCode => "unknown_code",
            TokenError::AmbiguousCode => "ambiguous_code",
        }
    }

    /// A Chinese message for the leader who scanned it.
    pub fn message(self) -> &'static str {
        match self {
            TokenError::Malformed => "无法识别的签到码",
            TokenError::BadSignature => "签到码无效",
            TokenError::Expired => "签到码已过期，请志愿者刷新后重新出示",
            TokenError::UnknownCode => "数字签到码不对或已过期，请核对志愿者屏幕上的 6 位数字",
            TokenError::AmbiguousCode => "该数字签到码无法确定是哪位志愿者，请扫描二维码",
        }
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for TokenError {}

/// The window `now_unix` falls in (flooring, also before 1970).
pub fn window_of(now_unix: i64) -> i64 {
    now_unix.div_euclid(WINDOW_SECS)
}

/// The HMAC over a token's fields, ready to finalize or verify.
fn mac(key: &[u8], volunteer_id: i64, window: i64) -> Option<HmacSha256> {
    // HMAC takes keys of any length, so this never fails.
    let mut mac = HmacSha256::new_from_slice(key).ok()?;
    mac.update(format!("checkin|v1|{volunteer_id}|{window}").as_bytes());
    Some(mac)
}

/// Issues the token for `volunteer_id` at `now_unix` (seconds since the Unix epoch).
pub fn issue(key: &[u8], volunteer_id: i64, now_unix: i64) -> String {
    let window = window_of(now_unix);
    // Were the HMAC ever unavailable, the MAC would be empty and the token never verify.
    let tag = mac(key, volunteer_id, window)
        .map(|m| {
            let full = m.finalize().into_bytes();
            URL_SAFE_NO_PAD.encode(full.get(..MAC_LEN).unwrap_or_default())
        })
        .unwrap_or_default();
    format!("v1.{volunteer_id}.{window}.{tag}")
}

/// A decimal `i64` in its one canonical spelling (no `+`, no leading zeros, no `-0`), so
/// that each (volunteer, window) has exactly one valid token.
fn canonical_i64(s: &str) -> Option<i64> {
    let n = s.parse::<i64>().ok()?;
    (n.to_string() == s).then_some(n)
}

/// Verifies `token` at `now_unix`: well-formed, signed with `key` (compared in constant
/// time), and issued in the current window or the one before. Checks run in that order, so
/// `Expired` is only ever said of a genuine token.
pub fn verify(key: &[u8], token: &str, now_unix: i64) -> Result<Verified, TokenError> {
    if token.len() > MAX_TOKEN_LEN {
        return Err(TokenError::Malformed);
    }
    let mut parts = token.split('.');
    let (Some("v1"), Some(id), Some(window), Some(tag), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(TokenError::Malformed);
    };
    let (Some(volunteer_id), Some(window)) = (canonical_i64(id), canonical_i64(window)) else {
        return Err(TokenError::Malformed);
    };
    if tag.len() != MAC_CHARS {
        return Err(TokenError::Malformed);
    }
    // The decoder refuses non-zero trailing bits, so the tag's spelling is canonical too.
    let tag = URL_SAFE_NO_PAD
        .decode(tag)
        .map_err(|_| TokenError::Malformed)?;
    if tag.len() != MAC_LEN {
        return Err(TokenError::Malformed);
    }
    // `verify_slice` wants the whole 32-byte MAC; this is its constant-time sibling for a
    // MAC truncated to its left part.
    mac(key, volunteer_id, window)
        .ok_or(TokenError::BadSignature)?
        .verify_truncated_left(&tag)
        .map_err(|_| TokenError::BadSignature)?;
    let current = window_of(now_unix);
    if window == current || window.checked_add(1) == Some(current) {
        Ok(Verified {
            volunteer_id,
            window,
        })
    } else {
        Err(TokenError::Expired)
    }
}

/// The six digits shown under the QR code of `volunteer_id` in `window`.
pub fn short_code(key: &[u8], volunteer_id: i64, window: i64) -> String {
    let n = HmacSha256::new_from_slice(key)
        .map(|mut m| {
            m.update(format!("checkin|code|v1|{volunteer_id}|{window}").as_bytes());
            let full = m.finalize().into_bytes();
            let mut first = [0u8; 8];
            first.copy_from_slice(full.get(..8).unwrap_or(&[0; 8]));
            u64::from_be_bytes(first) % 1_000_000
        })
        .unwrap_or_default();
    format!("{n:06}")
}

/// Which of `expected` (the volunteers who may be checked in or out here) has `typed` as their
/// short code now, in the current window or the one before; spaces are ignored.
pub fn match_short_code(
    key: &[u8],
    typed: &str,
    expected: &[i64],
    now_unix: i64,
) -> Result<Verified, TokenError> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(TokenError::Malformed);
    }
    let current = window_of(now_unix);
    let mut found = Vec::new();
    for window in [current, current.saturating_sub(1)] {
        for &volunteer_id in expected {
            if short_code(key, volunteer_id, window) == digits {
                found.push(Verified {
                    volunteer_id,
                    window,
                });
            }
        }
        // The newest window first: a code shown now wins over one a minute old.
        if !found.is_empty() {
            break;
        }
    }
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(TokenError::UnknownCode),
        _ => Err(TokenError::AmbiguousCode),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"test-key-0123456789abcdef0123456";
    const NOW: i64 = 1_700_000_000; // window 56 666 666, 20 s into it

    #[test]
    fn wire_format_is_pinned() {
        // Computed independently (Python's hmac and base64 modules).
        assert_eq!(issue(KEY, 42, NOW), "v1.42.56666666.pfEsewyfVLjKrP2BwmdpAA");
        assert_eq!(
            verify(KEY, "v1.42.56666666.pfEsewyfVLjKrP2BwmdpAA", NOW),
            Ok(Verified {
                volunteer_id: 42,
                window: 56_666_666
            })
        );
    }

    #[test]
    fn round_trip() {
        for id in [1, 42, 987_654_321, i64::MAX, 0, -7] {
            for now in [0, 29, 30, NOW, -1, -31, i64::MAX] {
                let token = issue(KEY, id, now);
                assert!(token.len() <= MAX_TOKEN_LEN, "{token}");
                assert!(
                    token
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)),
                    "{token} is not URL-safe"
                );
                assert_eq!(
                    verify(KEY, &token, now),
                    Ok(Verified {
                        volunteer_id: id,
                        window: window_of(now)
                    }),
                    "{token}"
                );
            }
        }
        assert_eq!(window_of(-1), -1);
        assert_eq!(window_of(-30), -1);
        assert_eq!(window_of(-31), -2);
    }

    #[test]
    fn rotation() {
        // Issued at second `phase` of window 100; verified `age` seconds later.
        let cases = [
            (0, 0, true),
            (0, 29, true),
            (0, 31, true),
            (0, 59, true),
            (0, 60, false),
            (0, 61, false),
            (20, 31, true),
            (20, 39, true),
            (20, 40, false),
            (28, 31, true),
            (29, 30, true),
            (29, 31, false), // issued at the very end of its window: 31 s is too late
            (15, 61, false),
            (0, 3_600, false),
            // From the future (a clock ahead of ours) is no better.
            (0, -1, false),
            (15, -20, false),
        ];
        for (phase, age, valid) in cases {
            let issued = 100 * WINDOW_SECS + phase;
            let token = issue(KEY, 42, issued);
            let got = verify(KEY, &token, issued + age);
            if valid {
                assert!(got.is_ok(), "phase {phase}, age {age}: {got:?}");
            } else {
                assert_eq!(got, Err(TokenError::Expired), "phase {phase}, age {age}");
            }
        }
    }

    #[test]
    fn forgeries_and_garbage() {
        let token = issue(KEY, 42, NOW);
        let tag = token.rsplit('.').next().unwrap();
        let window = window_of(NOW);
        let mut flipped = tag.to_string();
        flipped.replace_range(0..1, if tag.starts_with('A') { "B" } else { "A" });
        let cases: Vec<(String, TokenError)> = vec![
            // Someone else's id with this MAC.
            (format!("v1.43.{window}.{tag}"), TokenError::BadSignature),
            // A later window with this MAC, to stretch its life.
            (
                format!("v1.42.{}.{tag}", window + 1),
                TokenError::BadSignature,
            ),
            (
                format!("v1.42.{window}.{flipped}"),
                TokenError::BadSignature,
            ),
            (
                format!("v1.42.{window}.AAAAAAAAAAAAAAAAAAAAAA"),
                TokenError::BadSignature,
            ),
            // Non-canonical spellings of the same numbers.
            (format!("v1.042.{window}.{tag}"), TokenError::Malformed),
            (format!("v1.+42.{window}.{tag}"), TokenError::Malformed),
            (format!("v1.42.0{window}.{tag}"), TokenError::Malformed),
            (format!("v1.42.{window}.{tag}="), TokenError::Malformed),
            (format!("v1.42.{window}.{tag}A"), TokenError::Malformed),
            (format!("v1.42.{window}"), TokenError::Malformed),
            (format!("v2.42.{window}.{tag}"), TokenError::Malformed),
            (format!("V1.42.{window}.{tag}"), TokenError::Malformed),
            (format!("{token}."), TokenError::Malformed),
            (format!(" {token}"), TokenError::Malformed),
            (
                format!("v1.42.{window}.{}", "A".repeat(200)),
                TokenError::Malformed,
            ),
            // Standard rather than URL-safe base64.
            (
                format!("v1.42.{window}.+++++++++++++++++++++A"),
                TokenError::Malformed,
            ),
            // 22 characters whose last carries non-zero spare bits.
            (
                format!("v1.42.{window}.AAAAAAAAAAAAAAAAAAAAAB"),
                TokenError::Malformed,
            ),
            ("".into(), TokenError::Malformed),
            ("garbage".into(), TokenError::Malformed),
            ("v1...".into(), TokenError::Malformed),
            (
                "v1.签到.1.AAAAAAAAAAAAAAAAAAAAAA".into(),
                TokenError::Malformed,
            ),
            (
                "v1.42.99999999999999999999.AAAAAAAAAAAAAAAAAAAAAA".into(),
                TokenError::Malformed,
            ),
        ];
        for (bad, expected) in cases {
            assert_eq!(verify(KEY, &bad, NOW), Err(expected), "{bad:?}");
        }
    }

    #[test]
    fn wrong_key() {
        let token = issue(KEY, 42, NOW);
        assert_eq!(
            verify(b"another-key-0123456789abcdef0123", &token, NOW),
            Err(TokenError::BadSignature)
        );
        assert_eq!(verify(b"", &token, NOW), Err(TokenError::BadSignature));
        // Long keys are hashed first, per HMAC; still a different key.
        let long = [7u8; 200];
        let token = issue(&long, 42, NOW);
        assert!(verify(&long, &token, NOW).is_ok());
        assert_eq!(verify(KEY, &token, NOW), Err(TokenError::BadSignature));
    }

    #[test]
    fn bad_signature_is_reported_before_expiry() {
        let old = issue(b"another-key-0123456789abcdef0123", 42, NOW - 3_600);
        assert_eq!(verify(KEY, &old, NOW), Err(TokenError::BadSignature));
    }

    #[test]
    fn codes_and_messages() {
        let cases = [
            (TokenError::Malformed, "malformed_token"),
            (TokenError::BadSignature, "bad_signature"),
            (TokenError::Expired, "token_expired"),
        ];
        for (e, code) in cases {
            assert_eq!(e.code(), code);
            assert!(!e.message().is_empty());
            assert_eq!(e.to_string(), e.message());
        }
    }

    #[test]
    fn short_codes_rotate_and_name_one_expected_volunteer() {
        let code = short_code(KEY, 42, window_of(NOW));
        // Pinned (Python's hmac): the first 8 bytes, big-endian, modulo a million.
        assert_eq!(code, "016141");
        assert!(code.bytes().all(|b| b.is_ascii_digit()), "{code}");
        assert_ne!(code, short_code(KEY, 42, window_of(NOW) + 1), "it rotates");
        assert_ne!(
            code,
            short_code(KEY, 43, window_of(NOW)),
            "it differs per volunteer"
        );
        assert_ne!(
            code,
            short_code(b"another-key-0123456789abcdef0123", 42, window_of(NOW))
        );
        let expected = [7, 42, 1001];
        let found = Verified {
            volunteer_id: 42,
            window: window_of(NOW),
        };
        assert_eq!(match_short_code(KEY, &code, &expected, NOW), Ok(found));
        // Typed with a space, and still good in the next window; gone in the one after.
        let (head, tail) = code.split_at(3);
        let spaced = format!("{head} {tail}");
        assert_eq!(
            match_short_code(KEY, &spaced, &expected, NOW + 30),
            Ok(found)
        );
        assert_eq!(
            match_short_code(KEY, &code, &expected, NOW + 60),
            Err(TokenError::UnknownCode)
        );
        // Only the expected volunteers are tried.
        assert_eq!(
            match_short_code(KEY, &code, &[7, 1001], NOW),
            Err(TokenError::UnknownCode)
        );
        for bad in ["12345", "1234567", "12345a", "１２３４５６", ""] {
            assert_eq!(
                match_short_code(KEY, bad, &expected, NOW),
                Err(TokenError::Malformed),
                "{bad}"
            );
        }
        // Two expected volunteers with the same digits (found with Python's hmac): refused,
        // never guessed.
        assert_eq!(short_code(KEY, 1, window_of(NOW)), "360601");
        assert_eq!(short_code(KEY, 180_638, window_of(NOW)), "360601");
        assert_eq!(
            match_short_code(KEY, "360601", &[1, 180_638], NOW),
            Err(TokenError::AmbiguousCode)
        );
    }
}
