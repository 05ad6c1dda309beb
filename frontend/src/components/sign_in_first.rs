//! "请先登录": what a page that needs an account shows to a visitor.

use leptos::prelude::*;

use crate::i18n::tr;

/// "请先登录", with a link that comes back here.
#[component]
pub fn SignInFirst(next: &'static str) -> impl IntoView {
    view! {
        <div class="notice">
            <p>
                {tr("common.sign_in_first")} " "
                <a href=format!("/login?next={next}")>{tr("nav.login")}</a>
            </p>
        </div>
    }
}
