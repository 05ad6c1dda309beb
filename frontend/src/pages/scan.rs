//! `/console/scan`: a leader checks volunteers in or out of one of their activities by the
//! volunteer's QR code: read by the camera where the browser has `BarcodeDetector`, or typed
//! (the fallback, always offered). The camera part goes through a few `js_sys` calls, not
//! generated bindings, to stay light.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use js_sys::{Array, Function, Object, Promise, Reflect};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use youai_types::{Activity, ServiceRecord, SignUp};

use crate::api::{ActivityFilter, ApiClient, ApiError, use_api};
use crate::components::{ConsoleGate, ConsoleNav, ErrorMessage, Fetched, error_text, when_loaded};
use crate::format::{day_start, hours, time_range, today};
use crate::i18n::{tr, tr_while, use_i18n};
use crate::session::{Session, use_session};

/// How often a camera frame is looked at for a code.
const SCAN_EVERY: Duration = Duration::from_millis(400);

/// What a scan did.
#[derive(Debug, Clone)]
enum Scanned {
    In(SignUp),
    Out(ServiceRecord),
}

/// The activities of the teams I lead that have not ended, soonest first.
async fn my_activities(api: ApiClient, teams: Vec<i64>) -> Result<Vec<Activity>, ApiError> {
    let mut all = Vec::new();
    for team_id in teams {
        let filter = ActivityFilter {
            team_id: Some(team_id),
            from: Some(day_start(today())),
            limit: Some(50),
            ..ActivityFilter::default()
        };
        all.extend(api.activities(&filter, None).await?.items);
    }
    crate::sort::sort_by(&mut all, |a, b| a.start_at < b.start_at);
    Ok(all)
}

#[component]
pub fn ScanPage() -> impl IntoView {
    view! {
        <section class="page-head">
            <h1>{tr("console.scan")}</h1>
            <p class="intro">{tr("console.scan_intro")}</p>
        </section>
        <ConsoleNav/>
        <ConsoleGate next="/console/scan" allowed=Session::is_leader>
            <Scanner/>
        </ConsoleGate>
    }
}

