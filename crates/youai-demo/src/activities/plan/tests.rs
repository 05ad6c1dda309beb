//! The plan's rules, checked on a small city: determinism, the calendar around the day it is
//! loaded as of, the towns covered, the two demo volunteers' histories.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use super::*;
use chrono::Timelike;

fn inputs() -> (Vec<PlaceIn>, Vec<TeamIn>, Vec<VenueIn>) {
    let mut places = vec![PlaceIn {
        id: 1,
        level: AreaLevel::City,
        name: "张家港市".into(),
        path: "/1/".into(),
    }];
    for t in 0..9 {
        let town = 2 + t * 10;
        places.push(PlaceIn {
            id: town,
            level: AreaLevel::Town,
            name: format!("镇{t}"),
            path: format!("/1/{town}/"),
        });
        for v in 1..6 {
            places.push(PlaceIn {
                id: town + v,
                level: AreaLevel::Village,
                name: format!("镇{t}村{v}"),
                path: format!("/1/{town}/{}/", town + v),
            });
        }
    }
    let mut rng = SplitMix64::new(3);
    let mut teams = Vec::new();
    let mut next_volunteer = 1;
    for id in 1..=1084 {
        let place = &places[rng.below(places.len())];
        let n = rng.below(12);
        let members = (0..n)
            .map(|_| {
                next_volunteer += 1;
                if rng.percent(10) {
                    1 + rng.below(next_volunteer) as i64
                } else {
                    next_volunteer as i64
                }
            })
            .collect::<HashSet<i64>>()
            .into_iter()
            .collect::<Vec<_>>();
        let mut members = members;
        members.sort_unstable();
        teams.push(TeamIn {
            id,
            area_id: place.id,
            specialty: (id % 7 == 0).then(|| "医疗健康".to_owned()),
            members,
        });
    }
    let venues = places
        .iter()
        .filter(|p| p.level == AreaLevel::Village && p.id % 2 == 0)
        .map(|p| VenueIn {
            id: p.id * 100,
            area_id: p.id,
            address: format!("{}1号", p.name),
            latitude: Some(31.8),
            longitude: Some(120.5),
        })
        .collect();
    (places, teams, venues)
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The demo logins in the test corps: the first member of a village team with a venue, and
/// the first member of a city-level team with three members at least.
fn featured(teams: &[TeamIn], venues: &[VenueIn]) -> Featured {
    let member_team = teams
        .iter()
        .find(|t| t.members.len() >= 3 && venues.iter().any(|v| v.area_id == t.area_id))
        .unwrap();
    let leader_team = teams
        .iter()
        .find(|t| {
            t.members.len() >= 3
                && t.area_id == 1
                && t.id != member_team.id
                && !t.members.contains(&member_team.members[0])
        })
        .unwrap();
    Featured {
        member: Some((member_team.members[0], member_team.id)),
        leader: Some((leader_team.members[0], vec![leader_team.id])),
        kiosk_venue: venues
            .iter()
            .find(|v| v.area_id == member_team.area_id)
            .map(|v| v.id),
    }
}

/// China time's date of a stored UTC instant.
fn china_day(at: NaiveDateTime) -> NaiveDate {
    (at + Duration::hours(8)).date()
}

#[test]
fn plan_is_deterministic_and_consistent() {
    let (places, teams, venues) = inputs();
    let featured = featured(&teams, &venues);
    let as_of = day("2026-11-28");
    let plan = plan(&places, &teams, &venues, &featured, as_of).unwrap();
    assert_eq!(
        plan,
        super::plan(&places, &teams, &venues, &featured, as_of).unwrap(),
        "same day, same plan"
    );
    let (member, _) = featured.member.unwrap();
    let (leader, _) = featured.leader.clone().unwrap();
    assert_eq!(plan.projects.len(), PROJECTS);
    assert_eq!(plan.activities.len(), ACTIVITIES);
    assert_eq!(plan.projects.iter().filter(|p| p.batch == 0).count(), 290);
    let titles: HashSet<&str> = plan.projects.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles.len(), PROJECTS);
    let team = |id: i64| teams.iter().find(|t| t.id == id).unwrap();
    let place = |id: i64| places.iter().find(|p| p.id == id).unwrap();
    for p in &plan.projects {
        let t = team(p.team_id);
        assert_eq!(p.area_id, t.area_id);
        assert_eq!(p.level, place(t.area_id).level);
        assert!(CATEGORIES.iter().any(|(c, _)| *c == p.category));
        let groups = p.target_groups.clone();
        assert!((1..=3).contains(&groups.len()));
    }
    let mut per_day = HashSet::new();
    for a in &plan.activities {
        let p = &plan.projects[a.project];
        assert_eq!(a.team_id, p.team_id);
        let china_start = a.start_at + Duration::hours(8);
        let china_end = a.end_at + Duration::hours(8);
        assert_eq!(china_start.date(), a.served_on);
        assert_eq!(china_end.date(), a.served_on);
        assert!(
            china_start.hour() >= 8
                && china_end.time() <= NaiveTime::from_hms_opt(20, 0, 0).unwrap()
        );
        assert_eq!(
            (a.end_at - a.start_at).num_minutes(),
            i64::from(a.quarters) * 15
        );
        assert!((4..=16).contains(&a.quarters));
        assert!(a.served_on >= first_day() && a.served_on < as_of);
        assert!(a.start_at > p.published_at);
        assert!((5..=30).contains(&a.quota));
        assert!(a.volunteers.len() >= 3 && a.volunteers.len() <= a.quota as usize);
        let members = &team(a.team_id).members;
        for (v, early, late) in &a.volunteers {
            // The demo logins also join other teams' runs.
            assert!(members.contains(v) || *v == member || *v == leader);
            assert!((0..=20).contains(early) && (0..=20).contains(late));
            assert!(per_day.insert((*v, a.served_on)), "one activity a day");
        }
        if let Some(venue) = a.venue_id {
            let v = venues.iter().find(|x| x.id == venue).unwrap();
            assert_eq!(a.area_id, v.area_id);
            assert!(place(v.area_id).path.starts_with(&place(p.area_id).path));
        } else {
            assert_eq!(a.area_id, p.area_id);
            assert_eq!(a.address, place(p.area_id).name);
        }
    }
    let first = plan.activities.first().unwrap().served_on;
    let last = plan.activities.last().unwrap().served_on;
    assert!(
        first < NaiveDate::from_ymd_opt(2019, 3, 1).unwrap(),
        "{first}"
    );
    assert!(
        last > NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
        "{last}"
    );
}

