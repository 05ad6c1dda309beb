//! `/me` and `/me/volunteer`: the volunteer centre. Without a profile, the form to become a
//! volunteer; with one, the check-in QR code, my sign-ups, the star level, points and honours,
//! the profile, the teams joined or applied to, the hours served and the service certificate.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use youai_types::{AreaLevel, Gender, NewVolunteer, Volunteer, VolunteerPatch};

use crate::api::use_api;
use crate::components::Localized;
use crate::components::{
    AreaName, AreaPicker, CertificateLink, CheckInCode, ErrorMessage, Fetched, Field, FieldSet,
    GuardianFields, Loading, MyCertificate, MyHonours, MyHours, MyPoints, MySignUps, MyStar,
    SignInFirst, SkillPicker, Submission, described_by, safe_next, when_loaded,
};
use crate::format::{age_on, date, local_time, parse_date, today};
use crate::i18n::{gender_key, member_role_key, membership_status_key, tr, tr_while};
use crate::session::use_session;

/// Volunteers under this age register a guardian (the server's rule for ages 14–17).
const ADULT_AGE: u32 = 18;

#[component]
pub fn VolunteerPage() -> impl IntoView {
    let session = use_session();
    // Set when the profile was completed on this visit: a word of welcome above it.
    let welcome = RwSignal::new(None::<String>);
    let query = use_query_map();
    let next = move || safe_next(query.with_untracked(|q| q.get("next")));
    let body = move || {
        if !session.signed_in() {
            return view! { <SignInFirst next="/me/volunteer"/> }.into_any();
        }
        if let Some(error) = session.me_error() {
            let retry = Callback::new(move |()| session.retry_me());
            return view! { <ErrorMessage error on_retry=retry/> }.into_any();
        }
        match session.me() {
            None => view! { <Loading/> }.into_any(),
            Some(me) => match me.volunteer_id {
                Some(id) => view! {
                    {move || welcome.get().map(|number| view! {
                        <p class="notice notice-success" role="status">
                            {tr("volunteer.welcome")} " " <strong>{number}</strong>
                            // Sent here from another page (an activity's 报名): back to it.
                            {next().map(|href| view! { " " <a href=href>{tr("volunteer.continue")}</a> })}
                        </p>
                    })}
                    <CheckInCode/>
                    <MySignUps/>
                    <MyStar volunteer_id=id/>
                    <MyPoints/>
                    <MyHonours volunteer_id=id/>
                    <Profile id/>
                    <MyTeams/>
                    <MyHours volunteer_id=id/>
                    <MyCertificate volunteer_id=id/>
                    <CertificateLink volunteer_id=id/>
                }
                .into_any(),
                None => view! { <BecomeVolunteer welcome/> }.into_any(),
            },
        }
    };
    view! {
        <section class="page-head">
            <h1>{tr("volunteer.title")}</h1>
        </section>
        {body}
    }
}

/// The request fields with an input on the form; their errors show beside it.
const FIELDS: [&str; 8] = [
    "real_name",
    "gender",
    "birth_date",
    "area_id",
    "skill_ids",
    "id_number",
    "guardian_name",
    "guardian_phone",
];

