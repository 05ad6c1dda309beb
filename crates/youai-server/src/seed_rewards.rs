//! The demo's 礼遇: the ten courtesies of the city's 志愿者礼遇 10 条 (star rating, honours, free
//! insurance, services, goods), the star levels and points the demo's verified hours earned
//! under the default rules, and courtesies enjoyed as in the briefing (全市已有 5306 名志愿者
//! 享受到各级各类礼遇: 5,306 enjoyed here, vouchers and honours together).
//!
//! Deterministic like the rest of the demo: a fixed seed, dates from the demo's anchor. The
//! plan is computed in memory ([`plan`]) and written in one transaction ([`load_rewards`]).

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use youai_db::DbConn;
use youai_domain::rewards::{Candidate, Eligibility, first_failed_rule, star_level};
use youai_types::RewardRules;

use crate::seed_activities::anchor;
use crate::seed_corps::SplitMix64;

/// Courtesies enjoyed in the demo: vouchers plus honours, as the briefing's 5,306.
pub const ENJOYED: usize = 5306;
/// Honours awarded to the volunteers with the most hours.
pub const HONOURS: usize = 106;
/// At most this many courtesies per volunteer, so that many volunteers enjoy one.
const PER_VOLUNTEER: usize = 3;
const SEED: u64 = 0x5306_0010_2026_1129;

/// One courtesy of the ten.
pub struct Courtesy {
    pub kind: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub provider: &'static str,
    pub min_star: Option<u8>,
    pub min_recent_hours: Option<u32>,
    pub min_age: Option<u32>,
    pub cost_points: i32,
    pub stock: Option<i32>,
    pub voucher_days: i32,
}

/// 志愿者礼遇 10 条, as the demo city offers them.
pub const COURTESIES: [Courtesy; 10] = [
    Courtesy {
        kind: "recognition",
        name: "星级志愿者认定",
        description: "累计服务时长达到星级标准的志愿者，颁发星级志愿者证书和徽章",
        provider: "张家港市新时代文明实践中心",
        min_star: Some(1),
        min_recent_hours: None,
        min_age: None,
        cost_points: 0,
        stock: None,
        voucher_days: 90,
    },
    Courtesy {
        kind: "honour",
        name: "优秀志愿者荣誉推荐",
        description: "三星级以上志愿者优先推荐参评各级优秀志愿者、最美志愿者",
        provider: "张家港市文明办",
        min_star: Some(3),
        min_recent_hours: None,
        min_age: None,
        cost_points: 0,
        stock: None,
        voucher_days: 365,
    },
    Courtesy {
        kind: "insurance",
        name: "志愿者意外伤害保险",
        description: "注册志愿者在志愿服务期间享受免费意外伤害保险",
        provider: "中国人寿张家港支公司",
        min_star: None,
        min_recent_hours: None,
        min_age: None,
        cost_points: 0,
        stock: None,
        voucher_days: 365,
    },
    Courtesy {
        kind: "service",
        name: "景区公园免费游览",
        description: "凭券免费游览香山、凤凰山等市内景区公园",
        provider: "张家港市文体广电和旅游局",
        min_star: Some(1),
        min_recent_hours: None,
        min_age: None,
        cost_points: 0,
        stock: None,
        voucher_days: 180,
    },
    Courtesy {
        kind: "service",
        name: "图书馆优先借阅",
        description: "市图书馆及各分馆借阅册数加倍、新书优先预约",
        provider: "张家港市图书馆",
        min_star: None,
        min_recent_hours: Some(10),
        min_age: None,
        cost_points: 0,
        stock: None,
        voucher_days: 365,
    },
    Courtesy {
        kind: "service",
        name: "公交出行优惠",
        description: "星级志愿者乘坐市内公交享受优惠",
        provider: "张家港市公共交通有限公司",
        min_star: Some(2),
        min_recent_hours: None,
        min_age: None,
        cost_points: 0,
        stock: None,
        voucher_days: 365,
    },
    Courtesy {
        kind: "service",
        name: "健康体检优惠",
        description: "三星级以上志愿者每年一次健康体检优惠",
        provider: "张家港市第一人民医院",
        min_star: Some(3),
        min_recent_hours: None,
        min_age: Some(18),
        cost_points: 0,
        stock: None,
        voucher_days: 180,
    },
    Courtesy {
        kind: "goods",
        name: "志愿者文化衫",
        description: "凭积分兑换志愿者文化衫一件",
        provider: "张家港市志愿服务总队",
        min_star: None,
        min_recent_hours: None,
        min_age: None,
        cost_points: 200,
        stock: Some(2000),
        voucher_days: 60,
    },
    Courtesy {
        kind: "goods",
        name: "爱心超市物资兑换",
        description: "凭积分在各镇爱心超市兑换生活用品",
        provider: "各镇（区）爱心超市",
        min_star: None,
        min_recent_hours: None,
        min_age: None,
        cost_points: 100,
        stock: Some(5000),
        voucher_days: 60,
    },
    Courtesy {
        kind: "training",
        name: "志愿服务技能培训",
        description: "志愿者学院免费提供应急救护、心理疏导等技能培训",
        provider: "张家港市志愿者学院",
        min_star: None,
        min_recent_hours: Some(4),
        min_age: None,
        cost_points: 0,
        stock: None,
        voucher_days: 120,
    },
];

