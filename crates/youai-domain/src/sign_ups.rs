//! Signing up for an activity (报名): whether a volunteer may, decided over facts the caller
//! loaded beforehand. The quota itself is held by storage (one conditional `UPDATE`), so the
//! decision says whether to try for a place, not whether one is free.

use chrono::{DateTime, Utc};

use crate::activities::ActivityRules;
use youai_types::{ActivityStatus, SignUpStatus};

/// What is known when a volunteer asks to sign up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignUpFacts<'a> {
    pub activity_status: ActivityStatus,
    pub now: DateTime<Utc>,
    pub signup_deadline: DateTime<Utc>,
    /// The volunteer's earlier sign-up for this activity, if any.
    pub existing: Option<SignUpStatus>,
    /// The volunteer's age in whole years, on today's date in the city.
    pub age: u32,
    pub min_age: i32,
    /// The skills the activity requires: (id, name).
    pub required_skills: &'a [(i64, String)],
    /// The ids of the skills the volunteer has.
    pub volunteer_skills: &'a [i64],
    /// Whether the activity accepts while places last instead of waiting for its leader.
    pub auto_accept: bool,
    /// An accepted commitment of the volunteer's that overlaps this activity: its activity id.
    pub overlapping_activity: Option<i64>,
}

/// What to do with a sign-up that may go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignUpDecision {
    /// Wait as `applied` for the team's leader.
    AwaitLeader,
    /// Take a place if one is left (`accepted`), else join the waiting list (`waitlisted`).
    TakePlaceOrWaitlist,
}

impl SignUpDecision {
    /// The new sign-up's status, once storage said whether a place was taken.
    pub fn status(self, place_taken: bool) -> SignUpStatus {
        match (self, place_taken) {
            (SignUpDecision::AwaitLeader, _) => SignUpStatus::Applied,
            (SignUpDecision::TakePlaceOrWaitlist, true) => SignUpStatus::Accepted,
            (SignUpDecision::TakePlaceOrWaitlist, false) => SignUpStatus::Waitlisted,
        }
    }
}

/// Why a volunteer may not sign up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignUpRefusal {
    /// The activity is not recruiting (a draft, cancelled, started or over).
    NotRecruiting(ActivityStatus),
    /// The sign-up deadline has passed.
    DeadlinePassed,
    /// The volunteer already has a live sign-up for it.
    AlreadySignedUp(SignUpStatus),
    /// Younger than the activity's minimum age.
    BelowMinAge { min_age: i32 },
    /// Lacks skills the activity requires (their names).
    MissingSkills(Vec<String>),
    /// Overlaps another accepted commitment (its activity id).
    Overlaps { activity_id: i64 },
}

impl SignUpRefusal {
    /// The stable snake_case code clients see.
    pub fn code(&self) -> &'static str {
        match self {
            SignUpRefusal::NotRecruiting(_) => "activity_not_recruiting",
            SignUpRefusal::DeadlinePassed => "signup_closed",
            SignUpRefusal::AlreadySignedUp(_) => "already_signed_up",
            SignUpRefusal::BelowMinAge { .. } => "below_min_age",
            SignUpRefusal::MissingSkills(_) => "missing_skill",
            SignUpRefusal::Overlaps { .. } => "overlapping_sign_up",
        }
    }

    /// A message for the person.
    pub fn message(&self) -> String {
        match self {
            SignUpRefusal::NotRecruiting(s) => {
                format!("活动当前状态为 {}，不接受报名", s.as_str())
            }
            SignUpRefusal::DeadlinePassed => "报名已截止".into(),
            SignUpRefusal::AlreadySignedUp(s) => format!("你已报名（{}）", s.as_str()),
            SignUpRefusal::BelowMinAge { min_age } => format!("该活动要求年满 {min_age} 周岁"),
            SignUpRefusal::MissingSkills(names) => {
                format!("该活动要求技能：{}", names.join("、"))
            }
            SignUpRefusal::Overlaps { activity_id } => {
                format!("与你已确认的另一项活动（{activity_id}）时间重叠")
            }
        }
    }

    /// Whether the refusal is about the volunteer (a 422 naming them) rather than the
    /// activity's state (a 409).
    pub fn is_about_the_volunteer(&self) -> bool {
        matches!(
            self,
            SignUpRefusal::BelowMinAge { .. } | SignUpRefusal::MissingSkills(_)
        )
    }
}

