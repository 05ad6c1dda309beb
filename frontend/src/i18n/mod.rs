//! The app's words in Chinese (zh-CN, the default) and English, and the language switch.
//!
//! Views call `i18n.t("key")`, which reads the language signal, so text follows the switch.
//! A unit test fails when a key lacks a translation or a view asks for an unknown key.

mod catalogue;

use leptos::prelude::*;
use youai_types::{
    ActivityStatus, AreaLevel, Gender, MemberRole, MembershipStatus, PointsKind, RecordStatus,
    RewardKind, RiskLevel, SignUpStatus, TeamAction, TeamKind, TeamStatus, VoucherStatus,
};

/// A language the app speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// 简体中文
    Zh,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The BCP 47 tag, for `<html lang>` and storage.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The language's name in itself, for the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Zh => "中文",
            Lang::En => "English",
        }
    }

    pub fn parse(tag: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.tag() == tag)
    }

    /// The words of the language. English is its own wasm chunk, loaded the first time it is
    /// chosen (see [`load_english`]); until then it reads as Chinese.
    fn table(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Lang::Zh => catalogue::ZH,
            Lang::En => english().unwrap_or(catalogue::ZH),
        }
    }
}

/// English once loaded. Only the app's first load needs to be small: English costs those who
/// choose it one more round trip, the first time.
static ENGLISH: std::sync::OnceLock<&'static [(&'static str, &'static str)]> =
    std::sync::OnceLock::new();

#[cfg(target_arch = "wasm32")]
fn english() -> Option<&'static [(&'static str, &'static str)]> {
    ENGLISH.get().copied()
}

/// Outside the browser (unit tests) English is simply there.
#[cfg(not(target_arch = "wasm32"))]
fn english() -> Option<&'static [(&'static str, &'static str)]> {
    Some(*ENGLISH.get_or_init(|| catalogue::EN))
}

/// The split point of the English words.
#[leptos::lazy]
fn english_words() -> &'static [(&'static str, &'static str)] {
    catalogue::EN
}

/// Loads the English chunk (once) and says so through `ready`.
fn load_english(ready: RwSignal<bool>) {
    if english().is_some() {
        ready.set(true);
        return;
    }
    leptos::task::spawn_local(async move {
        let words = english_words().await;
        let _ = ENGLISH.set(words);
        ready.set(true);
    });
}

/// The Chinese words of the pages that load on demand, once loaded.
static PAGE_WORDS: std::sync::OnceLock<&'static [(&'static str, &'static str)]> =
    std::sync::OnceLock::new();

#[cfg(target_arch = "wasm32")]
fn page_words_now() -> &'static [(&'static str, &'static str)] {
    PAGE_WORDS.get().copied().unwrap_or(&[])
}

/// Outside the browser (unit tests) every word is simply there.
#[cfg(not(target_arch = "wasm32"))]
fn page_words_now() -> &'static [(&'static str, &'static str)] {
    PAGE_WORDS.get_or_init(|| catalogue::ZH_PAGES)
}

/// The split point of the pages' Chinese words.
#[leptos::lazy]
fn page_words_chunk() -> &'static [(&'static str, &'static str)] {
    catalogue::ZH_PAGES
}

/// Loads the pages' Chinese words (once): every page that loads on demand waits for them
/// before it renders (`routes.rs`), so `/` carries only the words of the shell and the home
/// page. A unit test keeps every word used outside those pages in the first table.
pub async fn page_words() {
    if PAGE_WORDS.get().is_none() {
        let words = page_words_chunk().await;
        let _ = PAGE_WORDS.set(words);
    }
}

/// The text for `key` in `lang`; falls back to Chinese, then to the key itself (a test keeps
/// both fallbacks unused).
pub fn lookup(lang: Lang, key: &'static str) -> &'static str {
    let find = |table: &'static [(&'static str, &'static str)]| {
        table.iter().find(|(k, _)| *k == key).map(|(_, text)| *text)
    };
    find(lang.table())
        .or_else(|| find(catalogue::ZH))
        .or_else(|| find(page_words_now()))
        .unwrap_or(key)
}

/// The text for a key built at run time (a problem code), if the catalogue has it.
fn lookup_dynamic(lang: Lang, key: &str) -> Option<&'static str> {
    lang.table()
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, text)| *text)
}

pub fn team_kind_key(kind: TeamKind) -> &'static str {
    match kind {
        TeamKind::CityCorps => "team_kind.city_corps",
        TeamKind::TownDetachment => "team_kind.town_detachment",
        TeamKind::IndustryDetachment => "team_kind.industry_detachment",
        TeamKind::Squad => "team_kind.squad",
        TeamKind::CommunityTeam => "team_kind.community_team",
        TeamKind::PointTeam => "team_kind.point_team",
        TeamKind::SocialTeam => "team_kind.social_team",
    }
}

