//! Service projects (服务项目) and their activities (活动): the state machines of projects,
//! activities and sign-ups (报名) and schedule checks. The check-in window and service hours
//! are in [`crate::checkins`] and [`crate::service_records`].
//!
//! All times are UTC instants; nothing here reads the clock, so the caller passes `now`.
//!
//! The states and actions are the wire enums of `youai_types`, re-exported here
//! ([`ProjectStatus`], [`ProjectAction`], [`ActivityStatus`], [`ActivityAction`],
//! [`SignUpStatus`]); only [`SignUpEvent`] is defined here. Their rules are methods of the
//! traits [`ProjectRules`], [`ActivityRules`], [`SignUpRules`], [`ActionRules`] and [`Label`],
//! so bring the traits into scope to call them:
//!
//! ```
//! use youai_domain::activities::{
//!     ActionRules, ActivityRules, ActivityStatus, Label, ProjectAction, ProjectRules,
//!     ProjectStatus, SignUpEvent, SignUpRules, SignUpStatus,
//! };
//!
//! assert_eq!(
//!     ProjectStatus::Draft.next(ProjectAction::Submit),
//!     Some(ProjectStatus::InReview)
//! );
//! assert!(ProjectAction::Reject.needs_reason());
//! assert_eq!(SignUpStatus::CheckedIn.label(), "已签到");
//! assert_eq!(
//!     SignUpStatus::Waitlisted.next(SignUpEvent::Promote),
//!     Some(SignUpStatus::Accepted)
//! );
//! assert!(ActivityStatus::Full.open_for_sign_up());
//! ```

use std::fmt;

use chrono::{DateTime, TimeDelta, Utc};
use youai_types::FieldError;

use crate::validate::Errors;

pub use youai_types::{ActivityAction, ActivityStatus, ProjectAction, ProjectStatus, SignUpStatus};

// ---------------------------------------------------------------------------------------------
// The rules, as traits on the wire enums
// ---------------------------------------------------------------------------------------------

/// The Chinese name of a state or an action, shown to people.
pub trait Label {
    /// The Chinese name shown to people.
    fn label(self) -> &'static str;
}

/// Whether an action needs a reason ([`ProjectAction`], [`ActivityAction`]).
pub trait ActionRules {
    /// Whether the action needs a reason: rejecting a project, cancelling an activity.
    fn needs_reason(self) -> bool;
}

/// The state machine of a service project ([`ProjectStatus`]): draft → in_review → published
/// → closed; a rejected project goes back to draft.
pub trait ProjectRules {
    /// The state `action` moves this one to, or `None` when it does not apply here.
    fn next(self, action: ProjectAction) -> Option<ProjectStatus>;

    /// [`Self::next`], also checking the reason when the action needs one.
    fn apply(
        self,
        action: ProjectAction,
        reason: Option<&str>,
    ) -> Result<ProjectStatus, TransitionError>;
}

/// The state machine of an activity ([`ActivityStatus`]): draft → recruiting ⇄ full → ongoing
/// → finished, or cancelled before the start. `recruiting` and `full` swap as places are taken
/// and freed; see [`recompute_fullness`].
pub trait ActivityRules {
    /// The state `action` moves this one to, or `None` when it does not apply here.
    fn next(self, action: ActivityAction) -> Option<ActivityStatus>;

    /// [`Self::next`], also checking the reason when the action needs one.
    fn apply(
        self,
        action: ActivityAction,
        reason: Option<&str>,
    ) -> Result<ActivityStatus, TransitionError>;

    /// Whether volunteers may sign up (a full activity still takes sign-ups, onto the
    /// waiting list). The sign-up deadline is checked separately.
    fn open_for_sign_up(self) -> bool;
}

/// The state machine of a volunteer's sign-up for an activity ([`SignUpStatus`]): applied →
/// accepted | waitlisted | rejected; accepted → checked_in → checked_out, or no_show;
/// cancelled by the volunteer before the start.
pub trait SignUpRules {
    /// The state `event` moves this one to, ignoring time, or `None` when it does not apply
    /// here. Use it to decide which buttons to show; use [`Self::apply`] to act.
    fn next(self, event: SignUpEvent) -> Option<SignUpStatus>;

