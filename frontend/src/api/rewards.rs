//! 礼遇: the courtesy catalogue, its management, redemption and vouchers.

use youai_types::{
    Honour, NewHonour, NewPointsAdjustment, NewReward, PointsAccount, PointsEntry, Reward,
    RewardPatch, RewardRules, Voucher,
};

use super::{ApiClient, ApiError, Verb, encode_segment, error_from, network, object_url, to_json};

impl ApiClient {
    /// `GET /rewards`: the courtesy catalogue.
    pub async fn rewards(self) -> Result<Vec<Reward>, ApiError> {
        self.json(Verb::Get, "/rewards", None).await
    }

    /// `GET /rewards?include_inactive=true`: the whole catalogue, for its managers.
    pub async fn all_rewards(self) -> Result<Vec<Reward>, ApiError> {
        let path = "/rewards?include_inactive=true";
        self.json(Verb::Get, path, None).await
    }

    /// `POST /rewards`: a new courtesy (platform admin).
    pub async fn create_reward(self, reward: &NewReward) -> Result<Reward, ApiError> {
        let body = Some(to_json(reward)?);
        self.json(Verb::Post, "/rewards", body).await
    }

    /// `PATCH /rewards/{id}`: changes, a restock (`stock_delta`), on or off sale (`active`).
    pub async fn update_reward(self, id: i64, patch: &RewardPatch) -> Result<Reward, ApiError> {
        let path = format!("/rewards/{id}");
        let body = Some(to_json(patch)?);
        self.json(Verb::Patch, &path, body).await
    }

    /// `POST /rewards/{id}/redemptions`: spends my points on a courtesy; answers with the voucher.
    pub async fn redeem_reward(self, id: i64) -> Result<Voucher, ApiError> {
        let path = format!("/rewards/{id}/redemptions");
        self.json(Verb::Post, &path, None).await
    }

    /// `POST /vouchers/{code}/redeem` (the provider) or `/cancel` (the holder).
    pub async fn voucher_step(self, code: &str, redeem: bool) -> Result<Voucher, ApiError> {
        let code = encode_segment(code.trim());
        let path = if redeem {
            format!("/vouchers/{code}/redeem")
        } else {
            format!("/vouchers/{code}/cancel")
        };
        self.json(Verb::Post, &path, None).await
    }

    /// `GET /rewards/{id}`: one courtesy (public).
    pub async fn reward(self, id: i64) -> Result<Reward, ApiError> {
        let path = format!("/rewards/{id}");
        self.json(Verb::Get, &path, None).await
    }

    /// `GET /reward-rules`: the star ladder, points per hour, caps (public).
    pub async fn reward_rules(self) -> Result<RewardRules, ApiError> {
        self.json(Verb::Get, "/reward-rules", None).await
    }

    /// `PUT /reward-rules`: new rules (platform admin).
    pub async fn put_reward_rules(self, rules: &RewardRules) -> Result<RewardRules, ApiError> {
        let body = Some(to_json(rules)?);
        self.json(Verb::Put, "/reward-rules", body).await
    }

    /// `GET /volunteers/{id}/points`: a volunteer's points, for staff in scope.
    pub async fn volunteer_points(self, volunteer_id: i64) -> Result<PointsAccount, ApiError> {
        let path = format!("/volunteers/{volunteer_id}/points");
        self.json(Verb::Get, &path, None).await
    }

    /// `POST /volunteers/{id}/points/adjustments`: points added or taken with a reason.
    pub async fn adjust_points(
        self,
        volunteer_id: i64,
        adjustment: &NewPointsAdjustment,
    ) -> Result<PointsEntry, ApiError> {
        let path = format!("/volunteers/{volunteer_id}/points/adjustments");
        let body = Some(to_json(adjustment)?);
        self.json(Verb::Post, &path, body).await
    }

    /// `POST /volunteers/{id}/honours`: an honour awarded with its citation.
    pub async fn award_honour(
        self,
        volunteer_id: i64,
        honour: &NewHonour,
    ) -> Result<Honour, ApiError> {
        let path = format!("/volunteers/{volunteer_id}/honours");
        let body = Some(to_json(honour)?);
        self.json(Verb::Post, &path, body).await
    }

    /// `GET /rewards/{id}/insured` (`?format=xlsx` for the workbook), as a `blob:` URL to
    /// download: the list needs the bearer token, so a plain link cannot carry it. Revoke the
    /// URL with [`super::revoke_object_url`] when done.
    pub async fn insured_url(self, id: i64, xlsx: bool) -> Result<String, ApiError> {
        let path = format!(
            "/rewards/{id}/insured{}",
            if xlsx { "?format=xlsx" } else { "" }
        );
        let res = self.authorized(Verb::Get, &path, None).await?;
        let status = res.status();
        if !(200..300).contains(&status) {
            let text = res.text().await.map_err(network)?;
            return Err(error_from(status, &text));
        }
        let kind = res
            .headers()
            .get("content-type")
            .unwrap_or_else(|| "text/csv;charset=utf-8".to_owned());
        let bytes = res.binary().await.map_err(network)?;
        object_url(&bytes, &kind).ok_or_else(|| ApiError::Unexpected {
            status,
            message: "cannot make a blob URL".to_owned(),
        })
    }
}
