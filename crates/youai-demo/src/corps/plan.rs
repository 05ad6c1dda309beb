//! The corps plan, built in memory from the city's areas: the team tree first ([`plan`] and
//! `teams`), then volunteers and memberships (`people`). Pure and deterministic.

use std::collections::HashSet;

use anyhow::{anyhow, bail};
use chrono::{Datelike, NaiveDate};
use youai_types::TeamKind;

use super::catalogue::{
    BRANDS, CITY_POINTS, CITY_SOCIAL, COMMUNITY, ENTERPRISE_ABOUT, FEMALE_CHARS, FIRST_CHARS,
    INDUSTRIES, MALE_CHARS, SURNAMES, TOWN_POINTS, TOWN_SOCIAL, TRADES, VILLAGE_POINTS,
};
use super::planner::{Place, Plan, Planner, Town, Tree, Village, short_name};
use super::{APPROVED_TEAMS, SEED, people};
use crate::logins::{LEADER_LOGIN, MEMBER_LOGIN};
use crate::rng::SplitMix64;
use youai_types::AreaLevel;

/// Builds the corps over the demo city's areas. `today` gives the year birth dates count back
/// from. Pure: the same areas and year give the same plan.
pub fn plan(places: &[Place], today: NaiveDate) -> anyhow::Result<Plan> {
    let mut sorted: Vec<&Place> = places.iter().collect();
    sorted.sort_by_key(|p| p.id);
    let city = *sorted
        .iter()
        .find(|p| p.level == AreaLevel::City && p.parent_id.is_none())
        .ok_or_else(|| anyhow!("the demo city has no city area: load it first"))?;
    let mut towns: Vec<Town> = Vec::new();
    let mut villages: Vec<Village> = Vec::new();
    for t in sorted
        .iter()
        .filter(|p| p.level == AreaLevel::Town && p.parent_id == Some(city.id))
    {
        let town = towns.len();
        let mut own = Vec::new();
        for v in sorted
            .iter()
            .filter(|p| p.level == AreaLevel::Village && p.parent_id == Some(t.id))
        {
            own.push(villages.len());
            villages.push(Village {
                id: v.id,
                name: v.name.clone(),
                town,
            });
        }
        towns.push(Town {
            id: t.id,
            name: t.name.clone(),
            short: short_name(&t.name),
            villages: own,
        });
    }
    if towns.is_empty() {
        bail!("the demo city has no towns: load it first");
    }

    let mut p = Planner {
        rng: SplitMix64::new(SEED),
        this_year: today.year(),
        plan: Plan::default(),
        names: HashSet::new(),
        phones: [LEADER_LOGIN, MEMBER_LOGIN]
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
        ids: HashSet::new(),
        homes: Vec::new(),
        active: Vec::new(),
        pairs: HashSet::new(),
        team_members: Vec::new(),
        surnames: SURNAMES.chars().collect(),
        male_chars: MALE_CHARS.chars().collect(),
        female_chars: FEMALE_CHARS.chars().collect(),
        first_chars: FIRST_CHARS.chars().collect(),
    };

    let tree = teams(&mut p, city, &towns, &villages)?;
    people::people(&mut p, city, &towns, &villages, &tree)?;

    let approved = p.plan.teams.iter().filter(|t| !t.pending).count();
    if approved != APPROVED_TEAMS {
        bail!("planned {approved} approved teams instead of {APPROVED_TEAMS}");
    }
    Ok(p.plan)
}

