//! The demo's past: service projects released in batches since 2018年11月, and 7,406 finished
//! activities run by the corps' teams (as in the briefing: 累计开展志愿服务活动 7406 场), each
//! with its volunteers' sign-ups (checked in and out) and verified service records.
//!
//! Everything comes from a fixed-seed generator ([`SplitMix64`](crate::rng::SplitMix64)) and
//! dates count back from a fixed anchor ([`anchor`](crate::rng::anchor), 2026-11-28) rather than
//! today, so the same corps always gets the same history. The plan is built in memory first
//! ([`plan`], pure and tested), then written in one transaction with multi-row inserts
//! ([`load_activities`]).

mod catalogue;
mod load;
mod plan;

pub use load::{ActivitiesReport, load_activities};
pub use plan::{PlaceIn, Plan, PlanActivity, PlanProject, TeamIn, VenueIn, plan};

/// Finished activities to create, as in the briefing.
pub const ACTIVITIES: usize = 7406;
/// Published projects to create.
pub const PROJECTS: usize = 300;

/// The generator's seed (not the corps' one, so the two sequences differ).
const SEED: u64 = 0x2018_1120_0290_7406;
