//! The needs list (群众需求清单): submitting and following needs, and their triage.

use youai_types::{
    Need, NeedCategory, NeedFollow, NeedIntake, NeedMerge, NeedReview, NeedStatus, NewNeed, Page,
    SimilarNeed,
};

use super::{ApiClient, ApiError, Query, Verb, encode_segment, to_json};

impl ApiClient {
    /// `GET /need-categories`
    pub async fn need_categories(self) -> Result<Vec<NeedCategory>, ApiError> {
        self.json(Verb::Get, "/need-categories", None).await
    }

    /// `GET /needs/similar`: open needs of the village like the text being written.
    pub async fn similar_needs(
        self,
        area_id: i64,
        title: &str,
        description: &str,
    ) -> Result<Vec<SimilarNeed>, ApiError> {
        let path = format!(
            "/needs/similar{}",
            Query::new()
                .opt("area_id", Some(area_id))
                .opt("title", Some(title))
                .opt(
                    "description",
                    (!description.is_empty()).then_some(description)
                )
                .finish()
        );
        self.json(Verb::Get, &path, None).await
    }

    /// `POST /needs`
    pub async fn create_need(self, need: &NewNeed) -> Result<NeedIntake, ApiError> {
        let body = Some(to_json(need)?);
        self.json(Verb::Post, "/needs", body).await
    }

    /// `GET /needs/by-code/{code}`
    pub async fn need_by_code(self, code: &str) -> Result<NeedFollow, ApiError> {
        let path = format!("/needs/by-code/{}", encode_segment(code));
        self.json(Verb::Get, &path, None).await
    }

    /// `GET /needs/{id}`
    pub async fn need(self, id: i64) -> Result<Need, ApiError> {
        let path = format!("/needs/{id}");
        self.json(Verb::Get, &path, None).await
    }

    /// `GET /needs?…`: up to 100 needs, newest first — the caller's own, or those in one
    /// status inside an area.
    pub async fn needs(
        self,
        mine: bool,
        status: Option<NeedStatus>,
        within: Option<i64>,
    ) -> Result<Page<Need>, ApiError> {
        let path = format!(
            "/needs{}",
            Query::new()
                .opt("mine", mine.then_some(true))
                .opt("status", status.map(NeedStatus::as_str))
                .opt("within", within)
                .opt("sort", Some("-id"))
                .opt("limit", Some(100))
                .finish()
        );
        self.json(Verb::Get, &path, None).await
    }

    /// `POST /needs/{id}/review`
    pub async fn review_need(self, id: i64, review: &NeedReview) -> Result<Need, ApiError> {
        let path = format!("/needs/{id}/review");
        let body = Some(to_json(review)?);
        self.json(Verb::Post, &path, body).await
    }

    /// `POST /needs/{id}/merge`
    pub async fn merge_need(self, id: i64, into: i64) -> Result<Need, ApiError> {
        let path = format!("/needs/{id}/merge");
        let body = Some(to_json(&NeedMerge { into })?);
        self.json(Verb::Post, &path, body).await
    }

    /// `POST /needs/{id}/withdraw`
    pub async fn withdraw_need(self, id: i64) -> Result<Need, ApiError> {
        let path = format!("/needs/{id}/withdraw");
        self.json(Verb::Post, &path, None).await
    }
}
