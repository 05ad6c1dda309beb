//! Stored responses for `Idempotency-Key`: the first request with a key claims it, its response
//! is saved, and a retry with the same key and body gets that response again.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::idempotency_keys;
use crate::{DbConn, now};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = idempotency_keys)]
pub struct Stored {
    pub id: i64,
    pub principal: String,
    pub idem_key: String,
    pub method: String,
    pub path: String,
    pub request_hash: String,
    /// `None` while the first request is still being handled.
    pub status: Option<i32>,
    pub content_type: Option<String>,
    pub location: Option<String>,
    pub response_body: Option<String>,
    pub created_at: NaiveDateTime,
}

pub enum Claim {
    /// This request holds the key now; save its response with [`complete`].
    Claimed(i64),
    /// The key was used before (or is in flight).
    Existing(Box<Stored>),
}

/// Claims `key` for `principal`, or returns what was stored under it. Entries older than
/// `expire_before` are dropped first so a key may be reused after it expires.
pub fn claim(
    conn: &mut DbConn,
    principal: &str,
    key: &str,
    method: &str,
    path: &str,
    request_hash: &str,
    expire_before: NaiveDateTime,
) -> QueryResult<Claim> {
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(expire_before)))
        .execute(conn)?;
    // A savepoint, so a unique violation leaves the caller's transaction usable on PostgreSQL.
    let inserted = conn.transaction(|conn| {
        diesel::insert_into(idempotency_keys::table)
            .values((
                idempotency_keys::principal.eq(principal),
                idempotency_keys::idem_key.eq(key),
                idempotency_keys::method.eq(method),
                idempotency_keys::path.eq(path),
                idempotency_keys::request_hash.eq(request_hash),
                idempotency_keys::created_at.eq(now()),
            ))
            .returning(idempotency_keys::id)
            .get_result::<i64>(conn)
    });
    match inserted {
        Ok(id) => Ok(Claim::Claimed(id)),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => idempotency_keys::table
            .filter(idempotency_keys::principal.eq(principal))
            .filter(idempotency_keys::idem_key.eq(key))
            .select(Stored::as_select())
            .first(conn)
            .map(|s| Claim::Existing(Box::new(s))),
        Err(e) => Err(e),
    }
}

pub fn complete(
    conn: &mut DbConn,
    id: i64,
    status: i32,
    content_type: Option<&str>,
    location: Option<&str>,
    body: &str,
) -> QueryResult<usize> {
    diesel::update(idempotency_keys::table.find(id))
        .set((
            idempotency_keys::status.eq(status),
            idempotency_keys::content_type.eq(content_type),
            idempotency_keys::location.eq(location),
            idempotency_keys::response_body.eq(body),
        ))
        .execute(conn)
}

/// Releases a claim whose request failed on the server, so a retry can run it again.
pub fn release(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(idempotency_keys::table.find(id)).execute(conn)
}
