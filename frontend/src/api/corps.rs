//! The corps beyond the directory: registering a team, recruitment calls, and the CSV imports.

use youai_types::{ImportReport, NewRecruitment, NewTeam, Page, Recruitment, Team};

use super::{ApiClient, ApiError, Query, Verb, to_json};

/// What a CSV file holds: volunteers or teams (`/imports/volunteers`, `/imports/teams`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Volunteers,
    Teams,
}

impl ApiClient {
    /// `POST /teams`: register a team (a civil-society team starts pending).
    pub async fn create_team(self, team: &NewTeam) -> Result<Team, ApiError> {
        let body = Some(to_json(team)?);
        self.json(Verb::Post, "/teams", body).await
    }

    /// `GET /recruitments`: one page of calls, newest first; of one team, or only open ones.
    pub async fn recruitments(
        self,
        team_id: Option<i64>,
        open: bool,
        cursor: Option<&str>,
    ) -> Result<Page<Recruitment>, ApiError> {
        let path = format!(
            "/recruitments{}",
            Query::new()
                .opt("team_id", team_id)
                .opt("open", open.then_some("true"))
                .opt("limit", Some(20))
                .opt("cursor", cursor)
                .finish()
        );
        self.json(Verb::Get, &path, None).await
    }

    /// `POST /recruitments`: a leader posts a call.
    pub async fn create_recruitment(self, call: &NewRecruitment) -> Result<Recruitment, ApiError> {
        let body = Some(to_json(call)?);
        self.json(Verb::Post, "/recruitments", body).await
    }

    /// `POST /recruitments/{id}/close`: a leader closes a call early.
    pub async fn close_recruitment(self, id: i64) -> Result<Recruitment, ApiError> {
        let path = format!("/recruitments/{id}/close");
        self.json(Verb::Post, &path, None).await
    }

    /// `POST /imports/volunteers` or `/imports/teams` with the CSV text: every row is written
    /// or none (a 422 `import_rejected` lists each bad cell in `row_errors`).
    pub async fn import_csv(self, kind: ImportKind, csv: String) -> Result<ImportReport, ApiError> {
        let path = match kind {
            ImportKind::Volunteers => "/imports/volunteers",
            ImportKind::Teams => "/imports/teams",
        };
        self.json(Verb::Upload, path, Some(csv)).await
    }
}
