//! "我附近的活动": the browser's position, asked for only when the visitor presses the button,
//! then the activities with free places around it (`/activities?near=…`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::i18n::{tr, use_i18n};

/// Where finding the position stands.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Locating {
    Idle,
    Asking,
    /// The catalogue key of what went wrong.
    Failed(&'static str),
}

/// A button that finds the visitor's position and lists the activities near it.
#[component]
pub fn NearMe() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let state = RwSignal::new(Locating::Idle);
    let locate = move |_| {
        if state.get_untracked() == Locating::Asking {
            return;
        }
        state.set(Locating::Asking);
        let navigate = navigate.clone();
        spawn_local(async move {
            match current_position(300_000).await {
                Ok((lat, lng)) => {
                    state.set(Locating::Idle);
                    navigate(
                        &format!("/activities?near={lat:.5},{lng:.5}&free=1"),
                        Default::default(),
                    );
                }
                Err(key) => state.set(Locating::Failed(key)),
            }
        });
    };
    view! {
        <button
            type="button"
            class="button button-secondary"
            on:click=locate
            disabled=move || state.get() == Locating::Asking
        >
            {move || i18n.t(if state.get() == Locating::Asking { "near.asking" } else { "near.button" })}
        </button>
        {move || match state.get() {
            Locating::Failed(key) => Some(view! {
                <p class="field-error" role="alert">{tr(key)}</p>
            }),
            _ => None,
        }}
    }
}

/// The browser's position as (latitude, longitude), or the catalogue key of why not (asks the
/// visitor's leave the first time); a position found up to `maximum_age_ms` ago will do.
pub async fn current_position(maximum_age_ms: u32) -> Result<(f64, f64), &'static str> {
    let geolocation = web_sys::window()
        .and_then(|w| w.navigator().geolocation().ok())
        .ok_or("near.unsupported")?;
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let options = web_sys::PositionOptions::new();
        options.set_timeout(15_000);
        options.set_maximum_age(maximum_age_ms);
        if geolocation
            .get_current_position_with_error_callback_and_options(&resolve, Some(&reject), &options)
            .is_err()
        {
            let _ = reject.call0(&JsValue::NULL);
        }
    });
    let position = JsFuture::from(promise).await.map_err(|error| {
        // GeolocationPositionError.code: 1 refused, 2 unavailable, 3 timed out.
        match number(&error, "code") {
            Some(1.0) => "near.denied",
            _ => "near.unavailable",
        }
    })?;
    let coords = js_sys::Reflect::get(&position, &JsValue::from_str("coords"))
        .map_err(|_| "near.unavailable")?;
    match (number(&coords, "latitude"), number(&coords, "longitude")) {
        (Some(lat), Some(lng)) => Ok((lat, lng)),
        _ => Err("near.unavailable"),
    }
}

fn number(object: &JsValue, key: &str) -> Option<f64> {
    js_sys::Reflect::get(object, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_f64())
}

/// `near=lat,lng` from the URL, when it is a point on Earth.
pub fn parse_near(value: &str) -> Option<(f64, f64)> {
    let (lat, lng) = value.split_once(',')?;
    let (lat, lng): (f64, f64) = (lat.trim().parse().ok()?, lng.trim().parse().ok()?);
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lng)).then_some((lat, lng))
}

#[cfg(test)]
mod tests {
    use super::parse_near;

    #[test]
    fn near_is_a_point_on_earth() {
        assert_eq!(parse_near("31.87,120.55"), Some((31.87, 120.55)));
        assert_eq!(parse_near(" 31.87 , 120.55 "), Some((31.87, 120.55)));
        assert_eq!(parse_near("91,120"), None);
        assert_eq!(parse_near("31.87"), None);
        assert_eq!(parse_near("北纬,东经"), None);
    }
}