/// A verified demo record: id, volunteer, quarters, day served, when verified.
pub type RecordIn = (i64, i64, i32, NaiveDate, Option<NaiveDateTime>);

/// A volunteer's id and birth date.
pub type VolunteerIn = (i64, NaiveDate);

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
/// rules. Pure: the same records give the same plan.
pub fn plan(records: &[RecordIn], volunteers: &[VolunteerIn]) -> Plan {
    let rules = RewardRules::default();
    let mut p = Plan::default();
    let end = anchor();
    let year_ago = end - Duration::days(365);
    // Per volunteer: (quarters, recent quarters, points, level).
    let mut totals: BTreeMap<i64, (i64, i64, i64, u8)> = BTreeMap::new();
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
    let mut ranked: Vec<(i64, (i64, i64, i64, u8))> = totals.into_iter().collect();
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
            awarded_on: NaiveDate::from_ymd_opt(2026, 3, 5).unwrap_or(end),
        });
    }
    let mut rng = SplitMix64::new(SEED);
    let mut stock: Vec<Option<i32>> = COURTESIES.iter().map(|c| c.stock).collect();
    let wanted = ENJOYED - p.honours.len();
    'people: for (v, (q, recent, points, _)) in &ranked {
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
            let expires_at = if c.kind == "insurance" {
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
                // Insurance covers its year; the rest were mostly used, some are still open.
                redeemed: c.kind != "insurance"
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RewardsReport {
    pub courtesies: usize,
    pub star_changes: usize,
    pub points_entries: usize,
    pub vouchers: usize,
    pub honours: usize,
}

/// Writes the plan for the demo's verified records, once: nothing when courtesies exist.
pub fn load_rewards(conn: &mut DbConn) -> anyhow::Result<RewardsReport> {
    use youai_db::schema::{
        honours as h, points_entries as pe, rewards as r, service_records as sr,
        star_changes as sc, volunteers as vo, vouchers as vc,
    };
    conn.write_transaction(|conn| {
        let existing: i64 = r::table.count().get_result(conn)?;
        if existing > 0 {
            return Ok(RewardsReport::default());
        }
        let records: Vec<RecordIn> = sr::table
            .filter(sr::status.eq("verified"))
            .select((
                sr::id,
                sr::volunteer_id,
                sr::quarters,
                sr::served_on,
                sr::verified_at,
            ))
            .load(conn)?;
        let volunteers: Vec<VolunteerIn> = vo::table.select((vo::id, vo::birth_date)).load(conn)?;
        let plan = plan(&records, &volunteers);
        let mut report = RewardsReport::default();

        let at = anchor().and_time(chrono::NaiveTime::MIN) - Duration::days(330);
        let mut ids = Vec::with_capacity(COURTESIES.len());
        for (i, c) in COURTESIES.iter().enumerate() {
            let used = plan.vouchers.iter().filter(|v| v.courtesy == i).count();
            let stock = c.stock.map(|s| s - i32::try_from(used).unwrap_or(s));
            let (from, until) = if c.kind == "insurance" {
                let y = anchor().year();
                (
                    NaiveDate::from_ymd_opt(y, 1, 1),
                    NaiveDate::from_ymd_opt(y, 12, 31),
                )
            } else {
                (None, None)
            };
            let query = diesel::insert_into(r::table)
                .values((
                    r::kind.eq(c.kind),
                    r::name.eq(c.name),
                    r::description.eq(Some(c.description)),
                    r::provider.eq(c.provider),
                    r::min_star.eq(c.min_star.map(i32::from)),
                    r::min_recent_hours.eq(c.min_recent_hours.map(|h| h as i32)),
                    r::min_age.eq(c.min_age.map(|a| a as i32)),
                    r::cost_points.eq(c.cost_points),
                    r::per_person_limit.eq(Some(1)),
                    r::stock.eq(stock),
                    r::valid_from.eq(from),
                    r::valid_until.eq(until),
                    r::voucher_days.eq(c.voucher_days),
                    r::active.eq(1),
                    r::created_at.eq(at),
                    r::updated_at.eq(at),
                ))
                .returning(r::id);
            ids.push(youai_db::on_backend!(conn, |c| query.get_result::<i64>(c))?);
        }
        report.courtesies = ids.len();

        for chunk in plan.stars.chunks(500) {
            let values: Vec<_> = chunk
                .iter()
                .map(|s| {
                    (
                        sc::volunteer_id.eq(s.volunteer),
                        sc::from_level.eq(s.from),
                        sc::to_level.eq(s.to),
                        sc::quarters.eq(s.quarters),
                        sc::record_id.eq(Some(s.record)),
                        sc::at.eq(s.at),
                    )
                })
                .collect();
            let query = diesel::insert_into(sc::table).values(values);
            report.star_changes += youai_db::on_backend!(conn, |c| query.execute(c))?;
        }
        for chunk in plan.earned.chunks(500) {
            let values: Vec<_> = chunk
                .iter()
                .map(|e| {
                    (
                        pe::volunteer_id.eq(e.volunteer),
                        pe::kind.eq("earn"),
                        pe::points.eq(e.points),
                        pe::event.eq(format!("earn:record:{}", e.record)),
                        pe::record_id.eq(Some(e.record)),
                        pe::created_at.eq(e.at),
                    )
                })
                .collect();
            let query = diesel::insert_into(pe::table).values(values);
            report.points_entries += youai_db::on_backend!(conn, |c| query.execute(c))?;
        }
        for chunk in plan.vouchers.chunks(500) {
            let values: Vec<_> = chunk
                .iter()
                .map(|v| {
                    (
                        vc::code.eq(v.code.clone()),
                        vc::reward_id.eq(ids.get(v.courtesy).copied().unwrap_or(0)),
                        vc::volunteer_id.eq(v.volunteer),
                        vc::points.eq(v.points),
                        vc::status.eq(if v.redeemed { "redeemed" } else { "issued" }),
                        vc::expires_at.eq(v.expires_at),
                        vc::created_at.eq(v.created_at),
                        vc::redeemed_at.eq(v.redeemed.then(|| v.created_at + Duration::days(3))),
                    )
                })
                .collect();
            let query = diesel::insert_into(vc::table)
                .values(values)
                .returning(vc::id);
            let got: Vec<i64> = youai_db::on_backend!(conn, |c| query.get_results(c))?;
            report.vouchers += got.len();
            let spent: Vec<_> = chunk
                .iter()
                .zip(&got)
                .filter(|(v, _)| v.points > 0)
                .map(|(v, id)| {
                    (
                        pe::volunteer_id.eq(v.volunteer),
                        pe::kind.eq("redeem"),
                        pe::points.eq(-v.points),
                        pe::event.eq(format!("redeem:voucher:{id}")),
                        pe::reason.eq(Some(format!(
                            "兑换 {}",
                            COURTESIES.get(v.courtesy).map_or("", |c| c.name)
                        ))),
                        pe::voucher_id.eq(Some(*id)),
                        pe::created_at.eq(v.created_at),
                    )
                })
                .collect();
            if !spent.is_empty() {
                let query = diesel::insert_into(pe::table).values(spent);
                report.points_entries += youai_db::on_backend!(conn, |c| query.execute(c))?;
            }
        }
        let values: Vec<_> = plan
            .honours
            .iter()
            .map(|x| {
                (
                    h::volunteer_id.eq(x.volunteer),
                    h::title.eq(x.title.clone()),
                    h::citation.eq(x.citation.clone()),
                    h::awarded_on.eq(x.awarded_on),
                    h::created_at.eq(x.awarded_on.and_time(chrono::NaiveTime::MIN)),
                )
            })
            .collect();
        if !values.is_empty() {
            let query = diesel::insert_into(h::table).values(values);
            report.honours = youai_db::on_backend!(conn, |c| query.execute(c))?;
        }
        Ok(report)
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

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
        let p = plan(&records, &people);
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
        assert_eq!(plan(&records, &people), p, "deterministic");
    }
}
