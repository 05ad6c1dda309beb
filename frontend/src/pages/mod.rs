//! One module per route.

mod activities;
mod activity;
mod console;
mod home;
mod kiosk;
mod login;
mod me;
mod not_found;
mod rewards;
mod staff;
mod team;
mod teams;
mod verify;
mod volunteer;

pub use activities::ActivitiesPage;
pub use activity::ActivityPage;
pub use console::RegistrationsPage;
pub use home::HomePage;
pub use kiosk::KioskPage;
pub use login::LoginPage;
pub use me::{CheckInCode, MyCertificate, MyHours, MySignUps};
pub use not_found::NotFound;
pub use rewards::{MyHonours, MyPoints, MyStar, RewardsPage, VouchersPage};
pub use staff::{ConsoleNav, ConsolePage, LeaderActivitiesPage, RecordsPage, RedeemPage};
pub use team::TeamPage;
pub use teams::TeamsPage;
pub use verify::VerifyPage;
pub use volunteer::{SignInFirst, VolunteerPage};
