//! An area's name, looked up by id (the API's records carry only the id).

use leptos::prelude::*;

use crate::components::Fetched;

use crate::api::use_api;

/// The name of area `id`; `#id` until it loads or if it cannot be loaded.
#[component]
pub fn AreaName(id: i64) -> impl IntoView {
    let api = use_api();
    let area = Fetched::new(move || api.area(id));
    move || {
        area.get()
            .and_then(Result::ok)
            .map_or_else(|| format!("#{id}"), |a| a.name)
    }
}