#[component]
fn BecomeVolunteer(welcome: RwSignal<Option<String>>) -> impl IntoView {
    let api = use_api();
    let session = use_session();

    let real_name = RwSignal::new(String::new());
    let gender = RwSignal::new(None::<Gender>);
    let birth_date = RwSignal::new(String::new());
    let town = RwSignal::new(None::<i64>);
    let village = RwSignal::new(None::<i64>);
    let skills = RwSignal::new(Vec::<i64>::new());
    let id_number = RwSignal::new(String::new());
    let guardian_name = RwSignal::new(String::new());
    let guardian_phone = RwSignal::new(String::new());

    let minor = move || {
        parse_date(&birth_date.get())
            .is_some_and(|b| b <= today() && age_on(b, today()) < ADULT_AGE)
    };

    let submit = Submission::new(&FIELDS, move |profile: &NewVolunteer| {
        let profile = profile.clone();
        async move {
            let created = api.create_volunteer(&profile).await;
            if let Ok(v) = &created {
                welcome.set(Some(v.number.clone()));
                session.set_volunteer_id(v.id);
            }
            created.map(|_| ())
        }
    });
    let pending = submit.pending();
    let field_error = move |field: &'static str| submit.field_error(field);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        // Problems found before sending: what the request cannot express.
        let mut errors = Vec::new();
        let name = real_name.get_untracked().trim().to_owned();
        if name.is_empty() {
            errors.push(("real_name", "volunteer.need_real_name"));
        }
        let g = gender.get_untracked();
        if g.is_none() {
            errors.push(("gender", "volunteer.need_gender"));
        }
        let birth = parse_date(&birth_date.get_untracked());
        if birth.is_none() {
            errors.push(("birth_date", "volunteer.need_birth_date"));
        }
        let area = village.get_untracked().or(town.get_untracked());
        if area.is_none() {
            errors.push(("area_id", "volunteer.need_area"));
        }
        if !submit.check(errors) {
            return;
        }
        let (Some(birth_date), Some(gender), Some(area_id)) = (birth, g, area) else {
            return;
        };
        let adult = age_on(birth_date, today()) >= ADULT_AGE;
        let text = |s: RwSignal<String>| {
            Some(s.get_untracked().trim().to_owned()).filter(|s| !s.is_empty())
        };
        submit.submit(NewVolunteer {
            real_name: name,
            gender,
            birth_date,
            area_id,
            skill_ids: skills.get_untracked(),
            availability: Vec::new(),
            id_number: text(id_number).map(|s| s.to_uppercase()),
            guardian_name: text(guardian_name).filter(|_| !adult),
            guardian_phone: text(guardian_phone).filter(|_| !adult),
        });
    };

    view! {
        <section class="form-card">
            <h2>{tr("volunteer.become")}</h2>
            <p class="muted">{tr("volunteer.become_intro")}</p>
            {move || submit.form_error().map(|error| view! { <ErrorMessage error/> })}
            <form class="form" novalidate node_ref=submit.form on:submit=on_submit>
                <Field id="vol-real-name" label=tr("volunteer.real_name") error=field_error("real_name")>
                    <input
                        id="vol-real-name"
                        name="real_name"
                        type="text"
                        autocomplete="name"
                        maxlength="30"
                        required
                        aria-invalid=move || field_error("real_name")().is_some().to_string()
                        aria-describedby=described_by("vol-real-name", field_error("real_name"))
                        bind:value=real_name
                    />
                </Field>
                <FieldSet id="vol-gender" legend=tr("volunteer.gender") error=field_error("gender")>
                    <div class="choices">
                        {Gender::ALL.iter().map(|g| {
                            let g = *g;
                            let id = format!("vol-gender-{}", g.as_str());
                            view! {
                                <label class="choice">
                                    <input
                                        id=id
                                        type="radio"
                                        name="gender"
                                        value=g.as_str()
                                        required
                                        prop:checked=move || gender.get() == Some(g)
                                        on:change=move |_| gender.set(Some(g))
                                    />
                                    {tr(gender_key(g))}
                                </label>
                            }
                        }).collect_view()}
                    </div>
                </FieldSet>
                <Field id="vol-birth-date" label=tr("volunteer.birth_date") error=field_error("birth_date")>
                    <input
                        id="vol-birth-date"
                        name="birth_date"
                        type="date"
                        autocomplete="bday"
                        min="1900-01-01"
                        max=move || date(today())
                        required
                        aria-invalid=move || field_error("birth_date")().is_some().to_string()
                        aria-describedby=described_by("vol-birth-date", field_error("birth_date"))
                        bind:value=birth_date
                    />
                </Field>
                <AreaPicker town village error=field_error("area_id")/>
                <SkillPicker skills error=field_error("skill_ids")/>
                <Field
                    id="vol-id-number"
                    label=tr("volunteer.id_number")
                    hint=tr("volunteer.id_number_hint")
                    error=field_error("id_number")
                >
                    <input
                        id="vol-id-number"
                        name="id_number"
                        type="text"
                        inputmode="text"
                        autocomplete="off"
                        maxlength="18"
                        aria-invalid=move || field_error("id_number")().is_some().to_string()
                        aria-describedby=move || {
                            let mut ids = "vol-id-number-hint".to_owned();
                            if field_error("id_number")().is_some() {
                                ids.push_str(" vol-id-number-error");
                            }
                            ids
                        }
                        bind:value=id_number
                    />
                </Field>
                {move || minor().then(|| view! {
                    <GuardianFields
                        name=guardian_name
                        phone=guardian_phone
                        name_error=field_error("guardian_name")
                        phone_error=field_error("guardian_phone")
                    />
                })}
                <button type="submit" class="button button-block" disabled=move || pending.get()>
                    {tr_while(pending, "volunteer.submitting", "volunteer.submit")}
                </button>
            </form>
        </section>
    }
}

