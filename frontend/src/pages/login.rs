//! `/login`: phone and password; on success the header shows "已登录：<name>" and we go home.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use youai_types::LoginRequest;

use crate::api::{ApiError, encode_segment};
use crate::components::{ErrorMessage, Field, safe_next};
use crate::i18n::{tr, tr_while};
use crate::session::use_session;

/// The request fields that have an input on this form; errors for them show beside it.
const FIELDS: [&str; 2] = ["phone", "password"];

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    // Where to go once signed in: `?next=/teams/3` (a path of this site only), else home.
    let next = move || {
        safe_next(query.with_untracked(|q| q.get("next"))).unwrap_or_else(|| "/".to_owned())
    };
    let phone = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());

    let login = Action::new_local(move |request: &LoginRequest| {
        let request = request.clone();
        let navigate = navigate.clone();
        async move {
            let result = session.login(&request).await.map(|_| ());
            match &result {
                Ok(()) => navigate(&next(), Default::default()),
                // The password is what was wrong, most likely: start it afresh.
                Err(e) if e.code() == Some("invalid_credentials") => password.set(String::new()),
                Err(_) => {}
            }
            result
        }
    });
    let pending = login.pending();

    // The last attempt's error, hidden while the next attempt runs.
    let error = move || {
        if pending.get() {
            None
        } else {
            login.value().get().and_then(Result::err)
        }
    };
    let field_error = move |field: &'static str| {
        move || error().and_then(|e| e.field_message(field).map(str::to_owned))
    };
    // Errors with nothing to show beside a field (wrong password, too many attempts, offline).
    let form_error = move || {
        error().filter(|e: &ApiError| {
            !e.field_errors()
                .iter()
                .any(|f| FIELDS.contains(&f.field.as_str()))
        })
    };

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        login.dispatch_local(LoginRequest {
            phone: phone.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        });
    };

    view! {
        <section class="auth-card">
            <h1>{tr("login.title")}</h1>
            {move || {
                session.signed_in().then(|| view! {
                    <p class="notice">
                        {tr("login.already")} " "
                        <a href="/">{tr("login.go_home")}</a>
                    </p>
                })
            }}
            <p class="muted">{tr("login.intro")}</p>
            {move || form_error().map(|error| view! { <ErrorMessage error/> })}
            <form class="form" on:submit=on_submit>
                <Field id="login-phone" label=tr("login.phone") error=field_error("phone")>
                    <input
                        id="login-phone"
                        name="phone"
                        type="tel"
                        inputmode="numeric"
                        autocomplete="username"
                        required
                        placeholder=tr("login.phone_hint")
                        aria-invalid=move || field_error("phone")().is_some().to_string()
                        aria-describedby=move || field_error("phone")().map(|_| "login-phone-error")
                        bind:value=phone
                    />
                </Field>
                <Field id="login-password" label=tr("login.password") error=field_error("password")>
                    <input
                        id="login-password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                        aria-invalid=move || field_error("password")().is_some().to_string()
                        aria-describedby=move || field_error("password")().map(|_| "login-password-error")
                        bind:value=password
                    />
                </Field>
                <button type="submit" class="button button-block" disabled=move || pending.get()>
                    {tr_while(pending, "login.submitting", "login.submit")}
                </button>
            </form>
            <p class="muted auth-switch">
                {tr("login.no_account")} " "
                <a href=move || match safe_next(query.with(|q| q.get("next"))) {
                    Some(next) => format!("/register?next={}", encode_segment(&next)),
                    None => "/register".to_owned(),
                }>{tr("nav.register")}</a>
                " · "
                <a href="/forgot-password">{tr("login.forgot")}</a>
            </p>
        </section>
    }
}
