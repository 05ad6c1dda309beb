//! `/console/volunteers`: staff find a volunteer of their areas (by name, number or phone),
//! see their star, points and honours, award an honour (荣誉授予) and adjust their points
//! with a reason.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use youai_types::{Honour, NewHonour, NewPointsAdjustment, PointsEntry, Volunteer};

use crate::api::use_api;
use crate::components::{
    ConsoleGate, ConsoleNav, ErrorMessage, Fetched, Field, Submission, described_by, group_digits,
    stars, when_loaded,
};
use crate::format::{date, hours, parse_date, today};
use crate::i18n::{tr, tr_while, use_i18n};
use crate::session::Session;

/// `/console/volunteers`
#[component]
pub fn VolunteerDeskPage() -> impl IntoView {
    view! {
        <section class="page-head">
            <h1>{tr("console.volunteers")}</h1>
            <p class="intro">{tr("console.volunteers_intro")}</p>
        </section>
        <ConsoleNav/>
        <ConsoleGate next="/console/volunteers" allowed=Session::is_staff>
            <Desk/>
        </ConsoleGate>
    }
}

#[component]
fn Desk() -> impl IntoView {
    let api = use_api();
    let typed = RwSignal::new(String::new());
    let asked = RwSignal::new(None::<String>);
    let chosen = RwSignal::new(None::<Volunteer>);
    let found = Fetched::new(move || {
        let q = asked.get();
        async move {
            match q {
                Some(q) => api.find_volunteers(&q).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let retry = Callback::new(move |()| found.refetch());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let q = typed.get_untracked().trim().to_owned();
        if !q.is_empty() {
            chosen.set(None);
            asked.set(Some(q));
        }
    };
    view! {
        <form class="search-form volunteer-search" role="search" aria-label=tr("desk.search") on:submit=on_submit>
            <div class="field field-wide">
                <label for="desk-q">{tr("desk.q")}</label>
                <input id="desk-q" name="q" type="search" maxlength="50" required bind:value=typed/>
            </div>
            <div class="form-actions">
                <button type="submit" class="button">{tr("activities.submit")}</button>
            </div>
        </form>
        {when_loaded(move || found.get(), move |value| match value {
            Ok(None) => ().into_any(),
            Ok(Some(page)) if page.items.is_empty() => view! { <p class="empty">{tr("desk.none")}</p> }.into_any(),
            Ok(Some(page)) => view! {
                <ul class="desk-list found-volunteers">
                    {page.items.into_iter().map(|v| {
                        let pick = v.clone();
                        let name_id = format!("found-{}", v.id);
                        view! {
                            <li class="found-volunteer" id=format!("found-volunteer-{}", v.id)>
                                <strong id=name_id.clone()>{v.real_name}</strong>
                                " " <span class="muted">{v.number} " · " {v.phone}</span>
                                <button type="button" class="button button-small choose" aria-describedby=name_id
                                    on:click=move |_| chosen.set(Some(pick.clone()))>
                                    {tr("desk.choose")}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any(),
            Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        })}
        {move || chosen.get().map(|v| view! { <Chosen volunteer=v/> })}
    }
}

/// The volunteer chosen: where they stand, and the two forms.
#[component]
fn Chosen(volunteer: Volunteer) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let id = volunteer.id;
    // Bumped after an award or an adjustment: the standing is read again.
    let version = RwSignal::new(0u32);
    let changed = Callback::new(move |()| version.update(|v| *v += 1));
    let star = Fetched::new(move || api.star(id));
    let points = Fetched::new(move || {
        version.track();
        api.volunteer_points(id)
    });
    let honours = Fetched::new(move || {
        version.track();
        api.honours(id)
    });
    view! {
        <section class="section chosen-volunteer" aria-labelledby="chosen-heading">
            <h2 id="chosen-heading">{volunteer.real_name} " " <span class="muted">{volunteer.number}</span></h2>
            <dl class="details details-compact">
                <div>
                    <dt>{tr("star.title")}</dt>
                    <dd class="chosen-star">
                        {move || star.get().and_then(Result::ok).map(|s| {
                            let level = if s.level == 0 { i18n.t("star.none").to_owned() } else { stars(s.level, s.level) };
                            format!("{level} · {} {}", hours(s.hours), i18n.t("me.hours_unit"))
                        })}
                    </dd>
                </div>
                <div>
                    <dt>{tr("points.balance")}</dt>
                    <dd class="chosen-balance">{move || points.get().and_then(Result::ok).map(|p| group_digits(p.balance))}</dd>
                </div>
            </dl>
            <h3>{tr("honours.title")}</h3>
            {when_loaded(move || honours.get(), move |value| match value {
                Ok(list) if list.is_empty() => view! { <p class="empty">{tr("honours.none")}</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="honour-list chosen-honours">
                        {list.into_iter().map(|h: Honour| view! {
                            <li class="honour"><strong>{h.title}</strong> " " <time class="muted">{date(h.awarded_on)}</time></li>
                        }).collect_view()}
                    </ul>
                }
                .into_any(),
                Err(error) => view! { <ErrorMessage error/> }.into_any(),
            })}
            <div class="desk-forms">
                <HonourForm id changed/>
                <AdjustForm id changed/>
            </div>
        </section>
    }
}

const HONOUR_FIELDS: [&str; 3] = ["title", "citation", "awarded_on"];

#[component]
fn HonourForm(id: i64, changed: Callback<()>) -> impl IntoView {
    let api = use_api();
    let title = RwSignal::new(String::new());
    let citation = RwSignal::new(String::new());
    let on = RwSignal::new(date(today()));
    let award = Submission::new(&HONOUR_FIELDS, move |h: &NewHonour| {
        let h = h.clone();
        async move {
            let done = api.award_honour(id, &h).await;
            if done.is_ok() {
                changed.run(());
            }
            done
        }
    });
    let pending = award.pending();
    let field_error = move |field: &'static str| award.field_error(field);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(awarded_on) = parse_date(&on.get_untracked()) else {
            award.check(vec![("awarded_on", "desk.bad_date")]);
            return;
        };
        award.submit(NewHonour {
            title: title.get_untracked().trim().to_owned(),
            citation: citation.get_untracked().trim().to_owned(),
            awarded_on,
        });
    };
    Effect::new(move |_| {
        if award.done().is_some() {
            title.set(String::new());
            citation.set(String::new());
        }
    });
    view! {
        <section class="form-card" aria-labelledby="honour-heading">
            <h3 id="honour-heading">{tr("desk.award")}</h3>
            <form class="form honour-form" novalidate node_ref=award.form on:submit=on_submit>
                <Field id="honour-title" label=tr("desk.honour_title") error=field_error("title")>
                    <input id="honour-title" name="title" type="text" maxlength="100" required
                        aria-describedby=described_by("honour-title", field_error("title")) bind:value=title/>
                </Field>
                <Field id="honour-citation" label=tr("desk.citation") error=field_error("citation")>
                    <textarea id="honour-citation" name="citation" rows="2" maxlength="1000"
                        aria-describedby=described_by("honour-citation", field_error("citation"))
                        prop:value=move || citation.get()
                        on:input=move |ev| citation.set(event_target_value(&ev))></textarea>
                </Field>
                <Field id="honour-on" label=tr("desk.awarded_on") error=field_error("awarded_on")>
                    <input id="honour-on" name="awarded_on" type="date"
                        aria-describedby=described_by("honour-on", field_error("awarded_on")) bind:value=on/>
                </Field>
                {move || award.form_error().map(|error| view! { <ErrorMessage error/> })}
                <div class="form-actions">
                    <button type="submit" class="button" disabled=move || pending.get()>
                        {tr_while(pending, "volunteer.saving", "desk.award")}
                    </button>
                </div>
                <div aria-live="polite">
                    {move || award.done().map(|h| view! {
                        <p class="notice notice-success honour-awarded" role="status">{tr("rules.saved")} " " {h.title}</p>
                    })}
                </div>
            </form>
        </section>
    }
}

const ADJUST_FIELDS: [&str; 2] = ["points", "reason"];

#[component]
fn AdjustForm(id: i64, changed: Callback<()>) -> impl IntoView {
    let api = use_api();
    let points = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let adjust = Submission::new(&ADJUST_FIELDS, move |a: &NewPointsAdjustment| {
        let a = a.clone();
        async move {
            let done = api.adjust_points(id, &a).await;
            if done.is_ok() {
                changed.run(());
            }
            done
        }
    });
    let pending = adjust.pending();
    let field_error = move |field: &'static str| adjust.field_error(field);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Ok(n) = points.get_untracked().trim().parse::<i64>() else {
            adjust.check(vec![("points", "manage.not_a_number")]);
            return;
        };
        adjust.submit(NewPointsAdjustment {
            points: n,
            reason: reason.get_untracked().trim().to_owned(),
        });
    };
    Effect::new(move |_| {
        if adjust.done().is_some() {
            points.set(String::new());
            reason.set(String::new());
        }
    });
    view! {
        <section class="form-card" aria-labelledby="adjust-heading">
            <h3 id="adjust-heading">{tr("desk.adjust")}</h3>
            <form class="form adjust-form" novalidate node_ref=adjust.form on:submit=on_submit>
                <Field id="adjust-points" label=tr("desk.points") error=field_error("points")>
                    <input id="adjust-points" name="points" type="number" inputmode="numeric" required
                        aria-describedby=described_by("adjust-points", field_error("points")) bind:value=points/>
                </Field>
                <Field id="adjust-reason" label=tr("desk.reason") error=field_error("reason")>
                    <input id="adjust-reason" name="reason" type="text" maxlength="500" required
                        aria-describedby=described_by("adjust-reason", field_error("reason")) bind:value=reason/>
                </Field>
                {move || adjust.form_error().map(|error| view! { <ErrorMessage error/> })}
                <div class="form-actions">
                    <button type="submit" class="button" disabled=move || pending.get()>
                        {tr_while(pending, "volunteer.saving", "desk.adjust")}
                    </button>
                </div>
                <div aria-live="polite">
                    {move || adjust.done().map(|e: PointsEntry| view! {
                        <p class="notice notice-success points-adjusted" role="status">
                            {tr("rules.saved")} " " {format!("{}{}", if e.points > 0 { "+" } else { "" }, group_digits(e.points))}
                        </p>
                    })}
                </div>
            </form>
        </section>
    }
}
