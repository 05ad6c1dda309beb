//! The four weeks ahead of the demo's day: what a new user finds open for sign-up.

use super::*;

/// The calendar of the [`UPCOMING_DAYS`] days from `as_of`: [`UPCOMING_PER_DAY`] activities a
/// day, the towns in turn, each a run of a project of the town or above it, at a venue of the
/// town inside the project's area, published in the 30 days before `as_of`, with a few of the
/// team's members accepted and places left. The kiosk's venue has one every day (a run of the
/// member's team); the member is signed up for the one two days on, the leader for his
/// detachment's first.
pub(super) fn upcoming(
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