pub fn team_status_key(status: TeamStatus) -> &'static str {
    match status {
        TeamStatus::Pending => "team_status.pending",
        TeamStatus::Approved => "team_status.approved",
        TeamStatus::Rejected => "team_status.rejected",
        TeamStatus::Suspended => "team_status.suspended",
    }
}

pub fn membership_status_key(status: MembershipStatus) -> &'static str {
    match status {
        MembershipStatus::Applied => "membership_status.applied",
        MembershipStatus::Active => "membership_status.active",
        MembershipStatus::Declined => "membership_status.declined",
        MembershipStatus::Left => "membership_status.left",
        MembershipStatus::Removed => "membership_status.removed",
    }
}

pub fn member_role_key(role: MemberRole) -> &'static str {
    match role {
        MemberRole::Leader => "member_role.leader",
        MemberRole::Member => "member_role.member",
    }
}

pub fn gender_key(gender: Gender) -> &'static str {
    match gender {
        Gender::Male => "gender.male",
        Gender::Female => "gender.female",
    }
}

pub fn activity_status_key(status: ActivityStatus) -> &'static str {
    match status {
        ActivityStatus::Draft => "activity_status.draft",
        ActivityStatus::Recruiting => "activity_status.recruiting",
        ActivityStatus::Full => "activity_status.full",
        ActivityStatus::Ongoing => "activity_status.ongoing",
        ActivityStatus::Finished => "activity_status.finished",
        ActivityStatus::Cancelled => "activity_status.cancelled",
    }
}

pub fn sign_up_status_key(status: SignUpStatus) -> &'static str {
    match status {
        SignUpStatus::Applied => "sign_up_status.applied",
        SignUpStatus::Accepted => "sign_up_status.accepted",
        SignUpStatus::Waitlisted => "sign_up_status.waitlisted",
        SignUpStatus::Rejected => "sign_up_status.rejected",
        SignUpStatus::Cancelled => "sign_up_status.cancelled",
        SignUpStatus::CheckedIn => "sign_up_status.checked_in",
        SignUpStatus::CheckedOut => "sign_up_status.checked_out",
        SignUpStatus::NoShow => "sign_up_status.no_show",
    }
}

pub fn record_status_key(status: RecordStatus) -> &'static str {
    match status {
        RecordStatus::Pending => "record_status.pending",
        RecordStatus::Verified => "record_status.verified",
        RecordStatus::Disputed => "record_status.disputed",
    }
}

/// The catalogue key of an area level, as a project's level.
pub fn area_level_key(level: AreaLevel) -> &'static str {
    match level {
        AreaLevel::City => "level.city",
        AreaLevel::Town => "level.town",
        AreaLevel::Village => "level.village",
    }
}

pub fn risk_level_key(level: RiskLevel) -> &'static str {
    match level {
        RiskLevel::Low => "risk_level.low",
        RiskLevel::Medium => "risk_level.medium",
        RiskLevel::High => "risk_level.high",
    }
}

pub fn reward_kind_key(kind: RewardKind) -> &'static str {
    match kind {
        RewardKind::Recognition => "reward_kind.recognition",
        RewardKind::Honour => "reward_kind.honour",
        RewardKind::Insurance => "reward_kind.insurance",
        RewardKind::Service => "reward_kind.service",
        RewardKind::Goods => "reward_kind.goods",
        RewardKind::Training => "reward_kind.training",
    }
}

pub fn voucher_status_key(status: VoucherStatus) -> &'static str {
    match status {
        VoucherStatus::Issued => "voucher_status.issued",
        VoucherStatus::Redeemed => "voucher_status.redeemed",
        VoucherStatus::Cancelled => "voucher_status.cancelled",
        VoucherStatus::Expired => "voucher_status.expired",
    }
}

pub fn points_kind_key(kind: PointsKind) -> &'static str {
    match kind {
        PointsKind::Earn => "points_kind.earn",
        PointsKind::Redeem => "points_kind.redeem",
        PointsKind::Refund => "points_kind.refund",
        PointsKind::Adjust => "points_kind.adjust",
        PointsKind::Expire => "points_kind.expire",
    }
}

/// A registration-history action (`create`, `apply`, `approve`…); `None` for one this app
/// does not know yet (shown as sent).
pub fn team_action_key(action: TeamAction) -> &'static str {
    match action {
        TeamAction::Create => "team_action.create",
        TeamAction::Apply => "team_action.apply",
        TeamAction::Import => "team_action.import",
        TeamAction::Approve => "team_action.approve",
        TeamAction::Reject => "team_action.reject",
        TeamAction::Suspend => "team_action.suspend",
        TeamAction::Reinstate => "team_action.reinstate",
    }
}

