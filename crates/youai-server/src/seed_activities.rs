//! The demo's past: service projects released in batches since 2018年11月, and 7,406 finished
//! activities run by the corps' teams (as in the briefing: 累计开展志愿服务活动 7406 场), each
//! with its volunteers' sign-ups (checked in and out) and verified service records.
//!
//! Everything comes from a fixed-seed generator ([`SplitMix64`]) and dates count back from a
//! fixed anchor ([`anchor`], 2026-11-28) rather than today, so the same corps always gets the same history.
//! The plan is built in memory first ([`plan`], pure and tested), then written in one transaction
//! with multi-row inserts ([`load_activities`]).

use std::collections::{HashMap, HashSet};

use anyhow::bail;
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use diesel::prelude::*;
use youai_db::DbConn;

use crate::seed_corps::SplitMix64;

/// Finished activities to create, as in the briefing.
pub const ACTIVITIES: usize = 7406;
/// Published projects to create.
pub const PROJECTS: usize = 300;

/// The generator's seed (not the corps' one, so the two sequences differ).
const SEED: u64 = 0x2018_1120_0290_7406;

/// The day the demo history ends on (exclusive): activities run up to the day before.
pub fn anchor() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default()
}

/// The first day an activity may run on.
fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or_default()
}

/// Project release batches: name, release date (y, m, d) and how many projects.
const BATCHES: &[(&str, (i32, u32, u32), usize)] = &[
    ("2018年11月 首批", (2018, 11, 20), 290),
    ("2020年6月 第二批", (2020, 6, 15), 4),
    ("2022年3月 第三批", (2022, 3, 10), 3),
    ("2024年9月 第四批", (2024, 9, 5), 3),
];

/// Project categories and a few themes each, for titles.
const CATEGORIES: &[(&str, &[&str])] = &[
    (
        "理论宣讲",
        &[
            "百姓名嘴进村居",
            "红色故事会",
            "政策解读微课堂",
            "理论宣讲轻骑兵",
        ],
    ),
    (
        "科普宣传",
        &[
            "科普大篷车",
            "防范电信诈骗宣传",
            "食品安全进万家",
            "气象防灾小课堂",
        ],
    ),
    (
        "技能培训",
        &[
            "农技服务送下乡",
            "电商直播培训",
            "家政技能培训",
            "就业创业指导",
        ],
    ),
    (
        "心理关爱",
        &["心灵驿站", "心理健康讲座", "情绪疏导热线", "暖心陪伴行动"],
    ),
    (
        "法律服务",
        &["法律援助进社区", "普法小课堂", "矛盾调解服务", "以案说法"],
    ),
    (
        "医疗健康",
        &["义诊进社区", "健康知识讲座", "应急救护培训", "家庭医生上门"],
    ),
    (
        "文化文艺",
        &["文艺惠民演出", "书香阅读推广", "非遗传承课堂", "广场舞辅导"],
    ),
    (
        "生态环保",
        &["垃圾分类宣传", "长江生态守护", "河道清洁行动", "植绿护绿"],
    ),
    (
        "助老助残",
        &["银龄关爱", "助老送餐", "智能手机教学", "残疾人陪伴服务"],
    ),
    (
        "关爱未成年人",
        &["四点半课堂", "暑期托管服务", "青少年成长营", "留守儿童关爱"],
    ),
    (
        "应急救援",
        &[
            "防汛抢险演练",
            "消防安全宣传",
            "应急避险演练",
            "救援技能培训",
        ],
    ),
    (
        "文明交通",
        &["文明交通劝导", "护学岗", "交通安全进校园", "电动车安全宣传"],
    ),
    (
        "邻里互助",
        &["邻里守望", "便民服务集市", "家电义务维修", "楼道微更新"],
    ),
];

const TARGET_GROUPS: &[&str] = &[
    "农村群众",
    "企业职工",
    "社区居民",
    "新市民",
    "老年人",
    "未成年人",
];

// --- the inputs -------------------------------------------------------------------------------

/// An area, as the plan needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceIn {
    pub id: i64,
    pub level: String,
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

// --- the plan ---------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub struct PlanProject {
    /// Index into [`BATCHES`].
    pub batch: usize,
    pub title: String,
    pub description: String,
    pub category: &'static str,
    /// JSON array.
    pub target_groups: String,
    pub level: String,
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
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    pub projects: Vec<PlanProject>,
    pub activities: Vec<PlanActivity>,
}