/// The profile as the API returns it (the owner sees the whole ID number), and changing what a
/// volunteer may change: the area, the skills and, under 18, the guardian (the name, gender and
/// birth date follow the ID card: staff correct those).
#[component]
fn Profile(id: i64) -> impl IntoView {
    let api = use_api();
    let volunteer = Fetched::new(move || api.volunteer(id));
    let retry = Callback::new(move |()| volunteer.refetch());
    let editing = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let on_saved = Callback::new(move |()| {
        editing.set(false);
        saved.set(true);
        volunteer.refetch();
    });
    let on_cancel = Callback::new(move |()| editing.set(false));
    view! {
        <section class="section" aria-labelledby="profile-heading">
            <h2 id="profile-heading">{tr("volunteer.profile")}</h2>
            {move || (saved.get() && !editing.get()).then(|| view! {
                <p class="notice notice-success" role="status">{tr("volunteer.profile_saved")}</p>
            })}
            {when_loaded(move || volunteer.get(), move |value| match value {
                        Ok(v) if editing.get() => view! { <EditProfile v on_saved on_cancel/> }.into_any(),
                        Ok(v) => view! {
                            <ProfileDetails v/>
                            <p>
                                <button
                                    type="button"
                                    class="button button-secondary edit-profile"
                                    on:click=move |_| { saved.set(false); editing.set(true); }
                                >
                                    {tr("volunteer.edit_profile")}
                                </button>
                            </p>
                        }.into_any(),
                        Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
                    })}
        </section>
    }
}

/// The request fields with an input on the edit form.
const EDIT_FIELDS: [&str; 4] = ["area_id", "skill_ids", "guardian_name", "guardian_phone"];

#[component]
fn EditProfile(v: Volunteer, on_saved: Callback<()>, on_cancel: Callback<()>) -> impl IntoView {
    let api = use_api();
    let id = v.id;
    let minor = v.age < ADULT_AGE;
    let town = RwSignal::new(None::<i64>);
    let village = RwSignal::new(None::<i64>);
    let skills = RwSignal::new(v.skills.iter().map(|s| s.id).collect::<Vec<_>>());
    let guardian_name = RwSignal::new(v.guardian_name.clone().unwrap_or_default());
    let guardian_phone = RwSignal::new(v.guardian_phone.clone().unwrap_or_default());
    // The area as town and village: a town itself, or a place whose parent is the town.
    let area_id = v.area_id;
    let area = Fetched::new(move || api.area(area_id));
    Effect::new(move |_| {
        if let Some(Ok(a)) = area.get() {
            if a.level == AreaLevel::Town {
                town.set(Some(a.id));
                village.set(None);
            } else {
                town.set(a.parent_id);
                village.set(Some(a.id));
            }
        }
    });

    let save = Submission::new(&EDIT_FIELDS, move |patch: &VolunteerPatch| {
        let patch = patch.clone();
        async move {
            let result = api.update_volunteer(id, &patch).await.map(|_| ());
            if result.is_ok() {
                on_saved.run(());
            }
            result
        }
    });
    let pending = save.pending();
    let field_error = move |field: &'static str| save.field_error(field);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let area = village.get_untracked().or(town.get_untracked());
        if !save.check(if area.is_none() {
            vec![("area_id", "volunteer.need_area")]
        } else {
            Vec::new()
        }) {
            return;
        }
        let text = |s: RwSignal<String>| Some(s.get_untracked().trim().to_owned());
        save.submit(VolunteerPatch {
            area_id: area,
            skill_ids: Some(skills.get_untracked()),
            availability: None,
            guardian_name: text(guardian_name).filter(|_| minor),
            guardian_phone: text(guardian_phone).filter(|_| minor),
        });
    };

    view! {
        <form class="form form-card edit-profile-form" novalidate node_ref=save.form on:submit=on_submit>
            {move || save.form_error().map(|error| view! { <ErrorMessage error/> })}
            <AreaPicker town village error=field_error("area_id")/>
            <SkillPicker skills error=field_error("skill_ids")/>
            {minor.then(|| view! {
                <GuardianFields
                    name=guardian_name
                    phone=guardian_phone
                    name_error=field_error("guardian_name")
                    phone_error=field_error("guardian_phone")
                />
            })}
            <div class="form-actions">
                <button type="submit" class="button" disabled=move || pending.get()>
                    {tr_while(pending, "volunteer.saving", "volunteer.save_profile")}
                </button>
                <button type="button" class="button button-secondary" on:click=move |_| on_cancel.run(())>
                    {tr("volunteer.cancel_edit")}
                </button>
            </div>
        </form>
    }
}

