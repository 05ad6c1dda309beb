//! "请先登录": what a page that needs an account shows to a visitor.

use leptos::prelude::*;

use crate::i18n::tr;

/// `?next=` as a place to go after signing in: a path of this site only (not `//host`, which a
/// browser reads as another site), else `None`.
pub fn safe_next(next: Option<String>) -> Option<String> {
    next.filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.contains('\\'))
}

/// "请先登录", with a link that comes back here, and one to register first.
#[component]
pub fn SignInFirst(next: &'static str) -> impl IntoView {
    view! {
        <div class="notice">
            <p>
                {tr("common.sign_in_first")} " "
                <a href=format!("/login?next={next}")>{tr("nav.login")}</a>
                " · "
                <a href=format!("/register?next={next}")>{tr("nav.register")}</a>
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_this_site() {
        let next = |p: &str| safe_next(Some(p.to_owned()));
        assert_eq!(next("/activities/3"), Some("/activities/3".to_owned()));
        assert_eq!(next("//evil.example/x"), None);
        assert_eq!(next("/\\evil.example"), None);
        assert_eq!(next("https://evil.example"), None);
        assert_eq!(safe_next(None), None);
    }
}
