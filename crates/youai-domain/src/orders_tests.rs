use chrono::{NaiveDate, TimeZone, Utc};
use youai_types::{AreaLevel, OrderAction, OrderDirection, OrderStatus, TeamKind};

use super::*;

use OrderAction as A;
use OrderActor as W;
use OrderDirection as D;
use OrderStatus as S;

/// Every legal move, written out: (direction — None for both, from, action, actor, to).
const LEGAL: &[(Option<D>, S, A, W, S)] = &[
    (
        Some(D::Request),
        S::Open,
        A::Take,
        W::EligibleTeam,
        S::Taken,
    ),
    (Some(D::Request), S::Open, A::Dispatch, W::Admin, S::Open),
    (
        Some(D::Request),
        S::Open,
        A::Accept,
        W::DispatchedTeam,
        S::Taken,
    ),
    (
        Some(D::Request),
        S::Open,
        A::Decline,
        W::DispatchedTeam,
        S::Open,
    ),
    (Some(D::Menu), S::Open, A::Accept, W::Provider, S::Taken),
    (
        Some(D::Menu),
        S::Open,
        A::Decline,
        W::Provider,
        S::Cancelled,
    ),
    (None, S::Taken, A::Schedule, W::Provider, S::Scheduled),
    (None, S::Scheduled, A::Complete, W::System, S::Completed),
    (None, S::Completed, A::Evaluate, W::Station, S::Evaluated),
    (None, S::Open, A::Cancel, W::Station, S::Cancelled),
    (None, S::Taken, A::Cancel, W::Station, S::Cancelled),
    (None, S::Scheduled, A::Cancel, W::Station, S::Cancelled),
    (None, S::Open, A::Cancel, W::Admin, S::Cancelled),
    (None, S::Taken, A::Cancel, W::Admin, S::Cancelled),
    (None, S::Scheduled, A::Cancel, W::Admin, S::Cancelled),
    (None, S::Open, A::Escalate, W::System, S::Open),
    (None, S::Open, A::Expire, W::System, S::Expired),
    (None, S::Taken, A::Expire, W::System, S::Expired),
    (None, S::Scheduled, A::Expire, W::System, S::Expired),
];

fn expected(d: D, from: S, a: A, w: W) -> Option<S> {
    LEGAL
        .iter()
        .find(|(dir, f, act, who, _)| {
            dir.is_none_or(|x| x == d) && *f == from && *act == a && *who == w
        })
        .map(|row| row.4)
}

#[test]
fn every_state_action_and_actor() {
    let mut legal = 0;
    for d in OrderDirection::ALL {
        for from in OrderStatus::ALL {
            for a in OrderAction::ALL {
                for w in OrderActor::ALL {
                    let want = expected(*d, *from, *a, w);
                    assert_eq!(
                        next(*d, *from, *a, w),
                        want,
                        "{d:?} {from:?} {a:?} by {w:?}"
                    );
                    legal += usize::from(want.is_some());
                }
            }
        }
    }
    // 4 request-only + 2 menu-only + 13 for both directions.
    assert_eq!(legal, 4 + 2 + 13 * 2);
}

#[test]
fn nothing_leaves_the_closed_states() {
    for d in OrderDirection::ALL {
        for from in [S::Evaluated, S::Cancelled, S::Expired] {
            assert!(moves_from(*d, from).is_empty(), "{d:?} {from:?}");
            assert!(allowed(*d, from, &OrderActor::ALL).is_empty());
        }
    }
}

#[test]
fn an_illegal_move_names_the_state_and_the_moves_allowed() {
    let e = check_state(D::Request, S::Taken, A::Take).unwrap_err();
    assert_eq!(e.from, S::Taken);
    assert_eq!(e.allowed_names(), vec!["schedule", "cancel"]);
    assert_eq!(e.message(), "订单当前状态为“已接单”，不能接单");
    assert!(
        check_state(D::Menu, S::Open, A::Take).is_err(),
        "menu orders are accepted, not taken"
    );
    assert!(check_state(D::Menu, S::Open, A::Accept).is_ok());
    // The system's moves are not offered to people.
    assert!(!moves_from(D::Request, S::Scheduled).contains(&A::Complete));
}

#[test]
fn allowed_follows_who_the_caller_is() {
    assert_eq!(
        allowed(D::Request, S::Open, &[W::EligibleTeam]),
        vec![A::Take]
    );
    assert_eq!(
        allowed(D::Request, S::Open, &[W::Station, W::Admin]),
        vec![A::Dispatch, A::Cancel]
    );
    assert_eq!(
        allowed(D::Menu, S::Open, &[W::Provider]),
        vec![A::Accept, A::Decline]
    );
    assert_eq!(
        allowed(D::Menu, S::Completed, &[W::Provider]),
        Vec::<A>::new()
    );
    assert_eq!(
        allowed(D::Menu, S::Completed, &[W::Station]),
        vec![A::Evaluate]
    );
}

fn team(kind: TeamKind, level: AreaLevel, path: &str) -> TeamPlace<'_> {
    TeamPlace {
        kind,
        area_level: level,
        area_path: path,
    }
}

