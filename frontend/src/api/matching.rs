//! Matching a need (需求对接) and its trace.

use youai_types::{NeedLink, NeedTrace, NewNeedLink, Proposal};

use super::{ApiClient, ApiError, Verb, to_json};

impl ApiClient {
    /// `GET /needs/{id}/proposals`: resources and projects for an accepted need, best first.
    pub async fn need_proposals(self, id: i64) -> Result<Vec<Proposal>, ApiError> {
        let path = format!("/needs/{id}/proposals");
        self.json(Verb::Get, &path, None).await
    }

    /// `POST /needs/{id}/links`: link a proposal; the need becomes matched.
    pub async fn link_need(self, id: i64, link: &NewNeedLink) -> Result<NeedLink, ApiError> {
        let path = format!("/needs/{id}/links");
        self.json(Verb::Post, &path, Some(to_json(link)?)).await
    }

    /// `GET /needs/{id}/trace`: the need from intake to the hours served (anonymised unless
    /// the user is staff of its area).
    pub async fn need_trace(self, id: i64) -> Result<NeedTrace, ApiError> {
        let path = format!("/needs/{id}/trace");
        self.json(Verb::Get, &path, None).await
    }
}
