//! Accounts, role grants, refresh tokens and failed-login records.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::page::{After, Sort, fetch_limit};
use crate::schema::{areas, login_failures, refresh_tokens, role_grants, users};
use crate::{DbConn, contains_pattern, keyset, now};
use youai_types::Role;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i64,
    pub phone: String,
    pub name: String,
    pub password_hash: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// When an SMS code confirmed the phone.
    pub phone_verified_at: Option<NaiveDateTime>,
    /// The WeChat user bound to the account (template messages go there).
    pub wechat_openid: Option<String>,
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<User>> {
    users::table
        .find(id)
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_phone(conn: &mut DbConn, phone: &str) -> QueryResult<Option<User>> {
    users::table
        .filter(users::phone.eq(phone))
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub fn insert(
    conn: &mut DbConn,
    phone: &str,
    name: &str,
    password_hash: &str,
) -> QueryResult<User> {
    let t = now();
    diesel::insert_into(users::table)
        .values((
            users::phone.eq(phone),
            users::name.eq(name),
            users::password_hash.eq(password_hash),
            users::created_at.eq(t),
            users::updated_at.eq(t),
        ))
        .get_result(conn)
}

pub fn set_password(conn: &mut DbConn, id: i64, password_hash: &str) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(password_hash),
            users::updated_at.eq(now()),
        ))
        .execute(conn)
}

/// Sets a new password hash only while the stored one is still `old_hash`; whether it did.
pub fn set_password_if(
    conn: &mut DbConn,
    id: i64,
    old_hash: &str,
    new_hash: &str,
) -> QueryResult<bool> {
    let n = diesel::update(
        users::table
            .find(id)
            .filter(users::password_hash.eq(old_hash)),
    )
    .set((
        users::password_hash.eq(new_hash),
        users::updated_at.eq(now()),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn list(
    conn: &mut DbConn,
    q: Option<&str>,
    sort: Sort,
    after: Option<&After>,
    limit: i64,
) -> QueryResult<Vec<User>> {
    let mut query = users::table.select(User::as_select()).into_boxed();
    if let Some(text) = q {
        let p = contains_pattern(text);
        query = query.filter(
            users::name
                .like(p.clone())
                .escape('\\')
                .or(users::phone.like(p).escape('\\')),
        );
    }
    keyset!(query, users, sort, after)
        .limit(fetch_limit(limit))
        .load(conn)
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    users::table.count().get_result(conn)
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = role_grants)]
pub struct Grant {
    pub id: i64,
    pub user_id: i64,
    pub role: Role,
    pub area_id: Option<i64>,
    pub team_id: Option<i64>,
    pub agency_id: Option<i64>,
    pub venue_id: Option<i64>,
    pub granted_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = role_grants)]
pub struct NewGrant {
    pub user_id: i64,
    pub role: Role,
    pub area_id: Option<i64>,
    pub team_id: Option<i64>,
    pub agency_id: Option<i64>,
    pub venue_id: Option<i64>,
    pub granted_by: Option<i64>,
}

/// A user's grants, each with the path of its area (for area-scoped roles).
pub fn grants_of(conn: &mut DbConn, user_id: i64) -> QueryResult<Vec<(Grant, Option<String>)>> {
    role_grants::table
        .left_join(areas::table)
        .filter(role_grants::user_id.eq(user_id))
        .order(role_grants::id.asc())
        .select((Grant::as_select(), areas::path.nullable()))
        .load(conn)
}

pub fn find_grant(conn: &mut DbConn, id: i64) -> QueryResult<Option<Grant>> {
    role_grants::table
        .find(id)
        .select(Grant::as_select())
        .first(conn)
        .optional()
}

/// The id of an identical grant, if the user already holds it.
pub fn same_grant(conn: &mut DbConn, g: &NewGrant) -> QueryResult<Option<i64>> {
    let mut q = role_grants::table
        .select(role_grants::id)
        .filter(role_grants::user_id.eq(g.user_id))
        .filter(role_grants::role.eq(g.role))
        .into_boxed();
    q = match g.area_id {
        Some(v) => q.filter(role_grants::area_id.eq(v)),
        None => q.filter(role_grants::area_id.is_null()),
    };
    q = match g.team_id {
        Some(v) => q.filter(role_grants::team_id.eq(v)),
        None => q.filter(role_grants::team_id.is_null()),
    };
    q = match g.agency_id {
        Some(v) => q.filter(role_grants::agency_id.eq(v)),
        None => q.filter(role_grants::agency_id.is_null()),
    };
    q = match g.venue_id {
        Some(v) => q.filter(role_grants::venue_id.eq(v)),
        None => q.filter(role_grants::venue_id.is_null()),
    };
    q.first(conn).optional()
}

pub fn insert_grant(conn: &mut DbConn, g: &NewGrant) -> QueryResult<Grant> {
    diesel::insert_into(role_grants::table)
        .values((g, role_grants::created_at.eq(now())))
        .get_result(conn)
}

pub fn delete_grant(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(role_grants::table.find(id)).execute(conn)
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshToken {
    pub id: i64,
    pub user_id: i64,
    /// All tokens descended from one login share a family; reuse of any revokes them all.
    pub family: String,
    pub token_hash: String,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

pub fn insert_refresh_token(
    conn: &mut DbConn,
    user_id: i64,
    family: &str,
    token_hash: &str,
    expires_at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::user_id.eq(user_id),
            refresh_tokens::family.eq(family),
            refresh_tokens::token_hash.eq(token_hash),
            refresh_tokens::expires_at.eq(expires_at),
            refresh_tokens::created_at.eq(now()),
        ))
        .execute(conn)
}

pub fn find_refresh_token(
    conn: &mut DbConn,
    token_hash: &str,
) -> QueryResult<Option<RefreshToken>> {
    refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select(RefreshToken::as_select())
        .first(conn)
        .optional()
}

/// Marks a token used, only if it was still unused; returns whether this call won.
pub fn mark_refresh_token_used(conn: &mut DbConn, id: i64) -> QueryResult<bool> {
    let n = diesel::update(
        refresh_tokens::table
            .find(id)
            .filter(refresh_tokens::used_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(now()))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn revoke_family(conn: &mut DbConn, family: &str) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family.eq(family))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now()))
    .execute(conn)
}

