//! Membership of teams (入队): who may apply, how a membership moves on (applied → active |
//! declined; active → left | removed) and who may lead, decided over facts loaded beforehand.

use chrono::NaiveDateTime;
use youai_types::{MembershipStatus, RecruitmentStatus, TeamStatus};

use crate::validate::Errors;

/// A recruitment call as it stands: posted open, its deadline, and how many it took.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallFacts {
    pub status: RecruitmentStatus,
    pub deadline: NaiveDateTime,
    pub quota: i32,
    /// Applications accepted so far (active members who came through it).
    pub accepted: i64,
}

/// Whether a call still takes applications: posted open, before its deadline, with places left.
pub fn call_open(c: &CallFacts, now: NaiveDateTime) -> Result<(), MembershipRefusal> {
    if c.status != RecruitmentStatus::Open || c.deadline <= now {
        return Err(MembershipRefusal::RecruitmentClosed);
    }
    if c.accepted >= i64::from(c.quota) {
        return Err(MembershipRefusal::RecruitmentFull);
    }
    Ok(())
}

/// Checks a new call's fields: a title of 2–100 characters, a description of at most 2000,
/// 1–1000 places and a deadline in the future.
pub fn check_call(
    e: &mut Errors,
    title: &str,
    description: Option<&str>,
    quota: i32,
    deadline: NaiveDateTime,
    now: NaiveDateTime,
) {
    e.text("title", title, 2, 100);
    e.optional_text("description", description, 2000);
    if !(1..=1000).contains(&quota) {
        e.add("quota", "out_of_range", "招募人数须在 1 到 1000 之间");
    }
    if deadline <= now {
        e.add("deadline", "in_the_past", "截止时间须在将来");
    }
}

/// The recruitment call a join request answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answering {
    /// None: a plain request.
    Nothing,
    /// A call that does not exist or is another team's.
    UnknownCall,
    /// A call of this team, and the names of the skills it requires that the volunteer lacks.
    Call {
        call: CallFacts,
        missing_skills: Vec<String>,
    },
}

/// What is known when a volunteer asks to join a team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinFacts {
    pub team_status: TeamStatus,
    /// Whether the caller has a volunteer profile.
    pub has_profile: bool,
    /// The volunteer's earlier membership of this team, if any.
    pub existing: Option<MembershipStatus>,
    pub answering: Answering,
    pub now: NaiveDateTime,
}

/// Why a membership may not be asked for or moved on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MembershipRefusal {
    TeamNotApproved,
    ProfileRequired,
    AlreadyMember(MembershipStatus),
    UnknownRecruitment,
    RecruitmentClosed,
    RecruitmentFull,
    MissingSkills(Vec<String>),
    /// Only the volunteer leaves; only the team's managers decide.
    Forbidden,
    InvalidTransition {
        from: MembershipStatus,
        to: MembershipStatus,
    },
    /// Only an active member may lead or stop leading.
    NotActive,
}

impl MembershipRefusal {
    /// The stable snake_case code clients see.
    pub fn code(&self) -> &'static str {
        match self {
            MembershipRefusal::TeamNotApproved => "team_not_approved",
            MembershipRefusal::ProfileRequired => "volunteer_profile_required",
            MembershipRefusal::AlreadyMember(_) => "already_member",
            MembershipRefusal::UnknownRecruitment => "not_found",
            MembershipRefusal::RecruitmentClosed => "recruitment_closed",
            MembershipRefusal::RecruitmentFull => "recruitment_full",
            MembershipRefusal::MissingSkills(_) => "missing_skill",
            MembershipRefusal::Forbidden => "forbidden",
            MembershipRefusal::InvalidTransition { .. } => "invalid_transition",
            MembershipRefusal::NotActive => "not_active",
        }
    }

    /// A message for the person.
    pub fn message(&self) -> String {
        match self {
            MembershipRefusal::TeamNotApproved => "该队伍当前不接受申请".into(),
            MembershipRefusal::ProfileRequired => {
                "请先完善志愿者资料（POST /api/v1/volunteers）".into()
            }
            MembershipRefusal::AlreadyMember(s) => format!(
                "你已{}该队伍",
                if *s == MembershipStatus::Active {
                    "加入"
                } else {
                    "申请加入"
                }
            ),
            MembershipRefusal::UnknownRecruitment => "该队伍没有这个招募".into(),
            MembershipRefusal::RecruitmentClosed => "该招募已截止".into(),
            MembershipRefusal::RecruitmentFull => "该招募名额已满".into(),
            MembershipRefusal::MissingSkills(names) => {
                format!("该招募要求技能：{}", names.join("、"))
            }
            MembershipRefusal::Forbidden => "无权执行此操作".into(),
            MembershipRefusal::InvalidTransition { from, to } => {
                format!("成员当前状态为 {}，不能改为 {}", from.as_str(), to.as_str())
            }
            MembershipRefusal::NotActive => "只有在队成员才能担任或卸任负责人".into(),
        }
    }

    /// The request field a 422 names, for refusals about the request rather than the state.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            MembershipRefusal::ProfileRequired => Some("volunteer"),
            MembershipRefusal::UnknownRecruitment | MembershipRefusal::MissingSkills(_) => {
                Some("recruitment_id")
            }
            _ => None,
        }
    }
}

