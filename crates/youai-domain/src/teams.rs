//! The corps tree's shape and a team's registration states.

use youai_types::{FieldError, TeamAction, TeamDecisionKind, TeamKind, TeamStatus};

use crate::validate::Errors;

/// The kinds a team of `kind` may sit under; empty means it must be a root.
pub fn allowed_parents(kind: TeamKind) -> &'static [TeamKind] {
    use TeamKind::*;
    match kind {
        CityCorps => &[],
        TownDetachment | IndustryDetachment => &[CityCorps],
        Squad => &[IndustryDetachment],
        CommunityTeam | PointTeam => &[TownDetachment],
        // Civil-society teams stand alone or join the corps under a town detachment or the city corps.
        SocialTeam => &[CityCorps, TownDetachment],
    }
}

/// Whether `kind` may have no parent at all.
pub fn may_be_root(kind: TeamKind) -> bool {
    matches!(kind, TeamKind::CityCorps | TeamKind::SocialTeam)
}

/// A team kind's name, as messages and reports write it.
pub fn kind_name(k: TeamKind) -> &'static str {
    match k {
        TeamKind::CityCorps => "市级总队",
        TeamKind::TownDetachment => "镇级支队",
        TeamKind::IndustryDetachment => "行业支队",
        TeamKind::Squad => "小分队",
        TeamKind::CommunityTeam => "村（社区）服务队",
        TeamKind::PointTeam => "实践点服务队",
        TeamKind::SocialTeam => "社会志愿服务团队",
    }
}

/// Checks a team's place in the tree. `parent` is the parent's kind and path when `parent_id`
/// names an existing team; `own_path` is the team's path when it already exists (a move).
pub fn check_shape(
    kind: TeamKind,
    parent_id: Option<i64>,
    parent: Option<(TeamKind, &str)>,
    own_path: Option<&str>,
) -> Result<(), FieldError> {
    let rule = |code: &str, message: String| Err(FieldError::new("parent_id", code, message));
    match (parent_id, parent) {
        (None, _) if may_be_root(kind) => Ok(()),
        (None, _) => rule(
            "parent_required",
            format!("{}须有上级队伍", kind_name(kind)),
        ),
        (Some(_), None) => rule("not_found", "上级队伍不存在".into()),
        (Some(_), Some((parent_kind, parent_path))) => {
            if let Some(own) = own_path
                && parent_path.starts_with(own)
            {
                return rule("cycle", "不能把队伍移到它自己或它的下级队伍之下".into());
            }
            let allowed = allowed_parents(kind);
            if allowed.contains(&parent_kind) {
                Ok(())
            } else if allowed.is_empty() {
                rule("must_be_root", format!("{}没有上级队伍", kind_name(kind)))
            } else {
                let names: Vec<&str> = allowed.iter().map(|k| kind_name(*k)).collect();
                rule(
                    "wrong_parent_kind",
                    format!("{}只能隶属于{}", kind_name(kind), names.join("或")),
                )
            }
        }
    }
}

/// Whether everyone may see a team in this state (approved or suspended); registrations in
/// progress are for their registrant and the admins who decide them.
pub fn publicly_visible(s: TeamStatus) -> bool {
    matches!(s, TeamStatus::Approved | TeamStatus::Suspended)
}

/// A registration decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject,
    Suspend,
    Reinstate,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Reject => "reject",
            Decision::Suspend => "suspend",
            Decision::Reinstate => "reinstate",
        }
    }

    /// The entry it makes in the team's history.
    pub fn action(self) -> TeamAction {
        match self {
            Decision::Approve => TeamAction::Approve,
            Decision::Reject => TeamAction::Reject,
            Decision::Suspend => TeamAction::Suspend,
            Decision::Reinstate => TeamAction::Reinstate,
        }
    }

    /// Rejecting and suspending need a reason.
    pub fn needs_reason(self) -> bool {
        matches!(self, Decision::Reject | Decision::Suspend)
    }

    /// The state this decision moves `from`, or `None` when it does not apply there.
    pub fn next(self, from: TeamStatus) -> Option<TeamStatus> {
        use TeamStatus::*;
        match (self, from) {
            (Decision::Approve, Pending) => Some(Approved),
            (Decision::Reject, Pending) => Some(Rejected),
            (Decision::Suspend, Approved) => Some(Suspended),
            (Decision::Reinstate, Suspended) => Some(Approved),
            _ => None,
        }
    }
}