    /// [`Self::next`] plus the rules of time for an activity running from `start` to `end`:
    /// a cancel needs `now < start`, a no-show needs `now >= end`.
    ///
    /// The check-in window is not checked here: call [`may_check_in`] first, whose refusal
    /// says why. Nor is the quota: accept and promote only when [`has_room`].
    fn apply(
        self,
        event: SignUpEvent,
        now: DateTime<Utc>,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<SignUpStatus, TransitionError>;

    /// Whether a sign-up in this state takes one of the activity's places.
    fn counts_toward_quota(self) -> bool;
}

/// Implements [`Label`] for an enum, one Chinese name per variant.
macro_rules! labels {
    ($name:ident { $($variant:ident => $label:literal),+ $(,)? }) => {
        impl Label for $name {
            fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label),+
                }
            }
        }
    };
}

/// A local enum stored as a snake_case string, with `ALL`, `as_str`, `parse`, `Display` and
/// [`Label`] (the wire enums get these from `youai_types`, plus `labels!`).
macro_rules! str_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal / $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The snake_case form stored in the database and sent over the wire.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The inverse of [`Self::as_str`].
            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s)
            }
        }

        labels!($name { $($variant => $label),+ });

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

// ---------------------------------------------------------------------------------------------
// Refusals shared by the three state machines
// ---------------------------------------------------------------------------------------------

/// The most characters a rejection or cancellation reason may have.
pub const REASON_MAX_CHARS: usize = 500;

/// Why a project, activity or sign-up could not move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransitionError {
    /// The action does not apply in the current state (HTTP 409). Fields are snake_case codes
    /// and Chinese labels of the state and the action.
    NotAllowed {
        from: &'static str,
        from_label: &'static str,
        action: &'static str,
        action_label: &'static str,
    },
    /// The action needs a reason and none (or only blanks) was given (HTTP 422, field `reason`).
    ReasonRequired,
    /// The reason is longer than [`REASON_MAX_CHARS`] (HTTP 422, field `reason`).
    ReasonTooLong,
    /// A volunteer may cancel a sign-up only before the activity starts.
    AlreadyStarted,
    /// A no-show can be recorded only once the activity has ended.
    NotEndedYet,
}

impl TransitionError {
    /// A stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            TransitionError::NotAllowed { .. } => "invalid_transition",
            TransitionError::ReasonRequired => "required",
            TransitionError::ReasonTooLong => "too_long",
            TransitionError::AlreadyStarted => "activity_started",
            TransitionError::NotEndedYet => "activity_not_ended",
        }
    }

    /// A Chinese message for people.
    pub fn message(&self) -> String {
        match self {
            TransitionError::NotAllowed {
                from_label,
                action_label,
                ..
            } => format!("当前状态为“{from_label}”，不能{action_label}"),
            TransitionError::ReasonRequired => "请填写原因".into(),
            TransitionError::ReasonTooLong => format!("原因最多 {REASON_MAX_CHARS} 个字符"),
            TransitionError::AlreadyStarted => "活动已开始，不能再取消报名".into(),
            TransitionError::NotEndedYet => "活动尚未结束，不能标记缺席".into(),
        }
    }

    /// The request field the error is about, for `errors[]` in a 422; `None` for a conflict.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            TransitionError::ReasonRequired | TransitionError::ReasonTooLong => Some("reason"),
            _ => None,
        }
    }

    /// As a field error, when the error is about a field.
    pub fn to_field_error(&self) -> Option<FieldError> {
        self.field()
            .map(|field| FieldError::new(field, self.code(), self.message()))
    }
}

impl fmt::Display for TransitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for TransitionError {}

/// Checks the reason for an action that needs one: present, not blank, not too long.
pub fn check_reason(reason: Option<&str>) -> Result<(), TransitionError> {
    let reason = reason.map(str::trim).unwrap_or_default();
    if reason.is_empty() {
        Err(TransitionError::ReasonRequired)
    } else if reason.chars().count() > REASON_MAX_CHARS {
        Err(TransitionError::ReasonTooLong)
    } else {
        Ok(())
    }
}

fn not_allowed(
    from: &'static str,
    from_label: &'static str,
    action: &'static str,
    action_label: &'static str,
) -> TransitionError {
    TransitionError::NotAllowed {
        from,
        from_label,
        action,
        action_label,
    }
}

// ---------------------------------------------------------------------------------------------
// Service projects
// ---------------------------------------------------------------------------------------------

labels!(ProjectStatus {
    Draft => "草稿",
    InReview => "审核中",
    Published => "已发布",
    Closed => "已关闭",
});

