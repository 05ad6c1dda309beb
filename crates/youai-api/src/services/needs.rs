//! The needs list (群众需求清单): intake (a resident's own, or recorded on their behalf),
//! duplicates, triage, merging, withdrawal and evaluation — each operation's steps in one
//! transaction, audited.

use rand::RngCore;
use serde_json::json;
use youai_db::needs::intake::{self, NewNeedRow};
use youai_db::needs::{self as db, NewEvent, triage};
use youai_db::{DbConn, areas, users};
use youai_domain::access::{Action, Target};
use youai_domain::needs::{self as rules, IllegalMove, NeedMove};
use youai_domain::validate::{Errors, is_mobile_phone};
use youai_types::vocabulary::TARGET_GROUPS;
use youai_types::{
    AreaLevel, NeedChannel, NeedEvaluation, NeedEventKind, NeedMerge, NeedReview, NeedReviewAction,
    NeedStatus, NewNeed, SimilarNeed,
};

use crate::auth::{AuthUser, authorize};
use crate::error::{ApiError, ApiResult};
use youai_db::json::Json;

/// How many similar needs intake proposes.
pub const SIMILAR_LIMIT: usize = 5;

impl From<IllegalMove> for ApiError {
    fn from(e: IllegalMove) -> Self {
        ApiError::invalid_transition(e.message(), e.from.as_str(), e.allowed_names())
    }
}

/// The channels by which a need is recorded on a resident's behalf, never by the resident.
pub fn recorded_channel(c: NeedChannel) -> bool {
    matches!(
        c,
        NeedChannel::CadreVisit
            | NeedChannel::VolunteerVisit
            | NeedChannel::GridWorker
            | NeedChannel::WechatGroup
            | NeedChannel::QqGroup
    )
}

/// The need, or 404.
pub fn find(conn: &mut DbConn, id: i64) -> ApiResult<db::Need> {
    db::find(conn, id)?.ok_or_else(|| ApiError::not_found("需求"))
}

/// The materialised path of a need's village.
pub fn area_path(conn: &mut DbConn, area_id: i64) -> ApiResult<String> {
    Ok(areas::find(conn, area_id)?
        .map(|a| a.path)
        .unwrap_or_default())
}

fn check_new(n: &NewNeed) -> Errors {
    let mut e = Errors::default();
    e.text("title", &n.title, 2, 100);
    e.optional_text("description", n.description.as_deref(), 2000);
    if !(1..=1_000_000).contains(&n.people_affected) {
        e.add(
            "people_affected",
            "out_of_range",
            "涉及人数须在 1 到 1000000 之间",
        );
    }
    if let Some(g) = n.target_group.as_deref()
        && !TARGET_GROUPS.iter().any(|(name, _)| *name == g)
    {
        e.add(
            "target_group",
            "unknown_target_group",
            format!(
                "服务对象须为：{}",
                TARGET_GROUPS.map(|(name, _)| name).join("、")
            ),
        );
    }
    e.optional_text("contact_name", n.contact_name.as_deref(), 30);
    if let Some(p) = n.contact_phone.as_deref()
        && !is_mobile_phone(p.trim())
    {
        e.add(
            "contact_phone",
            "invalid_phone",
            "手机号须为 11 位中国大陆手机号（1[3-9] 开头）",
        );
    }
    e
}

/// The village a need is in: it must exist and be village-level (422 otherwise).
fn village(conn: &mut DbConn, area_id: i64, e: &mut Errors) -> ApiResult<Option<areas::Area>> {
    let area = areas::find(conn, area_id)?;
    match &area {
        None => e.add("area_id", "not_found", "所在村（社区）不存在"),
        Some(a) if a.level != AreaLevel::Village => {
            e.add("area_id", "not_village", "需求须落在村（社区）一级")
        }
        Some(_) => {}
    }
    Ok(area)
}

