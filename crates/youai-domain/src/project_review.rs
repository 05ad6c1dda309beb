//! Reviewing a service project (项目审核): submit, approve into a release batch, reject with a
//! reason, close — decided over facts loaded beforehand.

use youai_types::{ProjectAction, ProjectStatus};

use crate::activities::{ActionRules, ProjectRules, TransitionError};

/// The release batch an approval names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchFact {
    /// No batch given.
    NotGiven,
    /// A batch id that names no batch.
    Unknown,
    /// An existing batch.
    Known(i64),
}

/// What is known when someone reviews a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewFacts<'a> {
    pub from: ProjectStatus,
    pub action: ProjectAction,
    pub reason: Option<&'a str>,
    pub batch: BatchFact,
    /// The project's batch now (kept unless it is approved into another).
    pub current_batch: Option<i64>,
}

/// What a review does to the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewDecision {
    pub to: ProjectStatus,
    pub batch_id: Option<i64>,
    /// Approved now: published at this moment.
    pub publish: bool,
    /// The trimmed reason, kept only for actions that need one.
    pub reason: Option<String>,
}

/// Why a review may not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewRefusal {
    /// The action does not apply in this state, or its reason is missing or too long.
    Transition(TransitionError),
    BatchRequired,
    BatchNotFound,
}

impl ReviewRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            ReviewRefusal::Transition(e) => e.code(),
            ReviewRefusal::BatchRequired => "required",
            ReviewRefusal::BatchNotFound => "not_found",
        }
    }
}

/// Decides a review: the state machine (with its reason rule) first, then an approval needs
/// an existing batch.
pub fn decide_review(f: &ReviewFacts<'_>) -> Result<ReviewDecision, ReviewRefusal> {
    let to = f
        .from
        .apply(f.action, f.reason)
        .map_err(ReviewRefusal::Transition)?;
    let (batch_id, publish) = match (f.action, f.batch) {
        (ProjectAction::Approve, BatchFact::NotGiven) => return Err(ReviewRefusal::BatchRequired),
        (ProjectAction::Approve, BatchFact::Unknown) => return Err(ReviewRefusal::BatchNotFound),
        (ProjectAction::Approve, BatchFact::Known(b)) => (Some(b), true),
        _ => (f.current_batch, false),
    };
    let reason = if f.action.needs_reason() {
        f.reason.map(|r| r.trim().to_owned())
    } else {
        None
    };
    Ok(ReviewDecision {
        to,
        batch_id,
        publish,
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProjectAction as A;
    use ProjectStatus as S;

    #[test]
    fn a_review_is_decided_over_facts() {
        let f = |from, action, reason, batch| ReviewFacts {
            from,
            action,
            reason,
            batch,
            current_batch: Some(3),
        };
        type Want = Result<(S, Option<i64>, bool, Option<&'static str>), &'static str>;
        let cases: &[(ReviewFacts<'_>, Want)] = &[
            (
                f(S::Draft, A::Submit, None, BatchFact::NotGiven),
                Ok((S::InReview, Some(3), false, None)),
            ),
            (
                f(S::InReview, A::Approve, None, BatchFact::Known(7)),
                Ok((S::Published, Some(7), true, None)),
            ),
            (
                f(S::InReview, A::Approve, None, BatchFact::NotGiven),
                Err("required"),
            ),
            (
                f(S::InReview, A::Approve, None, BatchFact::Unknown),
                Err("not_found"),
            ),
            (
                f(
                    S::InReview,
                    A::Reject,
                    Some(" 材料不全 "),
                    BatchFact::NotGiven,
                ),
                Ok((S::Draft, Some(3), false, Some("材料不全"))),
            ),
            (
                f(S::InReview, A::Reject, None, BatchFact::NotGiven),
                Err("required"),
            ),
            (
                f(S::Draft, A::Approve, None, BatchFact::Known(7)),
                Err("invalid_transition"),
            ),
            (
                f(S::Closed, A::Submit, None, BatchFact::NotGiven),
                Err("invalid_transition"),
            ),
            (
                f(S::Published, A::Close, None, BatchFact::NotGiven),
                Ok((S::Closed, Some(3), false, None)),
            ),
        ];
        for (facts, want) in cases {
            let got = decide_review(facts)
                .map(|d| (d.to, d.batch_id, d.publish, d.reason))
                .map_err(|r| r.code());
            let want = want.map(|(s, b, p, r)| (s, b, p, r.map(str::to_owned)));
            assert_eq!(got, want, "{facts:?}");
        }
    }
}