// Submit: the owner submits a draft for review. Approve: a reviewer publishes it. Reject: a
// reviewer sends it back to draft, with a reason. Close: the owner or an admin closes a
// published project.
labels!(ProjectAction {
    Submit => "提交审核",
    Approve => "审核通过",
    Reject => "退回",
    Close => "关闭",
});

impl ActionRules for ProjectAction {
    /// Rejecting needs a reason.
    fn needs_reason(self) -> bool {
        matches!(self, ProjectAction::Reject)
    }
}

impl ProjectRules for ProjectStatus {
    fn next(self, action: ProjectAction) -> Option<ProjectStatus> {
        use ProjectAction as A;
        use ProjectStatus as S;
        match (self, action) {
            (S::Draft, A::Submit) => Some(S::InReview),
            (S::InReview, A::Approve) => Some(S::Published),
            (S::InReview, A::Reject) => Some(S::Draft),
            (S::Published, A::Close) => Some(S::Closed),
            _ => None,
        }
    }

    fn apply(
        self,
        action: ProjectAction,
        reason: Option<&str>,
    ) -> Result<ProjectStatus, TransitionError> {
        let to = self.next(action).ok_or_else(|| {
            not_allowed(self.as_str(), self.label(), action.as_str(), action.label())
        })?;
        if action.needs_reason() {
            check_reason(reason)?;
        }
        Ok(to)
    }
}

// ---------------------------------------------------------------------------------------------
// Activities
// ---------------------------------------------------------------------------------------------

labels!(ActivityStatus {
    Draft => "草稿",
    Recruiting => "招募中",
    Full => "已满员",
    Ongoing => "进行中",
    Finished => "已结束",
    Cancelled => "已取消",
});

// Publish: opens a draft for sign-ups. Cancel: calls the activity off before it starts, with
// a reason. Start: the activity begins. Finish: the activity ends.
labels!(ActivityAction {
    Publish => "发布",
    Cancel => "取消",
    Start => "开始",
    Finish => "结束",
});

impl ActionRules for ActivityAction {
    /// Cancelling needs a reason (it is sent to everyone signed up).
    fn needs_reason(self) -> bool {
        matches!(self, ActivityAction::Cancel)
    }
}

impl ActivityRules for ActivityStatus {
    fn next(self, action: ActivityAction) -> Option<ActivityStatus> {
        use ActivityAction as A;
        use ActivityStatus as S;
        match (self, action) {
            (S::Draft, A::Publish) => Some(S::Recruiting),
            (S::Draft | S::Recruiting | S::Full, A::Cancel) => Some(S::Cancelled),
            (S::Recruiting | S::Full, A::Start) => Some(S::Ongoing),
            (S::Ongoing, A::Finish) => Some(S::Finished),
            _ => None,
        }
    }

    fn apply(
        self,
        action: ActivityAction,
        reason: Option<&str>,
    ) -> Result<ActivityStatus, TransitionError> {
        let to = self.next(action).ok_or_else(|| {
            not_allowed(self.as_str(), self.label(), action.as_str(), action.label())
        })?;
        if action.needs_reason() {
            check_reason(reason)?;
        }
        Ok(to)
    }

    fn open_for_sign_up(self) -> bool {
        matches!(self, ActivityStatus::Recruiting | ActivityStatus::Full)
    }
}

/// Whether an activity with `accepted` places taken out of `quota` has room for one more.
pub fn has_room(accepted: i64, quota: i32) -> bool {
    accepted < i64::from(quota)
}

/// Recomputes `recruiting` ↔ `full` after the accepted count changed; other states are
/// returned unchanged. `accepted` counts sign-ups for which
/// [`SignUpRules::counts_toward_quota`] holds.
pub fn recompute_fullness(status: ActivityStatus, accepted: i64, quota: i32) -> ActivityStatus {
    match status {
        ActivityStatus::Recruiting | ActivityStatus::Full => {
            if has_room(accepted, quota) {
                ActivityStatus::Recruiting
            } else {
                ActivityStatus::Full
            }
        }
        other => other,
    }
}

// ---------------------------------------------------------------------------------------------
// Sign-ups
// ---------------------------------------------------------------------------------------------

labels!(SignUpStatus {
    Applied => "待审核",
    Accepted => "已录用",
    Waitlisted => "候补中",
    Rejected => "未录用",
    Cancelled => "已取消",
    CheckedIn => "已签到",
    CheckedOut => "已签退",
    NoShow => "缺席",
});

