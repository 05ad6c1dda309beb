//! The input checks of 礼遇's writes, every field at once: the reward rules, a new courtesy, a
//! points adjustment and an honour.

use chrono::NaiveDate;
use youai_types::{FieldError, NewReward, RewardKind, RewardRules};

use super::{expiry_due, thresholds_ok};
use crate::validate::Errors;

/// The reward rules an admin sets.
pub fn rules(r: &RewardRules) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    if !thresholds_ok(&r.star_thresholds_hours) {
        e.add(
            "star_thresholds_hours",
            "not_rising",
            "星级门槛须为递增的正数小时",
        );
    }
    if r.points_per_hour > 10_000 {
        e.add(
            "points_per_hour",
            "out_of_range",
            "每小时积分须在 0–10000 之间",
        );
    }
    if let Some(d) = &r.expire_on
        && expiry_due(Some(d), NaiveDate::MAX).is_none()
    {
        e.add("expire_on", "invalid_date", "到期日须为 MM-DD，如 12-31");
    }
    e.into_result()
}

/// Days a voucher stays valid when a new courtesy does not say.
pub const DEFAULT_VOUCHER_DAYS: u32 = 30;

/// A courtesy for the catalogue (new, or an existing one with a change merged in).
pub fn reward(r: &NewReward) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    let name = r.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        e.add("name", "required", "名称须为 1–100 字");
    }
    let provider = r.provider.trim();
    if provider.is_empty() || provider.chars().count() > 100 {
        e.add("provider", "required", "提供方须为 1–100 字");
    }
    if !(0..=1_000_000).contains(&r.cost_points) {
        e.add("cost_points", "out_of_range", "所需积分须在 0–1000000 之间");
    }
    if r.stock.is_some_and(|s| !(0..=1_000_000).contains(&s)) {
        e.add("stock", "out_of_range", "库存须在 0–1000000 之间");
    }
    if r.kind == RewardKind::Goods && r.stock.is_none() {
        e.add("stock", "required", "兑换物资须填写库存");
    }
    if r.min_star.is_some_and(|s| s > 5) {
        e.add("min_star", "out_of_range", "星级为 1–5");
    }
    if r.per_person_limit == Some(0) {
        e.add(
            "per_person_limit",
            "out_of_range",
            "每人限额至少为 1（不限则不填）",
        );
    }
    if let Some(k) = &r.team_kind
        && youai_types::TeamKind::parse(k).is_none()
    {
        e.add("team_kind", "unknown_team_kind", "未知的队伍类型");
    }
    if let (Some(from), Some(until)) = (r.valid_from, r.valid_until)
        && until < from
    {
        e.add("valid_until", "before_valid_from", "有效期结束不能早于开始");
    }
    if !(1..=3660).contains(&r.voucher_days.unwrap_or(DEFAULT_VOUCHER_DAYS)) {
        e.add(
            "voucher_days",
            "out_of_range",
            "兑换券有效天数须在 1–3660 之间",
        );
    }
    e.into_result()
}

/// An admin's adjustment of points: signed, not zero, with a reason.
pub fn adjustment(points: i64, reason: &str) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    if points == 0 || !(-1_000_000..=1_000_000).contains(&points) {
        e.add(
            "points",
            "out_of_range",
            "调整积分须为非零整数，绝对值不超过 1000000",
        );
    }
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        e.add("reason", "required", "调整积分须说明理由（500 字以内）");
    }
    e.into_result()
}

