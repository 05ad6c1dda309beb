//! Console parts that manage: the courtesy catalogue for platform admins
//! (`/console/rewards`: add a courtesy, restock, take off or put back on sale), and the
//! applications to join the teams a leader leads (`/console/members`).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use youai_types::{Membership, MembershipStatus, NewReward, Reward, RewardKind, RewardPatch};

use crate::api::{ApiError, use_api};
use crate::components::{
    ConsoleGate, ConsoleNav, ErrorMessage, Fetched, Field, Submission, described_by, error_text,
    group_digits, when_loaded,
};
use crate::format::{local_time, parse_date};
use crate::i18n::{reward_kind_key, tr, tr_while, use_i18n};
use crate::session::{Session, use_session};

// ---- the courtesy catalogue -------------------------------------------------------------

/// `/console/rewards`
#[component]
pub fn RewardsAdminPage() -> impl IntoView {
    view! {
        <section class="page-head">
            <h1>{tr("console.rewards")}</h1>
            <p class="intro">{tr("console.rewards_intro")}</p>
        </section>
        <ConsoleNav/>
        <ConsoleGate next="/console/rewards" allowed=Session::is_platform_admin>
            <RewardsAdmin/>
        </ConsoleGate>
    }
}

#[component]
fn RewardsAdmin() -> impl IntoView {
    let api = use_api();
    let list = Fetched::new(move || api.all_rewards());
    let retry = Callback::new(move |()| list.refetch());
    let changed = Callback::new(move |()| list.refetch());
    view! {
        <NewRewardForm changed/>
        <section class="section" aria-labelledby="catalogue-heading">
            <h2 id="catalogue-heading">{tr("manage.catalogue")}</h2>
            {when_loaded(move || list.get(), move |value| match value {
                Ok(items) if items.is_empty() => view! { <p class="empty">{tr("rewards.none")}</p> }.into_any(),
                Ok(items) => view! {
                    <ul class="card-list card-list-single reward-admin-list">
                        {items.into_iter().map(|reward| view! { <RewardRow reward changed/> }).collect_view()}
                    </ul>
                }
                .into_any(),
                Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
            })}
        </section>
    }
}

/// The number typed in an optional field: `Ok(None)` when blank, `Err(())` when not a number.
fn number<T: std::str::FromStr>(text: &str) -> Result<Option<T>, ()> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse().map(Some).map_err(|_| ())
}

/// The form's fields, named as the API names them (so its field errors land beside them).
const REWARD_FIELDS: [&str; 9] = [
    "kind",
    "name",
    "provider",
    "description",
    "cost_points",
    "stock",
    "per_person_limit",
    "min_star",
    "valid_until",
];

