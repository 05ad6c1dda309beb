//! The rules behind the lists' figures in the reports: the median of waiting times, and
//! allocations spread over their resources' topics.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;

/// The median of the hours between each pair's two moments (from, to), to a tenth of an
/// hour; `None` for no pairs. Pairs whose end comes before their start count as zero.
pub fn median_hours(pairs: &[(NaiveDateTime, NaiveDateTime)]) -> Option<f64> {
    let mut minutes: Vec<i64> = pairs
        .iter()
        .map(|(from, to)| (*to - *from).num_minutes().max(0))
        .collect();
    if minutes.is_empty() {
        return None;
    }
    minutes.sort_unstable();
    let mid = minutes.len() / 2;
    let median = if minutes.len() % 2 == 1 {
        *minutes.get(mid)? as f64
    } else {
        (*minutes.get(mid - 1)? + *minutes.get(mid)?) as f64 / 2.0
    };
    Some((median / 6.0).round() / 10.0)
}

/// Allocations by topic from allocations by resource (its topics, allocations, quantity): an
/// allocation counts under every topic of its resource. Most allocations first, then by name.
pub fn by_topic(rows: &[(Vec<String>, i64, i64)]) -> Vec<(String, i64, i64)> {
    let mut sums: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for (topics, n, quantity) in rows {
        let mut seen: Vec<&str> = Vec::new();
        for t in topics {
            if seen.contains(&t.as_str()) {
                continue;
            }
            seen.push(t);
            let e = sums.entry(t).or_default();
            e.0 += n;
            e.1 += quantity;
        }
    }
    let mut out: Vec<(String, i64, i64)> = sums
        .into_iter()
        .map(|(t, (n, q))| (t.to_owned(), n, q))
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(day: u32, hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, day)
            .and_then(|d| d.and_hms_opt(hour, 0, 0))
            .unwrap_or_default()
    }

    #[test]
    fn median_hours_of_odd_even_empty_and_backwards_pairs() {
        type Case<'a> = (&'a [(NaiveDateTime, NaiveDateTime)], Option<f64>);
        let cases: &[Case<'_>] = &[
            (&[], None),
            (&[(at(1, 0), at(1, 5))], Some(5.0)),
            (
                &[
                    (at(1, 0), at(1, 2)),
                    (at(1, 0), at(2, 0)),
                    (at(1, 0), at(1, 3)),
                ],
                Some(3.0),
            ),
            (&[(at(1, 0), at(1, 2)), (at(1, 0), at(1, 3))], Some(2.5)),
            // An end before its start counts as no wait.
            (&[(at(2, 0), at(1, 0))], Some(0.0)),
        ];
        for (pairs, want) in cases {
            assert_eq!(median_hours(pairs), *want, "{pairs:?}");
        }
    }

    #[test]
    fn by_topic_counts_an_allocation_under_each_topic_once() {
        let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        let rows = vec![
            (s(&["政策解读", "法律维权"]), 3, 6),
            (s(&["法律维权", "法律维权"]), 2, 2),
            (s(&[]), 9, 9),
        ];
        assert_eq!(
            by_topic(&rows),
            vec![("法律维权".to_owned(), 5, 8), ("政策解读".to_owned(), 3, 6)]
        );
    }
}
