//! `/venues/{id}`: a practice venue (阵地): what and where it is, its hours, and the
//! activities held there from today on.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use youai_types::{Venue, VenueKind};

use crate::api::{ActivityFilter, ApiError, use_api};
use crate::components::{ActivityList, AreaName, ErrorMessage, Fetched, when_loaded};
use crate::format::{day_start, today};
use crate::i18n::tr;

fn kind_key(kind: VenueKind) -> &'static str {
    match kind {
        VenueKind::Centre => "venue_kind.centre",
        VenueKind::Institute => "venue_kind.institute",
        VenueKind::Station => "venue_kind.station",
        VenueKind::Point => "venue_kind.point",
    }
}

#[component]
pub fn VenuePage() -> impl IntoView {
    let api = use_api();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()));
    let venue = Fetched::new(move || {
        let id = id();
        async move {
            match id {
                Some(id) => api.venue(id).await,
                None => Err(ApiError::Unexpected {
                    status: 404,
                    message: String::new(),
                }),
            }
        }
    });
    let retry = Callback::new(move |()| venue.refetch());
    when_loaded(
        move || venue.get(),
        move |value| match value {
            Ok(venue) => view! { <VenueDetail venue/> }.into_any(),
            Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        },
    )
}

#[component]
fn VenueDetail(venue: Venue) -> impl IntoView {
    let filter = ActivityFilter {
        venue_id: Some(venue.id),
        from: Some(day_start(today())),
        ..ActivityFilter::default()
    };
    let fact = |key: &'static str, value: Option<String>| {
        value.map(|v| view! { <dt>{tr(key)}</dt> <dd>{v}</dd> })
    };
    view! {
        <article class="venue-detail">
            <section class="page-head">
                <h1>{venue.name}</h1>
                <p class="tags"><span class="tag">{tr(kind_key(venue.kind))}</span></p>
            </section>
            {venue.description.map(|d| view! { <p class="description">{d}</p> })}
            <dl class="facts">
                <dt>{tr("venue.area")}</dt>
                <dd><AreaName id=venue.area_id/></dd>
                <dt>{tr("venue.address")}</dt>
                <dd>{venue.address}</dd>
                {fact("venue.hours", venue.opening_hours)}
                {fact("venue.capacity", venue.capacity.map(|c| c.to_string()))}
                {venue.phone.map(|p| view! {
                    <dt>{tr("venue.phone")}</dt>
                    <dd><a href=format!("tel:{p}")>{p.clone()}</a></dd>
                })}
            </dl>
            <section class="section" aria-labelledby="venue-activities">
                <h2 id="venue-activities">{tr("venue.activities")}</h2>
                <ActivityList filter=Signal::stored(filter) empty="venue.no_activities"/>
            </section>
        </article>
    }
}
