//! A month grid of my sign-ups (volunteer centre): each day lists the activities I signed up
//! for, with links; months before and after are a click away.

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use youai_types::{MySignUp, SignUpStatus};

use crate::format::{clock, local_date, today};
use crate::i18n::{tr, use_i18n};

/// Monday first, as calendars in China are printed.
const WEEKDAYS: [&str; 7] = [
    "calendar.mon",
    "calendar.tue",
    "calendar.wed",
    "calendar.thu",
    "calendar.fri",
    "calendar.sat",
    "calendar.sun",
];

/// The first day of the month `offset` months after the month of `day`.
fn month_start(day: NaiveDate, offset: i32) -> Option<NaiveDate> {
    let months = day.year() * 12 + i32::try_from(day.month0()).ok()? + offset;
    NaiveDate::from_ymd_opt(
        months.div_euclid(12),
        u32::try_from(months.rem_euclid(12)).ok()? + 1,
        1,
    )
}

/// The weeks of the month starting at `first`: seven cells each, `None` outside the month.
fn weeks(first: NaiveDate) -> Vec<[Option<NaiveDate>; 7]> {
    let lead = first.weekday().num_days_from_monday() as usize;
    let mut cells: Vec<Option<NaiveDate>> = vec![None; lead];
    let mut d = first;
    while d.month() == first.month() {
        cells.push(Some(d));
        match d.succ_opt() {
            Some(next) => d = next,
            None => break,
        }
    }
    cells.resize(cells.len().div_ceil(7) * 7, None);
    cells
        .chunks(7)
        .map(|w| {
            let mut week = [None; 7];
            for (slot, cell) in week.iter_mut().zip(w) {
                *slot = *cell;
            }
            week
        })
        .collect()
}

#[component]
pub fn SignUpCalendar(items: Vec<MySignUp>) -> impl IntoView {
    let i18n = use_i18n();
    // Cancelled and refused sign-ups are not plans.
    let items: Vec<MySignUp> = items
        .into_iter()
        .filter(|s| !matches!(s.status, SignUpStatus::Cancelled | SignUpStatus::Rejected))
        .collect();
    let items = StoredValue::new(items);
    let offset = RwSignal::new(0i32);
    let first = move || month_start(today(), offset.get()).unwrap_or_else(today);
    let title = move || {
        let f = first();
        format!("{}-{:02}", f.year(), f.month())
    };
    view! {
        <section class="calendar" aria-labelledby="calendar-title">
            <div class="calendar-head">
                <button type="button" class="button button-secondary button-small calendar-prev"
                    aria-label=tr("calendar.previous") on:click=move |_| offset.update(|o| *o -= 1)>"‹"</button>
                <h3 id="calendar-title" aria-live="polite">{title}</h3>
                <button type="button" class="button button-secondary button-small calendar-next"
                    aria-label=tr("calendar.next") on:click=move |_| offset.update(|o| *o += 1)>"›"</button>
            </div>
            <table class="calendar-grid">
                <thead>
                    <tr>{WEEKDAYS.map(|k| view! { <th scope="col">{tr(k)}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    {move || {
                        let now = today();
                        weeks(first()).into_iter().map(|week| view! {
                            <tr>
                                {week.into_iter().map(|cell| match cell {
                                    None => view! { <td class="calendar-out"></td> }.into_any(),
                                    Some(day) => {
                                        let on_day: Vec<MySignUp> = items.with_value(|all| {
                                            all.iter().filter(|s| local_date(s.start_at) == day).cloned().collect()
                                        });
                                        let class = match (day == now, on_day.is_empty()) {
                                            (true, true) => "calendar-today",
                                            (true, false) => "calendar-today calendar-busy",
                                            (false, false) => "calendar-busy",
                                            (false, true) => "",
                                        };
                                        view! {
                                            <td class=class>
                                                <span class="calendar-day">{day.day()}</span>
                                                {on_day.into_iter().map(|s| view! {
                                                    <a class="calendar-item" href=format!("/activities/{}", s.activity_id)
                                                        title=format!("{} {}", clock(s.start_at), s.activity_title)>
                                                        <span class="calendar-time">{clock(s.start_at)}</span>
                                                        " " <span class="calendar-title">{s.activity_title.clone()}</span>
                                                    </a>
                                                }).collect_view()}
                                            </td>
                                        }
                                        .into_any()
                                    }
                                }).collect_view()}
                            </tr>
                        }).collect_view()
                    }}
                </tbody>
            </table>
            <p class="visually-hidden">{move || i18n.t("calendar.hint")}</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn months_step_across_years() {
        assert_eq!(month_start(d(2026, 12, 15), 1), Some(d(2027, 1, 1)));
        assert_eq!(month_start(d(2026, 1, 31), -1), Some(d(2025, 12, 1)));
        assert_eq!(month_start(d(2026, 3, 3), 0), Some(d(2026, 3, 1)));
    }

    #[test]
    fn weeks_start_on_monday_and_fill_the_grid() {
        // December 2026 starts on a Tuesday and has 31 days: 5 weeks.
        let w = weeks(d(2026, 12, 1));
        assert_eq!(w.len(), 5);
        assert_eq!(w[0][0], None);
        assert_eq!(w[0][1], Some(d(2026, 12, 1)));
        assert_eq!(w[4][3], Some(d(2026, 12, 31)));
        assert_eq!(w[4][4], None);
        // February 2027 starts on a Monday: exactly 4 weeks.
        assert_eq!(weeks(d(2027, 2, 1)).len(), 4);
    }
}
