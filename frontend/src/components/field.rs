//! Form fields: a label (or legend), the control, and the error the server gave for it.

use leptos::prelude::*;
use leptos::text_prop::TextProp;

/// A labelled control with its error message below it (`<id>-error`, for `aria-describedby`).
#[component]
pub fn Field(
    id: &'static str,
    #[prop(into)] label: TextProp,
    error: impl Fn() -> Option<String> + Send + Sync + 'static,
    /// A short help text below the control (`<id>-hint`).
    #[prop(optional, into)]
    hint: Option<TextProp>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{move || label.get()}</label>
            {children()}
            {hint.map(|hint| view! { <p id=format!("{id}-hint") class="field-hint">{move || hint.get()}</p> })}
            {move || error().map(|message| view! { <p id=format!("{id}-error") class="field-error">{message}</p> })}
        </div>
    }
}

/// A group of controls (radio buttons, checkboxes, two selects) under one legend, with the
/// group's error message below it (`<id>-error`).
#[component]
pub fn FieldSet(
    id: &'static str,
    #[prop(into)] legend: TextProp,
    error: impl Fn() -> Option<String> + Send + Sync + 'static,
    children: Children,
) -> impl IntoView {
    let error = Signal::derive(error);
    view! {
        <fieldset
            id=id
            class="field fieldset"
            aria-describedby=move || error.with(Option::is_some).then(|| format!("{id}-error"))
        >
            <legend>{move || legend.get()}</legend>
            {children()}
            {move || error.get().map(|message| view! { <p id=format!("{id}-error") class="field-error">{message}</p> })}
        </fieldset>
    }
}

/// `aria-describedby` for a control whose field may show an error.
pub fn described_by(
    id: &'static str,
    error: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    move || error().map(|_| format!("{id}-error"))
}

/// `aria-describedby` for a control with a hint below it, and its error when one shows.
pub fn described_with_hint(
    id: &'static str,
    error: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> impl Fn() -> String + Send + Sync + 'static {
    move || match error() {
        Some(_) => format!("{id}-hint {id}-error"),
        None => format!("{id}-hint"),
    }
}
