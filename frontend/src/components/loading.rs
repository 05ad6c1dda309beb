//! The "正在加载…" line shown while a resource loads, and the one way pages show a resource.

use std::future::Future;

use leptos::prelude::*;

use crate::i18n::tr;

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" role="status">{tr("common.loading")}</p> }
}

/// "正在加载…" until `resource` has a value, then `show(value)`; while it is read again the
/// last value stays on screen. Lighter than `<Suspense>` with a `Suspend` future per page
/// (those weigh on the bundle), and enough for a resource read on this side.
pub fn when_loaded<T>(
    current: impl Fn() -> Option<T> + Send + Sync + 'static,
    show: impl Fn(T) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    move || match current() {
        None => view! { <Loading/> }.into_any(),
        Some(value) => show(value),
    }
}

/// A value read from the API: `None` until the first answer. The source runs again when a
/// signal it reads changes, or on [`Fetched::refetch`]; the last answer stays meanwhile, and an
/// answer overtaken by a newer request is dropped. A lighter `LocalResource` (whose async
/// machinery, instantiated per value type, weighs on the bundle).
pub struct Fetched<T: Send + Sync + 'static> {
    value: RwSignal<Option<T>>,
    version: RwSignal<u32>,
}

impl<T: Send + Sync + 'static> Clone for Fetched<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Fetched<T> {}

impl<T: Clone + Send + Sync + 'static> Fetched<T> {
    pub fn new<Fut: Future<Output = T> + 'static>(source: impl Fn() -> Fut + 'static) -> Self {
        let value = RwSignal::new(None);
        let version = RwSignal::new(0u32);
        let sent = StoredValue::new(0u32);
        Effect::new(move |_| {
            version.track();
            let future = source();
            let n = sent.get_value().wrapping_add(1);
            sent.set_value(n);
            leptos::task::spawn_local(async move {
                let answer = future.await;
                if sent.try_get_value() == Some(n) {
                    value.try_set(Some(answer));
                }
            });
        });
        Fetched { value, version }
    }

    /// Reads the source again.
    pub fn refetch(&self) {
        self.version.update(|v| *v = v.wrapping_add(1));
    }

    /// The last answer (reactive).
    pub fn get(&self) -> Option<T> {
        self.value.get()
    }
}
