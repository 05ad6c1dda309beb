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
use crate::i18n::{I18n, tr};
use crate::pages::{
    ActivitiesPage, ActivityPage, ConsolePage, HomePage, JoinRequestsPage, KioskPage,
    LeaderActivitiesPage, LoginPage, NotFound, ProjectPage, ProjectsAdminPage, ProjectsPage,
    RecordsPage, RedeemPage, RegistrationsPage, ReportsPage, RewardsAdminPage, RewardsPage,
    ScanPage, TeamPage, TeamsPage, VenuePage, VerifyPage, VolunteerPage, VouchersPage,
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
                    <Route path=path!("/projects") view=ProjectsPage/>
                    <Route path=path!("/projects/:id") view=ProjectPage/>
                    <Route path=path!("/venues/:id") view=VenuePage/>
                    <Route path=path!("/activities") view=ActivitiesPage/>
                    <Route path=path!("/activities/:id") view=ActivityPage/>
                    <Route path=path!("/me") view=VolunteerPage/>
                    <Route path=path!("/me/volunteer") view=VolunteerPage/>
                    <Route path=path!("/me/vouchers") view=VouchersPage/>
                    <Route path=path!("/rewards") view=RewardsPage/>
                    <Route path=path!("/verify") view=VerifyPage/>
                    <Route path=path!("/verify/:code") view=VerifyPage/>
                    <Route path=path!("/kiosk/:venue_id") view=KioskPage/>
                    <Route path=path!("/console") view=ConsolePage/>
                    <Route path=path!("/console/registrations") view=RegistrationsPage/>
                    <Route path=path!("/console/activities") view=LeaderActivitiesPage/>
                    <Route path=path!("/console/projects") view=ProjectsAdminPage/>
                    <Route path=path!("/console/records") view=RecordsPage/>
                    <Route path=path!("/console/vouchers") view=RedeemPage/>
                    <Route path=path!("/console/scan") view=ScanPage/>
                    <Route path=path!("/console/members") view=JoinRequestsPage/>
                    <Route path=path!("/console/reports") view=ReportsPage/>
                    <Route path=path!("/console/rewards") view=RewardsAdminPage/>
                </Routes>
            </Chrome>
        </Router>
    }
}

/// The header above and the footer below the page, except on a kiosk (full screen).
#[component]
fn Chrome(children: Children) -> impl IntoView {
    let location = use_location();
    let kiosk = move || location.pathname.with(|p| p.starts_with("/kiosk/"));
    view! {
        {move || (!kiosk()).then(|| view! { <Header/> })}
        <main id="main" class=move || if kiosk() { "page page-kiosk" } else { "page" }>
            {children()}
        </main>
        {move || (!kiosk()).then(|| view! {
            <footer class="site-footer">
                <p>{tr("app.footer")}</p>
            </footer>
        })}
    }
}

#[component]
fn Header() -> impl IntoView {
    let session = use_session();
    view! {
        <header class="site-header">
            <div class="header-inner">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"友爱"</span>
                    <span class="brand-name">{tr("app.name")}</span>
                </a>
                <nav class="main-nav" aria-label=tr("nav.label")>
                    <A href="/" exact=true>{tr("nav.home")}</A>
                    <A href="/activities">{tr("nav.activities")}</A>
                    <A href="/projects">{tr("nav.projects")}</A>
                    <A href="/teams">{tr("nav.teams")}</A>
                    <A href="/rewards">{tr("nav.rewards")}</A>
                    {move || session.signed_in().then(|| view! {
                        <A href="/me/volunteer">{tr("nav.volunteer")}</A>
                    })}
                    {move || session.has_console().then(|| view! {
                        <A href="/console">{tr("nav.console")}</A>
                    })}
                    <A href="/verify">{tr("nav.verify")}</A>
                    // Served by the API server, not by this app: `rel=external` keeps the router off it.
                    <a href="/api/docs/" rel="external">{tr("nav.api_docs")}</a>
                </nav>
                <div class="header-tools">
                    <LangSwitch/>
                    <AccountStatus/>
                </div>
            </div>
        </header>
    }
}
