//! What the HTTP providers share: one client with timeouts, and how a failed exchange becomes a
//! [`SendError`] (5xx, 429 and transport failures are worth another try; other 4xx are not).

use std::time::Duration;

use super::SendError;

/// How long one call to a gateway may take.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// A client for a gateway: connect and whole-request timeouts, no redirects.
pub fn client() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .connect_timeout(Duration::from_secs(5))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| format!("HTTP client: {e}"))
}

/// A request that got no answer (timeout, refused connection, broken body): retryable.
pub fn transport(gateway: &str, e: &reqwest::Error) -> SendError {
    let what = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "failed"
    };
    SendError::retryable(
        e.status().map(|s| s.as_u16()),
        format!("{gateway}: request {what}: {e}"),
    )
}

/// An answer with a status other than 2xx: retryable for 5xx and 429 (throttled).
pub fn status(gateway: &str, status: u16, body: &str) -> SendError {
    let snippet: String = body.chars().take(200).collect();
    SendError {
        status_code: Some(status),
        message: format!("{gateway}: HTTP {status}: {snippet}"),
        retryable: status >= 500 || status == 429 || status == 408,
    }
}

/// `base` without a trailing slash, checked to be an http(s) URL.
pub fn base_url(setting: &str, base: &str) -> Result<String, String> {
    let base = base.trim().trim_end_matches('/');
    match reqwest::Url::parse(base) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {
            Ok(base.to_owned())
        }
        _ => Err(format!("{setting}: '{base}' is not an http(s):// URL")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_worth_retrying() {
        assert!(status("x", 500, "").retryable);
        assert!(status("x", 503, "").retryable);
        assert!(status("x", 429, "").retryable);
        assert!(!status("x", 400, "").retryable);
        assert!(!status("x", 403, "").retryable);
        assert_eq!(status("x", 502, "bad").status_code, Some(502));
    }

    #[test]
    fn base_urls() {
        assert_eq!(
            base_url("S", "https://sms.tencentcloudapi.com/").as_deref(),
            Ok("https://sms.tencentcloudapi.com")
        );
        assert!(base_url("S", "ftp://x").is_err());
        assert!(base_url("S", "nonsense").is_err());
    }
}
