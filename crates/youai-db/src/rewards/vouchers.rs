//! Vouchers (兑换券): issued when a courtesy is redeemed, then redeemed by the provider or
//! cancelled by the holder, each only from `issued`.

use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;
use youai_types::{RewardKind, VoucherStatus};

use crate::schema::{rewards, vouchers};
use crate::{DbConn, now};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = vouchers)]
pub struct Voucher {
    pub id: i64,
    pub code: String,
    pub reward_id: i64,
    pub volunteer_id: i64,
    pub points: i32,
    pub status: VoucherStatus,
    pub expires_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub redeemed_at: Option<NaiveDateTime>,
    pub redeemed_by: Option<i64>,
    pub cancelled_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = vouchers)]
pub struct NewVoucher {
    pub code: String,
    pub reward_id: i64,
    pub volunteer_id: i64,
    pub points: i32,
    pub status: VoucherStatus,
    pub expires_at: NaiveDateTime,
}

pub fn insert_voucher(conn: &mut DbConn, v: &NewVoucher) -> QueryResult<Voucher> {
    diesel::insert_into(vouchers::table)
        .values((v, vouchers::created_at.eq(now())))
        .get_result(conn)
}

/// A voucher written in bulk with its times given (the demo's history).
#[derive(Debug, Clone, PartialEq)]
pub struct PastVoucher {
    pub voucher: NewVoucher,
    pub created_at: NaiveDateTime,
    pub redeemed_at: Option<NaiveDateTime>,
}

/// Inserts many vouchers in multi-row inserts of 500; returns their ids in row order.
pub fn insert_vouchers(conn: &mut DbConn, rows: &[PastVoucher]) -> QueryResult<Vec<i64>> {
    let mut ids = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(500) {
        let values: Vec<_> = chunk
            .iter()
            .map(|v| {
                (
                    &v.voucher,
                    vouchers::created_at.eq(v.created_at),
                    vouchers::redeemed_at.eq(v.redeemed_at),
                )
            })
            .collect();
        let query = diesel::insert_into(vouchers::table)
            .values(values)
            .returning(vouchers::id);
        let got: Vec<i64> = crate::on_backend!(conn, |c| query.get_results(c))?;
        ids.extend(crate::activities::in_row_order(got));
    }
    Ok(ids)
}

pub fn find_voucher(conn: &mut DbConn, code: &str) -> QueryResult<Option<Voucher>> {
    vouchers::table
        .filter(vouchers::code.eq(code))
        .select(Voucher::as_select())
        .first(conn)
        .optional()
}

/// Vouchers of a volunteer, or of a courtesy, newest first.
pub fn list_vouchers(
    conn: &mut DbConn,
    volunteer_id: Option<i64>,
    reward_ids: Option<&[i64]>,
    limit: i64,
) -> QueryResult<Vec<Voucher>> {
    let mut q = vouchers::table
        .select(Voucher::as_select())
        .order(vouchers::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(v) = volunteer_id {
        q = q.filter(vouchers::volunteer_id.eq(v));
    }
    if let Some(ids) = reward_ids {
        q = q.filter(vouchers::reward_id.eq_any(ids.to_vec()));
    }
    q.load(conn)
}

/// Vouchers a volunteer holds for a courtesy (issued or redeemed: not cancelled).
pub fn live_vouchers_of(conn: &mut DbConn, volunteer_id: i64, reward_id: i64) -> QueryResult<i64> {
    vouchers::table
        .filter(vouchers::volunteer_id.eq(volunteer_id))
        .filter(vouchers::reward_id.eq(reward_id))
        .filter(vouchers::status.ne(VoucherStatus::Cancelled))
        .select(count_star())
        .first(conn)
}

/// issued → redeemed by the provider's account `by`, only from issued (a second attempt
/// changes nothing: `false`).
pub fn mark_redeemed(conn: &mut DbConn, id: i64, by: i64) -> QueryResult<bool> {
    let n = diesel::update(
        vouchers::table
            .find(id)
            .filter(vouchers::status.eq(VoucherStatus::Issued)),
    )
    .set((
        vouchers::status.eq(VoucherStatus::Redeemed),
        vouchers::redeemed_at.eq(now()),
        vouchers::redeemed_by.eq(by),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// issued → cancelled, only from issued (a second attempt changes nothing: `false`).
pub fn mark_cancelled(conn: &mut DbConn, id: i64) -> QueryResult<bool> {
    let n = diesel::update(
        vouchers::table
            .find(id)
            .filter(vouchers::status.eq(VoucherStatus::Issued)),
    )
    .set((
        vouchers::status.eq(VoucherStatus::Cancelled),
        vouchers::cancelled_at.eq(now()),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Vouchers not cancelled, for the insurer's list and the stats: (volunteer, reward) pairs.
pub fn live_vouchers_of_reward(conn: &mut DbConn, reward_id: i64) -> QueryResult<Vec<Voucher>> {
    vouchers::table
        .filter(vouchers::reward_id.eq(reward_id))
        .filter(vouchers::status.ne(VoucherStatus::Cancelled))
        .order(vouchers::id.asc())
        .select(Voucher::as_select())
        .load(conn)
}

/// Vouchers not cancelled by kind of courtesy, and the distinct volunteers holding them.
pub struct Enjoyed {
    pub by_kind: Vec<(RewardKind, i64)>,
    pub volunteers: Vec<i64>,
}

pub fn enjoyed(conn: &mut DbConn) -> QueryResult<Enjoyed> {
    let by_kind: Vec<(RewardKind, i64)> = vouchers::table
        .inner_join(rewards::table)
        .filter(vouchers::status.ne(VoucherStatus::Cancelled))
        .group_by(rewards::kind)
        .select((rewards::kind, count_star()))
        .load(conn)?;
    let who: Vec<i64> = vouchers::table
        .filter(vouchers::status.ne(VoucherStatus::Cancelled))
        .select(vouchers::volunteer_id)
        .distinct()
        .load(conn)?;
    Ok(Enjoyed {
        by_kind,
        volunteers: who,
    })
}
