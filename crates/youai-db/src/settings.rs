//! Server-wide settings kept in the database, so that every API server behind a load balancer
//! shares them (e.g. the generated JWT secret).

use diesel::prelude::*;

use crate::DbConn;
use crate::schema::server_settings;

pub fn get(conn: &mut DbConn, name: &str) -> QueryResult<Option<String>> {
    server_settings::table
        .filter(server_settings::name.eq(name))
        .select(server_settings::value)
        .first(conn)
        .optional()
}

/// Stores `value` under `name` unless a value is already there; returns the value that holds.
/// Two servers starting at once agree: the loser of the insert reads the winner's value.
pub fn get_or_insert(conn: &mut DbConn, name: &str, value: &str) -> QueryResult<(String, bool)> {
    if let Some(v) = get(conn, name)? {
        return Ok((v, false));
    }
    // A savepoint, so a unique violation leaves any enclosing transaction usable on PostgreSQL.
    let inserted = conn.transaction(|conn| {
        diesel::insert_into(server_settings::table)
            .values((
                server_settings::name.eq(name),
                server_settings::value.eq(value),
            ))
            .execute(conn)
    });
    match inserted {
        Ok(_) => Ok((value.to_owned(), true)),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => get(conn, name)?
            .map(|v| (v, false))
            .ok_or(diesel::result::Error::NotFound),
        Err(e) => Err(e),
    }
}

/// Sets `name` to `value`, replacing what was there.
pub fn put(conn: &mut DbConn, name: &str, value: &str) -> QueryResult<()> {
    let updated = diesel::update(server_settings::table.filter(server_settings::name.eq(name)))
        .set(server_settings::value.eq(value))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(server_settings::table)
            .values((
                server_settings::name.eq(name),
                server_settings::value.eq(value),
            ))
            .execute(conn)?;
    }
    Ok(())
}
