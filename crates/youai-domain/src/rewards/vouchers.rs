//! A voucher's life (兑换券): the provider redeems it once; the holder cancels it while it is
//! issued and unexpired, and gets the points and the item back. Expiry is not stored: an
//! issued voucher past its time is `expired` when read.

use chrono::NaiveDateTime;
use youai_types::VoucherStatus;

/// A voucher's status as it stands at `now`: a stored `issued` past its expiry is `expired`.
pub fn status_at(
    stored: VoucherStatus,
    expires_at: NaiveDateTime,
    now: NaiveDateTime,
) -> VoucherStatus {
    match stored {
        VoucherStatus::Issued if expires_at <= now => VoucherStatus::Expired,
        other => other,
    }
}

/// Who is asking, about a voucher.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VoucherFacts {
    /// Its status now (see [`status_at`]).
    pub status: VoucherStatus,
    /// The caller holds it.
    pub is_holder: bool,
    /// The caller acts for the courtesy's provider (its account, or a platform admin).
    pub acts_for_provider: bool,
    /// Points it cost.
    pub points: i64,
    /// Whether the courtesy counts its stock.
    pub counts_stock: bool,
}

/// Why a voucher may not be seen or moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoucherRefusal {
    /// Neither the caller's nor of a courtesy they provide (403).
    Foreign,
    Redeemed,
    Cancelled,
    Expired,
}

impl VoucherRefusal {
    /// Why a voucher that is no longer `issued` cannot move.
    pub fn closed(status: VoucherStatus) -> Self {
        match status {
            VoucherStatus::Redeemed => VoucherRefusal::Redeemed,
            VoucherStatus::Cancelled => VoucherRefusal::Cancelled,
            VoucherStatus::Issued | VoucherStatus::Expired => VoucherRefusal::Expired,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            VoucherRefusal::Foreign => "foreign_voucher",
            VoucherRefusal::Redeemed => "voucher_redeemed",
            VoucherRefusal::Cancelled => "voucher_cancelled",
            VoucherRefusal::Expired => "voucher_expired",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            VoucherRefusal::Foreign => "这张兑换券不属于你，也不是你提供的礼遇",
            VoucherRefusal::Redeemed => "该兑换券已使用",
            VoucherRefusal::Cancelled => "该兑换券已取消",
            VoucherRefusal::Expired => "该兑换券已过期",
        }
    }
}

/// The holder, the provider and platform admins may see a voucher.
pub fn may_see(f: &VoucherFacts) -> Result<(), VoucherRefusal> {
    if f.is_holder || f.acts_for_provider {
        Ok(())
    } else {
        Err(VoucherRefusal::Foreign)
    }
}

/// The provider redeems an issued voucher.
pub fn decide_redeem(f: &VoucherFacts) -> Result<(), VoucherRefusal> {
    if !f.acts_for_provider {
        return Err(VoucherRefusal::Foreign);
    }
    if f.status != VoucherStatus::Issued {
        return Err(VoucherRefusal::closed(f.status));
    }
    Ok(())
}

/// What a cancellation gives back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refund {
    /// Points to credit back; none for a free courtesy.
    pub points: Option<i64>,
    /// Put the item back in stock.
    pub restock: bool,
}

/// The holder cancels an issued voucher: its points and its item come back.
pub fn decide_cancel(f: &VoucherFacts) -> Result<Refund, VoucherRefusal> {
    if !f.is_holder {
        return Err(VoucherRefusal::Foreign);
    }
    if f.status != VoucherStatus::Issued {
        return Err(VoucherRefusal::closed(f.status));
    }
    Ok(Refund {
        points: Some(f.points).filter(|p| *p > 0),
        restock: f.counts_stock,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use VoucherStatus as S;

    fn facts(status: VoucherStatus, is_holder: bool, acts_for_provider: bool) -> VoucherFacts {
        VoucherFacts {
            status,
            is_holder,
            acts_for_provider,
            points: 200,
            counts_stock: true,
        }
    }

    #[test]
    fn an_issued_voucher_expires_when_read() {
        let t = |h| {
            chrono::NaiveDate::from_ymd_opt(2026, 6, 1)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap()
        };
        assert_eq!(status_at(S::Issued, t(8), t(7)), S::Issued);
        assert_eq!(status_at(S::Issued, t(8), t(8)), S::Expired);
        assert_eq!(status_at(S::Redeemed, t(8), t(9)), S::Redeemed);
        assert_eq!(status_at(S::Cancelled, t(8), t(9)), S::Cancelled);
    }

    #[test]
    fn redeem_and_cancel_are_decided_by_who_and_status() {
        type Outcome = Result<(), &'static str>;
        let cases: &[(VoucherFacts, Outcome, Outcome)] = &[
            // (facts, redeem, cancel)
            (
                facts(S::Issued, true, false),
                Err("foreign_voucher"),
                Ok(()),
            ),
            (
                facts(S::Issued, false, true),
                Ok(()),
                Err("foreign_voucher"),
            ),
            (
                facts(S::Issued, false, false),
                Err("foreign_voucher"),
                Err("foreign_voucher"),
            ),
            (
                facts(S::Redeemed, true, true),
                Err("voucher_redeemed"),
                Err("voucher_redeemed"),
            ),
            (
                facts(S::Cancelled, true, true),
                Err("voucher_cancelled"),
                Err("voucher_cancelled"),
            ),
            (
                facts(S::Expired, true, true),
                Err("voucher_expired"),
                Err("voucher_expired"),
            ),
        ];
        for (f, redeem, cancel) in cases {
            assert_eq!(
                &decide_redeem(f).map_err(|r| r.code()),
                redeem,
                "redeem {f:?}"
            );
            assert_eq!(
                &decide_cancel(f).map(|_| ()).map_err(|r| r.code()),
                cancel,
                "cancel {f:?}"
            );
        }
    }

    #[test]
    fn a_cancellation_gives_back_points_and_stock() {
        let f = facts(S::Issued, true, false);
        assert_eq!(
            decide_cancel(&f),
            Ok(Refund {
                points: Some(200),
                restock: true
            })
        );
        let free = VoucherFacts {
            points: 0,
            counts_stock: false,
            ..f
        };
        assert_eq!(
            decide_cancel(&free),
            Ok(Refund {
                points: None,
                restock: false
            })
        );
        assert_eq!(
            may_see(&facts(S::Issued, false, false)),
            Err(VoucherRefusal::Foreign)
        );
        assert_eq!(may_see(&facts(S::Redeemed, true, false)), Ok(()));
    }
}
