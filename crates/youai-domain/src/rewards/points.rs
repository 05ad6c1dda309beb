//! Moving points by hand and by the calendar: an admin's adjustment never takes the balance
//! below zero, and the yearly expiry lapses what is left of the points credited before the
//! year began.

use chrono::{NaiveDate, NaiveDateTime};

/// What is known when an admin adjusts a volunteer's points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdjustmentFacts {
    /// The balance now (the volunteer's row locked).
    pub balance: i64,
    /// Signed: a credit or a debit.
    pub points: i64,
}

/// Why an adjustment may not be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdjustmentRefusal {
    /// The debit is more than the balance.
    InsufficientPoints { balance: i64, take: i64 },
}

impl AdjustmentRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            AdjustmentRefusal::InsufficientPoints { .. } => "insufficient_points",
        }
    }

    pub fn message(&self) -> String {
        match self {
            AdjustmentRefusal::InsufficientPoints { balance, take } => {
                format!("积分余额 {balance}，不能扣减 {take}")
            }
        }
    }
}

/// The balance after the adjustment, which may not be below zero.
pub fn decide_adjustment(f: &AdjustmentFacts) -> Result<i64, AdjustmentRefusal> {
    let after = f.balance + f.points;
    if after < 0 {
        return Err(AdjustmentRefusal::InsufficientPoints {
            balance: f.balance,
            take: -f.points,
        });
    }
    Ok(after)
}

/// What is known about one volunteer at the yearly expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpiryFacts {
    /// Points credited (earned, refunded) before the year began.
    pub old_credits: i64,
    /// All points ever spent, taken back or expired, as a positive number.
    pub debits: i64,
    pub balance: i64,
}

/// The points that lapse for the volunteer, if any: the old credits not spent since (the
/// oldest points are spent first), never more than the balance.
pub fn decide_expiry(f: &ExpiryFacts) -> Option<i64> {
    Some(super::expiring(f.old_credits, f.debits, f.balance)).filter(|p| *p > 0)
}

/// The moment the year began in the city (1 January 00:00 at UTC+8), in UTC: credits before
/// it are old at that year's expiry.
pub fn expiry_cutoff(year: i32) -> Option<NaiveDateTime> {
    NaiveDate::from_ymd_opt(year, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t - chrono::Duration::hours(8))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn an_adjustment_keeps_the_balance_at_or_above_zero() {
        let cases: &[(i64, i64, Result<i64, &str>)] = &[
            (100, 20, Ok(120)),
            (100, -20, Ok(80)),
            (100, -100, Ok(0)),
            (100, -101, Err("insufficient_points")),
            (0, -1, Err("insufficient_points")),
            (0, 5, Ok(5)),
        ];
        for (balance, points, want) in cases {
            let got = decide_adjustment(&AdjustmentFacts {
                balance: *balance,
                points: *points,
            })
            .map_err(|r| r.code());
            assert_eq!(&got, want, "{balance} {points:+}");
        }
        let refusal = decide_adjustment(&AdjustmentFacts {
            balance: 30,
            points: -50,
        })
        .unwrap_err();
        assert_eq!(refusal.message(), "积分余额 30，不能扣减 50");
    }

    #[test]
    fn what_lapses_at_the_expiry() {
        let cases: &[(i64, i64, i64, Option<i64>)] = &[
            (100, 30, 120, Some(70)),
            (100, 150, 20, None),
            (100, 0, 40, Some(40)),
            (0, 0, 0, None),
            (50, 50, 10, None),
        ];
        for (old_credits, debits, balance, want) in cases {
            let f = ExpiryFacts {
                old_credits: *old_credits,
                debits: *debits,
                balance: *balance,
            };
            assert_eq!(decide_expiry(&f), *want, "{f:?}");
        }
    }

    #[test]
    fn the_year_begins_at_the_citys_midnight() {
        let want = NaiveDate::from_ymd_opt(2025, 12, 31)
            .unwrap()
            .and_hms_opt(16, 0, 0)
            .unwrap();
        assert_eq!(expiry_cutoff(2026), Some(want));
    }
}
