//! A need's story: the times of its steps for its state, the events that tell it, and merges
//! of duplicates into the need they repeat.

use chrono::Duration;
use serde_json::json;
use youai_types::{NeedEventKind as K, NeedStatus as S};

use super::catalogue::{COMMENTS, REJECT_REASONS};
use super::needs::{Area, Ctx, TIER_REASONS, Times};
use super::{Details, LinkTo, PlanEvent, PlanLink, PlanNeed};

/// The times of a need's story for its state, and the story's events: activity-backed when a
/// project near the village ran one that fits, else served by a resource.
pub(super) fn story(
    cx: &mut Ctx<'_>,
    n: &mut PlanNeed,
    serves: &[String],
    village: &Area,
    town: i64,
) {
    let mut t = Times::default();
    let mut status = n.status;
    // In service or fulfilled with activities of a linked project.
    let window = match status {
        S::InService => Some((cx.now - Duration::days(40), cx.now - Duration::days(1))),
        S::Fulfilled => Some((cx.now - Duration::days(540), cx.now - Duration::days(10))),
        _ => None,
    };
    let ran = window.and_then(|w| cx.activity(serves, village.0, town, w));
    if let Some((a, tier)) = ran {
        let linked = a.3 - cx.minutes(2 * 24, 10 * 24);
        let decided = linked - cx.minutes(24, 6 * 24);
        let reviewed = decided - cx.minutes(4, 48);
        t.created = Some(reviewed - cx.minutes(2, 72));
        t.reviewed = Some(reviewed);
        t.decided = Some(decided);
        t.linked = Some(linked);
        t.in_service = Some(a.3);
        n.activities.push(a.0);
        let mut last = a;
        if status == S::Fulfilled {
            if cx.rng.percent(40)
                && let Some(b) = cx.follow_up(&a)
            {
                n.activities.push(b.0);
                last = b;
            }
            t.fulfilled = Some(cx.after(last.4, 2, 30));
        }
        let category = cx.projects.get(&a.1).map_or("", |p| p.0).to_owned();
        n.link = Some(PlanLink {
            to: LinkTo::Project(a.1),
            score: 90 - 10 * tier as i32 + cx.rng.below(8) as i32,
            reasons: vec![
                format!("需求类别对应项目类别“{category}”"),
                TIER_REASONS
                    .get(tier)
                    .copied()
                    .unwrap_or("市级资源")
                    .to_owned(),
                "近期已安排活动".to_owned(),
            ],
            at: linked,
        });
    } else {
        let created = match status {
            S::Submitted => cx.now - cx.minutes(3, 150),
            S::UnderReview => cx.ago(2, 15),
            S::Accepted => cx.ago(6, 45),
            S::Matched => cx.ago(12, 60),
            S::InService => cx.ago(30, 90),
            S::Fulfilled => cx.ago(60, 500),
            _ => cx.ago(10, 400),
        };
        t.created = Some(created);
        let goes_on = |s: S| !matches!(s, S::Submitted | S::Withdrawn);
        if goes_on(status) || (status == S::Withdrawn && cx.rng.percent(40)) {
            t.reviewed = Some(cx.after(created, 4, 48));
        }
        if let (Some(r), true) = (t.reviewed, !matches!(status, S::UnderReview | S::Withdrawn)) {
            t.decided = Some(cx.after(r, 2, 72));
        }
        if status == S::Withdrawn {
            let from = t.reviewed.unwrap_or(created);
            t.withdrawn = Some(cx.after(from, 12, 5 * 24));
        }
        if matches!(status, S::Matched | S::InService | S::Fulfilled) {
            match cx.resource(serves, village.0, town) {
                Some((r, tier, topic)) => {
                    let at = cx.after(t.decided.unwrap_or(created), 24, 5 * 24);
                    t.linked = Some(at);
                    n.link = Some(PlanLink {
                        to: LinkTo::Resource(r),
                        score: 85 - 10 * tier as i32 + cx.rng.below(8) as i32,
                        reasons: vec![
                            format!("主题相符：{topic}"),
                            TIER_REASONS
                                .get(tier)
                                .copied()
                                .unwrap_or("市级资源")
                                .to_owned(),
                            "本期尚有余量".to_owned(),
                        ],
                        at,
                    });
                    if status != S::Matched {
                        t.in_service = Some(cx.after(at, 24, 7 * 24));
                    }
                    if status == S::Fulfilled {
                        let from = t.in_service.unwrap_or(at);
                        t.fulfilled = Some(cx.after(from, 3 * 24, 20 * 24));
                    }
                }
                None => status = S::Accepted,
            }
        }
    }
    n.status = status;
    n.created_at = t.created.unwrap_or(cx.now);
    n.decided_at = t.decided;
    n.fulfilled_at = t.fulfilled;
    events(cx, n, &t, &village.2);
}

