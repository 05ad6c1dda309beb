//! Writing the rewards plan: the catalogue, star level changes, the points ledger, vouchers
//! (with the points they spent) and honours, in one transaction.

use chrono::{Datelike, Duration, NaiveDate};
use youai_db::rewards::{
    NewEntry, NewHonour, NewReward, NewStarChange, NewVoucher, PastVoucher, count_rewards,
    insert_entries_at, insert_honours, insert_reward_at, insert_star_changes, insert_vouchers,
};
use youai_db::{DbConn, records, volunteers};
use youai_types::{PointsKind, RewardKind, VoucherStatus};

use super::catalogue::COURTESIES;
use super::plan::{RecordIn, plan};
use crate::logins::{LEADER_LOGIN, MEMBER_LOGIN};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RewardsReport {
    pub courtesies: usize,
    pub star_changes: usize,
    pub points_entries: usize,
    pub vouchers: usize,
    pub honours: usize,
}

/// Writes the plan for the demo's verified records as of the demo's day `as_of`, once: nothing
/// when courtesies exist.
pub fn load_rewards(conn: &mut DbConn, as_of: NaiveDate) -> anyhow::Result<RewardsReport> {
    conn.write_transaction(|conn| {
        if count_rewards(conn)? > 0 {
            return Ok(RewardsReport::default());
        }
        let records: Vec<RecordIn> = records::all_verified(conn)?
            .into_iter()
            .map(|r| (r.id, r.volunteer_id, r.quarters, r.served_on, r.verified_at))
            .collect();
        let mut featured = Vec::new();
        for phone in [MEMBER_LOGIN, LEADER_LOGIN] {
            featured.extend(volunteers::find_by_phone(conn, phone)?.map(|v| v.id));
        }
        let volunteers = volunteers::birth_dates(conn)?;
        let plan = plan(&records, &volunteers, &featured, as_of);
        let mut report = RewardsReport::default();

        let at = as_of.and_time(chrono::NaiveTime::MIN) - Duration::days(330);
        let mut ids = Vec::with_capacity(COURTESIES.len());
        for (i, c) in COURTESIES.iter().enumerate() {
            let used = plan.vouchers.iter().filter(|v| v.courtesy == i).count();
            let stock = c.stock.map(|s| s - i32::try_from(used).unwrap_or(s));
            let (from, until) = if c.kind == RewardKind::Insurance {
                let y = as_of.year();
                (
                    NaiveDate::from_ymd_opt(y, 1, 1),
                    NaiveDate::from_ymd_opt(y, 12, 31),
                )
            } else {
                (None, None)
            };
            let reward = NewReward {
                kind: c.kind,
                name: c.name.into(),
                description: Some(c.description.into()),
                provider: c.provider.into(),
                provider_user_id: None,
                min_star: c.min_star.map(i32::from),
                min_recent_hours: c.min_recent_hours.map(|h| h as i32),
                team_kind: None,
                min_age: c.min_age.map(|a| a as i32),
                cost_points: c.cost_points,
                per_person_limit: Some(1),
                stock,
                valid_from: from,
                valid_until: until,
                voucher_days: c.voucher_days,
                active: true,
            };
            ids.push(insert_reward_at(conn, &reward, at)?.id);
        }
        report.courtesies = ids.len();

        let stars: Vec<NewStarChange> = plan
            .stars
            .iter()
            .map(|s| NewStarChange {
                volunteer_id: s.volunteer,
                from_level: s.from,
                to_level: s.to,
                quarters: s.quarters,
                record_id: Some(s.record),
                at: s.at,
            })
            .collect();
        report.star_changes = insert_star_changes(conn, &stars)?;
        let earned: Vec<(NewEntry, _)> = plan
            .earned
            .iter()
            .map(|e| {
                let entry = NewEntry {
                    volunteer_id: e.volunteer,
                    kind: PointsKind::Earn,
                    points: e.points,
                    event: format!("earn:record:{}", e.record),
                    reason: None,
                    record_id: Some(e.record),
                    voucher_id: None,
                    created_by: None,
                };
                (entry, e.at)
            })
            .collect();
        report.points_entries = insert_entries_at(conn, &earned)?;
        // Vouchers 500 at a time, each chunk followed by the points it spent (as the ids of the
        // ledger's entries have always been handed out).
        for chunk in plan.vouchers.chunks(500) {
            let rows: Vec<PastVoucher> = chunk
                .iter()
                .map(|v| PastVoucher {
                    voucher: NewVoucher {
                        code: v.code.clone(),
                        reward_id: ids.get(v.courtesy).copied().unwrap_or(0),
                        volunteer_id: v.volunteer,
                        points: v.points,
                        status: if v.redeemed {
                            VoucherStatus::Redeemed
                        } else {
                            VoucherStatus::Issued
                        },
                        expires_at: v.expires_at,
                    },
                    created_at: v.created_at,
                    redeemed_at: v.redeemed.then(|| v.created_at + Duration::days(3)),
                })
                .collect();
            let got = insert_vouchers(conn, &rows)?;
            report.vouchers += got.len();
            let spent: Vec<(NewEntry, _)> = chunk
                .iter()
                .zip(&got)
                .filter(|(v, _)| v.points > 0)
                .map(|(v, id)| {
                    let entry = NewEntry {
                        volunteer_id: v.volunteer,
                        kind: PointsKind::Redeem,
                        points: -v.points,
                        event: format!("redeem:voucher:{id}"),
                        reason: Some(format!(
                            "兑换 {}",
                            COURTESIES.get(v.courtesy).map_or("", |c| c.name)
                        )),
                        record_id: None,
                        voucher_id: Some(*id),
                        created_by: None,
                    };
                    (entry, v.created_at)
                })
                .collect();
            report.points_entries += insert_entries_at(conn, &spent)?;
        }
        let honours: Vec<NewHonour> = plan
            .honours
            .iter()
            .map(|x| NewHonour {
                volunteer_id: x.volunteer,
                title: x.title.clone(),
                citation: x.citation.clone(),
                awarded_on: x.awarded_on,
                awarded_by: None,
                created_at: x.awarded_on.and_time(chrono::NaiveTime::MIN),
            })
            .collect();
        report.honours = insert_honours(conn, &honours)?;
        Ok(report)
    })
}
