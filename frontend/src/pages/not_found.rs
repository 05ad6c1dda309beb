//! Any path no route matches.

use leptos::prelude::*;

use crate::components::NotFoundMessage;

#[component]
pub fn NotFound() -> impl IntoView {
    view! { <NotFoundMessage/> }
}
