//! One module per route.

mod activities;
mod activity;
mod activity_admin;
mod calendar;
mod console;
mod home;
mod kiosk;
mod login;
mod manage;
mod me;
mod not_found;
mod project_admin;
mod projects;
mod reports;
mod rewards;
mod scan;
mod staff;
mod team;
mod teams;
mod venue;
mod verify;
mod volunteer;

pub use activities::{ActivitiesPage, CATEGORIES, TARGET_GROUPS};
pub use activity::ActivityPage;
pub use calendar::SignUpCalendar;
pub use console::RegistrationsPage;
pub use home::HomePage;
pub use kiosk::KioskPage;
pub use login::LoginPage;
pub use manage::{JoinRequestsPage, RewardsAdminPage};
pub use me::{CheckInCode, MyCertificate, MyHours, MySignUps};
pub use not_found::NotFound;
pub use project_admin::ProjectsAdminPage;
pub use projects::{ProjectPage, ProjectsPage};
pub use reports::{CityCharts, MonthlyCharts, ReportsPage};
pub use rewards::{MyHonours, MyPoints, MyStar, RewardsPage, VouchersPage};
pub use scan::ScanPage;
pub use staff::{
    ConsoleGate, ConsoleNav, ConsolePage, LeaderActivitiesPage, RecordsPage, RedeemPage,
};
pub use team::TeamPage;
pub use teams::TeamsPage;
pub use venue::VenuePage;
pub use verify::VerifyPage;
pub use volunteer::{SignInFirst, VolunteerPage};
