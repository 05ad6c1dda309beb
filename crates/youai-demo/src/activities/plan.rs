//! The demo's plan: projects for the corps' teams, finished activities with their volunteers
//! up to the day before the demo's day, and the calendar of the four weeks from it. Pure and
//! deterministic: the same corps and day give the same plan.

use std::collections::{HashMap, HashSet};

use anyhow::bail;
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use super::catalogue::{BATCHES, CATEGORIES, TARGET_GROUPS};
use super::{
    ACTIVITIES, FEATURED_SEED, LEADER_QUARTERS, MEMBER_QUARTERS, PENDING_DAYS, PROJECTS, SEED,
    UPCOMING_DAYS, UPCOMING_PER_DAY, UPCOMING_SEED,
};
use crate::rng::SplitMix64;
use youai_types::AreaLevel;

/// The first day an activity may run on.
fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or_default()
}

// --- the inputs -------------------------------------------------------------------------------

/// An area, as the plan needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceIn {
    pub id: i64,
    pub level: AreaLevel,
    pub name: String,
    pub path: String,
}

/// An approved team and its active members (volunteer ids, in membership order).
#[derive(Debug, Clone, PartialEq)]
pub struct TeamIn {
    pub id: i64,
    pub area_id: i64,
    pub specialty: Option<String>,
    pub members: Vec<i64>,
}

/// A venue, as the plan needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct VenueIn {
    pub id: i64,
    pub area_id: i64,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// The demo logins the plan gives a history and a calendar to (all optional: a corps without
/// them still gets its plan).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Featured {
    /// The demo volunteer (李晓雯) and her team (金都社区志愿服务队).
    pub member: Option<(i64, i64)>,
    /// The demo leader (陈思远) and the teams he leads: his detachment first, then those below.
    pub leader: Option<(i64, Vec<i64>)>,
    /// The venue the demo kiosk serves (金都社区新时代文明实践站).
    pub kiosk_venue: Option<i64>,
}

// --- the plan ---------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub struct PlanProject {
    /// Index into [`BATCHES`].
    pub batch: usize,
    pub title: String,
    pub description: String,
    pub category: &'static str,
    /// JSON array.
    pub target_groups: Vec<String>,
    pub level: AreaLevel,
    pub area_id: i64,
    pub team_id: i64,
    pub published_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanActivity {
    /// Index into [`Plan::projects`].
    pub project: usize,
    pub team_id: i64,
    pub title: String,
    /// UTC.
    pub start_at: NaiveDateTime,
    pub end_at: NaiveDateTime,
    pub venue_id: Option<i64>,
    pub area_id: i64,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub quota: i32,
    /// Quarter hours.
    pub quarters: i32,
    /// The China-time date of the start.
    pub served_on: NaiveDate,
    /// (volunteer id, minutes checked in before the start, minutes checked out after the end).
    pub volunteers: Vec<(i64, i64, i64)>,
    /// Its records wait for the team to verify them (it ran in the last [`PENDING_DAYS`] days).
    pub pending: bool,
}

/// An activity of the coming four weeks: published, recruiting, with places left.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanUpcoming {
    /// Index into [`Plan::projects`].
    pub project: usize,
    pub team_id: i64,
    pub title: String,
    /// UTC.
    pub start_at: NaiveDateTime,
    pub end_at: NaiveDateTime,
    pub signup_deadline: NaiveDateTime,
    pub venue_id: Option<i64>,
    pub area_id: i64,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub quota: i32,
    /// The China-time date of the start.
    pub served_on: NaiveDate,
    /// When it was published (UTC), in the 30 days before the demo's day.
    pub published_at: NaiveDateTime,
    /// Volunteers accepted so far (fewer than the quota).
    pub volunteers: Vec<i64>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    pub projects: Vec<PlanProject>,
    pub activities: Vec<PlanActivity>,
    pub upcoming: Vec<PlanUpcoming>,
}

