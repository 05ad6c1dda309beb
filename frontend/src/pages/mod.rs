//! One module per route.

mod account;
mod activities;
mod activity;
mod agencies;
mod agencies_admin;
mod areas_admin;
mod audit;
mod batches;
mod console;
mod forgot_password;
mod grants;
mod home;
mod hours_admin;
mod imports;
mod kiosk;
mod login;
mod manage;
mod need_detail;
mod need_follow;
mod need_match;
mod need_new;
mod need_trace;
mod needs_board;
mod not_found;
mod notifications;
mod orders;
mod project_admin;
mod projects;
mod recruit_admin;
mod recruitments;
mod register;
mod reports;
mod resources;
mod resources_admin;
mod reward_edit;
mod reward_rules;
mod rewards;
mod scan;
mod staff;
mod team;
mod team_register;
mod teams;
mod venue;
mod venues_admin;
mod verify;
mod volunteer;
mod volunteer_desk;

pub use account::AccountPage;
pub use activities::ActivitiesPage;
pub use activity::ActivityPage;
pub use agencies::{AgenciesPage, AgencyPage};
pub use agencies_admin::AgenciesAdminPage;
pub use areas_admin::AreasAdminPage;
pub use audit::AuditPage;
pub use batches::BatchesPage;
pub use console::RegistrationsPage;
pub use forgot_password::ForgotPasswordPage;
pub use grants::GrantsPage;
pub use home::HomePage;
pub use hours_admin::HoursAdminPage;
pub use imports::ImportsPage;
pub use kiosk::KioskPage;
pub use login::LoginPage;
pub use manage::{JoinRequestsPage, RewardsAdminPage};
pub use need_detail::NeedDetailPage;
pub use need_follow::NeedFollowPage;
pub use need_match::NeedMatchPage;
pub use need_new::NeedNewPage;
pub use need_trace::NeedTracePage;
pub use needs_board::NeedsBoardPage;
pub use not_found::NotFound;
pub use notifications::NotificationsPage;
pub use orders::OrdersPage;
pub use project_admin::ProjectsAdminPage;
pub use projects::{ProjectPage, ProjectsPage};
pub use recruit_admin::RecruitAdminPage;
pub use recruitments::RecruitmentsPage;
pub use register::RegisterPage;
pub use reports::ReportsPage;
pub use resources::ResourcesPage;
pub use resources_admin::ResourcesAdminPage;
pub use reward_edit::RewardEditPage;
pub use reward_rules::RewardRulesPage;
pub use rewards::{RewardsPage, VouchersPage};
pub use scan::ScanPage;
pub use staff::{ConsolePage, LeaderActivitiesPage, RecordsPage, RedeemPage};
pub use team::TeamPage;
pub use team_register::RegisterTeamPage;
pub use teams::TeamsPage;
pub use venue::VenuePage;
pub use venues_admin::VenuesAdminPage;
pub use verify::VerifyPage;
pub use volunteer::VolunteerPage;
pub use volunteer_desk::VolunteerDeskPage;

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// A page is code-split on its own: what two pages share lives in `components/`. So no
    /// page reaches another through `crate::pages`, or through `super::` at its top level
    /// (there `super` is `pages`; inside the page's own `mod tests` it is the page).
    #[test]
    fn no_page_imports_another_page() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/pages");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("src/pages is readable")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "rs") && !p.ends_with("mod.rs"))
            .collect();
        files.sort();
        assert!(files.len() >= 15, "found only {} pages", files.len());
        let mut found = Vec::new();
        for file in &files {
            let text = std::fs::read_to_string(file).expect("a page is readable");
            let mut in_inner_module = false;
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or_default().trim();
                if code.starts_with("mod ") && code.ends_with('{') {
                    in_inner_module = true;
                }
                let up = if in_inner_module {
                    "super::super"
                } else {
                    "super::"
                };
                if code.contains("crate::pages") || code.contains(up) {
                    let name = file.file_name().unwrap_or_default().to_string_lossy();
                    found.push(format!("src/pages/{name}:{}: {code}", n + 1));
                }
            }
        }
        assert!(
            found.is_empty(),
            "pages import other pages:\n{}",
            found.join("\n")
        );
    }
}