#[component]
fn NewRewardForm(changed: Callback<()>) -> impl IntoView {
    let api = use_api();
    let kind = RwSignal::new(RewardKind::Goods.as_str().to_owned());
    let name = RwSignal::new(String::new());
    let provider = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let cost = RwSignal::new(String::new());
    let stock = RwSignal::new(String::new());
    let limit = RwSignal::new(String::new());
    let min_star = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    let create = Submission::new(&REWARD_FIELDS, move |reward: &NewReward| {
        let reward = reward.clone();
        async move {
            let done = api.create_reward(&reward).await;
            if done.is_ok() {
                changed.run(());
            }
            done
        }
    });
    let pending = create.pending();
    let field_error = move |field: &'static str| create.field_error(field);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        // Numbers the browser could not read: said here, before asking the server.
        let mut bad = Vec::new();
        let mut num = |field: &'static str, text: RwSignal<String>| {
            number::<i64>(&text.get_untracked()).unwrap_or_else(|()| {
                bad.push((field, "manage.not_a_number"));
                None
            })
        };
        let cost_points = num("cost_points", cost).unwrap_or(0);
        let stock_n = num("stock", stock);
        let limit_n = num("per_person_limit", limit);
        if !create.check(bad) {
            return;
        }
        let text = |s: RwSignal<String>| {
            Some(s.get_untracked().trim().to_owned()).filter(|t| !t.is_empty())
        };
        let reward = NewReward {
            kind: RewardKind::parse(&kind.get_untracked()).unwrap_or(RewardKind::Goods),
            name: name.get_untracked().trim().to_owned(),
            description: text(description),
            provider: provider.get_untracked().trim().to_owned(),
            provider_user_id: None,
            min_star: min_star.get_untracked().parse().ok(),
            min_recent_hours: None,
            team_kind: None,
            min_age: None,
            cost_points,
            per_person_limit: limit_n.and_then(|n| u32::try_from(n).ok()),
            stock: stock_n,
            valid_from: None,
            valid_until: parse_date(&until.get_untracked()),
            voucher_days: None,
        };
        create.submit(reward);
    };
    // Clear the form once a courtesy is added.
    Effect::new(move |_| {
        if create.done().is_some() {
            for s in [name, provider, description, cost, stock, limit, until] {
                s.set(String::new());
            }
        }
    });

    view! {
        <section class="form-card" aria-labelledby="new-reward-heading">
            <h2 id="new-reward-heading">{tr("manage.new_reward")}</h2>
            <form class="form new-reward-form" novalidate node_ref=create.form on:submit=on_submit>
                <Field id="reward-kind" label=tr("manage.kind") error=field_error("kind")>
                    <select id="reward-kind" name="kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                        {RewardKind::ALL.iter().map(|k| {
                            let v = k.as_str();
                            view! { <option value=v selected=move || kind.with(|x| x == v)>{tr(reward_kind_key(*k))}</option> }
                        }).collect_view()}
                    </select>
                </Field>
                <Field id="reward-name" label=tr("manage.name") error=field_error("name")>
                    <input id="reward-name" name="name" type="text" maxlength="100" required
                        aria-describedby=described_by("reward-name", field_error("name")) bind:value=name/>
                </Field>
                <Field id="reward-provider" label=tr("manage.provider") error=field_error("provider")>
                    <input id="reward-provider" name="provider" type="text" maxlength="100" required
                        aria-describedby=described_by("reward-provider", field_error("provider")) bind:value=provider/>
                </Field>
                <Field id="reward-description" label=tr("manage.description") error=field_error("description")>
                    <textarea id="reward-description" name="description" rows="2" maxlength="500"
                        prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                </Field>
                <Field id="reward-cost" label=tr("rewards.cost") error=field_error("cost_points")>
                    <input id="reward-cost" name="cost_points" type="number" min="0" inputmode="numeric"
                        aria-describedby=described_by("reward-cost", field_error("cost_points")) bind:value=cost/>
                </Field>
                <Field id="reward-stock" label=tr("rewards.stock") error=field_error("stock")
                    hint=tr("manage.stock_hint")>
                    <input id="reward-stock" name="stock" type="number" min="0" inputmode="numeric"
                        aria-describedby=described_by("reward-stock", field_error("stock")) bind:value=stock/>
                </Field>
                <Field id="reward-limit" label=tr("rewards.rule_limit") error=field_error("per_person_limit")>
                    <input id="reward-limit" name="per_person_limit" type="number" min="1" inputmode="numeric"
                        aria-describedby=described_by("reward-limit", field_error("per_person_limit")) bind:value=limit/>
                </Field>
                <Field id="reward-star" label=tr("rewards.rule_star") error=field_error("min_star")>
                    <select id="reward-star" name="min_star" on:change=move |ev| min_star.set(event_target_value(&ev))>
                        <option value="" selected=move || min_star.with(String::is_empty)>{tr("rewards.unlimited")}</option>
                        {["1", "2", "3", "4", "5"].map(|n| view! {
                            <option value=n selected=move || min_star.with(|x| x == n)>"★" {n}</option>
                        }).collect_view()}
                    </select>
                </Field>
                <Field id="reward-until" label=tr("rewards.rule_until") error=field_error("valid_until")>
                    <input id="reward-until" name="valid_until" type="date"
                        aria-describedby=described_by("reward-until", field_error("valid_until")) bind:value=until/>
                </Field>
                {move || create.form_error().map(|error| view! { <ErrorMessage error/> })}
                <div class="form-actions">
                    <button type="submit" class="button" disabled=move || pending.get()>
                        {tr_while(pending, "manage.adding", "manage.add")}
                    </button>
                </div>
                <div aria-live="polite">
                    {move || create.done().map(|r| view! {
                        <p class="notice notice-success reward-added" role="status">{tr("manage.added")} " " {r.name}</p>
                    })}
                </div>
            </form>
        </section>
    }
}

