//! The platform's fixed vocabularies: what projects are about (categories) and whom they serve
//! (target groups). Stored and matched in Chinese; each term carries its English name for
//! clients that speak English. (Skills and release batches are managed vocabularies: rows with
//! their own `name_en`.)

use serde::{Deserialize, Serialize};

/// One term: its Chinese name, as stored and searched, and its English name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "理论宣讲", "name_en": "Theory outreach"})))]
pub struct Term {
    pub name: String,
    pub name_en: String,
}

/// The fixed vocabularies, for forms and filters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Vocabularies {
    /// Project categories: suggestions (any text may be searched).
    pub categories: Vec<Term>,
    /// The target groups a project may name (the briefing's six; nothing else is accepted).
    pub target_groups: Vec<Term>,
    /// What resources are about (the only topics a resource accepts).
    pub resource_topics: Vec<Term>,
}

/// `(Chinese, English)` project categories the platform uses.
pub const CATEGORIES: [(&str, &str); 13] = [
    ("理论宣讲", "Theory outreach"),
    ("科普宣传", "Science outreach"),
    ("技能培训", "Skills training"),
    ("心理关爱", "Mental health care"),
    ("法律服务", "Legal services"),
    ("医疗健康", "Health care"),
    ("文化文艺", "Culture and arts"),
    ("生态环保", "Environment"),
    ("助老助残", "Elderly and disability care"),
    ("关爱未成年人", "Caring for minors"),
    ("应急救援", "Emergency rescue"),
    ("文明交通", "Civil traffic"),
    ("邻里互助", "Neighbourly help"),
];

/// `(Chinese, English)` target groups: the briefing's six.
pub const TARGET_GROUPS: [(&str, &str); 6] = [
    ("农村群众", "Rural residents"),
    ("企业职工", "Company employees"),
    ("社区居民", "Community residents"),
    ("新市民", "New citizens"),
    ("老年人", "Older people"),
    ("未成年人", "Minors"),
];

/// `(Chinese, English)` topics of resources (社会资源清单): the briefing's, and the project
/// categories a need category is served by. A term shared with `CATEGORIES` has its English.
pub const RESOURCE_TOPICS: [(&str, &str); 19] = [
    ("政策解读", "Policy explanation"),
    ("法律维权", "Legal aid"),
    ("技能培训", "Skills training"),
    ("健康", "Health"),
    ("安全生产", "Work safety"),
    ("食品安全", "Food safety"),
    ("防范诈骗", "Fraud prevention"),
    ("科普宣传", "Science outreach"),
    ("理论宣讲", "Theory outreach"),
    ("文化文艺", "Culture and arts"),
    ("心理关爱", "Mental health care"),
    ("助老助残", "Elderly and disability care"),
    ("医疗健康", "Health care"),
    ("法律服务", "Legal services"),
    ("邻里互助", "Neighbourly help"),
    ("文明交通", "Civil traffic"),
    ("应急救援", "Emergency rescue"),
    ("关爱未成年人", "Caring for minors"),
    ("生态环保", "Environment"),
];

/// The English name of a category, target group or resource topic, when it is one of ours.
pub fn english_name(chinese: &str) -> Option<&'static str> {
    CATEGORIES
        .iter()
        .chain(TARGET_GROUPS.iter())
        .chain(RESOURCE_TOPICS.iter())
        .find(|(zh, _)| *zh == chinese)
        .map(|(_, en)| *en)
}

impl Vocabularies {
    pub fn fixed() -> Self {
        let terms = |list: &[(&str, &str)]| {
            list.iter()
                .map(|(name, name_en)| Term {
                    name: (*name).to_owned(),
                    name_en: (*name_en).to_owned(),
                })
                .collect()
        };
        Vocabularies {
            categories: terms(&CATEGORIES),
            target_groups: terms(&TARGET_GROUPS),
            resource_topics: terms(&RESOURCE_TOPICS),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_term_has_an_english_name_of_its_own() {
        let all: Vec<_> = CATEGORIES.iter().chain(TARGET_GROUPS.iter()).collect();
        for (zh, en) in &all {
            assert_eq!(english_name(zh), Some(*en));
            assert!(en.is_ascii() && !en.is_empty(), "{zh}: {en}");
        }
        let mut names: Vec<_> = all.iter().map(|(_, en)| en).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), all.len(), "English names are distinct");
        assert_eq!(english_name("自定义类别"), None);
    }

    #[test]
    fn resource_topics_agree_with_categories_and_the_need_categories() {
        for (zh, en) in RESOURCE_TOPICS {
            assert_eq!(english_name(zh), Some(en), "{zh}");
            assert!(en.is_ascii() && !en.is_empty(), "{zh}: {en}");
        }
        let mut names: Vec<_> = RESOURCE_TOPICS.iter().map(|(zh, _)| zh).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), RESOURCE_TOPICS.len(), "topics are distinct");
        // Every topic the needs categories are served by (migration 000009) can be offered.
        for t in [
            "文化文艺",
            "邻里互助",
            "健康",
            "理论宣讲",
            "科普宣传",
            "政策解读",
            "法律维权",
            "防范诈骗",
            "食品安全",
            "安全生产",
            "法律服务",
            "文明交通",
            "应急救援",
            "心理关爱",
            "助老助残",
            "技能培训",
            "关爱未成年人",
            "医疗健康",
        ] {
            assert!(RESOURCE_TOPICS.iter().any(|(zh, _)| *zh == t), "{t}");
        }
    }
}
