//! The demo city: Zhangjiagang (张家港) at the briefing's scale — its areas and venues with the
//! demo logins ([`city`]), the volunteer corps ([`corps`]), the finished activities of the years
//! up to the day it is loaded as of and the calendar of the four weeks from it ([`activities`]),
//! the courtesies they earned ([`rewards`]), and the three lists: agencies, resources with their
//! allocations, and needs ([`lists`]); and two-way ordering: the menu and orders in every state
//! ([`orders`]). Every write goes through `youai-db`; every step
//! is deterministic for a given day and does nothing when its data is already there.

pub mod activities;
pub mod city;
pub mod corps;
pub mod lists;
pub mod logins;
pub mod orders;
pub mod rewards;
pub mod rng;

use chrono::NaiveDate;
use youai_api::crypto::DataKey;
use youai_db::DbConn;

pub use logins::{DEMO_LOGINS, DemoLogin};
pub use rng::city_today;

/// What [`load`] added, step by step.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct DemoReport {
    pub city: city::CityReport,
    pub corps: corps::CorpsReport,
    pub activities: activities::ActivitiesReport,
    pub rewards: rewards::RewardsReport,
    pub lists: lists::ListsReport,
    pub orders: orders::OrdersReport,
}

/// Loads the whole demo as of `as_of` (its history ends the day before, its calendar starts
/// that day): the city and its accounts, the corps, the activities and the rewards, each in its
/// own transaction. Safe to run again.
pub fn load(conn: &mut DbConn, key: &DataKey, as_of: NaiveDate) -> anyhow::Result<DemoReport> {
    let city = city::load(conn)?;
    let corps = corps::load_corps(conn, key, as_of)?;
    let activities = activities::load_activities(conn, as_of)?;
    let rewards = rewards::load_rewards(conn, as_of)?;
    let lists = lists::load_lists(conn, as_of)?;
    let orders = orders::load_orders(conn, as_of)?;
    Ok(DemoReport {
        city,
        corps,
        activities,
        rewards,
        lists,
        orders,
    })
}

/// The id of the venue the demo kiosk serves, once the city is loaded.
pub fn kiosk_venue_id(conn: &mut DbConn) -> anyhow::Result<Option<i64>> {
    Ok(youai_db::venues::all(conn)?
        .into_iter()
        .find(|v| v.name == logins::KIOSK_VENUE)
        .map(|v| v.id))
}
