//! `/kiosk/{venue_id}`: the touch screen at a venue. Anyone sees the venue's activities today
//! and this week; checking volunteers in and out by their QR code needs the venue's kiosk
//! account (a `kiosk` role grant for the venue) or staff of its area, signed in once on the
//! device. A USB scanner types the code and Enter into the code field; one scan checks the
//! volunteer in, or out when they are checked in already. After 60 s without a touch the
//! screen goes back to its start.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use wasm_bindgen::JsCast;
use youai_types::{Activity, LoginRequest, Role, Venue, VenueScanResult};

use crate::api::{ActivityFilter, ApiClient, ApiError, use_api};
use crate::components::Localized;
use crate::components::{
    ErrorMessage, Fetched, NotFoundMessage, Places, StatusBadge, error_text, when_loaded,
};
use crate::format::{clock, date, day_start, hours, local_date, now, time_range, today};
use crate::i18n::{tr, tr_while, use_i18n};
use crate::session::use_session;

/// Back to the start screen after this long without a touch or a key.
const IDLE_MS: f64 = 60_000.0;
/// The board is read again this often (and at each return to the start screen).
const BOARD_REFRESH_MS: f64 = 300_000.0;
/// Pages of activities read for the week (100 each).
const MAX_PAGES: usize = 5;
/// Check-in opens this long before an activity starts (the API's rule, `CHECK_IN_OPENS_BEFORE`).
const CHECK_IN_OPENS_BEFORE: chrono::TimeDelta = chrono::TimeDelta::minutes(30);

/// On the board's first list: it starts today (city time), or its check-in is already open —
/// at 23:50 the activity at 00:10 is the one a volunteer in front of the kiosk came for.
fn on_now(start_at: chrono::DateTime<chrono::Utc>, now: chrono::DateTime<chrono::Utc>) -> bool {
    local_date(start_at) <= local_date(now) || start_at - CHECK_IN_OPENS_BEFORE <= now
}

#[component]
pub fn KioskPage() -> impl IntoView {
    let params = use_params_map();
    let id =
        Memo::new(move |_| params.with(|p| p.get("venue_id").and_then(|s| s.parse::<i64>().ok())));
    move || match id.get() {
        Some(id) => view! { <Kiosk venue_id=id/> }.into_any(),
        None => view! { <NotFoundMessage/> }.into_any(),
    }
}

/// The venue and its activities from today to a week ahead, soonest first.
async fn board(api: ApiClient, venue_id: i64) -> Result<(Venue, Vec<Activity>), ApiError> {
    let venue = api.venue(venue_id).await?;
    let first = today();
    let filter = ActivityFilter {
        venue_id: Some(venue_id),
        from: Some(day_start(first)),
        to: first.checked_add_days(chrono::Days::new(7)).map(day_start),
        limit: Some(100),
        ..ActivityFilter::default()
    };
    let mut here = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let page = api.activities(&filter, cursor.as_deref()).await?;
        here.extend(page.items);
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    Ok((venue, here))
}

