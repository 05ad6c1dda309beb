//! Redeeming a courtesy (兑换礼遇): whether a volunteer may, decided over facts the service
//! loaded with the volunteer's row locked. Stock is held by storage (one conditional
//! `UPDATE`), so the decision says whether to try for an item, not whether one is left.

use chrono::NaiveDate;

use super::{Candidate, Eligibility, first_failed_rule};

/// What is known when a volunteer asks to redeem a courtesy.
#[derive(Debug, Clone, PartialEq)]
pub struct RedemptionFacts<'a> {
    /// Today in the city.
    pub today: NaiveDate,
    /// Whether the courtesy is in the catalogue (not withdrawn).
    pub active: bool,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    pub eligibility: &'a Eligibility,
    pub candidate: &'a Candidate,
    /// Vouchers one volunteer may hold; no limit when absent.
    pub per_person_limit: Option<i32>,
    /// Vouchers the volunteer holds for it (issued or redeemed).
    pub held: i64,
    pub balance: i64,
    pub cost_points: i64,
    /// Whether the courtesy counts its stock.
    pub counts_stock: bool,
    /// Days a voucher stays valid.
    pub voucher_days: i32,
}

/// A redemption that may go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Redemption {
    /// Take one item from the stock first (storage says whether one was left).
    pub take_stock: bool,
    /// Points to debit; none for a free courtesy.
    pub debit: Option<i64>,
    /// The voucher is valid until this day begins in the city.
    pub expires_on: NaiveDate,
}

/// Why a volunteer may not redeem a courtesy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedemptionRefusal {
    /// Withdrawn, or outside its period.
    NotAvailable,
    /// An eligibility rule the volunteer fails: its code and message.
    Ineligible {
        code: &'static str,
        message: String,
    },
    /// The volunteer holds as many vouchers for it as one may.
    LimitReached {
        limit: i32,
    },
    InsufficientPoints {
        cost: i64,
        balance: i64,
    },
    /// Storage found no item left.
    OutOfStock,
}

impl RedemptionRefusal {
    /// The stable snake_case code clients see.
    pub fn code(&self) -> &'static str {
        match self {
            RedemptionRefusal::NotAvailable => "not_available",
            RedemptionRefusal::Ineligible { code, .. } => code,
            RedemptionRefusal::LimitReached { .. } => "limit_reached",
            RedemptionRefusal::InsufficientPoints { .. } => "insufficient_points",
            RedemptionRefusal::OutOfStock => "out_of_stock",
        }
    }

    /// A message for the person.
    pub fn message(&self) -> String {
        match self {
            RedemptionRefusal::NotAvailable => "该礼遇当前不可兑换（已下架或不在有效期内）".into(),
            RedemptionRefusal::Ineligible { message, .. } => message.clone(),
            RedemptionRefusal::LimitReached { limit } => format!("每人限兑 {limit} 次"),
            RedemptionRefusal::InsufficientPoints { cost, balance } => {
                format!("积分不足：需要 {cost}，余额 {balance}")
            }
            RedemptionRefusal::OutOfStock => "已兑完".into(),
        }
    }

    /// Whether the refusal is about the volunteer (a 422 on `eligibility`) rather than the
    /// state of things (a 409).
    pub fn is_about_the_volunteer(&self) -> bool {
        matches!(self, RedemptionRefusal::Ineligible { .. })
    }
}

