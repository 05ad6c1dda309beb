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

/// The places a volunteer could still take: the quota left, while the activity is planned or
/// recruiting; none once it is under way, finished or cancelled (its empty places are gone).
pub fn free_places(status: ActivityStatus, accepted: i32, quota: i32) -> i32 {
    match status {
        ActivityStatus::Ongoing | ActivityStatus::Finished | ActivityStatus::Cancelled => 0,
        ActivityStatus::Draft | ActivityStatus::Recruiting | ActivityStatus::Full => {
            (quota - accepted).max(0)
        }
    }
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
mod tests;