const STORAGE_KEY: &str = "youai.lang";

/// The language switch, provided as context by the app root.
#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
    /// Whether the English words have arrived (views re-read their text when they do).
    english_ready: RwSignal<bool>,
}

impl I18n {
    /// Reads the saved language (default Chinese), provides the context, and keeps
    /// `<html lang>`, the document title and the saved choice in step with the signal.
    pub fn provide() -> Self {
        let saved = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
        let i18n = I18n {
            lang: RwSignal::new(saved.as_deref().and_then(Lang::parse).unwrap_or(Lang::Zh)),
            english_ready: RwSignal::new(false),
        };
        Effect::new(move |_| {
            let lang = i18n.lang.get();
            if lang == Lang::En && !i18n.english_ready.get() {
                load_english(i18n.english_ready);
            }
            if let Some(s) = storage() {
                let _ = s.set_item(STORAGE_KEY, lang.tag());
            }
            if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                if let Some(html) = doc.document_element() {
                    let _ = html.set_attribute("lang", lang.tag());
                }
                doc.set_title(i18n.t("app.name"));
            }
        });
        provide_context(i18n);
        i18n
    }

    /// The current language (reactive; English once its words have arrived).
    pub fn lang(&self) -> Lang {
        let lang = self.lang.get();
        if lang == Lang::En && !self.english_ready.get() {
            return Lang::Zh;
        }
        lang
    }

    /// The language chosen (reactive), whether or not its words have arrived yet.
    pub fn chosen(&self) -> Lang {
        self.lang.get()
    }

    pub fn set_lang(&self, lang: Lang) {
        self.lang.set(lang);
    }

    /// The text for `key` in the current language (reactive: call it inside a closure).
    pub fn t(&self, key: &'static str) -> &'static str {
        lookup(self.lang(), key)
    }

    /// A problem in words: the catalogue's `problem.<code>` when it has one (so it follows the
    /// language), else what the server said (reactive).
    pub fn problem(&self, code: &str, server_text: &str) -> String {
        lookup_dynamic(self.lang(), &format!("problem.{code}"))
            .unwrap_or(server_text)
            .to_owned()
    }
}

/// The text for `key` in a view, following the language. Every call returns the same closure
/// type, so the code that renders reactive text is compiled once for all of them (a closure
/// per call site would be a type, and code, of its own).
pub fn tr(key: &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || i18n.t(key)
}

/// `busy_key` while `busy` (an action pending), else `key`: like [`tr`], one closure type for
/// every call.
pub fn tr_while(
    busy: impl Into<Signal<bool>>,
    busy_key: &'static str,
    key: &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    let busy = busy.into();
    move || i18n.t(if busy.get() { busy_key } else { key })
}