/// The events of a need's story from its times.
fn events(cx: &mut Ctx<'_>, n: &mut PlanNeed, t: &Times, village: &str) {
    let mut push = |kind, from, to, note: Option<String>, details, at| {
        n.events.push(PlanEvent {
            kind,
            from,
            to,
            note,
            details,
            at,
        });
    };
    push(
        K::Intake,
        None,
        Some(S::Submitted),
        None,
        Details::Value(json!({"channel": n.channel.as_str()})),
        n.created_at,
    );
    if let Some(at) = t.reviewed {
        let reviewers = cx.reviewers(village);
        push(
            K::Review,
            Some(S::Submitted),
            Some(S::UnderReview),
            None,
            Details::Value(json!({"action": "start_review", "reviewers": reviewers})),
            at,
        );
    }
    if let Some(at) = t.decided {
        let reviewers = cx.reviewers(village);
        if n.status == S::Rejected {
            let reason = cx
                .rng
                .pick(REJECT_REASONS)
                .copied()
                .unwrap_or("不在服务范围内");
            n.reject_reason = Some(reason.to_owned());
            push(
                K::Review,
                Some(S::UnderReview),
                Some(S::Rejected),
                Some(reason.to_owned()),
                Details::Value(
                    json!({"action": "reject", "reviewers": reviewers, "reason": reason}),
                ),
                at,
            );
        } else {
            push(
                K::Review,
                Some(S::UnderReview),
                Some(S::Accepted),
                None,
                Details::Value(json!({"action": "accept", "reviewers": reviewers})),
                at,
            );
        }
    }
    if let Some(at) = t.linked {
        push(
            K::Link,
            Some(S::Accepted),
            Some(S::Matched),
            None,
            Details::Link,
            at,
        );
    }
    if let Some(at) = t.in_service {
        let first: Vec<i64> = n.activities.iter().take(1).copied().collect();
        push(
            K::InService,
            Some(S::Matched),
            Some(S::InService),
            None,
            Details::Activities(first),
            at,
        );
    }
    if let Some(at) = t.fulfilled {
        let all = n.activities.clone();
        push(
            K::Fulfilled,
            Some(S::InService),
            Some(S::Fulfilled),
            None,
            Details::Activities(all),
            at,
        );
        if cx.rng.percent(60) {
            let rating = [5, 5, 5, 4, 4, 3]
                .get(cx.rng.below(6))
                .copied()
                .unwrap_or(5);
            let comment = cx.rng.pick(COMMENTS).copied().unwrap_or("很满意");
            let at = cx.after(at, 12, 72);
            n.rating = Some((rating, comment.to_owned()));
            push(
                K::Evaluate,
                None,
                None,
                Some(comment.to_owned()),
                Details::Value(json!({"rating": rating})),
                at,
            );
        }
    }
    if let Some(at) = t.withdrawn {
        let from = if t.reviewed.is_some() {
            S::UnderReview
        } else {
            S::Submitted
        };
        push(
            K::Withdraw,
            Some(from),
            Some(S::Withdrawn),
            Some("问题已自行解决，申请撤回".to_owned()),
            Details::None,
            at,
        );
    }
}

/// Each merged need joins an open need of its village (taking its title and category, as a
/// duplicate would): the target's supporters grow by the merged need's.
pub(super) fn merges(cx: &mut Ctx<'_>, needs: &mut [PlanNeed], base: usize, village: &Area) {
    let open = |s: S| {
        matches!(
            s,
            S::Submitted | S::UnderReview | S::Accepted | S::Matched | S::InService | S::Fulfilled
        )
    };
    let targets: Vec<usize> = (base..needs.len())
        .filter(|i| needs.get(*i).is_some_and(|n| open(n.status)))
        .collect();
    for m in base..needs.len() {
        if needs.get(m).is_none_or(|n| n.status != S::Merged) {
            continue;
        }
        let Some(target) = cx.rng.pick(&targets).copied() else {
            // No need to join: it stays submitted.
            if let Some(n) = needs.get_mut(m) {
                n.status = S::Submitted;
                n.created_at = cx.now - cx.minutes(3, 150);
                let t = Times {
                    created: Some(n.created_at),
                    ..Times::default()
                };
                events(cx, n, &t, &village.2);
            }
            continue;
        };
        let Some(tn) = needs.get(target) else {
            continue;
        };
        let (title, category, code, t_created) = (
            tn.title.clone(),
            tn.category_id,
            tn.code.clone(),
            tn.created_at,
        );
        // Before anything after the target's intake.
        let next = tn
            .events
            .iter()
            .map(|e| e.at)
            .filter(|at| *at > t_created)
            .min()
            .unwrap_or(cx.now);
        let room = (next - t_created).num_minutes().max(4);
        let created = t_created + Duration::minutes(room / 4);
        let at = t_created + Duration::minutes(room / 2);
        let Some(n) = needs.get_mut(m) else { continue };
        n.title = title;
        n.category_id = category;
        n.created_at = created;
        n.merged_into = Some(target);
        let supporters = n.supporters;
        let t = Times {
            created: Some(created),
            ..Times::default()
        };
        events(cx, n, &t, &village.2);
        n.events.push(PlanEvent {
            kind: K::Merged,
            from: Some(S::Submitted),
            to: Some(S::Merged),
            note: Some(format!("与需求 {code} 重复，已合并")),
            details: Details::MergedInto(target),
            at,
        });
        if let Some(tn) = needs.get_mut(target) {
            tn.supporters += supporters;
            tn.events.push(PlanEvent {
                kind: K::Absorbed,
                from: None,
                to: None,
                note: None,
                details: Details::Absorbed(m, supporters),
                at,
            });
        }
    }
}
