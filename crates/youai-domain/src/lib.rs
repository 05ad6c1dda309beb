//! youai's rules, with no HTTP and no SQL: input validation, the area tree's shape, and who may
//! do what where.

pub mod access;
pub mod activities;
pub mod availability;
pub mod checkin_token;
pub mod checkins;
pub mod csv_import;
pub mod geo;
pub mod ical;
pub mod idcard;
pub mod list_reports;
pub mod matching;
pub mod membership;
pub mod menu;
pub mod needs;
pub mod notifications;
pub mod order_reports;
pub mod orders;
pub mod outbox;
pub mod phone_codes;
pub mod project_review;
pub mod resources;
pub mod rewards;
pub mod service_records;
pub mod sign_ups;
pub mod teams;
pub mod validate;
pub mod webhooks;
