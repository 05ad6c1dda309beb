//! The public reference data: the city's figures, areas and the skill vocabulary.

use youai_types::{Area, AreaLevel, MonthlyStats, Page, Skill, Stats, Venue};

use super::{ApiClient, ApiError, AreaFilter, Query, Verb};

impl ApiClient {
    /// `GET /stats`: the platform's live figures.
    pub async fn stats(self) -> Result<Stats, ApiError> {
        self.json(Verb::Get, "/stats", None).await
    }

    /// `GET /stats`, its needs and resources lists only (their decoding stays in the reports'
    /// chunk).
    pub async fn lists_stats(self) -> Result<youai_types::StatsLists, ApiError> {
        self.json(Verb::Get, "/stats", None).await
    }

    /// `GET /stats`, its orders only (their decoding stays in the reports' chunk).
    pub async fn orders_stats(self) -> Result<youai_types::StatsOrders, ApiError> {
        self.json(Verb::Get, "/stats", None).await
    }

    /// `GET /stats/monthly`: the city's figures for the last `months` months, oldest first.
    pub async fn monthly_stats(self, months: u32) -> Result<MonthlyStats, ApiError> {
        self.json(Verb::Get, &format!("/stats/monthly?months={months}"), None)
            .await
    }

    /// `GET /areas`: one page of areas.
    pub async fn areas(
        self,
        filter: &AreaFilter,
        cursor: Option<&str>,
    ) -> Result<Page<Area>, ApiError> {
        let path = format!(
            "/areas{}",
            Query::new()
                .opt("level", filter.level.map(AreaLevel::as_str))
                .opt("parent_id", filter.parent_id)
                .opt("sort", Some("name"))
                .opt("limit", Some(100))
                .opt("cursor", cursor)
                .finish()
        );
        self.json(Verb::Get, &path, None).await
    }

    /// Every area that `filter` selects, page after page (for selects: a town's villages, the towns).
    pub async fn all_areas(self, filter: AreaFilter) -> Result<Vec<Area>, ApiError> {
        let mut all = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let page = self.areas(&filter, cursor.as_deref()).await?;
            all.extend(page.items);
            match page.next_cursor {
                Some(next) if Some(&next) != cursor.as_ref() => cursor = Some(next),
                _ => return Ok(all),
            }
        }
    }

    /// `GET /areas/{id}`
    pub async fn area(self, id: i64) -> Result<Area, ApiError> {
        self.json(Verb::Get, &format!("/areas/{id}"), None).await
    }

    /// `GET /venues?within=`: the first hundred venues in an area or below it, by name.
    pub async fn venues_within(self, area_id: i64) -> Result<Vec<Venue>, ApiError> {
        let path = format!("/venues?within={area_id}&sort=name&limit=100");
        let page: Page<Venue> = self.json(Verb::Get, &path, None).await?;
        Ok(page.items)
    }

    /// `GET /skills`: the skill vocabulary.
    pub async fn skills(self) -> Result<Vec<Skill>, ApiError> {
        self.json(Verb::Get, "/skills", None).await
    }
}
