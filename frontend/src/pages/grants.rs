//! `/console/grants`: platform admins find an account by name or phone, see its role grants,
//! grant a role (with the area, team, venue or agency it covers) and revoke one.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use youai_types::{NewRoleGrant, Role, RoleGrant, User};

use crate::api::{UserDetail, use_api};
use crate::components::{
    AgencyPicker, AreaName, AreaPicker, ConsoleGate, ConsoleNav, ErrorMessage, Fetched, Submission,
    TeamLink, when_loaded,
};
use crate::format::local_time;
use crate::i18n::{tr, tr_while};
use crate::session::Session;

fn role_key(role: Role) -> &'static str {
    match role {
        Role::PlatformAdmin => "role.platform_admin",
        Role::AreaAdmin => "role.area_admin",
        Role::AgencyOperator => "role.agency_operator",
        Role::TeamLeader => "role.team_leader",
        Role::Volunteer => "role.volunteer",
        Role::Resident => "role.resident",
        Role::Kiosk => "role.kiosk",
        Role::GridWorker => "role.grid_worker",
    }
}

#[component]
pub fn GrantsPage() -> impl IntoView {
    view! {
        <section class="page-head">
            <h1>{tr("console.grants")}</h1>
            <p class="intro">{tr("console.grants_intro")}</p>
        </section>
        <ConsoleNav/>
        <ConsoleGate next="/console/grants" allowed=Session::is_platform_admin>
            <Grants/>
        </ConsoleGate>
    }
}