/// The corps tree, the village, point and civil-society teams, and the registrations waiting
/// for approval.
fn teams(
    p: &mut Planner,
    city: &Place,
    towns: &[Town],
    villages: &[Village],
) -> anyhow::Result<Tree> {
    // The corps tree.
    let corps = p.team(
        None,
        TeamKind::CityCorps,
        format!("{}新时代文明实践志愿服务总队", city.name),
        None,
        city.id,
        None,
        "全市新时代文明实践志愿服务队伍的总队，统筹镇级支队、行业支队、村（社区）服务队、实践点服务队和社会志愿服务团队，实行“基层开单、市级接单；市级供单、基层点单”。".into(),
        false,
    );
    let mut detachments = Vec::with_capacity(towns.len());
    for t in towns {
        detachments.push(p.team(
            Some(corps),
            TeamKind::TownDetachment,
            format!("{}新时代文明实践志愿服务支队", t.name),
            None,
            t.id,
            None,
            format!(
                "{}新时代文明实践所统筹的镇级支队，组织本镇村（社区）服务队和实践点服务队开展文明实践志愿服务。",
                t.name
            ),
            false,
        ));
    }
    let mut industries = Vec::with_capacity(INDUSTRIES.len());
    let mut squads: Vec<Vec<usize>> = Vec::with_capacity(INDUSTRIES.len());
    for ind in INDUSTRIES {
        let d = p.team(
            Some(corps),
            TeamKind::IndustryDetachment,
            format!("{}行业支队", ind.specialty),
            None,
            city.id,
            Some(ind.specialty),
            ind.about.into(),
            false,
        );
        industries.push(d);
        let mut own = Vec::with_capacity(ind.squads.len());
        for topic in ind.squads {
            own.push(p.team(
                Some(d),
                TeamKind::Squad,
                format!("{}行业支队{topic}小分队", ind.specialty),
                None,
                city.id,
                Some(ind.specialty),
                format!(
                    "{}行业支队下设的{topic}小分队，按基层点单到村（社区）开展志愿服务。",
                    ind.specialty
                ),
                false,
            ));
        }
        squads.push(own);
    }

    // Village and community teams: the main team and 9 to 13 more.
    let mut community: Vec<Vec<usize>> = Vec::with_capacity(villages.len());
    for v in villages {
        let town = towns.get(v.town);
        let detachment = detachments.get(v.town).copied();
        let mut extra: Vec<usize> = (1..COMMUNITY.len()).collect();
        p.rng.shuffle(&mut extra);
        let n = p.rng.between(9, 13) as usize;
        let mut chosen: Vec<usize> = std::iter::once(0)
            .chain(extra.into_iter().take(n))
            .collect();
        chosen.sort_unstable();
        let mut own = Vec::with_capacity(chosen.len());
        for c in chosen {
            let Some((suffix, specialty, about)) = COMMUNITY.get(c) else {
                continue;
            };
            own.push(p.team(
                detachment,
                TeamKind::CommunityTeam,
                format!("{}{suffix}", v.name),
                town.map(|t| format!("{}{}{suffix}", t.name, v.name)),
                v.id,
                *specialty,
                about.replace("{p}", &v.name),
                false,
            ));
        }
        community.push(own);
    }

    // Practice point teams: four per village and six more per town.
    let mut points: Vec<Vec<usize>> = Vec::with_capacity(towns.len());
    let first_town = towns
        .iter()
        .position(|t| t.name == "杨舍镇")
        .unwrap_or_default();
    for (ti, t) in towns.iter().enumerate() {
        let detachment = detachments.get(ti).copied();
        let target = 4 * t.villages.len() + 6;
        let mut own = Vec::with_capacity(target);
        let mut wanted: Vec<(String, Option<&str>, String)> = Vec::new();
        if ti == first_town {
            for (name, specialty, about) in CITY_POINTS {
                wanted.push((format!("{name}志愿服务队"), *specialty, (*about).to_owned()));
            }
        }
        for (suffix, specialty, about) in TOWN_POINTS {
            wanted.push((
                format!("{}{suffix}志愿服务队", t.short),
                *specialty,
                about.replace("{p}", &t.short),
            ));
        }
        for (i, vi) in t.villages.iter().enumerate() {
            let (Some(v), Some((suffix, specialty, about))) = (
                villages.get(*vi),
                VILLAGE_POINTS.get(i % VILLAGE_POINTS.len()),
            ) else {
                continue;
            };
            wanted.push((
                format!("{}{suffix}志愿服务队", v.name),
                *specialty,
                about.replace("{p}", &v.name),
            ));
        }
        for (name, specialty, about) in wanted.into_iter().take(target) {
            let fallback = Some(format!("{}{name}", t.short));
            own.push(p.team(
                detachment,
                TeamKind::PointTeam,
                name,
                fallback,
                t.id,
                specialty,
                about,
                false,
            ));
        }
        while own.len() < target {
            let mut name = String::new();
            for _ in 0..50 {
                let brand = p.rng.pick(BRANDS).copied().unwrap_or("港城");
                let trade = p.rng.pick(TRADES).copied().unwrap_or("纺织");
                name = format!("{brand}{trade}有限公司志愿服务队");
                if !p.names.contains(&name) {
                    break;
                }
            }
            let fallback = Some(format!("{}{name}", t.short));
            own.push(p.team(
                detachment,
                TeamKind::PointTeam,
                name,
                fallback,
                t.id,
                None,
                ENTERPRISE_ABOUT.into(),
                false,
            ));
        }
        points.push(own);
    }

    // Civil-society teams make up the rest of the 1,084: a quarter city-wide (standing alone
    // or in the city corps), the others in the towns.
    let social_total = APPROVED_TEAMS
        .checked_sub(p.plan.teams.len())
        .ok_or_else(|| {
            anyhow!(
                "the demo city is too big: {} official teams leave no room for civil-society ones in {APPROVED_TEAMS}",
                p.plan.teams.len()
            )
        })?;
    let city_social_n = CITY_SOCIAL.len().min(social_total / 4);
    let mut city_social = Vec::with_capacity(city_social_n);
    for (i, (name, specialty, about)) in CITY_SOCIAL.iter().take(city_social_n).enumerate() {
        let parent = (i % 3 == 2).then_some(corps);
        city_social.push(p.team(
            parent,
            TeamKind::SocialTeam,
            (*name).to_owned(),
            None,
            city.id,
            *specialty,
            (*about).to_owned(),
            false,
        ));
    }
    let mut combos: Vec<(usize, usize)> = (0..towns.len())
        .flat_map(|t| (0..TOWN_SOCIAL.len()).map(move |s| (t, s)))
        .collect();
    p.rng.shuffle(&mut combos);
    let town_social_n = social_total - city_social_n;
    let mut town_social: Vec<Vec<usize>> = vec![Vec::new(); towns.len()];
    for k in 0..town_social_n {
        let (ti, si) = combos
            .get(k)
            .copied()
            .unwrap_or((k % towns.len(), k % TOWN_SOCIAL.len()));
        let (Some(t), Some((theme, specialty, about))) = (towns.get(ti), TOWN_SOCIAL.get(si))
        else {
            continue;
        };
        let team = p.team(
            detachments.get(ti).copied(),
            TeamKind::SocialTeam,
            format!("{}{theme}", t.short),
            None,
            t.id,
            *specialty,
            about.replace("{p}", &t.short),
            false,
        );
        if let Some(list) = town_social.get_mut(ti) {
            list.push(team);
        }
    }

    // Three registrations for the approval demo: one city-wide, two in 金港镇.
    let jingang = towns
        .iter()
        .position(|t| t.name == "金港镇")
        .unwrap_or_default();
    let jindu = villages
        .iter()
        .position(|v| v.name == "金都社区")
        .or_else(|| towns.get(jingang).and_then(|t| t.villages.first().copied()));
    let jingang_id = towns.get(jingang).map_or(city.id, |t| t.id);
    let pending = [
        (
            None,
            "港城萤火虫亲子志愿服务队".to_owned(),
            city.id,
            "关爱未成年人",
            "一群年轻父母发起，带着孩子一起参与社区服务，在实践中培养责任感。",
        ),
        (
            detachments.get(jingang).copied(),
            "长江护渔志愿服务队".to_owned(),
            jingang_id,
            "生态环保",
            "沿江渔民退捕上岸后自发组建，协助开展长江禁渔巡护和护渔宣传。",
        ),
        (
            detachments.get(jingang).copied(),
            jindu
                .and_then(|i| villages.get(i))
                .map_or_else(|| "金港楼道长".to_owned(), |v| v.name.clone())
                + "楼道长志愿服务队",
            jindu
                .and_then(|i| villages.get(i))
                .map_or(jingang_id, |v| v.id),
            "助老助残",
            "楼道长们自发组织，照看独居老人、传递社区通知、化解邻里小矛盾。",
        ),
    ];
    for (parent, name, area, specialty, about) in pending {
        p.team(
            parent,
            TeamKind::SocialTeam,
            name,
            None,
            area,
            Some(specialty),
            about.into(),
            true,
        );
    }
    Ok(Tree {
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
    })
}
