//! Small reusable parts of pages.

mod account_status;
mod activity_card;
mod area_name;
mod chart;
mod error_message;
mod field;
mod lang_switch;
mod loading;
mod qr_code;
mod stat_card;
mod team_card;

pub use account_status::AccountStatus;
pub use activity_card::{ActivityList, Places, StatusBadge};
pub use area_name::AreaName;
pub use chart::{Bar, CsvLink, HeatRow, bar_chart, column_chart, esc, heat_map};
pub use error_message::{ErrorMessage, error_text};
pub use field::{Field, FieldSet, described_by};
pub use lang_switch::LangSwitch;
pub use loading::{Fetched, Loading, when_loaded};
pub use qr_code::QrCode;
pub use stat_card::{StatCard, group_digits};
pub use team_card::TeamList;