#[component]
fn Kiosk(venue_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let session = use_session();
    let data = Fetched::new(move || board(api, venue_id));
    let retry = Callback::new(move |()| data.refetch());

    let token = RwSignal::new(String::new());
    let result = RwSignal::new(None::<Result<VenueScanResult, ApiError>>);
    let clock_now = RwSignal::new(now());
    let last_touch = StoredValue::new(js_sys::Date::now());
    let last_board = StoredValue::new(js_sys::Date::now());
    let touch = move || last_touch.set_value(js_sys::Date::now());

    let focus_token = move || {
        if let Some(input) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("kiosk-token"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = input.focus();
        }
    };
    let reset = move || {
        token.set(String::new());
        result.set(None);
        if let Some(w) = web_sys::window() {
            w.scroll_to_with_x_and_y(0.0, 0.0);
        }
        data.refetch();
        last_board.set_value(js_sys::Date::now());
        focus_token();
    };
    if let Ok(handle) = set_interval_with_handle(
        move || {
            clock_now.set(now());
            let t = js_sys::Date::now();
            let at_start =
                result.with_untracked(Option::is_none) && token.with_untracked(String::is_empty);
            if !at_start && t - last_touch.get_value() > IDLE_MS {
                last_touch.set_value(t);
                reset();
            } else if t - last_board.get_value() > BOARD_REFRESH_MS {
                last_board.set_value(t);
                data.refetch();
            }
        },
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }

    let scanning = Action::new_local(move |code: &String| {
        let code = code.clone();
        async move {
            let outcome = api.venue_scan(venue_id, code).await;
            result.set(Some(outcome));
            token.set(String::new());
            data.refetch();
            focus_token();
        }
    });
    let pending = scanning.pending();
    let on_scan = move |ev: SubmitEvent| {
        ev.prevent_default();
        touch();
        let code = token.get_untracked().trim().to_owned();
        if !code.is_empty() && !pending.get_untracked() {
            scanning.dispatch_local(code);
        }
    };

    let full_screen = move |_| {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.request_fullscreen();
        }
    };

    view! {
        <div
            class="kiosk"
            on:pointerdown=move |_| touch()
            on:keydown=move |_| touch()
        >
            <header class="kiosk-head">
                <div>
                    <h1>
                        {move || match data.get() {
                            Some(Ok((v, _))) => v.name,
                            _ => i18n.t("kiosk.title").to_owned(),
                        }}
                    </h1>
                    <p class="kiosk-clock">{move || format!("{} {}", date(local_date(clock_now.get())), clock(clock_now.get()))}</p>
                </div>
                <div class="kiosk-tools">
                    <button type="button" class="button button-secondary" on:click=full_screen>{tr("kiosk.full_screen")}</button>
                    <button type="button" class="button button-secondary" on:click=move |_| { touch(); reset(); }>{tr("kiosk.home")}</button>
                </div>
            </header>
            <section class="kiosk-scan" aria-labelledby="kiosk-scan-heading">
                <h2 id="kiosk-scan-heading">{tr("kiosk.scan_heading")}</h2>
                {move || if session.signed_in() {
                    view! {
                        <KioskGrantHint venue_id/>
                        <form class="kiosk-form" on:submit=on_scan>
                            <label for="kiosk-token">{tr("kiosk.token")}</label>
                            <div class="kiosk-input-row">
                                <input
                                    id="kiosk-token"
                                    name="token"
                                    type="text"
                                    autocomplete="off"
                                    autocapitalize="off"
                                    spellcheck="false"
                                    autofocus
                                    aria-describedby="kiosk-token-hint"
                                    bind:value=token
                                />
                                <button type="submit" class="button" disabled=move || pending.get()>
                                    {tr_while(pending, "kiosk.checking", "kiosk.submit")}
                                </button>
                            </div>
                            <p id="kiosk-token-hint" class="field-hint">{tr("kiosk.token_hint")}</p>
                        </form>
                        {move || result.get().map(|r| view! { <ScanResult result=r/> })}
                        // Who the kiosk is signed in as, but no way out for a passer-by: staff sign
                        // it out from any other page's header.
                        <p class="kiosk-signed-in muted">
                            {move || session.user_name().map(|n| format!("{}{n}", i18n.t("nav.signed_in")))}
                        </p>
                    }
                    .into_any()
                } else {
                    view! { <KioskLogin/> }.into_any()
                }}
            </section>
            // A transition: the board stays on screen while it is read again.
            {when_loaded(move || data.get(), move |value| match value {
                        Ok((_, list)) => view! { <Board list/> }.into_any(),
                        Err(e) if e.code() == Some("not_found") => view! { <NotFoundMessage/> }.into_any(),
                        Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
                    })}
        </div>
    }
}

