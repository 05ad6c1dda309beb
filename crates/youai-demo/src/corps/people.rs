//! The corps plan's people: the volunteers (the two demo logins first), their memberships,
//! each team's leaders and contact, and the join requests left waiting.

use anyhow::anyhow;
use chrono::NaiveDate;
use youai_types::{Slot, TeamKind};

use super::catalogue::{APPLY_MESSAGES, INDUSTRIES, SKILLS};
use super::planner::{Home, Place, PlanMember, PlanVolunteer, Planner, Town, Tree, Village};
use super::{APPLICATIONS, VOLUNTEERS};
use crate::logins::{DEMO_LOGINS, LEADER_LOGIN, MEMBER_LOGIN};

pub(super) fn people(
    p: &mut Planner,
    city: &Place,
    towns: &[Town],
    villages: &[Village],
    tree: &Tree,
) -> anyhow::Result<()> {
    let Tree {
        detachments,
        industries,
        squads,
        community,
        points,
        city_social,
        town_social,
        first_town,
        jingang,
        jindu,
    } = tree;
    let (first_town, jingang, jindu) = (*first_town, *jingang, *jindu);

    // Volunteers: the two demo logins first, then the rest, most living in a village.
    let leader_login = DEMO_LOGINS.iter().find(|d| d.phone == LEADER_LOGIN);
    let member_login = DEMO_LOGINS.iter().find(|d| d.phone == MEMBER_LOGIN);
    let yangshe = Home {
        town: first_town,
        village: towns
            .get(first_town)
            .and_then(|t| t.villages.first().copied()),
    };
    let jindu_home = Home {
        town: jingang,
        village: jindu,
    };
    let area_of = |h: Home| -> i64 {
        h.village
            .and_then(|v| villages.get(v))
            .map(|v| v.id)
            .or_else(|| towns.get(h.town).map(|t| t.id))
            .unwrap_or(city.id)
    };
    let lead_birth = NaiveDate::from_ymd_opt(p.this_year - 46, 3, 14)
        .ok_or_else(|| anyhow!("bad demo birth date"))?;
    let lead_id = p.unique_id_number(lead_birth, true)?;
    let lead = p.push_volunteer(
        yangshe,
        PlanVolunteer {
            real_name: leader_login.map_or("陈思远", |d| d.name).to_owned(),
            phone: LEADER_LOGIN.to_owned(),
            male: true,
            birth_date: lead_birth,
            area_id: area_of(yangshe),
            id_number: Some(lead_id),
            guardian: None,
            skills: vec![0, 7],
            availability: slots(&[(3, "19:00", "21:00"), (6, "08:30", "11:30")]),
            login: Some(LEADER_LOGIN),
        },
    );
    let member_birth = NaiveDate::from_ymd_opt(p.this_year - 33, 9, 8)
        .ok_or_else(|| anyhow!("bad demo birth date"))?;
    let member_id = p.unique_id_number(member_birth, false)?;
    let member = p.push_volunteer(
        jindu_home,
        PlanVolunteer {
            real_name: member_login.map_or("李晓雯", |d| d.name).to_owned(),
            phone: MEMBER_LOGIN.to_owned(),
            male: false,
            birth_date: member_birth,
            area_id: area_of(jindu_home),
            id_number: Some(member_id),
            guardian: None,
            skills: vec![13, 16],
            availability: slots(&[(6, "08:30", "11:30"), (7, "14:00", "17:00")]),
            login: Some(MEMBER_LOGIN),
        },
    );
    let village_weights: Vec<u32> = villages
        .iter()
        .map(|v| if v.name.ends_with("社区") { 3 } else { 2 })
        .collect();
    let town_weights: Vec<u32> = towns.iter().map(|t| t.villages.len() as u32 + 1).collect();
    while p.plan.volunteers.len() < VOLUNTEERS {
        let home = if !villages.is_empty() && p.rng.percent(85) {
            let vi = p.rng.weighted(&village_weights);
            Home {
                town: villages.get(vi).map_or(0, |v| v.town),
                village: Some(vi),
            }
        } else {
            Home {
                town: p.rng.weighted(&town_weights),
                village: None,
            }
        };
        p.volunteer(home, area_of(home))?;
    }

    // Pools: who lives in each village and in each town (its villages included).
    let mut by_village: Vec<Vec<usize>> = vec![Vec::new(); villages.len()];
    let mut by_town: Vec<Vec<usize>> = vec![Vec::new(); towns.len()];
    for (i, h) in p.homes.iter().enumerate() {
        if let Some(list) = h.village.and_then(|v| by_village.get_mut(v)) {
            list.push(i);
        }
        if let Some(list) = by_town.get_mut(h.town) {
            list.push(i);
        }
    }
    let everyone: Vec<usize> = (0..p.plan.volunteers.len()).collect();

    // The demo volunteers' memberships.
    if let Some(theory) = industries.first().copied() {
        p.join(theory, lead, true);
    }
    if let Some(main) = yangshe
        .village
        .and_then(|v| community.get(v))
        .and_then(|c| c.first().copied())
    {
        p.join(main, lead, false);
    }
    if let Some(main) = jindu
        .and_then(|v| community.get(v))
        .and_then(|c| c.first().copied())
    {
        p.join(main, member, false);
    }

    // Everyone else: a team where they live, and for some a second one.
    for v in 0..p.plan.volunteers.len() {
        if p.plan.volunteers.get(v).is_some_and(|x| x.login.is_some()) {
            continue;
        }
        let Some(home) = p.homes.get(v).copied() else {
            continue;
        };
        let village_teams = home
            .village
            .and_then(|i| community.get(i))
            .cloned()
            .unwrap_or_default();
        let town_points = points.get(home.town).cloned().unwrap_or_default();
        let town_socials = town_social.get(home.town).cloned().unwrap_or_default();
        let primary = if village_teams.is_empty() {
            let r = p.rng.below(100);
            if r < 60 || (town_socials.is_empty() && r < 85) {
                p.rng.pick(&town_points).copied()
            } else if r < 85 {
                p.rng.pick(&town_socials).copied()
            } else {
                detachments.get(home.town).copied()
            }
        } else {
            let weights: Vec<u32> = (0..village_teams.len())
                .map(|i| if i == 0 { 5 } else { 1 })
                .collect();
            village_teams.get(p.rng.weighted(&weights)).copied()
        };
        if let Some(t) = primary {
            p.join(t, v, false);
        }
        if !p.rng.percent(45) {
            continue;
        }
        let r = p.rng.below(100);
        let second = if r < 30 {
            let skills = p
                .plan
                .volunteers
                .get(v)
                .map(|x| x.skills.clone())
                .unwrap_or_default();
            let fitting: Vec<usize> = INDUSTRIES
                .iter()
                .enumerate()
                .filter(|(_, ind)| {
                    skills.iter().any(|s| {
                        SKILLS
                            .get(*s)
                            .is_some_and(|(code, _, _)| ind.skills.contains(code))
                    })
                })
                .map(|(i, _)| i)
                .collect();
            let industry = match p.rng.pick(&fitting) {
                Some(i) => *i,
                None => p.rng.below(INDUSTRIES.len()),
            };
            let own = squads.get(industry).cloned().unwrap_or_default();
            p.rng.pick(&own).copied()
        } else if r < 55 {
            if !town_socials.is_empty() && p.rng.percent(60) {
                p.rng.pick(&town_socials).copied()
            } else {
                p.rng.pick(city_social).copied()
            }
        } else if r < 75 || village_teams.len() < 2 {
            p.rng.pick(&town_points).copied()
        } else {
            p.rng.pick(&village_teams).copied()
        };
        if let Some(t) = second {
            p.join(t, v, false);
        }
    }

    // Every team gets a few members from where it works, then its leaders.
    for t in 0..p.plan.teams.len() {
        let Some(team) = p.plan.teams.get(t).cloned() else {
            continue;
        };
        let town = towns.iter().position(|x| x.id == team.area_id);
        let village = villages.iter().position(|x| x.id == team.area_id);
        let pool: &[usize] = if let Some(v) = village {
            by_village.get(v).map_or(&[], Vec::as_slice)
        } else if let Some(ti) = town {
            by_town.get(ti).map_or(&[], Vec::as_slice)
        } else {
            &everyone
        };
        let pool = if pool.is_empty() { &everyone } else { pool };
        let minimum = match team.kind {
            _ if team.pending => 1,
            TeamKind::CityCorps => 8,
            TeamKind::TownDetachment | TeamKind::IndustryDetachment => 6,
            TeamKind::Squad => 5,
            TeamKind::PointTeam => 3,
            _ => 4,
        };
        while p.team_members.get(t).map_or(0, Vec::len) < minimum {
            let adult = team.pending;
            match p.recruit(t, pool, 2, adult) {
                Some(v) => {
                    p.join(t, v, false);
                }
                None => break,
            }
        }
        let members = p.team_members.get(t).cloned().unwrap_or_default();
        let has_leader = members
            .iter()
            .any(|m| p.plan.members.get(*m).is_some_and(|m| m.leader));
        if !has_leader {
            let wanted = if members.len() >= 8 && p.rng.percent(50) {
                2
            } else {
                1
            };
            let suitable = |p: &Planner, m: &usize, lo: i32, hi: i32| {
                p.plan.members.get(*m).is_some_and(|m| {
                    let age = p.age_years(m.volunteer);
                    (lo..=hi).contains(&age)
                        && p.plan
                            .volunteers
                            .get(m.volunteer)
                            .is_some_and(|v| v.login.is_none())
                })
            };
            let mut candidates: Vec<usize> = members
                .iter()
                .copied()
                .filter(|m| suitable(p, m, 26, 65))
                .collect();
            if candidates.is_empty() {
                candidates = members
                    .iter()
                    .copied()
                    .filter(|m| suitable(p, m, 19, 80))
                    .collect();
            }
            p.rng.shuffle(&mut candidates);
            for m in candidates.into_iter().take(wanted) {
                if let Some(m) = p.plan.members.get_mut(m) {
                    m.leader = true;
                }
            }
        }
        let contact = p
            .team_members
            .get(t)
            .and_then(|ms| {
                ms.iter()
                    .filter_map(|m| p.plan.members.get(*m))
                    .find(|m| m.leader)
            })
            .and_then(|m| p.plan.volunteers.get(m.volunteer))
            .map(|v| (v.real_name.clone(), v.phone.clone()));
        let (name, phone) = match contact {
            Some(c) => c,
            None => (
                "文明实践中心".to_owned(),
                format!("0512-58{:06}", p.rng.below(1_000_000)),
            ),
        };
        if let Some(team) = p.plan.teams.get_mut(t) {
            team.contact_name = name;
            team.contact_phone = phone;
        }
    }

    // Join requests waiting for a decision.
    let open: Vec<usize> = p
        .plan
        .teams
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            !t.pending
                && matches!(
                    t.kind,
                    TeamKind::Squad | TeamKind::SocialTeam | TeamKind::PointTeam
                )
        })
        .map(|(i, _)| i)
        .collect();
    let mut applied = 0;
    let mut tries = 0;
    while applied < APPLICATIONS && tries < APPLICATIONS * 20 {
        tries += 1;
        let v = p.rng.below(p.plan.volunteers.len());
        let Some(t) = p.rng.pick(&open).copied() else {
            break;
        };
        if p.plan.volunteers.get(v).is_none_or(|x| x.login.is_some()) || !p.pairs.insert((t, v)) {
            continue;
        }
        let message = if p.rng.percent(70) {
            p.rng.pick(APPLY_MESSAGES).copied()
        } else {
            None
        };
        p.plan.members.push(PlanMember {
            team: t,
            volunteer: v,
            leader: false,
            applied: true,
            message,
        });
        applied += 1;
    }

    Ok(())
}

/// Weekly slots from (weekday, start, end).
fn slots(list: &[(u8, &str, &str)]) -> Vec<Slot> {
    list.iter()
        .map(|&(weekday, start, end)| Slot {
            weekday,
            start: start.to_owned(),
            end: end.to_owned(),
        })
        .collect()
}
