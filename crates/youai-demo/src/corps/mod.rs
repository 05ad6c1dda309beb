//! The demo volunteer corps (一队) at the briefing's scale: a skill vocabulary, the 1,084 approved
//! teams of the corps tree (the city corps, a detachment per town, 12 industry detachments with
//! their squads, village and community teams, practice point teams and civil-society teams), three
//! registrations waiting for approval, about 5,000 volunteers and their memberships.
//!
//! Everything comes from a fixed-seed generator ([`SplitMix64`](crate::rng::SplitMix64)), so the
//! same code gives the same corps. Birth dates count back from the year of the day the demo is
//! loaded as of (so the 14–17-year-olds stay minors), and ID-number ciphertexts use fresh
//! nonces; nothing else depends on when or where it runs.
//!
//! The plan is built in memory first ([`plan`], pure and tested), then written in one transaction
//! with multi-row inserts ([`load_corps`]).

mod catalogue;
mod load;
mod people;
mod plan;
mod planner;
#[cfg(test)]
mod tests;

pub use catalogue::SKILLS;
pub use load::{CorpsReport, load_corps};
pub use plan::plan;
pub use planner::{Place, Plan, PlanMember, PlanTeam, PlanVolunteer, id_number};

/// Approved teams in the city, as in the briefing (已建成新时代文明实践志愿服务队伍 1084 支).
pub const APPROVED_TEAMS: usize = 1084;
/// Volunteers to create, the two demo volunteers included.
pub const VOLUNTEERS: usize = 5000;
/// Join requests left waiting (`applied`) for leaders to decide.
pub const APPLICATIONS: usize = 100;

/// The generator's seed: the briefing's date and two of its figures.
const SEED: u64 = 0x2019_0125_1084_5306;
