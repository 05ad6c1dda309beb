//! Agencies (机关企事业单位) and the resources list (社会资源清单) with its allocations (下沉).

use youai_types::{
    Agency, AgencyKind, AgencyPatch, Allocation, AreaLevel, NewAgency, NewAllocation, NewResource,
    Page, Project, Resource, ResourceKind, ResourcePatch,
};

use super::{ApiClient, ApiError, Query, Verb, to_json};

/// Which resources to list; `None` leaves a criterion out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResourceFilter {
    /// Text in the title or description.
    pub q: Option<String>,
    pub kind: Option<ResourceKind>,
    pub topic: Option<String>,
    pub level: Option<AreaLevel>,
    /// Resources in this area's subtree.
    pub within: Option<i64>,
    pub provider_agency_id: Option<i64>,
}

impl ApiClient {
    /// `GET /agencies`: one page of agencies, optionally within an area.
    pub async fn agencies(
        self,
        q: Option<&str>,
        kind: Option<AgencyKind>,
        within: Option<i64>,
        cursor: Option<&str>,
    ) -> Result<Page<Agency>, ApiError> {
        let path = format!(
            "/agencies{}",
            Query::new()
                .opt("q", q)
                .opt("kind", kind.map(AgencyKind::as_str))
                .opt("within", within)
                .opt("limit", Some(100))
                .opt("cursor", cursor)
                .finish()
        );
        self.json(Verb::Get, &path, None).await
    }

    /// `GET /agencies/{id}`
    pub async fn agency(self, id: i64) -> Result<Agency, ApiError> {
        let path = format!("/agencies/{id}");
        self.json(Verb::Get, &path, None).await
    }

    /// `POST /agencies`
    pub async fn create_agency(self, agency: &NewAgency) -> Result<Agency, ApiError> {
        let body = Some(to_json(agency)?);
        self.json(Verb::Post, "/agencies", body).await
    }

    /// `PATCH /agencies/{id}`
    pub async fn update_agency(self, id: i64, patch: &AgencyPatch) -> Result<Agency, ApiError> {
        let path = format!("/agencies/{id}");
        let body = Some(to_json(patch)?);
        self.json(Verb::Patch, &path, body).await
    }

    /// `GET /projects?owner_agency_id=`: the latest published projects in an agency's name.
    pub async fn agency_projects(self, agency_id: i64) -> Result<Page<Project>, ApiError> {
        let path = format!(
            "/projects{}",
            Query::new()
                .opt("owner_agency_id", Some(agency_id))
                .opt("sort", Some("-id"))
                .opt("limit", Some(50))
                .finish()
        );
        self.json(Verb::Get, &path, None).await
    }

    /// `GET /resources`: one page of active resources, each with what remains this period.
    pub async fn resources(
        self,
        filter: &ResourceFilter,
        cursor: Option<&str>,
    ) -> Result<Page<Resource>, ApiError> {
        let path = format!(
            "/resources{}",
            Query::new()
                .opt("q", filter.q.as_deref())
                .opt("kind", filter.kind.map(ResourceKind::as_str))
                .opt("topic", filter.topic.as_deref())
                .opt("level", filter.level.map(AreaLevel::as_str))
                .opt("within", filter.within)
                .opt("provider_agency_id", filter.provider_agency_id)
                .opt("limit", Some(20))
                .opt("cursor", cursor)
                .finish()
        );
        self.json(Verb::Get, &path, None).await
    }

    /// `POST /resources`
    pub async fn create_resource(self, resource: &NewResource) -> Result<Resource, ApiError> {
        let body = Some(to_json(resource)?);
        self.json(Verb::Post, "/resources", body).await
    }

    /// `PATCH /resources/{id}`: change it, or withdraw it with `status`.
    pub async fn update_resource(
        self,
        id: i64,
        patch: &ResourcePatch,
    ) -> Result<Resource, ApiError> {
        let path = format!("/resources/{id}");
        let body = Some(to_json(patch)?);
        self.json(Verb::Patch, &path, body).await
    }

    /// `GET /resources/{id}/allocations`: the latest allocations of a resource.
    pub async fn allocations(self, id: i64) -> Result<Page<Allocation>, ApiError> {
        let path = format!("/resources/{id}/allocations");
        self.json(Verb::Get, &path, None).await
    }

    /// `POST /resources/{id}/allocations`: allocate (下沉) to a town or village.
    pub async fn allocate(
        self,
        id: i64,
        allocation: &NewAllocation,
    ) -> Result<Allocation, ApiError> {
        let path = format!("/resources/{id}/allocations");
        let body = Some(to_json(allocation)?);
        self.json(Verb::Post, &path, body).await
    }
}
