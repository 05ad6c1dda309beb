//! `/console/reward-rules`: the platform's admin sets the reward rules (积分与星级规则) — the
//! star ladder's hours, points per verified hour, the cap per activity, whether hours a leader
//! enters earn points, and the yearly expiry — with each error beside its field.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use youai_types::RewardRules;

use crate::api::use_api;
use crate::components::{
    ConsoleGate, ConsoleNav, ErrorMessage, Fetched, Field, FieldSet, Submission, described_by,
    stars, when_loaded,
};
use crate::i18n::{tr, tr_while};
use crate::session::Session;

/// The ladder's levels: ★1 to ★5.
const LEVELS: usize = 5;

/// The request fields the form shows beside an input.
const RULE_FIELDS: [&str; 5] = [
    "star_thresholds_hours",
    "points_per_hour",
    "cap_per_activity",
    "leader_entry_earns",
    "expire_on",
];

/// `/console/reward-rules`
#[component]
pub fn RewardRulesPage() -> impl IntoView {
    view! {
        <section class="page-head">
            <h1>{tr("console.reward_rules")}</h1>
            <p class="intro">{tr("console.reward_rules_intro")}</p>
        </section>
        <ConsoleNav/>
        <ConsoleGate next="/console/reward-rules" allowed=Session::is_platform_admin>
            <RulesLoader/>
        </ConsoleGate>
    }
}

#[component]
fn RulesLoader() -> impl IntoView {
    let api = use_api();
    let rules = Fetched::new(move || api.reward_rules());
    let retry = Callback::new(move |()| rules.refetch());
    when_loaded(
        move || rules.get(),
        move |value| match value {
            Ok(rules) => view! { <RulesForm rules/> }.into_any(),
            Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        },
    )
}

/// A whole number typed in a field: `Ok(None)` when blank, `Err(())` when not one.
fn whole(text: &str) -> Result<Option<u32>, ()> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse().map(Some).map_err(|_| ())
}

/// The ladder as typed: each level's hours, blanks at the top dropped (a shorter ladder);
/// `Err` when a level is not a whole number or a blank sits below a filled level.
fn ladder(typed: &[String]) -> Result<Vec<u32>, ()> {
    let mut out = Vec::new();
    let mut ended = false;
    for t in typed {
        match whole(t)? {
            Some(_) if ended => return Err(()),
            Some(h) => out.push(h),
            None => ended = true,
        }
    }
    if out.is_empty() { Err(()) } else { Ok(out) }
}

