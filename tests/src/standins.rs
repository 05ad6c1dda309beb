//! Local stand-ins for the SMS gateway (Tencent Cloud SMS `SendSms`, TC3-HMAC-SHA256) and
//! WeChat's template messages (access token, then template send). They speak the real
//! protocols, check requests as the real services do — the signature recomputed here
//! independently of the server's code, the access token against the one they issued — and
//! record what they accepted. Each can fail its first requests (HTTP 500 for SMS, errcode -1
//! "system busy" for WeChat) to exercise retries.

use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

pub const SMS_SECRET_ID: &str = "AKIDstandin0000000000000000000000000";
pub const SMS_SECRET_KEY: &str = "standin-secret-key-0000000000000";
pub const SMS_APP_ID: &str = "1400000001";
pub const SMS_SIGN_NAME: &str = "友爱";
pub const SMS_TEMPLATE_ID: &str = "1100001";
pub const WECHAT_APP_ID: &str = "wx0000standin0001";
pub const WECHAT_APP_SECRET: &str = "standin-app-secret";
pub const WECHAT_TEMPLATE_ID: &str = "tmpl-standin-activity";
pub const PUBLIC_URL: &str = "https://youai.example.cn";

fn spawn(app: impl Fn(&mut web::ServiceConfig) + Send + Clone + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = HttpServer::new(move || App::new().configure(app.clone()))
        .workers(1)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
    tokio::spawn(server);
    format!("http://127.0.0.1:{port}")
}

/// One text message the SMS stand-in accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sms {
    /// As sent: `+86…`.
    pub phone: String,
    pub text: String,
    pub sign_name: String,
    pub template_id: String,
}

#[derive(Default)]
struct SmsState {
    fail_first: usize,
    requests: usize,
    accepted: Vec<Sms>,
    /// Why requests were refused (bad signature…).
    refused: Vec<String>,
}

/// The SMS gateway stand-in.
#[derive(Clone)]
pub struct SmsStandIn {
    pub base: String,
    state: Arc<Mutex<SmsState>>,
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap();
    m.update(data);
    m.finalize().into_bytes().to_vec()
}

