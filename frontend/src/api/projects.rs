//! Service projects: the published list, drafts, reviews and release batches.

use youai_types::{
    AreaLevel, NewProject, NewProjectBatch, NewProjectReview, Page, Project, ProjectBatch,
    ProjectStatus,
};

use super::{ApiClient, ApiError, ProjectFilter, Query, Verb, to_json};

impl ApiClient {
    /// `GET /projects`: one page of published service projects.
    pub async fn projects(
        self,
        filter: &ProjectFilter,
        cursor: Option<&str>,
    ) -> Result<Page<Project>, ApiError> {
        let path = format!(
            "/projects{}",
            Query::new()
                .opt("q", filter.q.as_deref())
                .opt("category", filter.category.as_deref())
                .opt("target_group", filter.target_group.as_deref())
                .opt("level", filter.level.map(AreaLevel::as_str))
                .opt("batch_id", filter.batch_id)
                .opt("limit", Some(20))
                .opt("cursor", cursor)
                .finish()
        );
        self.json(Verb::Get, &path, None).await
    }

    /// `GET /projects/{id}`
    pub async fn project(self, id: i64) -> Result<Project, ApiError> {
        let path = format!("/projects/{id}");
        self.json(Verb::Get, &path, None).await
    }

    /// `GET /projects?status=&within=&owner_team_id=`: up to 100 projects in one status, newest
    /// first (statuses other than published and closed need `within` an area the user reviews).
    pub async fn projects_in(
        self,
        status: ProjectStatus,
        within: Option<i64>,
        owner_team_id: Option<i64>,
    ) -> Result<Page<Project>, ApiError> {
        let path = format!(
            "/projects{}",
            Query::new()
                .opt("status", Some(status.as_str()))
                .opt("within", within)
                .opt("owner_team_id", owner_team_id)
                .opt("sort", Some("-id"))
                .opt("limit", Some(100))
                .finish()
        );
        self.json(Verb::Get, &path, None).await
    }

    /// `POST /projects`: a draft project.
    pub async fn create_project(self, project: &NewProject) -> Result<Project, ApiError> {
        let body = Some(to_json(project)?);
        self.json(Verb::Post, "/projects", body).await
    }

    /// `POST /projects/{id}/reviews`: submit, approve into a batch, reject with a reason, close.
    pub async fn review_project(
        self,
        id: i64,
        review: &NewProjectReview,
    ) -> Result<Project, ApiError> {
        let path = format!("/projects/{id}/reviews");
        let body = Some(to_json(review)?);
        self.json(Verb::Post, &path, body).await
    }

    /// `GET /project-batches`: the release batches.
    pub async fn project_batches(self) -> Result<Vec<ProjectBatch>, ApiError> {
        self.json(Verb::Get, "/project-batches", None).await
    }

    /// `POST /project-batches`: a new release batch (platform admins).
    pub async fn create_project_batch(
        self,
        batch: &NewProjectBatch,
    ) -> Result<ProjectBatch, ApiError> {
        let body = Some(to_json(batch)?);
        self.json(Verb::Post, "/project-batches", body).await
    }
}
