//! 签到 / 签退 where the volunteer stands: on an activity's page, a volunteer whose sign-up is
//! accepted checks in while check-in is open (from 30 minutes before the start to the end), and
//! out once checked in. The browser's position is asked for when the button is pressed and sent
//! as a `self` check; the answer, or the API's problem (too far: how far, and the radius), is
//! shown in words.

use chrono::Duration;
use leptos::prelude::*;
use leptos::task::spawn_local;
use youai_types::{Activity, MySignUp, SignUpStatus};

use crate::api::{ApiError, use_api};
use crate::components::{Fetched, current_position, error_text};
use crate::format::{clock, local_time, now};
use crate::i18n::{tr, use_i18n};

/// How long before the start check-in opens (the API's rule).
const OPENS_BEFORE_MINUTES: i64 = 30;

/// Where a check stands.
#[derive(Debug, Clone, PartialEq)]
enum Checking {
    Idle,
    /// Waiting for the browser's position.
    Locating,
    /// Waiting for the API.
    Sending,
    /// Done: the catalogue key of what happened.
    Done(&'static str),
    /// No position: the catalogue key of why.
    NoPosition(&'static str),
    /// Farther than the radius: (metres away, radius).
    TooFar(f64, i32),
    Refused(ApiError),
}

/// The signed-in volunteer's check-in and check-out at `activity`, when `mine` (their
/// sign-up for it, read again after a check) says they are signed up; nothing otherwise.
#[component]
pub fn SelfCheck(
    activity: Activity,
    mine: Fetched<Result<Option<MySignUp>, ApiError>>,
) -> impl IntoView {
    let api = use_api();
    let id = activity.id;
    let state = RwSignal::new(Checking::Idle);
    let place = activity.latitude.zip(activity.longitude);
    let radius = activity.checkin_radius_m;
    let check = move |out: bool| {
        if matches!(
            state.get_untracked(),
            Checking::Locating | Checking::Sending
        ) {
            return;
        }
        state.set(Checking::Locating);
        spawn_local(async move {
            // A fresh position: the volunteer may have walked since the last one.
            let here = match current_position(0).await {
                Ok(here) => here,
                Err(key) => {
                    // Refused: say where to allow it, and who else can check them in.
                    let key = if key == "near.denied" {
                        "selfcheck.denied"
                    } else {
                        key
                    };
                    state.set(Checking::NoPosition(key));
                    return;
                }
            };
            state.set(Checking::Sending);
            let next = match api.check_self(id, here, out).await {
                Ok(()) => {
                    mine.refetch();
                    Checking::Done(if out {
                        "selfcheck.checked_out"
                    } else {
                        "selfcheck.checked_in"
                    })
                }
                Err(e) if e.is("too_far") => match place {
                    Some((lat, lng)) => Checking::TooFar(distance_m(here, (lat, lng)), radius),
                    None => Checking::Refused(e),
                },
                Err(e) => Checking::Refused(e),
            };
            state.set(next);
        });
    };
    let (start, end) = (activity.start_at, activity.end_at);
    let body = move || {
        let sign_up: MySignUp = mine.get().and_then(Result::ok).flatten()?;
        let opens = start - Duration::minutes(OPENS_BEFORE_MINUTES);
        let t = now();
        let action = match sign_up.status {
            SignUpStatus::Accepted if t < opens => Some(
                view! {
                    <p class="muted self-check-later">
                        {tr("selfcheck.opens_at")} " " <time>{local_time(opens)}</time>
                    </p>
                }
                .into_any(),
            ),
            SignUpStatus::Accepted if t < end && place.is_none() => Some(
                view! { <p class="muted">{tr("selfcheck.no_place")}</p> }.into_any(),
            ),
            SignUpStatus::Accepted if t < end => {
                Some(view! { <CheckButton out=false state check/> }.into_any())
            }
            SignUpStatus::CheckedIn => Some(view! {
                <p>{tr("selfcheck.in_since")} " " <time>{sign_up.checked_in_at.map(clock)}</time></p>
                <CheckButton out=true state check/>
            }
            .into_any()),
            SignUpStatus::CheckedOut => Some(view! {
                <p class="muted">{tr("selfcheck.all_done")}</p>
            }
            .into_any()),
            _ => None,
        }?;
        Some(view! {
            <section class="section self-check" aria-labelledby="self-check-heading">
                <h2 id="self-check-heading">{tr("selfcheck.heading")}</h2>
                <p class="muted">{tr("selfcheck.intro")} " " {radius} " " {tr("selfcheck.metres")}</p>
                {action}
                <Outcome state/>
            </section>
        })
    };
    view! { {body} }
}

#[component]
fn CheckButton(
    out: bool,
    state: RwSignal<Checking>,
    check: impl Fn(bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let busy = move || matches!(state.get(), Checking::Locating | Checking::Sending);
    let label = move || {
        i18n.t(match (state.get(), out) {
            (Checking::Locating, _) => "selfcheck.locating",
            (Checking::Sending, _) => "selfcheck.sending",
            (_, false) => "selfcheck.check_in",
            (_, true) => "selfcheck.check_out",
        })
    };
    let class = if out {
        "button self-check-out"
    } else {
        "button self-check-in"
    };
    view! {
        <p>
            <button type="button" class=class disabled=busy on:click=move |_| check(out)>
                {label}
            </button>
        </p>
    }
}

/// What came of the last press, said politely (success) or at once (a problem).
#[component]
fn Outcome(state: RwSignal<Checking>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        match state.get() {
        Checking::Done(key) => Some(
            view! { <p class="notice notice-success self-check-done" role="status">{tr(key)}</p> }
                .into_any(),
        ),
        Checking::NoPosition(key) => Some(
            view! { <p class="notice notice-error self-check-error" role="alert">{tr(key)}</p> }
                .into_any(),
        ),
        Checking::TooFar(distance, radius) => {
            // Whole metres, without core's float formatting (it weighs on the bundle).
            #[allow(clippy::cast_possible_truncation)]
            let metres = distance.round() as i64;
            let text = move || {
                i18n.t("selfcheck.too_far")
                    .replace("{distance}", &metres.to_string())
                    .replace("{radius}", &radius.to_string())
            };
            Some(
                view! { <p class="notice notice-error self-check-error too-far" role="alert">{text}</p> }
                    .into_any(),
            )
        }
        Checking::Refused(e) => Some(
            view! {
                <p class="notice notice-error self-check-error" role="alert">{move || error_text(i18n, &e)}</p>
            }
            .into_any(),
        ),
        Checking::Idle | Checking::Locating | Checking::Sending => None,
    }
    }
}

/// The great-circle distance in metres between two points (haversine, the API's formula).
fn distance_m((lat1, lng1): (f64, f64), (lat2, lng2): (f64, f64)) -> f64 {
    const EARTH_RADIUS_M: f64 = 6_371_008.8;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lng2 - lng1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * a.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::distance_m;

    #[test]
    fn distances_are_metres_on_the_earth() {
        assert!(distance_m((31.87, 120.55), (31.87, 120.55)).abs() < 1e-6);
        // A thousandth of a degree of latitude is about 111 m.
        let d = distance_m((31.870, 120.55), (31.871, 120.55));
        assert!((d - 111.2).abs() < 0.5, "{d}");
        // 张家港 to 苏州: about 64 km.
        let d = distance_m((31.875, 120.555), (31.299, 120.585));
        assert!((60_000.0..70_000.0).contains(&d), "{d}");
    }
}
