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

/// The English name of a category or target group, when it is one of ours.
pub fn english_name(chinese: &str) -> Option<&'static str> {
    CATEGORIES
        .iter()
        .chain(TARGET_GROUPS.iter())
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
}
