//! `/me/notifications`: my inbox (站内信), newest first — unread lines stand out, each can be
//! marked read or followed to its page, or all marked read at once; and
//! `/me/notifications/settings`: which kinds of notice reach me on which channel, and my quiet
//! hours.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use youai_types::{
    Channel, EventKind, Notification, NotificationPreferences, NotificationPreferencesUpdate,
    PreferenceChoice, QuietHours,
};

use crate::api::{ApiError, use_api};
use crate::components::{BellRefresh, ErrorMessage, Fetched, PagedList, SignInFirst, when_loaded};
use crate::format::local_time;
use crate::i18n::{tr, tr_while, use_i18n};
use crate::session::use_session;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    move || {
        let settings = location
            .pathname
            .get()
            .trim_end_matches('/')
            .ends_with("/settings");
        if !session.signed_in() {
            let next = if settings {
                "/me/notifications/settings"
            } else {
                "/me/notifications"
            };
            return view! { <SignInFirst next/> }.into_any();
        }
        if settings {
            view! { <Settings/> }.into_any()
        } else {
            view! { <Inbox/> }.into_any()
        }
    }
}

/// The catalogue key of a kind of notice.
fn kind_key(kind: EventKind) -> &'static str {
    use EventKind as K;
    match kind {
        K::SignUpAccepted => "notice_kind.sign_up_accepted",
        K::SignUpWaitlisted => "notice_kind.sign_up_waitlisted",
        K::SignUpPromoted => "notice_kind.sign_up_promoted",
        K::ActivityChanged => "notice_kind.activity_changed",
        K::ActivityCancelled => "notice_kind.activity_cancelled",
        K::ActivityReminder => "notice_kind.activity_reminder",
        K::HoursVerified => "notice_kind.hours_verified",
        K::HoursDisputed => "notice_kind.hours_disputed",
        K::StarReached => "notice_kind.star_reached",
        K::VoucherIssued => "notice_kind.voucher_issued",
        K::VoucherExpiring => "notice_kind.voucher_expiring",
        K::TeamRegistrationDecided => "notice_kind.team_registration_decided",
        K::TeamJoinDecided => "notice_kind.team_join_decided",
        K::NeedAccepted => "notice_kind.need_accepted",
        K::NeedRejected => "notice_kind.need_rejected",
        K::NeedFulfilled => "notice_kind.need_fulfilled",
        K::OrderTaken => "notice_kind.order_taken",
        K::OrderScheduled => "notice_kind.order_scheduled",
        K::OrderCompleted => "notice_kind.order_completed",
        K::OrderEscalated => "notice_kind.order_escalated",
        K::WebhookDisabled => "notice_kind.webhook_disabled",
    }
}

fn channel_key(channel: Channel) -> &'static str {
    match channel {
        Channel::Inbox => "notice_channel.inbox",
        Channel::Sms => "notice_channel.sms",
        Channel::Wechat => "notice_channel.wechat",
        Channel::Webhook => "notice_channel.webhook",
    }
}

#[component]
fn Inbox() -> impl IntoView {
    let api = use_api();
    // (unread only, version): a new version reloads the list from its first page.
    let filter = RwSignal::new((false, 0_u32));
    let fetch = move |(unread, _): (bool, u32), cursor: Option<String>| async move {
        api.notifications(unread, cursor.as_deref()).await
    };
    let read_all = Action::new_local(move |(): &()| async move {
        let marked = api.read_all_notifications().await?;
        filter.update(|f| f.1 = f.1.wrapping_add(1));
        BellRefresh::ring();
        Ok::<i64, ApiError>(marked)
    });
    let busy = read_all.pending();
    let toggle = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        filter.update(|f| f.0 = on);
    };
    let card = move |n: Notification| view! { <NoticeCard notice=n/> };
    view! {
        <section class="page-head">
            <h1>{tr("notices.title")}</h1>
            <p class="intro">
                {tr("notices.intro")} " "
                <a href="/me/notifications/settings" id="notice-settings-link">{tr("notices.settings")}</a>
            </p>
        </section>
        <div class="form-actions inbox-tools">
            <label class="check" for="notices-unread">
                <input id="notices-unread" type="checkbox" prop:checked=move || filter.get().0 on:change=toggle/>
                {tr("notices.unread_only")}
            </label>
            <button
                type="button"
                id="notices-read-all"
                class="button button-secondary"
                disabled=move || busy.get()
                on:click=move |_| { read_all.dispatch_local(()); }
            >
                {tr_while(busy, "common.loading", "notices.read_all")}
            </button>
        </div>
        {move || read_all.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error/> })}
        <PagedList filter fetch card empty="notices.none" class="card-list card-list-single inbox-list"/>
    }
}

#[component]
fn NoticeCard(notice: Notification) -> impl IntoView {
    let api = use_api();
    let id = notice.id;
    let read_at = RwSignal::new(notice.read_at);
    let mark = Action::new_local(move |(): &()| async move {
        let n = api.read_notification(id).await?;
        read_at.set(n.read_at);
        BellRefresh::ring();
        Ok::<(), ApiError>(())
    });
    let follow = move |_| {
        if read_at.get_untracked().is_none() {
            mark.dispatch_local(());
        }
    };
    let kind = kind_key(notice.kind);
    view! {
        <li
            id=format!("inbox-{id}")
            class=move || if read_at.get().is_none() { "card inbox-item inbox-unread" } else { "card inbox-item" }
        >
            <p class="inbox-meta">
                <span class="badge">{tr(kind)}</span> " "
                <time datetime=notice.created_at.to_rfc3339()>{local_time(notice.created_at)}</time>
                {move || read_at.get().is_none().then(|| view! {
                    " " <span class="badge badge-pending inbox-unread-mark">{tr("notices.unread")}</span>
                })}
            </p>
            <h2 class="card-title inbox-title">{notice.title}</h2>
            <p class="inbox-body">{notice.body}</p>
            <p class="form-actions inbox-actions">
                {notice.link.map(|link| view! {
                    <a class="inbox-link" href=link on:click=follow>{tr("notices.open")}</a> " "
                })}
                {move || read_at.get().is_none().then(|| view! {
                    <button
                        type="button"
                        class="button button-small button-secondary inbox-read"
                        disabled=move || mark.pending().get()
                        on:click=move |_| { mark.dispatch_local(()); }
                    >
                        {tr("notices.mark_read")}
                    </button>
                })}
            </p>
            {move || mark.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error/> })}
        </li>
    }
}

