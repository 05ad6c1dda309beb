//! An API error shown to the user: the problem in words, or a plain word for network trouble.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::{I18n, tr, use_i18n};

/// The error's message in an alert box, with a retry button when `on_retry` is given. A
/// validation problem lists its field messages (forms show the ones they have a field for
/// beside the field, and pass only the rest here).
#[component]
pub fn ErrorMessage(
    error: ApiError,
    /// Offered as a "重试" button.
    #[prop(optional)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lines = move || error_lines(i18n, &error);
    view! {
        <div class="notice notice-error" role="alert">
            <div>{move || lines().into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}</div>
            {on_retry.map(|retry| view! {
                <button type="button" class="button button-secondary" on:click=move |_| retry.run(())>
                    {tr("common.retry")}
                </button>
            })}
        </div>
    }
}

/// What to say about an error, one line per point (reactive: follows the language).
pub fn error_lines(i18n: I18n, error: &ApiError) -> Vec<String> {
    match error {
        // The server words its problems for people; known codes follow the language.
        ApiError::Problem(p) if p.errors.is_empty() => vec![i18n.problem(&p.code, &p.detail)],
        ApiError::Problem(p) => p
            .errors
            .iter()
            .map(|f| i18n.problem(&f.code, &f.message))
            .collect(),
        ApiError::Network(_) => vec![i18n.t("error.network").to_owned()],
        ApiError::Unexpected { .. } => vec![i18n.t("error.unexpected").to_owned()],
    }
}

/// An error's words on one line (for a field's message).
pub fn error_text(i18n: I18n, error: &ApiError) -> String {
    error_lines(i18n, error).join(" ")
}
