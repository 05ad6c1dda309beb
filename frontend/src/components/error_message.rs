//! An API error shown to the user: the problem's detail, or a plain word for network trouble.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::use_i18n;

/// The error's message in an alert box, with a retry button when `on_retry` is given.
#[component]
pub fn ErrorMessage(
    error: ApiError,
    /// Offered as a "重试" button.
    #[prop(optional)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let message = move || match &error {
        // The server words its problems for people; show them as they are.
        ApiError::Problem(p) => p.detail.clone(),
        ApiError::Network(_) => i18n.t("error.network").to_owned(),
        ApiError::Unexpected { .. } => i18n.t("error.unexpected").to_owned(),
    };
    view! {
        <div class="notice notice-error" role="alert">
            <p>{message}</p>
            {on_retry.map(|retry| view! {
                <button type="button" class="button button-secondary" on:click=move |_| retry.run(())>
                    {move || i18n.t("common.retry")}
                </button>
            })}
        </div>
    }
}
