//! Bulk writes for the demo's two-way ordering (the menu, orders in every state with their
//! timelines, needs and the menu's monthly counters) straight over the tables, in multi-row
//! inserts of at most 500 rows, and the reads the demo's plan needs. The API's own writes are
//! in `orders` and `menu`; these are for loading a demo only.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use youai_types::{
    ActivityStatus, MemberRole, MembershipStatus, OrderDirection, OrderStatus, ProjectStatus, Role,
    TeamKind,
};

use crate::DbConn;
use crate::activities::in_row_order;
use crate::orders::NewEvent;
use crate::orders::menu::NewMenuItemRow;
use crate::schema::{
    activities, menu_item_areas, menu_item_months, menu_items, order_events, order_needs, orders,
    projects, role_grants, team_members, teams, volunteers,
};

const CHUNK: usize = 500;

/// An order as the demo writes it: every column, its moves' times included.
#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = orders)]
pub struct DemoOrder {
    pub direction: OrderDirection,
    pub status: OrderStatus,
    pub area_id: i64,
    pub venue_id: Option<i64>,
    pub title: String,
    pub description: Option<String>,
    pub category_id: Option<i64>,
    pub menu_item_id: Option<i64>,
    pub wanted_on: NaiveDate,
    pub volunteers_wanted: Option<i32>,
    pub address: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub take_by: NaiveDateTime,
    pub team_id: Option<i64>,
    pub dispatched_team_id: Option<i64>,
    pub activity_id: Option<i64>,
    pub escalated_to: Option<i64>,
    pub escalated_at: Option<NaiveDateTime>,
    pub rating: Option<i32>,
    pub comment: Option<String>,
    pub cancel_reason: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub taken_at: Option<NaiveDateTime>,
    pub scheduled_at: Option<NaiveDateTime>,
    pub completed_at: Option<NaiveDateTime>,
    pub evaluated_at: Option<NaiveDateTime>,
}

/// Inserts rows in chunks, returning their ids in row order.
macro_rules! insert_returning_ids {
    ($conn:expr, $table:path, $id:expr, $rows:expr) => {{
        let mut ids = Vec::with_capacity($rows.len());
        for chunk in $rows.chunks(CHUNK) {
            let query = diesel::insert_into($table).values(chunk).returning($id);
            let got: Vec<i64> = crate::on_backend!($conn, |c| query.get_results(c))?;
            ids.extend(in_row_order(got));
        }
        Ok(ids)
    }};
}

/// Inserts rows in chunks, returning how many.
macro_rules! insert_counting {
    ($conn:expr, $table:path, $rows:expr) => {{
        let mut n = 0;
        for chunk in $rows.chunks(CHUNK) {
            let query = diesel::insert_into($table).values(chunk);
            n += crate::on_backend!($conn, |c| query.execute(c))?;
        }
        Ok(n)
    }};
}

pub fn count_menu_items(conn: &mut DbConn) -> QueryResult<i64> {
    menu_items::table.count().get_result(conn)
}

pub fn insert_menu_items(conn: &mut DbConn, rows: &[NewMenuItemRow]) -> QueryResult<Vec<i64>> {
    insert_returning_ids!(conn, menu_items::table, menu_items::id, rows)
}

/// `(menu_item_id, area_id)` pairs.
pub fn insert_menu_item_areas(conn: &mut DbConn, rows: &[(i64, i64)]) -> QueryResult<usize> {
    let rows: Vec<_> = rows
        .iter()
        .map(|(item, area)| {
            (
                menu_item_areas::menu_item_id.eq(*item),
                menu_item_areas::area_id.eq(*area),
            )
        })
        .collect();
    insert_counting!(conn, menu_item_areas::table, rows)
}

/// `(menu_item_id, month, taken)` counters.
pub fn insert_menu_item_months(
    conn: &mut DbConn,
    rows: &[(i64, NaiveDate, i32)],
) -> QueryResult<usize> {
    let rows: Vec<_> = rows
        .iter()
        .map(|(item, month, taken)| {
            (
                menu_item_months::menu_item_id.eq(*item),
                menu_item_months::month.eq(*month),
                menu_item_months::taken.eq(*taken),
            )
        })
        .collect();
    insert_counting!(conn, menu_item_months::table, rows)
}

pub fn insert_orders(conn: &mut DbConn, rows: &[DemoOrder]) -> QueryResult<Vec<i64>> {
    insert_returning_ids!(conn, orders::table, orders::id, rows)
}

/// `(order_id, need_id)` pairs.
pub fn insert_order_needs(conn: &mut DbConn, rows: &[(i64, i64)]) -> QueryResult<usize> {
    let rows: Vec<_> = rows
        .iter()
        .map(|(order, need)| {
            (
                order_needs::order_id.eq(*order),
                order_needs::need_id.eq(*need),
            )
        })
        .collect();
    insert_counting!(conn, order_needs::table, rows)
}