/// China time (UTC+8) to the UTC the database stores.
fn to_utc(day: NaiveDate, minutes: i64) -> NaiveDateTime {
    day.and_time(NaiveTime::MIN) + Duration::minutes(minutes) - Duration::hours(8)
}

/// Builds the history from the corps: pure, deterministic.
pub fn plan(places: &[PlaceIn], teams: &[TeamIn], venues: &[VenueIn]) -> anyhow::Result<Plan> {
    let mut rng = SplitMix64::new(SEED);
    let place_of: HashMap<i64, &PlaceIn> = places.iter().map(|p| (p.id, p)).collect();

    // Teams able to run an activity (three active members at least), spread evenly over the id
    // order.
    let mut able: Vec<&TeamIn> = teams.iter().filter(|t| t.members.len() >= 3).collect();
    able.sort_by_key(|t| t.id);
    if able.is_empty() {
        bail!("no team has three active members: load the corps first");
    }
    let chosen: Vec<&TeamIn> = (0..PROJECTS)
        .filter_map(|i| able.get(i * able.len() / PROJECTS).copied())
        .collect();

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
            target_groups: serde_json::to_string(&groups)?,
            level: place.level.clone(),
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

    // Activities: each of a random project, on a random day after its release, with volunteers
    // free that day (one activity a day each, so no two sign-ups overlap).
    let last = anchor() - Duration::days(1);
    let mut busy: HashSet<(i64, NaiveDate)> = HashSet::new();
    let mut activities = Vec::with_capacity(ACTIVITIES);
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
        let place_name = place_of
            .get(&project.area_id)
            .map(|p| p.name.clone())
            .unwrap_or_default();
        let start_at = to_utc(day, start_min);
        activities.push(PlanActivity {
            project: pi,
            team_id: project.team_id,
            title: project.title.clone(),
            start_at,
            end_at: start_at + Duration::minutes(i64::from(quarters) * 15),
            venue_id: venue.map(|v| v.id),
            area_id: venue.map_or(project.area_id, |v| v.area_id),
            address: venue.map_or(place_name, |v| v.address.clone()),
            latitude: venue.and_then(|v| v.latitude),
            longitude: venue.and_then(|v| v.longitude),
            quota,
            quarters,
            served_on: day,
            volunteers,
        });
    }
    // In time order, so ids follow the calendar.
    activities.sort_by_key(|a| (a.start_at, a.project));
    Ok(Plan {
        projects,
        activities,
    })
}

// --- loading ----------------------------------------------------------------------------------

/// What [`load_activities`] added.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ActivitiesReport {
    pub batches: usize,
    pub projects: usize,
    pub activities: usize,
    pub sign_ups: usize,
    pub records: usize,
    /// Verified service time, in quarter hours.
    pub quarters: i64,
}

/// A venue's id, area, address, latitude and longitude.
type VenueRow = (i64, i64, String, Option<f64>, Option<f64>);

/// Reads the corps (approved teams, their active members, areas and venues) from the database.
fn inputs(conn: &mut DbConn) -> anyhow::Result<(Vec<PlaceIn>, Vec<TeamIn>, Vec<VenueIn>)> {
    use youai_db::schema::{areas, team_members, teams, venues};
    let places: Vec<(i64, String, String, String)> = areas::table
        .order(areas::id)
        .select((areas::id, areas::level, areas::name, areas::path))
        .load(conn)?;
    let places = places
        .into_iter()
        .map(|(id, level, name, path)| PlaceIn {
            id,
            level,
            name,
            path,
        })
        .collect();
    let team_rows: Vec<(i64, i64, Option<String>)> = teams::table
        .filter(teams::status.eq("approved"))
        .order(teams::id)
        .select((teams::id, teams::area_id, teams::specialty))
        .load(conn)?;
    let members: Vec<(i64, i64)> = team_members::table
        .filter(team_members::status.eq("active"))
        .order(team_members::id)
        .select((team_members::team_id, team_members::volunteer_id))
        .load(conn)?;
    let mut by_team: HashMap<i64, Vec<i64>> = HashMap::new();
    for (t, v) in members {
        by_team.entry(t).or_default().push(v);
    }
    let teams = team_rows
        .into_iter()
        .map(|(id, area_id, specialty)| TeamIn {
            id,
            area_id,
            specialty,
            members: by_team.remove(&id).unwrap_or_default(),
        })
        .collect();
    let venue_rows: Vec<VenueRow> = venues::table
        .order(venues::id)
        .select((
            venues::id,
            venues::area_id,
            venues::address,
            venues::latitude,
            venues::longitude,
        ))
        .load(conn)?;
    let venues = venue_rows
        .into_iter()
        .map(|(id, area_id, address, latitude, longitude)| VenueIn {
            id,
            area_id,
            address,
            latitude,
            longitude,
        })
        .collect();
    Ok((places, teams, venues))
}