str_enum!(
    /// What happens to a sign-up.
    SignUpEvent {
        /// The team leader accepts an application.
        Accept = "accept" / "录用",
        /// The team leader turns an application down.
        Reject = "reject" / "不予录用",
        /// The volunteer withdraws, before the activity starts.
        Cancel = "cancel" / "取消报名",
        /// A place freed up and the waiting list moves on.
        Promote = "promote" / "候补转正",
        /// The volunteer arrives (see [`may_check_in`] for the time window).
        CheckIn = "check_in" / "签到",
        /// The volunteer leaves (or the check-in is closed automatically, see [`crate::checkins::auto_close_at`]).
        CheckOut = "check_out" / "签退",
        /// The leader records that an accepted volunteer never came, after the end.
        MarkNoShow = "mark_no_show" / "标记缺席",
    }
);

impl SignUpRules for SignUpStatus {
    fn next(self, event: SignUpEvent) -> Option<SignUpStatus> {
        use SignUpEvent as E;
        use SignUpStatus as S;
        match (self, event) {
            (S::Applied, E::Accept) => Some(S::Accepted),
            (S::Applied, E::Reject) => Some(S::Rejected),
            (S::Applied | S::Accepted | S::Waitlisted, E::Cancel) => Some(S::Cancelled),
            (S::Waitlisted, E::Promote) => Some(S::Accepted),
            (S::Accepted, E::CheckIn) => Some(S::CheckedIn),
            (S::CheckedIn, E::CheckOut) => Some(S::CheckedOut),
            (S::Accepted, E::MarkNoShow) => Some(S::NoShow),
            _ => None,
        }
    }

    fn apply(
        self,
        event: SignUpEvent,
        now: DateTime<Utc>,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<SignUpStatus, TransitionError> {
        let to = self.next(event).ok_or_else(|| {
            not_allowed(self.as_str(), self.label(), event.as_str(), event.label())
        })?;
        match event {
            SignUpEvent::Cancel if now >= start => Err(TransitionError::AlreadyStarted),
            SignUpEvent::MarkNoShow if now < end => Err(TransitionError::NotEndedYet),
            _ => Ok(to),
        }
    }

    fn counts_toward_quota(self) -> bool {
        matches!(
            self,
            SignUpStatus::Accepted | SignUpStatus::CheckedIn | SignUpStatus::CheckedOut
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Schedule
// ---------------------------------------------------------------------------------------------

/// The longest an activity may run.
pub const MAX_DURATION: TimeDelta = TimeDelta::days(7);
/// The most places one activity may offer.
pub const MAX_QUOTA: i32 = 10_000;

/// Checks an activity's time window, sign-up deadline and quota, reporting every problem:
/// `end_at` must be after `start_at` (`end_before_start`) and at most [`MAX_DURATION`] later
/// (`too_long`); `quota` must be 1 to [`MAX_QUOTA`] (`out_of_range`); a `signup_deadline`, when
/// set, must not be after the start (`after_start`). Without one, sign-ups close at the start.
/// Whether the start lies in the future is the caller's check, as it needs the clock.
pub fn validate_schedule(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    signup_deadline: Option<DateTime<Utc>>,
    quota: i32,
) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    if end <= start {
        e.add("end_at", "end_before_start", "结束时间须晚于开始时间");
    } else if end.signed_duration_since(start) > MAX_DURATION {
        e.add("end_at", "too_long", "活动时长不能超过 7 天");
    }
    if !(1..=MAX_QUOTA).contains(&quota) {
        e.add(
            "quota",
            "out_of_range",
            format!("招募人数须为 1 到 {MAX_QUOTA}"),
        );
    }
    if signup_deadline.is_some_and(|d| d > start) {
        e.add(
            "signup_deadline",
            "after_start",
            "报名截止时间不能晚于活动开始时间",
        );
    }
    e.into_result()
}

/// Whether the half-open intervals `[a_start, a_end)` and `[b_start, b_end)` share an instant:
/// an activity ending at 12:00 does not overlap one starting at 12:00. Empty or inverted
/// intervals overlap nothing.
pub fn overlaps(
    a_start: DateTime<Utc>,
    a_end: DateTime<Utc>,
    b_start: DateTime<Utc>,
    b_end: DateTime<Utc>,
) -> bool {
    a_start < a_end && b_start < b_end && a_start < b_end && b_start < a_end
}

#[cfg(test)]
mod tests {
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
}
