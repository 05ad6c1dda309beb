//! Who is signed in: the client's token state plus the account loaded from `GET /me`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use youai_types::{LoginRequest, Me};

use crate::api::{ApiClient, ApiError};

/// The signed-in account, provided as context by the app root.
#[derive(Clone, Copy)]
pub struct Session {
    api: ApiClient,
    me: RwSignal<Option<Me>>,
    /// A `/me` request is on its way; keeps the effect below from sending a second one.
    loading_me: StoredValue<bool>,
}

impl Session {
    pub fn provide(api: ApiClient) -> Self {
        let session = Session {
            api,
            me: RwSignal::new(None),
            loading_me: StoredValue::new(false),
        };
        // Follows every way the tokens come and go: a login kept from an earlier visit, a
        // login or logout in another tab, a refresh the server refused.
        Effect::new(move |_| {
            if api.signed_in() {
                if session.me.with_untracked(Option::is_none) {
                    session.load_me();
                }
            } else {
                session.me.set(None);
            }
        });
        provide_context(session);
        session
    }

    /// Whether tokens are stored (reactive).
    pub fn signed_in(&self) -> bool {
        self.api.signed_in()
    }

    /// The signed-in user's name, once `/me` has answered (reactive).
    pub fn user_name(&self) -> Option<String> {
        self.me.with(|me| me.as_ref().map(|m| m.user.name.clone()))
    }

    /// Logs in and loads the account; the header then shows "已登录：<name>".
    pub async fn login(self, request: &LoginRequest) -> Result<Me, ApiError> {
        self.loading_me.set_value(true);
        let result = match self.api.login(request).await {
            Ok(()) => self.api.me().await,
            Err(e) => Err(e),
        };
        self.loading_me.set_value(false);
        if let Ok(me) = &result {
            self.me.set(Some(me.clone()));
        }
        result
    }

    pub async fn logout(self) {
        self.me.set(None);
        self.api.logout().await;
    }

    fn load_me(self) {
        if self.loading_me.get_value() {
            return;
        }
        self.loading_me.set_value(true);
        spawn_local(async move {
            let result = self.api.me().await;
            self.loading_me.set_value(false);
            // A failed refresh has already signed out; other failures leave the name unknown.
            if let Ok(me) = result
                && self.api.signed_in_untracked()
            {
                self.me.set(Some(me));
            }
        });
    }
}

/// The session provided by the app root.
pub fn use_session() -> Session {
    expect_context::<Session>()
}
