//! `/console/rewards/{id}`: the platform's admin edits a courtesy (礼遇) — its name, text,
//! provider, points, limits, qualification and validity — with each error beside its field;
//! an insurance courtesy's insurer list downloads here as CSV or Excel.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use youai_types::{Reward, RewardKind, RewardPatch};

use crate::api::{ApiError, use_api};
use crate::components::{
    ConsoleGate, ConsoleNav, ErrorMessage, Fetched, Field, InsuredList, Submission, described_by,
    group_digits, when_loaded,
};
use crate::format::{date, parse_date};
use crate::i18n::{reward_kind_key, tr, tr_while};
use crate::session::Session;

/// The form's fields, named as the API names them (so its field errors land beside them).
const EDIT_FIELDS: [&str; 10] = [
    "name",
    "provider",
    "description",
    "cost_points",
    "per_person_limit",
    "min_star",
    "min_recent_hours",
    "min_age",
    "voucher_days",
    "valid_until",
];

/// `/console/rewards/{id}`
#[component]
pub fn RewardEditPage() -> impl IntoView {
    view! {
        <section class="page-head">
            <h1>{tr("edit_reward.title")}</h1>
            <p class="intro"><a href="/console/rewards">{tr("console.rewards")}</a></p>
        </section>
        <ConsoleNav/>
        <ConsoleGate next="/console/rewards" allowed=Session::is_platform_admin>
            <RewardLoader/>
        </ConsoleGate>
    }
}

#[component]
fn RewardLoader() -> impl IntoView {
    let api = use_api();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()));
    let reward = Fetched::new(move || {
        let id = id();
        async move {
            match id {
                Some(id) => api.reward(id).await,
                None => Err(ApiError::Unexpected {
                    status: 404,
                    message: String::new(),
                }),
            }
        }
    });
    let retry = Callback::new(move |()| reward.refetch());
    when_loaded(
        move || reward.get(),
        move |value| match value {
            Ok(reward) => {
                let insured = (reward.kind == RewardKind::Insurance).then_some(reward.id);
                view! {
                    {insured.map(|id| view! { <InsuredList id heading=true/> })}
                    <EditForm reward/>
                }
                .into_any()
            }
            Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        },
    )
}

/// A whole number typed in an optional field: `Ok(None)` when blank, `Err(())` when not one.
fn number<T: std::str::FromStr>(text: &str) -> Result<Option<T>, ()> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse().map(Some).map_err(|_| ())
}

fn shown<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

