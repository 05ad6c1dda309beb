#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDate};
use youai_types::{AreaLevel, NeedEventKind, NeedStatus};

use super::{Inputs, LECTURE_ATTENDANCES, LECTURE_SESSIONS, plan};

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

/// A small city: two towns, 金港镇 with 金都社区 and two villages, 大新镇 with two; the nine
/// categories; with `runs`, 200 finished activities of one project in 大新镇.
fn city(runs: bool) -> Inputs {
    let mut areas = vec![(1, AreaLevel::City, "张家港市".to_owned(), "/1/".to_owned())];
    for (id, name) in [(2, "金港镇"), (3, "大新镇")] {
        areas.push((id, AreaLevel::Town, name.to_owned(), format!("/1/{id}/")));
    }
    for (id, town, name) in [
        (10, 2, "金都社区"),
        (11, 2, "长江村"),
        (12, 2, "香山村"),
        (13, 3, "大新社区"),
        (14, 3, "年丰村"),
    ] {
        areas.push((
            id,
            AreaLevel::Village,
            name.to_owned(),
            format!("/1/{town}/{id}/"),
        ));
    }
    let serves = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let categories = vec![
        (1, "文艺演出".to_owned(), serves(&["文化文艺"])),
        (2, "文体活动".to_owned(), serves(&["文化文艺", "健康"])),
        (
            3,
            "知识讲座".to_owned(),
            serves(&["理论宣讲", "政策解读", "防范诈骗"]),
        ),
        (4, "便民服务".to_owned(), serves(&["邻里互助", "法律维权"])),
        (5, "急难愁盼".to_owned(), serves(&["应急救援", "心理关爱"])),
        (6, "脱贫致富".to_owned(), serves(&["技能培训"])),
        (
            7,
            "就学就业".to_owned(),
            serves(&["技能培训", "关爱未成年人"]),
        ),
        (8, "看病就医".to_owned(), serves(&["医疗健康", "健康"])),
        (9, "住房养老".to_owned(), serves(&["助老助残", "政策解读"])),
    ];
    let mut input = Inputs {
        areas,
        categories,
        teams: vec![(100, 3, true), (101, 2, true)],
        ..Inputs::default()
    };
    if runs {
        input.projects = vec![
            (500, "理论宣讲".to_owned(), 3),
            (501, "医疗健康".to_owned(), 2),
        ];
        let day0 = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        for k in 0..200i64 {
            let start = (day0 + Duration::days(3 * k)).and_hms_opt(6, 0, 0).unwrap();
            input
                .activities
                .push((1000 + k, 500, 13, start, start + Duration::hours(2)));
            input
                .activities
                .push((2000 + k, 501, 11, start, start + Duration::hours(2)));
        }
    }
    input
}

#[test]
fn jindu_has_38_needs_in_6_categories_and_every_state() {
    let p = plan(&city(false), as_of());
    let jindu: Vec<_> = p.needs.iter().filter(|n| n.area_id == 10).collect();
    assert_eq!(jindu.len(), 38);
    let cats: BTreeSet<i64> = jindu.iter().map(|n| n.category_id).collect();
    assert_eq!(cats.len(), 6, "{cats:?}");
    let states: BTreeSet<&str> = jindu.iter().map(|n| n.status.as_str()).collect();
    assert_eq!(states.len(), 9, "{states:?}");
    let channels: BTreeSet<&str> = jindu.iter().map(|n| n.channel.as_str()).collect();
    assert_eq!(channels.len(), 9, "{channels:?}");
    // Other villages: a few to a dozen each.
    for v in [11, 12, 13, 14] {
        let n = p.needs.iter().filter(|n| n.area_id == v).count();
        assert!((4..=12).contains(&n), "{v}: {n}");
    }
}

