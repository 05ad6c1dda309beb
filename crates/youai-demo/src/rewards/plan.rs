//! The demo rewards' plan: star levels and points earned record by record under the default
//! rules, honours for the most served, and courtesies enjoyed. Pure and deterministic.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use youai_domain::rewards::{Candidate, Eligibility, first_failed_rule, star_level};
use youai_types::RewardRules;

use super::catalogue::COURTESIES;
use super::{ENJOYED, HONOURS, PER_VOLUNTEER, SEED};
use crate::rng::SplitMix64;

/// A verified demo record: id, volunteer, quarters, day served, when verified.
pub type RecordIn = (i64, i64, i32, NaiveDate, Option<NaiveDateTime>);

/// A volunteer's id and birth date.
pub type VolunteerIn = (i64, NaiveDate);

/// A volunteer's quarters, quarters in the last year, points and star level.
type Totals = (i64, i64, i64, u8);

#[derive(Debug, Clone, PartialEq)]
pub struct StarRow {
    pub volunteer: i64,
    pub from: i32,
    pub to: i32,
    pub quarters: i64,
    pub record: i64,
    pub at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EarnRow {
    pub volunteer: i64,
    pub points: i32,
    pub record: i64,
    pub at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VoucherRow {
    /// Index into [`COURTESIES`].
    pub courtesy: usize,
    pub volunteer: i64,
    pub code: String,
    pub points: i32,
    pub redeemed: bool,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HonourRow {
    pub volunteer: i64,
    pub title: String,
    pub citation: String,
    pub awarded_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub stars: Vec<StarRow>,
    pub earned: Vec<EarnRow>,
    pub vouchers: Vec<VoucherRow>,
    pub honours: Vec<HonourRow>,
}

/// The last 5 March (学雷锋纪念日, when the city names its best volunteers) before `as_of`.
fn honours_day(as_of: NaiveDate) -> NaiveDate {
    let this_year = NaiveDate::from_ymd_opt(as_of.year(), 3, 5).unwrap_or(as_of);
    if this_year < as_of {
        this_year
    } else {
        NaiveDate::from_ymd_opt(as_of.year() - 1, 3, 5).unwrap_or(as_of)
    }
}

fn code(rng: &mut SplitMix64) -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let chars: Vec<char> = (0..12)
        .map(|_| {
            ALPHABET
                .get(rng.below(ALPHABET.len()))
                .map_or('X', |b| char::from(*b))
        })
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// Stars, points and courtesies for the demo's records (in served order), under the default
/// rules, as of the demo's day `as_of`; the `featured` volunteers (the demo logins) choose
/// their courtesies first. Pure: the same records and day give the same plan.
pub fn plan(
    records: &[RecordIn],
    volunteers: &[VolunteerIn],
    featured: &[i64],
    as_of: NaiveDate,
) -> Plan {
    let rules = RewardRules::default();
    let mut p = Plan::default();
    let end = as_of;
    let year_ago = end - Duration::days(365);
    // Per volunteer: (quarters, recent quarters, points, level).
    let mut totals: BTreeMap<i64, Totals> = BTreeMap::new();
    let mut sorted: Vec<&RecordIn> = records.iter().collect();
    sorted.sort_by_key(|(id, v, _, on, _)| (*v, *on, *id));
    for (id, v, q, on, verified_at) in sorted {
        let at = verified_at.unwrap_or_else(|| on.and_time(chrono::NaiveTime::MIN));
        let t = totals.entry(*v).or_insert((0, 0, 0, 0));
        t.0 += i64::from(*q);
        if *on > year_ago {
            t.1 += i64::from(*q);
        }
        let points = rules.points_per_hour as i64 * i64::from(*q) / 4;
        if points > 0 {
            t.2 += points;
            p.earned.push(EarnRow {
                volunteer: *v,
                points: i32::try_from(points).unwrap_or(i32::MAX),
                record: *id,
                at,
            });
        }
        let level = star_level(&rules.star_thresholds_hours, t.0);
        if level != t.3 {
            p.stars.push(StarRow {
                volunteer: *v,
                from: i32::from(t.3),
                to: i32::from(level),
                quarters: t.0,
                record: *id,
                at,
            });
            t.3 = level;
        }
    }
    // The most served first; ties by id.
    let mut ranked: Vec<(i64, Totals)> = totals.into_iter().collect();
    ranked.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(&b.0)));
    let birth: BTreeMap<i64, NaiveDate> = volunteers.iter().copied().collect();
    for (v, (q, ..)) in ranked.iter().take(HONOURS) {
        p.honours.push(HonourRow {
            volunteer: *v,
            title: "张家港市优秀志愿者".into(),
            citation: format!(
                "常年参加新时代文明实践志愿服务，累计服务 {} 小时",
                *q as f64 / 4.0
            ),
            awarded_on: honours_day(end),
        });
    }
    let mut rng = SplitMix64::new(SEED);
    let mut stock: Vec<Option<i32>> = COURTESIES.iter().map(|c| c.stock).collect();
    let wanted = ENJOYED - p.honours.len();
    // The demo logins first, so that they hold vouchers whatever their rank.
    let mut choosing: Vec<&(i64, Totals)> = ranked
        .iter()
        .filter(|(v, _)| featured.contains(v))
        .collect();
    choosing.extend(ranked.iter().filter(|(v, _)| !featured.contains(v)));
    'people: for (v, (q, recent, points, _)) in choosing {
        let who = Candidate {
            star: star_level(&rules.star_thresholds_hours, *q),
            recent_quarters: *recent,
            age: birth
                .get(v)
                .map_or(30, |b| youai_domain::idcard::age_on(*b, end)),
            team_kinds: Vec::new(),
        };
        let mut balance = *points;
        let mut taken = 0;
        // Start at a different courtesy for each volunteer, so all ten are enjoyed.
        let start = usize::try_from(*v).unwrap_or(0) % COURTESIES.len();
        for k in 0..COURTESIES.len() {
            if p.vouchers.len() >= wanted {
                break 'people;
            }
            let i = (start + k) % COURTESIES.len();
            let Some(c) = COURTESIES.get(i) else { continue };
            let rules = Eligibility {
                min_star: c.min_star,
                min_recent_hours: c.min_recent_hours,
                team_kind: None,
                min_age: c.min_age,
            };
            let in_stock = stock.get(i).copied().flatten().is_none_or(|s| s > 0);
            if first_failed_rule(&rules, &who).is_some()
                || balance < i64::from(c.cost_points)
                || !in_stock
            {
                continue;
            }
            balance -= i64::from(c.cost_points);
            if let Some(Some(s)) = stock.get_mut(i) {
                *s -= 1;
            }
            let created_on = end - Duration::days(1 + rng.below(300) as i64);
            let created_at = created_on.and_time(chrono::NaiveTime::MIN) + Duration::hours(2);
            let expires_at = if c.kind == youai_types::RewardKind::Insurance {
                NaiveDate::from_ymd_opt(end.year(), 12, 31)
                    .unwrap_or(end)
                    .and_time(chrono::NaiveTime::MIN)
                    + Duration::hours(16)
            } else {
                created_at + Duration::days(i64::from(c.voucher_days))
            };
            p.vouchers.push(VoucherRow {
                courtesy: i,
                volunteer: *v,
                code: code(&mut rng),
                points: c.cost_points,
                // Insurance covers its year; the rest were mostly used (three days after they
                // were issued, so not those of the last three days), some are still open.
                redeemed: c.kind != youai_types::RewardKind::Insurance
                    && created_at + Duration::days(3) < end.and_time(chrono::NaiveTime::MIN)
                    && (expires_at < end.and_time(chrono::NaiveTime::MIN) || rng.percent(80)),
                created_at,
                expires_at,
            });
            taken += 1;
            if taken == PER_VOLUNTEER {
                break;
            }
        }
    }
    p
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use chrono::NaiveTime;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn stars_points_and_courtesies_follow_the_records() {
        // Volunteer 1 serves 101 h in 2026, volunteer 2 serves 2 h.
        let mut records = Vec::new();
        for i in 0..101 {
            records.push((i + 1, 1, 4, day("2026-02-01") + Duration::days(i), None));
        }
        records.push((500, 2, 8, day("2026-06-01"), None));
        let people = [(1, day("1990-01-01")), (2, day("2000-01-01"))];
        let as_of = day("2026-11-28");
        let p = plan(&records, &people, &[], as_of);
        assert_eq!(p.earned.len(), 102);
        assert_eq!(
            p.earned.iter().map(|e| i64::from(e.points)).sum::<i64>(),
            1010 + 20
        );
        // ★1 reached by the 100th hour, once.
        assert_eq!(p.stars.len(), 1);
        assert_eq!(
            (p.stars[0].volunteer, p.stars[0].to, p.stars[0].record),
            (1, 1, 100)
        );
        // The most served is honoured first; nobody gets more than three courtesies, and
        // nobody spends more points than they earned.
        assert_eq!(p.honours[0].volunteer, 1);
        for v in [1, 2] {
            let mine: Vec<&VoucherRow> = p.vouchers.iter().filter(|x| x.volunteer == v).collect();
            assert!(mine.len() <= PER_VOLUNTEER);
            let spent: i32 = mine.iter().map(|x| x.points).sum();
            let earned: i32 = p
                .earned
                .iter()
                .filter(|e| e.volunteer == v)
                .map(|e| e.points)
                .sum();
            assert!(spent <= earned, "{v}: {spent} > {earned}");
        }
        assert_eq!(plan(&records, &people, &[], as_of), p, "deterministic");
        assert!(p.honours.iter().all(|h| h.awarded_on == day("2026-03-05")));
        // Nothing on or after the demo's day: vouchers are redeemed three days after issue.
        let midnight = as_of.and_time(NaiveTime::MIN);
        assert!(p.vouchers.iter().all(|v| v.created_at < midnight
            && (!v.redeemed || v.created_at + Duration::days(3) < midnight)));
        // A featured volunteer chooses first: volunteer 2, with 20 points, takes a courtesy
        // before the city runs out.
        let first = plan(&records, &people, &[2], as_of);
        assert_eq!(first.vouchers.first().map(|v| v.volunteer), Some(2));
    }
}
