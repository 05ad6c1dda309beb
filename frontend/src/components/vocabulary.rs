//! The platform's vocabulary of projects and activities, offered as choices in searches and
//! forms, and shown in the reader's language.

use leptos::prelude::*;

use crate::i18n::{Lang, use_i18n};

/// `(Chinese, English)` project categories: suggestions, any text may be searched.
pub use youai_types::vocabulary::CATEGORIES;
/// `(Chinese, English)` target groups (the briefing's six).
pub use youai_types::vocabulary::TARGET_GROUPS;

/// A name in the reader's language: its English name in English when it has one (given, or
/// one of the fixed vocabularies'), else the Chinese name as stored.
pub fn localized(lang: Lang, name: &str, name_en: Option<&str>) -> String {
    match lang {
        Lang::En => name_en
            .filter(|en| !en.trim().is_empty())
            .or_else(|| youai_types::vocabulary::english_name(name))
            .unwrap_or(name)
            .to_owned(),
        Lang::Zh => name.to_owned(),
    }
}

/// A category, target group, skill or batch name, following the language switch.
#[component]
pub fn Localized(
    #[prop(into)] name: String,
    #[prop(default = None)] name_en: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || localized(i18n.lang(), &name, name_en.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_language_and_fall_back_to_chinese() {
        assert_eq!(localized(Lang::En, "老年人", None), "Older people");
        assert_eq!(localized(Lang::Zh, "老年人", None), "老年人");
        assert_eq!(
            localized(Lang::En, "手语", Some("Sign language")),
            "Sign language"
        );
        assert_eq!(localized(Lang::En, "自拟类别", None), "自拟类别");
        assert_eq!(localized(Lang::En, "手语", Some(" ")), "手语");
    }
}
