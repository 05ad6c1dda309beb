//! The rules of 礼遇 without storage: star levels from hours, points for a service record,
//! what expires at the year's end, and who may redeem a courtesy. The decisions of each
//! operation live in the submodules, over facts their service loaded.

pub mod checks;
pub mod points;
pub mod redemption;
pub mod vouchers;

use chrono::NaiveDate;
use youai_types::{RewardRules, TeamKind};

/// The star level (0–5) that `quarters` of verified service reach under `thresholds_hours`
/// (ascending hours for ★1, ★2, …).
pub fn star_level(thresholds_hours: &[u32], quarters: i64) -> u8 {
    let hours4 = quarters.max(0);
    thresholds_hours
        .iter()
        .take_while(|h| i64::from(**h) * 4 <= hours4)
        .count()
        .min(usize::from(u8::MAX)) as u8
}

/// Thresholds must rise strictly and be positive.
pub fn thresholds_ok(thresholds_hours: &[u32]) -> bool {
    !thresholds_hours.is_empty()
        && thresholds_hours.first().is_some_and(|h| *h > 0)
        && thresholds_hours.windows(2).all(|w| match w {
            [a, b] => a < b,
            _ => true,
        })
}

/// Points a verified record earns: `points_per_hour` per hour, whole points, within what is
/// left of the cap per activity (`earned_for_activity` by the volunteer's other records there).
pub fn points_for_record(
    rules: &RewardRules,
    quarters: i32,
    leader_entry: bool,
    earned_for_activity: i64,
) -> i64 {
    if leader_entry && !rules.leader_entry_earns {
        return 0;
    }
    let points = i64::from(quarters.max(0)) * i64::from(rules.points_per_hour) / 4;
    match rules.cap_per_activity {
        Some(cap) => points.min((i64::from(cap) - earned_for_activity).max(0)),
        None => points,
    }
}

/// Points that expire at the yearly expiry: what is left of the points credited before the
/// year began, spending the oldest points first. `old_credits`: earned and refunded before
/// 1 January; `debits`: all points ever spent, reversed or expired (a positive number).
pub fn expiring(old_credits: i64, debits: i64, balance: i64) -> i64 {
    (old_credits - debits).clamp(0, balance.max(0))
}

/// Is the yearly expiry (`MM-DD`) due on `today`, and for which year?
pub fn expiry_due(expire_on: Option<&str>, today: NaiveDate) -> Option<i32> {
    use chrono::Datelike;
    let (m, d) = expire_on?.split_once('-')?;
    let day = NaiveDate::from_ymd_opt(today.year(), m.parse().ok()?, d.parse().ok()?)?;
    (today >= day).then_some(today.year())
}

/// The next level above `level` and the quarter hours still missing to it (none when below
/// it already, e.g. after the thresholds were lowered), or None at the top.
pub fn next_level(thresholds_hours: &[u32], level: u8, quarters: i64) -> Option<(u8, i64)> {
    thresholds_hours.get(usize::from(level)).map(|h| {
        (
            level.saturating_add(1),
            (i64::from(*h) * 4 - quarters.max(0)).max(0),
        )
    })
}

/// For each level from 1 to `level`, the index of the change (`(from, to)`, oldest first) that
/// last rose through it; levels no change rose through are left out.
pub fn levels_reached(level: u8, changes: &[(i32, i32)]) -> Vec<(u8, usize)> {
    (1..=level)
        .filter_map(|l| {
            changes
                .iter()
                .rposition(|(from, to)| *from < i32::from(l) && *to >= i32::from(l))
                .map(|i| (l, i))
        })
        .collect()
}

/// A verified service record, as eligibility counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Served {
    pub id: i64,
    pub quarters: i32,
    pub served_on: NaiveDate,
    /// The record this one corrects, if it is a correction.
    pub corrects_id: Option<i64>,
}

