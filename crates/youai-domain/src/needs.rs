//! The needs list (群众需求清单): a need's state machine, the urgency ranking of an area's
//! accepted needs, duplicate detection by character bigrams, and the public code.
//!
//! States: submitted → under_review → accepted | rejected; accepted → matched → in_service →
//! fulfilled. A review group may accept or reject a submitted need at once (at its meeting it
//! decides what it reads, without a separate "take up" step), so `accept` and `reject` are
//! allowed from `submitted` too. The submitter withdraws a need while it is submitted, under
//! review or accepted; staff merge an open one (submitted, under review, accepted) into
//! another. Rejected, withdrawn and merged needs are closed; a fulfilled one takes only its
//! evaluation. A matched or in-service need whose order closed unserved is released back to
//! accepted.

use std::collections::BTreeSet;

use youai_types::{NeedReviewAction, NeedStatus};

/// Everything that can be done to a need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NeedMove {
    StartReview,
    Accept,
    Reject,
    /// Move an accepted need within its area's ranked list.
    Rank,
    /// The submitter withdraws it.
    Withdraw,
    /// Staff merge it into another open need.
    Merge,
    /// A proposal is linked (matching).
    Match,
    /// An activity runs for it.
    StartService,
    Fulfil,
    /// The submitter rates it once fulfilled.
    Evaluate,
    /// The order it moved with closed unserved (cancelled, declined or expired): back to the
    /// accepted needs, to be matched again.
    Release,
}

impl NeedMove {
    pub const ALL: [NeedMove; 11] = [
        NeedMove::StartReview,
        NeedMove::Accept,
        NeedMove::Reject,
        NeedMove::Rank,
        NeedMove::Withdraw,
        NeedMove::Merge,
        NeedMove::Match,
        NeedMove::StartService,
        NeedMove::Fulfil,
        NeedMove::Evaluate,
        NeedMove::Release,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NeedMove::StartReview => "start_review",
            NeedMove::Accept => "accept",
            NeedMove::Reject => "reject",
            NeedMove::Rank => "rank",
            NeedMove::Withdraw => "withdraw",
            NeedMove::Merge => "merge",
            NeedMove::Match => "match",
            NeedMove::StartService => "start_service",
            NeedMove::Fulfil => "fulfil",
            NeedMove::Evaluate => "evaluate",
            NeedMove::Release => "release",
        }
    }

    /// The words for people ("不能{label}").
    pub fn label(self) -> &'static str {
        match self {
            NeedMove::StartReview => "开始审议",
            NeedMove::Accept => "受理",
            NeedMove::Reject => "不予受理",
            NeedMove::Rank => "调整紧急程度排序",
            NeedMove::Withdraw => "撤回",
            NeedMove::Merge => "合并",
            NeedMove::Match => "对接资源或项目",
            NeedMove::StartService => "开始服务",
            NeedMove::Fulfil => "标记为已满足",
            NeedMove::Evaluate => "评价",
            NeedMove::Release => "退回待对接",
        }
    }
}

impl From<NeedReviewAction> for NeedMove {
    fn from(a: NeedReviewAction) -> Self {
        match a {
            NeedReviewAction::StartReview => NeedMove::StartReview,
            NeedReviewAction::Accept => NeedMove::Accept,
            NeedReviewAction::Reject => NeedMove::Reject,
            NeedReviewAction::Rank => NeedMove::Rank,
        }
    }
}

/// A status's words for people.
pub fn status_label(s: NeedStatus) -> &'static str {
    match s {
        NeedStatus::Submitted => "已提交",
        NeedStatus::UnderReview => "审议中",
        NeedStatus::Accepted => "已受理",
        NeedStatus::Rejected => "不予受理",
        NeedStatus::Matched => "已对接",
        NeedStatus::InService => "服务中",
        NeedStatus::Fulfilled => "已满足",
        NeedStatus::Withdrawn => "已撤回",
        NeedStatus::Merged => "已合并",
    }
}

/// The state a move leads to from `from`, if the move is allowed there.
pub fn next(from: NeedStatus, m: NeedMove) -> Option<NeedStatus> {
    use NeedMove as M;
    use NeedStatus as S;
    match (from, m) {
        (S::Submitted, M::StartReview) => Some(S::UnderReview),
        (S::Submitted | S::UnderReview, M::Accept) => Some(S::Accepted),
        (S::Submitted | S::UnderReview, M::Reject) => Some(S::Rejected),
        (S::Accepted, M::Rank) => Some(S::Accepted),
        (S::Submitted | S::UnderReview | S::Accepted, M::Withdraw) => Some(S::Withdrawn),
        (S::Submitted | S::UnderReview | S::Accepted, M::Merge) => Some(S::Merged),
        (S::Accepted, M::Match) => Some(S::Matched),
        (S::Matched, M::StartService) => Some(S::InService),
        (S::InService, M::Fulfil) => Some(S::Fulfilled),
        (S::Fulfilled, M::Evaluate) => Some(S::Fulfilled),
        (S::Matched | S::InService, M::Release) => Some(S::Accepted),
        _ => None,
    }
}

/// The moves a state allows, in [`NeedMove::ALL`] order.
pub fn allowed(from: NeedStatus) -> Vec<NeedMove> {
    NeedMove::ALL
        .into_iter()
        .filter(|m| next(from, *m).is_some())
        .collect()
}