/// China time (UTC+8) to the UTC the database stores.
pub(super) fn to_utc(day: NaiveDate, minutes: i64) -> NaiveDateTime {
    day.and_time(NaiveTime::MIN) + Duration::minutes(minutes) - Duration::hours(8)
}

/// Builds the history (up to the day before `as_of`) and the calendar (the four weeks from
/// `as_of`) from the corps: pure, deterministic.
pub fn plan(
    places: &[PlaceIn],
    teams: &[TeamIn],
    venues: &[VenueIn],
    featured: &Featured,
    as_of: NaiveDate,
) -> anyhow::Result<Plan> {
    let mut rng = SplitMix64::new(SEED);
    let place_of: HashMap<i64, &PlaceIn> = places.iter().map(|p| (p.id, p)).collect();

    // Teams able to run an activity (three active members at least), spread evenly over the id
    // order; the demo logins' teams among them.
    let mut able: Vec<&TeamIn> = teams.iter().filter(|t| t.members.len() >= 3).collect();
    able.sort_by_key(|t| t.id);
    if able.is_empty() {
        bail!("no team has three active members: load the corps first");
    }
    let mut chosen: Vec<&TeamIn> = (0..PROJECTS)
        .filter_map(|i| able.get(i * able.len() / PROJECTS).copied())
        .collect();
    let featured_teams: Vec<i64> = featured
        .member
        .map(|(_, t)| t)
        .into_iter()
        .chain(
            featured
                .leader
                .as_ref()
                .and_then(|(_, t)| t.first().copied()),
        )
        .collect();
    let first_batch = BATCHES.first().map_or(0, |(_, _, n)| *n);
    for id in &featured_teams {
        let Some(team) = able.iter().find(|t| t.id == *id).copied() else {
            continue;
        };
        if chosen.iter().any(|t| t.id == *id) {
            continue;
        }
        // In place of the first-batch team nearest in id (not another demo login's).
        let slot = chosen
            .iter()
            .enumerate()
            .take(first_batch)
            .filter(|(_, t)| !featured_teams.contains(&t.id))
            .min_by_key(|(_, t)| (t.id - id).abs())
            .map(|(i, _)| i);
        if let Some(c) = slot.and_then(|i| chosen.get_mut(i)) {
            *c = team;
        }
    }

    // Projects.
    let mut projects = Vec::with_capacity(PROJECTS);
    let mut titles: HashSet<String> = HashSet::new();
    let mut slots = BATCHES
        .iter()
        .enumerate()
        .flat_map(|(b, (_, _, n))| std::iter::repeat_n(b, *n));
    for team in &chosen {
        let batch = slots.next().unwrap_or(0);
        let Some(place) = place_of.get(&team.area_id) else {
            bail!("team {} has an unknown area {}", team.id, team.area_id);
        };
        let ci = team
            .specialty
            .as_deref()
            .and_then(|s| CATEGORIES.iter().position(|(c, _)| *c == s))
            .unwrap_or_else(|| rng.below(CATEGORIES.len()));
        let (category, themes) = CATEGORIES.get(ci).copied().unwrap_or(("邻里互助", &[]));
        let theme = rng.pick(themes).copied().unwrap_or("志愿服务");
        let mut title = format!("{}{}", place.name, theme);
        let mut n = 2;
        while titles.contains(&title) {
            title = format!("{}{}（{n}）", place.name, theme);
            n += 1;
        }
        titles.insert(title.clone());
        let mut groups: Vec<&str> = TARGET_GROUPS.to_vec();
        rng.shuffle(&mut groups);
        groups.truncate(rng.between(1, 3) as usize);
        groups.sort_by_key(|g| TARGET_GROUPS.iter().position(|x| x == g));
        let (_, (y, m, d), _) = BATCHES
            .get(batch)
            .copied()
            .unwrap_or(("", (2018, 11, 20), 0));
        let released = NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        projects.push(PlanProject {
            batch,
            description: format!(
                "面向{}开展{}志愿服务，由{}的志愿者常态化开展。",
                groups.join("、"),
                category,
                place.name
            ),
            title,
            category,
            target_groups: groups.iter().map(|g| (*g).to_owned()).collect(),
            level: place.level,
            area_id: place.id,
            team_id: team.id,
            published_at: to_utc(released, 10 * 60),
        });
    }

    // Venues in each chosen team's area or below.
    let mut venues_of: HashMap<i64, Vec<&VenueIn>> = HashMap::new();
    for team in &chosen {
        if venues_of.contains_key(&team.area_id) {
            continue;
        }
        let prefix = place_of
            .get(&team.area_id)
            .map(|p| p.path.clone())
            .unwrap_or_default();
        let list = venues
            .iter()
            .filter(|v| {
                place_of
                    .get(&v.area_id)
                    .is_some_and(|p| p.path.starts_with(&prefix))
            })
            .collect();
        venues_of.insert(team.area_id, list);
    }
    let members_of: HashMap<i64, &[i64]> = chosen
        .iter()
        .map(|t| (t.id, t.members.as_slice()))
        .collect();

    let project_of_team = |team: i64| projects.iter().position(|p| p.team_id == team);
    let place_name = |area: i64| {
        place_of
            .get(&area)
            .map(|p| p.name.clone())
            .unwrap_or_default()
    };

    // Activities: each of a random project, on a random day after its release, with volunteers
    // free that day (one activity a day each, so no two sign-ups overlap).
    let last = as_of - Duration::days(1);
    let mut busy: HashSet<(i64, NaiveDate)> = HashSet::new();
    let mut activities = Vec::with_capacity(ACTIVITIES);

    // First the runs the demo logins' teams finished in the last days, their records still
    // waiting for the leader: the leader's detachment on each of the last two days, and the
    // member's team yesterday, each demo login among the volunteers.
    let mut fr = SplitMix64::new(FEATURED_SEED);
    let mut recent: Vec<(i64, i64, i64)> = Vec::new();
    if let Some((v, teams)) = &featured.leader
        && let Some(t) = teams.first()
    {
        recent.extend((1..=PENDING_DAYS).map(|d| (*t, *v, d)));
    }
    if let Some((v, t)) = featured.member {
        recent.push((t, v, 1));
    }
    for (team, volunteer, days_back) in recent {
        let Some(pi) = project_of_team(team) else {
            continue;
        };
        let Some(project) = projects.get(pi) else {
            continue;
        };
        let day = as_of - Duration::days(days_back);
        let mut pool: Vec<i64> = members_of
            .get(&team)
            .map(|m| m.to_vec())
            .unwrap_or_default();
        fr.shuffle(&mut pool);
        let mut picked = vec![volunteer];
        picked.extend(
            pool.into_iter()
                .filter(|v| *v != volunteer && !busy.contains(&(*v, day)))
                .take(5),
        );
        if picked.len() < 3 || busy.contains(&(volunteer, day)) {
            continue;
        }
        for v in &picked {
            busy.insert((*v, day));
        }
        let venue = venues_of
            .get(&project.area_id)
            .and_then(|list| fr.pick(list))
            .copied();
        let quarters: i32 = 12;
        let start_at = to_utc(day, 14 * 60);
        activities.push(PlanActivity {
            project: pi,
            team_id: team,
            title: project.title.clone(),
            start_at,
            end_at: start_at + Duration::minutes(i64::from(quarters) * 15),
            venue_id: venue.map(|v| v.id),
            area_id: venue.map_or(project.area_id, |v| v.area_id),
            address: venue.map_or_else(|| place_name(project.area_id), |v| v.address.clone()),
            latitude: venue.and_then(|v| v.latitude),
            longitude: venue.and_then(|v| v.longitude),
            quota: 20,
            quarters,
            served_on: day,
            volunteers: picked
                .iter()
                .map(|v| (*v, fr.below(21) as i64, fr.below(21) as i64))
                .collect(),
            pending: true,
        });
    }

    let mut attempts = 0usize;
    while activities.len() < ACTIVITIES {
        attempts += 1;
        if attempts > ACTIVITIES * 20 {
            bail!("could only plan {} activities", activities.len());
        }
        let pi = rng.below(projects.len());
        let Some(project) = projects.get(pi) else {
            continue;
        };
        let from = first_day().max(project.published_at.date() + Duration::days(1));
        let span = (last - from).num_days();
        if span < 0 {
            continue;
        }
        let day = from + Duration::days(rng.below(span as usize + 1) as i64);
        let quarters = rng.between(4, 16) as i32;
        // Start between 08:00 and the latest half hour that ends by 20:00.
        let latest = (20 * 60 - i64::from(quarters) * 15 - 8 * 60) / 30;
        let start_min = 8 * 60 + 30 * rng.below(latest as usize + 1) as i64;
        let quota = rng.between(5, 30) as i32;
        let want = rng.between(3, quota as u32) as usize;
        let mut pool: Vec<i64> = members_of
            .get(&project.team_id)
            .map(|m| m.to_vec())
            .unwrap_or_default();
        rng.shuffle(&mut pool);
        let picked: Vec<i64> = pool
            .into_iter()
            .filter(|v| !busy.contains(&(*v, day)))
            .take(want)
            .collect();
        if picked.len() < 3 {
            continue;
        }
        let volunteers: Vec<(i64, i64, i64)> = picked
            .iter()
            .map(|v| (*v, rng.below(21) as i64, rng.below(21) as i64))
            .collect();
        for v in &picked {
            busy.insert((*v, day));
        }
        let venue = venues_of
            .get(&project.area_id)
            .and_then(|list| rng.pick(list))
            .copied();
        let start_at = to_utc(day, start_min);
        activities.push(PlanActivity {
            project: pi,
            team_id: project.team_id,
            title: project.title.clone(),
            start_at,
            end_at: start_at + Duration::minutes(i64::from(quarters) * 15),
            venue_id: venue.map(|v| v.id),
            area_id: venue.map_or(project.area_id, |v| v.area_id),
            address: venue.map_or_else(|| place_name(project.area_id), |v| v.address.clone()),
            latitude: venue.and_then(|v| v.latitude),
            longitude: venue.and_then(|v| v.longitude),
            quota,
            quarters,
            served_on: day,
            volunteers,
            pending: day > last - Duration::days(PENDING_DAYS),
        });
    }

    // The demo logins' own histories: the member joins runs in her town (her team's first), the
    // leader runs of his detachment and other theory lectures, most recent first, until each has
    // served the hours of a star (★1 and ★2 under the default rules).
    let town_path = |area: i64| -> Option<String> {
        let path = place_of.get(&area)?.path.clone();
        places
            .iter()
            .filter(|p| p.level == AreaLevel::Town && path.starts_with(&p.path))
            .map(|p| p.path.clone())
            .next()
    };
    // (volunteer, own teams, home town's path, category of runs to join, quarters to reach)
    type History = (i64, Vec<i64>, Option<String>, Option<&'static str>, i64);
    let mut histories: Vec<History> = Vec::new();
    if let Some((v, t)) = featured.member {
        let home = teams
            .iter()
            .find(|x| x.id == t)
            .and_then(|x| town_path(x.area_id));
        histories.push((v, vec![t], home, None, MEMBER_QUARTERS));
    }
    if let Some((v, t)) = &featured.leader {
        histories.push((*v, t.clone(), None, Some("理论宣讲"), LEADER_QUARTERS));
    }
    let mut order: Vec<usize> = (0..activities.len()).collect();
    order.sort_by_key(|i| {
        activities
            .get(*i)
            .map(|a| (std::cmp::Reverse(a.start_at), a.project))
    });
    for (volunteer, own, town, category, target) in histories {
        let mut served: i64 = activities
            .iter()
            .filter(|a| !a.pending && a.volunteers.iter().any(|x| x.0 == volunteer))
            .map(|a| i64::from(a.quarters))
            .sum();
        for pass in [true, false] {
            for i in &order {
                if served >= target {
                    break;
                }
                let Some(a) = activities.get_mut(*i) else {
                    continue;
                };
                let fits = if pass {
                    own.contains(&a.team_id)
                } else {
                    let in_town = town.as_ref().is_some_and(|t| {
                        place_of
                            .get(&a.area_id)
                            .is_some_and(|p| p.path.starts_with(t))
                    });
                    let of_kind = category
                        .is_some_and(|c| projects.get(a.project).is_some_and(|p| p.category == c));
                    in_town || of_kind
                };
                if !fits
                    || a.pending
                    || a.volunteers.len() >= a.quota as usize
                    || busy.contains(&(volunteer, a.served_on))
                {
                    continue;
                }
                busy.insert((volunteer, a.served_on));
                a.volunteers
                    .push((volunteer, fr.below(21) as i64, fr.below(21) as i64));
                served += i64::from(a.quarters);
            }
        }
    }

    // In time order, so ids follow the calendar.
    activities.sort_by_key(|a| (a.start_at, a.project));
    let upcoming = upcoming(places, &projects, venues, &members_of, featured, as_of);
    Ok(Plan {
        projects,
        activities,
        upcoming,
    })
}

/// The calendar of the [`UPCOMING_DAYS`] days from `as_of`: [`UPCOMING_PER_DAY`] activities a
/// day, the towns in turn, each a run of a project of the town or above it, at a venue of the
/// town inside the project's area, published in the 30 days before `as_of`, with a few of the
/// team's members accepted and places left. The kiosk's venue has one every day (a run of the
/// member's team); the member is signed up for the one two days on, the leader for his
/// detachment's first.
fn upcoming(
    places: &[PlaceIn],
    projects: &[PlanProject],
    venues: &[VenueIn],
    members_of: &HashMap<i64, &[i64]>,
    featured: &Featured,
    as_of: NaiveDate,
) -> Vec<PlanUpcoming> {
    let mut rng = SplitMix64::new(UPCOMING_SEED);
    let place_of: HashMap<i64, &PlaceIn> = places.iter().map(|p| (p.id, p)).collect();
    let path_of = |area: i64| place_of.get(&area).map_or("", |p| p.path.as_str());
    let mut towns: Vec<&PlaceIn> = places
        .iter()
        .filter(|p| p.level == AreaLevel::Town)
        .collect();
    towns.sort_by_key(|t| t.id);
    // Per town: the projects (released a month ago at least) of the town, of a village in it,
    // or of the city above, each with the venues of the town inside its area.
    let released_by = to_utc(as_of - Duration::days(30), 0);
    let options: Vec<Vec<(usize, Vec<&VenueIn>)>> = towns
        .iter()
        .map(|town| {
            projects
                .iter()
                .enumerate()
                .filter(|(_, p)| {
                    let area = path_of(p.area_id);
                    p.published_at < released_by
                        && !area.is_empty()
                        && (town.path.starts_with(area) || area.starts_with(&town.path))
                })
                .map(|(i, p)| {
                    let area = path_of(p.area_id);
                    let here: Vec<&VenueIn> = venues
                        .iter()
                        .filter(|v| {
                            let at = path_of(v.area_id);
                            at.starts_with(&town.path) && at.starts_with(area)
                        })
                        .collect();
                    (i, here)
                })
                .filter(|(_, here)| !here.is_empty())
                .collect()
        })
        .collect();
    let member_team = featured.member.map(|(_, t)| t);
    let kiosk = featured
        .kiosk_venue
        .and_then(|id| venues.iter().find(|v| v.id == id));
    let kiosk_project = member_team.and_then(|t| {
        projects.iter().position(|p| {
            p.team_id == t
                && kiosk.is_some_and(|k| path_of(k.area_id).starts_with(path_of(p.area_id)))
        })
    });
    let leader_project = featured
        .leader
        .as_ref()
        .and_then(|(_, t)| t.first())
        .and_then(|t| projects.iter().position(|p| p.team_id == *t));

    let mut out = Vec::with_capacity(UPCOMING_DAYS as usize * UPCOMING_PER_DAY);
    let mut busy: HashSet<(i64, NaiveDate)> = HashSet::new();
    for d in 0..UPCOMING_DAYS {
        let day = as_of + Duration::days(d);
        for slot in 0..UPCOMING_PER_DAY {
            let (pi, venue, signed) = if slot == 0
                && let (Some(pi), Some(k)) = (kiosk_project, kiosk)
            {
                let member = featured.member.filter(|_| d == 2).map(|(v, _)| v);
                (pi, Some(k), member)
            } else if slot == 1
                && d == 3
                && let Some((pi, list)) =
                    leader_project.and_then(|pi| options.iter().flatten().find(|(i, _)| *i == pi))
                && let Some(venue) = rng.pick(list).copied()
            {
                (*pi, Some(venue), featured.leader.as_ref().map(|(v, _)| *v))
            } else {
                let Some(choices) = options.get(slot % towns.len().max(1)) else {
                    continue;
                };
                // A project whose team has someone free that day (a few tries).
                let member = featured.member.map(|(v, _)| v);
                let mut found = None;
                for _ in 0..10 {
                    let Some((pi, list)) = rng.pick(choices) else {
                        break;
                    };
                    let free = projects
                        .get(*pi)
                        .and_then(|p| members_of.get(&p.team_id))
                        .is_some_and(|m| {
                            m.iter()
                                .any(|v| Some(*v) != member && !busy.contains(&(*v, day)))
                        });
                    if free {
                        found = Some((*pi, rng.pick(list).copied(), None));
                        break;
                    }
                }
                let Some(found) = found else {
                    continue;
                };
                found
            };
            let Some(project) = projects.get(pi) else {
                continue;
            };
            let quarters = rng.between(4, 16) as i64;
            let latest = (20 * 60 - quarters * 15 - 8 * 60) / 30;
            let start_min = 8 * 60 + 30 * rng.below(latest as usize + 1) as i64;
            let start_at = to_utc(day, start_min);
            let quota = rng.between(8, 30) as i32;
            let want = rng.between(1, (quota as u32 * 2 / 3).max(1)) as usize;
            let mut pool: Vec<i64> = members_of
                .get(&project.team_id)
                .map(|m| m.to_vec())
                .unwrap_or_default();
            rng.shuffle(&mut pool);
            // The demo member stays free on the kiosk's other days, to sign up herself.
            let keep_free = featured.member.map(|(v, _)| v).filter(|_| signed.is_none());
            let mut volunteers: Vec<i64> = signed
                .filter(|v| !busy.contains(&(*v, day)))
                .into_iter()
                .collect();
            volunteers.extend(
                pool.into_iter()
                    .filter(|v| {
                        Some(*v) != signed && Some(*v) != keep_free && !busy.contains(&(*v, day))
                    })
                    .take(want.saturating_sub(volunteers.len())),
            );
            volunteers.truncate(quota as usize - 1);
            if volunteers.is_empty() {
                continue;
            }
            for v in &volunteers {
                busy.insert((*v, day));
            }
            let published_on = as_of - Duration::days(1 + rng.below(28) as i64);
            out.push(PlanUpcoming {
                project: pi,
                team_id: project.team_id,
                title: project.title.clone(),
                start_at,
                end_at: start_at + Duration::minutes(quarters * 15),
                signup_deadline: start_at - Duration::hours(2),
                venue_id: venue.map(|v| v.id),
                area_id: venue.map_or(project.area_id, |v| v.area_id),
                address: venue.map_or_else(
                    || {
                        place_of
                            .get(&project.area_id)
                            .map(|p| p.name.clone())
                            .unwrap_or_default()
                    },
                    |v| v.address.clone(),
                ),
                latitude: venue.and_then(|v| v.latitude),
                longitude: venue.and_then(|v| v.longitude),
                quota,
                served_on: day,
                published_at: to_utc(published_on, 9 * 60 + 30 * rng.below(16) as i64),
                volunteers,
            });
        }
    }
    out.sort_by_key(|a| (a.start_at, a.project));
    out
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod tests {
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
            assert!(
                start.hour() >= 8 && finish.time() <= NaiveTime::from_hms_opt(20, 0, 0).unwrap()
            );
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
}
