//! List conventions: `limit` (1–100, default 20), an opaque `cursor`, a `sort`, and the
//! `{items, next_cursor}` page.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use youai_db::page::{After, Sort, SortKey, split_page};
use youai_types::{FieldError, Page};

use crate::error::{ApiError, ApiResult};

pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;

/// The sorts every list accepts: creation order or name, either way.
pub const SORTS: [&str; 4] = ["id", "-id", "name", "-name"];

#[derive(Debug, Clone)]
pub struct PageRequest {
    pub sort: Sort,
    pub after: Option<After>,
    pub limit: i64,
    sort_name: String,
}

/// What a cursor carries: the sort it was made for and the last row's position.
#[derive(Serialize, Deserialize)]
struct CursorData {
    s: String,
    id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    n: Option<String>,
}

/// The orders a list can be sorted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, utoipa::ToSchema)]
pub enum ListSort {
    /// Oldest first (the default).
    #[default]
    #[serde(rename = "id")]
    Id,
    /// Newest first.
    #[serde(rename = "-id")]
    IdDesc,
    /// By name (Unicode code point order).
    #[serde(rename = "name")]
    Name,
    /// By name, descending.
    #[serde(rename = "-name")]
    NameDesc,
}

pub fn page_request(
    limit: Option<i64>,
    cursor: Option<&str>,
    sort: Option<ListSort>,
) -> ApiResult<PageRequest> {
    let mut errors = Vec::new();
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        errors.push(FieldError::new(
            "limit",
            "out_of_range",
            format!("limit 须在 1 到 {MAX_LIMIT} 之间"),
        ));
    }
    let sort = sort.unwrap_or_default();
    let sort_name = SORTS.get(sort as usize).copied().unwrap_or("id").to_owned();
    let sort = match sort {
        ListSort::Id => Sort {
            key: SortKey::Id,
            descending: false,
        },
        ListSort::IdDesc => Sort {
            key: SortKey::Id,
            descending: true,
        },
        ListSort::Name => Sort {
            key: SortKey::Name,
            descending: false,
        },
        ListSort::NameDesc => Sort {
            key: SortKey::Name,
            descending: true,
        },
    };
    let after = match cursor.filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => match decode_cursor(c) {
            Some(d) if d.s == sort_name => Some(After {
                id: d.id,
                name: d.n,
            }),
            Some(_) => {
                errors.push(FieldError::new(
                    "cursor",
                    "cursor_sort_mismatch",
                    "cursor 来自另一种排序，请从第一页重新开始",
                ));
                None
            }
            None => {
                errors.push(FieldError::new("cursor", "invalid_cursor", "cursor 无效"));
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    Ok(PageRequest {
        sort,
        after,
        limit,
        sort_name,
    })
}

fn decode_cursor(c: &str) -> Option<CursorData> {
    let bytes = URL_SAFE_NO_PAD.decode(c).ok()?;
    serde_json::from_slice(&bytes).ok()
}

impl PageRequest {
    /// Builds the page from up to `limit + 1` rows; `key` gives a row's id and name.
    pub fn page<R, T>(
        &self,
        rows: Vec<R>,
        key: impl Fn(&R) -> (i64, &str),
        map: impl Fn(R) -> T,
    ) -> Page<T> {
        let (rows, more) = split_page(rows, self.limit);
        let next_cursor = if more {
            rows.last().map(|last| {
                let (id, name) = key(last);
                let n = (self.sort.key == SortKey::Name).then(|| name.to_owned());
                let data = CursorData {
                    s: self.sort_name.clone(),
                    id,
                    n,
                };
                URL_SAFE_NO_PAD.encode(serde_json::to_vec(&data).unwrap_or_default())
            })
        } else {
            None
        };
        Page {
            items: rows.into_iter().map(map).collect(),
            next_cursor,
        }
    }
}

/// A text query, trimmed; empty means none. Too long is an error, not a silent cut.
pub fn text_query(q: Option<&str>) -> ApiResult<Option<String>> {
    match q.map(str::trim).filter(|q| !q.is_empty()) {
        None => Ok(None),
        Some(q) if q.chars().count() > 100 => {
            Err(ApiError::field("q", "too_long", "搜索词最多 100 个字符"))
        }
        Some(q) => Ok(Some(q.to_owned())),
    }
}
