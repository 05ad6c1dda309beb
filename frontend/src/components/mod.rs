//! Small reusable parts of pages.

mod account_status;
mod area_name;
mod error_message;
mod field;
mod lang_switch;
mod loading;
mod stat_card;
mod team_card;

pub use account_status::AccountStatus;
pub use area_name::AreaName;
pub use error_message::{ErrorMessage, error_text};
pub use field::{Field, FieldSet, described_by};
pub use lang_switch::LangSwitch;
pub use loading::Loading;
pub use stat_card::{StatCard, group_digits};
pub use team_card::TeamList;
