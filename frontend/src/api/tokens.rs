//! Token storage in `localStorage`, so a login survives reloads and is shared by tabs.

use youai_types::TokenResponse;

const ACCESS_KEY: &str = "youai.access_token";
const REFRESH_KEY: &str = "youai.refresh_token";

/// The pair the server issues at login and at each refresh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tokens {
    /// A short-lived JWT for `Authorization: Bearer`.
    pub access: String,
    /// Single use: exchanged at `/auth/refresh` for a new pair.
    pub refresh: String,
}

impl From<TokenResponse> for Tokens {
    fn from(t: TokenResponse) -> Self {
        Tokens {
            access: t.access_token,
            refresh: t.refresh_token,
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load() -> Option<Tokens> {
    let s = storage()?;
    let access = s.get_item(ACCESS_KEY).ok().flatten()?;
    let refresh = s.get_item(REFRESH_KEY).ok().flatten()?;
    Some(Tokens { access, refresh })
}

/// Storage can refuse (disabled, quota): then [`load`] finds nothing and the login does not stick.
pub fn save(t: &Tokens) {
    if let Some(s) = storage() {
        let _ = s.set_item(ACCESS_KEY, &t.access);
        let _ = s.set_item(REFRESH_KEY, &t.refresh);
    }
}

pub fn clear() {
    if let Some(s) = storage() {
        let _ = s.remove_item(ACCESS_KEY);
        let _ = s.remove_item(REFRESH_KEY);
    }
}
