//! Who may do what, where: the one authorization rule every handler asks.
//!
//! A grant is a role plus a scope. An action names the roles that may perform it
//! ([`roles_for`], the declarative table) and a target says where it happens; a grant permits
//! the action when its role is listed and its scope covers the target. A platform admin's scope
//! covers everything; an area admin's covers their area and everything below it.

use youai_types::Role;

/// Something a user may try to do that needs a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Create or edit areas (行政区域).
    ManageAreas,
    /// Create or edit venues (阵地).
    ManageVenues,
    /// Grant or revoke roles to others.
    ManageGrants,
    /// List accounts.
    ViewUsers,
    /// Edit the skill vocabulary.
    ManageSkills,
    /// Create an official team directly (approved at once).
    CreateOfficialTeam,
    /// Approve, reject, suspend or reinstate a team's registration.
    DecideTeamRegistration,
    /// Edit a team, decide join requests, manage members, leaders and recruitment posts.
    ManageTeam,
    /// Search volunteers and see their contact details.
    ViewVolunteers,
    /// Bulk-import volunteers or teams.
    Import,
    /// Review service projects (approve into a batch, reject) and manage release batches.
    ReviewProjects,
    /// Edit the courtesy catalogue and the reward rules; see any voucher.
    ManageRewards,
    /// Award honours to volunteers in scope.
    AwardHonours,
    /// Adjust a volunteer's points (with a reason).
    AdjustPoints,
    /// Read the audit log.
    ViewAudit,
    /// Record a resident's need on their behalf (the channel says how it came), and see the
    /// contacts of needs in scope.
    RecordNeeds,
    /// Triage needs (review, rank, merge), match them and link proposals.
    ReviewNeeds,
    /// Register and edit agencies (机关企事业单位).
    ManageAgencies,
    /// Publish resources and allocate them (下沉); agency operators for their agency.
    ManageResources,
    /// Put projects on the menu (供单) and accept or decline the orders placed from it: agency
    /// operators for their agency, leaders for their team.
    ManageMenu,
    /// Open orders for a station's area (开单) and order from the menu (点单); cancel and
    /// evaluate them.
    OpenOrders,
    /// Take a request order for a team (接单): the team's leaders.
    TakeOrders,
    /// Dispatch open orders to teams (派单) and work the escalation queue.
    DispatchOrders,
}

impl Action {
    pub const ALL: [Action; 23] = [
        Action::ManageAreas,
        Action::ManageVenues,
        Action::ManageGrants,
        Action::ViewUsers,
        Action::ManageSkills,
        Action::CreateOfficialTeam,
        Action::DecideTeamRegistration,
        Action::ManageTeam,
        Action::ViewVolunteers,
        Action::Import,
        Action::ReviewProjects,
        Action::ManageRewards,
        Action::AwardHonours,
        Action::AdjustPoints,
        Action::ViewAudit,
        Action::RecordNeeds,
        Action::ReviewNeeds,
        Action::ManageAgencies,
        Action::ManageResources,
        Action::ManageMenu,
        Action::OpenOrders,
        Action::TakeOrders,
        Action::DispatchOrders,
    ];
}

/// The declarative table: which roles may perform an action at all (scope decides where).
pub fn roles_for(action: Action) -> &'static [Role] {
    match action {
        Action::ManageAreas
        | Action::ManageVenues
        | Action::ManageGrants
        | Action::ViewUsers
        | Action::CreateOfficialTeam
        | Action::DecideTeamRegistration
        | Action::Import
        | Action::ReviewProjects => &[Role::PlatformAdmin, Role::AreaAdmin],
        Action::AwardHonours | Action::AdjustPoints => &[Role::PlatformAdmin, Role::AreaAdmin],
        Action::ManageSkills | Action::ManageRewards | Action::ViewAudit => &[Role::PlatformAdmin],
        Action::ManageTeam | Action::ViewVolunteers => {
            &[Role::PlatformAdmin, Role::AreaAdmin, Role::TeamLeader]
        }
        Action::RecordNeeds => &[Role::PlatformAdmin, Role::AreaAdmin, Role::GridWorker],
        Action::ReviewNeeds | Action::ManageAgencies => &[Role::PlatformAdmin, Role::AreaAdmin],
        Action::ManageResources => &[Role::PlatformAdmin, Role::AreaAdmin, Role::AgencyOperator],
        Action::ManageMenu => &[
            Role::PlatformAdmin,
            Role::AreaAdmin,
            Role::AgencyOperator,
            Role::TeamLeader,
        ],
        Action::OpenOrders | Action::DispatchOrders => &[Role::PlatformAdmin, Role::AreaAdmin],
        Action::TakeOrders => &[Role::PlatformAdmin, Role::AreaAdmin, Role::TeamLeader],
    }
}

/// Where an action happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// Platform-wide (e.g. creating a city, granting platform admin).
    Platform,
    /// Inside an area, given by its materialised path (`/1/4/9/`).
    Area(&'a str),
    /// A team: in its area's subtree, and in the team tree (`/1/5/`) for its leaders.
    Team {
        area_path: &'a str,
        team_path: &'a str,
    },
    Agency(i64),
    Venue(i64),
}

/// A grant as authorization sees it: area and team scopes resolved to their paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub role: Role,
    pub area_path: Option<String>,
    /// A team leader's team; their scope is its subtree.
    pub team_path: Option<String>,
    pub agency_id: Option<i64>,
    pub venue_id: Option<i64>,
}

