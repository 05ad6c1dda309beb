//! The demo's needs list: 金都社区's 38 needs in 6 categories and a few to a dozen in every
//! other village, in every state, each with a story (intake, review with the reviewers
//! present, rank, link, service, fulfilment, evaluation; or rejection, withdrawal, a merge)
//! whose times agree with its state, and the activities of the projects linked to it.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde_json::json;
use youai_types::{AreaLevel, NeedChannel as C, NeedEventKind as K, NeedStatus as S};

use super::catalogue::{JINDU, NEEDS};
use super::plan::{person, phone, to_utc};
use super::{Details, Inputs, NEEDS_SEED, PlanEvent, PlanNeed, PlanResource};
use crate::rng::SplitMix64;

const STATES: [S; 9] = [
    S::Submitted,
    S::UnderReview,
    S::Accepted,
    S::Rejected,
    S::Matched,
    S::InService,
    S::Fulfilled,
    S::Withdrawn,
    S::Merged,
];
const STATE_WEIGHTS: [u32; 9] = [7, 7, 14, 8, 10, 9, 32, 5, 8];
const CHANNELS: [C; 9] = [
    C::CadreVisit,
    C::VolunteerVisit,
    C::GridWorker,
    C::WechatGroup,
    C::QqGroup,
    C::App,
    C::WechatOa,
    C::Kiosk,
    C::Web,
];
const CHANNEL_WEIGHTS: [u32; 9] = [14, 12, 16, 14, 6, 12, 10, 6, 10];
const PLACES: &[&str] = &[
    "（东片区）",
    "（西片区）",
    "（老年活动室）",
    "（新村片区）",
    "（周末场）",
];
const CODE_CHARS: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

pub(super) type Activity = (i64, i64, i64, NaiveDateTime, NaiveDateTime);
pub(super) type Area = (i64, AreaLevel, String, String);

/// When things happened to a need.
#[derive(Default)]
pub(super) struct Times {
    pub(super) created: Option<NaiveDateTime>,
    pub(super) reviewed: Option<NaiveDateTime>,
    pub(super) decided: Option<NaiveDateTime>,
    pub(super) linked: Option<NaiveDateTime>,
    pub(super) in_service: Option<NaiveDateTime>,
    pub(super) fulfilled: Option<NaiveDateTime>,
    pub(super) withdrawn: Option<NaiveDateTime>,
}

pub(super) struct Ctx<'a> {
    pub(super) rng: SplitMix64,
    pub(super) now: NaiveDateTime,
    pub(super) areas: &'a [Area],
    pub(super) resources: &'a [PlanResource],
    pub(super) projects: BTreeMap<i64, (&'a str, i64)>,
    pub(super) by_project: HashMap<i64, Vec<&'a Activity>>,
    pub(super) taken: HashSet<i64>,
    pub(super) codes: HashSet<String>,
}

