//! Webhooks' rules: what a subscription may name (an http(s) URL, known event kinds) and how
//! a delivery is signed.
//!
//! The signature: `Youai-Webhook-Signature: v1=<hex>` where `<hex>` is the lowercase hex
//! HMAC-SHA256, keyed with the webhook's secret (the whole `whsec_…` string, as UTF-8 bytes),
//! of `"{timestamp}.{body}"` — the `Youai-Webhook-Timestamp` header (Unix seconds, decimal),
//! a full stop, and the raw request body exactly as received.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use youai_types::EventKind;

use crate::validate::Errors;

type HmacSha256 = Hmac<Sha256>;

/// The longest URL a webhook may have.
pub const URL_MAX_CHARS: usize = 2000;
/// The longest description.
pub const DESCRIPTION_MAX_CHARS: usize = 200;
/// What a secret starts with.
pub const SECRET_PREFIX: &str = "whsec_";

/// Checks a webhook's URL: absolute `http://` or `https://` with a host, no spaces or control
/// characters, no credentials, no fragment, at most [`URL_MAX_CHARS`].
pub fn check_url(e: &mut Errors, field: &str, url: &str) {
    if url.is_empty() {
        e.add(field, "required", "不能为空");
        return;
    }
    if url.chars().count() > URL_MAX_CHARS {
        e.add(field, "too_long", format!("最多 {URL_MAX_CHARS} 个字符"));
        return;
    }
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    let Some(rest) = rest else {
        e.add(field, "invalid_url", "须为 http:// 或 https:// 开头的网址");
        return;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority
        .rsplit_once(':')
        .filter(|(_, port)| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()))
        .map_or(authority, |(h, _)| h);
    if url.chars().any(|c| c.is_whitespace() || c.is_control())
        || host.is_empty()
        || authority.contains('@')
        || url.contains('#')
    {
        e.add(
            field,
            "invalid_url",
            "须为完整的 http(s) 网址（含主机名，不含空格、账号密码或 #片段）",
        );
    }
}

/// Parses the event kinds a webhook subscribes to: at least one, each a known wire name;
/// repeats are dropped, the order kept.
pub fn parse_kinds(e: &mut Errors, field: &str, kinds: &[String]) -> Vec<EventKind> {
    if kinds.is_empty() {
        e.add(field, "required", "至少订阅一种事件");
        return Vec::new();
    }
    let mut out = Vec::new();
    for k in kinds {
        match EventKind::parse(k.trim()) {
            Some(kind) if !out.contains(&kind) => out.push(kind),
            Some(_) => {}
            None => e.add(field, "unknown_event_kind", format!("没有这种事件：{k}")),
        }
    }
    out
}

/// The signature header's value for a body sent at `timestamp` (Unix seconds):
/// `v1=` and the hex HMAC-SHA256 of `"{timestamp}.{body}"` keyed with `secret`.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = match HmacSha256::new_from_slice(secret.as_bytes()) {
        Ok(m) => m,
        // HMAC takes a key of any length.
        Err(_) => return String::new(),
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    let bytes = mac.finalize().into_bytes();
    let mut hex = String::with_capacity(3 + bytes.len() * 2);
    hex.push_str("v1=");
    for b in bytes {
        hex.push_str(&format!("{b:02x}"));
    }
    hex
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn url_errors(url: &str) -> Vec<String> {
        let mut e = Errors::default();
        check_url(&mut e, "url", url);
        e.0.into_iter().map(|f| f.code).collect()
    }

    #[test]
    fn urls() {
        for ok in [
            "https://hooks.example.cn/youai",
            "http://127.0.0.1:8080/hook?x=1",
            "HTTPS://Example.com",
            "http://[::1]:9000/",
        ] {
            assert!(url_errors(ok).is_empty(), "{ok}");
        }
        for (bad, code) in [
            ("", "required"),
            ("ftp://example.com/", "invalid_url"),
            ("example.com/hook", "invalid_url"),
            ("https://", "invalid_url"),
            ("https:///path", "invalid_url"),
            ("https://user:pw@example.com/", "invalid_url"),
            ("https://example.com/a b", "invalid_url"),
            ("https://example.com/#frag", "invalid_url"),
            ("javascript:alert(1)", "invalid_url"),
        ] {
            assert_eq!(url_errors(bad), vec![code.to_owned()], "{bad}");
        }
        let long = format!("https://example.com/{}", "a".repeat(URL_MAX_CHARS));
        assert_eq!(url_errors(&long), vec!["too_long".to_owned()]);
    }

    #[test]
    fn kinds() {
        let mut e = Errors::default();
        let k = parse_kinds(
            &mut e,
            "kinds",
            &[
                "sign_up.accepted".into(),
                "order.taken".into(),
                "sign_up.accepted".into(),
            ],
        );
        assert!(e.0.is_empty());
        assert_eq!(k, vec![EventKind::SignUpAccepted, EventKind::OrderTaken]);
        let mut e = Errors::default();
        parse_kinds(&mut e, "kinds", &[]);
        assert_eq!(e.0[0].code, "required");
        let mut e = Errors::default();
        parse_kinds(&mut e, "kinds", &["sign_up.nope".into()]);
        assert_eq!(e.0[0].code, "unknown_event_kind");
    }

    #[test]
    fn signature_matches_a_known_vector() {
        // Computed independently with Python's hmac module:
        // hmac.new(b"whsec_test", b'1700000000.{"a":1}', hashlib.sha256).hexdigest()
        let s = signature("whsec_test", 1_700_000_000, r#"{"a":1}"#);
        assert_eq!(
            s,
            "v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789"
        );
        assert_ne!(s, signature("whsec_test", 1_700_000_001, r#"{"a":1}"#));
        assert_ne!(s, signature("whsec_tesT", 1_700_000_000, r#"{"a":1}"#));
    }
}