#[component]
fn Settings() -> impl IntoView {
    let api = use_api();
    let loaded = Fetched::new(move || api.notification_preferences());
    let retry = Callback::new(move |()| loaded.refetch());
    view! {
        <section class="page-head">
            <h1>{tr("notices.settings_title")}</h1>
            <p class="intro">
                {tr("notices.settings_intro")} " "
                <a href="/me/notifications">{tr("notices.back")}</a>
            </p>
        </section>
        {when_loaded(move || loaded.get(), move |value| match value {
            Ok(prefs) => view! { <SettingsForm prefs/> }.into_any(),
            Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        })}
    }
}

const CHANNELS: [Channel; 3] = [Channel::Inbox, Channel::Sms, Channel::Wechat];

#[component]
fn SettingsForm(prefs: NotificationPreferences) -> impl IntoView {
    let api = use_api();
    let i18n = use_i18n();
    let mut kinds: Vec<EventKind> = Vec::new();
    for p in &prefs.preferences {
        if !kinds.contains(&p.kind) {
            kinds.push(p.kind);
        }
    }
    // One signal per kind and channel.
    let switches: HashMap<(EventKind, Channel), RwSignal<bool>> = prefs
        .preferences
        .iter()
        .map(|p| ((p.kind, p.channel), RwSignal::new(p.enabled)))
        .collect();
    let quiet_on = RwSignal::new(prefs.quiet_hours.is_some());
    let (from, to) = prefs
        .quiet_hours
        .map_or(("22:00".to_owned(), "07:00".to_owned()), |q| (q.from, q.to));
    let quiet_from = RwSignal::new(from);
    let quiet_to = RwSignal::new(to);
    let all = StoredValue::new(switches.clone());
    let save = Action::new_local(move |(): &()| {
        let preferences: Vec<PreferenceChoice> = all.with_value(|s| {
            s.iter()
                .map(|((kind, channel), on)| PreferenceChoice {
                    kind: kind.as_str().to_owned(),
                    channel: channel.as_str().to_owned(),
                    enabled: on.get_untracked(),
                })
                .collect()
        });
        let update = NotificationPreferencesUpdate {
            preferences,
            quiet_hours: quiet_on.get_untracked().then(|| QuietHours {
                from: quiet_from.get_untracked(),
                to: quiet_to.get_untracked(),
            }),
        };
        async move { api.put_notification_preferences(&update).await.map(|_| ()) }
    });
    let saving = save.pending();
    let rows = kinds
        .into_iter()
        .map(|kind| {
            let cells = CHANNELS
                .iter()
                .map(|channel| {
                    let channel = *channel;
                    let id = format!(
                        "pref-{}-{}",
                        kind.as_str().replace('.', "-"),
                        channel.as_str()
                    );
                    let label = move || {
                        format!(
                            "{} · {}",
                            i18n.t(kind_key(kind)),
                            i18n.t(channel_key(channel))
                        )
                    };
                    match switches.get(&(kind, channel)).copied() {
                        Some(on) => view! {
                            <td>
                                <input type="checkbox" id=id aria-label=label bind:checked=on/>
                            </td>
                        }
                        .into_any(),
                        None => view! { <td></td> }.into_any(),
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{tr(kind_key(kind))}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <form class="form inbox-settings" on:submit=move |ev| { ev.prevent_default(); save.dispatch_local(()); }>
            <div class="inbox-table-wrap">
                <table class="data-table inbox-table">
                    <caption>{tr("notices.channels_caption")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{tr("notices.kind")}</th>
                            {CHANNELS.iter().map(|c| view! { <th scope="col">{tr(channel_key(*c))}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <fieldset class="quiet-hours">
                <legend>{tr("notices.quiet_title")}</legend>
                <p class="intro">{tr("notices.quiet_hint")}</p>
                <label class="check" for="quiet-on">
                    <input id="quiet-on" type="checkbox" bind:checked=quiet_on/>
                    {tr("notices.quiet_on")}
                </label>
                <div class="field-row">
                    <label for="quiet-from">{tr("notices.quiet_from")}</label>
                    <input id="quiet-from" type="time" prop:disabled=move || !quiet_on.get() bind:value=quiet_from/>
                    <label for="quiet-to">{tr("notices.quiet_to")}</label>
                    <input id="quiet-to" type="time" prop:disabled=move || !quiet_on.get() bind:value=quiet_to/>
                </div>
            </fieldset>
            <p>
                <button type="submit" id="notice-settings-save" class="button" disabled=move || saving.get()>
                    {tr_while(saving, "common.loading", "notices.save")}
                </button>
            </p>
            {move || match save.value().get() {
                Some(Ok(())) => Some(view! { <p class="notice notice-success" role="status" id="notice-settings-saved">{tr("notices.saved")}</p> }.into_any()),
                Some(Err(error)) => Some(view! { <ErrorMessage error/> }.into_any()),
                None => None,
            }}
        </form>
    }
}
