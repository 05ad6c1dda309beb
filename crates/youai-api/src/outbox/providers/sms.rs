//! Text messages through Tencent Cloud SMS (腾讯云短信), API 3.0 `SendSms` (version
//! `2021-01-11`), signed with **TC3-HMAC-SHA256** exactly as the gateway checks it:
//!
//! 1. The canonical request is
//!    `POST\n/\n\n` + the canonical headers
//!    `content-type:application/json; charset=utf-8\nhost:{host}\nx-tc-action:sendsms\n` +
//!    `\n` + the signed headers `content-type;host;x-tc-action` + `\n` + the lowercase hex
//!    SHA-256 of the JSON body.
//! 2. The string to sign is `TC3-HMAC-SHA256\n{timestamp}\n{date}/sms/tc3_request\n` + the
//!    lowercase hex SHA-256 of the canonical request, where `date` is the UTC day
//!    (`YYYY-MM-DD`) of the Unix `timestamp` sent in `X-TC-Timestamp`.
//! 3. The key is derived as `HMAC("TC3" + SecretKey, date)`, then `HMAC(·, "sms")`, then
//!    `HMAC(·, "tc3_request")`; the signature is the lowercase hex `HMAC(key, string to sign)`.
//! 4. `Authorization: TC3-HMAC-SHA256 Credential={SecretId}/{date}/sms/tc3_request,
//!    SignedHeaders=content-type;host;x-tc-action, Signature={signature}`, with the headers
//!    `X-TC-Action: SendSms`, `X-TC-Version: 2021-01-11`, `X-TC-Timestamp`, `X-TC-Region`.
//!
//! The body sends one number (`+86` prefixed) with the configured SDK app id, signature name
//! and template; the template has one parameter (`{1}`) that carries the whole text. The
//! gateway answers HTTP 200 both ways: `Response.Error` (`Code`, `Message`) when the call was
//! refused, else `Response.SendStatusSet[0].Code` is `Ok` or says why this number failed.
//! `InternalError.*`, `RequestLimitExceeded*` and `LimitExceeded.*` (throttling) are worth
//! another try; anything else (a bad signature, a bad number, an unapproved template) is not.

use chrono::{DateTime, Utc};
use futures_util::future::BoxFuture;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::http;
use super::{SendError, Sent, SmsProvider};

pub const ALGORITHM: &str = "TC3-HMAC-SHA256";
pub const SERVICE: &str = "sms";
pub const ACTION: &str = "SendSms";
pub const VERSION: &str = "2021-01-11";
pub const CONTENT_TYPE: &str = "application/json; charset=utf-8";
pub const SIGNED_HEADERS: &str = "content-type;host;x-tc-action";
/// Tencent's endpoint when no base URL is configured.
pub const DEFAULT_BASE_URL: &str = "https://sms.tencentcloudapi.com";
pub const DEFAULT_REGION: &str = "ap-guangzhou";

/// The gateway's settings (`YOUAI_SMS_*`).
#[derive(Clone)]
pub struct TencentSmsConfig {
    pub base_url: String,
    /// SecretId (`AKID…`).
    pub secret_id: String,
    pub secret_key: String,
    /// SmsSdkAppId (`1400…`).
    pub sdk_app_id: String,
    /// The approved signature (签名), e.g. `友爱`.
    pub sign_name: String,
    /// The approved template whose one parameter `{1}` is the text.
    pub template_id: String,
    pub region: String,
}

impl std::fmt::Debug for TencentSmsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TencentSmsConfig")
            .field("base_url", &self.base_url)
            .field("secret_id", &self.secret_id)
            .field("sdk_app_id", &self.sdk_app_id)
            .field("sign_name", &self.sign_name)
            .field("template_id", &self.template_id)
            .field("region", &self.region)
            .finish_non_exhaustive()
    }
}

/// Tencent Cloud SMS over HTTP.
pub struct TencentSms {
    config: TencentSmsConfig,
    url: reqwest::Url,
    host: String,
    client: reqwest::Client,
}

