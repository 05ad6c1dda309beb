//! The needs list (群众需求清单): needs, their categories, and the events that make their trace.

pub mod links;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use youai_types::{NeedChannel, NeedEventKind, NeedStatus};

use crate::json::Json;
use crate::schema::{need_categories, need_events, needs};
use crate::{DbConn, now};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = need_categories)]
pub struct Category {
    pub id: i64,
    pub name: String,
    pub name_en: Option<String>,
    /// The project categories and resource topics that answer a need of this category.
    pub serves: Json<Vec<String>>,
    pub sort_order: i32,
    pub created_at: NaiveDateTime,
}

pub fn categories(conn: &mut DbConn) -> QueryResult<Vec<Category>> {
    need_categories::table
        .select(Category::as_select())
        .order((need_categories::sort_order.asc(), need_categories::id.asc()))
        .load(conn)
}

pub fn find_category(conn: &mut DbConn, id: i64) -> QueryResult<Option<Category>> {
    need_categories::table
        .find(id)
        .select(Category::as_select())
        .first(conn)
        .optional()
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = needs)]
pub struct Need {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub description: Option<String>,
    pub category_id: i64,
    /// The village (or community) the need is in.
    pub area_id: i64,
    pub people_affected: i32,
    pub target_group: Option<String>,
    pub channel: NeedChannel,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    /// The resident's own account, when they submitted it themselves.
    pub submitted_by: Option<i64>,
    /// The staff member or grid worker who recorded it on a resident's behalf.
    pub recorded_by: Option<i64>,
    pub status: NeedStatus,
    pub merged_into: Option<i64>,
    pub supporters: i32,
    /// 1 = most urgent among the area's accepted needs; only accepted needs have one.
    pub urgency_rank: Option<i32>,
    pub reject_reason: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
    pub fulfilled_at: Option<NaiveDateTime>,
    pub rating: Option<i32>,
    pub rating_comment: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<Need>> {
    needs::table
        .find(id)
        .select(Need::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_code(conn: &mut DbConn, code: &str) -> QueryResult<Option<Need>> {
    needs::table
        .filter(needs::code.eq(code))
        .select(Need::as_select())
        .first(conn)
        .optional()
}

/// Moves a need to `status`, stamping `fulfilled_at` on fulfilment. A need that leaves
/// `accepted` leaves its area's ranked list, and the needs ranked below it move up one, so
/// ranks stay 1..n. Call inside a transaction.
pub fn set_status(conn: &mut DbConn, id: i64, status: NeedStatus) -> QueryResult<Need> {
    let t = now();
    let before = needs::table
        .find(id)
        .select(Need::as_select())
        .first(conn)?;
    let keeps_rank = status == NeedStatus::Accepted;
    if let (Some(rank), false) = (before.urgency_rank, keeps_rank) {
        diesel::update(needs::table.find(id))
            .set(needs::urgency_rank.eq(None::<i32>))
            .execute(conn)?;
        diesel::update(
            needs::table
                .filter(needs::area_id.eq(before.area_id))
                .filter(needs::status.eq(NeedStatus::Accepted))
                .filter(needs::urgency_rank.gt(rank)),
        )
        .set(needs::urgency_rank.eq(needs::urgency_rank - 1))
        .execute(conn)?;
    }
    let fulfilled_at = if status == NeedStatus::Fulfilled {
        Some(t)
    } else {
        before.fulfilled_at
    };
    diesel::update(needs::table.find(id))
        .set((
            needs::status.eq(status),
            needs::fulfilled_at.eq(fulfilled_at),
            needs::updated_at.eq(t),
        ))
        .get_result(conn)
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = need_events)]
pub struct Event {
    pub id: i64,
    pub need_id: i64,
    pub kind: NeedEventKind,
    pub from_status: Option<NeedStatus>,
    pub to_status: Option<NeedStatus>,
    pub actor_id: Option<i64>,
    pub note: Option<String>,
    /// The event's particulars (reviewers present, the need merged, the proposal chosen…).
    pub details: Option<Json<serde_json::Value>>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = need_events)]
pub struct NewEvent {
    pub need_id: i64,
    pub kind: NeedEventKind,
    pub from_status: Option<NeedStatus>,
    pub to_status: Option<NeedStatus>,
    pub actor_id: Option<i64>,
    pub note: Option<String>,
    pub details: Option<Json<serde_json::Value>>,
}

pub fn insert_event(conn: &mut DbConn, e: &NewEvent) -> QueryResult<Event> {
    diesel::insert_into(need_events::table)
        .values((e, need_events::created_at.eq(now())))
        .get_result(conn)
}

/// A need's events, oldest first.
pub fn events(conn: &mut DbConn, need_id: i64) -> QueryResult<Vec<Event>> {
    need_events::table
        .filter(need_events::need_id.eq(need_id))
        .select(Event::as_select())
        .order(need_events::id.asc())
        .load(conn)
}
