//! `/forgot-password`: a new password by SMS code to the account's phone (when the server
//! sends text messages); every login of the account ends, and the visitor logs in anew.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use youai_types::{PasswordReset, PhoneCodePurpose, is_mobile_phone};

use crate::api::use_api;
use crate::components::{ErrorMessage, Field, SendCodeButton, Submission, described_with_hint};
use crate::i18n::{tr, tr_while};

const FIELDS: &[&str] = &["phone", "code", "new_password"];
const PASSWORD_MIN_CHARS: usize = 8;
const PASSWORD_MAX_CHARS: usize = 128;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let api = use_api();
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    // `None` while asking; without SMS there are no codes: say whom to ask instead.
    let available = RwSignal::new(None::<bool>);
    spawn_local(async move {
        let v = api.phone_verification().await;
        available.set(Some(v.is_ok_and(|v| v.required)));
    });
    let reset = Submission::new(FIELDS, move |request: &PasswordReset| {
        let request = request.clone();
        async move { api.reset_password(&request).await }
    });
    let pending = reset.pending();
    let phone_error = reset.field_error("phone");
    let code_error = reset.field_error("code");
    let password_error = reset.field_error("new_password");
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let request = PasswordReset {
            phone: phone.get_untracked().trim().to_owned(),
            code: code.get_untracked().trim().to_owned(),
            new_password: password.get_untracked(),
        };
        let mut problems = Vec::new();
        if !is_mobile_phone(&request.phone) {
            problems.push(("phone", "register.phone_rule"));
        }
        if request.code.len() != 6 || !request.code.bytes().all(|b| b.is_ascii_digit()) {
            problems.push(("code", "phone_code.rule"));
        }
        let n = request.new_password.chars().count();
        if !(PASSWORD_MIN_CHARS..=PASSWORD_MAX_CHARS).contains(&n) {
            problems.push(("new_password", "register.password_rule"));
        }
        if reset.check(problems) {
            reset.submit(request);
        }
    };

    view! {
        <section class="auth-card">
            <h1>{tr("forgot.title")}</h1>
            {move || match available.get() {
                None => None,
                Some(false) => Some(view! { <p class="notice">{tr("forgot.unavailable")}</p> }.into_any()),
                Some(true) if reset.done().is_some() => Some(view! {
                    <p class="notice" role="status">
                        {tr("forgot.done")} " " <a href="/login">{tr("nav.login")}</a>
                    </p>
                }.into_any()),
                Some(true) => Some(view! {
                    <p class="muted">{tr("forgot.intro")}</p>
                    {move || reset.form_error().map(|error| view! { <ErrorMessage error/> })}
                    <form class="form" node_ref=reset.form on:submit=on_submit novalidate>
                        <Field id="forgot-phone" label=tr("login.phone") error=phone_error hint=tr("login.phone_hint")>
                            <input
                                id="forgot-phone"
                                name="phone"
                                type="tel"
                                inputmode="numeric"
                                autocomplete="tel"
                                maxlength="11"
                                required
                                aria-invalid=move || phone_error().is_some().to_string()
                                aria-describedby=described_with_hint("forgot-phone", phone_error)
                                bind:value=phone
                            />
                        </Field>
                        <SendCodeButton phone purpose=PhoneCodePurpose::ResetPassword/>
                        <Field id="forgot-code" label=tr("phone_code.label") error=code_error hint=tr("phone_code.rule")>
                            <input
                                id="forgot-code"
                                name="code"
                                type="text"
                                inputmode="numeric"
                                autocomplete="one-time-code"
                                maxlength="6"
                                required
                                aria-invalid=move || code_error().is_some().to_string()
                                aria-describedby=described_with_hint("forgot-code", code_error)
                                bind:value=code
                            />
                        </Field>
                        <Field id="forgot-password" label=tr("forgot.new_password") error=password_error hint=tr("register.password_rule")>
                            <input
                                id="forgot-password"
                                name="new_password"
                                type="password"
                                autocomplete="new-password"
                                required
                                aria-invalid=move || password_error().is_some().to_string()
                                aria-describedby=described_with_hint("forgot-password", password_error)
                                bind:value=password
                            />
                        </Field>
                        <button type="submit" class="button button-block" disabled=move || pending.get()>
                            {tr_while(pending, "forgot.submitting", "forgot.submit")}
                        </button>
                    </form>
                }.into_any()),
            }}
            <p class="muted auth-switch">
                <a href="/login">{tr("nav.login")}</a>
            </p>
        </section>
    }
}
