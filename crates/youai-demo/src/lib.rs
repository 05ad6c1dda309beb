//! The demo city: Zhangjiagang (张家港) at the briefing's scale — its areas and venues with the
//! demo logins ([`city`]), the volunteer corps ([`corps`]), seven years of finished activities
//! ([`activities`]) and the courtesies they earned ([`rewards`]). Every write goes through
//! `youai-db`; every step is deterministic and does nothing when its data is already there.

pub mod activities;
pub mod city;
pub mod corps;
pub mod logins;
pub mod rewards;
pub mod rng;

use youai_api::crypto::DataKey;
use youai_db::DbConn;

pub use logins::{DEMO_LOGINS, DemoLogin};

/// What [`load`] added, step by step.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct DemoReport {
    pub city: city::CityReport,
    pub corps: corps::CorpsReport,
    pub activities: activities::ActivitiesReport,
    pub rewards: rewards::RewardsReport,
}

/// Loads the whole demo: the city and its accounts, the corps, the history and the rewards,
/// each in its own transaction. Safe to run again.
pub fn load(conn: &mut DbConn, key: &DataKey) -> anyhow::Result<DemoReport> {
    let city = city::load(conn)?;
    let corps = corps::load_corps(conn, key)?;
    let activities = activities::load_activities(conn)?;
    let rewards = rewards::load_rewards(conn)?;
    Ok(DemoReport {
        city,
        corps,
        activities,
        rewards,
    })
}
