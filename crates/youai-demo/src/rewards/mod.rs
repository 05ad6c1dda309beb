//! The demo's 礼遇: the ten courtesies of the city's 志愿者礼遇 10 条 (star rating, honours, free
//! insurance, services, goods), the star levels and points the demo's verified hours earned
//! under the default rules, and courtesies enjoyed as in the briefing (全市已有 5306 名志愿者
//! 享受到各级各类礼遇: 5,306 enjoyed here, vouchers and honours together).
//!
//! Deterministic like the rest of the demo: a fixed seed, dates from the demo's day. The
//! plan is computed in memory ([`plan`]) and written in one transaction ([`load_rewards`]).

mod catalogue;
mod load;
mod plan;

pub use catalogue::{COURTESIES, Courtesy};
pub use load::{RewardsReport, load_rewards};
pub use plan::{EarnRow, HonourRow, Plan, RecordIn, StarRow, VolunteerIn, VoucherRow, plan};

/// Courtesies enjoyed in the demo: vouchers plus honours, as the briefing's 5,306.
pub const ENJOYED: usize = 5306;
/// Honours awarded to the volunteers with the most hours.
pub const HONOURS: usize = 106;
/// At most this many courtesies per volunteer, so that many volunteers enjoy one.
const PER_VOLUNTEER: usize = 3;
const SEED: u64 = 0x5306_0010_2026_1129;