/// Quarter hours of verified service after `after` (the last 12 months), records replaced by a
/// verified correction not counted.
pub fn recent_quarters(verified: &[Served], after: NaiveDate) -> i64 {
    verified
        .iter()
        .filter(|r| !verified.iter().any(|c| c.corrects_id == Some(r.id)))
        .filter(|r| r.served_on > after)
        .map(|r| i64::from(r.quarters))
        .sum()
}

/// A volunteer as a courtesy's eligibility rules see them.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub star: u8,
    /// Verified quarter hours served in the last 12 months.
    pub recent_quarters: i64,
    pub age: u32,
    /// Kinds of the teams they are an active member of.
    pub team_kinds: Vec<TeamKind>,
}

/// A courtesy's eligibility rules.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Eligibility {
    pub min_star: Option<u8>,
    pub min_recent_hours: Option<u32>,
    pub team_kind: Option<TeamKind>,
    pub min_age: Option<u32>,
}

/// The first rule the candidate fails, as (code, message), or None when eligible.
pub fn first_failed_rule(rules: &Eligibility, who: &Candidate) -> Option<(&'static str, String)> {
    if let Some(s) = rules.min_star.filter(|s| who.star < *s) {
        return Some((
            "star_too_low",
            format!("需达到 {s} 星级（当前 {} 星）", who.star),
        ));
    }
    if let Some(h) = rules
        .min_recent_hours
        .filter(|h| who.recent_quarters < i64::from(*h) * 4)
    {
        return Some((
            "not_enough_recent_hours",
            format!(
                "近 12 个月需有 {h} 小时志愿服务（当前 {} 小时）",
                who.recent_quarters as f64 / 4.0
            ),
        ));
    }
    if let Some(k) = rules.team_kind.filter(|k| !who.team_kinds.contains(k)) {
        return Some((
            "team_kind_required",
            format!("仅限 {} 类队伍的成员", k.as_str()),
        ));
    }
    if let Some(a) = rules.min_age.filter(|a| who.age < *a) {
        return Some(("too_young", format!("须年满 {a} 周岁")));
    }
    None
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const DEFAULT: [u32; 5] = [100, 300, 600, 1000, 1500];

    #[test]
    fn star_levels_at_and_around_each_threshold() {
        let cases: &[(i64, u8, Option<i64>)] = &[
            (0, 0, Some(400)),
            (399, 0, Some(1)),
            (400, 1, Some(800)),
            (1199, 1, Some(1)),
            (1200, 2, Some(1200)),
            (2400, 3, Some(1600)),
            (4000, 4, Some(2000)),
            (5999, 4, Some(1)),
            (6000, 5, None),
            (99_999, 5, None),
            (-8, 0, Some(400)),
        ];
        for (q, level, next) in cases {
            assert_eq!(star_level(&DEFAULT, *q), *level, "{q} quarters");
            assert_eq!(
                next_level(&DEFAULT, *level, *q).map(|n| n.1),
                *next,
                "{q} quarters"
            );
        }
        assert_eq!(star_level(&[1, 2], 8), 2);
    }

    #[test]
    fn thresholds_must_rise() {
        assert!(thresholds_ok(&DEFAULT));
        assert!(!thresholds_ok(&[]));
        assert!(!thresholds_ok(&[0, 10]));
        assert!(!thresholds_ok(&[100, 100]));
        assert!(!thresholds_ok(&[300, 100]));
    }

    #[test]
    fn points_follow_the_rules() {
        let rules = RewardRules::default();
        assert_eq!(rules.points_per_hour, 10);
        let capped = RewardRules {
            cap_per_activity: Some(30),
            leader_entry_earns: false,
            ..RewardRules::default()
        };
        let cases: &[(&RewardRules, i32, bool, i64, i64)] = &[
            (&rules, 4, false, 0, 10),
            (&rules, 7, false, 0, 17), // 1.75 h → 17.5 → 17 whole points
            (&rules, 1, true, 0, 2),
            (&rules, 0, false, 0, 0),
            (&capped, 20, false, 0, 30),
            (&capped, 20, false, 25, 5),
            (&capped, 20, false, 40, 0),
            (&capped, 8, true, 0, 0),
        ];
        for (r, q, leader, earned, want) in cases {
            assert_eq!(
                points_for_record(r, *q, *leader, *earned),
                *want,
                "{q} quarters leader={leader} earned={earned}"
            );
        }
    }

    #[test]
    fn oldest_points_expire_first() {
        // 100 earned last year, 30 spent since: 70 of last year's points expire.
        assert_eq!(expiring(100, 30, 120), 70);
        // Spent more than the old credits: nothing old is left.
        assert_eq!(expiring(100, 150, 20), 0);
        // Never more than the balance.
        assert_eq!(expiring(100, 0, 40), 40);
        assert_eq!(expiring(0, 0, 0), 0);
    }

    #[test]
    fn expiry_is_due_from_its_day() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(expiry_due(Some("12-31"), d("2026-12-30")), None);
        assert_eq!(expiry_due(Some("12-31"), d("2026-12-31")), Some(2026));
        assert_eq!(expiry_due(Some("03-31"), d("2026-11-29")), Some(2026));
        assert_eq!(expiry_due(None, d("2026-12-31")), None);
        assert_eq!(expiry_due(Some("13-01"), d("2026-12-31")), None);
    }

    #[test]
    fn the_next_level_and_the_levels_reached() {
        assert_eq!(next_level(&DEFAULT, 0, 100), Some((1, 300)));
        assert_eq!(next_level(&DEFAULT, 1, 1300), Some((2, 0)));
        assert_eq!(next_level(&DEFAULT, 5, 9999), None);
        // Up to 2, down to 1 (a correction), up to 3: 1 was reached first, 2 and 3 last.
        let changes = [(0, 2), (2, 1), (1, 3)];
        assert_eq!(levels_reached(3, &changes), vec![(1, 0), (2, 2), (3, 2)]);
        assert_eq!(levels_reached(0, &changes), vec![]);
    }

    #[test]
    fn recent_quarters_skip_the_old_and_the_corrected() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let served = [
            Served {
                id: 1,
                quarters: 8,
                served_on: d("2025-01-01"),
                corrects_id: None,
            },
            Served {
                id: 2,
                quarters: 4,
                served_on: d("2026-05-01"),
                corrects_id: None,
            },
            Served {
                id: 3,
                quarters: 12,
                served_on: d("2026-06-01"),
                corrects_id: None,
            },
            Served {
                id: 4,
                quarters: 6,
                served_on: d("2026-06-01"),
                corrects_id: Some(3),
            },
        ];
        assert_eq!(recent_quarters(&served, d("2025-11-30")), 10);
        assert_eq!(recent_quarters(&served, d("2024-01-01")), 18);
        assert_eq!(recent_quarters(&served, d("2026-06-01")), 0);
    }

    #[test]
    fn eligibility_names_the_first_rule_that_fails() {
        let who = Candidate {
            star: 2,
            recent_quarters: 40,
            age: 17,
            team_kinds: vec![TeamKind::CommunityTeam],
        };
        let code = |e: &Eligibility| first_failed_rule(e, &who).map(|(c, _)| c);
        assert_eq!(code(&Eligibility::default()), None);
        let star3 = Eligibility {
            min_star: Some(3),
            ..Eligibility::default()
        };
        assert_eq!(code(&star3), Some("star_too_low"));
        let hours = Eligibility {
            min_recent_hours: Some(11),
            ..Eligibility::default()
        };
        assert_eq!(code(&hours), Some("not_enough_recent_hours"));
        let team = Eligibility {
            team_kind: Some(TeamKind::IndustryDetachment),
            ..Eligibility::default()
        };
        assert_eq!(code(&team), Some("team_kind_required"));
        let adult = Eligibility {
            min_age: Some(18),
            min_star: Some(2),
            ..Eligibility::default()
        };
        assert_eq!(code(&adult), Some("too_young"));
    }
}
