//! Recruitment calls (志愿者招募) of teams, and how many each has accepted.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use youai_types::{MembershipStatus, RecruitmentStatus};

use crate::json::Json;
use crate::page::fetch_limit;
use crate::schema::{recruitments, team_members};
use crate::{DbConn, now};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = recruitments)]
pub struct Recruitment {
    pub id: i64,
    pub team_id: i64,
    pub title: String,
    pub description: Option<String>,
    pub quota: i32,
    pub skill_ids: Json<Vec<i64>>,
    pub deadline: NaiveDateTime,
    pub status: RecruitmentStatus,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = recruitments)]
pub struct NewRecruitment {
    pub team_id: i64,
    pub title: String,
    pub description: Option<String>,
    pub quota: i32,
    pub skill_ids: Json<Vec<i64>>,
    pub deadline: NaiveDateTime,
    pub status: RecruitmentStatus,
    pub created_by: Option<i64>,
}

pub fn insert_recruitment(conn: &mut DbConn, r: &NewRecruitment) -> QueryResult<Recruitment> {
    diesel::insert_into(recruitments::table)
        .values((r, recruitments::created_at.eq(now())))
        .get_result(conn)
}

pub fn find_recruitment(conn: &mut DbConn, id: i64) -> QueryResult<Option<Recruitment>> {
    recruitments::table
        .find(id)
        .select(Recruitment::as_select())
        .first(conn)
        .optional()
}

/// Marks a call closed: it takes no more applications.
pub fn close_recruitment(conn: &mut DbConn, id: i64) -> QueryResult<Recruitment> {
    diesel::update(recruitments::table.find(id))
        .set(recruitments::status.eq(RecruitmentStatus::Closed))
        .execute(conn)?;
    recruitments::table
        .find(id)
        .select(Recruitment::as_select())
        .first(conn)
}

pub fn list_recruitments(
    conn: &mut DbConn,
    team_id: Option<i64>,
    open_at: Option<NaiveDateTime>,
    after_id: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<Recruitment>> {
    let mut q = recruitments::table
        .select(Recruitment::as_select())
        .into_boxed();
    if let Some(t) = team_id {
        q = q.filter(recruitments::team_id.eq(t));
    }
    if let Some(t) = open_at {
        q = q
            .filter(recruitments::status.eq(RecruitmentStatus::Open))
            .filter(recruitments::deadline.gt(t));
    }
    if let Some(a) = after_id {
        q = q.filter(recruitments::id.lt(a));
    }
    q.order(recruitments::id.desc())
        .limit(fetch_limit(limit))
        .load(conn)
}

/// Accepted (active) members who came through each recruitment.
pub fn accepted_counts(conn: &mut DbConn, ids: &[i64]) -> QueryResult<HashMap<i64, i64>> {
    use diesel::dsl::count_star;
    let rows: Vec<(Option<i64>, i64)> = team_members::table
        .filter(team_members::recruitment_id.eq_any(ids))
        .filter(team_members::status.eq(MembershipStatus::Active))
        .group_by(team_members::recruitment_id)
        .select((team_members::recruitment_id, count_star()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, n)| id.map(|id| (id, n)))
        .collect())
}
