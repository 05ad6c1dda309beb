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
}

impl Action {
    pub const ALL: [Action; 4] = [
        Action::ManageAreas,
        Action::ManageVenues,
        Action::ManageGrants,
        Action::ViewUsers,
    ];
}

/// The declarative table: which roles may perform an action at all (scope decides where).
pub fn roles_for(action: Action) -> &'static [Role] {
    match action {
        Action::ManageAreas | Action::ManageVenues | Action::ManageGrants | Action::ViewUsers => {
            &[Role::PlatformAdmin, Role::AreaAdmin]
        }
    }
}

/// Where an action happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// Platform-wide (e.g. creating a city, granting platform admin).
    Platform,
    /// Inside an area, given by its materialised path (`/1/4/9/`).
    Area(&'a str),
    Team(i64),
    Agency(i64),
    Venue(i64),
}

/// A grant as authorization sees it: area scopes resolved to their paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub role: Role,
    pub area_path: Option<String>,
    pub team_id: Option<i64>,
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
            Target::Team(id) => self.team_id == Some(*id),
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
        Role::AreaAdmin => ScopeKind::Area,
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
            team_id: None,
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
