//! The routes whose code loads when they are first visited. Each `…Route` is a split point: the
//! build (`make spa`, wasm-split) moves the page's code into its own wasm chunk, fetched the first
//! time the route matches, so `/` downloads neither the console nor the volunteer centre.
//!
//! The home page and the not-found page stay in the first download: `/` must be interactive with
//! no second round trip.

use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

use crate::pages::*;

/// `lazy_page!(XRoute, XPage)`: a route type whose view is the page component, split off.
macro_rules! lazy_page {
    ($route:ident, $page:ident) => {
        #[doc = concat!("The split point of [`", stringify!($page), "`].")]
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                // The pages' words first (one chunk, loaded with the first such page).
                view! {
                    <Suspense fallback=|| view! { <crate::components::Loading/> }>
                        {Suspend::new(async {
                            crate::i18n::page_words().await;
                            view! { <$page/> }
                        })}
                    </Suspense>
                }
                .into_any()
            }
        }
    };
}

lazy_page!(LoginRoute, LoginPage);
lazy_page!(RegisterRoute, RegisterPage);
lazy_page!(AccountRoute, AccountPage);
lazy_page!(TeamsRoute, TeamsPage);
lazy_page!(TeamRoute, TeamPage);
lazy_page!(ProjectsRoute, ProjectsPage);
lazy_page!(ProjectRoute, ProjectPage);
lazy_page!(VenueRoute, VenuePage);
lazy_page!(ActivitiesRoute, ActivitiesPage);
lazy_page!(ActivityRoute, ActivityPage);
lazy_page!(VolunteerRoute, VolunteerPage);
lazy_page!(VouchersRoute, VouchersPage);
lazy_page!(RewardsRoute, RewardsPage);
lazy_page!(VerifyRoute, VerifyPage);
lazy_page!(NeedTraceRoute, NeedTracePage);
lazy_page!(NeedMatchRoute, NeedMatchPage);
lazy_page!(KioskRoute, KioskPage);
lazy_page!(ConsoleRoute, ConsolePage);
lazy_page!(RegistrationsRoute, RegistrationsPage);
lazy_page!(LeaderActivitiesRoute, LeaderActivitiesPage);
lazy_page!(ProjectsAdminRoute, ProjectsAdminPage);
lazy_page!(RecordsRoute, RecordsPage);
lazy_page!(RedeemRoute, RedeemPage);
lazy_page!(ScanRoute, ScanPage);
lazy_page!(JoinRequestsRoute, JoinRequestsPage);
lazy_page!(ReportsRoute, ReportsPage);
lazy_page!(RewardsAdminRoute, RewardsAdminPage);
lazy_page!(RewardRulesRoute, RewardRulesPage);
lazy_page!(RewardEditRoute, RewardEditPage);
lazy_page!(VolunteerDeskRoute, VolunteerDeskPage);
lazy_page!(RegisterTeamRoute, RegisterTeamPage);
lazy_page!(RecruitmentsRoute, RecruitmentsPage);
lazy_page!(RecruitAdminRoute, RecruitAdminPage);
lazy_page!(ImportsRoute, ImportsPage);
lazy_page!(AreasAdminRoute, AreasAdminPage);
lazy_page!(VenuesAdminRoute, VenuesAdminPage);
lazy_page!(GrantsRoute, GrantsPage);
lazy_page!(AuditRoute, AuditPage);
lazy_page!(HoursAdminRoute, HoursAdminPage);
lazy_page!(BatchesRoute, BatchesPage);
lazy_page!(NeedNewRoute, NeedNewPage);
lazy_page!(NeedFollowRoute, NeedFollowPage);
lazy_page!(NeedsBoardRoute, NeedsBoardPage);
lazy_page!(NeedDetailRoute, NeedDetailPage);
lazy_page!(AgenciesRoute, AgenciesPage);
lazy_page!(AgencyRoute, AgencyPage);
lazy_page!(ResourcesRoute, ResourcesPage);
lazy_page!(ResourcesAdminRoute, ResourcesAdminPage);
lazy_page!(AgenciesAdminRoute, AgenciesAdminPage);
lazy_page!(OrdersRoute, OrdersPage);
lazy_page!(ForgotPasswordRoute, ForgotPasswordPage);
lazy_page!(NotificationsRoute, NotificationsPage);
