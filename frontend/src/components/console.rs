//! The console's frame (工作台), shared by its pages: the links to its parts and the gate that
//! lets only those with the role in.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::{ErrorMessage, Loading, SignInFirst};
use crate::i18n::tr;
use crate::session::{Session, use_session};

/// Who may use a part of the console.
pub type May = fn(&Session) -> bool;

/// The console's parts: (path, catalogue key of the link, of its description, who sees it).
pub const CONSOLE_PARTS: [(&str, &str, &str, May); 23] = [
    (
        "/console/projects",
        "console.projects",
        "console.projects_intro",
        |s| s.is_leader() || s.is_staff(),
    ),
    (
        "/console/activities",
        "console.activities",
        "console.activities_intro",
        |s| s.is_leader(),
    ),
    (
        "/console/records",
        "console.records",
        "console.records_intro",
        |s| s.is_leader() || s.is_platform_admin(),
    ),
    (
        "/console/hours",
        "console.hours",
        "console.hours_intro",
        |s| s.is_leader() || s.is_platform_admin(),
    ),
    (
        "/console/registrations",
        "console.registrations",
        "console.registrations_intro",
        |s| s.is_staff(),
    ),
    (
        "/console/vouchers",
        "console.vouchers",
        "console.vouchers_intro",
        |s| s.redeems_vouchers(),
    ),
    ("/console/scan", "console.scan", "console.scan_intro", |s| {
        s.is_leader()
    }),
    (
        "/console/members",
        "console.members",
        "console.members_intro",
        |s| s.is_leader(),
    ),
    (
        "/console/reports",
        "console.reports",
        "console.reports_intro",
        |s| s.is_staff(),
    ),
    (
        "/console/rewards",
        "console.rewards",
        "console.rewards_intro",
        |s| s.is_platform_admin(),
    ),
    (
        "/console/reward-rules",
        "console.reward_rules",
        "console.reward_rules_intro",
        |s| s.is_platform_admin(),
    ),
    (
        "/console/volunteers",
        "console.volunteers",
        "console.volunteers_intro",
        |s| s.is_staff(),
    ),
    (
        "/console/recruitments",
        "console.recruitments",
        "console.recruitments_intro",
        |s| s.is_leader(),
    ),
    (
        "/console/imports",
        "console.imports",
        "console.imports_intro",
        |s| s.is_staff(),
    ),
    (
        "/console/areas",
        "console.areas",
        "console.areas_intro",
        |s| s.is_staff(),
    ),
    (
        "/console/venues",
        "console.venues",
        "console.venues_intro",
        |s| s.is_staff(),
    ),
    (
        "/console/grants",
        "console.grants",
        "console.grants_intro",
        |s| s.is_platform_admin(),
    ),
    (
        "/console/audit",
        "console.audit",
        "console.audit_intro",
        |s| s.is_platform_admin(),
    ),
    (
        "/console/batches",
        "console.batches",
        "console.batches_intro",
        |s| s.is_platform_admin(),
    ),
    (
        "/console/needs",
        "console.needs",
        "console.needs_intro",
        |s| s.is_staff(),
    ),
    (
        "/console/orders",
        "console.orders",
        "console.orders_intro",
        |s| s.is_staff() || s.is_leader() || s.is_agency_operator(),
    ),
    (
        "/console/resources",
        "console.resources",
        "console.resources_intro",
        |s| s.is_staff() || s.is_agency_operator(),
    ),
    (
        "/console/agencies",
        "agencies.title",
        "console.agencies_intro",
        |s| s.is_staff(),
    ),
];

/// The links to the console's parts the user may use.
#[component]
pub fn ConsoleNav() -> impl IntoView {
    let session = use_session();
    view! {
        <nav class="console-nav" aria-label=tr("console.nav")>
            {move || CONSOLE_PARTS.iter().filter(|p| (p.3)(&session)).map(|&(href, key, _, _)| view! {
                <A href=href>{tr(key)}</A>
            }).collect_view()}
        </nav>
    }
}

/// "请先登录", the account loading or failing, "not for you", or the page.
#[component]
pub fn ConsoleGate(next: &'static str, allowed: May, children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    move || {
        if !session.signed_in() {
            return view! { <SignInFirst next/> }.into_any();
        }
        if let Some(error) = session.me_error() {
            let retry = Callback::new(move |()| session.retry_me());
            return view! { <ErrorMessage error on_retry=retry/> }.into_any();
        }
        if session.me().is_none() || !session.roles_known() {
            return view! { <Loading/> }.into_any();
        }
        if !allowed(&session) {
            return view! { <p class="notice">{tr("console.not_yours")}</p> }.into_any();
        }
        children().into_any()
    }
}
