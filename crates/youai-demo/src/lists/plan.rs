//! The plan of the demo's lists: agencies and their menus, resources at three levels, 大新镇's
//! lecture series, the needs ([`super::needs`]) and the allocations, within capacity.

use std::collections::{BTreeMap, HashSet};

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use youai_types::vocabulary::TARGET_GROUPS;
use youai_types::{AgencyKind, AreaLevel, ResourceKind, ResourcePeriod};

use super::catalogue::{AGENCIES, GIVEN, LECTURES, SURNAMES};
use super::{
    ALLOCATION_MONTHS, Inputs, LECTURE_ATTENDANCES, LECTURE_SESSIONS, Plan, PlanAgency,
    PlanAgencyProject, PlanAllocation, PlanLectures, PlanResource, SEED, next_period, period_start,
};
use crate::rng::SplitMix64;

/// China time (UTC+8) to the UTC the database stores.
pub(super) fn to_utc(day: NaiveDate, minutes: i64) -> NaiveDateTime {
    day.and_time(NaiveTime::MIN) + Duration::minutes(minutes) - Duration::hours(8)
}

/// A resident's (or cadre's) name.
pub(crate) fn person(rng: &mut SplitMix64) -> String {
    format!(
        "{}{}",
        rng.pick(SURNAMES).copied().unwrap_or("王"),
        rng.pick(GIVEN).copied().unwrap_or("建国")
    )
}

/// A mobile number of the demo's (139…).
pub(super) fn phone(rng: &mut SplitMix64) -> String {
    format!("139{:08}", rng.below(100_000_000))
}

/// One to `most` target groups of the vocabulary, in its order.
pub(super) fn groups(rng: &mut SplitMix64, most: u32) -> Vec<String> {
    let mut all: Vec<&str> = TARGET_GROUPS.iter().map(|(name, _)| *name).collect();
    rng.shuffle(&mut all);
    all.truncate(rng.between(1, most) as usize);
    all.sort_by_key(|g| TARGET_GROUPS.iter().position(|(name, _)| name == g));
    all.into_iter().map(str::to_owned).collect()
}