impl Ctx<'_> {
    pub(super) fn minutes(&mut self, lo_h: i64, hi_h: i64) -> Duration {
        Duration::minutes(lo_h * 60 + self.rng.below(((hi_h - lo_h) * 60).max(1) as usize) as i64)
    }
    pub(super) fn ago(&mut self, lo_d: i64, hi_d: i64) -> NaiveDateTime {
        self.now - self.minutes(lo_d * 24, hi_d * 24)
    }
    /// Between `lo_h` and `hi_h` hours after `t`, but before the demo's day.
    pub(super) fn after(&mut self, t: NaiveDateTime, lo_h: i64, hi_h: i64) -> NaiveDateTime {
        let d = self.minutes(lo_h, hi_h);
        self.cap(t + d)
    }
    /// Before the demo's day, an hour at least.
    pub(super) fn cap(&self, t: NaiveDateTime) -> NaiveDateTime {
        t.min(self.now - Duration::hours(1))
    }
    pub(super) fn code(&mut self) -> String {
        loop {
            let c: String = (0..8)
                .map(|_| char::from(*self.rng.pick(CODE_CHARS).unwrap_or(&b'X')))
                .collect();
            if self.codes.insert(c.clone()) {
                return c;
            }
        }
    }
    pub(super) fn reviewers(&mut self, village: &str) -> serde_json::Value {
        json!([
            format!("{village}干部 {}", person(&mut self.rng)),
            format!("居民代表 {}", person(&mut self.rng)),
            format!("志愿者 {}", person(&mut self.rng)),
        ])
    }
    fn path_of(&self, area: i64) -> &str {
        self.areas
            .iter()
            .find(|a| a.0 == area)
            .map_or("", |a| a.3.as_str())
    }
    /// How near `area` is to the village `v` in town `t`: 0 the village, 1 the town, 2 the city;
    /// `None` for another town's.
    fn tier(&self, area: i64, v: i64, t: i64) -> Option<usize> {
        if area == v {
            return Some(0);
        }
        if area == t {
            return Some(1);
        }
        let level = self.areas.iter().find(|a| a.0 == area).map(|a| a.1);
        (level == Some(AreaLevel::City)).then_some(2)
    }
    /// A resource serving the category, the nearest first.
    pub(super) fn resource(
        &mut self,
        serves: &[String],
        v: i64,
        t: i64,
    ) -> Option<(usize, usize, String)> {
        let mut best: Vec<(usize, usize, String)> = Vec::new();
        for (i, r) in self.resources.iter().enumerate() {
            let Some(topic) = r.topics.iter().find(|x| serves.contains(x)) else {
                continue;
            };
            let Some(tier) = self.tier(r.area_id, v, t) else {
                continue;
            };
            match best.first().map(|b| b.1) {
                Some(b) if tier > b => continue,
                Some(b) if tier < b => best.clear(),
                _ => {}
            }
            best.push((i, tier, topic.clone()));
        }
        self.rng.pick(&best).cloned()
    }
    /// A finished activity of a project serving the category, the nearest project first,
    /// starting within `from..to`, not run for another need nor a lecture: (it, its tier).
    pub(super) fn activity(
        &mut self,
        serves: &[String],
        v: i64,
        t: i64,
        (from, to): (NaiveDateTime, NaiveDateTime),
    ) -> Option<(Activity, usize)> {
        let town_path = self.path_of(t).to_owned();
        let mut best: Vec<(Activity, usize)> = Vec::new();
        for (pid, (category, area)) in &self.projects {
            if !serves.iter().any(|s| s == category) {
                continue;
            }
            let Some(tier) = self.tier(*area, v, t) else {
                continue;
            };
            if best.first().is_some_and(|b| tier > b.1) {
                continue;
            }
            let Some(runs) = self.by_project.get(pid) else {
                continue;
            };
            let fit: Vec<Activity> = runs
                .iter()
                .filter(|a| a.3 >= from && a.3 < to && !self.taken.contains(&a.0))
                .filter(|a| self.path_of(a.2).starts_with(&town_path))
                .map(|a| **a)
                .collect();
            if fit.is_empty() {
                continue;
            }
            if best.first().is_some_and(|b| tier < b.1) {
                best.clear();
            }
            best.extend(fit.into_iter().map(|a| (a, tier)));
        }
        best.sort_by_key(|b| b.0.0);
        let got = self.rng.pick(&best).copied()?;
        self.taken.insert(got.0.0);
        Some(got)
    }
    /// A later run of the same project within 45 days, for a need served twice.
    pub(super) fn follow_up(&mut self, after: &Activity) -> Option<Activity> {
        let runs = self.by_project.get(&after.1)?;
        let next = runs
            .iter()
            .find(|a| {
                a.3 > after.4
                    && a.3 < after.4 + Duration::days(45)
                    && a.4 < self.now - Duration::hours(2)
                    && !self.taken.contains(&a.0)
            })
            .map(|a| **a)?;
        self.taken.insert(next.0);
        Some(next)
    }
}

pub(super) const TIER_REASONS: [&str; 3] = ["同村（社区）", "同镇（街道）", "市级资源"];

/// The needs of every village, 金都社区's as in the briefing.
pub(super) fn plan_needs(
    input: &Inputs,
    resources: &[PlanResource],
    series: &HashSet<i64>,
    as_of: NaiveDate,
) -> Vec<PlanNeed> {
    let mut by_project: HashMap<i64, Vec<&Activity>> = HashMap::new();
    for a in &input.activities {
        if !series.contains(&a.0) {
            by_project.entry(a.1).or_default().push(a);
        }
    }
    for runs in by_project.values_mut() {
        runs.sort_by_key(|a| (a.3, a.0));
    }
    let mut cx = Ctx {
        rng: SplitMix64::new(NEEDS_SEED),
        now: to_utc(as_of, 0),
        areas: &input.areas,
        resources,
        projects: input
            .projects
            .iter()
            .map(|(id, category, area)| (*id, (category.as_str(), *area)))
            .collect(),
        by_project,
        taken: HashSet::new(),
        codes: HashSet::new(),
    };
    let mut villages: Vec<&Area> = input
        .areas
        .iter()
        .filter(|a| a.1 == AreaLevel::Village)
        .collect();
    villages.sort_by_key(|a| a.0);
    let mut needs = Vec::new();
    for village in villages {
        let town = input
            .areas
            .iter()
            .find(|a| a.1 == AreaLevel::Town && village.3.starts_with(&a.3))
            .map_or(village.0, |a| a.0);
        village_needs(&mut cx, input, village, town, &mut needs);
    }
    needs
}

