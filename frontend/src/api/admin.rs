//! What admins manage: areas, venues, role grants, and the audit log.

use serde::Deserialize;
use youai_types::{
    Area, AreaNode, AreaPatch, AuditEntry, NewArea, NewRoleGrant, NewVenue, Page, RoleGrant, User,
    Venue, VenuePatch,
};

use super::{ApiClient, ApiError, Query, Verb, to_json};

/// An account with its role grants (`GET /users/{id}`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct UserDetail {
    pub user: User,
    pub grants: Vec<RoleGrant>,
}

/// Which audit entries to list; blank criteria are left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditFilter {
    pub actor_id: Option<i64>,
    pub action: Option<String>,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    /// RFC 3339.
    pub from: Option<String>,
    /// RFC 3339.
    pub to: Option<String>,
}

impl ApiClient {
    /// `GET /areas/{id}/tree`: an area and everything below it.
    pub async fn area_tree(self, id: i64) -> Result<AreaNode, ApiError> {
        let path = format!("/areas/{id}/tree");
        self.json(Verb::Get, &path, None).await
    }

    /// `POST /areas`
    pub async fn create_area(self, area: &NewArea) -> Result<Area, ApiError> {
        let body = Some(to_json(area)?);
        self.json(Verb::Post, "/areas", body).await
    }

    /// `PATCH /areas/{id}`
    pub async fn update_area(self, id: i64, patch: &AreaPatch) -> Result<Area, ApiError> {
        let path = format!("/areas/{id}");
        let body = Some(to_json(patch)?);
        self.json(Verb::Patch, &path, body).await
    }

    /// `GET /venues?within=`: one page of the venues in an area's subtree, by name.
    pub async fn venues_page(
        self,
        within: i64,
        cursor: Option<&str>,
    ) -> Result<Page<Venue>, ApiError> {
        let path = format!(
            "/venues{}",
            Query::new()
                .opt("within", Some(within))
                .opt("sort", Some("name"))
                .opt("limit", Some(50))
                .opt("cursor", cursor)
                .finish()
        );
        self.json(Verb::Get, &path, None).await
    }

    /// `POST /venues`
    pub async fn create_venue(self, venue: &NewVenue) -> Result<Venue, ApiError> {
        let body = Some(to_json(venue)?);
        self.json(Verb::Post, "/venues", body).await
    }

    /// `PATCH /venues/{id}`
    pub async fn update_venue(self, id: i64, patch: &VenuePatch) -> Result<Venue, ApiError> {
        let path = format!("/venues/{id}");
        let body = Some(to_json(patch)?);
        self.json(Verb::Patch, &path, body).await
    }

    /// `GET /users?q=`: the first accounts whose name or phone holds `q` (platform admins).
    pub async fn users(self, q: &str) -> Result<Page<User>, ApiError> {
        let path = format!(
            "/users{}",
            Query::new()
                .opt("q", Some(q.trim()))
                .opt("limit", Some(20))
                .finish()
        );
        self.json(Verb::Get, &path, None).await
    }

    /// `GET /users/{id}`: an account and its grants.
    pub async fn user_detail(self, id: i64) -> Result<UserDetail, ApiError> {
        let path = format!("/users/{id}");
        self.json(Verb::Get, &path, None).await
    }

    /// `POST /role-grants`
    pub async fn grant_role(self, grant: &NewRoleGrant) -> Result<RoleGrant, ApiError> {
        let body = Some(to_json(grant)?);
        self.json(Verb::Post, "/role-grants", body).await
    }

    /// `DELETE /role-grants/{id}`
    pub async fn revoke_grant(self, id: i64) -> Result<(), ApiError> {
        let path = format!("/role-grants/{id}");
        self.no_content(Verb::Delete, &path, None).await
    }

    /// `GET /audit`: one page of the audit log, newest first (platform admins).
    pub async fn audit(
        self,
        filter: &AuditFilter,
        cursor: Option<&str>,
    ) -> Result<Page<AuditEntry>, ApiError> {
        let path = format!(
            "/audit{}",
            Query::new()
                .opt("actor_id", filter.actor_id)
                .opt("action", filter.action.as_deref())
                .opt("target_type", filter.target_type.as_deref())
                .opt("target_id", filter.target_id.as_deref())
                .opt("from", filter.from.as_deref())
                .opt("to", filter.to.as_deref())
                .opt("limit", Some(20))
                .opt("cursor", cursor)
                .finish()
        );
        self.json(Verb::Get, &path, None).await
    }
}