impl TencentSms {
    pub fn new(mut config: TencentSmsConfig) -> Result<Self, String> {
        config.base_url = http::base_url("YOUAI_SMS_BASE_URL", &config.base_url)?;
        let url = reqwest::Url::parse(&format!("{}/", config.base_url))
            .map_err(|e| format!("YOUAI_SMS_BASE_URL: {e}"))?;
        let host = host_of(&url);
        Ok(TencentSms {
            config,
            url,
            host,
            client: http::client()?,
        })
    }

    /// The JSON body of one `SendSms` call.
    pub fn body(&self, phone: &str, text: &str) -> String {
        json!({
            "PhoneNumberSet": [e164(phone)],
            "SmsSdkAppId": self.config.sdk_app_id,
            "SignName": self.config.sign_name,
            "TemplateId": self.config.template_id,
            "TemplateParamSet": [text],
        })
        .to_string()
    }

    async fn call(&self, phone: &str, text: &str) -> Result<Sent, SendError> {
        let body = self.body(phone, text);
        let now = Utc::now();
        let auth = authorization(
            &self.config.secret_id,
            &self.config.secret_key,
            &self.host,
            now,
            &body,
        );
        let response = self
            .client
            .post(self.url.clone())
            .header("Authorization", auth)
            .header("Content-Type", CONTENT_TYPE)
            .header("X-TC-Action", ACTION)
            .header("X-TC-Version", VERSION)
            .header("X-TC-Timestamp", now.timestamp().to_string())
            .header("X-TC-Region", &self.config.region)
            .body(body)
            .send()
            .await
            .map_err(|e| http::transport("Tencent SMS", &e))?;
        let status = response.status().as_u16();
        let text = response
            .text()
            .await
            .map_err(|e| http::transport("Tencent SMS", &e))?;
        if !(200..300).contains(&status) {
            return Err(http::status("Tencent SMS", status, &text));
        }
        outcome(status, &text)
    }
}

impl SmsProvider for TencentSms {
    fn send<'a>(&'a self, phone: &'a str, text: &'a str) -> BoxFuture<'a, Result<Sent, SendError>> {
        Box::pin(self.call(phone, text))
    }
}

/// `host[:port]` as the `Host` header carries it (the port only when not the scheme's).
pub fn host_of(url: &reqwest::Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_owned(),
    }
}

/// A mainland number as E.164 (`+8613800138000`); a number already with `+` is kept.
pub fn e164(phone: &str) -> String {
    if phone.starts_with('+') {
        phone.to_owned()
    } else {
        format!("+86{phone}")
    }
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    // HMAC takes a key of any length: this cannot fail.
    match <Hmac<Sha256> as Mac>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data.as_bytes());
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

fn sha256_hex(data: &str) -> String {
    hex::encode(Sha256::digest(data.as_bytes()))
}

/// The canonical request of a `SendSms` POST with `body` to `host`.
pub fn canonical_request(host: &str, body: &str) -> String {
    format!(
        "POST\n/\n\ncontent-type:{CONTENT_TYPE}\nhost:{host}\nx-tc-action:{}\n\n{SIGNED_HEADERS}\n{}",
        ACTION.to_ascii_lowercase(),
        sha256_hex(body)
    )
}

/// The lowercase hex signature of a `SendSms` POST at `at`.
pub fn signature(secret_key: &str, host: &str, at: DateTime<Utc>, body: &str) -> String {
    let date = at.format("%Y-%m-%d").to_string();
    let scope = format!("{date}/{SERVICE}/tc3_request");
    let to_sign = format!(
        "{ALGORITHM}\n{}\n{scope}\n{}",
        at.timestamp(),
        sha256_hex(&canonical_request(host, body))
    );
    let k_date = hmac(format!("TC3{secret_key}").as_bytes(), &date);
    let k_service = hmac(&k_date, SERVICE);
    let k_signing = hmac(&k_service, "tc3_request");
    hex::encode(hmac(&k_signing, &to_sign))
}

/// The `Authorization` header of a `SendSms` POST at `at`.
pub fn authorization(
    secret_id: &str,
    secret_key: &str,
    host: &str,
    at: DateTime<Utc>,
    body: &str,
) -> String {
    let date = at.format("%Y-%m-%d");
    format!(
        "{ALGORITHM} Credential={secret_id}/{date}/{SERVICE}/tc3_request, SignedHeaders={SIGNED_HEADERS}, Signature={}",
        signature(secret_key, host, at, body)
    )
}