/// Still open: may be withdrawn, merged, or merged into.
pub fn is_open(s: NeedStatus) -> bool {
    matches!(
        s,
        NeedStatus::Submitted | NeedStatus::UnderReview | NeedStatus::Accepted
    )
}

/// A move the need's state does not allow: the state and the moves it does allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IllegalMove {
    pub from: NeedStatus,
    pub attempted: NeedMove,
    pub allowed: Vec<NeedMove>,
}

impl IllegalMove {
    pub fn message(&self) -> String {
        format!(
            "需求当前状态为“{}”，不能{}",
            status_label(self.from),
            self.attempted.label()
        )
    }

    pub fn allowed_names(&self) -> Vec<String> {
        self.allowed.iter().map(|m| m.as_str().to_owned()).collect()
    }
}

/// Applies a move: the next state, or why not.
pub fn apply(from: NeedStatus, m: NeedMove) -> Result<NeedStatus, IllegalMove> {
    next(from, m).ok_or_else(|| IllegalMove {
        from,
        attempted: m,
        allowed: allowed(from),
    })
}

/// The longest reject reason, in characters.
pub const REASON_MAX_CHARS: usize = 200;
/// The most reviewers a review records, and the longest name.
pub const REVIEWERS_MAX: usize = 20;
pub const REVIEWER_NAME_MAX_CHARS: usize = 30;

// ---------------------------------------------------------------------------------------------
// Urgency ranking
// ---------------------------------------------------------------------------------------------

/// Places `id` at `rank` (1-based) in an area's ranked list (`ordered`: the ids from rank 1
/// down, with or without `id`), moving the others to keep ranks 1..n. A rank past the end puts
/// it last. Returns every id with its new rank.
pub fn place(ordered: &[i64], id: i64, rank: i32) -> Vec<(i64, i32)> {
    let mut ids: Vec<i64> = ordered.iter().copied().filter(|x| *x != id).collect();
    let at = usize::try_from(rank.max(1) - 1).unwrap_or(0).min(ids.len());
    ids.insert(at, id);
    ids.into_iter().zip(1..).collect()
}

// ---------------------------------------------------------------------------------------------
// Duplicates
// ---------------------------------------------------------------------------------------------

/// Two needs at or above this similarity (percent) are proposed as duplicates.
pub const SIMILAR_AT_PERCENT: u8 = 40;

/// The character bigrams of a text, ignoring punctuation, symbols and whitespace (so
/// "路灯坏了，" and "路灯 坏了" read the same), Latin letters lower-cased. A text of one
/// character is its own "bigram".
pub fn bigrams(text: &str) -> BTreeSet<(char, char)> {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    match chars.as_slice() {
        [] => BTreeSet::new(),
        [c] => BTreeSet::from([(*c, *c)]),
        _ => chars.windows(2).map(pair).collect(),
    }
}

fn pair(w: &[char]) -> (char, char) {
    match w {
        [a, b, ..] => (*a, *b),
        [a] => (*a, *a),
        [] => (' ', ' '),
    }
}

/// Similarity of two texts in percent: the Dice coefficient of their bigram sets.
pub fn similarity(a: &str, b: &str) -> u8 {
    let (a, b) = (bigrams(a), bigrams(b));
    let total = a.len() + b.len();
    if total == 0 {
        return 0;
    }
    let shared = a.intersection(&b).count();
    u8::try_from(shared * 200 / total).unwrap_or(100)
}

/// The text a need is compared by: its title and description.
pub fn need_text(title: &str, description: Option<&str>) -> String {
    format!("{title} {}", description.unwrap_or_default())
}

/// The candidates at or above the threshold, most similar first (ties: lower id first), at
/// most `limit`. `candidates`: (id, text).
pub fn most_similar(text: &str, candidates: &[(i64, String)], limit: usize) -> Vec<(i64, u8)> {
    let mut hits: Vec<(i64, u8)> = candidates
        .iter()
        .map(|(id, t)| (*id, similarity(text, t)))
        .filter(|(_, s)| *s >= SIMILAR_AT_PERCENT)
        .collect();
    hits.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    hits.truncate(limit);
    hits
}

// ---------------------------------------------------------------------------------------------
// Public code
// ---------------------------------------------------------------------------------------------

/// Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L).
pub const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
pub const CODE_PREFIX: &str = "XQ";
/// Random characters after the prefix (31^6 ≈ 887 million codes).
pub const CODE_RANDOM_CHARS: usize = 6;

/// A public code from random bytes: `XQ` and six characters of [`CODE_ALPHABET`].
pub fn code_from(random: [u8; CODE_RANDOM_CHARS]) -> String {
    let mut s = String::with_capacity(CODE_PREFIX.len() + CODE_RANDOM_CHARS);
    s.push_str(CODE_PREFIX);
    for b in random {
        let i = usize::from(b) % CODE_ALPHABET.len();
        s.push(char::from(CODE_ALPHABET.get(i).copied().unwrap_or(b'X')));
    }
    s
}

/// A code as typed by a person: trimmed and upper-cased, or `None` if it cannot be one.
pub fn normalise_code(typed: &str) -> Option<String> {
    let code = typed.trim().to_uppercase();
    let ok = code.len() == CODE_PREFIX.len() + CODE_RANDOM_CHARS
        && code.starts_with(CODE_PREFIX)
        && code.bytes().skip(2).all(|b| CODE_ALPHABET.contains(&b));
    ok.then_some(code)
}

#[cfg(test)]
#[path = "needs_tests.rs"]
mod tests;
