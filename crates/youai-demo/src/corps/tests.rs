//! The corps plan's tests: valid ID numbers, the briefing's scale, consistency.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::HashSet;

use chrono::NaiveDate;
use youai_domain::idcard::{self, Gender};
use youai_types::{Slot, TeamKind};

use super::planner::short_name;
use super::*;
use crate::logins::{LEADER_LOGIN, MEMBER_LOGIN};
use crate::rng::SplitMix64;
use youai_types::AreaLevel;

#[test]
fn id_numbers_are_valid() {
    // The standard's worked example: 11010519491231002X.
    let d = NaiveDate::from_ymd_opt(1949, 12, 31).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let mut r = SplitMix64::new(7);
    for _ in 0..2000 {
        let year = 1950 + r.below(60) as i32;
        let birth = NaiveDate::from_ymd_opt(year, r.between(1, 12), r.between(1, 28)).unwrap();
        let male = r.percent(50);
        let s = id_number(birth, male, r.below(1000) as u32).unwrap();
        let id = idcard::parse_on(&s, today).unwrap();
        assert_eq!(id.birth_date(), birth);
        assert_eq!(
            id.gender(),
            if male { Gender::Male } else { Gender::Female }
        );
        assert!(s.starts_with("320582"));
    }
    assert!(idcard::parse_on(&id_number(d, false, 1).unwrap(), today).is_ok());
}

/// A city like the demo's: 9 towns, 49 villages and communities.
fn places() -> Vec<Place> {
    let mut out = vec![Place {
        id: 1,
        parent_id: None,
        level: AreaLevel::City,
        name: "张家港市".into(),
    }];
    let towns = [
        ("杨舍镇", 7),
        ("塘桥镇", 6),
        ("金港镇", 7),
        ("锦丰镇", 6),
        ("乐余镇", 5),
        ("凤凰镇", 6),
        ("南丰镇", 5),
        ("大新镇", 5),
        ("常阴沙现代农业示范园区", 2),
    ];
    let mut id = 2;
    for (t, n) in towns {
        let town = id;
        out.push(Place {
            id: town,
            parent_id: Some(1),
            level: AreaLevel::Town,
            name: t.into(),
        });
        id += 1;
        for v in 0..n {
            let name = if t == "金港镇" && v == 0 {
                "金都社区".to_owned()
            } else if v % 2 == 0 {
                format!("{}{v}社区", &t[..6])
            } else {
                format!("{}{v}村", &t[..6])
            };
            out.push(Place {
                id,
                parent_id: Some(town),
                level: AreaLevel::Village,
                name,
            });
            id += 1;
        }
    }
    out
}