#[component]
fn Grants() -> impl IntoView {
    let api = use_api();
    let q = RwSignal::new(String::new());
    let asked = RwSignal::new(None::<String>);
    let chosen = RwSignal::new(None::<i64>);
    let found = Fetched::new(move || {
        let q = asked.get();
        async move {
            match q {
                Some(q) => api.users(&q).await.map(|p| p.items),
                None => Ok(Vec::new()),
            }
        }
    });
    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        asked.set(Some(q.get_untracked()));
    };
    view! {
        <form class="search-form user-search" role="search" aria-label=tr("corps.find_user") on:submit=on_search>
            <div class="field field-wide">
                <label for="user-q">{tr("corps.find_user")}</label>
                <input id="user-q" name="q" type="search" maxlength="50" placeholder=tr("corps.find_user_hint") bind:value=q/>
            </div>
            <div class="form-actions">
                <button type="submit" class="button">{tr("teams.submit")}</button>
            </div>
        </form>
        {move || asked.get().is_some().then(|| view! {
            {when_loaded(move || found.get(), move |value| match value {
                Ok(users) if users.is_empty() => view! { <p class="empty">{tr("corps.no_users")}</p> }.into_any(),
                Ok(users) => view! {
                    <ul class="user-list">
                        {users.into_iter().map(|u: User| {
                            let id = u.id;
                            view! {
                                <li>
                                    <button type="button" class="button button-small button-secondary choose-user"
                                        id=format!("choose-user-{id}")
                                        aria-pressed=move || (chosen.get() == Some(id)).to_string()
                                        on:click=move |_| chosen.set(Some(id))>
                                        {u.name} " · " {u.phone}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any(),
                Err(error) => view! { <ErrorMessage error/> }.into_any(),
            })}
        })}
        {move || chosen.get().map(|id| view! { <UserGrants id/> })}
    }
}

/// One account's grants, with revoke buttons and the grant form.
#[component]
fn UserGrants(id: i64) -> impl IntoView {
    let api = use_api();
    let detail = Fetched::new(move || api.user_detail(id));
    let changed = Callback::new(move |()| detail.refetch());
    let retry = changed;
    view! {
        <section class="section user-grants" aria-labelledby="grants-heading">
            {when_loaded(move || detail.get(), move |value| match value {
                Ok(UserDetail { user, grants }) => view! {
                    <h2 id="grants-heading">{user.name} " · " {user.phone}</h2>
                    {if grants.is_empty() {
                        view! { <p class="empty">{tr("corps.no_grants")}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="card-list card-list-single grant-list">
                                {grants.into_iter().map(|grant| view! { <GrantRow grant changed/> }).collect_view()}
                            </ul>
                        }
                        .into_any()
                    }}
                }
                .into_any(),
                Err(error) => view! {
                    <h2 id="grants-heading">{tr("console.grants")}</h2>
                    <ErrorMessage error on_retry=retry/>
                }
                .into_any(),
            })}
            <GrantForm user_id=id changed/>
        </section>
    }
}

#[component]
fn GrantRow(grant: RoleGrant, changed: Callback<()>) -> impl IntoView {
    let api = use_api();
    let id = grant.id;
    let revoke = Action::new_local(move |(): &()| async move {
        let done = api.revoke_grant(id).await;
        if done.is_ok() {
            changed.run(());
        }
        done
    });
    let pending = revoke.pending();
    view! {
        <li class="card grant-row" id=format!("grant-{id}")>
            <p>
                <strong class="grant-role">{tr(role_key(grant.role))}</strong>
                {grant.area_id.map(|a| view! { " · " <AreaName id=a/> })}
                {grant.team_id.map(|t| view! { " · " <TeamLink id=t/> })}
                {grant.venue_id.map(|v| view! { " · " <a href=format!("/venues/{v}")>{tr("corps.venue")} " #" {v}</a> })}
                {grant.agency_id.map(|a| view! { " · " {tr("corps.agency")} " #" {a} })}
                " "
                <time class="muted">{local_time(grant.created_at)}</time>
            </p>
            <p>
                <button type="button" class="button button-small button-secondary revoke-grant"
                    disabled=move || pending.get() on:click=move |_| { revoke.dispatch_local(()); }>
                    {tr_while(pending, "corps.revoking", "corps.revoke")}
                </button>
            </p>
            {move || revoke.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error/> })}
        </li>
    }
}

const GRANT_FIELDS: [&str; 5] = ["role", "area_id", "team_id", "venue_id", "agency_id"];

/// Which scope a role needs: area, team, venue or agency (or none).
#[derive(Clone, Copy, PartialEq)]
enum ScopeOf {
    None,
    Area,
    Team,
    Venue,
    Agency,
}

fn scope_of(role: Role) -> ScopeOf {
    match role {
        Role::AreaAdmin | Role::GridWorker => ScopeOf::Area,
        Role::TeamLeader => ScopeOf::Team,
        Role::Kiosk => ScopeOf::Venue,
        Role::AgencyOperator => ScopeOf::Agency,
        Role::PlatformAdmin | Role::Volunteer | Role::Resident => ScopeOf::None,
    }
}

#[component]
fn GrantForm(user_id: i64, changed: Callback<()>) -> impl IntoView {
    let api = use_api();
    let role = RwSignal::new(Role::AreaAdmin);
    let town = RwSignal::new(None::<i64>);
    let village = RwSignal::new(None::<i64>);
    let number = RwSignal::new(String::new());
    let agency = RwSignal::new(None::<i64>);
    let grant = Submission::new(&GRANT_FIELDS, move |g: &NewRoleGrant| {
        let g = g.clone();
        async move {
            let done = api.grant_role(&g).await;
            if done.is_ok() {
                changed.run(());
            }
            done
        }
    });
    let pending = grant.pending();
    let field_error = move |field: &'static str| grant.field_error(field);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let r = role.get_untracked();
        let n = number.get_untracked().trim().parse::<i64>().ok();
        let scope = scope_of(r);
        let area = village.get_untracked().or(town.get_untracked());
        let mut problems = Vec::new();
        if scope == ScopeOf::Area && area.is_none() {
            problems.push(("area_id", "corps.area_required"));
        }
        if scope == ScopeOf::Agency && agency.get_untracked().is_none() {
            problems.push(("agency_id", "resources.choose_agency"));
        }
        let field = match scope {
            ScopeOf::Team => Some("team_id"),
            ScopeOf::Venue => Some("venue_id"),
            ScopeOf::None | ScopeOf::Area | ScopeOf::Agency => None,
        };
        if let Some(field) = field
            && n.is_none()
        {
            problems.push((field, "manage.not_a_number"));
        }
        if !grant.check(problems) {
            return;
        }
        grant.submit(NewRoleGrant {
            user_id,
            role: r,
            area_id: (scope == ScopeOf::Area).then_some(area).flatten(),
            team_id: (scope == ScopeOf::Team).then_some(n).flatten(),
            venue_id: (scope == ScopeOf::Venue).then_some(n).flatten(),
            agency_id: (scope == ScopeOf::Agency)
                .then_some(agency.get_untracked())
                .flatten(),
        });
    };
    let number_error = move || field_error("team_id")().or_else(field_error("venue_id"));
    view! {
        <form class="form grant-form" novalidate node_ref=grant.form on:submit=on_submit>
            <h3>{tr("corps.grant_role")}</h3>
            <div class="field">
                <label for="grant-role">{tr("corps.role")}</label>
                <select id="grant-role" name="role" on:change=move |ev| {
                    if let Some(r) = Role::parse(&event_target_value(&ev)) { role.set(r); }
                }>
                    {Role::ALL.iter().map(|r| {
                        let r = *r;
                        view! { <option value=r.as_str() selected=move || role.get() == r>{tr(role_key(r))}</option> }
                    }).collect_view()}
                </select>
                {move || field_error("role")().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            {move || match scope_of(role.get()) {
                ScopeOf::Area => view! { <AreaPicker town village legend="corps.area" error=field_error("area_id")/> }.into_any(),
                ScopeOf::None => ().into_any(),
                ScopeOf::Agency => view! {
                    <div class="field">
                        <label for="grant-agency">{tr("corps.agency")}</label>
                        <AgencyPicker id="grant-agency" value=agency/>
                        {move || field_error("agency_id")().map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                }
                .into_any(),
                scope => {
                    let label = match scope {
                        ScopeOf::Team => "corps.team_id",
                        _ => "corps.venue_id",
                    };
                    view! {
                        <div class="field">
                            <label for="grant-scope">{tr(label)}</label>
                            <input id="grant-scope" name="scope" type="number" min="1" inputmode="numeric" bind:value=number/>
                            {move || number_error().map(|m| view! { <p class="field-error">{m}</p> })}
                        </div>
                    }
                    .into_any()
                }
            }}
            {move || grant.form_error().map(|error| view! { <ErrorMessage error/> })}
            <div class="form-actions">
                <button type="submit" class="button" disabled=move || pending.get()>
                    {tr_while(pending, "corps.granting", "corps.grant")}
                </button>
            </div>
        </form>
    }
}
