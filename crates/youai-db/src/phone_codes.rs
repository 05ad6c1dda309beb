//! SMS codes that confirm a phone (only their keyed hashes are stored), and marking an
//! account's phone verified.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use youai_types::PhoneCodePurpose;

use crate::DbConn;
use crate::schema::{phone_codes, users};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = phone_codes)]
pub struct PhoneCode {
    pub id: i64,
    pub phone: String,
    pub purpose: PhoneCodePurpose,
    pub code_hash: String,
    pub ip: String,
    pub tries: i32,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = phone_codes)]
pub struct NewPhoneCode<'a> {
    pub phone: &'a str,
    pub purpose: PhoneCodePurpose,
    pub code_hash: &'a str,
    pub ip: &'a str,
    pub expires_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, new: &NewPhoneCode<'_>) -> QueryResult<i64> {
    diesel::insert_into(phone_codes::table)
        .values(new)
        .returning(phone_codes::id)
        .get_result(conn)
}

/// When codes were asked since `since`: for this phone and purpose, and from this address.
pub fn sent_since(
    conn: &mut DbConn,
    phone: &str,
    purpose: PhoneCodePurpose,
    ip: &str,
    since: NaiveDateTime,
) -> QueryResult<(Vec<NaiveDateTime>, Vec<NaiveDateTime>)> {
    let by_phone = phone_codes::table
        .filter(phone_codes::phone.eq(phone))
        .filter(phone_codes::purpose.eq(purpose))
        .filter(phone_codes::created_at.gt(since))
        .select(phone_codes::created_at)
        .load(conn)?;
    let by_ip = phone_codes::table
        .filter(phone_codes::ip.eq(ip))
        .filter(phone_codes::created_at.gt(since))
        .select(phone_codes::created_at)
        .load(conn)?;
    Ok((by_phone, by_ip))
}

/// The latest code sent to this phone for this purpose (a new code replaces the older ones).
pub fn latest(
    conn: &mut DbConn,
    phone: &str,
    purpose: PhoneCodePurpose,
) -> QueryResult<Option<PhoneCode>> {
    phone_codes::table
        .filter(phone_codes::phone.eq(phone))
        .filter(phone_codes::purpose.eq(purpose))
        .order(phone_codes::id.desc())
        .select(PhoneCode::as_select())
        .first(conn)
        .optional()
}

/// Counts a wrong guess.
pub fn add_try(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::update(phone_codes::table.find(id))
        .set(phone_codes::tries.eq(phone_codes::tries + 1))
        .execute(conn)
}

/// Spends a code; false when it was already spent (two guesses at once: one wins).
pub fn mark_used(conn: &mut DbConn, id: i64, at: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(
        phone_codes::table
            .find(id)
            .filter(phone_codes::used_at.is_null()),
    )
    .set(phone_codes::used_at.eq(at))
    .execute(conn)
    .map(|n| n == 1)
}

/// Marks the account's phone confirmed (kept at the first confirmation).
pub fn mark_phone_verified(
    conn: &mut DbConn,
    user_id: i64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        users::table
            .find(user_id)
            .filter(users::phone_verified_at.is_null()),
    )
    .set(users::phone_verified_at.eq(at))
    .execute(conn)
}
