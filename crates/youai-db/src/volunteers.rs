//! Volunteers (志愿者) and their search.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use youai_types::{Gender, Slot};

use crate::json::Json;
use crate::page::{After, Sort, fetch_limit};
use crate::schema::{areas, team_members, volunteer_skills, volunteers};
use crate::{DbConn, contains_pattern, keyset_by, now, subtree_pattern};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = volunteers)]
pub struct Volunteer {
    pub id: i64,
    pub user_id: Option<i64>,
    pub number: String,
    pub real_name: String,
    pub phone: String,
    pub gender: Gender,
    pub birth_date: NaiveDate,
    pub area_id: i64,
    pub id_number_enc: Option<String>,
    pub id_number_hash: Option<String>,
    pub id_number_mask: Option<String>,
    pub guardian_name: Option<String>,
    pub guardian_phone: Option<String>,
    pub availability: Json<Vec<Slot>>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = volunteers)]
pub struct NewVolunteer {
    pub user_id: Option<i64>,
    pub real_name: String,
    pub phone: String,
    pub gender: Gender,
    pub birth_date: NaiveDate,
    pub area_id: i64,
    pub id_number_enc: Option<String>,
    pub id_number_hash: Option<String>,
    pub id_number_mask: Option<String>,
    pub guardian_name: Option<String>,
    pub guardian_phone: Option<String>,
    pub availability: Json<Vec<Slot>>,
}

/// The volunteer number (志愿者编号) for an id.
pub fn number_for(id: i64) -> String {
    format!("ZJG{id:08}")
}

/// Inserts a volunteer and issues their number. Call inside a transaction.
pub fn insert(conn: &mut DbConn, v: &NewVolunteer) -> QueryResult<Volunteer> {
    let t = now();
    let id: i64 = diesel::insert_into(volunteers::table)
        .values((
            v,
            volunteers::number.eq(""),
            volunteers::created_at.eq(t),
            volunteers::updated_at.eq(t),
        ))
        .returning(volunteers::id)
        .get_result(conn)?;
    diesel::update(volunteers::table.find(id))
        .set(volunteers::number.eq(number_for(id)))
        .get_result(conn)
}

/// Inserts many volunteers (an import) in chunks and issues their numbers; returns each new
/// volunteer's id with their phone (unique), to attach skills.
pub fn insert_many(conn: &mut DbConn, rows: &[NewVolunteer]) -> QueryResult<Vec<(i64, String)>> {
    let t = now();
    let mut ids = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(500) {
        let values: Vec<_> = chunk
            .iter()
            .map(|v| {
                (
                    v,
                    volunteers::number.eq(""),
                    volunteers::created_at.eq(t),
                    volunteers::updated_at.eq(t),
                )
            })
            .collect();
        let query = diesel::insert_into(volunteers::table)
            .values(values)
            .returning((volunteers::id, volunteers::phone));
        let got: Vec<(i64, String)> = crate::on_backend!(conn, |c| query.get_results(c))?;
        ids.extend(got);
    }
    issue_numbers(conn)?;
    Ok(ids)
}