impl From<TeamDecisionKind> for Decision {
    fn from(k: TeamDecisionKind) -> Self {
        match k {
            TeamDecisionKind::Approve => Decision::Approve,
            TeamDecisionKind::Reject => Decision::Reject,
            TeamDecisionKind::Suspend => Decision::Suspend,
            TeamDecisionKind::Reinstate => Decision::Reinstate,
        }
    }
}

/// Why a registration decision may not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecisionRefusal {
    /// Rejecting and suspending need a reason.
    ReasonRequired,
    /// A reason is at most 500 characters.
    ReasonTooLong,
    /// The decision does not apply to the team's current state.
    InvalidTransition {
        from: TeamStatus,
        decision: Decision,
    },
}

impl DecisionRefusal {
    /// The stable snake_case code clients see.
    pub fn code(&self) -> &'static str {
        match self {
            DecisionRefusal::ReasonRequired => "required",
            DecisionRefusal::ReasonTooLong => "too_long",
            DecisionRefusal::InvalidTransition { .. } => "invalid_transition",
        }
    }

    /// A message for the person.
    pub fn message(&self) -> String {
        match self {
            DecisionRefusal::ReasonRequired => "驳回或暂停须说明理由".into(),
            DecisionRefusal::ReasonTooLong => "理由最多 500 个字符".into(),
            DecisionRefusal::InvalidTransition { from, decision } => format!(
                "队伍当前状态为 {}，不能执行 {}",
                from.as_str(),
                decision.as_str()
            ),
        }
    }

    /// Whether the refusal is about the `reason` field (a 422) rather than the team's state
    /// (a 409).
    pub fn is_about_the_reason(&self) -> bool {
        matches!(
            self,
            DecisionRefusal::ReasonRequired | DecisionRefusal::ReasonTooLong
        )
    }
}

/// The reason given with a decision, trimmed (blank is none), checked before anything is
/// loaded: rejecting and suspending need one, and it is at most 500 characters.
pub fn decision_reason(
    decision: Decision,
    reason: Option<&str>,
) -> Result<Option<String>, DecisionRefusal> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if decision.needs_reason() && reason.is_none() {
        return Err(DecisionRefusal::ReasonRequired);
    }
    if reason.is_some_and(|r| r.chars().count() > 500) {
        return Err(DecisionRefusal::ReasonTooLong);
    }
    Ok(reason.map(str::to_owned))
}

/// What is known when an admin decides a team's registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegistrationFacts {
    pub decision: Decision,
    /// The team's status now.
    pub from: TeamStatus,
}

/// Decides a registration: the team's next status, or why the decision does not apply.
pub fn decide_registration(f: &RegistrationFacts) -> Result<TeamStatus, DecisionRefusal> {
    f.decision
        .next(f.from)
        .ok_or(DecisionRefusal::InvalidTransition {
            from: f.from,
            decision: f.decision,
        })
}

/// How a new team enters the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registration {
    /// An admin of its area creates it: approved at once, recorded as `create`.
    Official,
    /// Anyone applies for a social team: pending, recorded as `apply`; a registering
    /// volunteer becomes its first leader.
    Application,
}

impl Registration {
    pub fn status(self) -> TeamStatus {
        match self {
            Registration::Official => TeamStatus::Approved,
            Registration::Application => TeamStatus::Pending,
        }
    }

    /// The action its first history row records.
    pub fn action(self) -> TeamAction {
        match self {
            Registration::Official => TeamAction::Create,
            Registration::Application => TeamAction::Apply,
        }
    }
}

