//! The resources list's rules (社会资源清单): what a valid agency and resource are, which
//! period an allocation (下沉) counts against, and when a resource may be allocated at all.

use chrono::{Datelike, NaiveDate};
use youai_types::vocabulary::{RESOURCE_TOPICS, TARGET_GROUPS};
use youai_types::{AreaLevel, FieldError, ResourcePeriod, ResourceStatus, is_mobile_phone};

use crate::validate::Errors;

/// The most a resource may offer in one period (a fund counted in 元 runs to millions).
pub const MAX_CAPACITY: i32 = 100_000_000;

/// The first day of the period `date` falls in.
pub fn period_start(date: NaiveDate, period: ResourcePeriod) -> NaiveDate {
    let month = match period {
        ResourcePeriod::Month => date.month(),
        ResourcePeriod::Quarter => (date.month0() / 3) * 3 + 1,
        ResourcePeriod::Year => 1,
    };
    NaiveDate::from_ymd_opt(date.year(), month, 1).unwrap_or(date)
}

/// What is left of `capacity` once `allocated` is taken (never below 0: capacity may have
/// been lowered after allocations).
pub fn remaining(capacity: i32, allocated: i32) -> i32 {
    capacity.saturating_sub(allocated).max(0)
}

/// Why a resource cannot be allocated on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllocationRefusal {
    Withdrawn,
    /// The day is before `available_from`.
    NotYetAvailable(NaiveDate),
    /// The day is after `available_until`.
    NoLongerAvailable(NaiveDate),
}

impl AllocationRefusal {
    pub fn code(self) -> &'static str {
        match self {
            AllocationRefusal::Withdrawn => "resource_withdrawn",
            AllocationRefusal::NotYetAvailable(_) | AllocationRefusal::NoLongerAvailable(_) => {
                "resource_unavailable"
            }
        }
    }

    pub fn message(self) -> String {
        match self {
            AllocationRefusal::Withdrawn => "该资源已撤回，不能再下沉".to_owned(),
            AllocationRefusal::NotYetAvailable(d) => format!("该资源自 {d} 起才可下沉"),
            AllocationRefusal::NoLongerAvailable(d) => format!("该资源只可下沉至 {d}"),
        }
    }
}

/// May the resource be allocated for `date`? Yes gives the period the allocation counts
/// against; capacity is checked by the counter, under concurrency, by storage.
pub fn allocatable(
    status: ResourceStatus,
    available_from: Option<NaiveDate>,
    available_until: Option<NaiveDate>,
    period: ResourcePeriod,
    date: NaiveDate,
) -> Result<NaiveDate, AllocationRefusal> {
    if status == ResourceStatus::Withdrawn {
        return Err(AllocationRefusal::Withdrawn);
    }
    if let Some(from) = available_from
        && date < from
    {
        return Err(AllocationRefusal::NotYetAvailable(from));
    }
    if let Some(until) = available_until
        && date > until
    {
        return Err(AllocationRefusal::NoLongerAvailable(until));
    }
    Ok(period_start(date, period))
}

/// An agency's own fields (name, contact, description).
pub fn agency_fields(
    e: &mut Errors,
    name: Option<&str>,
    contact_name: Option<&str>,
    contact_phone: Option<&str>,
    description: Option<&str>,
) {
    if let Some(n) = name {
        e.text("name", n, 2, 60);
    }
    e.optional_text("contact_name", contact_name, 30);
    if let Some(p) = contact_phone
        && !is_mobile_phone(p.trim())
    {
        e.add("contact_phone", "invalid_phone", "请输入 11 位手机号");
    }
    e.optional_text("description", description, 2000);
}

/// The editable fields of a resource, as given (absent ones are not checked).
#[derive(Debug, Clone, Default)]
pub struct ResourceFields<'a> {
    pub title: Option<&'a str>,
    pub description: Option<&'a str>,
    pub topics: Option<&'a [String]>,
    pub target_groups: Option<&'a [String]>,
    pub capacity: Option<i32>,
    pub unit: Option<&'a str>,
    pub available_from: Option<NaiveDate>,
    pub available_until: Option<NaiveDate>,
}

