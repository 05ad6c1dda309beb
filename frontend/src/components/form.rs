//! A form that sends to the API, in one place: the submit (at most one at a time), its pending
//! state and failure, each field's error (found before sending, or named by the server's 422),
//! the rest of the failure for the form, and, after a failed submit, the first invalid field
//! scrolled into view with the focus.

use std::future::Future;

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::ApiError;
use crate::i18n::{I18n, use_i18n};

/// One form's submission of `I`, answered with `O`. `Copy`: hand it to every closure.
pub struct Submission<I: 'static, O: 'static> {
    action: Action<I, Result<O, ApiError>>,
    /// Problems found before sending: (field, catalogue key of the message).
    local: RwSignal<Vec<(&'static str, &'static str)>>,
    /// The request fields the form shows beside an input; the rest of a failure goes above.
    fields: &'static [&'static str],
    i18n: I18n,
    /// The form element: `node_ref=submission.form`.
    pub form: NodeRef<html::Form>,
}

impl<I: 'static, O: 'static> Clone for Submission<I, O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I: 'static, O: 'static> Copy for Submission<I, O> {}

impl<I, O> Submission<I, O>
where
    I: Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    /// `send` makes the request; `fields` are the request fields the form has inputs for.
    pub fn new<Fu>(fields: &'static [&'static str], send: impl Fn(&I) -> Fu + 'static) -> Self
    where
        Fu: Future<Output = Result<O, ApiError>> + 'static,
    {
        let submission = Submission {
            action: Action::new_local(send),
            local: RwSignal::new(Vec::new()),
            fields,
            i18n: use_i18n(),
            form: NodeRef::new(),
        };
        // An answer that failed: its field errors are on screen once it has rendered.
        let pending = submission.action.pending();
        Effect::new(move |was_pending: Option<bool>| {
            let now = pending.get();
            if was_pending == Some(true) && !now && submission.error_untracked().is_some() {
                focus_first_invalid(submission.form);
            }
            now
        });
        submission
    }

    /// Sends `input`, unless a submit is under way; forgets the problems found before.
    pub fn submit(&self, input: I) {
        if self.action.pending().get_untracked() {
            return;
        }
        self.local.set(Vec::new());
        self.action.dispatch_local(input);
    }

    /// Records the problems found before sending, (field, catalogue key); when there are any,
    /// brings the first into view and answers `false`: do not send.
    pub fn check(&self, problems: Vec<(&'static str, &'static str)>) -> bool {
        let ok = problems.is_empty();
        self.local.set(problems);
        if !ok {
            focus_first_invalid(self.form);
        }
        ok
    }

    /// Forgets the problems found before sending (the form was closed).
    pub fn reset(&self) {
        self.local.set(Vec::new());
    }

    /// Whether a submit is under way (reactive).
    pub fn pending(&self) -> Memo<bool> {
        self.action.pending()
    }

    /// The last answer when it succeeded and no submit is under way (reactive).
    pub fn done(&self) -> Option<O> {
        if self.pending().get() {
            return None;
        }
        self.action.value().get().and_then(Result::ok)
    }

    /// The last failure, unless a submit is under way (reactive).
    pub fn error(&self) -> Option<ApiError> {
        if self.pending().get() {
            return None;
        }
        self.action.value().get().and_then(Result::err)
    }

    fn error_untracked(&self) -> Option<ApiError> {
        self.action.value().get_untracked().and_then(Result::err)
    }

    /// What to say beside `field`: the problem found before sending, else the server's
    /// (for a list field, `field[i]` counts as `field`).
    pub fn field_error(
        self,
        field: &'static str,
    ) -> impl Fn() -> Option<String> + Copy + Send + Sync {
        move || {
            let i18n = self.i18n;
            if let Some(key) = self
                .local
                .with(|l| l.iter().find(|(f, _)| *f == field).map(|p| p.1))
            {
                return Some(i18n.t(key).to_owned());
            }
            self.error().and_then(|e| {
                e.field_errors()
                    .iter()
                    .find(|f| {
                        f.field == field
                            || f.field
                                .strip_prefix(field)
                                .is_some_and(|r| r.starts_with('['))
                    })
                    .map(|f| i18n.problem(&f.code, &f.message))
            })
        }
    }

    /// The failure without the field errors shown beside the inputs (reactive); `None` when
    /// nothing is left to say.
    pub fn form_error(&self) -> Option<ApiError> {
        self.error().and_then(|e| e.without_fields(self.fields))
    }
}

/// After the next render: the form's first invalid field, in document order (an input marked
/// `aria-invalid="true"`, or the first control of the field whose error shows), scrolled to
/// the middle of the screen and focused.
fn focus_first_invalid(form: NodeRef<html::Form>) {
    request_animation_frame(move || {
        let Some(form) = form.get_untracked() else {
            return;
        };
        let Ok(Some(first)) = form.query_selector("[aria-invalid=\"true\"], .field-error") else {
            return;
        };
        let control = if first.get_attribute("aria-invalid").as_deref() == Some("true") {
            Some(first)
        } else {
            first.closest(".field").ok().flatten().and_then(|field| {
                field
                    .query_selector("input, select, textarea")
                    .ok()
                    .flatten()
            })
        };
        let Some(control) = control.and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok()) else {
            return;
        };
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Center);
        control.scroll_into_view_with_scroll_into_view_options(&options);
        let _ = control.focus();
    });
}
