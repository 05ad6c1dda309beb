//! The three state machines and the schedule rules, table by table.

use super::*;
use chrono::TimeZone;

/// A table row: a state, what happens, the circumstance, and the outcome or error code.
type Case<S, A, X> = (S, A, X, Result<S, &'static str>);
/// A schedule row: end, deadline, quota, and the `field:code` errors expected.
type ScheduleCase = (
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    i32,
    &'static [&'static str],
);

/// 2025-06-07 (a Saturday) at `h:m` UTC.
fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, 7, h, m, 0).unwrap()
}

fn hm(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, 7, h, m, s).unwrap()
}

#[test]
fn enums_round_trip_through_storage() {
    fn check<T: Copy + PartialEq + fmt::Debug>(
        all: &[T],
        as_str: fn(T) -> &'static str,
        parse: fn(&str) -> Option<T>,
    ) {
        let mut seen = std::collections::HashSet::new();
        for &v in all {
            let s = as_str(v);
            assert!(seen.insert(s), "duplicate {s}");
            assert!(
                s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{s} not snake_case"
            );
            assert_eq!(parse(s), Some(v));
        }
        assert_eq!(parse(""), None);
        assert_eq!(parse("Draft"), None);
    }
    check(
        ProjectStatus::ALL,
        ProjectStatus::as_str,
        ProjectStatus::parse,
    );
    check(
        ProjectAction::ALL,
        ProjectAction::as_str,
        ProjectAction::parse,
    );
    check(
        ActivityStatus::ALL,
        ActivityStatus::as_str,
        ActivityStatus::parse,
    );
    check(
        ActivityAction::ALL,
        ActivityAction::as_str,
        ActivityAction::parse,
    );
    check(SignUpStatus::ALL, SignUpStatus::as_str, SignUpStatus::parse);
    check(SignUpEvent::ALL, SignUpEvent::as_str, SignUpEvent::parse);
    assert_eq!(ProjectStatus::InReview.as_str(), "in_review");
    assert_eq!(SignUpStatus::NoShow.as_str(), "no_show");
    assert_eq!(SignUpStatus::CheckedIn.label(), "已签到");
    assert_eq!(ActivityStatus::ALL.len(), 6);
    assert_eq!(SignUpStatus::ALL.len(), 8);
}

#[test]
fn project_transitions_exhaustive() {
    use ProjectAction as A;
    use ProjectStatus as S;
    let allowed = [
        (S::Draft, A::Submit, S::InReview),
        (S::InReview, A::Approve, S::Published),
        (S::InReview, A::Reject, S::Draft),
        (S::Published, A::Close, S::Closed),
    ];
    for &from in S::ALL {
        for &action in A::ALL {
            let expected = allowed
                .iter()
                .find(|(f, a, _)| *f == from && *a == action)
                .map(|(_, _, to)| *to);
            assert_eq!(
                from.next(action),
                expected,
                "{} --{}-->",
                from.as_str(),
                action.as_str()
            );
        }
    }
}

#[test]
fn project_apply_checks_reason_and_state() {
    use ProjectAction as A;
    use ProjectStatus as S;
    let cases: &[Case<S, A, Option<&str>>] = &[
        (S::Draft, A::Submit, None, Ok(S::InReview)),
        (S::InReview, A::Approve, None, Ok(S::Published)),
        (
            S::InReview,
            A::Reject,
            Some("缺少服务对象说明"),
            Ok(S::Draft),
        ),
        (S::InReview, A::Reject, None, Err("required")),
        (S::InReview, A::Reject, Some("  \t "), Err("required")),
        (S::Published, A::Close, None, Ok(S::Closed)),
        (S::Closed, A::Close, None, Err("invalid_transition")),
        // The state is checked before the reason.
        (S::Draft, A::Reject, None, Err("invalid_transition")),
    ];
    for (from, action, reason, expected) in cases {
        let got = from.apply(*action, *reason).map_err(|e| e.code());
        assert_eq!(
            got,
            *expected,
            "{} --{}--> ({reason:?})",
            from.as_str(),
            action.as_str()
        );
    }
    let long = "理".repeat(REASON_MAX_CHARS + 1);
    let err = S::InReview.apply(A::Reject, Some(&long)).unwrap_err();
    assert_eq!(err, TransitionError::ReasonTooLong);
    let fe = err.to_field_error().unwrap();
    assert_eq!(
        (fe.field.as_str(), fe.code.as_str()),
        ("reason", "too_long")
    );
    let ok = "理".repeat(REASON_MAX_CHARS);
    assert_eq!(S::InReview.apply(A::Reject, Some(&ok)), Ok(S::Draft));

    let err = S::Closed.apply(A::Submit, None).unwrap_err();
    assert_eq!(err.field(), None);
    assert_eq!(err.to_field_error(), None);
    assert_eq!(err.message(), "当前状态为“已关闭”，不能提交审核");
    assert_eq!(
        err,
        TransitionError::NotAllowed {
            from: "closed",
            from_label: "已关闭",
            action: "submit",
            action_label: "提交审核"
        }
    );
}