#[component]
fn Scanner() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let session = use_session();
    let activities = Fetched::new(move || {
        let teams = session.led_teams().into_iter().map(|t| t.0).collect();
        my_activities(api, teams)
    });
    let retry = Callback::new(move |()| activities.refetch());
    let chosen = RwSignal::new(String::new());
    let out = RwSignal::new(false);
    let token = RwSignal::new(String::new());
    // The first activity is chosen once the list arrives.
    Effect::new(move |_| {
        if let Some(Ok(list)) = activities.get()
            && chosen.with_untracked(String::is_empty)
            && let Some(first) = list.first()
        {
            chosen.set(first.id.to_string());
        }
    });

    let check = Action::new_local(move |(activity, code, out): &(i64, String, bool)| {
        let (activity, code, out) = (*activity, code.clone(), *out);
        async move {
            if out {
                api.check_out_qr(activity, code).await.map(Scanned::Out)
            } else {
                api.check_in_qr(activity, code).await.map(Scanned::In)
            }
        }
    });
    let pending = check.pending();
    // Sends a code (typed or read by the camera) for the chosen activity.
    let submit = move |code: String| {
        let code = code.trim().to_owned();
        let Ok(activity) = chosen.get_untracked().parse::<i64>() else {
            return;
        };
        if code.is_empty() || pending.get_untracked() {
            return;
        }
        check.dispatch_local((activity, code, out.get_untracked()));
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        submit(token.get_untracked());
        token.set(String::new());
    };

    view! {
        {when_loaded(move || activities.get(), move |value| match value {
            Ok(list) if list.is_empty() => view! { <p class="empty">{tr("console.no_activities")}</p> }.into_any(),
            Ok(list) => view! {
                <div class="field">
                    <label for="scan-activity">{tr("scan.activity")}</label>
                    <select id="scan-activity" name="activity" on:change=move |ev| chosen.set(event_target_value(&ev))>
                        {list.into_iter().map(|a| {
                            let v = a.id.to_string();
                            let current = v.clone();
                            view! {
                                <option value=v selected=move || chosen.with(|c| *c == current)>
                                    {a.title} " · " {time_range(a.start_at, a.end_at)}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </div>
            }
            .into_any(),
            Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        })}
        <fieldset class="field fieldset scan-mode">
            <legend>{tr("scan.mode")}</legend>
            <label class="choice">
                <input type="radio" name="scan-mode" id="scan-in" prop:checked=move || !out.get()
                    on:change=move |_| out.set(false)/>
                {tr("scan.check_in")}
            </label>
            <label class="choice">
                <input type="radio" name="scan-mode" id="scan-out" prop:checked=move || out.get()
                    on:change=move |_| out.set(true)/>
                {tr("scan.check_out")}
            </label>
        </fieldset>
        <Camera on_code=Callback::new(submit)/>
        <form class="form scan-form" on:submit=on_submit>
            <div class="field">
                <label for="scan-token">{tr("scan.manual")}</label>
                <input id="scan-token" name="token" type="text" autocomplete="off" spellcheck="false"
                    autocapitalize="off" required aria-describedby="scan-token-hint" bind:value=token/>
                <p id="scan-token-hint" class="field-hint">{tr("scan.manual_hint")}</p>
            </div>
            <button type="submit" class="button" disabled=move || pending.get() || chosen.with(String::is_empty)>
                {tr_while(pending, "kiosk.checking", "kiosk.submit")}
            </button>
        </form>
        <div class="scan-result" aria-live="polite">
            {move || if pending.get() {
                None
            } else {
                check.value().get().map(|outcome| match outcome {
                    Ok(Scanned::In(s)) => view! {
                        <p class="notice notice-success scan-ok" role="status">
                            <strong>{tr("kiosk.checked_in")}</strong> " " {s.volunteer_name}
                        </p>
                    }
                    .into_any(),
                    Ok(Scanned::Out(r)) => view! {
                        <p class="notice notice-success scan-ok" role="status">
                            <strong>{tr("kiosk.checked_out")}</strong> " " {tr("kiosk.served")} " "
                            {hours(r.hours)} " " {tr("me.hours_unit")}
                        </p>
                    }
                    .into_any(),
                    Err(e) => view! {
                        <p class="notice notice-error scan-error" role="alert">{move || error_text(i18n, &e)}</p>
                    }
                    .into_any(),
                })
            }}
        </div>
    }
}

// ---- the camera -------------------------------------------------------------------------

fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// Calls `target.name(args…)`; a returned promise is awaited.
async fn call(target: &JsValue, name: &str, args: &Array) -> Result<JsValue, JsValue> {
    let f: Function = get(target, name)
        .ok_or_else(|| JsValue::from_str(name))?
        .dyn_into()?;
    let value = f.apply(target, args)?;
    match value.dyn_into::<Promise>() {
        Ok(p) => JsFuture::from(p).await,
        Err(v) => Ok(v),
    }
}

/// `new BarcodeDetector({formats: ["qr_code"]})`, when the browser has it and reads QR codes.
fn qr_detector() -> Option<JsValue> {
    let window: JsValue = web_sys::window()?.into();
    let ctor: Function = get(&window, "BarcodeDetector")?.dyn_into().ok()?;
    get(&get(&window, "navigator")?, "mediaDevices")?;
    let options = Object::new();
    Reflect::set(&options, &"formats".into(), &Array::of1(&"qr_code".into())).ok()?;
    Reflect::construct(&ctor, &Array::of1(&options)).ok()
}

/// The camera's picture with codes read from it every 400 ms; shown only where the browser
/// can read QR codes. Stops the camera when closed or when the page goes.
#[component]
fn Camera(on_code: Callback<String>) -> impl IntoView {
    let supported = qr_detector().is_some();
    let video = NodeRef::<leptos::html::Video>::new();
    let on = RwSignal::new(false);
    let failed = RwSignal::new(false);
    // The stream and the timer; local: JS objects stay on this thread.
    let stream = StoredValue::new_local(None::<JsValue>);
    let timer = StoredValue::new_local(None::<IntervalHandle>);
    let last = StoredValue::new(String::new());

    let stop = move || {
        if let Some(t) = timer.try_update_value(Option::take).flatten() {
            t.clear();
        }
        if let Some(s) = stream.try_update_value(Option::take).flatten() {
            spawn_local(async move {
                if let Ok(tracks) = call(&s, "getTracks", &Array::new()).await {
                    for t in Array::from(&tracks).iter() {
                        let _ = call(&t, "stop", &Array::new()).await;
                    }
                }
            });
        }
        let _ = on.try_set(false);
    };
    on_cleanup(stop);

    let start = move |_| {
        failed.set(false);
        spawn_local(async move {
            let started = async {
                let detector = qr_detector().ok_or(JsValue::NULL)?;
                let window: JsValue = web_sys::window().ok_or(JsValue::NULL)?.into();
                let devices = get(&window, "navigator")
                    .and_then(|n| get(&n, "mediaDevices"))
                    .ok_or(JsValue::NULL)?;
                let constraints = Object::new();
                let camera = Object::new();
                Reflect::set(&camera, &"facingMode".into(), &"environment".into())?;
                Reflect::set(&constraints, &"video".into(), &camera)?;
                let s = call(&devices, "getUserMedia", &Array::of1(&constraints)).await?;
                on.set(true);
                let element: JsValue = video.get_untracked().ok_or(JsValue::NULL)?.into();
                Reflect::set(&element, &"srcObject".into(), &s)?;
                stream.set_value(Some(s));
                let _ = call(&element, "play", &Array::new()).await;
                Ok::<_, JsValue>((detector, element))
            };
            match started.await {
                Ok((detector, element)) => {
                    let busy = Rc::new(Cell::new(false));
                    let tick = move || {
                        if busy.replace(true) {
                            return;
                        }
                        let busy = Rc::clone(&busy);
                        let (detector, element) = (detector.clone(), element.clone());
                        spawn_local(async move {
                            if let Ok(found) =
                                call(&detector, "detect", &Array::of1(&element)).await
                                && let Some(raw) = get(&Array::from(&found).get(0), "rawValue")
                                    .and_then(|v| v.as_string())
                                && last.try_get_value().is_some_and(|l| l != raw)
                            {
                                last.set_value(raw.clone());
                                on_code.run(raw);
                            }
                            busy.set(false);
                        });
                    };
                    if let Ok(handle) = set_interval_with_handle(tick, SCAN_EVERY) {
                        timer.set_value(Some(handle));
                    }
                }
                Err(_) => {
                    stop();
                    failed.set(true);
                }
            }
        });
    };

    view! {
        <section class="camera" aria-labelledby="camera-heading">
            <h2 id="camera-heading" class="visually-hidden">{tr("scan.camera")}</h2>
            {if supported {
                view! {
                    <p>
                        {move || if on.get() {
                            view! {
                                <button type="button" class="button button-secondary camera-stop" on:click=move |_| stop()>
                                    {tr("scan.camera_stop")}
                                </button>
                            }
                            .into_any()
                        } else {
                            view! {
                                <button type="button" class="button camera-start" on:click=start>
                                    {tr("scan.camera_start")}
                                </button>
                            }
                            .into_any()
                        }}
                    </p>
                    {move || failed.get().then(|| view! { <p class="notice notice-error" role="alert">{tr("scan.camera_failed")}</p> })}
                }
                .into_any()
            } else {
                view! { <p class="notice camera-unsupported">{tr("scan.camera_unsupported")}</p> }.into_any()
            }}
            <video node_ref=video class="camera-view" hidden=move || !on.get()
                playsinline=true muted=true aria-label=tr("scan.camera")></video>
        </section>
    }
}
