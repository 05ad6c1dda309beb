//! The insurer's list (参保名单): the volunteers an insurance courtesy covers, with the full ID
//! numbers the insurer needs; its export is audited. The file is written by
//! `youai_certificate::exports`.

use chrono::Duration;
use youai_db::rewards as db;
use youai_db::{DbConn, volunteers};
use youai_types::{Gender, RewardKind};

use super::vouchers::acts_for_provider;
use crate::auth::AuthUser;
use crate::convert::utc;
use crate::crypto::DataKey;
use crate::error::{ApiError, ApiResult};

/// The list's columns, in order.
pub const COLUMNS: [&str; 8] = [
    "志愿者编号",
    "姓名",
    "性别",
    "出生日期",
    "身份证号",
    "手机号",
    "保障开始",
    "保障结束",
];

/// The rows of the insurer's list of a courtesy (its provider and platform admins; 409
/// `not_insurance` for another kind), recording who took it in which format.
pub fn list(
    conn: &mut DbConn,
    user: &AuthUser,
    key: &DataKey,
    reward_id: i64,
    format: &str,
) -> ApiResult<Vec<Vec<String>>> {
    let r = db::find_reward(conn, reward_id)?.ok_or_else(|| ApiError::not_found("礼遇"))?;
    if !acts_for_provider(user, &r) {
        return Err(ApiError::forbidden());
    }
    if r.kind != RewardKind::Insurance {
        return Err(ApiError::conflict(
            "not_insurance",
            "只有保险类礼遇有参保名单",
        ));
    }
    let vouchers = db::live_vouchers_of_reward(conn, reward_id)?;
    let ids: Vec<i64> = vouchers.iter().map(|v| v.volunteer_id).collect();
    let people: std::collections::HashMap<i64, volunteers::Volunteer> =
        volunteers::find_many(conn, &ids)?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
    let mut rows = Vec::new();
    for v in vouchers {
        let Some(p) = people.get(&v.volunteer_id).cloned() else {
            continue;
        };
        let id_number = p
            .id_number_enc
            .as_deref()
            .map(|c| key.decrypt(c))
            .transpose()
            .map_err(ApiError::internal)?
            .unwrap_or_default();
        // Covered from the courtesy's start, else from the day (in the city) it was taken.
        let from = r
            .valid_from
            .unwrap_or_else(|| (utc(v.created_at) + Duration::hours(8)).date_naive());
        let gender = match Gender::parse(p.gender.as_str()) {
            Some(Gender::Male) => "男",
            _ => "女",
        };
        rows.push(vec![
            p.number,
            p.real_name,
            gender.into(),
            p.birth_date.to_string(),
            id_number,
            p.phone,
            from.to_string(),
            r.valid_until.map(|d| d.to_string()).unwrap_or_default(),
        ]);
    }
    // An export of personal data (full ID numbers): who took it, and how many.
    crate::audit::record(
        conn,
        user,
        "insured.export",
        "reward",
        reward_id,
        None,
        Some(serde_json::json!({"rows": rows.len(), "format": format})),
    )?;
    Ok(rows)
}
