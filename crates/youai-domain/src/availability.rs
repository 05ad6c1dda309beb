//! A volunteer's weekly availability (可服务时间): the times of the week they can usually serve,
//! used when matching volunteers to activities.

use youai_types::FieldError;
/// One weekly time range, e.g. Saturdays 09:00–12:00: `weekday` 1 = Monday … 7 = Sunday
/// (ISO 8601, as chrono's `Weekday::number_from_monday`), `start` inclusive and `end`
/// exclusive, both `HH:MM`, with `24:00` as the end of the day. The API type, re-exported.
pub use youai_types::Slot;

use crate::validate::Errors;

/// The most slots one volunteer may list; far more than a real week needs.
pub const MAX_SLOTS: usize = 50;

/// Minutes since midnight of a strict `HH:MM` time from `00:00` to `24:00`.
fn minutes(time: &str) -> Option<u16> {
    let b = time.as_bytes();
    let &[h1, h2, b':', m1, m2] = b else {
        return None;
    };
    if ![h1, h2, m1, m2].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let hours = u16::from(h1 - b'0') * 10 + u16::from(h2 - b'0');
    let mins = u16::from(m1 - b'0') * 10 + u16::from(m2 - b'0');
    match (hours, mins) {
        (0..=23, 0..=59) | (24, 0) => Some(hours * 60 + mins),
        _ => None,
    }
}

/// A slot's weekday and minute range, if the slot is well-formed.
fn range(slot: &Slot) -> Option<(u8, u16, u16)> {
    let (start, end) = (minutes(&slot.start)?, minutes(&slot.end)?);
    ((1..=7).contains(&slot.weekday) && start < end).then_some((slot.weekday, start, end))
}

/// Checks a list of slots, reporting every problem with fields named like
/// `availability[2].start`. Slots that merely touch (09:00–12:00 and 12:00–14:00) do not
/// overlap.
pub fn validate(slots: &[Slot]) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    if slots.len() > MAX_SLOTS {
        // Not worth checking each of an oversized list one by one.
        e.add(
            "availability",
            "too_many",
            format!("可服务时间最多 {MAX_SLOTS} 个时段"),
        );
        return e.into_result();
    }
    for (i, slot) in slots.iter().enumerate() {
        let field = |name: &str| format!("availability[{i}].{name}");
        if !(1..=7).contains(&slot.weekday) {
            e.add(
                &field("weekday"),
                "out_of_range",
                "星期须为 1（周一）到 7（周日）",
            );
        }
        let start = minutes(&slot.start);
        let end = minutes(&slot.end);
        if start.is_none() {
            e.add(
                &field("start"),
                "invalid_time",
                "开始时间须为 00:00 到 24:00 之间的 HH:MM",
            );
        }
        if end.is_none() {
            e.add(
                &field("end"),
                "invalid_time",
                "结束时间须为 00:00 到 24:00 之间的 HH:MM",
            );
        }
        if let (Some(s), Some(t)) = (start, end)
            && s >= t
        {
            e.add(
                &field("end"),
                "end_not_after_start",
                "结束时间须晚于开始时间",
            );
        }
    }
    // Each slot is compared with the well-formed slots before it and reported once, at the
    // later one. At most MAX_SLOTS, so quadratic is fine.
    let ranges: Vec<Option<(u8, u16, u16)>> = slots.iter().map(range).collect();
    for (j, later) in ranges.iter().enumerate() {
        let Some((day, start, end)) = *later else {
            continue;
        };
        let clash = ranges.iter().take(j).position(
            |earlier| matches!(*earlier, Some((d, s, t)) if d == day && s < end && start < t),
        );
        if let Some(i) = clash {
            e.add(
                &format!("availability[{j}]"),
                "overlapping",
                format!("与第 {} 个时段重叠", i + 1),
            );
        }
    }
    e.into_result()
}

