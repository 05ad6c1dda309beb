//! Keyset pagination: a page is "the next `limit` rows after this position in this order", so
//! rows inserted while a client walks the pages never make it see a row twice.

/// The orders a list can be walked in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// Creation order (the default).
    Id,
    /// By name, then id. Code-point order: pinyin collation is not portable across backends.
    Name,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Default for Sort {
    fn default() -> Self {
        Sort {
            key: SortKey::Id,
            descending: false,
        }
    }
}

/// The position after which the next page starts: the last row's sort key and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct After {
    pub id: i64,
    pub name: Option<String>,
}

/// Asks for one row more than the page holds, to learn whether another page follows.
pub fn fetch_limit(limit: i64) -> i64 {
    limit.saturating_add(1)
}

/// Trims the extra row and says whether there was one.
pub fn split_page<T>(mut rows: Vec<T>, limit: i64) -> (Vec<T>, bool) {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let more = rows.len() > limit;
    rows.truncate(limit);
    (rows, more)
}

/// Applies the keyset condition and order for `sort` to a boxed query over a table with an
/// `id` column, sorting by name with the given name column.
#[macro_export]
macro_rules! keyset_by {
    ($query:expr, $table:ident, $name:expr, $sort:expr, $after:expr) => {{
        use diesel::prelude::*;
        use $crate::page::SortKey;
        use $crate::schema::$table;
        let mut q = $query;
        let sort: $crate::page::Sort = $sort;
        let after: Option<&$crate::page::After> = $after;
        match (sort.key, sort.descending) {
            (SortKey::Id, false) => {
                if let Some(a) = after {
                    q = q.filter($table::id.gt(a.id));
                }
                q.order($table::id.asc())
            }
            (SortKey::Id, true) => {
                if let Some(a) = after {
                    q = q.filter($table::id.lt(a.id));
                }
                q.order($table::id.desc())
            }
            (SortKey::Name, false) => {
                if let Some(a) = after {
                    let n = a.name.clone().unwrap_or_default();
                    q = q.filter($name.gt(n.clone()).or($name.eq(n).and($table::id.gt(a.id))));
                }
                q.order(($name.asc(), $table::id.asc()))
            }
            (SortKey::Name, true) => {
                if let Some(a) = after {
                    let n = a.name.clone().unwrap_or_default();
                    q = q.filter($name.lt(n.clone()).or($name.eq(n).and($table::id.lt(a.id))));
                }
                q.order(($name.desc(), $table::id.desc()))
            }
        }
    }};
}

/// [`keyset_by!`] for tables whose name column is `name`.
#[macro_export]
macro_rules! keyset {
    ($query:expr, $table:ident, $sort:expr, $after:expr) => {
        $crate::keyset_by!($query, $table, $crate::schema::$table::name, $sort, $after)
    };
}