pub fn resource_fields(e: &mut Errors, f: &ResourceFields<'_>) {
    if let Some(t) = f.title {
        e.text("title", t, 2, 100);
    }
    e.optional_text("description", f.description, 5000);
    if let Some(topics) = f.topics {
        if topics.is_empty() {
            e.add("topics", "required", "至少选择一个主题");
        }
        for (i, t) in topics.iter().enumerate() {
            if !RESOURCE_TOPICS.iter().any(|(name, _)| name == t) {
                e.add(
                    &format!("topics[{i}]"),
                    "unknown_topic",
                    format!(
                        "主题须为：{}",
                        RESOURCE_TOPICS.map(|(name, _)| name).join("、")
                    ),
                );
            }
        }
    }
    for (i, g) in f.target_groups.unwrap_or_default().iter().enumerate() {
        if !TARGET_GROUPS.iter().any(|(name, _)| name == g) {
            e.add(
                &format!("target_groups[{i}]"),
                "unknown_target_group",
                format!(
                    "服务对象须为：{}",
                    TARGET_GROUPS.map(|(name, _)| name).join("、")
                ),
            );
        }
    }
    if let Some(c) = f.capacity
        && !(1..=MAX_CAPACITY).contains(&c)
    {
        e.add(
            "capacity",
            "out_of_range",
            format!("每期容量须在 1 到 {MAX_CAPACITY} 之间"),
        );
    }
    if let Some(u) = f.unit {
        e.text("unit", u, 1, 10);
    }
    if let (Some(from), Some(until)) = (f.available_from, f.available_until)
        && until < from
    {
        e.add(
            "available_until",
            "before_available_from",
            "可下沉截止日期不能早于开始日期",
        );
    }
}

/// Who provides a resource and where it sits: exactly one provider, and the level of its area.
pub fn resource_placement(
    e: &mut Errors,
    agency: Option<i64>,
    team: Option<i64>,
    level: AreaLevel,
    area_level: Option<AreaLevel>,
) {
    match (agency, team) {
        (None, None) => e.add(
            "provider_agency_id",
            "required",
            "须指定提供资源的机关单位或队伍",
        ),
        (Some(_), Some(_)) => e.add(
            "provider_team_id",
            "one_provider",
            "资源只能有一个提供方：机关单位或队伍",
        ),
        _ => {}
    }
    match area_level {
        None => e.add("area_id", "not_found", "区域不存在"),
        Some(l) if l != level => e.add("level", "level_mismatch", "资源层级须与所属区域的层级一致"),
        Some(_) => {}
    }
}