fn header(req: &HttpRequest, name: &str) -> String {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

fn tencent_error(code: &str, message: &str) -> HttpResponse {
    HttpResponse::Ok().json(json!({"Response": {
        "Error": {"Code": code, "Message": message},
        "RequestId": "standin-request",
    }}))
}

/// Checks a `SendSms` request as Tencent does; the refusal's code and message, if any.
fn check_tc3(req: &HttpRequest, body: &[u8]) -> Result<(), (&'static str, String)> {
    if header(req, "x-tc-action") != "SendSms" || header(req, "x-tc-version") != "2021-01-11" {
        return Err(("InvalidAction", "action or version".into()));
    }
    let ts: i64 = header(req, "x-tc-timestamp")
        .parse()
        .map_err(|_| ("MissingParameter", "X-TC-Timestamp".to_string()))?;
    let now = chrono::Utc::now().timestamp();
    if (now - ts).abs() > 300 {
        return Err(("AuthFailure.SignatureExpire", format!("timestamp {ts}")));
    }
    let auth = header(req, "authorization");
    let rest = auth
        .strip_prefix("TC3-HMAC-SHA256 ")
        .ok_or(("AuthFailure.InvalidAuthorization", auth.clone()))?;
    let mut parts: HashMap<&str, &str> = HashMap::new();
    for p in rest.split(", ") {
        if let Some((k, v)) = p.split_once('=') {
            parts.insert(k, v);
        }
    }
    let credential = parts.get("Credential").copied().unwrap_or_default();
    let signed_headers = parts.get("SignedHeaders").copied().unwrap_or_default();
    let signature = parts.get("Signature").copied().unwrap_or_default();
    let cred: Vec<&str> = credential.split('/').collect();
    let date = chrono::DateTime::from_timestamp(ts, 0)
        .unwrap()
        .format("%Y-%m-%d")
        .to_string();
    if cred.len() != 4 || cred[0] != SMS_SECRET_ID {
        return Err(("AuthFailure.SecretIdNotFound", credential.into()));
    }
    if cred[1] != date || cred[2] != "sms" || cred[3] != "tc3_request" {
        return Err(("AuthFailure.InvalidAuthorization", credential.into()));
    }
    if !signed_headers.split(';').any(|h| h == "host")
        || !signed_headers.split(';').any(|h| h == "content-type")
    {
        return Err(("AuthFailure.InvalidAuthorization", signed_headers.into()));
    }
    // The canonical request from what actually arrived.
    let canonical_headers: String = signed_headers
        .split(';')
        .map(|h| format!("{h}:{}\n", header(req, h).trim().to_lowercase()))
        .collect();
    let canonical = format!(
        "POST\n/\n\n{canonical_headers}\n{signed_headers}\n{}",
        hex::encode(Sha256::digest(body))
    );
    let scope = format!("{date}/sms/tc3_request");
    let to_sign = format!(
        "TC3-HMAC-SHA256\n{ts}\n{scope}\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let k = hmac(format!("TC3{SMS_SECRET_KEY}").as_bytes(), date.as_bytes());
    let k = hmac(&k, b"sms");
    let k = hmac(&k, b"tc3_request");
    let expected = hex::encode(hmac(&k, to_sign.as_bytes()));
    if expected != signature {
        return Err(("AuthFailure.SignatureFailure", "signature mismatch".into()));
    }
    Ok(())
}

async fn send_sms(
    state: web::Data<Mutex<SmsState>>,
    req: HttpRequest,
    body: web::Bytes,
) -> HttpResponse {
    let mut s = state.lock().unwrap();
    s.requests += 1;
    if s.requests <= s.fail_first {
        return HttpResponse::InternalServerError().body("standin: failing on purpose");
    }
    if let Err((code, why)) = check_tc3(&req, &body) {
        s.refused.push(format!("{code}: {why}"));
        return tencent_error(code, &why);
    }
    let v: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return tencent_error("InvalidParameter", &e.to_string()),
    };
    if v["SmsSdkAppId"] != SMS_APP_ID {
        return tencent_error("InvalidParameterValue.SdkAppIdNotExist", "app id");
    }
    let phone = v["PhoneNumberSet"][0]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    s.accepted.push(Sms {
        phone: phone.clone(),
        text: v["TemplateParamSet"][0]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        sign_name: v["SignName"].as_str().unwrap_or_default().to_owned(),
        template_id: v["TemplateId"].as_str().unwrap_or_default().to_owned(),
    });
    HttpResponse::Ok().json(json!({"Response": {
        "SendStatusSet": [{
            "SerialNo": format!("standin-{}", s.accepted.len()),
            "PhoneNumber": phone, "Fee": 1, "SessionContext": "",
            "Code": "Ok", "Message": "send success", "IsoCode": "CN",
        }],
        "RequestId": "standin-request",
    }}))
}

impl SmsStandIn {
    /// A gateway that answers HTTP 500 to its first `fail_first` requests.
    pub fn start(fail_first: usize) -> SmsStandIn {
        let state = Arc::new(Mutex::new(SmsState {
            fail_first,
            ..SmsState::default()
        }));
        let data = web::Data::from(state.clone());
        let base = spawn(move |cfg| {
            cfg.app_data(data.clone())
                .route("/", web::post().to(send_sms));
        });
        SmsStandIn { base, state }
    }

    /// The real provider pointed at this stand-in.
    pub fn provider(&self) -> Arc<dyn youai_api::outbox::providers::SmsProvider> {
        use youai_api::outbox::providers::sms::{TencentSms, TencentSmsConfig};
        Arc::new(
            TencentSms::new(TencentSmsConfig {
                base_url: self.base.clone(),
                secret_id: SMS_SECRET_ID.into(),
                secret_key: SMS_SECRET_KEY.into(),
                sdk_app_id: SMS_APP_ID.into(),
                sign_name: SMS_SIGN_NAME.into(),
                template_id: SMS_TEMPLATE_ID.into(),
                region: "ap-guangzhou".into(),
            })
            .unwrap(),
        )
    }

    /// The same provider with a wrong secret key: every request fails the signature check.
    pub fn provider_with_wrong_key(&self) -> Arc<dyn youai_api::outbox::providers::SmsProvider> {
        use youai_api::outbox::providers::sms::{TencentSms, TencentSmsConfig};
        Arc::new(
            TencentSms::new(TencentSmsConfig {
                base_url: self.base.clone(),
                secret_id: SMS_SECRET_ID.into(),
                secret_key: "not-the-key".into(),
                sdk_app_id: SMS_APP_ID.into(),
                sign_name: SMS_SIGN_NAME.into(),
                template_id: SMS_TEMPLATE_ID.into(),
                region: "ap-guangzhou".into(),
            })
            .unwrap(),
        )
    }

    pub fn accepted(&self) -> Vec<Sms> {
        self.state.lock().unwrap().accepted.clone()
    }

    pub fn refused(&self) -> Vec<String> {
        self.state.lock().unwrap().refused.clone()
    }

    /// Every request that reached it (failed on purpose, refused or accepted).
    pub fn requests(&self) -> usize {
        self.state.lock().unwrap().requests
    }

    /// The 6-digit code in the last message to `phone` (11 digits).
    pub fn last_code_to(&self, phone: &str) -> Option<String> {
        let to = format!("+86{phone}");
        self.accepted()
            .into_iter()
            .rev()
            .find(|m| m.phone == to)
            .and_then(|m| {
                m.text
                    .split(|c: char| !c.is_ascii_digit())
                    .find(|w| w.len() == 6)
                    .map(str::to_owned)
            })
    }
}

/// One template message the WeChat stand-in accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    pub touser: String,
    pub template_id: String,
    pub url: Option<String>,
    pub data: Value,
    /// The access token it came with.
    pub access_token: String,
}

