//! 礼遇 storage: star level changes, the append-only points ledger, the courtesy catalogue,
//! vouchers and honours. Callers run the writes that move points or stock inside one
//! transaction, with the volunteer's row locked (`activities::lock_volunteer`).

mod catalogue;
mod eligibility;
mod honours;
mod points;
mod stars;
mod vouchers;

pub use catalogue::*;
pub use eligibility::*;
pub use honours::*;
pub use points::*;
pub use stars::*;
pub use vouchers::*;