#[component]
fn EditForm(reward: Reward) -> impl IntoView {
    let api = use_api();
    let id = reward.id;
    let name = RwSignal::new(reward.name.clone());
    let provider = RwSignal::new(reward.provider.clone());
    let description = RwSignal::new(reward.description.clone().unwrap_or_default());
    let cost = RwSignal::new(reward.cost_points.to_string());
    let limit = RwSignal::new(shown(reward.per_person_limit));
    let min_star = RwSignal::new(shown(reward.min_star));
    let recent = RwSignal::new(shown(reward.min_recent_hours));
    let age = RwSignal::new(shown(reward.min_age));
    let days = RwSignal::new(reward.voucher_days.to_string());
    let until = RwSignal::new(reward.valid_until.map(date).unwrap_or_default());
    let save = Submission::new(&EDIT_FIELDS, move |patch: &RewardPatch| {
        let patch = patch.clone();
        async move { api.update_reward(id, &patch).await }
    });
    let pending = save.pending();
    let field_error = move |field: &'static str| save.field_error(field);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let mut bad = Vec::new();
        let mut num = |field: &'static str, text: RwSignal<String>| {
            number::<u32>(&text.get_untracked()).unwrap_or_else(|()| {
                bad.push((field, "manage.not_a_number"));
                None
            })
        };
        let cost_n = num("cost_points", cost);
        let limit_n = num("per_person_limit", limit);
        // A blank qualification lifts it: 0 tells the server so.
        let recent_n = num("min_recent_hours", recent).unwrap_or(0);
        let age_n = num("min_age", age).unwrap_or(0);
        let days_n = num("voucher_days", days);
        if !save.check(bad) {
            return;
        }
        save.submit(RewardPatch {
            name: Some(name.get_untracked().trim().to_owned()),
            description: Some(description.get_untracked().trim().to_owned()),
            provider: Some(provider.get_untracked().trim().to_owned()),
            cost_points: cost_n.map(i64::from),
            per_person_limit: limit_n,
            valid_until: parse_date(&until.get_untracked()),
            min_star: Some(min_star.get_untracked().parse().unwrap_or(0)),
            min_recent_hours: Some(recent_n),
            min_age: Some(age_n),
            voucher_days: days_n,
            ..RewardPatch::default()
        });
    };

    view! {
        <section class="form-card" aria-labelledby="edit-reward-heading">
            <h2 id="edit-reward-heading">{reward.name.clone()}</h2>
            <p class="tags">
                <span class="tag">{tr(reward_kind_key(reward.kind))}</span>
                <span class="tag tag-soft">
                    {tr("rewards.stock")} " "
                    {match reward.stock {
                        Some(n) => group_digits(n).into_any(),
                        None => tr("rewards.unlimited").into_any(),
                    }}
                </span>
            </p>
            <form class="form edit-reward-form" novalidate node_ref=save.form on:submit=on_submit>
                <Field id="edit-name" label=tr("manage.name") error=field_error("name")>
                    <input id="edit-name" name="name" type="text" maxlength="100" required
                        aria-describedby=described_by("edit-name", field_error("name")) bind:value=name/>
                </Field>
                <Field id="edit-provider" label=tr("manage.provider") error=field_error("provider")>
                    <input id="edit-provider" name="provider" type="text" maxlength="100" required
                        aria-describedby=described_by("edit-provider", field_error("provider")) bind:value=provider/>
                </Field>
                <Field id="edit-description" label=tr("manage.description") error=field_error("description")>
                    <textarea id="edit-description" name="description" rows="3" maxlength="500"
                        prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                </Field>
                <Field id="edit-cost" label=tr("rewards.cost") error=field_error("cost_points")>
                    <input id="edit-cost" name="cost_points" type="number" min="0" inputmode="numeric"
                        aria-describedby=described_by("edit-cost", field_error("cost_points")) bind:value=cost/>
                </Field>
                <Field id="edit-limit" label=tr("rewards.rule_limit") error=field_error("per_person_limit")>
                    <input id="edit-limit" name="per_person_limit" type="number" min="1" inputmode="numeric"
                        aria-describedby=described_by("edit-limit", field_error("per_person_limit")) bind:value=limit/>
                </Field>
                <Field id="edit-star" label=tr("rewards.rule_star") error=field_error("min_star")>
                    <select id="edit-star" name="min_star" on:change=move |ev| min_star.set(event_target_value(&ev))>
                        <option value="" selected=move || min_star.with(String::is_empty)>{tr("rewards.unlimited")}</option>
                        {["1", "2", "3", "4", "5"].map(|n| view! {
                            <option value=n selected=move || min_star.with(|x| x == n)>"★" {n}</option>
                        }).collect_view()}
                    </select>
                </Field>
                <Field id="edit-recent" label=tr("rewards.rule_recent_hours") error=field_error("min_recent_hours")
                    hint=tr("edit_reward.blank_lifts")>
                    <input id="edit-recent" name="min_recent_hours" type="number" min="0" inputmode="numeric"
                        aria-describedby=described_by("edit-recent", field_error("min_recent_hours")) bind:value=recent/>
                </Field>
                <Field id="edit-age" label=tr("rewards.rule_age") error=field_error("min_age")
                    hint=tr("edit_reward.blank_lifts")>
                    <input id="edit-age" name="min_age" type="number" min="0" inputmode="numeric"
                        aria-describedby=described_by("edit-age", field_error("min_age")) bind:value=age/>
                </Field>
                <Field id="edit-days" label=tr("edit_reward.voucher_days") error=field_error("voucher_days")>
                    <input id="edit-days" name="voucher_days" type="number" min="1" inputmode="numeric"
                        aria-describedby=described_by("edit-days", field_error("voucher_days")) bind:value=days/>
                </Field>
                <Field id="edit-until" label=tr("rewards.rule_until") error=field_error("valid_until")>
                    <input id="edit-until" name="valid_until" type="date"
                        aria-describedby=described_by("edit-until", field_error("valid_until")) bind:value=until/>
                </Field>
                {move || save.form_error().map(|error| view! { <ErrorMessage error/> })}
                <div class="form-actions">
                    <button type="submit" class="button" disabled=move || pending.get()>
                        {tr_while(pending, "volunteer.saving", "volunteer.save_profile")}
                    </button>
                </div>
                <div aria-live="polite">
                    {move || save.done().map(|r| view! {
                        <p class="notice notice-success reward-saved" role="status">{tr("rules.saved")} " " {r.name}</p>
                    })}
                </div>
            </form>
        </section>
    }
}
