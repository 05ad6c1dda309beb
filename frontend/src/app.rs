//! The app root: shared state, the layout (header, main, footer) and the routes.
//!
//! A new page is a module in `pages/`, a `<Route>` below and, if it belongs in the header, a
//! link in `<Header>`.

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;

use crate::api::ApiClient;
use crate::components::{AccountStatus, LangSwitch};
use crate::i18n::{I18n, use_i18n};
use crate::pages::{
    HomePage, LoginPage, NotFound, RegistrationsPage, TeamPage, TeamsPage, VolunteerPage,
};
use crate::session::{Session, use_session};

#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n::provide();
    let api = ApiClient::provide();
    Session::provide(api);

    view! {
        <Router>
            <Header/>
            <main id="main" class="page">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/login") view=LoginPage/>
                    <Route path=path!("/teams") view=TeamsPage/>
                    <Route path=path!("/teams/:id") view=TeamPage/>
                    <Route path=path!("/me/volunteer") view=VolunteerPage/>
                    <Route path=path!("/console/registrations") view=RegistrationsPage/>
                </Routes>
            </main>
            <footer class="site-footer">
                <p>{move || i18n.t("app.footer")}</p>
            </footer>
        </Router>
    }
}

#[component]
fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <header class="site-header">
            <div class="header-inner">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"友爱"</span>
                    <span class="brand-name">{move || i18n.t("app.name")}</span>
                </a>
                <nav class="main-nav" aria-label=move || i18n.t("nav.label")>
                    <A href="/" exact=true>{move || i18n.t("nav.home")}</A>
                    <A href="/teams">{move || i18n.t("nav.teams")}</A>
                    {move || session.signed_in().then(|| view! {
                        <A href="/me/volunteer">{move || i18n.t("nav.volunteer")}</A>
                    })}
                    {move || session.is_staff().then(|| view! {
                        <A href="/console/registrations">{move || i18n.t("nav.console")}</A>
                    })}
                    // Served by the API server, not by this app: `rel=external` keeps the router off it.
                    <a href="/api/docs/" rel="external">{move || i18n.t("nav.api_docs")}</a>
                </nav>
                <div class="header-tools">
                    <LangSwitch/>
                    <AccountStatus/>
                </div>
            </div>
        </header>
    }
}
