//! Redeeming a courtesy (兑换礼遇): eligibility, the per-person limit, the balance and the
//! stock decide; the points are debited and a voucher issued in the same transaction, with the
//! volunteer's row locked, so the balance and the limit stay true under concurrency.

use chrono::Duration;
use youai_db::rewards::{self as db, NewEntry, NewVoucher, Reward, Voucher};
use youai_db::{DbConn, activities as adb, volunteers};
use youai_domain::idcard::age_on;
use youai_domain::rewards::redemption::{RedemptionFacts, RedemptionRefusal, decide_redemption};
use youai_domain::rewards::{self as rules_of, Candidate, Eligibility, Served};
use youai_types::{PointsKind, RewardRules, VoucherStatus};

use crate::auth::AuthUser;
use crate::caller::volunteer_profile;
use crate::clock::city_today;
use crate::error::{ApiError, ApiResult};

impl From<RedemptionRefusal> for ApiError {
    fn from(r: RedemptionRefusal) -> Self {
        if r.is_about_the_volunteer() {
            ApiError::field("eligibility", r.code(), &r.message())
        } else {
            ApiError::conflict(r.code(), r.message())
        }
    }
}

/// A voucher just issued, with its courtesy for the view.
pub struct Issued {
    pub voucher: Voucher,
    pub reward: Reward,
}

/// The caller redeems a courtesy: 422 naming the eligibility rule they fail; 409
/// `not_available`, `limit_reached`, `insufficient_points` or `out_of_stock`; else the stock
/// and the points are taken and a voucher issued.
pub fn redeem(conn: &mut DbConn, user: &AuthUser, reward_id: i64) -> ApiResult<Issued> {
    let v = volunteer_profile(conn, user)?;
    let r = db::find_reward(conn, reward_id)?.ok_or_else(|| ApiError::not_found("礼遇"))?;
    // One redemption at a time per volunteer: the balance and the limit stay true.
    adb::lock_volunteer(conn, v.id)?;
    let rules = crate::ledger::rules(conn)?;
    let today = city_today();
    let candidate = candidate(conn, &v, &rules)?;
    let balance = db::balance(conn, v.id)?;
    let facts = RedemptionFacts {
        today,
        active: r.active,
        valid_from: r.valid_from,
        valid_until: r.valid_until,
        eligibility: &eligibility(&r),
        candidate: &candidate,
        per_person_limit: r.per_person_limit,
        held: db::live_vouchers_of(conn, v.id, r.id)?,
        balance,
        cost_points: i64::from(r.cost_points),
        counts_stock: r.stock.is_some(),
        voucher_days: r.voucher_days,
    };
    let redemption = decide_redemption(&facts)?;
    if redemption.take_stock && !db::move_stock(conn, r.id, -1)? {
        return Err(RedemptionRefusal::OutOfStock.into());
    }
    // Valid until the city's midnight (UTC+8) that begins `expires_on`.
    let expires_at = redemption
        .expires_on
        .and_hms_opt(0, 0, 0)
        .map(|t| t - Duration::hours(8))
        .ok_or_else(|| ApiError::internal("voucher expiry out of range"))?;
    let voucher = db::insert_voucher(
        conn,
        &NewVoucher {
            code: crate::codes::new_code(),
            reward_id: r.id,
            volunteer_id: v.id,
            points: r.cost_points,
            status: VoucherStatus::Issued,
            expires_at,
        },
    )?;
    if let Some(debit) = redemption.debit {
        db::append(
            conn,
            &NewEntry {
                volunteer_id: v.id,
                kind: PointsKind::Redeem,
                points: -i32::try_from(debit).map_err(ApiError::internal)?,
                event: format!("redeem:voucher:{}", voucher.id),
                reason: Some(format!("兑换 {}", r.name)),
                record_id: None,
                voucher_id: Some(voucher.id),
                created_by: Some(user.id),
            },
        )?;
    }
    crate::outbox::hooks::voucher_issued(conn, &voucher, &r.name, Some(user.id))?;
    crate::audit::record(
        conn,
        user,
        "voucher.issue",
        "voucher",
        voucher.id,
        Some(serde_json::json!({"balance": balance, "stock": r.stock})),
        Some(serde_json::json!({"reward_id": r.id, "points": r.cost_points, "volunteer_id": v.id})),
    )?;
    Ok(Issued { voucher, reward: r })
}

/// The volunteer as the eligibility rules see them.
fn candidate(
    conn: &mut DbConn,
    v: &volunteers::Volunteer,
    rules: &RewardRules,
) -> ApiResult<Candidate> {
    let served: Vec<Served> = db::verified_service(conn, v.id)?
        .into_iter()
        .map(|s| Served {
            id: s.id,
            quarters: s.quarters,
            served_on: s.served_on,
            corrects_id: s.corrects_id,
        })
        .collect();
    let today = city_today();
    Ok(Candidate {
        star: rules_of::star_level(
            &rules.star_thresholds_hours,
            crate::ledger::verified_quarters(conn, v.id)?,
        ),
        recent_quarters: rules_of::recent_quarters(&served, today - Duration::days(365)),
        age: age_on(v.birth_date, today),
        team_kinds: db::active_team_kinds(conn, v.id)?,
    })
}

fn eligibility(r: &Reward) -> Eligibility {
    Eligibility {
        min_star: r.min_star.and_then(|s| u8::try_from(s).ok()),
        min_recent_hours: r.min_recent_hours.and_then(|h| u32::try_from(h).ok()),
        team_kind: r.team_kind,
        min_age: r.min_age.and_then(|a| u32::try_from(a).ok()),
    }
}