/// Whether some slot on `weekday` (1 = Monday … 7 = Sunday) includes the time `at` (`HH:MM`).
/// Malformed slots, and a malformed `at`, cover nothing.
pub fn covers(slots: &[Slot], weekday: u8, at: &str) -> bool {
    let Some(at) = minutes(at) else {
        return false;
    };
    slots
        .iter()
        .filter_map(range)
        .any(|(day, start, end)| day == weekday && start <= at && at < end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(weekday: u8, start: &str, end: &str) -> Slot {
        Slot {
            weekday,
            start: start.into(),
            end: end.into(),
        }
    }

    fn errors(slots: &[Slot]) -> Vec<(String, String)> {
        validate(slots)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(f, c)| ((*f).to_owned(), (*c).to_owned()))
            .collect()
    }

    #[test]
    fn times() {
        for (time, want) in [
            ("00:00", Some(0)),
            ("09:30", Some(570)),
            ("23:59", Some(1439)),
            ("24:00", Some(1440)),
            ("24:01", None),
            ("25:00", None),
            ("12:60", None),
            ("9:30", None),
            ("09:3", None),
            ("0930", None),
            ("09.30", None),
            ("09:30:00", None),
            (" 09:30", None),
            ("０９:３０", None),
            ("-1:00", None),
            ("", None),
        ] {
            assert_eq!(minutes(time), want, "{time:?}");
        }
    }

    #[test]
    fn valid_lists() {
        for slots in [
            vec![],
            vec![slot(1, "09:00", "12:00")],
            vec![slot(6, "00:00", "24:00"), slot(7, "00:00", "24:00")],
            // Touching slots do not overlap.
            vec![slot(3, "09:00", "12:00"), slot(3, "12:00", "14:00")],
            // The same hours on different days.
            vec![slot(1, "18:00", "21:00"), slot(2, "18:00", "21:00")],
            vec![slot(5, "13:00", "13:01")],
        ] {
            assert_eq!(validate(&slots), Ok(()), "{slots:?}");
        }
        let full: Vec<Slot> = (0..MAX_SLOTS)
            .map(|i| {
                let day = (i % 7) as u8 + 1;
                let hour = i / 7;
                slot(day, &format!("{hour:02}:00"), &format!("{hour:02}:30"))
            })
            .collect();
        assert_eq!(validate(&full), Ok(()));
    }

    #[test]
    fn invalid_lists() {
        for (slots, want) in [
            (
                vec![slot(0, "09:00", "12:00")],
                vec![("availability[0].weekday", "out_of_range")],
            ),
            (
                vec![slot(1, "09:00", "12:00"), slot(8, "09:00", "12:00")],
                vec![("availability[1].weekday", "out_of_range")],
            ),
            (
                vec![slot(1, "9:00", "25:00")],
                vec![
                    ("availability[0].start", "invalid_time"),
                    ("availability[0].end", "invalid_time"),
                ],
            ),
            (
                vec![slot(1, "12:00", "12:00")],
                vec![("availability[0].end", "end_not_after_start")],
            ),
            (
                vec![slot(1, "14:00", "09:00")],
                vec![("availability[0].end", "end_not_after_start")],
            ),
            (
                vec![slot(2, "24:00", "24:00")],
                vec![("availability[0].end", "end_not_after_start")],
            ),
            (
                vec![slot(9, "", "x")],
                vec![
                    ("availability[0].weekday", "out_of_range"),
                    ("availability[0].start", "invalid_time"),
                    ("availability[0].end", "invalid_time"),
                ],
            ),
            // Overlaps are reported at the later slot.
            (
                vec![slot(3, "09:00", "12:00"), slot(3, "11:59", "14:00")],
                vec![("availability[1]", "overlapping")],
            ),
            (
                vec![slot(3, "08:00", "18:00"), slot(3, "10:00", "11:00")],
                vec![("availability[1]", "overlapping")],
            ),
            (
                vec![slot(3, "10:00", "11:00"), slot(3, "08:00", "18:00")],
                vec![("availability[1]", "overlapping")],
            ),
            (
                vec![slot(4, "10:00", "11:00"), slot(4, "10:00", "11:00")],
                vec![("availability[1]", "overlapping")],
            ),
            // One report per slot, even if it overlaps several.
            (
                vec![
                    slot(5, "09:00", "10:00"),
                    slot(5, "10:00", "11:00"),
                    slot(6, "09:00", "10:00"),
                    slot(5, "08:00", "12:00"),
                ],
                vec![("availability[3]", "overlapping")],
            ),
            // A malformed slot is not also reported as overlapping.
            (
                vec![slot(1, "09:00", "12:00"), slot(1, "10:00", "09:00")],
                vec![("availability[1].end", "end_not_after_start")],
            ),
        ] {
            assert_eq!(errors(&slots), pairs(&want), "{slots:?}");
        }
    }

    #[test]
    fn overlap_message_names_the_earlier_slot() {
        let errs = validate(&[
            slot(1, "08:00", "09:00"),
            slot(2, "09:00", "12:00"),
            slot(2, "10:00", "11:00"),
        ])
        .unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].message, "与第 2 个时段重叠");
    }

    #[test]
    fn too_many_slots() {
        let slots = vec![slot(1, "09:00", "10:00"); MAX_SLOTS + 1];
        assert_eq!(errors(&slots), pairs(&[("availability", "too_many")]));
    }

    #[test]
    fn coverage() {
        let slots = [
            slot(1, "09:00", "12:00"),
            slot(1, "14:00", "17:30"),
            slot(6, "20:00", "24:00"),
            // Malformed slots cover nothing.
            slot(2, "12:00", "09:00"),
            slot(9, "00:00", "24:00"),
        ];
        for (weekday, at, want) in [
            (1, "09:00", true),
            (1, "11:59", true),
            (1, "12:00", false),
            (1, "13:00", false),
            (1, "14:00", true),
            (1, "17:29", true),
            (1, "17:30", false),
            (1, "08:59", false),
            (2, "10:00", false),
            (3, "10:00", false),
            (6, "23:59", true),
            (6, "24:00", false),
            (7, "00:00", false),
            (9, "10:00", false),
            (1, "10:00:00", false),
            (1, "", false),
        ] {
            assert_eq!(covers(&slots, weekday, at), want, "{weekday} {at}");
        }
        assert!(!covers(&[], 1, "10:00"));
    }
}
