//! The rules behind the orders' figures in the reports: which orders count as served and as
//! ended (the completion rate), and the stations' average rating.

use youai_types::OrderStatus;

/// Served: completed, or completed and then evaluated.
pub fn served(status: OrderStatus) -> bool {
    matches!(status, OrderStatus::Completed | OrderStatus::Evaluated)
}

/// Ended: served, cancelled or expired. Orders still open, taken or scheduled have not.
pub fn ended(status: OrderStatus) -> bool {
    served(status) || matches!(status, OrderStatus::Cancelled | OrderStatus::Expired)
}

/// Orders served and orders ended, from counts by state: `(served, ended)`.
pub fn completion(counts: &[(OrderStatus, i64)]) -> (i64, i64) {
    counts.iter().fold((0, 0), |(s, e), (status, n)| {
        (
            s + if served(*status) { *n } else { 0 },
            e + if ended(*status) { *n } else { 0 },
        )
    })
}

/// `part / whole` to three decimals (0.571 is 57.1 %); `None` for an empty whole.
pub fn rate(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 1000.0)
}

/// The mean rating to one decimal; `None` for none.
pub fn average_rating(ratings: &[i32]) -> Option<f64> {
    if ratings.is_empty() {
        return None;
    }
    let sum: i64 = ratings.iter().map(|r| i64::from(*r)).sum();
    Some((sum as f64 * 10.0 / ratings.len() as f64).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderStatus as S;

    #[test]
    fn only_completed_and_evaluated_orders_are_served_and_open_ones_have_not_ended() {
        for (status, is_served, is_ended) in [
            (S::Open, false, false),
            (S::Taken, false, false),
            (S::Scheduled, false, false),
            (S::Completed, true, true),
            (S::Evaluated, true, true),
            (S::Cancelled, false, true),
            (S::Expired, false, true),
        ] {
            assert_eq!(
                (served(status), ended(status)),
                (is_served, is_ended),
                "{status:?}"
            );
        }
        assert_eq!(S::ALL.len(), 7, "a new state needs a row above");
    }

    #[test]
    fn completion_counts_served_over_ended() {
        let counts = [
            (S::Open, 5),
            (S::Completed, 1),
            (S::Evaluated, 3),
            (S::Cancelled, 2),
            (S::Expired, 1),
            (S::Scheduled, 4),
        ];
        assert_eq!(completion(&counts), (4, 7));
        assert_eq!(completion(&[]), (0, 0));
    }

    #[test]
    fn rates_and_averages_round_and_are_none_when_empty() {
        assert_eq!(rate(4, 7), Some(0.571));
        assert_eq!(rate(2, 3), Some(0.667));
        assert_eq!(rate(3, 3), Some(1.0));
        assert_eq!(rate(0, 5), Some(0.0));
        assert_eq!(rate(0, 0), None);
        assert_eq!(average_rating(&[5, 4, 4]), Some(4.3));
        assert_eq!(average_rating(&[5, 4]), Some(4.5));
        assert_eq!(average_rating(&[]), None);
    }
}