/// Decides how a new team of `kind` is registered: officially by an admin of its area;
/// otherwise only a `social_team` may apply (`None`: forbidden).
pub fn decide_registration_path(
    kind: TeamKind,
    caller_is_area_admin: bool,
) -> Option<Registration> {
    if caller_is_area_admin {
        Some(Registration::Official)
    } else if kind == TeamKind::SocialTeam {
        Some(Registration::Application)
    } else {
        None
    }
}

/// Checks the editable text fields of a team.
pub fn check_fields(
    e: &mut Errors,
    name: &str,
    specialty: Option<&str>,
    description: Option<&str>,
    contact_name: Option<&str>,
    contact_phone: Option<&str>,
    logo_url: Option<&str>,
) {
    e.text("name", name, 2, 60);
    e.optional_text("specialty", specialty, 30);
    e.optional_text("description", description, 2000);
    e.optional_text("contact_name", contact_name, 30);
    if let Some(p) = contact_phone
        && !crate::validate::is_mobile_phone(p)
        && !is_landline(p)
    {
        e.add(
            "contact_phone",
            "invalid_phone",
            "联系电话须为手机号或座机号（如 0512-58000000）",
        );
    }
    if let Some(u) = logo_url
        && !(u.starts_with("https://") || u.starts_with("http://") || u.starts_with('/'))
    {
        e.add(
            "logo_url",
            "invalid_url",
            "标志地址须为 http(s) 链接或本站路径",
        );
    }
}