#[test]
fn who_may_take_a_request_order() {
    let jindu = "/1/4/9/"; // a village of 金港镇 (/1/4/)
    let other_village = "/1/3/7/";
    let jingang = "/1/4/";
    let cases = [
        (
            team(TeamKind::CityCorps, AreaLevel::City, "/1/"),
            jindu,
            true,
        ),
        (
            team(TeamKind::IndustryDetachment, AreaLevel::City, "/1/"),
            jindu,
            true,
        ),
        (
            team(TeamKind::Squad, AreaLevel::City, "/1/"),
            other_village,
            true,
        ),
        (
            team(TeamKind::TownDetachment, AreaLevel::Town, jingang),
            jindu,
            true,
        ),
        (
            team(TeamKind::TownDetachment, AreaLevel::Town, jingang),
            other_village,
            false,
        ),
        // Its own town's orders come from a peer level.
        (
            team(TeamKind::TownDetachment, AreaLevel::Town, jingang),
            jingang,
            false,
        ),
        (
            team(TeamKind::CommunityTeam, AreaLevel::Village, jindu),
            jindu,
            false,
        ),
        (
            team(TeamKind::SocialTeam, AreaLevel::City, "/1/"),
            jindu,
            true,
        ),
        (
            team(TeamKind::SocialTeam, AreaLevel::Village, other_village),
            jindu,
            false,
        ),
    ];
    for (t, order_area, want) in cases {
        assert_eq!(team_may_take(t, order_area), want, "{t:?} for {order_area}");
    }
}

#[test]
fn nearest_first() {
    assert_eq!(area_distance("/1/4/", "/1/4/9/"), 1);
    assert_eq!(area_distance("/1/4/9/", "/1/4/9/"), 0);
    assert_eq!(area_distance("/1/3/", "/1/4/9/"), 3);
    assert_eq!(area_distance("/1/", "/1/4/9/"), 2);
}

fn at(y: i32, m: u32, d: u32, h: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn take_by_defaults_to_three_days_but_before_the_day() {
    let opened = at(2026, 12, 1, 2);
    assert_eq!(
        default_take_by(opened, day(2026, 12, 20)),
        at(2026, 12, 4, 2)
    );
    // Wanted on the 3rd: taken by the start of the 2nd, city time (16:00 UTC on the 1st).
    assert_eq!(
        default_take_by(opened, day(2026, 12, 3)),
        at(2026, 12, 1, 16)
    );
    // Wanted tomorrow: no time before it, so now.
    assert_eq!(default_take_by(opened, day(2026, 12, 2)), opened);
}

#[test]
fn escalation_and_expiry_with_a_clock() {
    let take_by = at(2026, 12, 4, 2);
    assert!(!escalation_due(S::Open, take_by, false, at(2026, 12, 4, 1)));
    assert!(escalation_due(S::Open, take_by, false, at(2026, 12, 4, 2)));
    assert!(
        !escalation_due(S::Open, take_by, true, at(2026, 12, 5, 0)),
        "once"
    );
    assert!(!escalation_due(
        S::Taken,
        take_by,
        false,
        at(2026, 12, 5, 0)
    ));

    let wanted = day(2026, 12, 10); // its day ends at 16:00 UTC on the 10th
    assert!(!expiry_due(S::Open, wanted, None, at(2026, 12, 10, 15)));
    assert!(expiry_due(S::Open, wanted, None, at(2026, 12, 10, 16)));
    assert!(expiry_due(S::Taken, wanted, None, at(2026, 12, 11, 0)));
    let ran = ActivityFacts {
        end_at: at(2026, 12, 10, 4),
        cancelled: false,
    };
    assert!(!expiry_due(
        S::Scheduled,
        wanted,
        Some(ran),
        at(2026, 12, 11, 3)
    ));
    assert!(expiry_due(
        S::Scheduled,
        wanted,
        Some(ran),
        at(2026, 12, 11, 4)
    ));
    let cancelled = ActivityFacts {
        cancelled: true,
        ..ran
    };
    assert!(expiry_due(
        S::Scheduled,
        wanted,
        Some(cancelled),
        at(2026, 12, 1, 0)
    ));
    for s in [S::Completed, S::Evaluated, S::Cancelled, S::Expired] {
        assert!(!expiry_due(s, wanted, None, at(2027, 1, 1, 0)), "{s:?}");
    }
}

#[test]
fn menu_dates_and_capacity() {
    let today = day(2026, 12, 1);
    assert!(menu_date_ok(today, day(2026, 12, 8), 7));
    assert!(!menu_date_ok(today, day(2026, 12, 7), 7));
    assert!(!menu_date_ok(today, day(2026, 11, 30), 0));
    assert!(!menu_date_ok(today, day(2028, 1, 1), 0));
    assert_eq!(month_of(day(2026, 12, 31)), day(2026, 12, 1));
    assert_eq!(remaining(8, 3), 5);
    assert_eq!(remaining(8, 9), 0);
}
