//! `/needs/new` (提需求): a signed-in resident submits a need through the website. While they
//! type, the open needs of their village that read alike are shown: they may still submit
//! (staff merge duplicates, and each resident asking counts as a supporter). The answer gives
//! the need's public code to follow it by (`/needs/follow/{code}`).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use youai_types::{NeedChannel, NeedIntake, NewNeed, SimilarNeed};

use crate::api::{encode_segment, use_api};
use crate::components::{
    AreaPicker, ErrorMessage, Fetched, Field, Localized, SignInFirst, Submission, TARGET_GROUPS,
    described_by,
};
use crate::i18n::{tr, tr_while};
use crate::session::use_session;

/// `/needs/new`
#[component]
pub fn NeedNewPage() -> impl IntoView {
    let session = use_session();
    view! {
        <section class="page-head">
            <h1>{tr("needs.new")}</h1>
            <p class="intro">{tr("needs.new_intro")}</p>
            <p><a href="/needs/follow">{tr("needs.follow")}</a></p>
        </section>
        {move || if session.signed_in() {
            view! { <NeedForm/> }.into_any()
        } else {
            view! { <SignInFirst next="/needs/new"/> }.into_any()
        }}
    }
}

const NEED_FIELDS: [&str; 7] = [
    "title",
    "description",
    "category_id",
    "area_id",
    "people_affected",
    "target_group",
    "contact_phone",
];

#[component]
fn NeedForm() -> impl IntoView {
    let api = use_api();
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let category = RwSignal::new(None::<i64>);
    let town = RwSignal::new(None::<i64>);
    let village = RwSignal::new(None::<i64>);
    let people = RwSignal::new("1".to_owned());
    let group = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let categories = Fetched::new(move || api.need_categories());
    let similar = Fetched::new(move || {
        let (area, t, d) = (village.get(), title.get(), description.get());
        async move {
            match area {
                Some(area) if t.trim().chars().count() >= 2 => {
                    api.similar_needs(area, t.trim(), d.trim()).await
                }
                _ => Ok(Vec::new()),
            }
        }
    });
    let create = Submission::new(&NEED_FIELDS, move |need: &NewNeed| {
        let need = need.clone();
        async move { api.create_need(&need).await }
    });
    let pending = create.pending();
    let field_error = move |field: &'static str| create.field_error(field);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let mut problems = Vec::new();
        if title.get_untracked().trim().chars().count() < 2 {
            problems.push(("title", "needs.title_needed"));
        }
        if category.get_untracked().is_none() {
            problems.push(("category_id", "needs.category_needed"));
        }
        if village.get_untracked().is_none() {
            problems.push(("area_id", "needs.village_needed"));
        }
        let people_affected = people
            .get_untracked()
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|n| *n >= 1);
        if people_affected.is_none() {
            problems.push(("people_affected", "needs.people_needed"));
        }
        if !create.check(problems) {
            return;
        }
        if let (Some(category_id), Some(area_id), Some(people_affected)) = (
            category.get_untracked(),
            village.get_untracked(),
            people_affected,
        ) {
            let text = |s: RwSignal<String>| {
                let v = s.get_untracked().trim().to_owned();
                (!v.is_empty()).then_some(v)
            };
            create.submit(NewNeed {
                title: title.get_untracked().trim().to_owned(),
                description: text(description),
                category_id,
                area_id,
                people_affected,
                target_group: text(group),
                channel: Some(NeedChannel::Web),
                on_behalf: false,
                contact_name: None,
                contact_phone: text(phone),
            });
        }
    };
    view! {
        {move || create.done().map(|intake| view! { <Submitted intake/> })}
        <section class="form-card" aria-labelledby="need-form-heading" hidden=move || create.done().is_some()>
            <h2 id="need-form-heading">{tr("needs.form")}</h2>
            <form class="form need-form" novalidate node_ref=create.form on:submit=on_submit>
                <AreaPicker town village error=field_error("area_id") legend="needs.village"/>
                <Field id="need-title" label=tr("needs.title") error=field_error("title")>
                    <input id="need-title" name="title" type="text" maxlength="100" required
                        aria-describedby=described_by("need-title", field_error("title")) bind:value=title/>
                </Field>
                <Field id="need-description" label=tr("needs.description") error=field_error("description")>
                    <textarea id="need-description" name="description" maxlength="2000" rows="4"
                        aria-describedby=described_by("need-description", field_error("description"))
                        bind:value=description></textarea>
                </Field>
                <SimilarList similar/>
                <Field id="need-category" label=tr("needs.category") error=field_error("category_id")>
                    <select id="need-category" name="category_id" required
                        aria-describedby=described_by("need-category", field_error("category_id"))
                        on:change=move |ev| category.set(event_target_value(&ev).parse().ok())>
                        <option value="">{tr("needs.choose")}</option>
                        {move || categories.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|c| view! {
                            <option value=c.id.to_string()><Localized name=c.name name_en=c.name_en/></option>
                        }).collect_view()}
                    </select>
                </Field>
                <Field id="need-people" label=tr("needs.people") error=field_error("people_affected")>
                    <input id="need-people" name="people_affected" type="number" min="1" required
                        aria-describedby=described_by("need-people", field_error("people_affected")) bind:value=people/>
                </Field>
                <Field id="need-group" label=tr("needs.group") error=field_error("target_group")>
                    <select id="need-group" name="target_group"
                        on:change=move |ev| group.set(event_target_value(&ev))>
                        <option value="">{tr("needs.choose")}</option>
                        {TARGET_GROUPS.iter().map(|(zh, en)| view! {
                            <option value=*zh><Localized name=*zh name_en=Some((*en).to_owned())/></option>
                        }).collect_view()}
                    </select>
                </Field>
                <Field id="need-phone" label=tr("needs.phone") hint=tr("needs.phone_hint") error=field_error("contact_phone")>
                    <input id="need-phone" name="contact_phone" type="tel" maxlength="11" inputmode="numeric"
                        aria-describedby=described_by("need-phone", field_error("contact_phone")) bind:value=phone/>
                </Field>
                {move || create.form_error().map(|error| view! { <ErrorMessage error/> })}
                <div class="form-actions">
                    <button type="submit" class="button" disabled=move || pending.get()>
                        {tr_while(pending, "needs.submitting", "needs.submit")}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// The open needs of the village that read like the one being written.