/// An honour with its citation, awarded on a day no later than `today`.
pub fn honour(
    title: &str,
    citation: &str,
    awarded_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    let (title, citation) = (title.trim(), citation.trim());
    if title.is_empty() || title.chars().count() > 100 {
        e.add("title", "required", "荣誉名称须为 1–100 字");
    }
    if citation.is_empty() || citation.chars().count() > 1000 {
        e.add("citation", "required", "授予理由须为 1–1000 字");
    }
    if awarded_on > today {
        e.add("awarded_on", "in_future", "授予日期不能晚于今天");
    }
    e.into_result()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn codes(r: Result<(), Vec<FieldError>>) -> Vec<(String, String)> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    fn pair(f: &str, c: &str) -> (String, String) {
        (f.into(), c.into())
    }

    #[test]
    fn rules_are_checked_field_by_field() {
        assert_eq!(codes(rules(&RewardRules::default())), vec![]);
        let bad = RewardRules {
            star_thresholds_hours: vec![100, 50],
            points_per_hour: 10_001,
            expire_on: Some("02-30".into()),
            ..RewardRules::default()
        };
        assert_eq!(
            codes(rules(&bad)),
            vec![
                pair("star_thresholds_hours", "not_rising"),
                pair("points_per_hour", "out_of_range"),
                pair("expire_on", "invalid_date"),
            ]
        );
    }

    fn goods() -> NewReward {
        NewReward {
            kind: RewardKind::Goods,
            name: "文化衫".into(),
            description: None,
            provider: "总队".into(),
            provider_user_id: None,
            min_star: None,
            min_recent_hours: None,
            team_kind: None,
            min_age: None,
            cost_points: 200,
            per_person_limit: None,
            stock: Some(10),
            valid_from: None,
            valid_until: None,
            voucher_days: None,
        }
    }

    #[test]
    fn a_courtesy_is_checked_field_by_field() {
        type Change = fn(&mut NewReward);
        type Fields = &'static [(&'static str, &'static str)];
        let cases: &[(&str, Change, Fields)] = &[
            ("fine", |_| {}, &[]),
            (
                "blank name",
                |r| r.name = "  ".into(),
                &[("name", "required")],
            ),
            (
                "blank provider",
                |r| r.provider = String::new(),
                &[("provider", "required")],
            ),
            (
                "negative cost",
                |r| r.cost_points = -1,
                &[("cost_points", "out_of_range")],
            ),
            (
                "goods without stock",
                |r| r.stock = None,
                &[("stock", "required")],
            ),
            (
                "service without stock",
                |r| {
                    r.kind = RewardKind::Service;
                    r.stock = None;
                },
                &[],
            ),
            (
                "six stars",
                |r| r.min_star = Some(6),
                &[("min_star", "out_of_range")],
            ),
            (
                "limit of none",
                |r| r.per_person_limit = Some(0),
                &[("per_person_limit", "out_of_range")],
            ),
            (
                "unknown team kind",
                |r| r.team_kind = Some("club".into()),
                &[("team_kind", "unknown_team_kind")],
            ),
            (
                "ends before it starts",
                |r| {
                    r.valid_from = NaiveDate::from_ymd_opt(2026, 2, 1);
                    r.valid_until = NaiveDate::from_ymd_opt(2026, 1, 31);
                },
                &[("valid_until", "before_valid_from")],
            ),
            (
                "vouchers for no day",
                |r| r.voucher_days = Some(0),
                &[("voucher_days", "out_of_range")],
            ),
        ];
        for (name, change, want) in cases {
            let mut r = goods();
            change(&mut r);
            let want: Vec<_> = want.iter().map(|(f, c)| pair(f, c)).collect();
            assert_eq!(codes(reward(&r)), want, "{name}");
        }
    }

    #[test]
    fn an_adjustment_needs_points_and_a_reason() {
        assert_eq!(codes(adjustment(-20, "重复登记")), vec![]);
        assert_eq!(
            codes(adjustment(0, " ")),
            vec![pair("points", "out_of_range"), pair("reason", "required")]
        );
        assert_eq!(
            codes(adjustment(1_000_001, "x")),
            vec![pair("points", "out_of_range")]
        );
        assert_eq!(
            codes(adjustment(5, &"字".repeat(501))),
            vec![pair("reason", "required")]
        );
    }

    #[test]
    fn an_honour_needs_a_title_a_citation_and_a_past_day() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        assert_eq!(
            codes(honour("优秀志愿者", "常年坚持", today, today)),
            vec![]
        );
        assert_eq!(
            codes(honour("", " ", today.succ_opt().unwrap(), today)),
            vec![
                pair("title", "required"),
                pair("citation", "required"),
                pair("awarded_on", "in_future"),
            ]
        );
    }
}