#[derive(Default)]
struct WechatState {
    fail_first: usize,
    /// Invalidate the token after each accepted message (as if it expired early).
    expire_after_send: bool,
    sends: usize,
    tokens_issued: usize,
    token: Option<String>,
    accepted: Vec<Template>,
    refused: Vec<String>,
}

/// The WeChat stand-in.
#[derive(Clone)]
pub struct WechatStandIn {
    pub base: String,
    state: Arc<Mutex<WechatState>>,
}

async fn wechat_token(
    state: web::Data<Mutex<WechatState>>,
    q: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    let mut s = state.lock().unwrap();
    if q.get("grant_type").map(String::as_str) != Some("client_credential") {
        return HttpResponse::Ok().json(json!({"errcode": 40002, "errmsg": "invalid grant_type"}));
    }
    if q.get("appid").map(String::as_str) != Some(WECHAT_APP_ID) {
        return HttpResponse::Ok().json(json!({"errcode": 40013, "errmsg": "invalid appid"}));
    }
    if q.get("secret").map(String::as_str) != Some(WECHAT_APP_SECRET) {
        return HttpResponse::Ok().json(json!({"errcode": 40125, "errmsg": "invalid appsecret"}));
    }
    s.tokens_issued += 1;
    let token = format!("ACCESS_TOKEN_{}", s.tokens_issued);
    s.token = Some(token.clone());
    HttpResponse::Ok().json(json!({"access_token": token, "expires_in": 7200}))
}

