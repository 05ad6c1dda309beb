//! 礼遇: the reward rules, star levels, the points ledger, the courtesy catalogue, redemption
//! into vouchers, honours, and the insurer's list. One file per resource; the handlers keep
//! their names here for the route table.
//!
//! Points and stock move only inside one write transaction with the volunteer's row locked,
//! and stock by one conditional UPDATE: concurrent redemptions never oversell or overspend.

mod catalogue;
mod honours;
mod insured;
mod points;
mod rules;
mod vouchers;

pub use catalogue::*;
pub use honours::*;
pub use insured::*;
pub use points::*;
pub use rules::*;
pub use vouchers::*;