#[component]
fn SimilarList(similar: Fetched<Result<Vec<SimilarNeed>, crate::api::ApiError>>) -> impl IntoView {
    move || {
        let list = similar.get().and_then(Result::ok).unwrap_or_default();
        (!list.is_empty()).then(|| {
            view! {
                <div class="notice similar-needs" role="status">
                    <p>{tr("needs.similar")}</p>
                    <SimilarItems list/>
                </div>
            }
        })
    }
}

#[component]
fn SimilarItems(list: Vec<SimilarNeed>) -> impl IntoView {
    view! {
        <ul class="similar-list">
            {list.into_iter().map(|s| view! {
                <li class="similar-need">
                    <a href=format!("/needs/follow/{}", encode_segment(&s.code))>{s.title}</a>
                    " · " {tr("needs.supporters")} " " {s.supporters}
                </li>
            }).collect_view()}
        </ul>
    }
}

/// The need submitted: its code, and the similar needs found.
#[component]
fn Submitted(intake: NeedIntake) -> impl IntoView {
    let code = intake.need.code.clone();
    let similar = intake.similar;
    view! {
        <section class="notice notice-success need-submitted" role="status">
            <p><strong>{tr("needs.submitted")}</strong></p>
            <p>{tr("needs.code")} " " <code class="need-code">{code.clone()}</code></p>
            <p><a class="button" href=format!("/needs/follow/{}", encode_segment(&code))>{tr("needs.follow")}</a></p>
            {(!similar.is_empty()).then(|| view! {
                <p>{tr("needs.similar")}</p>
                <SimilarItems list=similar/>
            })}
        </section>
    }
}