/// Decides a join request, in this order: the team takes applications, the caller is a
/// volunteer, not already a member or applicant (one who left, was removed or declined may
/// ask again), and an answered call exists, is open, has places and the volunteer's skills.
pub fn decide_join(f: &JoinFacts) -> Result<(), MembershipRefusal> {
    if f.team_status != TeamStatus::Approved {
        return Err(MembershipRefusal::TeamNotApproved);
    }
    if !f.has_profile {
        return Err(MembershipRefusal::ProfileRequired);
    }
    if let Some(s) = f.existing
        && matches!(s, MembershipStatus::Active | MembershipStatus::Applied)
    {
        return Err(MembershipRefusal::AlreadyMember(s));
    }
    match &f.answering {
        Answering::Nothing => Ok(()),
        Answering::UnknownCall => Err(MembershipRefusal::UnknownRecruitment),
        Answering::Call {
            call,
            missing_skills,
        } => {
            call_open(call, f.now)?;
            if missing_skills.is_empty() {
                Ok(())
            } else {
                Err(MembershipRefusal::MissingSkills(missing_skills.clone()))
            }
        }
    }
}

/// What is known when someone moves a membership on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangeFacts {
    pub from: MembershipStatus,
    pub to: MembershipStatus,
    /// The caller is the member.
    pub own: bool,
    /// The caller manages the team (its leaders, leaders above, admins of its area).
    pub manages: bool,
    /// The membership answered a call that has filled its places meanwhile.
    pub call_full: bool,
}

/// Decides a change: the volunteer leaves (from active or applied); the team accepts or
/// declines an application and removes an active member; an accepted answer needs a place
/// left in its call. Who may comes before whether the state allows it.
pub fn decide_change(f: &ChangeFacts) -> Result<MembershipStatus, MembershipRefusal> {
    use MembershipStatus::*;
    let allowed = match f.to {
        Active | Declined => f.from == Applied,
        Removed => f.from == Active,
        Left => matches!(f.from, Active | Applied),
        Applied => false,
    };
    let may = if f.to == Left { f.own } else { f.manages };
    if !may {
        return Err(MembershipRefusal::Forbidden);
    }
    if !allowed {
        return Err(MembershipRefusal::InvalidTransition {
            from: f.from,
            to: f.to,
        });
    }
    if f.to == Active && f.call_full {
        return Err(MembershipRefusal::RecruitmentFull);
    }
    Ok(f.to)
}

