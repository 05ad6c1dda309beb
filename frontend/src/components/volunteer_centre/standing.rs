//! The volunteer centre's standing (on `/me/volunteer`): my star level, points and honours.

use leptos::prelude::*;
use youai_types::{Honour, PointsAccount, PointsEntry, StarLevel};

use crate::api::use_api;
use crate::components::{ErrorMessage, Fetched, group_digits, when_loaded};
use crate::format::{date, hours, local_date};
use crate::i18n::{points_kind_key, tr, use_i18n};

/// Ledger entries shown before "显示全部".
const ENTRIES_SHOWN: usize = 10;

/// `level` filled stars out of `of` (at least `level`).
pub fn stars(level: u8, of: u8) -> String {
    let mut s = "★".repeat(usize::from(level));
    s.push_str(&"☆".repeat(usize::from(of.saturating_sub(level))));
    s
}

/// My star level with a bar towards the next one.
#[component]
pub fn MyStar(volunteer_id: i64) -> impl IntoView {
    let api = use_api();
    let star = Fetched::new(move || api.star(volunteer_id));
    let retry = Callback::new(move |()| star.refetch());
    view! {
        <section class="section my-star" aria-labelledby="star-heading">
            <h2 id="star-heading">{tr("star.title")}</h2>
            {when_loaded(move || star.get(), move |value| match value {
                        Ok(s) => view! { <StarView star=s/> }.into_any(),
                        Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
                    })}
        </section>
    }
}

/// The share of the way from the last threshold to the next, in whole percent.
fn progress_percent(hours: f64, from: u32, to: u32) -> u32 {
    if to <= from {
        return 100;
    }
    let share = (hours - f64::from(from)) / f64::from(to - from);
    // 0–100 after the clamp: the cast cannot truncate.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let percent = (share * 100.0).clamp(0.0, 100.0) as u32;
    percent
}

#[component]
fn StarView(star: StarLevel) -> impl IntoView {
    let i18n = use_i18n();
    let top = u8::try_from(star.thresholds_hours.len()).unwrap_or(u8::MAX);
    let level = star.level;
    let from = match usize::from(level) {
        0 => 0,
        n => star.thresholds_hours.get(n - 1).copied().unwrap_or(0),
    };
    let next = star
        .next_level
        .and_then(|n| {
            star.thresholds_hours
                .get(usize::from(n).saturating_sub(1))
                .copied()
        })
        .zip(star.next_level);
    view! {
        <p class="star-level">
            <span class="stars" aria-hidden="true">{stars(level, top.max(level))}</span>
            " "
            <strong class="star-value">
                {move || if level == 0 { i18n.t("star.none").to_owned() } else { format!("{level} {}", i18n.t("star.unit")) }}
            </strong>
        </p>
        <p class="star-hours">
            {tr("me.total_hours")} " " <strong class="star-hours-value">{hours(star.hours)}</strong> " " {tr("me.hours_unit")}
        </p>
        {match next {
            Some((to, next_level)) => {
                let percent = progress_percent(star.hours, from, to);
                let left = star.hours_to_next.unwrap_or_default();
                view! {
                    <div class="star-progress">
                        <progress id="star-progress" max="100" value=percent.to_string() aria-describedby="star-to-next"></progress>
                        <p id="star-to-next" class="muted star-to-next">
                            {tr("star.to_next")} " " {stars(next_level, next_level)} " "
                            {tr("star.still")} " " <strong>{hours(left)}</strong> " " {tr("me.hours_unit")}
                            " (" {percent} "%)"
                        </p>
                    </div>
                }
                .into_any()
            }
            None => view! { <p class="muted">{tr("star.top")}</p> }.into_any(),
        }}
    }
}

