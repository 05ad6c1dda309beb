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
        // The gate middleware has already identified the caller.
        if let Some(user) = actix_web::HttpMessage::extensions(req)
            .get::<AuthUser>()
            .cloned()
        {
            return Box::pin(async move { Ok(user) });
        }
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
                Ok(AuthUser {
                    id,
                    grants: load_grants(conn, id)?,
                })
            })
            .await
        })
    }
}

/// A user's grants for authorization: the stored ones (area and team scopes resolved to paths)
/// and, for every approved team they actively lead, a team-leader grant over its subtree.
pub fn load_grants(conn: &mut youai_db::DbConn, user_id: i64) -> ApiResult<Vec<Grant>> {
    let stored = youai_db::users::grants_of(conn, user_id)?;
    let team_ids: Vec<i64> = stored.iter().filter_map(|(g, _)| g.team_id).collect();
    let team_paths: std::collections::HashMap<i64, String> =
        youai_db::teams::paths_of(conn, &team_ids)?
            .into_iter()
            .collect();
    let mut grants: Vec<Grant> = stored
        .into_iter()
        .map(|(g, area_path)| Grant {
            role: g.role,
            area_path,
            team_path: g.team_id.and_then(|t| team_paths.get(&t).cloned()),
            agency_id: g.agency_id,
            venue_id: g.venue_id,
        })
        .collect();
    for path in youai_db::teams::led_team_paths(conn, user_id)? {
        grants.push(Grant {
            role: Role::TeamLeader,
            area_path: None,
            team_path: Some(path),
            agency_id: None,
            venue_id: None,
        });
    }
    Ok(grants)
}
