//! `/teams/new`: a signed-in user registers a civil-society team (社会志愿服务团队). It starts
//! pending (待审核) and the user leads it; an admin of its area decides at
//! `/console/registrations`. After sending, the team's page shows its status.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use youai_types::{NewTeam, Team, TeamKind, is_mobile_phone};

use crate::api::use_api;
use crate::components::{AreaPicker, ErrorMessage, Field, SignInFirst, Submission, described_by};
use crate::i18n::{tr, tr_while};
use crate::session::use_session;

/// The request fields this form has inputs for.
const FIELDS: [&str; 6] = [
    "name",
    "area_id",
    "specialty",
    "description",
    "contact_name",
    "contact_phone",
];

#[component]
pub fn RegisterTeamPage() -> impl IntoView {
    let session = use_session();
    view! {
        <nav class="breadcrumb" aria-label=tr("team.breadcrumb")>
            <a href="/teams">{tr("teams.title")}</a>
            <span aria-hidden="true">" / "</span>
            <span aria-current="page">{tr("corps.register_team")}</span>
        </nav>
        <section class="page-head">
            <h1>{tr("corps.register_team")}</h1>
            <p class="intro">{tr("corps.register_intro")}</p>
        </section>
        {move || if session.signed_in() {
            view! { <TeamForm/> }.into_any()
        } else {
            view! { <SignInFirst next="/teams/new"/> }.into_any()
        }}
    }
}

#[component]
fn TeamForm() -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    let town = RwSignal::new(None::<i64>);
    let village = RwSignal::new(None::<i64>);
    let specialty = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let contact_name = RwSignal::new(String::new());
    let contact_phone = RwSignal::new(String::new());
    let send = Submission::new(&FIELDS, move |team: &NewTeam| {
        let team = team.clone();
        async move { api.create_team(&team).await }
    });
    let pending = send.pending();
    let field_error = move |field: &'static str| send.field_error(field);
    // Registered: its page says it waits for review.
    Effect::new(move |_| {
        if let Some(Team { id, .. }) = send.done() {
            navigate(&format!("/teams/{id}"), Default::default());
        }
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let text = |s: RwSignal<String>| {
            Some(s.get_untracked().trim().to_owned()).filter(|t| !t.is_empty())
        };
        let mut problems = Vec::new();
        if name.get_untracked().trim().is_empty() {
            problems.push(("name", "corps.name_required"));
        }
        let area = village.get_untracked().or(town.get_untracked());
        if area.is_none() {
            problems.push(("area_id", "corps.area_required"));
        }
        let phone = text(contact_phone);
        if phone.as_deref().is_some_and(|p| !is_mobile_phone(p)) {
            problems.push(("contact_phone", "register.phone_rule"));
        }
        if !send.check(problems) {
            return;
        }
        send.submit(NewTeam {
            parent_id: None,
            kind: TeamKind::SocialTeam,
            name: name.get_untracked().trim().to_owned(),
            area_id: area.unwrap_or_default(),
            specialty: text(specialty),
            description: text(description),
            contact_name: text(contact_name),
            contact_phone: phone,
            logo_url: None,
        });
    };

    view! {
        <section class="form-card" aria-labelledby="team-form-heading">
            <h2 id="team-form-heading" class="visually-hidden">{tr("corps.register_team")}</h2>
            <form class="form team-register-form" novalidate node_ref=send.form on:submit=on_submit>
                <Field id="team-name" label=tr("corps.team_name") error=field_error("name")>
                    <input id="team-name" name="name" type="text" maxlength="100" required
                        aria-describedby=described_by("team-name", field_error("name")) bind:value=name/>
                </Field>
                <AreaPicker town village legend="corps.area" error=field_error("area_id")/>
                <Field id="team-specialty" label=tr("teams.specialty") error=field_error("specialty")>
                    <input id="team-specialty" name="specialty" type="text" maxlength="50"
                        placeholder=tr("teams.specialty_hint")
                        aria-describedby=described_by("team-specialty", field_error("specialty")) bind:value=specialty/>
                </Field>
                <Field id="team-description" label=tr("corps.team_description") error=field_error("description")>
                    <textarea id="team-description" name="description" rows="3" maxlength="2000"
                        prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                </Field>
                <Field id="team-contact" label=tr("team.contact") error=field_error("contact_name")>
                    <input id="team-contact" name="contact_name" type="text" maxlength="50"
                        aria-describedby=described_by("team-contact", field_error("contact_name")) bind:value=contact_name/>
                </Field>
                <Field id="team-phone" label=tr("team.phone") error=field_error("contact_phone")>
                    <input id="team-phone" name="contact_phone" type="tel" inputmode="numeric" maxlength="11"
                        aria-describedby=described_by("team-phone", field_error("contact_phone")) bind:value=contact_phone/>
                </Field>
                {move || send.form_error().map(|error| view! { <ErrorMessage error/> })}
                <div class="form-actions">
                    <button type="submit" class="button" disabled=move || pending.get()>
                        {tr_while(pending, "corps.registering", "corps.register_submit")}
                    </button>
                </div>
            </form>
        </section>
    }
}