/// The language context provided by the app root.
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;

    fn keys(lang: Lang) -> Vec<&'static str> {
        let pages = if lang == Lang::Zh {
            catalogue::ZH_PAGES
        } else {
            &[]
        };
        lang.table().iter().chain(pages).map(|(k, _)| *k).collect()
    }

    /// The pages' words load with the first page that loads on demand: a word used anywhere
    /// else (the shell, the home page, a shared component) must be in the first table, or it
    /// would show as its key.
    #[test]
    fn words_outside_the_lazy_pages_are_in_the_first_table() {
        fn scan(dir: &Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                let name = path.display().to_string();
                let lazy_page = name.contains("/pages/")
                    && !["home.rs", "not_found.rs", "mod.rs"]
                        .iter()
                        .any(|f| name.ends_with(f));
                if path.is_dir() {
                    scan(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && !lazy_page
                    && !name.ends_with("catalogue.rs")
                {
                    let source = std::fs::read_to_string(&path).unwrap();
                    for (key, _) in catalogue::ZH_PAGES {
                        if source.contains(&format!("\"{key}\"")) {
                            out.push(format!("{name}: {key}"));
                        }
                    }
                }
            }
        }
        let mut misplaced = Vec::new();
        scan(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut misplaced,
        );
        assert!(
            misplaced.is_empty(),
            "words used outside the lazy pages but kept with them (move them to ZH):\n{}",
            misplaced.join("\n")
        );
    }

    #[test]
    fn every_key_has_a_translation_in_every_language() {
        let all: BTreeSet<&str> = Lang::ALL.into_iter().flat_map(keys).collect();
        let mut missing = Vec::new();
        for lang in Lang::ALL {
            let have: BTreeSet<&str> = keys(lang).into_iter().collect();
            for key in all.difference(&have) {
                missing.push(format!("{}: {key}", lang.tag()));
            }
            for (key, text) in lang.table() {
                if text.trim().is_empty() {
                    missing.push(format!("{}: {key} (empty)", lang.tag()));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "untranslated keys:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn no_key_is_defined_twice() {
        for lang in Lang::ALL {
            let mut seen = BTreeSet::new();
            let dupes: Vec<_> = keys(lang)
                .into_iter()
                .filter(|k| !seen.insert(*k))
                .collect();
            assert!(dupes.is_empty(), "{}: duplicate keys {dupes:?}", lang.tag());
        }
    }

    /// Every `.t("…")` in the sources names a key of the catalogue: a typo would otherwise
    /// show the raw key on screen.
    #[test]
    fn every_key_the_views_use_exists() {
        let known: BTreeSet<&str> = keys(Lang::Zh).into_iter().collect();
        let mut used = Vec::new();
        collect_used_keys(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut used,
        );
        assert!(
            !used.is_empty(),
            "found no t(\"…\") calls: is the scan broken?"
        );
        let unknown: Vec<_> = used
            .iter()
            .filter(|(_, k)| !known.contains(k.as_str()))
            .collect();
        assert!(unknown.is_empty(), "unknown i18n keys: {unknown:?}");
    }

    fn collect_used_keys(dir: &Path, out: &mut Vec<(String, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                collect_used_keys(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let source = std::fs::read_to_string(&path).unwrap();
                for (_, rest) in source
                    .match_indices(".t(\"")
                    .chain(source.match_indices("tr(\""))
                    .map(|(i, _)| source.split_at(i + 4))
                {
                    let key = rest.split('"').next().unwrap_or_default();
                    // Keys are dotted (`home.intro`); this skips prose that mentions `.t("key")`.
                    if key.contains('.') && !key.contains(' ') {
                        out.push((path.display().to_string(), key.to_owned()));
                    }
                }
            }
        }
    }

    /// The keys made from the API's enums exist, in every language.
    #[test]
    fn every_enum_label_exists() {
        let mut wanted: Vec<&str> = Vec::new();
        wanted.extend(TeamKind::ALL.iter().map(|k| team_kind_key(*k)));
        wanted.extend(TeamStatus::ALL.iter().map(|s| team_status_key(*s)));
        wanted.extend(
            MembershipStatus::ALL
                .iter()
                .map(|s| membership_status_key(*s)),
        );
        wanted.extend(MemberRole::ALL.iter().map(|r| member_role_key(*r)));
        wanted.extend(Gender::ALL.iter().map(|g| gender_key(*g)));
        wanted.extend(ActivityStatus::ALL.iter().map(|s| activity_status_key(*s)));
        wanted.extend(SignUpStatus::ALL.iter().map(|s| sign_up_status_key(*s)));
        wanted.extend(RecordStatus::ALL.iter().map(|s| record_status_key(*s)));
        wanted.extend(RiskLevel::ALL.iter().map(|r| risk_level_key(*r)));
        wanted.extend(RewardKind::ALL.iter().map(|k| reward_kind_key(*k)));
        wanted.extend(VoucherStatus::ALL.iter().map(|s| voucher_status_key(*s)));
        wanted.extend(PointsKind::ALL.iter().map(|k| points_kind_key(*k)));
        wanted.extend(TeamAction::ALL.iter().map(|a| team_action_key(*a)));
        assert_eq!(
            wanted.len(),
            7 + 4 + 5 + 2 + 2 + 6 + 6 + 8 + 3 + 3 + 6 + 4 + 5 + 1
        );
        for lang in Lang::ALL {
            for key in &wanted {
                assert!(
                    lookup_dynamic(lang, key).is_some(),
                    "{}: no label {key}",
                    lang.tag()
                );
            }
        }
    }

    #[test]
    fn problems_use_the_catalogue_then_the_server_text() {
        assert!(lookup_dynamic(Lang::En, "problem.already_member").is_some());
        assert_eq!(lookup_dynamic(Lang::En, "problem.no_such_code"), None);
    }

    #[test]
    fn lookup_follows_the_language_and_falls_back_to_the_key() {
        assert_eq!(lookup(Lang::Zh, "app.name"), "友爱港城 · 志愿服务平台");
        assert_ne!(lookup(Lang::En, "app.name"), lookup(Lang::Zh, "app.name"));
        assert_eq!(lookup(Lang::En, "no.such.key"), "no.such.key");
    }

    #[test]
    fn language_tags_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.tag()), Some(lang));
        }
        assert_eq!(Lang::parse("fr"), None);
    }
}
