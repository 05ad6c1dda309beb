//! The header's bell: how many of the signed-in user's notifications are unread, asked again
//! every minute, on every navigation and when a page says it changed; a link to the inbox.
//! Kept small: it is in the first download, the inbox itself loads with its page.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_location;

use crate::api::use_api;
use crate::i18n::use_i18n;

/// How often the bell asks the server.
const POLL: std::time::Duration = std::time::Duration::from_secs(60);

/// Tells the bell to ask again (a page that marked notifications read), provided by the app.
#[derive(Clone, Copy)]
pub struct BellRefresh(RwSignal<u32>);

impl BellRefresh {
    pub fn provide() {
        provide_context(BellRefresh(RwSignal::new(0)));
    }

    /// Asks the bell to fetch its figure again.
    pub fn ring() {
        if let Some(b) = use_context::<BellRefresh>() {
            b.0.update(|n| *n = n.wrapping_add(1));
        }
    }
}

#[component]
pub fn Bell() -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let location = use_location();
    let refresh = use_context::<BellRefresh>();
    let unread = RwSignal::new(0_i64);
    let fetch = move || {
        if api.signed_in_untracked() {
            spawn_local(async move {
                if let Ok(n) = api.unread_notifications().await {
                    unread.set(n);
                }
            });
        }
    };
    Effect::new(move |_| {
        location.pathname.track();
        if let Some(r) = refresh {
            r.0.track();
        }
        if api.signed_in() {
            fetch();
        } else {
            unread.set(0);
        }
    });
    if let Ok(handle) = set_interval_with_handle(fetch, POLL) {
        on_cleanup(move || handle.clear());
    }
    let label = move || {
        let n = unread.get();
        if n > 0 {
            i18n.t("bell.unread").replace("{n}", &n.to_string())
        } else {
            i18n.t("bell.label").to_owned()
        }
    };
    move || {
        api.signed_in().then(|| {
            view! {
                <a class="bell" href="/me/notifications" aria-label=label title=label>
                    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                        <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1z"/>
                    </svg>
                    {move || {
                        let n = unread.get();
                        (n > 0).then(|| view! {
                            <span class="bell-count">{if n > 99 { "99+".to_owned() } else { n.to_string() }}</span>
                        })
                    }}
                </a>
            }
        })
    }
}