/// Builds the lists as of `as_of` (everything before that day, China time): pure.
pub fn plan(input: &Inputs, as_of: NaiveDate) -> Plan {
    let mut rng = SplitMix64::new(SEED);
    let city = input
        .areas
        .iter()
        .find(|a| a.1 == AreaLevel::City)
        .map_or(0, |a| a.0);
    let town_named = |name: &str| {
        input
            .areas
            .iter()
            .find(|a| a.1 == AreaLevel::Town && a.2 == name)
    };
    let first = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or(as_of);
    let days = (as_of - first).num_days().max(1) as usize;

    // Agencies and the services on their menus, published as projects in their name.
    let mut plan = Plan::default();
    for ag in AGENCIES {
        let area_id = ag.town.and_then(town_named).map_or(city, |t| t.0);
        let i = plan.agencies.len();
        plan.agencies.push(PlanAgency {
            name: ag.name,
            kind: ag.kind,
            area_id,
            contact_name: person(&mut rng),
            contact_phone: phone(&mut rng),
            description: format!(
                "{}，面向基层提供{}等志愿服务资源。",
                ag.name,
                ag.topics.join("、")
            ),
        });
        for title in ag.menu {
            let day = first + Duration::days(rng.below(days) as i64);
            plan.agency_projects.push(PlanAgencyProject {
                agency: i,
                title: (*title).to_owned(),
                category: ag.category,
                target_groups: groups(&mut rng, 2),
                level: if ag.town.is_some() {
                    AreaLevel::Town
                } else {
                    AreaLevel::City
                },
                area_id,
                published_at: to_utc(day, 10 * 60),
            });
        }
    }

    // Resources: each agency's experts and a project (enterprises: a fund); each town's
    // institute and lecture group; each village's station.
    let created = to_utc(as_of - Duration::days(730), 9 * 60);
    for (i, ag) in AGENCIES.iter().enumerate() {
        let Some(agency) = plan.agencies.get(i) else {
            continue;
        };
        let (level, area_id) = if ag.town.is_some() {
            (AreaLevel::Town, agency.area_id)
        } else {
            (AreaLevel::City, city)
        };
        let topics: Vec<String> = ag.topics.iter().map(|t| (*t).to_owned()).collect();
        let lead = ag.topics.first().copied().unwrap_or("志愿服务");
        plan.resources.push(PlanResource {
            kind: ResourceKind::Talent,
            title: format!("{}{}专家志愿服务团", ag.name, lead),
            description: format!(
                "{}的业务骨干和专家，按村（社区）需要上门开展{}。",
                ag.name, lead
            ),
            agency: Some(i),
            team: None,
            level,
            area_id,
            topics: topics.clone(),
            target_groups: groups(&mut rng, 3),
            capacity: rng.between(4, 10) as i32,
            unit: "场",
            period: ResourcePeriod::Month,
            created_at: created,
        });
        let second = match ag.kind {
            AgencyKind::Enterprise => (
                ResourceKind::Fund,
                format!("{}公益服务基金", ag.name),
                rng.between(20, 60) as i32,
                "万元",
                ResourcePeriod::Year,
            ),
            _ => (
                ResourceKind::Project,
                format!("“{}”服务项目", ag.menu.first().copied().unwrap_or(lead)),
                rng.between(3, 8) as i32,
                "场",
                ResourcePeriod::Quarter,
            ),
        };
        plan.resources.push(PlanResource {
            kind: second.0,
            title: second.1,
            description: format!("{}下沉基层的{}资源。", ag.name, lead),
            agency: Some(i),
            team: None,
            level,
            area_id,
            topics,
            target_groups: groups(&mut rng, 3),
            capacity: second.2,
            unit: second.3,
            period: second.4,
            created_at: created,
        });
    }
    let detachment_of = |area: i64| {
        input
            .teams
            .iter()
            .find(|t| t.1 == area && t.2)
            .or_else(|| input.teams.iter().find(|t| t.1 == area))
            .map(|t| t.0)
    };
    for (id, level, name, _) in &input.areas {
        let (kind, title, topics, capacity, period) = match level {
            AreaLevel::City => continue,
            AreaLevel::Town => (
                ResourceKind::Venue,
                format!("{name}新时代文明实践所多功能厅"),
                &["文化文艺", "理论宣讲", "健康"][..],
                20,
                ResourcePeriod::Month,
            ),
            AreaLevel::Village => (
                ResourceKind::Venue,
                format!("{name}新时代文明实践站活动室"),
                &["文化文艺", "邻里互助", "健康"][..],
                12,
                ResourcePeriod::Month,
            ),
        };
        plan.resources.push(PlanResource {
            kind,
            description: format!("{title}，可承接讲座、培训和文体活动。"),
            title,
            agency: None,
            team: detachment_of(*id),
            level: *level,
            area_id: *id,
            topics: topics.iter().map(|t| (*t).to_owned()).collect(),
            target_groups: groups(&mut rng, 3),
            capacity,
            unit: "场次",
            period,
            created_at: created,
        });
        if *level == AreaLevel::Town {
            plan.resources.push(PlanResource {
                kind: ResourceKind::Talent,
                title: format!("{name}百姓名嘴宣讲团"),
                description: format!("{name}的百姓名嘴和老党员，进村入户宣讲政策。"),
                agency: None,
                team: detachment_of(*id),
                level: AreaLevel::Town,
                area_id: *id,
                topics: vec!["理论宣讲".into(), "政策解读".into(), "防范诈骗".into()],
                target_groups: groups(&mut rng, 3),
                capacity: 8,
                unit: "场",
                period: ResourcePeriod::Month,
                created_at: created,
            });
        }
    }

    plan.lectures = lectures(input, &mut rng);
    let series: HashSet<i64> = plan
        .lectures
        .iter()
        .flat_map(|l| l.sessions.iter().map(|s| s.0))
        .collect();
    let mut used = BTreeMap::new();
    plan.needs = super::needs::plan_needs(input, &plan.resources, &series, as_of);
    // Needs served by a resource drew one unit of it, to their village.
    for (n, need) in plan.needs.iter().enumerate() {
        let Some(link) = &need.link else { continue };
        let super::LinkTo::Resource(r) = link.to else {
            continue;
        };
        let Some(res) = plan.resources.get(r) else {
            continue;
        };
        let start = period_start(res.period, (link.at + Duration::hours(8)).date());
        let taken = used.entry((r, start)).or_insert(0);
        if *taken < res.capacity {
            *taken += 1;
            plan.allocations.push(PlanAllocation {
                resource: r,
                area_id: need.area_id,
                quantity: 1,
                period_start: start,
                need: Some(n),
                note: format!("为群众需求“{}”下沉", need.title),
                at: link.at,
            });
        }
    }
    allocations(input, &mut plan, &mut used, as_of, &mut rng);
    plan
}

