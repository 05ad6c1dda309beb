//! A list read a page at a time: the first page loads with the filter, "加载更多" appends the
//! next while there is one. Teams, activities and projects are listed this way; each says how
//! to fetch a page and how to draw a card.

use std::future::Future;

use leptos::prelude::*;
use youai_types::Page;

use crate::api::ApiError;
use crate::components::{ErrorMessage, Fetched, when_loaded};
use crate::i18n::{tr, tr_while};

/// The items `filter` selects: "正在加载…", an error with "重试", `empty` when nothing
/// matches, or a `<ul class=class>` of `card`s with "加载更多" below while pages remain.
#[component]
pub fn PagedList<F, T, Fut, Fetch, Card, V>(
    #[prop(into)] filter: Signal<F>,
    /// One page: the filter and the cursor of the page (`None` for the first).
    fetch: Fetch,
    /// The list item for one entry (an `<li>`).
    card: Card,
    /// The catalogue key for "nothing matches".
    empty: &'static str,
    /// The classes of the `<ul>`.
    #[prop(default = "card-list")]
    class: &'static str,
) -> impl IntoView
where
    F: Clone + PartialEq + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<Page<T>, ApiError>> + 'static,
    Fetch: Fn(F, Option<String>) -> Fut + Copy + 'static,
    Card: Fn(T) -> V + Copy + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let first = Fetched::new(move || fetch(filter.get(), None));
    // Pages after the first, and the cursor after the last of them (`None`: only the first
    // page is shown, so its cursor counts).
    let more = RwSignal::new(Vec::<T>::new());
    let more_next = RwSignal::new(None::<Option<String>>);
    Effect::new(move |_| {
        filter.track();
        more.set(Vec::new());
        more_next.set(None);
    });
    let load_more = Action::new_local(move |cursor: &String| {
        let f = filter.get_untracked();
        let page = fetch(f.clone(), Some(cursor.clone()));
        async move {
            let page = page.await?;
            // The filter may have changed meanwhile: then this page belongs to no list.
            if filter.get_untracked() == f {
                more.update(|m| m.extend(page.items));
                more_next.set(Some(page.next_cursor));
            }
            Ok::<(), ApiError>(())
        }
    });
    let loading_more = load_more.pending();
    let retry = Callback::new(move |()| first.refetch());

    when_loaded(
        move || first.get(),
        move |value| match value {
            Ok(page) if page.items.is_empty() => {
                view! { <p class="empty">{tr(empty)}</p> }.into_any()
            }
            Ok(page) => {
                let first_next = page.next_cursor;
                let next = move || more_next.get().unwrap_or_else(|| first_next.clone());
                view! {
                    <ul class=class>
                        {page.items.into_iter().map(card).collect_view()}
                        // Only ever appended to, and emptied with a new filter: the index is a key.
                        <For each=move || more.get().into_iter().enumerate() key=|(i, _)| *i let:((_, item))>
                            {card(item)}
                        </For>
                    </ul>
                    {move || load_more.value().get().and_then(Result::err).map(|error| view! { <ErrorMessage error/> })}
                    {move || next().map(|cursor| view! {
                        <p class="load-more">
                            <button
                                type="button"
                                class="button button-secondary"
                                disabled=move || loading_more.get()
                                on:click=move |_| { load_more.dispatch_local(cursor.clone()); }
                            >
                                {tr_while(loading_more, "common.loading", "common.load_more")}
                            </button>
                        </p>
                    })}
                }
                .into_any()
            }
            Err(error) => view! { <ErrorMessage error on_retry=retry/> }.into_any(),
        },
    )
}
