//! Small reusable parts of pages.

mod account_status;
mod error_message;
mod lang_switch;
mod stat_card;

pub use account_status::AccountStatus;
pub use error_message::ErrorMessage;
pub use lang_switch::LangSwitch;
pub use stat_card::StatCard;