/// 大新镇's 新时代讲堂: 132 of the town's finished activities, one a day at most, spread evenly
/// over its history, with 8,000 attendances among them. `None` without enough activities.
fn lectures(input: &Inputs, rng: &mut SplitMix64) -> Option<PlanLectures> {
    let (town_name, _, sessions, attendances) = LECTURES;
    let town = input
        .areas
        .iter()
        .find(|a| a.1 == AreaLevel::Town && a.2 == town_name)?;
    let within = |area: i64| {
        input
            .areas
            .iter()
            .find(|a| a.0 == area)
            .is_some_and(|a| a.3.starts_with(&town.3))
    };
    let mut runs: Vec<&(i64, i64, i64, NaiveDateTime, NaiveDateTime)> =
        input.activities.iter().filter(|a| within(a.2)).collect();
    runs.sort_by_key(|a| (a.3, a.0));
    let mut days = HashSet::new();
    runs.retain(|a| days.insert(a.3.date()));
    if runs.len() < sessions {
        return None;
    }
    let team_id = input
        .teams
        .iter()
        .find(|t| t.1 == town.0 && t.2)
        .or_else(|| input.teams.iter().find(|t| within(t.1)))?
        .0;
    let picked: Vec<i64> = (0..sessions)
        .filter_map(|i| runs.get(i * runs.len() / sessions).map(|a| a.0))
        .collect();
    let first = runs.first()?.3;
    // Residents a session: 40 to 80, then evened out to the total.
    let mut served: Vec<i32> = (0..sessions).map(|_| rng.between(40, 80) as i32).collect();
    let mut gap = attendances - served.iter().sum::<i32>();
    let mut k = 0;
    while gap != 0 {
        if let Some(s) = served.get_mut(k % sessions) {
            let step = gap.signum();
            if *s + step >= 20 {
                *s += step;
                gap -= step;
            }
        }
        k += 1;
    }
    debug_assert_eq!(picked.len(), LECTURE_SESSIONS);
    debug_assert_eq!(served.iter().sum::<i32>(), LECTURE_ATTENDANCES);
    Some(PlanLectures {
        area_id: town.0,
        team_id,
        published_at: first - Duration::days(20),
        sessions: picked
            .into_iter()
            .zip(served)
            .enumerate()
            .map(|(i, (id, n))| (id, i + 1, n))
            .collect(),
    })
}

/// The allocations (下沉) of the last [`ALLOCATION_MONTHS`] months: city resources to towns
/// and villages, a town's to its villages, a village's to itself; never beyond a period's
/// capacity (`used` holds what needs already took).
fn allocations(
    input: &Inputs,
    plan: &mut Plan,
    used: &mut BTreeMap<(usize, NaiveDate), i32>,
    as_of: NaiveDate,
    rng: &mut SplitMix64,
) {
    let yesterday = as_of - Duration::days(1);
    let since = as_of
        .checked_sub_months(chrono::Months::new(ALLOCATION_MONTHS - 1))
        .unwrap_or(as_of);
    let towns: Vec<&(i64, AreaLevel, String, String)> = input
        .areas
        .iter()
        .filter(|a| a.1 == AreaLevel::Town)
        .collect();
    let villages: Vec<&(i64, AreaLevel, String, String)> = input
        .areas
        .iter()
        .filter(|a| a.1 == AreaLevel::Village)
        .collect();
    for (r, res) in plan.resources.iter().enumerate() {
        let path = input
            .areas
            .iter()
            .find(|a| a.0 == res.area_id)
            .map(|a| a.3.clone())
            .unwrap_or_default();
        let below: Vec<i64> = villages
            .iter()
            .filter(|v| v.3.starts_with(&path))
            .map(|v| v.0)
            .collect();
        let mut start = period_start(res.period, since);
        while start <= yesterday {
            let end = next_period(res.period, start).min(as_of);
            let span = (end - start.max(since)).num_days().max(1) as usize;
            let taken = used.entry((r, start)).or_insert(0);
            let times = rng.between(0, 3);
            for _ in 0..times {
                let left = res.capacity - *taken;
                if left <= 0 {
                    break;
                }
                let quantity = rng.between(1, (left as u32).div_ceil(2)) as i32;
                let area_id = match res.level {
                    AreaLevel::City if rng.percent(60) => rng.pick(&towns).map(|t| t.0),
                    AreaLevel::City => rng.pick(&villages).map(|v| v.0),
                    AreaLevel::Town => rng.pick(&below).copied(),
                    AreaLevel::Village => Some(res.area_id),
                };
                let Some(area_id) = area_id else { continue };
                let day = start.max(since) + Duration::days(rng.below(span) as i64);
                *taken += quantity;
                plan.allocations.push(PlanAllocation {
                    resource: r,
                    area_id,
                    quantity,
                    period_start: start,
                    need: None,
                    note: format!("{}下沉{}{}", res.title, quantity, res.unit),
                    at: to_utc(day, 9 * 60 + 30 * rng.below(16) as i64),
                });
            }
            start = next_period(res.period, start);
        }
    }
}