#[component]
fn RulesForm(rules: RewardRules) -> impl IntoView {
    let api = use_api();
    let thresholds: [RwSignal<String>; LEVELS] = std::array::from_fn(|i| {
        RwSignal::new(
            rules
                .star_thresholds_hours
                .get(i)
                .map(ToString::to_string)
                .unwrap_or_default(),
        )
    });
    let per_hour = RwSignal::new(rules.points_per_hour.to_string());
    let cap = RwSignal::new(
        rules
            .cap_per_activity
            .map(|c| c.to_string())
            .unwrap_or_default(),
    );
    let leader_earns = RwSignal::new(rules.leader_entry_earns);
    let expire = RwSignal::new(rules.expire_on.clone().unwrap_or_default());
    let save = Submission::new(&RULE_FIELDS, move |rules: &RewardRules| {
        let rules = rules.clone();
        async move { api.put_reward_rules(&rules).await }
    });
    let pending = save.pending();
    let field_error = move |field: &'static str| save.field_error(field);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let mut bad = Vec::new();
        let typed: Vec<String> = thresholds.iter().map(|s| s.get_untracked()).collect();
        let ladder = ladder(&typed).unwrap_or_else(|()| {
            bad.push(("star_thresholds_hours", "rules.bad_ladder"));
            Vec::new()
        });
        let points = whole(&per_hour.get_untracked()).ok().flatten();
        if points.is_none() {
            bad.push(("points_per_hour", "manage.not_a_number"));
        }
        let cap_n = whole(&cap.get_untracked()).unwrap_or_else(|()| {
            bad.push(("cap_per_activity", "manage.not_a_number"));
            None
        });
        if !save.check(bad) {
            return;
        }
        let expire_on = Some(expire.get_untracked().trim().to_owned()).filter(|e| !e.is_empty());
        save.submit(RewardRules {
            star_thresholds_hours: ladder,
            points_per_hour: points.unwrap_or_default(),
            cap_per_activity: cap_n,
            leader_entry_earns: leader_earns.get_untracked(),
            expire_on,
        });
    };

    let ladder_error = field_error("star_thresholds_hours");
    view! {
        <section class="form-card" aria-labelledby="rules-heading">
            <h2 id="rules-heading">{tr("rules.heading")}</h2>
            <form class="form reward-rules-form" novalidate node_ref=save.form on:submit=on_submit>
                <FieldSet id="rules-ladder" legend=tr("rules.ladder") error=ladder_error>
                    <p class="field-hint">{tr("rules.ladder_hint")}</p>
                    <div class="ladder">
                        {thresholds.into_iter().enumerate().map(|(i, value)| {
                            let level = u8::try_from(i + 1).unwrap_or(u8::MAX);
                            let id = format!("rules-star-{level}");
                            view! {
                                <div class="ladder-step">
                                    <label for=id.clone()>
                                        <span aria-hidden="true">{stars(level, level)}</span>
                                        " " {tr("rules.level")} " " {level} " · " {tr("rules.level_hours")}
                                    </label>
                                    <input id=id type="number" min="1" inputmode="numeric" class="input-short"
                                        aria-invalid=move || ladder_error().is_some().to_string()
                                        bind:value=value/>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </FieldSet>
                <Field id="rules-per-hour" label=tr("rules.points_per_hour") error=field_error("points_per_hour")>
                    <input id="rules-per-hour" name="points_per_hour" type="number" min="0" inputmode="numeric"
                        aria-describedby=described_by("rules-per-hour", field_error("points_per_hour")) bind:value=per_hour/>
                </Field>
                <Field id="rules-cap" label=tr("rules.cap") error=field_error("cap_per_activity")
                    hint=tr("rules.cap_hint")>
                    <input id="rules-cap" name="cap_per_activity" type="number" min="0" inputmode="numeric"
                        aria-describedby=described_by("rules-cap", field_error("cap_per_activity")) bind:value=cap/>
                </Field>
                <div class="field">
                    <label class="choice" for="rules-leader-earns">
                        <input id="rules-leader-earns" name="leader_entry_earns" type="checkbox" bind:checked=leader_earns/>
                        {tr("rules.leader_earns")}
                    </label>
                </div>
                <Field id="rules-expire" label=tr("rules.expire_on") error=field_error("expire_on")
                    hint=tr("rules.expire_hint")>
                    <input id="rules-expire" name="expire_on" type="text" maxlength="5" placeholder="12-31"
                        aria-describedby=described_by("rules-expire", field_error("expire_on")) bind:value=expire/>
                </Field>
                {move || save.form_error().map(|error| view! { <ErrorMessage error/> })}
                <div class="form-actions">
                    <button type="submit" class="button" disabled=move || pending.get()>
                        {tr_while(pending, "volunteer.saving", "volunteer.save_profile")}
                    </button>
                </div>
                <div aria-live="polite">
                    {move || save.done().map(|_| view! {
                        <p class="notice notice-success rules-saved" role="status">{tr("rules.saved")}</p>
                    })}
                </div>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::ladder;

    fn typed(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn the_ladder_reads_from_the_bottom_and_may_end_early() {
        assert_eq!(ladder(&typed(&["1", "2", "3", "", ""])), Ok(vec![1, 2, 3]));
        assert_eq!(ladder(&typed(&["1", "", "3", "", ""])), Err(()));
        assert_eq!(ladder(&typed(&["", "", "", "", ""])), Err(()));
        assert_eq!(ladder(&typed(&["x", "", "", "", ""])), Err(()));
    }
}