/// One courtesy: what it is, its stock, a restock, on or off sale.
#[component]
fn RewardRow(reward: Reward, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let id = reward.id;
    let active = reward.active;
    let delta = RwSignal::new(String::new());
    let update = Action::new_local(move |patch: &RewardPatch| {
        let patch = patch.clone();
        async move {
            let done = api.update_reward(id, &patch).await;
            if done.is_ok() {
                changed.run(());
            }
            done
        }
    });
    let pending = update.pending();
    let error = move || {
        if pending.get() {
            None
        } else {
            update.value().get().and_then(Result::err)
        }
    };
    let restock = move |ev: SubmitEvent| {
        ev.prevent_default();
        if let Ok(Some(d)) = number::<i64>(&delta.get_untracked()) {
            update.dispatch_local(RewardPatch {
                stock_delta: Some(d),
                ..RewardPatch::default()
            });
        }
    };
    let name_id = format!("reward-row-{id}");
    let delta_id = format!("restock-{id}");
    view! {
        <li class=if active { "card reward-row" } else { "card reward-row reward-off" } id=name_id.clone()>
            <h3 class="card-title">{reward.name}</h3>
            <p class="tags">
                <span class="tag">{tr(reward_kind_key(reward.kind))}</span>
                <span class=if active { "badge badge-recruiting" } else { "badge badge-cancelled" }>
                    {tr(if active { "manage.on_sale" } else { "manage.off_sale" })}
                </span>
            </p>
            <p class="muted">
                {reward.provider} " · " {tr("rewards.cost")} " " {group_digits(reward.cost_points)}
                " · " {tr("rewards.stock")} " "
                {match reward.stock {
                    Some(n) => group_digits(n).into_any(),
                    None => tr("rewards.unlimited").into_any(),
                }}
            </p>
            <div class="reward-actions">
                {reward.stock.is_some().then(|| view! {
                    <form class="inline-form" on:submit=restock>
                        <label for=delta_id.clone()>{tr("manage.stock_delta")}</label>
                        <input id=delta_id type="number" inputmode="numeric" class="input-short" required bind:value=delta/>
                        <button type="submit" class="button button-secondary button-small" disabled=move || pending.get()>
                            {tr("manage.restock")}
                        </button>
                    </form>
                })}
                <a class="button button-secondary button-small edit-reward" href=format!("/console/rewards/{id}")>
                    {tr("manage.edit")}
                </a>
                <button type="button" class="button button-secondary button-small toggle-sale"
                    disabled=move || pending.get()
                    on:click=move |_| { update.dispatch_local(RewardPatch { active: Some(!active), ..RewardPatch::default() }); }>
                    {tr(if active { "manage.take_off" } else { "manage.put_on" })}
                </button>
            </div>
            {move || error().map(|e| view! { <p class="field-error" role="alert">{move || error_text(i18n, &e)}</p> })}
        </li>
    }
}

// ---- join requests ----------------------------------------------------------------------

/// `/console/members`: applications to join the teams I lead.
#[component]
pub fn JoinRequestsPage() -> impl IntoView {
    let session = use_session();
    view! {
        <section class="page-head">
            <h1>{tr("console.members")}</h1>
            <p class="intro">{tr("console.members_intro")}</p>
        </section>
        <ConsoleNav/>
        <ConsoleGate next="/console/members" allowed=Session::is_leader>
            {move || session.led_teams().into_iter().map(|(id, name)| view! {
                <section class="section" aria-labelledby=format!("join-team-{id}")>
                    <h2 id=format!("join-team-{id}")>{name}</h2>
                    <JoinRequests team_id=id/>
                </section>
            }).collect_view()}
        </ConsoleGate>
    }
}

#[component]
fn JoinRequests(team_id: i64) -> impl IntoView {
    let api = use_api();
    let list = Fetched::new(move || api.team_members(team_id, MembershipStatus::Applied));
    let retry = Callback::new(move |()| list.refetch());
    let changed = Callback::new(move |()| list.refetch());
    when_loaded(
        move || list.get(),
        move |value| {
            match value {
            Ok(page) if page.items.is_empty() => {
                view! { <p class="empty">{tr("manage.no_applications")}</p> }.into_any()
            }
            Ok(page) => view! {
                <ul class="desk-list join-requests">
                    {page.items.into_iter().map(|m| view! { <JoinRequestItem member=m changed/> }).collect_view()}
                </ul>
            }
            .into_any(),
            Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        }
        },
    )
}

#[component]
fn JoinRequestItem(member: Membership, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let (team_id, id) = (member.team_id, member.id);
    let decide = Action::new_local(move |status: &MembershipStatus| {
        let status = *status;
        async move {
            let done = api.set_member_status(team_id, id, status).await;
            if done.is_ok() || done.as_ref().is_err_and(|e| e.is("invalid_transition")) {
                changed.run(());
            }
            done
        }
    });
    let pending = decide.pending();
    let error = move || {
        if pending.get() {
            None
        } else {
            decide.value().get().and_then(Result::err)
        }
    };
    let name_id = format!("applicant-{id}");
    view! {
        <li class="waiting join-request" id=format!("join-request-{id}")>
            <strong id=name_id.clone()>{member.volunteer_name}</strong>
            " " <span class="muted">{tr("console.applied_at")} " " {local_time(member.applied_at)}</span>
            {member.message.map(|m| view! { <q class="join-message">{m}</q> })}
            <span class="desk-actions">
                <button type="button" class="button button-small accept" aria-describedby=name_id.clone()
                    disabled=move || pending.get() on:click=move |_| { decide.dispatch_local(MembershipStatus::Active); }>
                    {tr("console.accept")}
                </button>
                <button type="button" class="button button-secondary button-small reject" aria-describedby=name_id
                    disabled=move || pending.get() on:click=move |_| { decide.dispatch_local(MembershipStatus::Declined); }>
                    {tr("console.decline")}
                </button>
            </span>
            {move || error().map(|e: ApiError| view! { <span class="field-error" role="alert">{move || error_text(i18n, &e)}</span> })}
        </li>
    }
}
