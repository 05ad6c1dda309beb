//! The audit log: append-only rows of who changed what (the database refuses updates and
//! deletes on it).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::page::fetch_limit;
use crate::schema::audit_log;
use crate::{DbConn, now};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct Entry {
    pub id: i64,
    pub at: NaiveDateTime,
    pub actor_id: Option<i64>,
    pub request_id: Option<String>,
    pub action: String,
    pub target_type: String,
    pub target_id: String,
    pub before_state: Option<String>,
    pub after_state: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = audit_log)]
pub struct NewEntry {
    pub actor_id: Option<i64>,
    pub request_id: Option<String>,
    pub action: String,
    pub target_type: String,
    pub target_id: String,
    pub before_state: Option<String>,
    pub after_state: Option<String>,
}

pub fn append(conn: &mut DbConn, e: &NewEntry) -> QueryResult<usize> {
    diesel::insert_into(audit_log::table)
        .values((e, audit_log::at.eq(now())))
        .execute(conn)
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub actor_id: Option<i64>,
    pub action: Option<String>,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub from: Option<NaiveDateTime>,
    pub to: Option<NaiveDateTime>,
}

/// Newest first, before the id `before` when paging.
pub fn list(
    conn: &mut DbConn,
    f: &Filter,
    before: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<Entry>> {
    let mut q = audit_log::table
        .select(Entry::as_select())
        .order(audit_log::id.desc())
        .limit(fetch_limit(limit))
        .into_boxed();
    if let Some(a) = f.actor_id {
        q = q.filter(audit_log::actor_id.eq(a));
    }
    if let Some(a) = &f.action {
        q = q.filter(audit_log::action.eq(a.clone()));
    }
    if let Some(t) = &f.target_type {
        q = q.filter(audit_log::target_type.eq(t.clone()));
    }
    if let Some(t) = &f.target_id {
        q = q.filter(audit_log::target_id.eq(t.clone()));
    }
    if let Some(t) = f.from {
        q = q.filter(audit_log::at.ge(t));
    }
    if let Some(t) = f.to {
        q = q.filter(audit_log::at.lt(t));
    }
    if let Some(b) = before {
        q = q.filter(audit_log::id.lt(b));
    }
    q.load(conn)
}
