//! 礼遇 rows to wire types: the star level, points entries, courtesies, vouchers and honours.

use youai_db::rewards as db;
use youai_domain::rewards::{levels_reached, next_level, vouchers::status_at};
use youai_types::{
    Honour, PointsAccount, PointsEntry, Reward, RewardRules, StarChange, StarLevel, StarReached,
    Voucher,
};

use crate::convert::utc;

fn hours(quarters: i64) -> f64 {
    quarters as f64 / 4.0
}

fn level(l: i32) -> u8 {
    u8::try_from(l).unwrap_or(0)
}

/// A volunteer's star level: the level after the latest change, when each level held was last
/// reached, and the hours to the next under the rules.
pub fn star_level(
    volunteer_id: i64,
    rules: &RewardRules,
    quarters: i64,
    changes: Vec<db::StarChange>,
) -> StarLevel {
    let now = changes.last().map_or(0, |c| level(c.to_level));
    let steps: Vec<(i32, i32)> = changes.iter().map(|c| (c.from_level, c.to_level)).collect();
    let reached = levels_reached(now, &steps)
        .into_iter()
        .filter_map(|(l, i)| {
            changes.get(i).map(|c| StarReached {
                level: l,
                reached_at: utc(c.at),
            })
        })
        .collect();
    let next = next_level(&rules.star_thresholds_hours, now, quarters);
    StarLevel {
        volunteer_id,
        level: now,
        hours: hours(quarters),
        next_level: next.map(|n| n.0),
        hours_to_next: next.map(|n| hours(n.1)),
        thresholds_hours: rules.star_thresholds_hours.clone(),
        reached,
        history: changes
            .into_iter()
            .map(|c| StarChange {
                from_level: level(c.from_level),
                to_level: level(c.to_level),
                hours: hours(c.quarters),
                record_id: c.record_id,
                at: utc(c.at),
            })
            .collect(),
    }
}

pub fn points_entry(e: db::Entry) -> PointsEntry {
    PointsEntry {
        id: e.id,
        volunteer_id: e.volunteer_id,
        kind: e.kind,
        points: i64::from(e.points),
        event: e.event,
        reason: e.reason,
        record_id: e.record_id,
        voucher_id: e.voucher_id,
        created_by: e.created_by,
        created_at: utc(e.created_at),
    }
}

pub fn points_account(
    volunteer_id: i64,
    balance: i64,
    earned: i64,
    entries: Vec<db::Entry>,
) -> PointsAccount {
    PointsAccount {
        volunteer_id,
        balance,
        earned,
        entries: entries.into_iter().map(points_entry).collect(),
    }
}

pub fn reward(r: db::Reward) -> Reward {
    Reward {
        id: r.id,
        kind: r.kind,
        name: r.name,
        description: r.description,
        provider: r.provider,
        provider_user_id: r.provider_user_id,
        min_star: r.min_star.and_then(|s| u8::try_from(s).ok()),
        min_recent_hours: r.min_recent_hours.and_then(|h| u32::try_from(h).ok()),
        team_kind: r.team_kind.map(|k| k.as_str().to_owned()),
        min_age: r.min_age.and_then(|a| u32::try_from(a).ok()),
        cost_points: i64::from(r.cost_points),
        per_person_limit: r.per_person_limit.and_then(|l| u32::try_from(l).ok()),
        stock: r.stock.map(i64::from),
        valid_from: r.valid_from,
        valid_until: r.valid_until,
        voucher_days: u32::try_from(r.voucher_days).unwrap_or(0),
        active: r.active,
        created_at: utc(r.created_at),
        updated_at: utc(r.updated_at),
    }
}

pub fn voucher(v: db::Voucher, r: &db::Reward) -> Voucher {
    Voucher {
        status: status_at(v.status, v.expires_at, youai_db::now()),
        id: v.id,
        qr_text: format!("youai:voucher:{}", v.code),
        code: v.code,
        reward_id: v.reward_id,
        reward_name: r.name.clone(),
        reward_kind: r.kind,
        provider: r.provider.clone(),
        volunteer_id: v.volunteer_id,
        points: i64::from(v.points),
        expires_at: utc(v.expires_at),
        created_at: utc(v.created_at),
        redeemed_at: v.redeemed_at.map(utc),
        cancelled_at: v.cancelled_at.map(utc),
    }
}

pub fn honour(h: db::Honour) -> Honour {
    Honour {
        id: h.id,
        volunteer_id: h.volunteer_id,
        title: h.title,
        citation: h.citation,
        awarded_on: h.awarded_on,
        awarded_by: h.awarded_by,
        created_at: utc(h.created_at),
    }
}