/// Ids returned by a multi-row insert, in the order of its rows (identities are handed out in
/// row order; `RETURNING` itself promises no order).
fn sorted(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort_unstable();
    ids
}

/// Adds the demo history to a database that has the demo corps ([`crate::seed_corps`]) but no
/// activities yet; does nothing (and reports zeros) when any activity exists. One transaction.
pub fn load_activities(conn: &mut DbConn) -> anyhow::Result<ActivitiesReport> {
    use youai_db::schema::{activities as a, project_batches as pb, projects as p};
    use youai_db::schema::{service_records as sr, sign_ups as su};
    conn.write_transaction(|conn| {
        let existing: i64 = a::table.count().get_result(conn)?;
        if existing > 0 {
            return Ok(ActivitiesReport::default());
        }
        let (places, teams, venues) = inputs(conn)?;
        let plan = plan(&places, &teams, &venues)?;
        let mut report = ActivitiesReport::default();

        // Batches (reusing any of the same name).
        let mut batch_ids = Vec::with_capacity(BATCHES.len());
        for (name, (y, m, d), _) in BATCHES {
            let found: Option<i64> = pb::table
                .filter(pb::name.eq(*name))
                .select(pb::id)
                .first(conn)
                .optional()?;
            let id = match found {
                Some(id) => id,
                None => {
                    let on = NaiveDate::from_ymd_opt(*y, *m, *d).unwrap_or_default();
                    let query = diesel::insert_into(pb::table)
                        .values((
                            pb::name.eq(*name),
                            pb::released_on.eq(on),
                            pb::created_at.eq(to_utc(on, 9 * 60)),
                        ))
                        .returning(pb::id);
                    report.batches += 1;
                    youai_db::on_backend!(conn, |c| query.get_result::<i64>(c))?
                }
            };
            batch_ids.push(id);
        }

        // Projects.
        let mut project_ids = Vec::with_capacity(plan.projects.len());
        for chunk in plan.projects.chunks(500) {
            let values: Vec<_> = chunk
                .iter()
                .map(|pr| {
                    (
                        p::title.eq(&pr.title),
                        p::description.eq(Some(&pr.description)),
                        p::category.eq(pr.category),
                        p::target_groups.eq(&pr.target_groups),
                        p::level.eq(&pr.level),
                        p::area_id.eq(pr.area_id),
                        p::owner_team_id.eq(Some(pr.team_id)),
                        p::status.eq("published"),
                        p::batch_id.eq(batch_ids.get(pr.batch).copied()),
                        p::published_at.eq(Some(pr.published_at)),
                        p::created_at.eq(pr.published_at - Duration::days(10)),
                        p::updated_at.eq(pr.published_at),
                    )
                })
                .collect();
            let query = diesel::insert_into(p::table)
                .values(values)
                .returning(p::id);
            let got: Vec<i64> = youai_db::on_backend!(conn, |c| query.get_results(c))?;
            project_ids.extend(sorted(got));
        }
        report.projects = project_ids.len();

        // Activities.
        let mut activity_ids = Vec::with_capacity(plan.activities.len());
        for chunk in plan.activities.chunks(500) {
            let values: Vec<_> = chunk
                .iter()
                .map(|ac| {
                    (
                        (
                            a::project_id.eq(project_ids.get(ac.project).copied().unwrap_or(0)),
                            a::team_id.eq(ac.team_id),
                            a::title.eq(&ac.title),
                            a::start_at.eq(ac.start_at),
                            a::end_at.eq(ac.end_at),
                            a::signup_deadline.eq(ac.start_at - Duration::days(1)),
                            a::venue_id.eq(ac.venue_id),
                            a::area_id.eq(ac.area_id),
                            a::address.eq(&ac.address),
                            a::latitude.eq(ac.latitude),
                            a::longitude.eq(ac.longitude),
                            a::checkin_radius_m.eq(500),
                        ),
                        (
                            a::quota.eq(ac.quota),
                            a::skill_ids.eq("[]"),
                            a::min_age.eq(14),
                            a::risk_level.eq("low"),
                            a::auto_accept.eq(1),
                            a::auto_verify.eq(0),
                            a::status.eq("finished"),
                            a::accepted_count.eq(ac.volunteers.len() as i32),
                            a::created_at.eq(ac.start_at - Duration::days(7)),
                            a::updated_at.eq(ac.end_at),
                        ),
                    )
                })
                .collect();
            let query = diesel::insert_into(a::table)
                .values(values)
                .returning(a::id);
            let got: Vec<i64> = youai_db::on_backend!(conn, |c| query.get_results(c))?;
            activity_ids.extend(sorted(got));
        }
        report.activities = activity_ids.len();

        // Sign-ups and their verified records.
        struct Row {
            activity: i64,
            team: i64,
            volunteer: i64,
            start: NaiveDateTime,
            end: NaiveDateTime,
            checked_in: NaiveDateTime,
            checked_out: NaiveDateTime,
            signed_up: NaiveDateTime,
            quarters: i32,
            category: &'static str,
            served_on: NaiveDate,
        }
        let mut rows = Vec::new();
        for (ac, id) in plan.activities.iter().zip(&activity_ids) {
            let category = plan.projects.get(ac.project).map_or("", |p| p.category);
            for (k, (volunteer, early, late)) in ac.volunteers.iter().enumerate() {
                rows.push(Row {
                    activity: *id,
                    team: ac.team_id,
                    volunteer: *volunteer,
                    start: ac.start_at,
                    end: ac.end_at,
                    checked_in: ac.start_at - Duration::minutes(*early),
                    checked_out: ac.end_at + Duration::minutes(*late),
                    signed_up: ac.start_at - Duration::days(6) + Duration::minutes(k as i64 * 7),
                    quarters: ac.quarters,
                    category,
                    served_on: ac.served_on,
                });
            }
        }
        for chunk in rows.chunks(500) {
            let values: Vec<_> = chunk
                .iter()
                .map(|r| {
                    (
                        su::activity_id.eq(r.activity),
                        su::volunteer_id.eq(r.volunteer),
                        su::status.eq("checked_out"),
                        su::start_at.eq(r.start),
                        su::end_at.eq(r.end),
                        su::checked_in_at.eq(Some(r.checked_in)),
                        su::checked_out_at.eq(Some(r.checked_out)),
                        su::auto_closed.eq(0),
                        su::created_at.eq(r.signed_up),
                        su::updated_at.eq(r.checked_out),
                    )
                })
                .collect();
            let query = diesel::insert_into(su::table).values(values);
            report.sign_ups += youai_db::on_backend!(conn, |c| query.execute(c))?;
            let values: Vec<_> = chunk
                .iter()
                .map(|r| {
                    (
                        sr::volunteer_id.eq(r.volunteer),
                        sr::activity_id.eq(Some(r.activity)),
                        sr::team_id.eq(Some(r.team)),
                        sr::quarters.eq(r.quarters),
                        sr::source.eq("check_in"),
                        sr::status.eq("verified"),
                        sr::category.eq(Some(r.category)),
                        sr::served_on.eq(r.served_on),
                        sr::verified_at.eq(Some(r.end + Duration::days(1))),
                        sr::created_at.eq(r.checked_out),
                    )
                })
                .collect();
            let query = diesel::insert_into(sr::table).values(values);
            report.records += youai_db::on_backend!(conn, |c| query.execute(c))?;
            report.quarters += chunk.iter().map(|r| i64::from(r.quarters)).sum::<i64>();
        }
        Ok(report)
    })
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
            level: "city".into(),
            name: "张家港市".into(),
            path: "/1/".into(),
        }];
        for t in 0..9 {
            let town = 2 + t * 10;
            places.push(PlaceIn {
                id: town,
                level: "town".into(),
                name: format!("镇{t}"),
                path: format!("/1/{town}/"),
            });
            for v in 1..6 {
                places.push(PlaceIn {
                    id: town + v,
                    level: "village".into(),
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
            .filter(|p| p.level == "village" && p.id % 2 == 0)
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

    #[test]
    fn plan_is_deterministic_and_consistent() {
        let (places, teams, venues) = inputs();
        let plan = plan(&places, &teams, &venues).unwrap();
        assert_eq!(plan, super::plan(&places, &teams, &venues).unwrap());
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
            let groups: Vec<String> = serde_json::from_str(&p.target_groups).unwrap();
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
            assert!(a.served_on >= first_day() && a.served_on < anchor());
            assert!(a.start_at > p.published_at);
            assert!((5..=30).contains(&a.quota));
            assert!(a.volunteers.len() >= 3 && a.volunteers.len() <= a.quota as usize);
            let members = &team(a.team_id).members;
            for (v, early, late) in &a.volunteers {
                assert!(members.contains(v));
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
}