#[test]
fn stories_agree_with_states_ranks_are_contiguous_and_merges_add_up() {
    let now = super::plan::to_utc(as_of(), 0);
    for runs in [false, true] {
        let p = plan(&city(runs), as_of());
        let mut ranks: BTreeMap<i64, Vec<i32>> = BTreeMap::new();
        for (i, n) in p.needs.iter().enumerate() {
            let first = n.events.first().unwrap();
            assert_eq!(first.kind, NeedEventKind::Intake, "{n:?}");
            assert_eq!(first.at, n.created_at);
            assert!(n.events.windows(2).all(|w| w[0].at <= w[1].at), "{n:?}");
            assert!(n.events.iter().all(|e| e.at < now), "{n:?}");
            let last = n
                .events
                .iter()
                .rfind(|e| e.to.is_some() && e.kind != NeedEventKind::Rank)
                .and_then(|e| e.to);
            assert_eq!(last, Some(n.status), "{n:?}");
            assert_eq!(n.urgency_rank.is_some(), n.status == NeedStatus::Accepted);
            if let Some(r) = n.urgency_rank {
                ranks.entry(n.area_id).or_default().push(r);
            }
            assert_eq!(n.reject_reason.is_some(), n.status == NeedStatus::Rejected);
            let linked = matches!(
                n.status,
                NeedStatus::Matched | NeedStatus::InService | NeedStatus::Fulfilled
            );
            assert_eq!(n.link.is_some(), linked, "{n:?}");
            assert_eq!(n.fulfilled_at.is_some(), n.status == NeedStatus::Fulfilled);
            // Activities only for needs in service or fulfilled, each run for a linked project.
            if !n.activities.is_empty() {
                assert!(matches!(
                    n.status,
                    NeedStatus::InService | NeedStatus::Fulfilled
                ));
                assert!(matches!(
                    n.link.as_ref().map(|l| &l.to),
                    Some(super::LinkTo::Project(_))
                ));
            }
            let absorbed: i32 = p
                .needs
                .iter()
                .filter(|m| m.merged_into == Some(i))
                .map(|m| m.supporters)
                .sum();
            let own = n
                .events
                .iter()
                .filter(|e| e.kind == NeedEventKind::Absorbed)
                .count();
            assert_eq!(
                own,
                p.needs.iter().filter(|m| m.merged_into == Some(i)).count()
            );
            assert!(n.supporters > absorbed, "{n:?}");
            assert_eq!(n.merged_into.is_some(), n.status == NeedStatus::Merged);
        }
        if runs {
            assert!(p.needs.iter().any(|n| !n.activities.is_empty()));
        }
        for (area, mut r) in ranks {
            r.sort_unstable();
            assert_eq!(r, (1..=r.len() as i32).collect::<Vec<_>>(), "{area}");
        }
    }
}

#[test]
fn allocations_stay_within_each_periods_capacity_at_every_level() {
    let p = plan(&city(true), as_of());
    let mut used: BTreeMap<(usize, NaiveDate), i32> = BTreeMap::new();
    for a in &p.allocations {
        let r = &p.resources[a.resource];
        assert_eq!(
            super::period_start(r.period, a.period_start),
            a.period_start
        );
        *used.entry((a.resource, a.period_start)).or_default() += a.quantity;
    }
    for ((r, _), q) in &used {
        assert!(
            *q <= p.resources[*r].capacity,
            "{q} of {:?}",
            p.resources[*r]
        );
    }
    let levels: BTreeSet<&str> = p
        .allocations
        .iter()
        .map(|a| p.resources[a.resource].level.as_str())
        .collect();
    assert_eq!(levels.len(), 3, "{levels:?}");
    assert!(p.allocations.iter().any(|a| a.need.is_some()));
}

#[test]
fn daxin_lectures_are_132_sessions_with_8000_attendances_and_the_plan_is_deterministic() {
    let p = plan(&city(true), as_of());
    let l = p.lectures.as_ref().unwrap();
    assert_eq!(l.sessions.len(), LECTURE_SESSIONS);
    assert_eq!(
        l.sessions.iter().map(|s| s.2).sum::<i32>(),
        LECTURE_ATTENDANCES
    );
    assert!(l.sessions.iter().all(|s| (1000..1200).contains(&s.0)));
    // Needs are never served by a lecture session.
    let sessions: BTreeSet<i64> = l.sessions.iter().map(|s| s.0).collect();
    assert!(
        p.needs
            .iter()
            .all(|n| n.activities.iter().all(|a| !sessions.contains(a)))
    );
    assert_eq!(plan(&city(true), as_of()), p);
    // Without the history: no series.
    assert!(plan(&city(false), as_of()).lectures.is_none());
}