/// My points: the balance, what service earned, and the ledger, newest first.
#[component]
pub fn MyPoints() -> impl IntoView {
    let api = use_api();
    let points = Fetched::new(move || api.my_points());
    let retry = Callback::new(move |()| points.refetch());
    view! {
        <section class="section my-points" aria-labelledby="points-heading">
            <h2 id="points-heading">{tr("points.title")}</h2>
            <p class="reward-links">
                <a class="button button-secondary" href="/rewards">{tr("vouchers.catalogue")}</a>
                " "
                <a class="button button-secondary" href="/me/vouchers">{tr("rewards.my_vouchers")}</a>
            </p>
            {when_loaded(move || points.get(), move |value| match value {
                        Ok(account) => view! { <Ledger account/> }.into_any(),
                        Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
                    })}
        </section>
    }
}

#[component]
fn Ledger(account: PointsAccount) -> impl IntoView {
    let i18n = use_i18n();
    let count = account.entries.len();
    let entries = StoredValue::new(account.entries);
    let all = RwSignal::new(false);
    view! {
        <p class="points-balance">
            {tr("points.balance")} " "
            <strong class="points-balance-value">{group_digits(account.balance)}</strong>
            <span class="muted">" · " {tr("points.earned")} " " {group_digits(account.earned)}</span>
        </p>
        {if count == 0 {
            view! { <p class="empty">{tr("points.none")}</p> }.into_any()
        } else {
            view! {
                <table class="ledger">
                    <caption class="visually-hidden">{tr("points.ledger")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{tr("points.when")}</th>
                            <th scope="col">{tr("points.what")}</th>
                            <th scope="col" class="num">{tr("points.points")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let shown = if all.get() { count } else { ENTRIES_SHOWN };
                            entries.with_value(|list| list.iter().take(shown).cloned().map(|entry| view! { <LedgerRow entry/> }).collect_view())
                        }}
                    </tbody>
                </table>
                {move || (count > ENTRIES_SHOWN && !all.get()).then(|| view! {
                    <p class="load-more">
                        <button type="button" class="button button-secondary" on:click=move |_| all.set(true)>
                            {move || format!("{} ({count})", i18n.t("me.show_all"))}
                        </button>
                    </p>
                })}
            }
            .into_any()
        }}
    }
}

#[component]
fn LedgerRow(entry: PointsEntry) -> impl IntoView {
    let kind = entry.kind;
    let sign = if entry.points > 0 { "+" } else { "" };
    view! {
        <tr>
            <td>{date(local_date(entry.created_at))}</td>
            <td>
                {tr(points_kind_key(kind))}
                {entry.reason.map(|r| view! { <span class="muted">" · " {r}</span> })}
            </td>
            <td class=if entry.points < 0 { "num debit" } else { "num credit" }>{format!("{sign}{}", group_digits(entry.points))}</td>
        </tr>
    }
}

/// Honours awarded to me.
#[component]
pub fn MyHonours(volunteer_id: i64) -> impl IntoView {
    let api = use_api();
    let honours = Fetched::new(move || api.honours(volunteer_id));
    let retry = Callback::new(move |()| honours.refetch());
    view! {
        <section class="section my-honours" aria-labelledby="honours-heading">
            <h2 id="honours-heading">{tr("honours.title")}</h2>
            {when_loaded(move || honours.get(), move |value| match value {
                        Ok(list) if list.is_empty() => view! {
                            <p class="empty">{tr("honours.none")}</p>
                        }
                        .into_any(),
                        Ok(list) => view! {
                            <ul class="honour-list">
                                {list.into_iter().map(|h| view! { <HonourItem honour=h/> }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
                    })}
        </section>
    }
}

#[component]
fn HonourItem(honour: Honour) -> impl IntoView {
    view! {
        <li class="honour">
            <strong>{honour.title}</strong>
            " "
            <time class="muted">{date(honour.awarded_on)}</time>
            <p>{honour.citation}</p>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::{progress_percent, stars};

    #[test]
    fn progress_runs_from_the_last_threshold_to_the_next() {
        assert_eq!(progress_percent(0.0, 0, 100), 0);
        assert_eq!(progress_percent(150.0, 100, 300), 25);
        assert_eq!(progress_percent(400.0, 100, 300), 100);
        assert_eq!(progress_percent(5.0, 5, 5), 100);
        assert_eq!(stars(2, 5), "★★☆☆☆");
        assert_eq!(stars(1, 1), "★");
    }
}