/// A Chinese landline: area code, a dash, 7–8 digits.
fn is_landline(p: &str) -> bool {
    let Some((area, local)) = p.split_once('-') else {
        return false;
    };
    (3..=4).contains(&area.len())
        && area.starts_with('0')
        && (7..=8).contains(&local.len())
        && area
            .bytes()
            .chain(local.bytes())
            .all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use TeamKind::*;

    #[test]
    fn tree_shapes() {
        let code = |r: Result<(), FieldError>| r.err().map(|e| e.code);
        assert_eq!(code(check_shape(CityCorps, None, None, None)), None);
        assert_eq!(code(check_shape(SocialTeam, None, None, None)), None);
        assert_eq!(
            code(check_shape(Squad, None, None, None)).as_deref(),
            Some("parent_required")
        );
        assert_eq!(
            code(check_shape(
                Squad,
                Some(2),
                Some((IndustryDetachment, "/1/2/")),
                None
            )),
            None
        );
        assert_eq!(
            code(check_shape(
                Squad,
                Some(3),
                Some((TownDetachment, "/1/3/")),
                None
            ))
            .as_deref(),
            Some("wrong_parent_kind")
        );
        assert_eq!(
            code(check_shape(
                TownDetachment,
                Some(1),
                Some((CityCorps, "/1/")),
                None
            )),
            None
        );
        assert_eq!(
            code(check_shape(
                TownDetachment,
                Some(2),
                Some((IndustryDetachment, "/1/2/")),
                None
            ))
            .as_deref(),
            Some("wrong_parent_kind")
        );
        assert_eq!(
            code(check_shape(
                CityCorps,
                Some(1),
                Some((CityCorps, "/1/")),
                None
            ))
            .as_deref(),
            Some("must_be_root")
        );
        assert_eq!(
            code(check_shape(CommunityTeam, Some(9), None, None)).as_deref(),
            Some("not_found")
        );
        // Moving team /1/3/ under its own descendant /1/3/7/ is a cycle, whatever the kinds.
        assert_eq!(
            code(check_shape(
                SocialTeam,
                Some(7),
                Some((TownDetachment, "/1/3/7/")),
                Some("/1/3/")
            ))
            .as_deref(),
            Some("cycle")
        );
        assert_eq!(
            code(check_shape(
                SocialTeam,
                Some(3),
                Some((TownDetachment, "/1/3/")),
                Some("/1/3/")
            ))
            .as_deref(),
            Some("cycle")
        );
    }

    #[test]
    fn registration_states() {
        use TeamStatus::*;
        let cases = [
            (Decision::Approve, Pending, Some(Approved)),
            (Decision::Reject, Pending, Some(Rejected)),
            (Decision::Approve, Approved, None),
            (Decision::Reject, Approved, None),
            (Decision::Suspend, Approved, Some(Suspended)),
            (Decision::Suspend, Pending, None),
            (Decision::Reinstate, Suspended, Some(Approved)),
            (Decision::Reinstate, Rejected, None),
            (Decision::Approve, Rejected, None),
        ];
        for (d, from, want) in cases {
            assert_eq!(d.next(from), want, "{d:?} from {from:?}");
        }
        assert!(Decision::Reject.needs_reason() && Decision::Suspend.needs_reason());
        assert!(!Decision::Approve.needs_reason() && !Decision::Reinstate.needs_reason());
    }

    #[test]
    fn registration_decisions_over_facts() {
        use TeamStatus::*;
        type Want = Result<TeamStatus, &'static str>;
        let cases: &[(Decision, TeamStatus, Want)] = &[
            (Decision::Approve, Pending, Ok(Approved)),
            (Decision::Reject, Pending, Ok(Rejected)),
            (Decision::Suspend, Approved, Ok(Suspended)),
            (Decision::Reinstate, Suspended, Ok(Approved)),
            (Decision::Approve, Suspended, Err("invalid_transition")),
            (Decision::Reinstate, Approved, Err("invalid_transition")),
            (Decision::Suspend, Rejected, Err("invalid_transition")),
        ];
        for (decision, from, want) in cases {
            let got = decide_registration(&RegistrationFacts {
                decision: *decision,
                from: *from,
            })
            .map_err(|r| r.code());
            assert_eq!(&got, want, "{decision:?} from {from:?}");
        }
        let refusal = decide_registration(&RegistrationFacts {
            decision: Decision::Approve,
            from: Approved,
        })
        .unwrap_err();
        assert_eq!(
            refusal.message(),
            "队伍当前状态为 approved，不能执行 approve"
        );
        assert!(!refusal.is_about_the_reason());
    }

    #[test]
    fn decision_reasons() {
        let long = "理".repeat(501);
        type Want = Result<Option<&'static str>, &'static str>;
        let cases: &[(Decision, Option<&str>, Want)] = &[
            (Decision::Reject, None, Err("required")),
            (Decision::Suspend, Some("   "), Err("required")),
            (Decision::Reject, Some(" 材料不全 "), Ok(Some("材料不全"))),
            (Decision::Approve, None, Ok(None)),
            (Decision::Approve, Some(" "), Ok(None)),
            (Decision::Approve, Some(&long), Err("too_long")),
        ];
        for (decision, reason, want) in cases {
            let got = decision_reason(*decision, *reason);
            let got = got.as_ref().map(|r| r.as_deref()).map_err(|r| r.code());
            assert_eq!(&got, want, "{decision:?} {reason:?}");
        }
    }

    #[test]
    fn registration_paths() {
        let cases = [
            (CityCorps, true, Some(Registration::Official)),
            (SocialTeam, true, Some(Registration::Official)),
            (SocialTeam, false, Some(Registration::Application)),
            (Squad, false, None),
            (CommunityTeam, false, None),
        ];
        for (kind, admin, want) in cases {
            assert_eq!(
                decide_registration_path(kind, admin),
                want,
                "{kind:?} {admin}"
            );
        }
        assert_eq!(Registration::Official.status(), TeamStatus::Approved);
        assert_eq!(Registration::Application.action(), TeamAction::Apply);
    }

    #[test]
    fn contact_phones() {
        for (p, ok) in [
            ("13800138000", true),
            ("0512-58000000", true),
            ("512-5800000", false),
            ("0512-58", false),
            ("电话", false),
        ] {
            let mut e = Errors::default();
            check_fields(&mut e, "理论宣讲队", None, None, None, Some(p), None);
            assert_eq!(e.0.is_empty(), ok, "{p}");
        }
    }
}