#[test]
fn history_ends_the_day_before_and_the_calendar_fills_four_weeks_in_every_town() {
    let (places, teams, venues) = inputs();
    let featured = featured(&teams, &venues);
    let as_of = day("2026-11-28");
    let plan = plan(&places, &teams, &venues, &featured, as_of).unwrap();
    let midnight = to_utc(as_of, 0);

    // None of the history is on or after the demo's day; the last two days' records wait.
    for a in &plan.activities {
        assert!(
            a.served_on < as_of && a.end_at < midnight,
            "{}",
            a.served_on
        );
        assert_eq!(
            a.pending,
            a.served_on >= as_of - Duration::days(PENDING_DAYS)
        );
        if !a.pending {
            // Verified the day after: before the demo's day.
            assert!(a.end_at + Duration::days(1) < midnight);
        }
    }

    // The calendar: every day of the four weeks, every town, at sensible hours, published
    // in the month before, places left.
    // (Fewer only when a town's teams have no one free.)
    let full = UPCOMING_PER_DAY * UPCOMING_DAYS as usize;
    assert!(plan.upcoming.len() * 100 >= full * 95 && plan.upcoming.len() <= full);
    let place = |id: i64| places.iter().find(|p| p.id == id).unwrap();
    let end = as_of + Duration::days(UPCOMING_DAYS);
    let mut days = HashSet::new();
    let mut towns = HashSet::new();
    let mut per_day = HashSet::new();
    for u in &plan.upcoming {
        assert!(u.served_on >= as_of && u.served_on < end, "{}", u.served_on);
        assert_eq!(china_day(u.start_at), u.served_on);
        assert_eq!(china_day(u.end_at), u.served_on);
        let (start, finish) = (
            u.start_at + Duration::hours(8),
            u.end_at + Duration::hours(8),
        );
        assert!(start.hour() >= 8 && finish.time() <= NaiveTime::from_hms_opt(20, 0, 0).unwrap());
        assert!(u.signup_deadline < u.start_at);
        assert!(u.published_at < midnight && u.published_at >= midnight - Duration::days(30));
        assert!(!u.volunteers.is_empty() && u.volunteers.len() < u.quota as usize);
        let p = &plan.projects[u.project];
        assert_eq!(u.team_id, p.team_id);
        // At a venue of the project's area (a town's project at one of the town's venues).
        let v = venues.iter().find(|v| Some(v.id) == u.venue_id).unwrap();
        assert_eq!(u.area_id, v.area_id);
        assert!(place(v.area_id).path.starts_with(&place(p.area_id).path));
        let town = places
            .iter()
            .find(|t| t.level == AreaLevel::Town && place(u.area_id).path.starts_with(&t.path))
            .unwrap();
        towns.insert(town.id);
        days.insert(u.served_on);
        for v in &u.volunteers {
            assert!(per_day.insert((*v, u.served_on)), "one activity a day");
        }
    }
    assert_eq!(days.len(), UPCOMING_DAYS as usize);
    let all_towns = places.iter().filter(|p| p.level == AreaLevel::Town).count();
    assert_eq!(towns.len(), all_towns, "every town");

    // The kiosk has one every day; the member is signed up for one of them, the leader for
    // one of his detachment's.
    let (member, member_team) = featured.member.unwrap();
    let (leader, led) = featured.leader.clone().unwrap();
    let at_kiosk: Vec<&PlanUpcoming> = plan
        .upcoming
        .iter()
        .filter(|u| u.venue_id == featured.kiosk_venue)
        .collect();
    let kiosk_days: HashSet<NaiveDate> = at_kiosk
        .iter()
        .filter(|u| u.team_id == member_team)
        .map(|u| u.served_on)
        .collect();
    assert_eq!(kiosk_days.len(), UPCOMING_DAYS as usize);
    let mine: Vec<&PlanUpcoming> = plan
        .upcoming
        .iter()
        .filter(|u| u.volunteers.contains(&member))
        .collect();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].venue_id, featured.kiosk_venue);
    assert!(
        plan.upcoming
            .iter()
            .any(|u| u.volunteers.contains(&leader) && led.contains(&u.team_id))
    );

    // The demo logins' histories: a star's worth of verified hours each, and records
    // waiting for the leader's detachment, one of them the member's.
    let served = |v: i64| -> i64 {
        plan.activities
            .iter()
            .filter(|a| !a.pending && a.volunteers.iter().any(|x| x.0 == v))
            .map(|a| i64::from(a.quarters))
            .sum()
    };
    assert!(served(member) >= MEMBER_QUARTERS, "{}", served(member));
    assert!(served(leader) >= LEADER_QUARTERS, "{}", served(leader));
    let waiting = |team: i64, v: i64| {
        plan.activities
            .iter()
            .filter(|a| a.pending && a.team_id == team && a.volunteers.iter().any(|x| x.0 == v))
            .count()
    };
    assert_eq!(waiting(led[0], leader), PENDING_DAYS as usize);
    assert_eq!(waiting(member_team, member), 1);

    // Published and run a day, over the last 30 days: the history's runs were put on the
    // platform a week before they ran, the calendar's in the month before the demo's day.
    let since = midnight - Duration::days(30);
    let published = plan
        .activities
        .iter()
        .filter(|a| a.start_at - Duration::days(7) >= since)
        .count()
        + plan
            .upcoming
            .iter()
            .filter(|u| u.published_at >= since)
            .count();
    let per_day = published as f64 / 30.0;
    assert!((50.0..=60.0).contains(&per_day), "{per_day} a day");
}

#[test]
fn another_day_shifts_the_calendar() {
    let (places, teams, venues) = inputs();
    let featured = featured(&teams, &venues);
    let first = plan(&places, &teams, &venues, &featured, day("2026-11-28")).unwrap();
    let later = day("2027-03-01");
    let second = plan(&places, &teams, &venues, &featured, later).unwrap();
    assert_ne!(first, second);
    assert_eq!(second.activities.len(), ACTIVITIES);
    let last = second.activities.iter().map(|a| a.served_on).max().unwrap();
    assert!(last < later && last >= later - Duration::days(7), "{last}");
    let upcoming: Vec<NaiveDate> = second.upcoming.iter().map(|u| u.served_on).collect();
    assert_eq!(upcoming.iter().min(), Some(&later));
    assert_eq!(
        upcoming.iter().max(),
        Some(&(later + Duration::days(UPCOMING_DAYS - 1)))
    );
    // The same day again: the same plan.
    assert_eq!(
        second,
        plan(&places, &teams, &venues, &featured, later).unwrap()
    );
}
