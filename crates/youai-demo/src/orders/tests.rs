use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, NaiveDate, NaiveTime};
use youai_domain::orders as dom;
use youai_types::{AreaLevel, NeedStatus, OrderDirection, OrderStatus, TeamKind};

use super::{Inputs, TeamIn, plan};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

/// A small city: two towns of five villages, a detachment, a squad, a town detachment and a
/// village team; 24 agency and 3 team projects; a run a day for each team over the last 200
/// days and the next 28.
fn world() -> Inputs {
    let mut areas = vec![(1, None, AreaLevel::City, "市".to_owned(), "/1/".to_owned())];
    for t in [2i64, 3] {
        areas.push((
            t,
            Some(1),
            AreaLevel::Town,
            format!("镇{t}"),
            format!("/1/{t}/"),
        ));
        for v in 0..5 {
            let id = t * 10 + v;
            areas.push((
                id,
                Some(t),
                AreaLevel::Village,
                format!("村{id}"),
                format!("/1/{t}/{id}/"),
            ));
        }
    }
    let teams = vec![
        TeamIn {
            id: 100,
            kind: TeamKind::IndustryDetachment,
            area_id: 1,
            leader: Some(500),
        },
        TeamIn {
            id: 101,
            kind: TeamKind::Squad,
            area_id: 1,
            leader: Some(501),
        },
        TeamIn {
            id: 102,
            kind: TeamKind::TownDetachment,
            area_id: 2,
            leader: Some(502),
        },
        TeamIn {
            id: 103,
            kind: TeamKind::CommunityTeam,
            area_id: 20,
            leader: Some(503),
        },
    ];
    let mut projects = Vec::new();
    for i in 0..24 {
        // The first a town body's.
        let area = if i == 0 { 2 } else { 1 };
        projects.push((1000 + i, format!("服务{i}"), None, Some(1 + i % 5), area));
    }
    for (i, t) in [100, 101, 101].iter().enumerate() {
        projects.push((2000 + i as i64, format!("队伍项目{i}"), Some(*t), None, 1));
    }
    let midnight = |d: NaiveDate| d.and_time(NaiveTime::MIN) - Duration::hours(8);
    let mut finished = Vec::new();
    let mut upcoming = Vec::new();
    let mut id = 1;
    for d in -200i64..28 {
        for (k, (team, area)) in [(100, 21), (101, 30), (102, 22), (103, 20)]
            .into_iter()
            .enumerate()
        {
            let start = midnight(day() + Duration::days(d)) + Duration::hours(9 + k as i64);
            let run = (id, team, area, start, start + Duration::hours(2));
            id += 1;
            if d < 0 {
                finished.push(run)
            } else {
                upcoming.push(run)
            }
        }
    }
    let mut needs = Vec::new();
    for (i, s) in [
        NeedStatus::Accepted,
        NeedStatus::Matched,
        NeedStatus::InService,
        NeedStatus::Fulfilled,
    ]
    .iter()
    .enumerate()
    {
        for v in [20, 21, 22, 30, 31] {
            needs.push((3000 + i as i64 * 10 + v, v, *s, 1, format!("需求{v}")));
        }
    }
    Inputs {
        areas,
        categories: vec![(1, "便民服务".to_owned()), (2, "知识讲座".to_owned())],
        teams,
        projects,
        finished,
        upcoming,
        movable: (1..id).collect(),
        needs,
        admins: vec![(900, None), (901, Some(2))],
    }
}