#[test]
fn activity_transitions_exhaustive() {
    use ActivityAction as A;
    use ActivityStatus as S;
    let allowed = [
        (S::Draft, A::Publish, S::Recruiting),
        (S::Draft, A::Cancel, S::Cancelled),
        (S::Recruiting, A::Cancel, S::Cancelled),
        (S::Full, A::Cancel, S::Cancelled),
        (S::Recruiting, A::Start, S::Ongoing),
        (S::Full, A::Start, S::Ongoing),
        (S::Ongoing, A::Finish, S::Finished),
    ];
    for &from in S::ALL {
        for &action in A::ALL {
            let expected = allowed
                .iter()
                .find(|(f, a, _)| *f == from && *a == action)
                .map(|(_, _, to)| *to);
            assert_eq!(
                from.next(action),
                expected,
                "{} --{}-->",
                from.as_str(),
                action.as_str()
            );
        }
    }
}

#[test]
fn activity_apply_requires_cancel_reason() {
    use ActivityAction as A;
    use ActivityStatus as S;
    let cases: &[Case<S, A, Option<&str>>] = &[
        (S::Draft, A::Publish, None, Ok(S::Recruiting)),
        (S::Full, A::Cancel, Some("台风预警"), Ok(S::Cancelled)),
        (S::Recruiting, A::Cancel, None, Err("required")),
        (S::Recruiting, A::Cancel, Some(""), Err("required")),
        (
            S::Ongoing,
            A::Cancel,
            Some("台风预警"),
            Err("invalid_transition"),
        ),
        (S::Finished, A::Finish, None, Err("invalid_transition")),
        (S::Cancelled, A::Publish, None, Err("invalid_transition")),
    ];
    for (from, action, reason, expected) in cases {
        let got = from.apply(*action, *reason).map_err(|e| e.code());
        assert_eq!(
            got,
            *expected,
            "{} --{}--> ({reason:?})",
            from.as_str(),
            action.as_str()
        );
    }
}

#[test]
fn fullness() {
    use ActivityStatus as S;
    let cases = [
        (S::Recruiting, 0, 10, S::Recruiting),
        (S::Recruiting, 9, 10, S::Recruiting),
        (S::Recruiting, 10, 10, S::Full),
        (S::Recruiting, 11, 10, S::Full),
        (S::Full, 10, 10, S::Full),
        (S::Full, 9, 10, S::Recruiting),
        (S::Full, 0, 1, S::Recruiting),
        // Only recruiting and full swap.
        (S::Draft, 10, 10, S::Draft),
        (S::Ongoing, 0, 10, S::Ongoing),
        (S::Ongoing, 10, 10, S::Ongoing),
        (S::Finished, 3, 10, S::Finished),
        (S::Cancelled, 10, 10, S::Cancelled),
    ];
    for (status, accepted, quota, expected) in cases {
        assert_eq!(
            recompute_fullness(status, accepted, quota),
            expected,
            "{} {accepted}/{quota}",
            status.as_str()
        );
    }
    assert!(S::Recruiting.open_for_sign_up());
    assert!(S::Full.open_for_sign_up());
    for s in [S::Draft, S::Ongoing, S::Finished, S::Cancelled] {
        assert!(!s.open_for_sign_up(), "{}", s.as_str());
    }
}

#[test]
fn sign_up_transitions_exhaustive() {
    use SignUpEvent as E;
    use SignUpStatus as S;
    let allowed = [
        (S::Applied, E::Accept, S::Accepted),
        (S::Applied, E::Reject, S::Rejected),
        (S::Applied, E::Cancel, S::Cancelled),
        (S::Accepted, E::Cancel, S::Cancelled),
        (S::Waitlisted, E::Cancel, S::Cancelled),
        (S::Waitlisted, E::Promote, S::Accepted),
        (S::Accepted, E::CheckIn, S::CheckedIn),
        (S::CheckedIn, E::CheckOut, S::CheckedOut),
        (S::Accepted, E::MarkNoShow, S::NoShow),
    ];
    // A moment at which no time rule gets in the way of the event.
    let (start, end) = (at(9, 0), at(12, 0));
    let fitting_now = |e: E| match e {
        E::Cancel => at(8, 0),
        E::MarkNoShow => at(13, 0),
        _ => at(10, 0),
    };
    for &from in S::ALL {
        for &event in E::ALL {
            let expected = allowed
                .iter()
                .find(|(f, e, _)| *f == from && *e == event)
                .map(|(_, _, to)| *to);
            assert_eq!(from.next(event), expected, "{} --{event}-->", from.as_str());
            let applied = from.apply(event, fitting_now(event), start, end);
            match expected {
                Some(to) => assert_eq!(applied, Ok(to), "{} --{event}-->", from.as_str()),
                None => assert_eq!(
                    applied.map_err(|e| e.code()),
                    Err("invalid_transition"),
                    "{} --{event}-->",
                    from.as_str()
                ),
            }
        }
    }
}

