//! The demo's past and its coming weeks: service projects released in batches since 2018年11月;
//! 7,406 finished activities run by the corps' teams up to the day before the demo's day (as in
//! the briefing: 累计开展志愿服务活动 7406 场), each with its volunteers' sign-ups (checked in and
//! out) and service records (verified, but for the last two days' still waiting for their
//! team); and the calendar of the four weeks from the demo's day, 56 activities a day in every
//! town (as the briefing's 平均每天发布、开展…项目达 56 个), published, recruiting and partly
//! signed up for.
//!
//! Everything comes from fixed-seed generators ([`SplitMix64`](crate::rng::SplitMix64)) and
//! dates count from the day the demo is loaded as of, so the same corps and day always get the
//! same plan. The plan is built in memory first ([`plan`], pure and tested), then written in one
//! transaction with multi-row inserts ([`load_activities`]).

mod catalogue;
mod load;
mod plan;

pub use load::{ActivitiesReport, load_activities};
pub use plan::{
    Featured, PlaceIn, Plan, PlanActivity, PlanProject, PlanUpcoming, TeamIn, VenueIn, plan,
};

/// Finished activities to create, as in the briefing.
pub const ACTIVITIES: usize = 7406;
/// Published projects to create.
pub const PROJECTS: usize = 300;

/// Activities a day in the coming weeks, as in the briefing.
pub const UPCOMING_PER_DAY: usize = 56;
/// How many days ahead the calendar is filled, the demo's day included.
pub const UPCOMING_DAYS: i64 = 28;
/// The last days whose records still wait for their team to verify them.
pub const PENDING_DAYS: i64 = 2;
/// Verified service the demo member has at least (130 h: ★1 under the default rules).
pub const MEMBER_QUARTERS: i64 = 130 * 4;
/// Verified service the demo leader has at least (330 h: ★2 under the default rules).
pub const LEADER_QUARTERS: i64 = 330 * 4;

/// The generator's seed (not the corps' one, so the two sequences differ).
const SEED: u64 = 0x2018_1120_0290_7406;
/// The demo logins' own runs and histories, and the calendar, each on a sequence of its own.
const FEATURED_SEED: u64 = 0x1380_0000_0003_0004;
const UPCOMING_SEED: u64 = 0x0056_0028_2026_1128;