/// An allocation's own fields; `area_level` is the level of the receiving area (None: no such
/// area), `inside` whether it lies in the resource's area.
pub fn allocation_fields(
    quantity: i32,
    note: Option<&str>,
    area_level: Option<AreaLevel>,
    inside: bool,
) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    if !(1..=MAX_CAPACITY).contains(&quantity) {
        e.add(
            "quantity",
            "out_of_range",
            format!("数量须在 1 到 {MAX_CAPACITY} 之间"),
        );
    }
    e.optional_text("note", note, 500);
    match area_level {
        None => e.add("area_id", "not_found", "区域不存在"),
        Some(AreaLevel::City) => {
            e.add("area_id", "not_town_or_village", "只能下沉到镇或村（社区）")
        }
        Some(_) if !inside => e.add(
            "area_id",
            "outside_resource_area",
            "只能下沉到资源所属区域之内",
        ),
        Some(_) => {}
    }
    e.into_result()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn periods_start_on_their_first_day() {
        use ResourcePeriod::*;
        let cases = [
            (d(2026, 12, 10), Month, d(2026, 12, 1)),
            (d(2026, 12, 1), Month, d(2026, 12, 1)),
            (d(2026, 2, 28), Month, d(2026, 2, 1)),
            (d(2026, 1, 31), Quarter, d(2026, 1, 1)),
            (d(2026, 3, 31), Quarter, d(2026, 1, 1)),
            (d(2026, 4, 1), Quarter, d(2026, 4, 1)),
            (d(2026, 8, 15), Quarter, d(2026, 7, 1)),
            (d(2026, 12, 31), Quarter, d(2026, 10, 1)),
            (d(2026, 12, 31), Year, d(2026, 1, 1)),
            (d(2027, 1, 1), Year, d(2027, 1, 1)),
        ];
        for (date, period, want) in cases {
            assert_eq!(period_start(date, period), want, "{date} {period:?}");
        }
    }

    #[test]
    fn remaining_never_goes_below_zero() {
        for (cap, used, want) in [(7, 0, 7), (7, 6, 1), (7, 7, 0), (5, 7, 0)] {
            assert_eq!(remaining(cap, used), want);
        }
    }

    #[test]
    fn allocatable_within_the_window_and_while_active() {
        use ResourceStatus::*;
        let (from, until) = (Some(d(2026, 3, 1)), Some(d(2026, 11, 30)));
        let month = ResourcePeriod::Month;
        let cases = [
            (Active, None, None, d(2026, 12, 5), Ok(d(2026, 12, 1))),
            (Active, from, until, d(2026, 3, 1), Ok(d(2026, 3, 1))),
            (Active, from, until, d(2026, 11, 30), Ok(d(2026, 11, 1))),
            (
                Active,
                from,
                until,
                d(2026, 2, 28),
                Err(AllocationRefusal::NotYetAvailable(d(2026, 3, 1))),
            ),
            (
                Active,
                from,
                until,
                d(2026, 12, 1),
                Err(AllocationRefusal::NoLongerAvailable(d(2026, 11, 30))),
            ),
            (
                Withdrawn,
                None,
                None,
                d(2026, 12, 5),
                Err(AllocationRefusal::Withdrawn),
            ),
        ];
        for (status, f, u, date, want) in cases {
            assert_eq!(
                allocatable(status, f, u, month, date),
                want,
                "{status:?} {date}"
            );
        }
        assert_eq!(AllocationRefusal::Withdrawn.code(), "resource_withdrawn");
        assert_eq!(
            AllocationRefusal::NotYetAvailable(d(2026, 3, 1)).code(),
            "resource_unavailable"
        );
    }

    fn codes(e: Errors) -> Vec<(String, String)> {
        e.0.into_iter().map(|f| (f.field, f.code)).collect()
    }

    #[test]
    fn resource_fields_are_checked() {
        let topics = vec!["法律维权".to_owned(), "算命".to_owned()];
        let groups = vec!["外星人".to_owned()];
        let mut e = Errors::default();
        resource_fields(
            &mut e,
            &ResourceFields {
                title: Some("法"),
                topics: Some(&topics),
                target_groups: Some(&groups),
                capacity: Some(0),
                unit: Some(""),
                available_from: Some(d(2026, 5, 1)),
                available_until: Some(d(2026, 4, 1)),
                ..ResourceFields::default()
            },
        );
        let got = codes(e);
        for want in [
            ("title", "too_short"),
            ("topics[1]", "unknown_topic"),
            ("target_groups[0]", "unknown_target_group"),
            ("capacity", "out_of_range"),
            ("unit", "required"),
            ("available_until", "before_available_from"),
        ] {
            assert!(
                got.contains(&(want.0.into(), want.1.into())),
                "{want:?} in {got:?}"
            );
        }
        assert_eq!(got.len(), 6, "{got:?}");
        let mut e = Errors::default();
        resource_fields(&mut e, &ResourceFields::default());
        assert!(e.0.is_empty(), "a patch that changes nothing is valid");
    }

    #[test]
    fn placement_needs_one_provider_and_the_areas_level() {
        use AreaLevel::*;
        // (agency, team, level, the area's level, the codes expected)
        type Case = (
            Option<i64>,
            Option<i64>,
            AreaLevel,
            Option<AreaLevel>,
            &'static [&'static str],
        );
        let cases: &[Case] = &[
            (Some(1), None, Town, Some(Town), &[]),
            (None, Some(2), Village, Some(Village), &[]),
            (None, None, Town, Some(Town), &["required"]),
            (Some(1), Some(2), Town, Some(Town), &["one_provider"]),
            (Some(1), None, City, Some(Town), &["level_mismatch"]),
            (Some(1), None, City, None, &["not_found"]),
        ];
        for (agency, team, level, area, want) in cases {
            let mut e = Errors::default();
            resource_placement(&mut e, *agency, *team, *level, *area);
            let got: Vec<String> = e.0.into_iter().map(|f| f.code).collect();
            assert_eq!(got, *want, "{agency:?} {team:?} {level:?} {area:?}");
        }
    }

    #[test]
    fn allocations_go_to_towns_and_villages_inside_the_resource_area() {
        use AreaLevel::*;
        let cases: &[(i32, Option<AreaLevel>, bool, &[&str])] = &[
            (1, Some(Village), true, &[]),
            (3, Some(Town), true, &[]),
            (0, Some(Village), true, &["out_of_range"]),
            (1, Some(City), true, &["not_town_or_village"]),
            (1, Some(Village), false, &["outside_resource_area"]),
            (1, None, false, &["not_found"]),
        ];
        for (q, level, inside, want) in cases {
            let got: Vec<String> = allocation_fields(*q, None, *level, *inside)
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|f| f.code)
                .collect();
            assert_eq!(got, *want, "{q} {level:?} {inside}");
        }
    }

    #[test]
    fn agency_contacts_are_checked() {
        let mut e = Errors::default();
        agency_fields(&mut e, Some("司"), None, Some("12345"), None);
        assert_eq!(
            codes(e),
            vec![
                ("name".into(), "too_short".into()),
                ("contact_phone".into(), "invalid_phone".into())
            ]
        );
        let mut e = Errors::default();
        agency_fields(
            &mut e,
            Some("张家港市司法局"),
            Some("王科长"),
            Some("13800005555"),
            None,
        );
        assert!(e.0.is_empty());
    }
}