/// Decides a new sign-up, checking in this order: the activity recruits, the deadline, an
/// existing live sign-up (a cancelled or rejected one may be renewed), the minimum age, the
/// required skills, and — only where sign-ups are accepted at once — overlapping commitments
/// (otherwise the leader's acceptance checks them).
pub fn decide_sign_up(f: &SignUpFacts<'_>) -> Result<SignUpDecision, SignUpRefusal> {
    if !f.activity_status.open_for_sign_up() {
        return Err(SignUpRefusal::NotRecruiting(f.activity_status));
    }
    if f.now >= f.signup_deadline {
        return Err(SignUpRefusal::DeadlinePassed);
    }
    if let Some(existing) = f.existing
        && !matches!(existing, SignUpStatus::Cancelled | SignUpStatus::Rejected)
    {
        return Err(SignUpRefusal::AlreadySignedUp(existing));
    }
    if i64::from(f.age) < i64::from(f.min_age) {
        return Err(SignUpRefusal::BelowMinAge { min_age: f.min_age });
    }
    let missing: Vec<String> = f
        .required_skills
        .iter()
        .filter(|(id, _)| !f.volunteer_skills.contains(id))
        .map(|(_, name)| name.clone())
        .collect();
    if !missing.is_empty() {
        return Err(SignUpRefusal::MissingSkills(missing));
    }
    if !f.auto_accept {
        return Ok(SignUpDecision::AwaitLeader);
    }
    if let Some(activity_id) = f.overlapping_activity {
        return Err(SignUpRefusal::Overlaps { activity_id });
    }
    Ok(SignUpDecision::TakePlaceOrWaitlist)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use chrono::TimeZone;

    fn facts<'a>(skills: &'a [(i64, String)], have: &'a [i64]) -> SignUpFacts<'a> {
        SignUpFacts {
            activity_status: ActivityStatus::Recruiting,
            now: Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).unwrap(),
            signup_deadline: Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap(),
            existing: None,
            age: 30,
            min_age: 14,
            required_skills: skills,
            volunteer_skills: have,
            auto_accept: true,
            overlapping_activity: None,
        }
    }

    /// A required skill no volunteer in these cases has.
    static LACKING: [(i64, String); 1] = [(9, String::new())];

    #[test]
    fn a_sign_up_is_decided_rule_by_rule() {
        use SignUpStatus as S;
        let skills = [(1, "急救".to_owned()), (2, "手语".to_owned())];
        type Change = fn(&mut SignUpFacts<'_>);
        let cases: &[(&str, Change, Result<SignUpDecision, &str>)] = &[
            (
                "open, auto",
                |_| {},
                Ok(SignUpDecision::TakePlaceOrWaitlist),
            ),
            (
                "full still takes the waiting list",
                |f| f.activity_status = ActivityStatus::Full,
                Ok(SignUpDecision::TakePlaceOrWaitlist),
            ),
            (
                "leader decides",
                |f| f.auto_accept = false,
                Ok(SignUpDecision::AwaitLeader),
            ),
            (
                "draft",
                |f| f.activity_status = ActivityStatus::Draft,
                Err("activity_not_recruiting"),
            ),
            (
                "started",
                |f| f.activity_status = ActivityStatus::Ongoing,
                Err("activity_not_recruiting"),
            ),
            (
                "at the deadline",
                |f| f.now = f.signup_deadline,
                Err("signup_closed"),
            ),
            (
                "applied before",
                |f| f.existing = Some(S::Applied),
                Err("already_signed_up"),
            ),
            (
                "waitlisted before",
                |f| f.existing = Some(S::Waitlisted),
                Err("already_signed_up"),
            ),
            (
                "cancelled before may renew",
                |f| f.existing = Some(S::Cancelled),
                Ok(SignUpDecision::TakePlaceOrWaitlist),
            ),
            (
                "rejected before may renew",
                |f| f.existing = Some(S::Rejected),
                Ok(SignUpDecision::TakePlaceOrWaitlist),
            ),
            ("too young", |f| f.age = 13, Err("below_min_age")),
            (
                "just old enough",
                |f| f.age = 14,
                Ok(SignUpDecision::TakePlaceOrWaitlist),
            ),
            (
                "lacks a skill",
                |f| f.required_skills = &LACKING,
                Err("missing_skill"),
            ),
            (
                "overlaps, auto",
                |f| f.overlapping_activity = Some(7),
                Err("overlapping_sign_up"),
            ),
            (
                "overlaps, leader decides later",
                |f| {
                    f.overlapping_activity = Some(7);
                    f.auto_accept = false;
                },
                Ok(SignUpDecision::AwaitLeader),
            ),
            // The first failing rule wins: state before deadline before age.
            (
                "draft and too young",
                |f| {
                    f.activity_status = ActivityStatus::Draft;
                    f.age = 1;
                },
                Err("activity_not_recruiting"),
            ),
            (
                "closed and too young",
                |f| {
                    f.now = f.signup_deadline;
                    f.age = 1;
                },
                Err("signup_closed"),
            ),
        ];
        for (name, change, expected) in cases {
            let mut f = facts(&skills, &[1, 2]);
            change(&mut f);
            let got = decide_sign_up(&f).map_err(|r| r.code());
            assert_eq!(&got, expected, "{name}");
        }
    }

    #[test]
    fn missing_skills_are_named_in_order() {
        let skills = [
            (1, "急救".to_owned()),
            (2, "手语".to_owned()),
            (3, "摄影".to_owned()),
        ];
        let refusal = decide_sign_up(&facts(&skills, &[2])).unwrap_err();
        assert_eq!(
            refusal,
            SignUpRefusal::MissingSkills(vec!["急救".into(), "摄影".into()])
        );
        assert_eq!(refusal.message(), "该活动要求技能：急救、摄影");
        assert!(refusal.is_about_the_volunteer());
    }

    #[test]
    fn the_place_decides_accepted_or_waitlisted() {
        use SignUpDecision as D;
        assert_eq!(D::TakePlaceOrWaitlist.status(true), SignUpStatus::Accepted);
        assert_eq!(
            D::TakePlaceOrWaitlist.status(false),
            SignUpStatus::Waitlisted
        );
        assert_eq!(D::AwaitLeader.status(true), SignUpStatus::Applied);
        assert_eq!(D::AwaitLeader.status(false), SignUpStatus::Applied);
    }
}
