//! `/register`: a new account (mobile number, password, name, and the SMS code when the server
//! sends them). On success the visitor is signed in and goes on to the volunteer form, carrying
//! `?next=` (the page that sent them here) along.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use youai_types::{LoginRequest, PhoneCodePurpose, RegisterRequest, is_mobile_phone};

use crate::api::{encode_segment, use_api};
use crate::components::{
    ErrorMessage, Field, SendCodeButton, Submission, described_with_hint, safe_next,
};
use crate::i18n::{tr, tr_while};
use crate::session::use_session;

/// The request fields with an input on this form; their errors show beside it.
const FIELDS: &[&str] = &["phone", "password", "name", "code"];
/// The server's rules (youai-domain `validate::register`), checked here first to save a trip.
const PASSWORD_MIN_CHARS: usize = 8;
const PASSWORD_MAX_CHARS: usize = 128;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let next = move || safe_next(query.with_untracked(|q| q.get("next")));
    let phone = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let show_password = RwSignal::new(false);
    let code = RwSignal::new(String::new());
    // Whether the server texts codes (then registration needs one).
    let required = RwSignal::new(false);
    spawn_local(async move {
        if let Ok(v) = api.phone_verification().await {
            required.set(v.required);
        }
    });

    let register = Submission::new(FIELDS, move |request: &RegisterRequest| {
        let request = request.clone();
        let navigate = navigate.clone();
        async move {
            api.register(&request).await?;
            let login = LoginRequest {
                phone: request.phone,
                password: request.password,
            };
            session.login(&login).await?;
            // The volunteer form comes next; it sends the visitor on to `next` once done.
            let after = match next() {
                Some(path) => format!("/me/volunteer?next={}", encode_segment(&path)),
                None => "/me/volunteer".to_owned(),
            };
            navigate(&after, Default::default());
            Ok(())
        }
    });
    let pending = register.pending();
    let phone_error = register.field_error("phone");
    let password_error = register.field_error("password");
    let name_error = register.field_error("name");
    let code_error = register.field_error("code");
    // (Also when the server asked for a code the page did not know it needed.)
    let needs_code = move || required.get() || code_error().is_some();
    // "Already registered": say so with the way in, rather than only beside the field.
    let taken = move || {
        register
            .error()
            .is_some_and(|e| e.code() == Some("phone_taken"))
    };
    let login_href = move || match next() {
        Some(path) => format!("/login?next={}", encode_segment(&path)),
        None => "/login".to_owned(),
    };

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let request = RegisterRequest {
            phone: phone.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            name: name.get_untracked().trim().to_owned(),
            code: Some(code.get_untracked().trim().to_owned()).filter(|c| !c.is_empty()),
        };
        let mut problems = Vec::new();
        if !is_mobile_phone(&request.phone) {
            problems.push(("phone", "register.phone_rule"));
        }
        let n = request.password.chars().count();
        if !(PASSWORD_MIN_CHARS..=PASSWORD_MAX_CHARS).contains(&n) {
            problems.push(("password", "register.password_rule"));
        }
        if request.name.is_empty() {
            problems.push(("name", "register.name_required"));
        }
        if required.get_untracked()
            && !request
                .code
                .as_ref()
                .is_some_and(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()))
        {
            problems.push(("code", "phone_code.rule"));
        }
        if register.check(problems) {
            register.submit(request);
        }
    };

    view! {
        <section class="auth-card">
            <h1>{tr("register.title")}</h1>
            <p class="muted">{tr("register.intro")}</p>
            {move || taken().then(|| view! {
                <p class="notice" role="alert">
                    {tr("register.taken")} " "
                    <a href=login_href>{tr("register.log_in_instead")}</a>
                </p>
            })}
            {move || register.form_error().filter(|_| !taken()).map(|error| view! { <ErrorMessage error/> })}
            <form class="form" node_ref=register.form on:submit=on_submit novalidate>
                <Field id="register-phone" label=tr("login.phone") error=phone_error hint=tr("login.phone_hint")>
                    <input
                        id="register-phone"
                        name="phone"
                        type="tel"
                        inputmode="numeric"
                        autocomplete="tel"
                        maxlength="11"
                        required
                        aria-invalid=move || phone_error().is_some().to_string()
                        aria-describedby=described_with_hint("register-phone", phone_error)
                        bind:value=phone
                    />
                </Field>
                {move || needs_code().then(|| view! {
                    <Field id="register-code" label=tr("phone_code.label") error=code_error hint=tr("phone_code.rule")>
                        <input
                            id="register-code"
                            name="code"
                            type="text"
                            inputmode="numeric"
                            autocomplete="one-time-code"
                            maxlength="6"
                            required
                            aria-invalid=move || code_error().is_some().to_string()
                            aria-describedby=described_with_hint("register-code", code_error)
                            bind:value=code
                        />
                    </Field>
                    <SendCodeButton phone purpose=PhoneCodePurpose::Register/>
                })}
                <Field id="register-password" label=tr("login.password") error=password_error hint=tr("register.password_rule")>
                    <input
                        id="register-password"
                        name="password"
                        type=move || if show_password.get() { "text" } else { "password" }
                        autocomplete="new-password"
                        required
                        aria-invalid=move || password_error().is_some().to_string()
                        aria-describedby=described_with_hint("register-password", password_error)
                        bind:value=password
                    />
                </Field>
                <label class="check">
                    <input type="checkbox" name="show-password" bind:checked=show_password/>
                    {tr("register.show_password")}
                </label>
                <Field id="register-name" label=tr("register.name") error=name_error hint=tr("register.name_hint")>
                    <input
                        id="register-name"
                        name="name"
                        type="text"
                        autocomplete="name"
                        maxlength="50"
                        required
                        aria-invalid=move || name_error().is_some().to_string()
                        aria-describedby=described_with_hint("register-name", name_error)
                        bind:value=name
                    />
                </Field>
                <button type="submit" class="button button-block" disabled=move || pending.get()>
                    {tr_while(pending, "register.submitting", "register.submit")}
                </button>
            </form>
            <p class="muted auth-switch">
                {tr("register.have_account")} " " <a href=login_href>{tr("nav.login")}</a>
            </p>
        </section>
    }
}
