//! The resources list's shared parts (社会资源清单): a resource's card, the agency picker of
//! the console forms, and the words of the lists' enums.

use leptos::prelude::*;
use youai_types::{AgencyKind, Resource, ResourceKind, ResourcePeriod, ResourceStatus};

use crate::api::use_api;
use crate::components::{AreaName, Fetched, Localized};
use crate::i18n::{area_level_key, tr};

pub fn agency_kind_key(kind: AgencyKind) -> &'static str {
    match kind {
        AgencyKind::Government => "agency_kind.government",
        AgencyKind::Enterprise => "agency_kind.enterprise",
        AgencyKind::Institution => "agency_kind.institution",
        AgencyKind::SocialOrg => "agency_kind.social_org",
    }
}

pub fn resource_kind_key(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::Venue => "resource_kind.venue",
        ResourceKind::Talent => "resource_kind.talent",
        ResourceKind::Fund => "resource_kind.fund",
        ResourceKind::Project => "resource_kind.project",
    }
}

pub fn resource_period_key(period: ResourcePeriod) -> &'static str {
    match period {
        ResourcePeriod::Month => "resource_period.month",
        ResourcePeriod::Quarter => "resource_period.quarter",
        ResourcePeriod::Year => "resource_period.year",
    }
}

/// One resource: what it is, who provides it, where, its topics and what remains of it this
/// period; `children` (the console's allocation form) below.
#[component]
pub fn ResourceCard(
    resource: Resource,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let r = resource;
    let provider = match (r.provider_agency_id, r.provider_team_id) {
        (Some(a), _) => {
            view! { <a href=format!("/agencies/{a}")>{r.provider_name.clone()}</a> }.into_any()
        }
        (None, Some(t)) => {
            view! { <a href=format!("/teams/{t}")>{r.provider_name.clone()}</a> }.into_any()
        }
        (None, None) => ().into_any(),
    };
    let id = r.id;
    view! {
        <li class="card resource-card" id=format!("resource-{id}")>
            <h3 class="card-title">{r.title.clone()}</h3>
            <p class="tags">
                <span class="tag">{tr(resource_kind_key(r.kind))}</span>
                <span class="tag tag-soft">{tr(area_level_key(r.level))}</span>
                {r.topics.iter().map(|t| view! { <span class="tag tag-soft"><Localized name=t.clone()/></span> }).collect_view()}
                {(r.status == ResourceStatus::Withdrawn).then(|| view! {
                    <span class="badge badge-withdrawn">{tr("resources.withdrawn")}</span>
                })}
            </p>
            <p class="muted">{tr("resources.provider")} ": " {provider} " · " <AreaName id=r.area_id/></p>
            {r.description.clone().map(|d| view! { <p>{d}</p> })}
            <dl class="card-figures">
                <div>
                    <dt>{tr("resources.capacity")}</dt>
                    <dd>{r.capacity} " " {r.unit.clone()} " / " {tr(resource_period_key(r.period))}</dd>
                </div>
                <div>
                    <dt>{tr("resources.remaining")}</dt>
                    <dd class="resource-remaining">{r.remaining}</dd>
                </div>
            </dl>
            {children.map(|c| c())}
        </li>
    }
}

/// A `<select>` of the registered agencies (up to 100, by id), bound to `value` (`None`: none
/// chosen). `only` keeps those an agency operator acts for, when given.
#[component]
pub fn AgencyPicker(
    id: &'static str,
    value: RwSignal<Option<i64>>,
    #[prop(default = None)] only: Option<Vec<i64>>,
) -> impl IntoView {
    let api = use_api();
    let agencies = Fetched::new(move || api.agencies(None, None, None, None));
    view! {
        <select id=id name="agency_id" on:change=move |ev| value.set(event_target_value(&ev).parse().ok())>
            <option value="" selected=move || value.get().is_none()>{tr("resources.choose_agency")}</option>
            {move || match agencies.get() {
                Some(Ok(page)) => page.items.into_iter()
                    .filter(|a| only.as_ref().is_none_or(|o| o.contains(&a.id)))
                    .map(|a| {
                        let aid = a.id;
                        view! { <option value=aid.to_string() selected=move || value.get() == Some(aid)>{a.name}</option> }
                    }).collect_view().into_any(),
                Some(Err(_)) => view! { <option value="" disabled>{tr("resources.agencies_failed")}</option> }.into_any(),
                None => view! { <option value="" disabled>{tr("common.loading")}</option> }.into_any(),
            }}
        </select>
    }
}
