//! The app root: shared state, the layout (header, main, footer) and the routes.
//!
//! A new page is a module in `pages/`, a split point in `routes.rs`, a `<Route>` below and, if
//! it belongs in the header, a link in `<Header>`.

use leptos::prelude::*;
use leptos_router::Lazy;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

use crate::api::ApiClient;
use crate::components::{AccountStatus, Bell, BellRefresh, LangSwitch};
use crate::i18n::{I18n, tr};
use crate::pages::{HomePage, NotFound};
use crate::routes::*;
use crate::session::{Session, use_session};

#[component]
pub fn App() -> impl IntoView {
    I18n::provide();
    let api = ApiClient::provide();
    Session::provide(api);
    BellRefresh::provide();

    view! {
        <Router>
            <Chrome>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/login") view={Lazy::<LoginRoute>::new()}/>
                    <Route path=path!("/register") view={Lazy::<RegisterRoute>::new()}/>
                    <Route path=path!("/teams") view={Lazy::<TeamsRoute>::new()}/>
                    <Route path=path!("/teams/new") view={Lazy::<RegisterTeamRoute>::new()}/>
                    <Route path=path!("/teams/:id") view={Lazy::<TeamRoute>::new()}/>
                    <Route path=path!("/recruitments") view={Lazy::<RecruitmentsRoute>::new()}/>
                    <Route path=path!("/projects") view={Lazy::<ProjectsRoute>::new()}/>
                    <Route path=path!("/projects/:id") view={Lazy::<ProjectRoute>::new()}/>
                    <Route path=path!("/venues/:id") view={Lazy::<VenueRoute>::new()}/>
                    <Route path=path!("/activities") view={Lazy::<ActivitiesRoute>::new()}/>
                    <Route path=path!("/activities/:id") view={Lazy::<ActivityRoute>::new()}/>
                    <Route path=path!("/me") view={Lazy::<VolunteerRoute>::new()}/>
                    <Route path=path!("/me/volunteer") view={Lazy::<VolunteerRoute>::new()}/>
                    <Route path=path!("/me/account") view={Lazy::<AccountRoute>::new()}/>
                    <Route path=path!("/me/vouchers") view={Lazy::<VouchersRoute>::new()}/>
                    <Route path=path!("/rewards") view={Lazy::<RewardsRoute>::new()}/>
                    <Route path=path!("/verify") view={Lazy::<VerifyRoute>::new()}/>
                    <Route path=path!("/verify/:code") view={Lazy::<VerifyRoute>::new()}/>
                    <Route path=path!("/certificates/:code") view={Lazy::<VerifyRoute>::new()}/>
                    <Route path=path!("/needs/:id/trace") view={Lazy::<NeedTraceRoute>::new()}/>
                    <Route path=path!("/console/needs/:id/match") view={Lazy::<NeedMatchRoute>::new()}/>
                    <Route path=path!("/kiosk/:venue_id") view={Lazy::<KioskRoute>::new()}/>
                    <Route path=path!("/console") view={Lazy::<ConsoleRoute>::new()}/>
                    <Route path=path!("/console/registrations") view={Lazy::<RegistrationsRoute>::new()}/>
                    <Route path=path!("/console/activities") view={Lazy::<LeaderActivitiesRoute>::new()}/>
                    <Route path=path!("/console/projects") view={Lazy::<ProjectsAdminRoute>::new()}/>
                    <Route path=path!("/console/records") view={Lazy::<RecordsRoute>::new()}/>
                    <Route path=path!("/console/vouchers") view={Lazy::<RedeemRoute>::new()}/>
                    <Route path=path!("/console/scan") view={Lazy::<ScanRoute>::new()}/>
                    <Route path=path!("/console/members") view={Lazy::<JoinRequestsRoute>::new()}/>
                    <Route path=path!("/console/reports") view={Lazy::<ReportsRoute>::new()}/>
                    <Route path=path!("/console/rewards") view={Lazy::<RewardsAdminRoute>::new()}/>
                    <Route path=path!("/console/hours") view={Lazy::<HoursAdminRoute>::new()}/>
                    <Route path=path!("/console/batches") view={Lazy::<BatchesRoute>::new()}/>
                    <Route path=path!("/console/rewards/:id") view={Lazy::<RewardEditRoute>::new()}/>
                    <Route path=path!("/console/reward-rules") view={Lazy::<RewardRulesRoute>::new()}/>
                    <Route path=path!("/console/volunteers") view={Lazy::<VolunteerDeskRoute>::new()}/>
                    <Route path=path!("/console/recruitments") view={Lazy::<RecruitAdminRoute>::new()}/>
                    <Route path=path!("/console/imports") view={Lazy::<ImportsRoute>::new()}/>
                    <Route path=path!("/console/areas") view={Lazy::<AreasAdminRoute>::new()}/>
                    <Route path=path!("/console/venues") view={Lazy::<VenuesAdminRoute>::new()}/>
                    <Route path=path!("/console/grants") view={Lazy::<GrantsRoute>::new()}/>
                    <Route path=path!("/console/audit") view={Lazy::<AuditRoute>::new()}/>
                    <Route path=path!("/needs/new") view={Lazy::<NeedNewRoute>::new()}/>
                    <Route path=path!("/needs/follow") view={Lazy::<NeedFollowRoute>::new()}/>
                    <Route path=path!("/needs/follow/:code") view={Lazy::<NeedFollowRoute>::new()}/>
                    <Route path=path!("/console/needs") view={Lazy::<NeedsBoardRoute>::new()}/>
                    <Route path=path!("/console/needs/:id") view={Lazy::<NeedDetailRoute>::new()}/>
                    <Route path=path!("/agencies") view={Lazy::<AgenciesRoute>::new()}/>
                    <Route path=path!("/agencies/:id") view={Lazy::<AgencyRoute>::new()}/>
                    <Route path=path!("/resources") view={Lazy::<ResourcesRoute>::new()}/>
                    <Route path=path!("/console/resources") view={Lazy::<ResourcesAdminRoute>::new()}/>
                    <Route path=path!("/console/agencies") view={Lazy::<AgenciesAdminRoute>::new()}/>
                    <Route path=path!("/menu") view={Lazy::<OrdersRoute>::new()}/>
                    // The menu, the board, the two queues and one order: one split point (one chunk).
                    <Route path=path!("/console/orders") view={Lazy::<OrdersRoute>::new()}/>
                    <Route path=path!("/console/orders/:id") view={Lazy::<OrdersRoute>::new()}/>
                    <Route path=path!("/forgot-password") view={Lazy::<ForgotPasswordRoute>::new()}/>
                    // The inbox and the notification settings: one split point.
                    <Route path=path!("/me/notifications") view={Lazy::<NotificationsRoute>::new()}/>
                    <Route path=path!("/me/notifications/settings") view={Lazy::<NotificationsRoute>::new()}/>
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
                    <A href="/resources">{tr("nav.resources")}</A>
                    <A href="/menu">{tr("nav.menu")}</A>
                    <A href="/rewards">{tr("nav.rewards")}</A>
                    <A href="/needs/new">{tr("nav.needs")}</A>
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
                    <Bell/>
                    <AccountStatus/>
                </div>
            </div>
        </header>
    }
}