fn village_needs(
    cx: &mut Ctx<'_>,
    input: &Inputs,
    village: &Area,
    town: i64,
    needs: &mut Vec<PlanNeed>,
) {
    let jindu = village.2 == JINDU.0;
    // (category name, state, channel) of each need.
    let mut slots: Vec<(&str, S, C)> = Vec::new();
    if jindu {
        let mut cats: Vec<&str> = JINDU
            .1
            .iter()
            .flat_map(|(c, n)| std::iter::repeat_n(*c, *n))
            .collect();
        cx.rng.shuffle(&mut cats);
        for (k, c) in cats.into_iter().enumerate() {
            let state = STATES.get(k).copied().unwrap_or_else(|| state(cx));
            let channel = CHANNELS.get(k).copied().unwrap_or_else(|| channel(cx));
            slots.push((c, state, channel));
        }
    } else {
        for _ in 0..cx.rng.between(4, 12) {
            let c = cx.rng.pick(NEEDS).map_or("便民服务", |n| n.0);
            let (s, ch) = (state(cx), channel(cx));
            slots.push((c, s, ch));
        }
    }
    let base = needs.len();
    let mut titles: HashSet<String> = HashSet::new();
    let mut own_by_resident = 0;
    for (c, status, channel) in &slots {
        let Some((category_id, serves)) = input
            .categories
            .iter()
            .find(|x| x.1 == *c)
            .map(|x| (x.0, x.2.clone()))
        else {
            continue;
        };
        let templates = NEEDS.iter().find(|n| n.0 == *c).map_or(&[][..], |n| n.1);
        let (mut title, group) = cx
            .rng
            .pick(templates)
            .map_or(("便民服务".to_owned(), "社区居民"), |t| {
                (t.0.to_owned(), t.1)
            });
        if !titles.insert(title.clone()) {
            for p in PLACES {
                let t = format!("{title}{p}");
                if titles.insert(t.clone()) {
                    title = t;
                    break;
                }
            }
        }
        let people = cx.rng.between(3, 120) as i32;
        let submitted_by = (jindu
            && own_by_resident < 2
            && matches!(channel, C::App | C::Web)
            && *status != S::Merged)
            .then_some(input.resident)
            .flatten();
        if submitted_by.is_some() {
            own_by_resident += 1;
        }
        let mut need = PlanNeed {
            code: cx.code(),
            description: format!(
                "{}{}反映：希望{}。涉及约{}人。",
                village.2, group, title, people
            ),
            title,
            category_id,
            area_id: village.0,
            people_affected: people,
            target_group: group.to_owned(),
            channel: *channel,
            contact_name: person(&mut cx.rng),
            contact_phone: phone(&mut cx.rng),
            submitted_by,
            status: *status,
            merged_into: None,
            supporters: cx.rng.between(1, 4) as i32,
            urgency_rank: None,
            reject_reason: None,
            decided_at: None,
            fulfilled_at: None,
            rating: None,
            link: None,
            activities: Vec::new(),
            events: Vec::new(),
            created_at: cx.now,
        };
        if *status != S::Merged {
            super::story::story(cx, &mut need, &serves, village, town);
        }
        needs.push(need);
    }
    super::story::merges(cx, needs, base, village);
    // The review group's ranking of the village's accepted needs: most supporters first.
    let mut accepted: Vec<usize> = (base..needs.len())
        .filter(|i| needs.get(*i).is_some_and(|n| n.status == S::Accepted))
        .collect();
    accepted.sort_by_key(|i| {
        needs
            .get(*i)
            .map(|n| (-n.supporters, -n.people_affected, n.created_at))
    });
    let ranked_at = accepted
        .iter()
        .filter_map(|i| needs.get(*i).and_then(|n| n.decided_at))
        .max()
        .map(|t| cx.cap(t + Duration::hours(2)));
    let of = accepted.len();
    for (r, i) in accepted.into_iter().enumerate() {
        if let (Some(n), Some(at)) = (needs.get_mut(i), ranked_at) {
            n.urgency_rank = Some(r as i32 + 1);
            n.events.push(PlanEvent {
                kind: K::Rank,
                from: Some(S::Accepted),
                to: Some(S::Accepted),
                note: None,
                details: Details::Value(json!({"rank": r + 1, "of": of})),
                at,
            });
        }
    }
    for n in needs.iter_mut().skip(base) {
        n.events.sort_by_key(|e| e.at);
    }
}

fn state(cx: &mut Ctx<'_>) -> S {
    STATES
        .get(cx.rng.weighted(&STATE_WEIGHTS))
        .copied()
        .unwrap_or(S::Submitted)
}

fn channel(cx: &mut Ctx<'_>) -> C {
    CHANNELS
        .get(cx.rng.weighted(&CHANNEL_WEIGHTS))
        .copied()
        .unwrap_or(C::Web)
}