/// Revokes every refresh token of an account (all its logins), e.g. when its password changes.
pub fn revoke_all_of_user(conn: &mut DbConn, user_id: i64) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now()))
    .execute(conn)
}

pub fn record_login_failure(conn: &mut DbConn, phone: &str, ip: &str) -> QueryResult<usize> {
    diesel::insert_into(login_failures::table)
        .values((
            login_failures::phone.eq(phone),
            login_failures::ip.eq(ip),
            login_failures::at.eq(now()),
        ))
        .execute(conn)
}

/// Failures since `since` for this phone and for this IP, with the oldest time of each.
pub fn login_failures_since(
    conn: &mut DbConn,
    phone: &str,
    ip: &str,
    since: NaiveDateTime,
) -> QueryResult<(Vec<NaiveDateTime>, Vec<NaiveDateTime>)> {
    let by_phone = login_failures::table
        .filter(login_failures::phone.eq(phone))
        .filter(login_failures::at.ge(since))
        .select(login_failures::at)
        .order(login_failures::at.asc())
        .load(conn)?;
    let by_ip = login_failures::table
        .filter(login_failures::ip.eq(ip))
        .filter(login_failures::at.ge(since))
        .select(login_failures::at)
        .order(login_failures::at.asc())
        .load(conn)?;
    Ok((by_phone, by_ip))
}

/// Forgets failures for a phone after a successful login, and prunes old records.
pub fn clear_login_failures(
    conn: &mut DbConn,
    phone: &str,
    older_than: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::delete(
        login_failures::table.filter(
            login_failures::phone
                .eq(phone)
                .or(login_failures::at.lt(older_than)),
        ),
    )
    .execute(conn)
}
