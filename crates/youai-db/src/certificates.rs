//! Issued service certificates, found again by their verification code.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::schema::certificates;
use crate::{DbConn, now};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = certificates)]
pub struct Certificate {
    pub id: i64,
    pub code: String,
    pub volunteer_id: i64,
    pub quarters: i64,
    pub records: i64,
    pub first_served: Option<NaiveDate>,
    pub last_served: Option<NaiveDate>,
    pub issued_on: NaiveDate,
    pub issued_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = certificates)]
pub struct NewCertificate {
    pub code: String,
    pub volunteer_id: i64,
    pub quarters: i64,
    pub records: i64,
    pub first_served: Option<NaiveDate>,
    pub last_served: Option<NaiveDate>,
    pub issued_on: NaiveDate,
    pub issued_by: Option<i64>,
}

/// The certificate for these totals on this day: the one issued before, or this new one.
/// Two requests racing to issue it get the same certificate.
pub fn issue(conn: &mut DbConn, new: &NewCertificate) -> QueryResult<Certificate> {
    let existing = |c: &mut DbConn| {
        certificates::table
            .filter(certificates::volunteer_id.eq(new.volunteer_id))
            .filter(certificates::quarters.eq(new.quarters))
            .filter(certificates::records.eq(new.records))
            .filter(certificates::issued_on.eq(new.issued_on))
            .select(Certificate::as_select())
            .first(c)
            .optional()
    };
    if let Some(c) = existing(conn)? {
        return Ok(c);
    }
    let inserted = conn.transaction(|c| {
        diesel::insert_into(certificates::table)
            .values((new, certificates::created_at.eq(now())))
            .get_result(c)
    });
    match inserted {
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => existing(conn)?.ok_or(diesel::result::Error::NotFound),
        other => other,
    }
}

pub fn find_by_code(conn: &mut DbConn, code: &str) -> QueryResult<Option<Certificate>> {
    certificates::table
        .filter(certificates::code.eq(code))
        .select(Certificate::as_select())
        .first(conn)
        .optional()
}