/// The open needs of a village like `text`, most similar first.
pub fn similar(
    conn: &mut DbConn,
    area_id: i64,
    text: &str,
    except: Option<i64>,
) -> ApiResult<Vec<SimilarNeed>> {
    let open: Vec<db::Need> = intake::open_in_area(conn, area_id)?
        .into_iter()
        .filter(|n| Some(n.id) != except)
        .collect();
    let texts: Vec<(i64, String)> = open
        .iter()
        .map(|n| (n.id, rules::need_text(&n.title, n.description.as_deref())))
        .collect();
    let hits = rules::most_similar(text, &texts, SIMILAR_LIMIT);
    Ok(hits
        .into_iter()
        .filter_map(|(id, s)| {
            open.iter().find(|n| n.id == id).map(|n| SimilarNeed {
                id: n.id,
                code: n.code.clone(),
                title: n.title.clone(),
                status: n.status,
                supporters: n.supporters,
                similarity: s,
            })
        })
        .collect())
}

fn fresh_code(conn: &mut DbConn) -> ApiResult<String> {
    let mut rng = rand::rng();
    for _ in 0..8 {
        let mut bytes = [0u8; rules::CODE_RANDOM_CHARS];
        rng.fill_bytes(&mut bytes);
        let code = rules::code_from(bytes);
        if !intake::code_taken(conn, &code)? {
            return Ok(code);
        }
    }
    Err(ApiError::internal("no free need code after 8 tries"))
}

fn event(
    conn: &mut DbConn,
    need: &db::Need,
    kind: NeedEventKind,
    to: NeedStatus,
    actor: &AuthUser,
    note: Option<String>,
    details: serde_json::Value,
) -> ApiResult<()> {
    db::insert_event(
        conn,
        &NewEvent {
            need_id: need.id,
            kind,
            from_status: Some(need.status),
            to_status: Some(to),
            actor_id: Some(actor.id),
            note,
            details: Some(Json(details)),
        },
    )?;
    Ok(())
}

