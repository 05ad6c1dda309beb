//! The demo's 三清单: the agencies behind the city's menu of services and its industry
//! detachments (34, with the ~100 services they offer as city projects); the resources pushed
//! down at all three levels (agencies' talent, projects and funds, the towns' institutes and
//! the villages' stations) and their allocations (下沉) over the last eighteen months, within
//! each period's capacity; the needs list (金都社区's 38 needs in 6 categories, as in the
//! briefing, and a few to a dozen in every other village), in every state, each with the
//! events of its story, the resources and projects linked to it and the activities run for
//! it; 大新镇's 新时代讲堂 (132 sessions, 8,000 attendances); and the residents every finished
//! activity served.
//!
//! Deterministic like the rest of the demo: fixed seeds, dates counted from the demo's day.
//! The plan is built in memory ([`plan`], pure), then written in one transaction
//! ([`load_lists`]). It needs only the city: without the corps and their activities, needs
//! are served by resources alone and there is no lecture series.

mod catalogue;
mod load;
mod needs;
mod plan;
mod story;
#[cfg(test)]
mod tests;

use chrono::{NaiveDate, NaiveDateTime};
use youai_types::{
    AgencyKind, AreaLevel, NeedChannel, NeedEventKind, NeedStatus, ResourceKind, ResourcePeriod,
};

pub use load::{ListsReport, load_lists};
pub(crate) use plan::person as person_name;
pub use plan::plan;

/// 金都社区's needs, as in the briefing.
pub const JINDU_NEEDS: usize = 38;
/// …in this many categories.
pub const JINDU_CATEGORIES: usize = 6;
/// 大新镇 新时代讲堂's sessions and attendances, as in the briefing.
pub const LECTURE_SESSIONS: usize = 132;
pub const LECTURE_ATTENDANCES: i32 = 8000;
/// Months of allocations before the demo's day (its own month included).
pub const ALLOCATION_MONTHS: u32 = 18;

const SEED: u64 = 0x0038_0006_0132_8000;
const NEEDS_SEED: u64 = 0x3ee0_2018_1120_0038;

// --- the inputs -------------------------------------------------------------------------------

/// What the plan reads from the loaded city (and, when there, the corps and their history).
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// Every area: (id, level, name, path).
    pub areas: Vec<(i64, AreaLevel, String, String)>,
    /// The need categories: (id, name, the project categories and topics that serve them).
    pub categories: Vec<(i64, String, Vec<String>)>,
    /// Approved teams: (id, area, is a town detachment).
    pub teams: Vec<(i64, i64, bool)>,
    /// Published projects: (id, category, area).
    pub projects: Vec<(i64, String, i64)>,
    /// Finished activities: (id, project, area, start, end), UTC.
    pub activities: Vec<(i64, i64, i64, NaiveDateTime, NaiveDateTime)>,
    /// The demo resident's account, who submitted two of 金都社区's needs herself.
    pub resident: Option<i64>,
}

// --- the plan ---------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub struct PlanAgency {
    pub name: &'static str,
    pub kind: AgencyKind,
    pub area_id: i64,
    pub contact_name: String,
    pub contact_phone: String,
    pub description: String,
}

/// A service on an agency's menu, published as a project in its name.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanAgencyProject {
    /// Index into [`Plan::agencies`].
    pub agency: usize,
    pub title: String,
    pub category: &'static str,
    pub target_groups: Vec<String>,
    pub level: AreaLevel,
    pub area_id: i64,
    pub published_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanResource {
    pub kind: ResourceKind,
    pub title: String,
    pub description: String,
    /// Index into [`Plan::agencies`].
    pub agency: Option<usize>,
    pub team: Option<i64>,
    pub level: AreaLevel,
    pub area_id: i64,
    pub topics: Vec<String>,
    pub target_groups: Vec<String>,
    pub capacity: i32,
    pub unit: &'static str,
    pub period: ResourcePeriod,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanAllocation {
    /// Index into [`Plan::resources`].
    pub resource: usize,
    pub area_id: i64,
    pub quantity: i32,
    pub period_start: NaiveDate,
    /// Index into [`Plan::needs`]: sent for that need.
    pub need: Option<usize>,
    pub note: String,
    pub at: NaiveDateTime,
}

/// What a need was linked to.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkTo {
    /// Index into [`Plan::resources`].
    Resource(usize),
    /// A published project's id.
    Project(i64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanLink {
    pub to: LinkTo,
    pub score: i32,
    pub reasons: Vec<String>,
    pub at: NaiveDateTime,
}

/// An event's particulars, with the needs and resources it names as plan indices.
#[derive(Debug, Clone, PartialEq)]
pub enum Details {
    None,
    Value(serde_json::Value),
    /// Merged into the need at this index.
    MergedInto(usize),
    /// The need at this index joined, with its supporters.
    Absorbed(usize, i32),
    /// The need's link (see [`PlanNeed::link`]).
    Link,
    /// The activities run for it.
    Activities(Vec<i64>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanEvent {
    pub kind: NeedEventKind,
    pub from: Option<NeedStatus>,
    pub to: Option<NeedStatus>,
    pub note: Option<String>,
    pub details: Details,
    pub at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanNeed {
    pub code: String,
    pub title: String,
    pub description: String,
    pub category_id: i64,
    pub area_id: i64,
    pub people_affected: i32,
    pub target_group: String,
    pub channel: NeedChannel,
    pub contact_name: String,
    pub contact_phone: String,
    pub submitted_by: Option<i64>,
    pub status: NeedStatus,
    /// Index into [`Plan::needs`].
    pub merged_into: Option<usize>,
    pub supporters: i32,
    pub urgency_rank: Option<i32>,
    pub reject_reason: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
    pub fulfilled_at: Option<NaiveDateTime>,
    pub rating: Option<(i32, String)>,
    pub link: Option<PlanLink>,
    /// Finished activities run for it.
    pub activities: Vec<i64>,
    pub events: Vec<PlanEvent>,
    pub created_at: NaiveDateTime,
}

/// 大新镇's lecture series: its town, owner team and sessions (activity id, number,
/// residents served), in time order.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanLectures {
    pub area_id: i64,
    pub team_id: i64,
    pub published_at: NaiveDateTime,
    pub sessions: Vec<(i64, usize, i32)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    pub agencies: Vec<PlanAgency>,
    pub agency_projects: Vec<PlanAgencyProject>,
    pub resources: Vec<PlanResource>,
    pub allocations: Vec<PlanAllocation>,
    pub needs: Vec<PlanNeed>,
    pub lectures: Option<PlanLectures>,
}

/// The first day of the period `day` falls in.
pub fn period_start(period: ResourcePeriod, day: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    let month = match period {
        ResourcePeriod::Month => day.month(),
        ResourcePeriod::Quarter => (day.month() - 1) / 3 * 3 + 1,
        ResourcePeriod::Year => 1,
    };
    NaiveDate::from_ymd_opt(day.year(), month, 1).unwrap_or(day)
}

/// The first day of the period after the one starting on `start`.
fn next_period(period: ResourcePeriod, start: NaiveDate) -> NaiveDate {
    let months = match period {
        ResourcePeriod::Month => 1,
        ResourcePeriod::Quarter => 3,
        ResourcePeriod::Year => 12,
    };
    start
        .checked_add_months(chrono::Months::new(months))
        .unwrap_or(start)
}
