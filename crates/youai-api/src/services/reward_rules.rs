//! The reward rules (积分与星级规则) and a volunteer's star level under them.

use youai_db::DbConn;
use youai_db::rewards::{self as db, StarChange};
use youai_domain::rewards::checks;
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
        for volunteer_id in db::volunteers_to_rate(conn)? {
            crate::ledger::update_star(conn, volunteer_id, rules, None)?;
        }
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
