//! The reward rules (积分与星级规则) and a volunteer's star level under them.

use std::collections::{BTreeMap, BTreeSet};

use youai_db::DbConn;
use youai_db::rewards::{self as db, NewStarChange, StarChange};
use youai_domain::rewards::{self, checks};
use youai_types::RewardRules;

use super::points::volunteer_in_sight;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};

/// Saves the rules (checked field by field) with the audit row. A new star ladder re-rates
/// every volunteer at once (each change recorded, with no record as its cause); points follow
/// the new rules from the next verified record.
pub fn save(conn: &mut DbConn, user: &AuthUser, rules: &RewardRules) -> ApiResult<()> {
    checks::rules(rules).map_err(ApiError::validation)?;
    let before = crate::ledger::rules(conn)?;
    crate::ledger::save_rules(conn, rules)?;
    if before.star_thresholds_hours != rules.star_thresholds_hours {
        rerate_everyone(conn, &rules.star_thresholds_hours)?;
    }
    crate::audit::record(
        conn,
        user,
        "rewards.rules",
        "reward_rules",
        "platform",
        serde_json::to_value(before).ok(),
        serde_json::to_value(rules).ok(),
    )
}

/// Every volunteer's star level under a new ladder, from two queries (verified hours,
/// corrections applied, and the levels held); a change is recorded where the level moves.
fn rerate_everyone(conn: &mut DbConn, thresholds_hours: &[u32]) -> ApiResult<()> {
    let records = db::verified_quarters_all(conn)?;
    let corrected: BTreeSet<i64> = records.iter().filter_map(|r| r.2).collect();
    let mut quarters: BTreeMap<i64, i64> = BTreeMap::new();
    for (volunteer_id, id, _, q) in &records {
        if !corrected.contains(id) {
            *quarters.entry(*volunteer_id).or_default() += i64::from(*q);
        }
    }
    let held = db::star_levels(conn)?;
    let everyone: BTreeSet<i64> = quarters.keys().chain(held.keys()).copied().collect();
    let at = youai_db::now();
    let changes: Vec<NewStarChange> = everyone
        .into_iter()
        .filter_map(|volunteer_id| {
            let q = quarters.get(&volunteer_id).copied().unwrap_or(0);
            let level = i32::from(rewards::star_level(thresholds_hours, q));
            let before = held.get(&volunteer_id).copied().unwrap_or(0);
            (level != before).then_some(NewStarChange {
                volunteer_id,
                from_level: before,
                to_level: level,
                quarters: q,
                record_id: None,
                at,
            })
        })
        .collect();
    db::insert_star_changes(conn, &changes)?;
    Ok(())
}

/// What a volunteer's star level is read from.
pub struct Star {
    pub volunteer_id: i64,
    pub rules: RewardRules,
    /// Verified quarter hours, corrections applied.
    pub quarters: i64,
    /// Every change, oldest first.
    pub changes: Vec<StarChange>,
}

/// A volunteer's star level, to the volunteer and those who may see them.
pub fn star(conn: &mut DbConn, user: &AuthUser, volunteer_id: i64) -> ApiResult<Star> {
    volunteer_in_sight(conn, user, volunteer_id)?;
    Ok(Star {
        volunteer_id,
        rules: crate::ledger::rules(conn)?,
        quarters: crate::ledger::verified_quarters(conn, volunteer_id)?,
        changes: db::star_changes(conn, volunteer_id)?,
    })
}