/// Takes a need in: a resident's own (self-service channels, contact defaulting from their
/// account), or recorded on a resident's behalf by staff or a grid worker of the village —
/// the only way in for the visit and group channels (403 for anyone else). Returns it with
/// the similar open needs of its village.
pub fn submit(
    conn: &mut DbConn,
    user: &AuthUser,
    n: NewNeed,
) -> ApiResult<(db::Need, Vec<SimilarNeed>)> {
    let mut e = check_new(&n);
    let category = db::find_category(conn, n.category_id)?;
    if category.is_none() {
        e.add("category_id", "not_found", "需求类别不存在");
    }
    let area = village(conn, n.area_id, &mut e)?;
    e.into_result().map_err(ApiError::validation)?;
    let area = area.ok_or_else(|| ApiError::not_found("区域"))?;
    let channel = n.channel.unwrap_or(NeedChannel::Web);
    let on_behalf = n.on_behalf || recorded_channel(channel);
    let trimmed = |s: Option<&str>| {
        s.map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let (contact_name, contact_phone, submitted_by, recorded_by) = if on_behalf {
        authorize(user, Action::RecordNeeds, &Target::Area(&area.path))?;
        let name = trimmed(n.contact_name.as_deref());
        if name.is_none() {
            return Err(ApiError::field(
                "contact_name",
                "required",
                "代为登记须填写群众姓名",
            ));
        }
        (
            name,
            trimmed(n.contact_phone.as_deref()),
            None,
            Some(user.id),
        )
    } else {
        let me = users::find(conn, user.id)?.ok_or_else(|| ApiError::not_found("账号"))?;
        (
            trimmed(n.contact_name.as_deref()).or(Some(me.name)),
            trimmed(n.contact_phone.as_deref()).or(Some(me.phone)),
            Some(user.id),
            None,
        )
    };
    let title = n.title.trim().to_owned();
    let description = trimmed(n.description.as_deref());
    let text = rules::need_text(&title, description.as_deref());
    let proposals = similar(conn, area.id, &text, None)?;
    let row = NewNeedRow {
        code: fresh_code(conn)?,
        title,
        description,
        category_id: n.category_id,
        area_id: area.id,
        people_affected: n.people_affected,
        target_group: n.target_group,
        channel,
        contact_name,
        contact_phone,
        submitted_by,
        recorded_by,
        status: NeedStatus::Submitted,
        supporters: 1,
    };
    let need = intake::insert(conn, &row)?;
    db::insert_event(
        conn,
        &db::NewEvent {
            need_id: need.id,
            kind: NeedEventKind::Intake,
            from_status: None,
            to_status: Some(NeedStatus::Submitted),
            actor_id: Some(user.id),
            note: None,
            details: Some(Json(
                json!({"channel": channel.as_str(), "on_behalf": on_behalf}),
            )),
        },
    )?;
    crate::audit::record(
        conn,
        user,
        "need.create",
        "need",
        need.id,
        None,
        Some(json!({"status": "submitted", "channel": channel.as_str(), "area_id": area.id})),
    )?;
    Ok((need, proposals))
}

fn check_review(r: &NeedReview) -> Errors {
    let mut e = Errors::default();
    if r.reviewers.len() > rules::REVIEWERS_MAX {
        e.add(
            "reviewers",
            "too_many",
            format!("最多记录 {} 位审议人", rules::REVIEWERS_MAX),
        );
    }
    for (i, name) in r.reviewers.iter().enumerate() {
        e.text(
            &format!("reviewers[{i}]"),
            name,
            1,
            rules::REVIEWER_NAME_MAX_CHARS,
        );
    }
    if r.action == NeedReviewAction::Reject {
        match r.reason.as_deref().map(str::trim) {
            None | Some("") => e.add("reason", "required", "不予受理须说明原因"),
            Some(reason) => e.text("reason", reason, 1, rules::REASON_MAX_CHARS),
        }
    }
    if r.action == NeedReviewAction::Rank && r.rank.is_none() {
        e.add("rank", "required", "请填写紧急程度排序（1 为最紧急）");
    }
    e
}

/// A triage step by the review group of the need's village or above: take up, accept (into the
/// area's ranked list, at the bottom unless a rank is given), reject with a reason, or move an
/// accepted need to another rank; ranks stay 1..n. The reviewers present are recorded.
pub fn review(conn: &mut DbConn, user: &AuthUser, id: i64, r: NeedReview) -> ApiResult<db::Need> {
    let need = find(conn, id)?;
    let path = area_path(conn, need.area_id)?;
    authorize(user, Action::ReviewNeeds, &Target::Area(&path))?;
    let to = rules::apply(need.status, NeedMove::from(r.action))?;
    check_review(&r)
        .into_result()
        .map_err(ApiError::validation)?;
    let reason = r.reason.as_deref().map(str::trim).map(str::to_owned);
    let mut rank = None;
    match r.action {
        NeedReviewAction::StartReview => {
            db::set_status(conn, id, to)?;
        }
        NeedReviewAction::Reject => {
            db::set_status(conn, id, to)?;
            triage::decide(conn, id, reason.as_deref())?;
        }
        NeedReviewAction::Accept | NeedReviewAction::Rank => {
            triage::lock_area(conn, need.area_id)?;
            let ordered = triage::ranked(conn, need.area_id)?;
            let others = ordered.iter().filter(|x| **x != id).count();
            let last = i32::try_from(others + 1).unwrap_or(i32::MAX);
            let at = r.rank.unwrap_or(last);
            if !(1..=last).contains(&at) {
                return Err(ApiError::field(
                    "rank",
                    "out_of_range",
                    &format!("排序须在 1 到 {last} 之间"),
                ));
            }
            if r.action == NeedReviewAction::Accept {
                db::set_status(conn, id, to)?;
                triage::decide(conn, id, None)?;
            }
            triage::set_ranks(conn, &rules::place(&ordered, id, at))?;
            rank = Some(at);
        }
    }
    let kind = if r.action == NeedReviewAction::Rank {
        NeedEventKind::Rank
    } else {
        NeedEventKind::Review
    };
    let note = (r.action == NeedReviewAction::Reject)
        .then(|| reason.clone())
        .flatten();
    let reviewers = json!(r.reviewers);
    let details = json!({"action": r.action.as_str(), "reviewers": reviewers, "rank": rank});
    event(conn, &need, kind, to, user, note, details)?;
    crate::outbox::hooks::need_moved(conn, id, need.status, Some(user.id))?;
    crate::audit::record(
        conn,
        user,
        "need.review",
        "need",
        id,
        Some(json!({"status": need.status.as_str(), "urgency_rank": need.urgency_rank})),
        Some(
            json!({"status": to.as_str(), "action": r.action.as_str(), "reason": reason, "rank": rank, "reviewers": reviewers}),
        ),
    )?;
    find(conn, id)
}

/// Merges a duplicate into another open need of the same village: the duplicate becomes
/// `merged` (and leaves the ranked list), the other gains its supporters; both record it.
/// Returns the need merged into.
pub fn merge(conn: &mut DbConn, user: &AuthUser, id: i64, m: NeedMerge) -> ApiResult<db::Need> {
    let from = find(conn, id)?;
    let path = area_path(conn, from.area_id)?;
    authorize(user, Action::ReviewNeeds, &Target::Area(&path))?;
    if m.into == id {
        return Err(ApiError::field("into", "same_need", "不能合并到自身"));
    }
    let into = db::find(conn, m.into)?
        .ok_or_else(|| ApiError::field("into", "not_found", "要合并到的需求不存在"))?;
    if into.area_id != from.area_id {
        return Err(ApiError::field(
            "into",
            "different_area",
            "只能合并同一村（社区）的需求",
        ));
    }
    let to = rules::apply(from.status, NeedMove::Merge)?;
    if !rules::is_open(into.status) {
        return Err(ApiError::invalid_transition(
            format!(
                "要合并到的需求状态为“{}”，已不再受理",
                rules::status_label(into.status)
            ),
            into.status.as_str(),
            rules::allowed(into.status)
                .iter()
                .map(|m| m.as_str().to_owned())
                .collect(),
        ));
    }
    db::set_status(conn, id, to)?;
    let target = triage::merge(conn, &from, into.id)?;
    event(
        conn,
        &from,
        NeedEventKind::Merged,
        to,
        user,
        None,
        json!({"into": into.id, "into_code": into.code}),
    )?;
    event(
        conn,
        &into,
        NeedEventKind::Absorbed,
        into.status,
        user,
        None,
        json!({"from": from.id, "from_code": from.code, "supporters_added": from.supporters, "supporters": target.supporters}),
    )?;
    crate::audit::record(
        conn,
        user,
        "need.merge",
        "need",
        id,
        Some(json!({"status": from.status.as_str()})),
        Some(
            json!({"status": to.as_str(), "merged_into": into.id, "supporters": target.supporters}),
        ),
    )?;
    Ok(target)
}

/// The submitter withdraws their need while it is still open.
pub fn withdraw(conn: &mut DbConn, user: &AuthUser, id: i64) -> ApiResult<db::Need> {
    let need = find(conn, id)?;
    if need.submitted_by != Some(user.id) {
        return Err(ApiError::forbidden());
    }
    let to = rules::apply(need.status, NeedMove::Withdraw)?;
    let updated = db::set_status(conn, id, to)?;
    event(
        conn,
        &need,
        NeedEventKind::Withdraw,
        to,
        user,
        None,
        json!({}),
    )?;
    crate::audit::record(
        conn,
        user,
        "need.withdraw",
        "need",
        id,
        Some(json!({"status": need.status.as_str()})),
        Some(json!({"status": to.as_str()})),
    )?;
    Ok(updated)
}

/// The submitter rates a fulfilled need, once.
pub fn evaluate(
    conn: &mut DbConn,
    user: &AuthUser,
    id: i64,
    ev: NeedEvaluation,
) -> ApiResult<db::Need> {
    let need = find(conn, id)?;
    if need.submitted_by != Some(user.id) {
        return Err(ApiError::forbidden());
    }
    let to = rules::apply(need.status, NeedMove::Evaluate)?;
    if need.rating.is_some() {
        return Err(ApiError::conflict("already_evaluated", "该需求已评价过"));
    }
    let mut e = Errors::default();
    if !(1..=5).contains(&ev.rating) {
        e.add("rating", "out_of_range", "评分须在 1 到 5 之间");
    }
    e.optional_text("comment", ev.comment.as_deref(), 500);
    e.into_result().map_err(ApiError::validation)?;
    let comment = ev.comment.as_deref().map(str::trim);
    let updated = triage::evaluate(conn, id, ev.rating, comment)?;
    event(
        conn,
        &need,
        NeedEventKind::Evaluate,
        to,
        user,
        comment.map(str::to_owned),
        json!({"rating": ev.rating}),
    )?;
    crate::audit::record(
        conn,
        user,
        "need.evaluate",
        "need",
        id,
        None,
        Some(json!({"rating": ev.rating})),
    )?;
    Ok(updated)
}
