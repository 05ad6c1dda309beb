//! What a verified hour sets moving: points credited to the ledger and the star level, both
//! inside the transaction that verified (or corrected) the record. The yearly expiry is
//! `services::points::expire`.

use youai_db::records::Record;
use youai_db::rewards::{self as rdb, NewEntry};
use youai_db::{DbConn, activities as adb, settings};
use youai_domain::rewards as rules_of;
use youai_types::{PointsKind, RecordSource, RewardRules};

use crate::error::{ApiError, ApiResult};
use crate::services::service_records::ServiceTotals;

const RULES_KEY: &str = "rewards.rules";

/// The platform's reward rules (the defaults until an admin sets them).
pub fn rules(conn: &mut DbConn) -> ApiResult<RewardRules> {
    Ok(settings::get(conn, RULES_KEY)?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default())
}

pub fn save_rules(conn: &mut DbConn, rules: &RewardRules) -> ApiResult<()> {
    let json = serde_json::to_string(rules).map_err(ApiError::internal)?;
    settings::put(conn, RULES_KEY, &json)?;
    Ok(())
}

/// Credits a newly verified record (and takes back what a record it corrects had earned),
/// then moves the star level. Runs inside the caller's transaction.
pub fn after_verified(
    conn: &mut DbConn,
    record: &Record,
    corrects: Option<&Record>,
    by: Option<i64>,
) -> ApiResult<()> {
    let rules = rules(conn)?;
    let vid = record.volunteer_id;
    adb::lock_volunteer(conn, vid)?;
    if let Some(old) = corrects {
        // Take back what the corrected record earned, as far as the balance allows.
        let held = rdb::points_for_record(conn, old.id)?;
        let take = held.min(rdb::balance(conn, vid)?);
        if take > 0 {
            rdb::append(
                conn,
                &NewEntry {
                    volunteer_id: vid,
                    kind: PointsKind::Adjust,
                    points: -points_i32(take)?,
                    event: format!("reverse:record:{}", old.id),
                    reason: Some("服务记录更正，收回原记录积分".into()),
                    record_id: Some(old.id),
                    voucher_id: None,
                    created_by: by,
                },
            )?;
        }
    }
    let earned_there = match record.activity_id {
        Some(a) => rdb::points_for_activity(conn, vid, a)?,
        None => 0,
    };
    let points = rules_of::points_for_record(
        &rules,
        record.quarters,
        record.source == RecordSource::LeaderEntry,
        earned_there,
    );
    if points > 0 {
        rdb::append(
            conn,
            &NewEntry {
                volunteer_id: vid,
                kind: PointsKind::Earn,
                points: points_i32(points)?,
                event: format!("earn:record:{}", record.id),
                reason: None,
                record_id: Some(record.id),
                voucher_id: None,
                created_by: by,
            },
        )?;
    }
    update_star(conn, vid, &rules, Some(record.id))
}

/// Records a change of star level when the verified hours now give another one.
pub fn update_star(
    conn: &mut DbConn,
    volunteer_id: i64,
    rules: &RewardRules,
    record_id: Option<i64>,
) -> ApiResult<()> {
    let quarters = verified_quarters(conn, volunteer_id)?;
    let level = i32::from(rules_of::star_level(&rules.star_thresholds_hours, quarters));
    let before = rdb::star_level(conn, volunteer_id)?;
    if level != before {
        rdb::insert_star_change(
            conn,
            volunteer_id,
            before,
            level,
            quarters,
            record_id,
            youai_db::now(),
        )?;
        crate::outbox::hooks::star_reached(conn, volunteer_id, before, level, None)?;
    }
    Ok(())
}

/// The volunteer's verified quarter hours, corrections applied: what star levels count.
pub fn verified_quarters(conn: &mut DbConn, volunteer_id: i64) -> ApiResult<i64> {
    Ok(ServiceTotals::of(conn, volunteer_id)?.quarters)
}

fn points_i32(p: i64) -> ApiResult<i32> {
    i32::try_from(p).map_err(|_| ApiError::internal(format!("points out of range: {p}")))
}
