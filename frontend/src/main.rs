//! 友爱 youai: the single-page app of the volunteer-service platform (Leptos, client-side rendered).

mod api;
mod app;
mod components;
mod format;
mod i18n;
mod pages;
mod routes;
mod session;
mod sort;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
