//! The managed skill vocabulary (技能).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::{skills, volunteer_skills};
use crate::{DbConn, now};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = skills)]
pub struct Skill {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub created_at: NaiveDateTime,
    /// The English name, for clients that speak English.
    pub name_en: Option<String>,
}

pub fn all(conn: &mut DbConn) -> QueryResult<Vec<Skill>> {
    skills::table
        .select(Skill::as_select())
        .order(skills::id.asc())
        .load(conn)
}

pub fn find_many(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<Skill>> {
    skills::table
        .select(Skill::as_select())
        .filter(skills::id.eq_any(ids))
        .order(skills::id.asc())
        .load(conn)
}

pub fn find_by_code_or_name(
    conn: &mut DbConn,
    code: &str,
    name: &str,
) -> QueryResult<Option<Skill>> {
    skills::table
        .select(Skill::as_select())
        .filter(skills::code.eq(code).or(skills::name.eq(name)))
        .first(conn)
        .optional()
}

pub fn insert(
    conn: &mut DbConn,
    code: &str,
    name: &str,
    name_en: Option<&str>,
) -> QueryResult<Skill> {
    diesel::insert_into(skills::table)
        .values((
            skills::code.eq(code),
            skills::name.eq(name),
            skills::name_en.eq(name_en),
            skills::created_at.eq(now()),
        ))
        .get_result(conn)
}

/// The skills of many volunteers at once (one query, no N+1).
pub fn of_volunteers(conn: &mut DbConn, volunteer_ids: &[i64]) -> QueryResult<Vec<(i64, Skill)>> {
    volunteer_skills::table
        .inner_join(skills::table)
        .filter(volunteer_skills::volunteer_id.eq_any(volunteer_ids))
        .order((volunteer_skills::volunteer_id.asc(), skills::id.asc()))
        .select((volunteer_skills::volunteer_id, Skill::as_select()))
        .load(conn)
}

/// Replaces a volunteer's skills.
pub fn set_for_volunteer(
    conn: &mut DbConn,
    volunteer_id: i64,
    skill_ids: &[i64],
) -> QueryResult<()> {
    diesel::delete(volunteer_skills::table.filter(volunteer_skills::volunteer_id.eq(volunteer_id)))
        .execute(conn)?;
    let rows: Vec<_> = skill_ids
        .iter()
        .map(|s| {
            (
                volunteer_skills::volunteer_id.eq(volunteer_id),
                volunteer_skills::skill_id.eq(*s),
            )
        })
        .collect();
    if !rows.is_empty() {
        let query = diesel::insert_into(volunteer_skills::table).values(rows);
        crate::on_backend!(conn, |c| query.execute(c))?;
    }
    Ok(())
}

/// Adds (volunteer, skill) pairs in chunks (an import).
pub fn insert_volunteer_skills(conn: &mut DbConn, pairs: &[(i64, i64)]) -> QueryResult<()> {
    for chunk in pairs.chunks(1000) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|(v, s)| {
                (
                    volunteer_skills::volunteer_id.eq(*v),
                    volunteer_skills::skill_id.eq(*s),
                )
            })
            .collect();
        let query = diesel::insert_into(volunteer_skills::table).values(rows);
        crate::on_backend!(conn, |c| query.execute(c))?;
    }
    Ok(())
}