/// Today's activities (and any whose check-in is open), then the rest of the week.
#[component]
fn Board(list: Vec<Activity>) -> impl IntoView {
    let at = now();
    let (today_list, later): (Vec<Activity>, Vec<Activity>) =
        list.into_iter().partition(|a| on_now(a.start_at, at));
    let section = move |id: &'static str,
                        heading: &'static str,
                        empty: &'static str,
                        items: Vec<Activity>| {
        view! {
            <section class="kiosk-board" aria-labelledby=id>
                <h2 id=id>{tr(heading)}</h2>
                {if items.is_empty() {
                    view! { <p class="empty">{tr(empty)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="kiosk-list">
                            {items.into_iter().map(|a| view! { <KioskActivity activity=a/> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
            </section>
        }
    };
    view! {
        {section("kiosk-today", "kiosk.today", "kiosk.none_today", today_list)}
        {section("kiosk-week", "kiosk.week", "kiosk.none_week", later)}
    }
}

#[component]
fn KioskActivity(activity: Activity) -> impl IntoView {
    view! {
        <li class="kiosk-activity">
            <p class="kiosk-when"><time>{time_range(activity.start_at, activity.end_at)}</time></p>
            <h3>{activity.title}</h3>
            <p class="tags">
                <StatusBadge status=activity.status/>
                {activity.category.map(|c| view! { <span class="tag tag-soft"><Localized name=c/></span> })}
            </p>
            <Places free=activity.free_places quota=activity.quota status=activity.status/>
        </li>
    }
}

/// What a scan did, in large type: who checked in or out of what (with the hours), or why not.
#[component]
fn ScanResult(result: Result<VenueScanResult, ApiError>) -> impl IntoView {
    let i18n = use_i18n();
    match result {
        Ok(done) => {
            let out = done.action == "check_out";
            let served = done.record.map(|r| r.hours);
            view! {
                <div class="kiosk-result kiosk-ok" role="status">
                    <p class="kiosk-result-head">
                        {done.volunteer_name} " "
                        {move || if out { i18n.t("kiosk.checked_out") } else { i18n.t("kiosk.checked_in") }}
                    </p>
                    {served.map(|h| view! {
                        <p class="kiosk-result-hours">
                            {tr("kiosk.served")} " " <strong>{hours(h)}</strong> " " {tr("me.hours_unit")}
                        </p>
                    })}
                    <p>{done.activity_title}</p>
                </div>
            }
            .into_any()
        }
        Err(e) => view! {
            <div class="kiosk-result kiosk-error" role="alert">
                <p class="kiosk-result-head">{move || error_text(i18n, &e)}</p>
            </div>
        }
        .into_any(),
    }
}

/// A word when the signed-in account is not this venue's kiosk nor staff: the server will
/// refuse its scans unless it leads the activity's team.
#[component]
fn KioskGrantHint(venue_id: i64) -> impl IntoView {
    let session = use_session();
    move || {
        session.me().and_then(|me| {
            let may = me.grants.iter().any(|g| {
                (g.role == Role::Kiosk && g.venue_id == Some(venue_id))
                    || matches!(g.role, Role::AreaAdmin | Role::PlatformAdmin)
            });
            (!may).then(|| view! { <p class="notice">{tr("kiosk.not_kiosk")}</p> })
        })
    }
}

/// The venue's kiosk account signs in once on the device.
#[component]
fn KioskLogin() -> impl IntoView {
    let session = use_session();
    let phone = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let login = Action::new_local(move |request: &LoginRequest| {
        let request = request.clone();
        async move { session.login(&request).await.map(|_| ()) }
    });
    let pending = login.pending();
    let error = move || {
        if pending.get() {
            None
        } else {
            login.value().get().and_then(Result::err)
        }
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !pending.get_untracked() {
            login.dispatch_local(LoginRequest {
                phone: phone.get_untracked().trim().to_owned(),
                password: password.get_untracked(),
            });
        }
    };
    view! {
        <p class="notice">{tr("kiosk.login_needed")}</p>
        {move || error().map(|error| view! { <ErrorMessage error/> })}
        <form class="form kiosk-login" on:submit=on_submit>
            <div class="field">
                <label for="kiosk-phone">{tr("kiosk.account")}</label>
                <input id="kiosk-phone" name="phone" type="tel" inputmode="numeric" autocomplete="username" required bind:value=phone/>
            </div>
            <div class="field">
                <label for="kiosk-password">{tr("login.password")}</label>
                <input id="kiosk-password" name="password" type="password" autocomplete="current-password" required bind:value=password/>
            </div>
            <button type="submit" class="button button-block" disabled=move || pending.get()>
                {tr_while(pending, "login.submitting", "login.submit")}
            </button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::on_now;

    #[test]
    fn the_first_list_is_today_in_the_city_and_whatever_check_in_is_open_for() {
        // 23:50 in the city (UTC+8).
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 15, 50, 0).unwrap();
        let at = |h, m| Utc.with_ymd_and_hms(2026, 12, 1, h, m, 0).unwrap();
        // Earlier today and later today (23:55), city time.
        assert!(on_now(at(1, 0), now));
        assert!(on_now(at(15, 55), now));
        // 00:10 tomorrow: check-in opened at 23:40.
        assert!(on_now(at(16, 10), now));
        // 00:30 tomorrow: check-in opens at 00:00, not yet.
        assert!(!on_now(at(16, 30), now));
        // Tomorrow morning.
        assert!(!on_now(at(23, 0), now));
    }
}