pub fn insert_order_events(conn: &mut DbConn, rows: &[NewEvent]) -> QueryResult<usize> {
    insert_counting!(conn, order_events::table, rows)
}

/// A published project as the demo's menu reads it: (id, title, owner team, owner agency,
/// area).
pub type MenuProject = (i64, String, Option<i64>, Option<i64>, i64);

/// Published projects owned by an agency, or by an industry detachment or one of its squads.
pub fn menu_projects(conn: &mut DbConn) -> QueryResult<Vec<MenuProject>> {
    let city_teams: Vec<i64> = teams::table
        .filter(teams::kind.eq_any([TeamKind::IndustryDetachment, TeamKind::Squad]))
        .select(teams::id)
        .load(conn)?;
    projects::table
        .filter(projects::status.eq(ProjectStatus::Published))
        .filter(
            projects::owner_agency_id
                .is_not_null()
                .or(projects::owner_team_id.eq_any(city_teams)),
        )
        .order(projects::id.asc())
        .select((
            projects::id,
            projects::title,
            projects::owner_team_id,
            projects::owner_agency_id,
            projects::area_id,
        ))
        .load(conn)
}

/// A run as the demo's orders read it: (id, team, area, start, end).
pub type Run = (i64, i64, i64, NaiveDateTime, NaiveDateTime);

/// Activities in `statuses`, in id order.
pub fn runs(conn: &mut DbConn, statuses: &[ActivityStatus]) -> QueryResult<Vec<Run>> {
    activities::table
        .filter(activities::status.eq_any(statuses.to_vec()))
        .order(activities::id.asc())
        .select((
            activities::id,
            activities::team_id,
            activities::area_id,
            activities::start_at,
            activities::end_at,
        ))
        .load(conn)
}

/// Activities an agency's service may take over: run for no need, under a project of the
/// corps' batches (not a lecture series or an agency's own).
pub fn movable_runs(conn: &mut DbConn) -> QueryResult<Vec<i64>> {
    activities::table
        .inner_join(projects::table)
        .filter(activities::need_id.is_null())
        .filter(projects::batch_id.is_not_null())
        .select(activities::id)
        .order(activities::id.asc())
        .load(conn)
}

/// Puts an activity under an agency's service (the project a menu order was placed for):
/// its project and title become the service's, its records' category the service's.
pub fn move_activity(conn: &mut DbConn, activity_id: i64, project_id: i64) -> QueryResult<()> {
    use crate::schema::service_records;
    let (title, category): (String, String) = projects::table
        .find(project_id)
        .select((projects::title, projects::category))
        .first(conn)?;
    diesel::update(activities::table.find(activity_id))
        .set((
            activities::project_id.eq(project_id),
            activities::title.eq(title),
        ))
        .execute(conn)?;
    diesel::update(service_records::table.filter(service_records::activity_id.eq(activity_id)))
        .set(service_records::category.eq(category))
        .execute(conn)?;
    Ok(())
}

/// Each team's first leader with an account: (team, user).
pub fn leaders(conn: &mut DbConn) -> QueryResult<Vec<(i64, i64)>> {
    let rows: Vec<(i64, Option<i64>)> = team_members::table
        .inner_join(volunteers::table)
        .filter(team_members::role.eq(MemberRole::Leader))
        .filter(team_members::status.eq(MembershipStatus::Active))
        .filter(volunteers::user_id.is_not_null())
        .order((team_members::team_id.asc(), team_members::id.asc()))
        .select((team_members::team_id, volunteers::user_id))
        .load(conn)?;
    let mut out: Vec<(i64, i64)> = Vec::new();
    for (team, user) in rows {
        if let Some(user) = user
            && out.last().is_none_or(|(t, _)| *t != team)
        {
            out.push((team, user));
        }
    }
    Ok(out)
}

/// Admins: (user, the area granted, or `None` for the platform's).
pub fn admins(conn: &mut DbConn) -> QueryResult<Vec<(i64, Option<i64>)>> {
    role_grants::table
        .filter(role_grants::role.eq_any([Role::PlatformAdmin, Role::AreaAdmin]))
        .order(role_grants::id.asc())
        .select((role_grants::user_id, role_grants::area_id))
        .load(conn)
}

/// A need an order may answer: (id, area, state, category, title).
pub type OpenNeed = (i64, i64, youai_types::NeedStatus, i64, String);

/// Needs accepted, matched, in service or fulfilled and in no order yet, in id order.
pub fn needs_for_orders(conn: &mut DbConn) -> QueryResult<Vec<OpenNeed>> {
    use crate::schema::needs;
    use youai_types::NeedStatus as S;
    let taken: Vec<i64> = order_needs::table.select(order_needs::need_id).load(conn)?;
    needs::table
        .filter(needs::status.eq_any([S::Accepted, S::Matched, S::InService, S::Fulfilled]))
        .filter(needs::id.ne_all(taken))
        .order(needs::id.asc())
        .select((
            needs::id,
            needs::area_id,
            needs::status,
            needs::category_id,
            needs::title,
        ))
        .load(conn)
}
