//! The parts pages share: small reusable pieces, and the larger blocks more than one page
//! embeds (the console's frame, the volunteer centre's blocks, the charts). A page never
//! imports another page; what two pages share lives here.

mod account_status;
mod activity_admin;
mod activity_card;
mod area_name;
mod bell;
mod calendar;
mod chart;
mod city_charts;
mod console;
mod error_message;
mod field;
mod form;
mod insured;
mod lang_switch;
mod loading;
mod near_me;
mod need_parts;
mod not_found;
mod paged_list;
mod phone_code;
mod qr_code;
mod recruitment;
mod resources;
mod self_check;
mod shared_certificate;
mod sign_in_first;
mod stat_card;
mod team_card;
mod vocabulary;
mod volunteer_centre;
mod volunteer_fields;

pub use account_status::AccountStatus;
pub use activity_admin::{ActivitySteps, DraftActivities, NewActivityForm};
pub use activity_card::{ActivityList, Places, StatusBadge};
pub use area_name::AreaName;
pub use bell::{Bell, BellRefresh};
pub use calendar::SignUpCalendar;
pub use chart::{Bar, CsvLink, HeatRow, bar_chart, column_chart, esc, heat_map};
pub use city_charts::{CHART_MONTHS, ChartSet, Charts};
pub use console::{CONSOLE_PARTS, ConsoleGate, ConsoleNav};
pub use error_message::{ErrorMessage, error_text};
pub use field::{Field, FieldSet, described_by, described_with_hint};
pub use form::Submission;
pub use insured::{InsuredList, MyInsuredLists};
pub use lang_switch::LangSwitch;
pub use loading::{Fetched, Loading, when_loaded};
pub use near_me::{NearMe, current_position, parse_near};
pub use need_parts::{
    NeedStatusBadge, NeedSummary, NeedTimeline, need_channel_key, need_status_key, need_step_key,
};
pub use not_found::NotFoundMessage;
pub use paged_list::PagedList;
pub use phone_code::SendCodeButton;
pub use qr_code::QrCode;
pub use recruitment::{CallFacts, TeamLink, call_is_open};
pub use resources::{
    AgencyPicker, ResourceCard, agency_kind_key, resource_kind_key, resource_period_key,
};
pub use self_check::SelfCheck;
pub use shared_certificate::SharedCertificate;
pub use sign_in_first::{SignInFirst, safe_next};
pub use stat_card::{StatCard, group_digits};
pub use team_card::TeamList;
pub use vocabulary::{CATEGORIES, Localized, TARGET_GROUPS, localized};
pub use volunteer_centre::{
    CertificateLink, CheckInCode, MyCertificate, MyHonours, MyHours, MyPoints, MySignUps, MyStar,
    copy_text, stars,
};
pub use volunteer_fields::{AreaPicker, GuardianFields, SkillPicker};
