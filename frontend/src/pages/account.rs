//! `/me/account`: my account — its name and mobile number, and changing the password (which
//! signs out every other device).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use youai_types::PasswordChange;

use crate::api::use_api;
use crate::components::{
    ErrorMessage, Field, Loading, SignInFirst, Submission, described_by, described_with_hint,
};
use crate::i18n::{tr, tr_while};
use crate::session::use_session;

/// The request fields with an input on the form; their errors show beside it.
const FIELDS: &[&str] = &["current_password", "new_password"];
/// The server's length rule for a password (youai-domain `validate`).
const PASSWORD_CHARS: std::ops::RangeInclusive<usize> = 8..=128;

#[component]
pub fn AccountPage() -> impl IntoView {
    let session = use_session();
    // Kept here, not in the form: the fresh tokens a change brings redraw the account below.
    let changed = RwSignal::new(false);
    let body = move || {
        if !session.signed_in() {
            return view! { <SignInFirst next="/me/account"/> }.into_any();
        }
        if let Some(error) = session.me_error() {
            let retry = Callback::new(move |()| session.retry_me());
            return view! { <ErrorMessage error on_retry=retry/> }.into_any();
        }
        match session.me() {
            None => view! { <Loading/> }.into_any(),
            Some(me) => view! {
                <section class="card" aria-labelledby="account-heading">
                    <h2 id="account-heading">{tr("account.details")}</h2>
                    <dl class="details">
                        <dt>{tr("register.name")}</dt>
                        <dd>{me.user.name}</dd>
                        <dt>{tr("login.phone")}</dt>
                        <dd>{me.user.phone}</dd>
                    </dl>
                </section>
                <ChangePassword changed/>
            }
            .into_any(),
        }
    };
    view! {
        <section class="page-head">
            <h1>{tr("account.title")}</h1>
        </section>
        {body}
    }
}

#[component]
fn ChangePassword(changed: RwSignal<bool>) -> impl IntoView {
    let api = use_api();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let change = Submission::new(FIELDS, move |request: &PasswordChange| {
        let request = request.clone();
        async move {
            let result = api.change_password(&request).await;
            if result.is_ok() {
                current.set(String::new());
                new.set(String::new());
                changed.set(true);
            }
            result
        }
    });
    let pending = change.pending();
    let current_error = change.field_error("current_password");
    let new_error = change.field_error("new_password");

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let request = PasswordChange {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        let mut problems = Vec::new();
        if request.current_password.is_empty() {
            problems.push(("current_password", "account.current_required"));
        }
        if !PASSWORD_CHARS.contains(&request.new_password.chars().count()) {
            problems.push(("new_password", "register.password_rule"));
        } else if request.new_password == request.current_password {
            problems.push(("new_password", "problem.same_password"));
        }
        changed.set(false);
        if change.check(problems) {
            change.submit(request);
        }
    };

    view! {
        <section class="card" aria-labelledby="password-heading">
            <h2 id="password-heading">{tr("account.change_password")}</h2>
            <p class="muted">{tr("account.change_password_intro")}</p>
            {move || changed.get().then(|| view! {
                <p class="notice notice-success" role="status">{tr("account.password_changed")}</p>
            })}
            {move || change.form_error().map(|error| view! { <ErrorMessage error/> })}
            <form class="form" node_ref=change.form on:submit=on_submit novalidate>
                <Field id="current-password" label=tr("account.current_password") error=current_error>
                    <input
                        id="current-password"
                        name="current_password"
                        type="password"
                        autocomplete="current-password"
                        required
                        aria-invalid=move || current_error().is_some().to_string()
                        aria-describedby=described_by("current-password", current_error)
                        bind:value=current
                    />
                </Field>
                <Field id="new-password" label=tr("account.new_password") error=new_error hint=tr("register.password_rule")>
                    <input
                        id="new-password"
                        name="new_password"
                        type="password"
                        autocomplete="new-password"
                        required
                        aria-invalid=move || new_error().is_some().to_string()
                        aria-describedby=described_with_hint("new-password", new_error)
                        bind:value=new
                    />
                </Field>
                <button type="submit" class="button" disabled=move || pending.get()>
                    {tr_while(pending, "account.changing", "account.change_password")}
                </button>
            </form>
        </section>
    }
}
