//! 礼遇: the courtesy catalogue, its management, redemption and vouchers.

use youai_types::{NewReward, Reward, RewardPatch, Voucher};

use super::{ApiClient, ApiError, Verb, encode_segment, to_json};

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
}
