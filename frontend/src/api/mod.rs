//! The typed client for the youai API: the one place that knows the base path, the bearer
//! token, token refresh and `application/problem+json` errors.
//!
//! Pages call methods such as [`ApiClient::stats`]; they never build requests themselves.
//!
//! The endpoints are methods of [`ApiClient`], one module per resource; `transport` holds the
//! wire, `error` the failures, `filters` the criteria of the lists.

mod account;
mod activities;
mod admin;
mod corps;
mod error;
mod figures;
mod filters;
mod matching;
mod needs;
mod notifications;
mod orders;
mod projects;
mod query;
mod resources;
mod rewards;
#[cfg(test)]
mod spec_check;
mod teams;
mod tokens;
mod transport;
mod volunteers;

use leptos::prelude::*;

pub use admin::{AuditFilter, UserDetail};
pub use corps::ImportKind;
pub use error::ApiError;
use error::error_from;
pub use filters::{ActivityFilter, AreaFilter, ProjectFilter, TeamFilter};
pub use orders::{MenuFilter, OrderFilter, OrderMove};
pub use query::{Query, encode_segment};
pub use resources::ResourceFilter;
pub use tokens::Tokens;
use transport::{Verb, network, read_json, send, to_json};
pub use volunteers::{object_url, revoke_object_url};

/// Every endpoint lives under this path on the same origin as the app.
const BASE: &str = "/api/v1";

/// The API client. `Copy`: hand it to as many closures and futures as needed.
///
/// Tokens live in `localStorage` (the source of truth, shared by tabs); the client mirrors
/// "are there tokens" in a signal so the UI follows logins, logouts and failed refreshes.
#[derive(Clone, Copy)]
pub struct ApiClient {
    signed_in: RwSignal<bool>,
}

impl ApiClient {
    /// Creates the client and provides it as context for the whole app.
    pub fn provide() -> Self {
        let client = ApiClient {
            signed_in: RwSignal::new(tokens::load().is_some()),
        };
        // Another tab logged in or out.
        let _listener = window_event_listener(leptos::ev::storage, move |_| {
            client.signed_in.set(tokens::load().is_some());
        });
        provide_context(client);
        client
    }

    /// Whether tokens are stored (reactive). The access token may still have expired: the
    /// first call that gets a 401 refreshes it, or signs out when that fails.
    pub fn signed_in(&self) -> bool {
        self.signed_in.get()
    }

    /// [`Self::signed_in`] without subscribing to it.
    pub fn signed_in_untracked(&self) -> bool {
        self.signed_in.get_untracked()
    }
}

/// The client provided by the app root.
pub fn use_api() -> ApiClient {
    expect_context::<ApiClient>()
}