#[component]
fn ProfileDetails(v: Volunteer) -> impl IntoView {
    let gender = v.gender;
    let age = v.age;
    view! {
        <dl class="details">
            <div>
                <dt>{tr("volunteer.number")}</dt>
                <dd class="volunteer-number">{v.number}</dd>
            </div>
            <div>
                <dt>{tr("volunteer.real_name")}</dt>
                <dd>{v.real_name}</dd>
            </div>
            <div>
                <dt>{tr("volunteer.gender")}</dt>
                <dd>{tr(gender_key(gender))}</dd>
            </div>
            <div>
                <dt>{tr("volunteer.birth_date")}</dt>
                <dd>{date(v.birth_date)} " (" {age} {tr("volunteer.years")} ")"</dd>
            </div>
            <div>
                <dt>{tr("volunteer.phone")}</dt>
                <dd>{v.phone}</dd>
            </div>
            <div>
                <dt>{tr("volunteer.area")}</dt>
                <dd><AreaName id=v.area_id/></dd>
            </div>
            <div>
                <dt>{tr("volunteer.id_number")}</dt>
                <dd>{match v.id_number {
                    Some(n) => n.into_any(),
                    None => view! { <span class="muted">{tr("volunteer.not_given")}</span> }.into_any(),
                }}</dd>
            </div>
            {v.guardian_name.map(|g| view! {
                <div>
                    <dt>{tr("volunteer.guardian_name")}</dt>
                    <dd>{g} " " {v.guardian_phone}</dd>
                </div>
            })}
            <div class="details-wide">
                <dt>{tr("volunteer.skills")}</dt>
                <dd>{if v.skills.is_empty() {
                    view! { <span class="muted">{tr("volunteer.not_given")}</span> }.into_any()
                } else {
                    view! {
                        <ul class="tags">
                            {v.skills.into_iter().map(|s| view! { <li class="tag tag-soft"><Localized name=s.name name_en=s.name_en/></li> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }}</dd>
            </div>
        </dl>
    }
}

/// The teams joined or applied to.
#[component]
fn MyTeams() -> impl IntoView {
    let api = use_api();
    let memberships = Fetched::new(move || api.my_memberships());
    let retry = Callback::new(move |()| memberships.refetch());
    view! {
        <section class="section" aria-labelledby="my-teams-heading">
            <h2 id="my-teams-heading">{tr("volunteer.my_teams")}</h2>
            {when_loaded(move || memberships.get(), move |value| match value {
                        Ok(list) if list.is_empty() => view! {
                            <p class="empty">
                                {tr("volunteer.no_teams")} " "
                                <a href="/teams">{tr("volunteer.find_teams")}</a>
                            </p>
                        }
                        .into_any(),
                        Ok(list) => view! {
                            <ul class="card-list">
                                {list.into_iter().map(|m| {
                                    let role = m.role;
                                    let status = m.status;
                                    view! {
                                        <li class="card">
                                            <h3 class="card-title">
                                                <a href=format!("/teams/{}", m.team_id)>{m.team_name}</a>
                                            </h3>
                                            <p class="tags">
                                                <span class=format!("badge badge-{}", status.as_str())>
                                                    {tr(membership_status_key(status))}
                                                </span>
                                                <span class="tag">{tr(member_role_key(role))}</span>
                                            </p>
                                            <p class="muted">{tr("volunteer.applied_at")} " " {local_time(m.applied_at)}</p>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
                    })}
        </section>
    }
}
