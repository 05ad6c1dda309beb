//! The menu (供单): what a menu item's fields must be. A patch checks only what it changes.

use crate::validate::Errors;

/// Areas a menu item may serve at most.
pub const MAX_AREAS: usize = 50;
/// Orders a month at most.
pub const MAX_CAPACITY: i32 = 1000;
/// Days' notice at most.
pub const MAX_LEAD_DAYS: i32 = 90;
/// Characters of conditions at most.
pub const MAX_CONDITIONS: usize = 500;

/// A menu item's fields as given (None: not being set).
#[derive(Debug, Clone, Copy, Default)]
pub struct MenuFields<'a> {
    pub area_ids: Option<&'a [i64]>,
    pub capacity_per_month: Option<i32>,
    pub lead_days: Option<i32>,
    pub conditions: Option<&'a str>,
}

pub fn menu_fields(e: &mut Errors, f: &MenuFields<'_>) {
    if let Some(areas) = f.area_ids {
        if areas.is_empty() {
            e.add("area_ids", "required", "至少选择一个服务区域");
        } else if areas.len() > MAX_AREAS {
            e.add(
                "area_ids",
                "too_many",
                format!("服务区域最多 {MAX_AREAS} 个"),
            );
        }
    }
    if let Some(c) = f.capacity_per_month
        && !(1..=MAX_CAPACITY).contains(&c)
    {
        e.add(
            "capacity_per_month",
            "out_of_range",
            format!("每月可接单数须在 1 到 {MAX_CAPACITY} 之间"),
        );
    }
    if let Some(d) = f.lead_days
        && !(0..=MAX_LEAD_DAYS).contains(&d)
    {
        e.add(
            "lead_days",
            "out_of_range",
            format!("提前预约天数须在 0 到 {MAX_LEAD_DAYS} 之间"),
        );
    }
    if let Some(c) = f.conditions
        && !c.trim().is_empty()
    {
        e.text("conditions", c, 1, MAX_CONDITIONS);
    }
}

/// The areas of a menu item, each once, in id order.
pub fn unique_areas(ids: &[i64]) -> Vec<i64> {
    let mut v = ids.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

/// The ids on an area's materialised path (`/1/4/9/` → 1, 4, 9): the area and its ancestors.
pub fn path_ids(path: &str) -> Vec<i64> {
    path.split('/').filter_map(|s| s.parse().ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(f: MenuFields<'_>) -> Vec<(String, String)> {
        let mut e = Errors::default();
        menu_fields(&mut e, &f);
        e.0.into_iter().map(|x| (x.field, x.code)).collect()
    }

    #[test]
    fn field_edges() {
        let ok = [1_i64];
        assert!(
            codes(MenuFields {
                area_ids: Some(&ok),
                capacity_per_month: Some(1),
                lead_days: Some(0),
                conditions: Some(""),
            })
            .is_empty()
        );
        assert!(
            codes(MenuFields {
                area_ids: Some(&ok),
                capacity_per_month: Some(1000),
                lead_days: Some(90),
                conditions: Some(&"字".repeat(500)),
            })
            .is_empty()
        );
        let many: Vec<i64> = (1..=51).collect();
        let got = codes(MenuFields {
            area_ids: Some(&many),
            capacity_per_month: Some(0),
            lead_days: Some(91),
            conditions: Some(&"字".repeat(501)),
        });
        let fields: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            ["area_ids", "capacity_per_month", "lead_days", "conditions"]
        );
        assert_eq!(
            codes(MenuFields {
                area_ids: Some(&[]),
                ..MenuFields::default()
            }),
            [("area_ids".to_owned(), "required".to_owned())]
        );
    }

    #[test]
    fn paths_and_areas() {
        assert_eq!(path_ids("/1/4/9/"), [1, 4, 9]);
        assert_eq!(unique_areas(&[3, 1, 3]), [1, 3]);
    }
}
