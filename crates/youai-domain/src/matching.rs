//! Matching a need to what can answer it (需求对接): a resource or a published project is
//! proposed when its topic (or category) answers the need's category and it reaches the need's
//! village — offered there, in its town or city-wide. Its score is the sum of its reasons'
//! points, so the reasons shown are exactly why it ranks where it does.

use youai_types::{AreaLevel, ProposalReason, ReasonCode};

/// Points for each reason (a fit is required; the rest order the fits).
pub const FIT_POINTS: i32 = 40;
pub const TARGET_GROUP_POINTS: i32 = 20;
pub const ANY_GROUP_POINTS: i32 = 10;
pub const SAME_VILLAGE_POINTS: i32 = 30;
pub const SAME_TOWN_POINTS: i32 = 20;
pub const CITY_POINTS: i32 = 10;
/// At most this much for spare capacity (all of it spare: the full amount).
pub const CAPACITY_POINTS: i32 = 10;
/// Past ratings move a score by up to this much either way (3 of 5 is neutral).
pub const RATING_POINTS: i32 = 10;

/// What matching knows of a need.
#[derive(Debug, Clone, Copy)]
pub struct NeedFacts<'a> {
    /// The need's category, e.g. 知识讲座.
    pub category: &'a str,
    /// The topics and project categories that answer it (the category's `serves`).
    pub serves: &'a [String],
    pub target_group: Option<&'a str>,
    /// The materialised path of the need's village, `/1/4/9/`.
    pub village_path: &'a str,
}

/// Capacity left in the current period.
#[derive(Debug, Clone, Copy)]
pub struct Capacity<'a> {
    pub remaining: i32,
    pub capacity: i32,
    pub unit: &'a str,
}

/// What matching knows of a resource or a project.
#[derive(Debug, Clone, Copy)]
pub struct CandidateFacts<'a> {
    /// A resource's topics, or a project's category.
    pub topics: &'a [String],
    pub target_groups: &'a [String],
    /// The materialised path of the area it is offered in.
    pub area_path: &'a str,
    pub level: AreaLevel,
    /// Resources only.
    pub capacity: Option<Capacity<'a>>,
    /// The average rating (1–5) and count of needs it answered before.
    pub rating: Option<(f64, i64)>,
}

fn reason(code: ReasonCode, points: i32, value: Option<String>, text: String) -> ProposalReason {
    ProposalReason {
        code,
        points,
        value,
        text,
    }
}