/// Whether an error code of the gateway is worth another try (throttling, its own faults).
pub fn retryable_code(code: &str) -> bool {
    code.starts_with("InternalError")
        || code.starts_with("RequestLimitExceeded")
        || code.starts_with("LimitExceeded")
        || code == "ResourceUnavailable"
}

/// What a 2xx answer says.
pub fn outcome(status: u16, text: &str) -> Result<Sent, SendError> {
    let v: Value = serde_json::from_str(text).map_err(|_| {
        SendError::retryable(
            Some(status),
            format!(
                "Tencent SMS: not JSON: {}",
                text.chars().take(200).collect::<String>()
            ),
        )
    })?;
    let r = v.get("Response").unwrap_or(&Value::Null);
    let (code, message) = if let Some(e) = r.get("Error") {
        (
            e.get("Code")
                .and_then(Value::as_str)
                .unwrap_or("Unknown")
                .to_owned(),
            e.get("Message")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        )
    } else {
        let first = r
            .get("SendStatusSet")
            .and_then(|s| s.get(0))
            .cloned()
            .unwrap_or(Value::Null);
        (
            first
                .get("Code")
                .and_then(Value::as_str)
                .unwrap_or("NoSendStatus")
                .to_owned(),
            first
                .get("Message")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        )
    };
    if code == "Ok" {
        return Ok(Sent {
            status_code: Some(status),
        });
    }
    Err(SendError {
        status_code: Some(status),
        retryable: retryable_code(&code),
        message: format!("Tencent SMS {code}: {message}"),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn canonical_request_and_scope() {
        let c = canonical_request("sms.tencentcloudapi.com", "{}");
        assert_eq!(
            c,
            "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:sms.tencentcloudapi.com\nx-tc-action:sendsms\n\ncontent-type;host;x-tc-action\n44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        );
        let at = Utc.with_ymd_and_hms(2026, 12, 1, 23, 59, 0).unwrap();
        let a = authorization("AKIDx", "secret", "h", at, "{}");
        assert!(a.starts_with(
            "TC3-HMAC-SHA256 Credential=AKIDx/2026-12-01/sms/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature="
        ));
        // Deterministic, and any change to the body, host, time or key changes it.
        let s = signature("secret", "h", at, "{}");
        assert_eq!(s.len(), 64);
        assert_eq!(s, signature("secret", "h", at, "{}"));
        assert_ne!(s, signature("secret", "h", at, "{ }"));
        assert_ne!(s, signature("secret", "h2", at, "{}"));
        assert_ne!(s, signature("secreT", "h", at, "{}"));
    }

    #[test]
    fn answers() {
        let ok = r#"{"Response":{"SendStatusSet":[{"Code":"Ok","Message":"send success"}],"RequestId":"r"}}"#;
        assert_eq!(
            outcome(200, ok),
            Ok(Sent {
                status_code: Some(200)
            })
        );
        let auth = r#"{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"bad"},"RequestId":"r"}}"#;
        let e = outcome(200, auth).unwrap_err();
        assert!(!e.retryable);
        assert!(e.message.contains("AuthFailure.SignatureFailure"), "{e:?}");
        let busy = r#"{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"slow"},"RequestId":"r"}}"#;
        assert!(outcome(200, busy).unwrap_err().retryable);
        let limit = r#"{"Response":{"SendStatusSet":[{"Code":"LimitExceeded.PhoneNumberThirtySecondLimit","Message":"x"}],"RequestId":"r"}}"#;
        assert!(outcome(200, limit).unwrap_err().retryable);
        let bad = r#"{"Response":{"SendStatusSet":[{"Code":"InvalidParameterValue.IncorrectPhoneNumber","Message":"x"}],"RequestId":"r"}}"#;
        assert!(!outcome(200, bad).unwrap_err().retryable);
        assert!(outcome(200, "<html>").unwrap_err().retryable);
    }

    #[test]
    fn numbers() {
        assert_eq!(e164("13800138000"), "+8613800138000");
        assert_eq!(e164("+8613800138000"), "+8613800138000");
    }
}
