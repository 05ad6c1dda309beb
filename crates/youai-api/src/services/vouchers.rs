//! Vouchers (兑换券): seen by their holder and the provider; redeemed once by the provider;
//! cancelled by the holder while issued and unexpired, the points and the item coming back in
//! the same transaction.

use youai_db::rewards::{self as db, NewEntry, Reward, Voucher};
use youai_db::{DbConn, activities as adb, volunteers};
use youai_domain::access::{Action, Target};
use youai_domain::rewards::vouchers::{
    VoucherFacts, VoucherRefusal, decide_cancel, decide_redeem, may_see, status_at,
};
use youai_types::{PointsKind, VoucherStatus};

use crate::auth::{AuthUser, authorize};
use crate::caller::volunteer_profile;
use crate::error::{ApiError, ApiResult};

impl From<VoucherRefusal> for ApiError {
    fn from(r: VoucherRefusal) -> Self {
        match r {
            VoucherRefusal::Foreign => ApiError::new(
                actix_web::http::StatusCode::FORBIDDEN,
                r.code(),
                r.message(),
            ),
            _ => ApiError::conflict(r.code(), r.message()),
        }
    }
}

/// A voucher with its courtesy, for the view.
pub struct VoucherOf {
    pub voucher: Voucher,
    pub reward: Reward,
}

/// May the caller act for the courtesy's provider (redeem, see its vouchers)?
pub fn acts_for_provider(user: &AuthUser, r: &Reward) -> bool {
    r.provider_user_id == Some(user.id)
        || authorize(user, Action::ManageRewards, &Target::Platform).is_ok()
}

/// A voucher by code, or 404 `voucher_not_found`.
fn by_code(conn: &mut DbConn, typed: &str) -> ApiResult<VoucherOf> {
    let not_found = || {
        ApiError::new(
            actix_web::http::StatusCode::NOT_FOUND,
            "voucher_not_found",
            "没有这张兑换券：请核对券码",
        )
    };
    let code = crate::codes::normalize_code(typed).ok_or_else(not_found)?;
    let voucher = db::find_voucher(conn, &code)?.ok_or_else(not_found)?;
    let reward = db::find_reward(conn, voucher.reward_id)?.ok_or_else(not_found)?;
    Ok(VoucherOf { voucher, reward })
}

/// What is known about the voucher and the caller.
fn facts(conn: &mut DbConn, user: &AuthUser, o: &VoucherOf) -> ApiResult<VoucherFacts> {
    let v = &o.voucher;
    Ok(VoucherFacts {
        status: status_at(v.status, v.expires_at, youai_db::now()),
        is_holder: volunteers::find_by_user(conn, user.id)?
            .is_some_and(|me| me.id == v.volunteer_id),
        acts_for_provider: acts_for_provider(user, &o.reward),
        points: i64::from(v.points),
        counts_stock: o.reward.stock.is_some(),
    })
}

/// The voucher again after a move, or why the move found it closed already (another request
/// won the race).
fn reread(conn: &mut DbConn, o: VoucherOf, moved: bool) -> ApiResult<VoucherOf> {
    let now =
        db::find_voucher(conn, &o.voucher.code)?.ok_or_else(|| ApiError::not_found("兑换券"))?;
    if !moved {
        return Err(
            VoucherRefusal::closed(status_at(now.status, now.expires_at, youai_db::now())).into(),
        );
    }
    Ok(VoucherOf {
        voucher: now,
        reward: o.reward,
    })
}

/// A voucher, to its holder, the provider and platform admins (others: 403 `foreign_voucher`).
pub fn find(conn: &mut DbConn, user: &AuthUser, code: &str) -> ApiResult<VoucherOf> {
    let o = by_code(conn, code)?;
    may_see(&facts(conn, user, &o)?)?;
    Ok(o)
}

/// The caller's vouchers, newest first; or, for a courtesy's provider, its vouchers.
pub fn list(
    conn: &mut DbConn,
    user: &AuthUser,
    reward_id: Option<i64>,
) -> ApiResult<Vec<VoucherOf>> {
    let rows = match reward_id {
        Some(rid) => {
            let r = db::find_reward(conn, rid)?.ok_or_else(|| ApiError::not_found("礼遇"))?;
            if !acts_for_provider(user, &r) {
                return Err(ApiError::forbidden());
            }
            db::list_vouchers(conn, None, Some(&[rid]), 500)?
        }
        None => {
            let v = volunteer_profile(conn, user)?;
            db::list_vouchers(conn, Some(v.id), None, 500)?
        }
    };
    let ids: Vec<i64> = rows.iter().map(|v| v.reward_id).collect();
    let rewards = db::find_rewards(conn, &ids)?;
    Ok(rows
        .into_iter()
        .filter_map(|voucher| {
            let reward = rewards.iter().find(|r| r.id == voucher.reward_id)?.clone();
            Some(VoucherOf { voucher, reward })
        })
        .collect())
}

/// The provider redeems a voucher, once (again: 409 `voucher_redeemed`; expired: 409
/// `voucher_expired`; another provider's: 403 `foreign_voucher`).
pub fn redeem(conn: &mut DbConn, user: &AuthUser, code: &str) -> ApiResult<VoucherOf> {
    let o = by_code(conn, code)?;
    decide_redeem(&facts(conn, user, &o)?)?;
    let moved = db::mark_redeemed(conn, o.voucher.id, user.id)?;
    let o = reread(conn, o, moved)?;
    crate::audit::record(
        conn,
        user,
        "voucher.redeem",
        "voucher",
        o.voucher.id,
        Some(serde_json::json!({"status": VoucherStatus::Issued.as_str()})),
        Some(serde_json::json!({"status": VoucherStatus::Redeemed.as_str()})),
    )?;
    Ok(o)
}

/// The holder cancels an issued, unexpired voucher: its points and its item come back.
pub fn cancel(conn: &mut DbConn, user: &AuthUser, code: &str) -> ApiResult<VoucherOf> {
    let o = by_code(conn, code)?;
    let refund = decide_cancel(&facts(conn, user, &o)?)?;
    // The refund and any concurrent redemption of the holder's go one at a time.
    adb::lock_volunteer(conn, o.voucher.volunteer_id)?;
    let moved = db::mark_cancelled(conn, o.voucher.id)?;
    let o = reread(conn, o, moved)?;
    let (v, r) = (&o.voucher, &o.reward);
    crate::audit::record(
        conn,
        user,
        "voucher.cancel",
        "voucher",
        v.id,
        Some(serde_json::json!({"status": VoucherStatus::Issued.as_str()})),
        Some(serde_json::json!({"status": VoucherStatus::Cancelled.as_str(), "refund": v.points})),
    )?;
    if refund.restock {
        db::move_stock(conn, r.id, 1)?;
    }
    if let Some(points) = refund.points {
        db::append(
            conn,
            &NewEntry {
                volunteer_id: v.volunteer_id,
                kind: PointsKind::Refund,
                points: i32::try_from(points).map_err(ApiError::internal)?,
                event: format!("refund:voucher:{}", v.id),
                reason: Some(format!("取消兑换 {}", r.name)),
                record_id: None,
                voucher_id: Some(v.id),
                created_by: Some(user.id),
            },
        )?;
    }
    Ok(o)
}
