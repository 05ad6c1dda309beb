//! One module per route.

mod console;
mod home;
mod login;
mod not_found;
mod team;
mod teams;
mod volunteer;

pub use console::RegistrationsPage;
pub use home::HomePage;
pub use login::LoginPage;
pub use not_found::NotFound;
pub use team::TeamPage;
pub use teams::TeamsPage;
pub use volunteer::{SignInFirst, VolunteerPage};
