//! Authentication: passwords (argon2id), access tokens (JWT, HS256 pinned), refresh tokens
//! (random, stored hashed), the `AuthUser` extractor, and `authorize`, the one permission check
//! every handler calls.

use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpRequest, dev::Payload, http::header, web};
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, Header, Validation, decode, encode};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use youai_domain::access::{self, Action, Grant, Target};
use youai_types::Role;

use crate::error::{ApiError, ApiResult};
use crate::state::{AppState, AuthSettings};

/// The claims of an access token.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// The user id.
    pub sub: String,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
}

pub fn issue_access_token(auth: &AuthSettings, user_id: i64) -> ApiResult<String> {
    let now = chrono::Utc::now().timestamp();
    let ttl = i64::try_from(auth.access_ttl.as_secs()).unwrap_or(900);
    let claims = Claims {
        sub: user_id.to_string(),
        iat: now,
        exp: now + ttl,
        iss: auth.issuer.clone(),
        aud: auth.audience.clone(),
    };
    encode(&Header::new(Algorithm::HS256), &claims, &auth.encoding).map_err(ApiError::internal)
}

/// Checks signature (HS256 only: `alg: none` and other algorithms are refused), expiry,
/// issuer and audience; returns the user id.
pub fn verify_access_token(auth: &AuthSettings, token: &str) -> ApiResult<i64> {
    let mut v = Validation::new(Algorithm::HS256);
    v.set_issuer(&[&auth.issuer]);
    v.set_audience(&[&auth.audience]);
    v.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
    v.leeway = 5;
    let data = decode::<Claims>(token, &auth.decoding, &v).map_err(|e| match e.kind() {
        jsonwebtoken::errors::ErrorKind::ExpiredSignature => {
            ApiError::unauthorized("token_expired", "访问令牌已过期，请刷新或重新登录")
        }
        _ => ApiError::unauthorized("invalid_token", "访问令牌无效"),
    })?;
    data.claims
        .sub
        .parse()
        .map_err(|_| ApiError::unauthorized("invalid_token", "访问令牌无效"))
}

pub fn hash_password(password: &str) -> ApiResult<String> {
    let hash: PasswordHash = Argon2::default()
        .hash_password(password.as_bytes())
        .map_err(ApiError::internal)?;
    Ok(hash.to_string())
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash to verify against when the phone is unknown, so both answers take as long.
pub fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("youai-dummy-password").unwrap_or_default())
}

/// A new opaque token: 32 random bytes, URL-safe base64.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What is stored for a refresh token: its SHA-256 (the token has 256 bits of entropy, so a
/// fast hash is enough; a database dump alone cannot be replayed).
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The signed-in user, with their grants resolved for authorization.
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub id: i64,
    pub grants: Vec<Grant>,
}

impl AuthUser {
    pub fn is_platform_admin(&self) -> bool {
        self.grants.iter().any(|g| g.role == Role::PlatformAdmin)
    }
}

/// The one permission check: 403 unless a grant of the user permits `action` on `target`.
pub fn authorize(user: &AuthUser, action: Action, target: &Target<'_>) -> ApiResult<()> {
    if access::permits(&user.grants, action, target) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

fn bearer(req: &HttpRequest) -> Option<&str> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}

/// The user id in a valid bearer token, if any (used where a user is optional).
pub fn bearer_user_id(req: &HttpRequest, auth: &AuthSettings) -> Option<i64> {
    bearer(req).and_then(|t| verify_access_token(auth, t).ok())
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req).map(str::to_owned);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal("AppState missing"))?;
            let token = token.ok_or_else(|| {
                ApiError::unauthorized("missing_token", "请先登录（缺少 Bearer 访问令牌）")
            })?;
            let id = verify_access_token(&state.auth, &token)?;
            crate::db::run(&state, move |conn| {
                if youai_db::users::find(conn, id)?.is_none() {
                    return Err(ApiError::unauthorized(
                        "invalid_token",
                        "访问令牌对应的账号不存在",
                    ));
                }
                let grants = youai_db::users::grants_of(conn, id)?
                    .into_iter()
                    .filter_map(|(g, area_path)| {
                        Some(Grant {
                            role: Role::parse(&g.role)?,
                            area_path,
                            team_id: g.team_id,
                            agency_id: g.agency_id,
                            venue_id: g.venue_id,
                        })
                    })
                    .collect();
                Ok(AuthUser { id, grants })
            })
            .await
        })
    }
}
