//! Services: each operation that takes several steps is one function here, run inside the
//! caller's transaction — load the facts, ask `youai-domain` for the decision, write, record
//! the audit row. Handlers extract and authorize, call one service and render its outcome.

pub mod accounts;
pub mod activities;
pub mod agencies;
pub mod catalogue;
pub mod checkins;
pub mod grants;
pub mod honours;
pub mod imports;
pub mod insured;
pub mod matching;
pub mod members;
pub mod menu;
pub mod needs;
pub mod notifications;
pub mod orders;
pub mod phone_codes;
pub mod points;
pub mod projects;
pub mod recruitments;
pub mod redemptions;
pub mod resources;
pub mod reward_rules;
pub mod service_records;
pub mod sign_ups;
pub mod teams;
pub mod trace;
pub mod volunteers;
pub mod vouchers;
pub mod webhooks;