/// Only an active member may be made a leader or stop being one.
pub fn decide_role_change(status: MembershipStatus) -> Result<(), MembershipRefusal> {
    if status == MembershipStatus::Active {
        Ok(())
    } else {
        Err(MembershipRefusal::NotActive)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MembershipStatus as S;
    use chrono::NaiveDate;

    fn at(day: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, day)
            .and_then(|d| d.and_hms_opt(8, 0, 0))
            .unwrap_or_default()
    }

    fn call() -> CallFacts {
        CallFacts {
            status: RecruitmentStatus::Open,
            deadline: at(20),
            quota: 2,
            accepted: 1,
        }
    }

    #[test]
    fn a_join_request_is_decided_rule_by_rule() {
        let base = JoinFacts {
            team_status: TeamStatus::Approved,
            has_profile: true,
            existing: None,
            answering: Answering::Nothing,
            now: at(10),
        };
        type Change = fn(&mut JoinFacts);
        let cases: &[(&str, Change, Result<(), &str>)] = &[
            ("plain", |_| {}, Ok(())),
            (
                "pending team",
                |f| f.team_status = TeamStatus::Pending,
                Err("team_not_approved"),
            ),
            (
                "suspended team",
                |f| f.team_status = TeamStatus::Suspended,
                Err("team_not_approved"),
            ),
            (
                "no profile",
                |f| f.has_profile = false,
                Err("volunteer_profile_required"),
            ),
            (
                "pending team before profile",
                |f| {
                    f.team_status = TeamStatus::Rejected;
                    f.has_profile = false;
                },
                Err("team_not_approved"),
            ),
            (
                "active",
                |f| f.existing = Some(S::Active),
                Err("already_member"),
            ),
            (
                "applied",
                |f| f.existing = Some(S::Applied),
                Err("already_member"),
            ),
            ("left may ask again", |f| f.existing = Some(S::Left), Ok(())),
            (
                "declined may ask again",
                |f| f.existing = Some(S::Declined),
                Ok(()),
            ),
            (
                "unknown call",
                |f| f.answering = Answering::UnknownCall,
                Err("not_found"),
            ),
            (
                "open call",
                |f| {
                    f.answering = Answering::Call {
                        call: call(),
                        missing_skills: vec![],
                    }
                },
                Ok(()),
            ),
            (
                "closed call",
                |f| {
                    let mut c = call();
                    c.status = RecruitmentStatus::Closed;
                    f.answering = Answering::Call {
                        call: c,
                        missing_skills: vec![],
                    };
                },
                Err("recruitment_closed"),
            ),
            (
                "past the deadline",
                |f| {
                    f.now = at(20);
                    f.answering = Answering::Call {
                        call: call(),
                        missing_skills: vec![],
                    };
                },
                Err("recruitment_closed"),
            ),
            (
                "full call",
                |f| {
                    let mut c = call();
                    c.accepted = 2;
                    f.answering = Answering::Call {
                        call: c,
                        missing_skills: vec![],
                    };
                },
                Err("recruitment_full"),
            ),
            (
                "lacks a skill",
                |f| {
                    f.answering = Answering::Call {
                        call: call(),
                        missing_skills: vec!["急救".into()],
                    }
                },
                Err("missing_skill"),
            ),
        ];
        for (name, change, want) in cases {
            let mut f = base.clone();
            change(&mut f);
            assert_eq!(&decide_join(&f).map_err(|r| r.code()), want, "{name}");
        }
    }

    #[test]
    fn a_membership_moves_on_by_who_and_from_where() {
        let f = |from, to, own, manages, call_full| ChangeFacts {
            from,
            to,
            own,
            manages,
            call_full,
        };
        let cases: &[(ChangeFacts, Result<S, &str>)] = &[
            (f(S::Applied, S::Active, false, true, false), Ok(S::Active)),
            (
                f(S::Applied, S::Declined, false, true, false),
                Ok(S::Declined),
            ),
            (f(S::Active, S::Removed, false, true, false), Ok(S::Removed)),
            (f(S::Active, S::Left, true, false, false), Ok(S::Left)),
            (f(S::Applied, S::Left, true, false, false), Ok(S::Left)),
            (f(S::Active, S::Left, false, true, false), Err("forbidden")),
            (
                f(S::Applied, S::Active, true, false, false),
                Err("forbidden"),
            ),
            (
                f(S::Active, S::Active, false, true, false),
                Err("invalid_transition"),
            ),
            (
                f(S::Applied, S::Removed, false, true, false),
                Err("invalid_transition"),
            ),
            (
                f(S::Left, S::Left, true, false, false),
                Err("invalid_transition"),
            ),
            (
                f(S::Active, S::Applied, false, true, false),
                Err("invalid_transition"),
            ),
            (
                f(S::Applied, S::Active, false, true, true),
                Err("recruitment_full"),
            ),
            (
                f(S::Applied, S::Declined, false, true, true),
                Ok(S::Declined),
            ),
        ];
        for (facts, want) in cases {
            assert_eq!(
                &decide_change(facts).map_err(|r| r.code()),
                want,
                "{facts:?}"
            );
        }
    }

    #[test]
    fn a_new_call_is_checked() {
        let codes = |title: &str, quota: i32, deadline: NaiveDateTime| {
            let mut e = Errors::default();
            check_call(&mut e, title, None, quota, deadline, at(10));
            e.0.into_iter().map(|f| f.code).collect::<Vec<_>>()
        };
        assert!(codes("招募宣讲员", 10, at(20)).is_empty());
        assert_eq!(codes("招募宣讲员", 0, at(20)), ["out_of_range"]);
        assert_eq!(codes("招募宣讲员", 1001, at(20)), ["out_of_range"]);
        assert_eq!(codes("招募宣讲员", 10, at(10)), ["in_the_past"]);
    }

    #[test]
    fn only_active_members_lead() {
        assert_eq!(decide_role_change(S::Active), Ok(()));
        for s in [S::Applied, S::Left, S::Removed, S::Declined] {
            assert_eq!(decide_role_change(s), Err(MembershipRefusal::NotActive));
        }
    }

    #[test]
    fn a_call_is_open_until_its_deadline_or_quota() {
        assert_eq!(call_open(&call(), at(10)), Ok(()));
        assert_eq!(
            call_open(&call(), at(21)),
            Err(MembershipRefusal::RecruitmentClosed)
        );
        let full = CallFacts {
            accepted: 5,
            ..call()
        };
        assert_eq!(
            call_open(&full, at(10)),
            Err(MembershipRefusal::RecruitmentFull)
        );
    }
}