/// Decides a redemption, checking in this order: the courtesy is available today, the
/// volunteer is eligible (the first rule failed is named), the per-person limit, the balance.
pub fn decide_redemption(f: &RedemptionFacts<'_>) -> Result<Redemption, RedemptionRefusal> {
    if !f.active
        || f.valid_from.is_some_and(|d| f.today < d)
        || f.valid_until.is_some_and(|d| f.today > d)
    {
        return Err(RedemptionRefusal::NotAvailable);
    }
    if let Some((code, message)) = first_failed_rule(f.eligibility, f.candidate) {
        return Err(RedemptionRefusal::Ineligible { code, message });
    }
    if let Some(limit) = f.per_person_limit
        && f.held >= i64::from(limit)
    {
        return Err(RedemptionRefusal::LimitReached { limit });
    }
    if f.balance < f.cost_points {
        return Err(RedemptionRefusal::InsufficientPoints {
            cost: f.cost_points,
            balance: f.balance,
        });
    }
    Ok(Redemption {
        take_stock: f.counts_stock,
        debit: Some(f.cost_points).filter(|p| *p > 0),
        expires_on: f.today + chrono::Duration::days(i64::from(f.voucher_days)),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_redemption_is_decided_rule_by_rule() {
        let who = Candidate {
            star: 2,
            recent_quarters: 40,
            age: 30,
            team_kinds: Vec::new(),
        };
        let open = Eligibility::default();
        let star3 = Eligibility {
            min_star: Some(3),
            ..Eligibility::default()
        };
        let base = RedemptionFacts {
            today: d("2026-06-01"),
            active: true,
            valid_from: Some(d("2026-01-01")),
            valid_until: Some(d("2026-12-31")),
            eligibility: &open,
            candidate: &who,
            per_person_limit: Some(1),
            held: 0,
            balance: 200,
            cost_points: 200,
            counts_stock: true,
            voucher_days: 30,
        };
        type Change = for<'a> fn(&mut RedemptionFacts<'a>, &'a Eligibility);
        let cases: &[(&str, Change, Result<(), &str>)] = &[
            ("fine", |_, _| {}, Ok(())),
            ("withdrawn", |f, _| f.active = false, Err("not_available")),
            (
                "not yet",
                |f, _| f.today = d("2025-12-31"),
                Err("not_available"),
            ),
            ("last day", |f, _| f.today = d("2026-12-31"), Ok(())),
            (
                "over",
                |f, _| f.today = d("2027-01-01"),
                Err("not_available"),
            ),
            (
                "a rule fails",
                |f, e| f.eligibility = e,
                Err("star_too_low"),
            ),
            ("holds one", |f, _| f.held = 1, Err("limit_reached")),
            (
                "no limit",
                |f, _| {
                    f.held = 9;
                    f.per_person_limit = None;
                },
                Ok(()),
            ),
            (
                "one point short",
                |f, _| f.balance = 199,
                Err("insufficient_points"),
            ),
            // The first failing rule wins: availability before eligibility before the limit.
            (
                "withdrawn and ineligible",
                |f, e| {
                    f.active = false;
                    f.eligibility = e;
                },
                Err("not_available"),
            ),
            (
                "ineligible and poor",
                |f, e| {
                    f.eligibility = e;
                    f.balance = 0;
                },
                Err("star_too_low"),
            ),
            (
                "at the limit and poor",
                |f, _| {
                    f.held = 1;
                    f.balance = 0;
                },
                Err("limit_reached"),
            ),
        ];
        for (name, change, want) in cases {
            let mut f = base.clone();
            change(&mut f, &star3);
            let got = decide_redemption(&f).map(|_| ()).map_err(|r| r.code());
            assert_eq!(&got, want, "{name}");
        }
    }

    #[test]
    fn what_a_redemption_takes() {
        let who = Candidate {
            star: 0,
            recent_quarters: 0,
            age: 30,
            team_kinds: Vec::new(),
        };
        let open = Eligibility::default();
        let f = RedemptionFacts {
            today: d("2026-06-01"),
            active: true,
            valid_from: None,
            valid_until: None,
            eligibility: &open,
            candidate: &who,
            per_person_limit: None,
            held: 0,
            balance: 0,
            cost_points: 0,
            counts_stock: false,
            voucher_days: 30,
        };
        assert_eq!(
            decide_redemption(&f),
            Ok(Redemption {
                take_stock: false,
                debit: None,
                expires_on: d("2026-07-01"),
            })
        );
        let paid = RedemptionFacts {
            balance: 500,
            cost_points: 200,
            counts_stock: true,
            ..f
        };
        let r = decide_redemption(&paid).unwrap();
        assert_eq!((r.take_stock, r.debit), (true, Some(200)));
        let refusal = RedemptionRefusal::InsufficientPoints {
            cost: 200,
            balance: 50,
        };
        assert_eq!(refusal.message(), "积分不足：需要 200，余额 50");
        assert!(!refusal.is_about_the_volunteer());
    }
}