#[test]
fn plan_has_the_briefings_scale_and_is_consistent() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let plan = plan(&places(), today).unwrap();
    assert_eq!(
        plan,
        super::plan(&places(), today).unwrap(),
        "deterministic"
    );

    let approved = plan.teams.iter().filter(|t| !t.pending).count();
    assert_eq!(approved, APPROVED_TEAMS);
    assert_eq!(plan.teams.iter().filter(|t| t.pending).count(), 3);
    let kind = |k: TeamKind| plan.teams.iter().filter(|t| t.kind == k).count();
    assert_eq!(kind(TeamKind::CityCorps), 1);
    assert_eq!(kind(TeamKind::TownDetachment), 9);
    assert_eq!(kind(TeamKind::IndustryDetachment), 12);
    assert!(kind(TeamKind::Squad) >= 24);
    assert!(kind(TeamKind::CommunityTeam) >= 49 * 10);
    assert!(kind(TeamKind::PointTeam) >= 9 * 6);
    assert!(kind(TeamKind::SocialTeam) >= 50);
    let names: HashSet<&str> = plan.teams.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names.len(), plan.teams.len(), "team names are unique");
    assert!(names.contains("理论宣讲行业支队"));
    assert!(names.contains("张家港市新时代文明实践志愿服务总队"));
    assert!(names.contains("金都社区志愿服务队"));
    for (i, t) in plan.teams.iter().enumerate() {
        assert!(t.parent.is_none_or(|p| p < i), "parents first");
        assert!((2..=60).contains(&t.name.chars().count()), "{}", t.name);
        assert!(
            youai_domain::validate::is_mobile_phone(&t.contact_phone)
                || t.contact_phone.starts_with("0512-"),
        );
    }

    assert_eq!(plan.volunteers.len(), VOLUNTEERS);
    let phones: HashSet<&str> = plan.volunteers.iter().map(|v| v.phone.as_str()).collect();
    assert_eq!(phones.len(), VOLUNTEERS);
    let mut with_id = 0;
    let mut minors = 0;
    for v in &plan.volunteers {
        assert!(youai_domain::validate::is_mobile_phone(&v.phone));
        let age = idcard::age_on(v.birth_date, today);
        assert!((14..=70).contains(&age), "{age}");
        assert_eq!(age < 18, v.guardian.is_some());
        minors += usize::from(age < 18);
        if let Some(s) = &v.id_number {
            let id = idcard::parse_on(s, today).unwrap();
            assert_eq!(id.birth_date(), v.birth_date);
            assert_eq!(id.gender() == Gender::Male, v.male);
            with_id += 1;
        }
        assert!(v.skills.len() <= 3);
        let slots: &[Slot] = &v.availability;
        assert!((1..=3).contains(&slots.len()));
        youai_domain::availability::validate(slots).unwrap();
    }
    assert!((1300..1700).contains(&with_id), "{with_id}");
    assert!((50..150).contains(&minors), "{minors}");

    let mut active = vec![0; plan.volunteers.len()];
    let mut leaders = vec![0; plan.teams.len()];
    let mut members = vec![0; plan.teams.len()];
    let mut pairs = HashSet::new();
    let mut applied = 0;
    for m in &plan.members {
        assert!(pairs.insert((m.team, m.volunteer)), "one row per pair");
        if m.applied {
            applied += 1;
            assert!(!m.leader);
            continue;
        }
        active[m.volunteer] += 1;
        members[m.team] += 1;
        if m.leader {
            leaders[m.team] += 1;
            let age = idcard::age_on(plan.volunteers[m.volunteer].birth_date, today);
            assert!(age >= 18);
        }
    }
    assert_eq!(applied, APPLICATIONS);
    assert!(active.iter().all(|n| (1..=3).contains(n)));
    assert!(active.iter().filter(|n| **n == 3).count() < 100);
    assert!(members.iter().all(|n| *n >= 1));
    assert!(leaders.iter().all(|n| (1..=2).contains(n)));
    assert!(
        (6500..9000).contains(&plan.members.len()),
        "{}",
        plan.members.len()
    );

    // The demo logins.
    let lead = plan
        .volunteers
        .iter()
        .position(|v| v.phone == LEADER_LOGIN)
        .unwrap();
    let theory = plan
        .teams
        .iter()
        .position(|t| t.name == "理论宣讲行业支队")
        .unwrap();
    assert!(
        plan.members
            .iter()
            .any(|m| m.team == theory && m.volunteer == lead && m.leader && !m.applied)
    );
    let member = plan
        .volunteers
        .iter()
        .position(|v| v.phone == MEMBER_LOGIN)
        .unwrap();
    let jindu = plan
        .teams
        .iter()
        .position(|t| t.name == "金都社区志愿服务队")
        .unwrap();
    let own: Vec<&PlanMember> = plan
        .members
        .iter()
        .filter(|m| m.volunteer == member)
        .collect();
    assert_eq!(own.len(), 1);
    assert!(own[0].team == jindu && !own[0].leader && !own[0].applied);
}

#[test]
fn short_names() {
    assert_eq!(short_name("杨舍镇"), "杨舍");
    assert_eq!(short_name("常阴沙现代农业示范园区"), "常阴沙");
    assert_eq!(short_name("金都社区"), "金都");
    assert_eq!(short_name("金村村"), "金村");
}
