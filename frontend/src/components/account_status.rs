//! The header's login state: "已登录：<name>" (a link to the account page) and a logout button,
//! or the links to log in and to register.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::i18n::{tr, use_i18n};
use crate::session::use_session;

#[component]
pub fn AccountStatus() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let logout = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            session.logout().await;
            navigate("/", Default::default());
        });
    };
    move || {
        if session.signed_in() {
            let logout = logout.clone();
            view! {
                <div class="account">
                    <a class="account-name" href="/me/account" title=tr("nav.account")>
                        {move || match session.user_name() {
                            Some(name) => format!("{}{name}", i18n.t("nav.signed_in")),
                            None => i18n.t("nav.signed_in_unnamed").to_owned(),
                        }}
                    </a>
                    <button type="button" class="button button-secondary button-small" on:click=logout>
                        {tr("nav.logout")}
                    </button>
                </div>
            }
            .into_any()
        } else {
            view! {
                <div class="account">
                    <a class="button button-small" href="/login">
                        {tr("nav.login")}
                    </a>
                    <a class="button button-secondary button-small" href="/register">
                        {tr("nav.register")}
                    </a>
                </div>
            }
            .into_any()
        }
    }
}