impl Grant {
    /// Does this grant's scope cover the target?
    pub fn covers(&self, target: &Target<'_>) -> bool {
        if self.role == Role::PlatformAdmin {
            return true;
        }
        match target {
            Target::Platform => false,
            Target::Area(path) => self
                .area_path
                .as_deref()
                .is_some_and(|root| path.starts_with(root)),
            Target::Team {
                area_path,
                team_path,
            } => {
                self.area_path
                    .as_deref()
                    .is_some_and(|root| area_path.starts_with(root))
                    || self
                        .team_path
                        .as_deref()
                        .is_some_and(|root| team_path.starts_with(root))
            }
            Target::Agency(id) => self.agency_id == Some(*id),
            Target::Venue(id) => self.venue_id == Some(*id),
        }
    }
}

/// The authorization rule: does any grant permit `action` on `target`?
pub fn permits(grants: &[Grant], action: Action, target: &Target<'_>) -> bool {
    let roles = roles_for(action);
    grants
        .iter()
        .any(|g| roles.contains(&g.role) && g.covers(target))
}

/// Which scope field a role's grant must carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    None,
    Area,
    Team,
    Agency,
    Venue,
}

pub fn scope_kind(role: Role) -> ScopeKind {
    match role {
        Role::PlatformAdmin | Role::Volunteer | Role::Resident => ScopeKind::None,
        Role::AreaAdmin | Role::GridWorker => ScopeKind::Area,
        Role::TeamLeader => ScopeKind::Team,
        Role::AgencyOperator => ScopeKind::Agency,
        Role::Kiosk => ScopeKind::Venue,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(role: Role, area_path: Option<&str>) -> Grant {
        Grant {
            role,
            area_path: area_path.map(str::to_owned),
            team_path: None,
            agency_id: None,
            venue_id: None,
        }
    }

    #[test]
    fn the_table() {
        let city = "/1/";
        let jingang = "/1/4/";
        let jindu = "/1/4/9/";
        let tangqiao = "/1/3/";
        let admin = [grant(Role::PlatformAdmin, None)];
        let jingang_admin = [grant(Role::AreaAdmin, Some(jingang))];
        let resident = [grant(Role::Resident, None)];
        let cases: &[(&[Grant], Action, Target<'_>, bool)] = &[
            (&admin, Action::ManageVenues, Target::Area(tangqiao), true),
            (&admin, Action::ManageAreas, Target::Platform, true),
            (
                &jingang_admin,
                Action::ManageVenues,
                Target::Area(jingang),
                true,
            ),
            (
                &jingang_admin,
                Action::ManageVenues,
                Target::Area(jindu),
                true,
            ),
            (
                &jingang_admin,
                Action::ManageVenues,
                Target::Area(tangqiao),
                false,
            ),
            (
                &jingang_admin,
                Action::ManageVenues,
                Target::Area(city),
                false,
            ),
            (&jingang_admin, Action::ManageAreas, Target::Platform, false),
            (&resident, Action::ManageVenues, Target::Area(jindu), false),
            (&[], Action::ViewUsers, Target::Platform, false),
        ];
        for (grants, action, target, want) in cases {
            assert_eq!(
                permits(grants, *action, target),
                *want,
                "{action:?} on {target:?} by {grants:?}"
            );
        }
    }

    #[test]
    fn leaders_manage_their_team_subtree_only() {
        let leader = [Grant {
            role: Role::TeamLeader,
            area_path: None,
            team_path: Some("/1/14/".into()),
            agency_id: None,
            venue_id: None,
        }];
        let own = Target::Team {
            area_path: "/1/",
            team_path: "/1/14/",
        };
        let squad = Target::Team {
            area_path: "/1/",
            team_path: "/1/14/20/",
        };
        let parent = Target::Team {
            area_path: "/1/",
            team_path: "/1/",
        };
        let sibling = Target::Team {
            area_path: "/1/",
            team_path: "/1/15/",
        };
        assert!(permits(&leader, Action::ManageTeam, &own));
        assert!(permits(&leader, Action::ManageTeam, &squad));
        assert!(!permits(&leader, Action::ManageTeam, &parent));
        assert!(!permits(&leader, Action::ManageTeam, &sibling));
        assert!(
            !permits(&leader, Action::DecideTeamRegistration, &own),
            "leaders do not approve registrations"
        );
        // An area admin covers teams in their area, whatever the team tree.
        let jingang = [grant(Role::AreaAdmin, Some("/1/4/"))];
        assert!(permits(
            &jingang,
            Action::DecideTeamRegistration,
            &Target::Team {
                area_path: "/1/4/9/",
                team_path: "/1/3/"
            }
        ));
        assert!(!permits(
            &jingang,
            Action::DecideTeamRegistration,
            &Target::Team {
                area_path: "/1/3/",
                team_path: "/1/4/"
            }
        ));
    }

    #[test]
    fn path_prefix_is_by_segment() {
        // /1/4/ must not cover /1/40/: paths end with a slash so a prefix is a whole segment.
        let g = grant(Role::AreaAdmin, Some("/1/4/"));
        assert!(!g.covers(&Target::Area("/1/40/")));
    }

    #[test]
    fn every_action_names_roles() {
        for a in Action::ALL {
            assert!(!roles_for(a).is_empty(), "{a:?}");
        }
    }
}