#[test]
fn orders_are_in_every_state_with_consistent_timelines_and_counters() {
    let input = world();
    let p = plan(&input, day());
    assert!(p.refused.is_empty(), "{:?}", p.refused);
    assert!(p.plan_is_same_again(&input), "deterministic");
    let now = dom::city_midnight(day()).naive_utc();
    assert!(p.menu.len() >= 20, "{}", p.menu.len());
    assert_eq!(
        p.menu[0].area_ids,
        [2],
        "a town body's service serves its town"
    );
    assert!(
        p.menu
            .iter()
            .all(|m| (2..=12).contains(&m.capacity) && (3..=14).contains(&m.lead_days))
    );
    let mut seen: HashMap<(OrderDirection, OrderStatus), usize> = HashMap::new();
    let mut accepted: BTreeMap<(usize, NaiveDate), i32> = BTreeMap::new();
    for o in &p.orders {
        let r = &o.row;
        *seen.entry((r.direction, r.status)).or_default() += 1;
        let first = &o.events[0];
        assert_eq!(
            (first.from_status, first.to_status, first.at),
            (None, OrderStatus::Open, r.created_at)
        );
        assert!(o.events.windows(2).all(|w| w[0].at < w[1].at), "{o:?}");
        assert!(o.events.iter().all(|e| e.at < now), "{o:?}");
        assert_eq!(o.events.last().unwrap().to_status, r.status, "{o:?}");
        assert_eq!(r.updated_at, o.events.last().unwrap().at);
        assert_eq!(
            r.take_by,
            dom::default_take_by(r.created_at.and_utc(), r.wanted_on).naive_utc()
        );
        let times: Vec<_> = [
            Some(r.created_at),
            r.taken_at,
            r.scheduled_at,
            r.completed_at,
            r.evaluated_at,
        ]
        .into_iter()
        .flatten()
        .collect();
        assert!(times.windows(2).all(|w| w[0] < w[1]), "{o:?}");
        assert_eq!(r.escalated_at.is_some(), r.escalated_to.is_some());
        if let Some(to) = r.escalated_to {
            let parent = input.areas.iter().find(|a| a.0 == r.area_id).unwrap().1;
            assert_eq!(Some(to), parent);
        }
        assert_eq!(
            r.cancel_reason.is_some(),
            r.status == OrderStatus::Cancelled
        );
        assert_eq!(r.rating.is_some(), r.status == OrderStatus::Evaluated);
        assert_eq!(
            r.activity_id.is_some(),
            matches!(
                r.status,
                OrderStatus::Scheduled | OrderStatus::Completed | OrderStatus::Evaluated
            )
        );
        if let Some(a) = r.activity_id {
            let done = input.finished.iter().any(|x| x.0 == a);
            assert_eq!(done, r.status != OrderStatus::Scheduled, "{o:?}");
        }
        if r.direction == OrderDirection::Menu {
            let item = o.menu_item.unwrap();
            let lead = p.menu[item].lead_days;
            assert!(
                dom::menu_date_ok(dom::city_day(r.created_at.and_utc()), r.wanted_on, lead),
                "{o:?}"
            );
            if matches!(
                r.status,
                OrderStatus::Taken
                    | OrderStatus::Scheduled
                    | OrderStatus::Completed
                    | OrderStatus::Evaluated
            ) {
                *accepted
                    .entry((item, dom::month_of(r.wanted_on)))
                    .or_default() += 1;
            }
        } else {
            assert!(o.needs.len() <= 2);
        }
    }
    for d in [OrderDirection::Request, OrderDirection::Menu] {
        for s in OrderStatus::ALL {
            assert!(
                seen.get(&(d, *s)).copied().unwrap_or(0) > 0,
                "no {d:?} {s:?}: {seen:?}"
            );
        }
    }
    let months: BTreeMap<(usize, NaiveDate), i32> =
        p.months.iter().map(|(i, m, n)| ((*i, *m), *n)).collect();
    assert_eq!(months, accepted);
    for ((item, _), n) in &months {
        assert!(*n <= p.menu[*item].capacity);
    }
    assert!(
        p.orders
            .iter()
            .any(|o| o.escalated && o.row.status == OrderStatus::Open)
    );
    assert!(p.orders.iter().any(|o| o.row.dispatched_team_id.is_some()));
    assert!(p.orders.iter().any(|o| !o.needs.is_empty()));
}

impl super::Plan {
    fn plan_is_same_again(&self, input: &Inputs) -> bool {
        *self == plan(input, day())
    }
}