#[test]
fn sign_up_time_rules() {
    use SignUpEvent as E;
    use SignUpStatus as S;
    let (start, end) = (at(9, 0), at(12, 0));
    let cases: &[Case<S, E, DateTime<Utc>>] = &[
        (S::Accepted, E::Cancel, hm(8, 59, 59), Ok(S::Cancelled)),
        (S::Accepted, E::Cancel, at(9, 0), Err("activity_started")),
        (S::Waitlisted, E::Cancel, at(10, 0), Err("activity_started")),
        (S::Applied, E::Cancel, at(13, 0), Err("activity_started")),
        (
            S::Accepted,
            E::MarkNoShow,
            hm(11, 59, 59),
            Err("activity_not_ended"),
        ),
        (S::Accepted, E::MarkNoShow, at(12, 0), Ok(S::NoShow)),
        (S::Accepted, E::MarkNoShow, at(20, 0), Ok(S::NoShow)),
        // The state is checked first.
        (
            S::CheckedIn,
            E::MarkNoShow,
            at(8, 0),
            Err("invalid_transition"),
        ),
        (
            S::CheckedIn,
            E::Cancel,
            at(13, 0),
            Err("invalid_transition"),
        ),
        // Other events are not bound by time here.
        (S::Waitlisted, E::Promote, at(10, 0), Ok(S::Accepted)),
        (S::CheckedIn, E::CheckOut, at(15, 0), Ok(S::CheckedOut)),
    ];
    for (from, event, now, expected) in cases {
        let got = from.apply(*event, *now, start, end).map_err(|e| e.code());
        assert_eq!(got, *expected, "{} --{event}--> at {now}", from.as_str());
    }
    assert_eq!(
        TransitionError::AlreadyStarted.message(),
        "活动已开始，不能再取消报名"
    );
}

#[test]
fn quota_counting() {
    use SignUpStatus as S;
    for &s in S::ALL {
        let expected = matches!(s, S::Accepted | S::CheckedIn | S::CheckedOut);
        assert_eq!(s.counts_toward_quota(), expected, "{}", s.as_str());
    }
}

#[test]
fn schedules() {
    let start = at(9, 0);
    let codes = |end: DateTime<Utc>, deadline: Option<DateTime<Utc>>, quota: i32| {
        validate_schedule(start, end, deadline, quota)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| format!("{}:{}", e.field, e.code))
            .collect::<Vec<_>>()
    };
    let week = start + TimeDelta::days(7);
    let cases: &[ScheduleCase] = &[
        (at(12, 0), None, 20, &[]),
        (at(12, 0), Some(at(9, 0)), 1, &[]),
        (at(12, 0), Some(start - TimeDelta::days(3)), MAX_QUOTA, &[]),
        (week, None, 20, &[]),
        (week + TimeDelta::seconds(1), None, 20, &["end_at:too_long"]),
        (at(9, 0), None, 20, &["end_at:end_before_start"]),
        (at(8, 0), None, 20, &["end_at:end_before_start"]),
        (at(12, 0), None, 0, &["quota:out_of_range"]),
        (at(12, 0), None, -5, &["quota:out_of_range"]),
        (at(12, 0), None, MAX_QUOTA + 1, &["quota:out_of_range"]),
        (
            at(12, 0),
            Some(hm(9, 0, 1)),
            20,
            &["signup_deadline:after_start"],
        ),
        (
            at(8, 0),
            Some(at(10, 0)),
            0,
            &[
                "end_at:end_before_start",
                "quota:out_of_range",
                "signup_deadline:after_start",
            ],
        ),
    ];
    for (end, deadline, quota, expected) in cases {
        assert_eq!(
            codes(*end, *deadline, *quota),
            *expected,
            "end={end} deadline={deadline:?} quota={quota}"
        );
    }
}

#[test]
fn overlapping() {
    let cases = [
        // (a, b, overlaps)
        ((9, 12), (10, 11), true),
        ((9, 12), (11, 13), true),
        ((9, 12), (8, 10), true),
        ((9, 12), (9, 12), true),
        ((9, 12), (12, 14), false),
        ((12, 14), (9, 12), false),
        ((9, 12), (13, 14), false),
        ((9, 12), (7, 9), false),
        // Empty and inverted intervals overlap nothing.
        ((10, 10), (9, 12), false),
        ((9, 12), (11, 10), false),
    ];
    for ((a0, a1), (b0, b1), expected) in cases {
        let got = overlaps(at(a0, 0), at(a1, 0), at(b0, 0), at(b1, 0));
        assert_eq!(got, expected, "[{a0},{a1}) vs [{b0},{b1})");
        let swapped = overlaps(at(b0, 0), at(b1, 0), at(a0, 0), at(a1, 0));
        assert_eq!(swapped, expected, "symmetric");
    }
}

#[test]
fn free_places_end_when_the_activity_starts() {
    use ActivityStatus::*;
    for (status, accepted, quota, free) in [
        (Draft, 0, 10, 10),
        (Recruiting, 4, 10, 6),
        (Full, 10, 10, 0),
        // A quota lowered below the accepted count shows none, not a negative number.
        (Recruiting, 12, 10, 0),
        (Ongoing, 4, 10, 0),
        (Finished, 4, 10, 0),
        (Cancelled, 0, 10, 0),
    ] {
        assert_eq!(free_places(status, accepted, quota), free, "{status:?}");
    }
}