/// The score and reasons of a candidate for a need, or `None` when it is not a proposal: no
/// topic fits, it does not reach the village, or (a resource) nothing is left this period.
pub fn score(need: &NeedFacts<'_>, c: &CandidateFacts<'_>) -> Option<(i32, Vec<ProposalReason>)> {
    let fit = c.topics.iter().find(|t| need.serves.contains(t))?;
    if !need.village_path.starts_with(c.area_path) {
        return None;
    }
    let mut reasons = vec![reason(
        ReasonCode::Fits,
        FIT_POINTS,
        Some(fit.clone()),
        format!("“{fit}”对应需求类别“{}”", need.category),
    )];
    reasons.push(if c.area_path == need.village_path {
        reason(
            ReasonCode::SameVillage,
            SAME_VILLAGE_POINTS,
            None,
            "就在本村（社区）".into(),
        )
    } else if c.level == AreaLevel::City {
        reason(
            ReasonCode::CityLevel,
            CITY_POINTS,
            None,
            "市级提供，全市可用".into(),
        )
    } else {
        reason(
            ReasonCode::SameTown,
            SAME_TOWN_POINTS,
            None,
            "由本镇（街道）提供".into(),
        )
    });
    match need.target_group {
        Some(g) if c.target_groups.iter().any(|t| t == g) => reasons.push(reason(
            ReasonCode::TargetGroup,
            TARGET_GROUP_POINTS,
            Some(g.to_owned()),
            format!("服务对象包括“{g}”"),
        )),
        Some(_) if c.target_groups.is_empty() => reasons.push(reason(
            ReasonCode::AnyGroup,
            ANY_GROUP_POINTS,
            None,
            "面向所有群众".into(),
        )),
        _ => {}
    }
    if let Some(cap) = c.capacity {
        if cap.remaining <= 0 {
            return None;
        }
        let points = (CAPACITY_POINTS * cap.remaining / cap.capacity.max(1)).max(1);
        reasons.push(reason(
            ReasonCode::Capacity,
            points,
            Some(format!("{}{}", cap.remaining, cap.unit)),
            format!("本期还可提供 {}{}", cap.remaining, cap.unit),
        ));
    }
    if let Some((average, count)) = c.rating {
        let points = ((average - 3.0) * f64::from(RATING_POINTS) / 2.0).round() as i32;
        reasons.push(reason(
            ReasonCode::Rated,
            points,
            Some(format!("{average:.1}")),
            format!("此前 {count} 项需求的群众评价平均 {average:.1} 分"),
        ));
    }
    let total = reasons.iter().map(|r| r.points).sum();
    Some((total, reasons))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| (*x).to_owned()).collect()
    }

    #[test]
    fn proposals_rank_as_their_reasons_say() {
        let serves = s(&["政策解读", "防范诈骗"]);
        let need = NeedFacts {
            category: "知识讲座",
            serves: &serves,
            target_group: Some("老年人"),
            village_path: "/1/4/9/",
        };
        let fraud = s(&["防范诈骗"]);
        let elders = s(&["老年人"]);
        let none: Vec<String> = Vec::new();
        let cand = |path, level, groups, capacity, rating| CandidateFacts {
            topics: &fraud,
            target_groups: groups,
            area_path: path,
            level,
            capacity,
            rating,
        };
        let full = Capacity {
            remaining: 10,
            capacity: 10,
            unit: "场",
        };
        let points = |c: &CandidateFacts<'_>| score(&need, c).map(|(p, _)| p);
        // Same fit, group and capacity: the village's own outranks the town's, which outranks
        // the city's.
        let village = points(&cand(
            "/1/4/9/",
            AreaLevel::Village,
            &elders,
            Some(full),
            None,
        ));
        let town = points(&cand("/1/4/", AreaLevel::Town, &elders, Some(full), None));
        let city = points(&cand("/1/", AreaLevel::City, &elders, Some(full), None));
        assert_eq!(village, Some(40 + 30 + 20 + 10));
        assert_eq!(town, Some(40 + 20 + 20 + 10));
        assert_eq!(city, Some(40 + 10 + 20 + 10));
        // Serving everyone counts less than serving the need's group; another group, nothing.
        let others = s(&["企业职工"]);
        assert_eq!(
            points(&cand("/1/", AreaLevel::City, &none, None, None)),
            Some(40 + 10 + 10)
        );
        assert_eq!(
            points(&cand("/1/", AreaLevel::City, &others, None, None)),
            Some(40 + 10)
        );
        // Not proposed: another town's, another village's, nothing left, no fitting topic.
        assert_eq!(
            points(&cand("/1/3/", AreaLevel::Town, &elders, None, None)),
            None
        );
        assert_eq!(
            points(&cand("/1/4/8/", AreaLevel::Village, &elders, None, None)),
            None
        );
        let empty = Capacity {
            remaining: 0,
            ..full
        };
        assert_eq!(
            points(&cand("/1/", AreaLevel::City, &elders, Some(empty), None)),
            None
        );
        let law = s(&["法律维权"]);
        let unrelated = CandidateFacts {
            topics: &law,
            ..cand("/1/", AreaLevel::City, &elders, None, None)
        };
        assert_eq!(points(&unrelated), None);
        // Spare capacity and past ratings move the score, and say so.
        let half = Capacity {
            remaining: 5,
            ..full
        };
        assert_eq!(
            points(&cand("/1/", AreaLevel::City, &elders, Some(half), None)),
            Some(40 + 10 + 20 + 5)
        );
        let (p, reasons) = score(
            &need,
            &cand("/1/", AreaLevel::City, &elders, None, Some((5.0, 3))),
        )
        .unwrap();
        assert_eq!(p, 40 + 10 + 20 + 10);
        assert_eq!(reasons.iter().map(|r| r.points).sum::<i32>(), p);
        let rated = reasons
            .iter()
            .find(|r| r.code == ReasonCode::Rated)
            .unwrap();
        assert_eq!(rated.value.as_deref(), Some("5.0"));
        assert_eq!(
            points(&cand("/1/", AreaLevel::City, &elders, None, Some((1.0, 2)))),
            Some(40 + 10 + 20 - 10)
        );
    }
}
