//! The parts of a volunteer's profile form that both the form to become a volunteer and the
//! form to change a profile use: where they belong, what they can do, and a minor's guardian.

use leptos::prelude::*;
use youai_types::AreaLevel;

use crate::api::{AreaFilter, use_api};
use crate::components::{Fetched, Field, FieldSet, Loading, Localized, described_by, error_text};
use crate::i18n::{tr, use_i18n};

/// The town and, within it, the village or community (none: the whole town) a volunteer
/// belongs to.
#[component]
pub fn AreaPicker(
    town: RwSignal<Option<i64>>,
    village: RwSignal<Option<i64>>,
    error: impl Fn() -> Option<String> + Send + Sync + 'static,
    /// The catalogue key of the legend (default: the volunteer's home area).
    #[prop(default = "volunteer.area")]
    legend: &'static str,
) -> impl IntoView {
    let api = use_api();
    let towns = Fetched::new(move || {
        api.all_areas(AreaFilter {
            level: Some(AreaLevel::Town),
            parent_id: None,
        })
    });
    let villages = Fetched::new(move || {
        let town = town.get();
        async move {
            match town {
                Some(id) => {
                    api.all_areas(AreaFilter {
                        level: None,
                        parent_id: Some(id),
                    })
                    .await
                }
                None => Ok(Vec::new()),
            }
        }
    });
    view! {
        <FieldSet id="vol-area" legend=tr(legend) error=error>
            <div class="field-row">
                <div class="field">
                    <label for="vol-town">{tr("volunteer.town")}</label>
                    <select
                        id="vol-town"
                        name="town"
                        required
                        on:change=move |ev| {
                            town.set(event_target_value(&ev).parse().ok());
                            village.set(None);
                        }
                    >
                        <option value="" selected=move || town.get().is_none()>{tr("volunteer.choose_town")}</option>
                        {move || match towns.get() {
                            Some(Ok(list)) => list.into_iter().map(|a| {
                                let id = a.id;
                                view! { <option value=id.to_string() selected=move || town.get() == Some(id)>{a.name}</option> }
                            }).collect_view().into_any(),
                            Some(Err(_)) => view! { <option value="" disabled>{tr("teams.areas_failed")}</option> }.into_any(),
                            None => view! { <option value="" disabled>{tr("common.loading")}</option> }.into_any(),
                        }}
                    </select>
                </div>
                <div class="field">
                    <label for="vol-village">{tr("volunteer.village")}</label>
                    <select
                        id="vol-village"
                        name="village"
                        disabled=move || town.get().is_none()
                        on:change=move |ev| village.set(event_target_value(&ev).parse().ok())
                    >
                        <option value="" selected=move || village.get().is_none()>{tr("volunteer.whole_town")}</option>
                        {move || match villages.get() {
                            Some(Ok(list)) => list.into_iter().map(|a| {
                                let id = a.id;
                                view! { <option value=id.to_string() selected=move || village.get() == Some(id)>{a.name}</option> }
                            }).collect_view().into_any(),
                            Some(Err(_)) => view! { <option value="" disabled>{tr("teams.areas_failed")}</option> }.into_any(),
                            None => view! { <option value="" disabled>{tr("common.loading")}</option> }.into_any(),
                        }}
                    </select>
                </div>
            </div>
        </FieldSet>
    }
}

/// The skills offered, as checkboxes.
#[component]
pub fn SkillPicker(
    skills: RwSignal<Vec<i64>>,
    error: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let skill_list = Fetched::new(move || api.skills());
    view! {
        <FieldSet id="vol-skills" legend=tr("volunteer.skills") error=error>
            {move || match skill_list.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! {
                    <p class="field-error">{move || error_text(i18n, &error)}</p>
                }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="muted">{tr("volunteer.no_skills")}</p>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <div class="choices">
                        {list.into_iter().map(|s| {
                            let id = s.id;
                            let input_id = format!("vol-skill-{id}");
                            view! {
                                <label class="choice">
                                    <input
                                        id=input_id
                                        type="checkbox"
                                        name="skill_ids"
                                        value=id.to_string()
                                        prop:checked=move || skills.with(|v| v.contains(&id))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            skills.update(|v| {
                                                v.retain(|x| *x != id);
                                                if on {
                                                    v.push(id);
                                                }
                                            });
                                        }
                                    />
                                    <Localized name=s.name name_en=s.name_en/>
                                </label>
                            }
                        }).collect_view()}
                    </div>
                }.into_any(),
            }}
        </FieldSet>
    }
}

/// The guardian a volunteer aged 14 to 17 must register (the server's rule), with why.
#[component]
pub fn GuardianFields(
    name: RwSignal<String>,
    phone: RwSignal<String>,
    name_error: impl Fn() -> Option<String> + Copy + Send + Sync + 'static,
    phone_error: impl Fn() -> Option<String> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <div class="guardian" role="group" aria-labelledby="vol-guardian-note">
            <p id="vol-guardian-note" class="notice">{tr("volunteer.guardian_note")}</p>
            <Field id="vol-guardian-name" label=tr("volunteer.guardian_name") error=name_error>
                <input
                    id="vol-guardian-name"
                    name="guardian_name"
                    type="text"
                    maxlength="30"
                    required
                    aria-invalid=move || name_error().is_some().to_string()
                    aria-describedby=described_by("vol-guardian-name", name_error)
                    bind:value=name
                />
            </Field>
            <Field id="vol-guardian-phone" label=tr("volunteer.guardian_phone") error=phone_error>
                <input
                    id="vol-guardian-phone"
                    name="guardian_phone"
                    type="tel"
                    inputmode="numeric"
                    maxlength="11"
                    required
                    aria-invalid=move || phone_error().is_some().to_string()
                    aria-describedby=described_by("vol-guardian-phone", phone_error)
                    bind:value=phone
                />
            </Field>
        </div>
    }
}