/// Numbers every volunteer still without one, in one statement (the dialects differ).
fn issue_numbers(conn: &mut DbConn) -> QueryResult<usize> {
    use diesel::connection::SimpleConnection;
    let sql = if conn.is_sqlite() {
        "UPDATE volunteers SET number = printf('ZJG%08d', id) WHERE number = ''"
    } else {
        "UPDATE volunteers SET number = 'ZJG' || lpad(id::text, 8, '0') WHERE number = ''"
    };
    conn.batch_execute(sql).map(|()| 0)
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<Volunteer>> {
    volunteers::table
        .find(id)
        .select(Volunteer::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_user(conn: &mut DbConn, user_id: i64) -> QueryResult<Option<Volunteer>> {
    volunteers::table
        .filter(volunteers::user_id.eq(user_id))
        .select(Volunteer::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_phone(conn: &mut DbConn, phone: &str) -> QueryResult<Option<Volunteer>> {
    volunteers::table
        .filter(volunteers::phone.eq(phone))
        .select(Volunteer::as_select())
        .first(conn)
        .optional()
}

pub fn id_number_taken(conn: &mut DbConn, hash: &str, except: Option<i64>) -> QueryResult<bool> {
    let mut q = volunteers::table
        .filter(volunteers::id_number_hash.eq(hash))
        .select(volunteers::id)
        .into_boxed();
    if let Some(id) = except {
        q = q.filter(volunteers::id.ne(id));
    }
    Ok(q.first::<i64>(conn).optional()?.is_some())
}

/// Phones among `phones` that are already taken.
pub fn phones_taken(conn: &mut DbConn, phones: &[String]) -> QueryResult<Vec<String>> {
    let mut out = Vec::new();
    for chunk in phones.chunks(500) {
        out.extend(
            volunteers::table
                .filter(volunteers::phone.eq_any(chunk))
                .select(volunteers::phone)
                .load::<String>(conn)?,
        );
    }
    Ok(out)
}

pub struct Changes<'a> {
    pub area_id: i64,
    pub availability: &'a Json<Vec<Slot>>,
    pub guardian_name: Option<&'a str>,
    pub guardian_phone: Option<&'a str>,
}

pub fn update(conn: &mut DbConn, id: i64, c: &Changes<'_>) -> QueryResult<Volunteer> {
    diesel::update(volunteers::table.find(id))
        .set((
            volunteers::area_id.eq(c.area_id),
            volunteers::availability.eq(c.availability),
            volunteers::guardian_name.eq(c.guardian_name),
            volunteers::guardian_phone.eq(c.guardian_phone),
            volunteers::updated_at.eq(now()),
        ))
        .get_result(conn)
}

#[derive(Debug, Default, Clone)]
pub struct VolunteerFilter {
    /// Only volunteers whose home area is in one of these subtrees (a staff member's scope);
    /// `None` means everywhere.
    pub scope_area_paths: Option<Vec<String>>,
    /// …or who are active members of a team in one of these team subtrees.
    pub scope_team_paths: Vec<String>,
    pub within_path: Option<String>,
    pub skill_id: Option<i64>,
    pub team_id: Option<i64>,
    /// Born on or after / before: the age band, as birth dates.
    pub born_after: Option<NaiveDate>,
    pub born_before: Option<NaiveDate>,
    /// Availability: the JSON text holds `"weekday":N`.
    pub weekday: Option<u8>,
    pub q: Option<String>,
}

pub fn list(
    conn: &mut DbConn,
    f: &VolunteerFilter,
    sort: Sort,
    after: Option<&After>,
    limit: i64,
) -> QueryResult<Vec<Volunteer>> {
    let mut q = volunteers::table
        .select(Volunteer::as_select())
        .into_boxed();
    if let Some(paths) = &f.scope_area_paths {
        // Inside the caller's area subtrees, or an active member of one of the caller's teams.
        let area_ids = crate::areas::ids_within(conn, paths)?;
        let team_ids = crate::teams::ids_within(conn, &f.scope_team_paths)?;
        let members = team_members::table
            .select(team_members::volunteer_id)
            .filter(team_members::status.eq(youai_types::MembershipStatus::Active))
            .filter(team_members::team_id.eq_any(team_ids));
        q = q.filter(
            volunteers::area_id
                .eq_any(area_ids)
                .or(volunteers::id.eq_any(members)),
        );
    }
    if let Some(path) = &f.within_path {
        let inside = areas::table
            .select(areas::id)
            .filter(areas::path.like(subtree_pattern(path)).escape('\\'));
        q = q.filter(volunteers::area_id.eq_any(inside));
    }
    if let Some(s) = f.skill_id {
        q = q.filter(
            volunteers::id.eq_any(
                volunteer_skills::table
                    .select(volunteer_skills::volunteer_id)
                    .filter(volunteer_skills::skill_id.eq(s)),
            ),
        );
    }
    if let Some(t) = f.team_id {
        q = q.filter(
            volunteers::id.eq_any(
                team_members::table
                    .select(team_members::volunteer_id)
                    .filter(team_members::team_id.eq(t))
                    .filter(team_members::status.eq(youai_types::MembershipStatus::Active)),
            ),
        );
    }
    if let Some(d) = f.born_after {
        q = q.filter(volunteers::birth_date.gt(d));
    }
    if let Some(d) = f.born_before {
        q = q.filter(volunteers::birth_date.le(d));
    }
    if let Some(w) = f.weekday {
        q = q.filter(volunteers::availability.like(format!("%\"weekday\":{w},%")));
    }
    if let Some(text) = &f.q {
        let p = contains_pattern(text);
        q = q.filter(
            volunteers::real_name
                .like(p.clone())
                .escape('\\')
                .or(volunteers::number.like(p.clone()).escape('\\'))
                .or(volunteers::phone.like(p).escape('\\')),
        );
    }
    keyset_by!(q, volunteers, volunteers::real_name, sort, after)
        .limit(fetch_limit(limit))
        .load(conn)
}

/// Every volunteer's id and birth date, in id order.
pub fn birth_dates(conn: &mut DbConn) -> QueryResult<Vec<(i64, NaiveDate)>> {
    volunteers::table
        .order(volunteers::id.asc())
        .select((volunteers::id, volunteers::birth_date))
        .load(conn)
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    volunteers::table.count().get_result(conn)
}

/// Names of volunteers by id.
pub fn names(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<(i64, String)>> {
    volunteers::table
        .filter(volunteers::id.eq_any(ids))
        .select((volunteers::id, volunteers::real_name))
        .load(conn)
}

/// Volunteers by id, in one query.
pub fn find_many(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<Volunteer>> {
    volunteers::table
        .filter(volunteers::id.eq_any(ids))
        .select(Volunteer::as_select())
        .load(conn)
}