async fn wechat_send(
    state: web::Data<Mutex<WechatState>>,
    q: web::Query<HashMap<String, String>>,
    body: web::Bytes,
) -> HttpResponse {
    let mut s = state.lock().unwrap();
    s.sends += 1;
    let token = q.get("access_token").cloned().unwrap_or_default();
    if token.is_empty() {
        return HttpResponse::Ok()
            .json(json!({"errcode": 41001, "errmsg": "access_token missing"}));
    }
    if s.token.as_deref() != Some(token.as_str()) {
        s.refused.push(format!("stale token {token}"));
        return HttpResponse::Ok()
            .json(json!({"errcode": 42001, "errmsg": "access_token expired"}));
    }
    if s.sends <= s.fail_first {
        return HttpResponse::Ok().json(json!({"errcode": -1, "errmsg": "system error"}));
    }
    let v: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(_) => {
            return HttpResponse::Ok()
                .json(json!({"errcode": 47001, "errmsg": "data format error"}));
        }
    };
    if v["template_id"] != WECHAT_TEMPLATE_ID {
        return HttpResponse::Ok().json(json!({"errcode": 40037, "errmsg": "invalid template_id"}));
    }
    let touser = v["touser"].as_str().unwrap_or_default().to_owned();
    if touser.is_empty() {
        return HttpResponse::Ok().json(json!({"errcode": 40003, "errmsg": "invalid openid"}));
    }
    s.accepted.push(Template {
        touser,
        template_id: WECHAT_TEMPLATE_ID.into(),
        url: v["url"].as_str().map(str::to_owned),
        data: v["data"].clone(),
        access_token: token,
    });
    if s.expire_after_send {
        s.token = None;
    }
    let msgid = 200_228_332 + s.accepted.len();
    HttpResponse::Ok().json(json!({"errcode": 0, "errmsg": "ok", "msgid": msgid}))
}

impl WechatStandIn {
    /// WeChat answering errcode -1 (system busy) to its first `fail_first` template sends;
    /// with `expire_after_send`, each token works for one message only.
    pub fn start(fail_first: usize, expire_after_send: bool) -> WechatStandIn {
        let state = Arc::new(Mutex::new(WechatState {
            fail_first,
            expire_after_send,
            ..WechatState::default()
        }));
        let data = web::Data::from(state.clone());
        let base = spawn(move |cfg| {
            cfg.app_data(data.clone())
                .route("/cgi-bin/token", web::get().to(wechat_token))
                .route(
                    "/cgi-bin/message/template/send",
                    web::post().to(wechat_send),
                );
        });
        WechatStandIn { base, state }
    }

    /// The real provider pointed at this stand-in.
    pub fn provider(&self) -> Arc<dyn youai_api::outbox::providers::WechatProvider> {
        use youai_api::outbox::providers::wechat::{Wechat, WechatConfig};
        Arc::new(
            Wechat::new(WechatConfig {
                base_url: self.base.clone(),
                app_id: WECHAT_APP_ID.into(),
                app_secret: WECHAT_APP_SECRET.into(),
                template_id: WECHAT_TEMPLATE_ID.into(),
                public_url: Some(PUBLIC_URL.into()),
            })
            .unwrap(),
        )
    }

    pub fn accepted(&self) -> Vec<Template> {
        self.state.lock().unwrap().accepted.clone()
    }

    pub fn refused(&self) -> Vec<String> {
        self.state.lock().unwrap().refused.clone()
    }

    pub fn tokens_issued(&self) -> usize {
        self.state.lock().unwrap().tokens_issued
    }

    /// Template sends that reached it (failed on purpose, refused or accepted).
    pub fn sends(&self) -> usize {
        self.state.lock().unwrap().sends
    }
}

/// The providers for a `TestApp`: the real HTTP ones, pointed at these stand-ins.
pub fn providers(
    sms: Option<&SmsStandIn>,
    wechat: Option<&WechatStandIn>,
) -> youai_api::outbox::Providers {
    youai_api::outbox::Providers {
        sms: sms.map(SmsStandIn::provider),
        wechat: wechat.map(WechatStandIn::provider),
        webhooks: None,
    }
}
