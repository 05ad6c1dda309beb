//! The app root: shared state, the layout (header, main, footer) and the routes.
//!
//! A new page is a module in `pages/`, a `<Route>` below and, if it belongs in the header, a
//! link in `<Header>`.

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

use crate::api::ApiClient;
use crate::components::{AccountStatus, LangSwitch};
use crate::i18n::{I18n, use_i18n};
use crate::pages::{
    ActivitiesPage, ActivityPage, HomePage, KioskPage, LoginPage, NotFound, RegistrationsPage,
    TeamPage, TeamsPage, VerifyPage, VolunteerPage,
};
use crate::session::{Session, use_session};

#[component]
pub fn App() -> impl IntoView {
    I18n::provide();
    let api = ApiClient::provide();
    Session::provide(api);

    view! {
        <Router>
            <Chrome>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/login") view=LoginPage/>
                    <Route path=path!("/teams") view=TeamsPage/>
                    <Route path=path!("/teams/:id") view=TeamPage/>
                    <Route path=path!("/activities") view=ActivitiesPage/>
                    <Route path=path!("/activities/:id") view=ActivityPage/>
                    <Route path=path!("/me") view=VolunteerPage/>
                    <Route path=path!("/me/volunteer") view=VolunteerPage/>
                    <Route path=path!("/verify") view=VerifyPage/>
                    <Route path=path!("/verify/:code") view=VerifyPage/>
                    <Route path=path!("/kiosk/:venue_id") view=KioskPage/>
                    <Route path=path!("/console/registrations") view=RegistrationsPage/>
                </Routes>
            </Chrome>
        </Router>
    }
}

/// The header above and the footer below the page, except on a kiosk (full screen).
#[component]
fn Chrome(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let kiosk = move || location.pathname.with(|p| p.starts_with("/kiosk/"));
    view! {
        {move || (!kiosk()).then(|| view! { <Header/> })}
        <main id="main" class=move || if kiosk() { "page page-kiosk" } else { "page" }>
            {children()}
        </main>
        {move || (!kiosk()).then(|| view! {
            <footer class="site-footer">
                <p>{move || i18n.t("app.footer")}</p>
            </footer>
        })}
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
                    <A href="/activities">{move || i18n.t("nav.activities")}</A>
                    <A href="/teams">{move || i18n.t("nav.teams")}</A>
                    {move || session.signed_in().then(|| view! {
                        <A href="/me/volunteer">{move || i18n.t("nav.volunteer")}</A>
                    })}
                    {move || session.is_staff().then(|| view! {
                        <A href="/console/registrations">{move || i18n.t("nav.console")}</A>
                    })}
                    <A href="/verify">{move || i18n.t("nav.verify")}</A>
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
