//! The wire: requests with the bearer token, one shared token refresh on a 401, and answers
//! read as JSON or as a problem document.

use std::cell::RefCell;
use std::fmt;

use futures_util::future::{FutureExt, LocalBoxFuture, Shared};
use gloo_net::http::{Request, Response};
use leptos::prelude::Set;
use serde::Serialize;
use serde::de::DeserializeOwned;
use youai_types::{RefreshRequest, TokenResponse};

use super::{ApiClient, ApiError, BASE, Tokens, error_from, tokens};

pub(super) fn network(e: impl fmt::Display) -> ApiError {
    ApiError::Network(e.to_string())
}

#[derive(Clone, Copy)]
pub(super) enum Verb {
    Get,
    Post,
    Patch,
    Put,
    Delete,
    /// A POST whose body is a CSV file (`text/csv`), not JSON.
    Upload,
}

/// A refresh in progress, shared by every request that hit a 401 meanwhile: refresh tokens
/// are single use, and presenting one twice makes the server revoke the whole login.
type RefreshFuture = Shared<LocalBoxFuture<'static, Result<Tokens, ApiError>>>;

thread_local! {
    static REFRESH_IN_FLIGHT: RefCell<Option<RefreshFuture>> = const { RefCell::new(None) };
}

pub(super) fn to_json(body: &impl Serialize) -> Result<String, ApiError> {
    serde_json::to_string(body).map_err(|e| ApiError::Unexpected {
        status: 0,
        message: e.to_string(),
    })
}

pub(super) async fn send(
    verb: Verb,
    path: &str,
    body: Option<String>,
    bearer: Option<&str>,
) -> Result<Response, ApiError> {
    let url = format!("{BASE}{path}");
    let mut builder = match verb {
        Verb::Get => Request::get(&url),
        Verb::Post => Request::post(&url),
        Verb::Patch => Request::patch(&url),
        Verb::Put => Request::put(&url),
        Verb::Delete => Request::delete(&url),
        Verb::Upload => Request::post(&url),
    }
    .header("Accept", "application/json, application/problem+json");
    // The server words its problems in the language the app shows (kept on <html lang>),
    // not in the browser's own.
    if let Some(lang) = page_language() {
        builder = builder.header("Accept-Language", &lang);
    }
    if let Some(token) = bearer {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let kind = match verb {
        Verb::Upload => "text/csv; charset=utf-8",
        _ => "application/json",
    };
    let request = match body {
        Some(json) => builder.header("Content-Type", kind).body(json),
        None => builder.build(),
    }
    .map_err(network)?;
    request.send().await.map_err(network)
}

/// The app's language, as the i18n module keeps it on `<html lang>`.
fn page_language() -> Option<String> {
    let lang = web_sys::window()?
        .document()?
        .document_element()?
        .get_attribute("lang")?;
    (!lang.is_empty()).then_some(lang)
}

/// A 2xx body as `T`, anything else as an error.
pub(super) async fn read_json<T: DeserializeOwned>(res: Response) -> Result<T, ApiError> {
    let status = res.status();
    let text = res.text().await.map_err(network)?;
    parse(status, &text)
}

/// A 2xx body as `T`, anything else as an error. Synchronous, so the per-type code is only
/// the deserializer.
fn parse<T: DeserializeOwned>(status: u16, text: &str) -> Result<T, ApiError> {
    if !(200..300).contains(&status) {
        return Err(error_from(status, text));
    }
    serde_json::from_str(text).map_err(|e| ApiError::Unexpected {
        status,
        message: e.to_string(),
    })
}

impl ApiClient {
    pub(super) fn store(self, t: &Tokens) {
        tokens::save(t);
        self.signed_in.set(tokens::load().is_some());
    }

    pub(super) fn forget(self) {
        tokens::clear();
        self.signed_in.set(false);
    }

    /// `authorized` and the answer's body: the one request future every endpoint awaits.
    /// Boxed, so its state machine is compiled once instead of into each endpoint's future
    /// (that copy per endpoint was a sixth of the bundle).
    pub(super) fn exchange(
        self,
        verb: Verb,
        path: String,
        body: Option<String>,
    ) -> LocalBoxFuture<'static, Result<(u16, String), ApiError>> {
        async move {
            let res = self.authorized(verb, &path, body).await?;
            let status = res.status();
            let text = res.text().await.map_err(network)?;
            Ok((status, text))
        }
        .boxed_local()
    }

    /// A JSON answer as `T`; a problem document as an error.
    pub(super) async fn json<T: DeserializeOwned>(
        self,
        verb: Verb,
        path: &str,
        body: Option<String>,
    ) -> Result<T, ApiError> {
        let (status, text) = self.exchange(verb, path.to_owned(), body).await?;
        parse(status, &text)
    }

    /// An answer without a body (`204`): success, or the problem as an error.
    pub(super) async fn no_content(
        self,
        verb: Verb,
        path: &str,
        body: Option<String>,
    ) -> Result<(), ApiError> {
        let (status, text) = self.exchange(verb, path.to_owned(), body).await?;
        if (200..300).contains(&status) {
            Ok(())
        } else {
            Err(error_from(status, &text))
        }
    }

    /// Sends a request with the bearer token, if any. On a 401 it refreshes the tokens once and
    /// retries; when the refresh is refused it signs out and hands back the original 401.
    pub(super) async fn authorized(
        self,
        verb: Verb,
        path: &str,
        body: Option<String>,
    ) -> Result<Response, ApiError> {
        let Some(used) = tokens::load() else {
            return send(verb, path, body, None).await;
        };
        let res = send(verb, path, body.clone(), Some(&used.access)).await?;
        if res.status() != 401 {
            return Ok(res);
        }
        match self.refreshed(&used).await {
            Ok(fresh) => send(verb, path, body, Some(&fresh.access)).await,
            Err(_) => Ok(res),
        }
    }

    /// Tokens newer than `used`: the ones another request (or tab) already got, or a refresh.
    async fn refreshed(self, used: &Tokens) -> Result<Tokens, ApiError> {
        if let Some(current) = tokens::load()
            && current.access != used.access
        {
            return Ok(current);
        }
        let refresh = REFRESH_IN_FLIGHT.with(|slot| {
            let mut slot = slot.borrow_mut();
            match slot.as_ref() {
                Some(running) => running.clone(),
                None => {
                    let started = self.refresh(used.refresh.clone()).boxed_local().shared();
                    *slot = Some(started.clone());
                    started
                }
            }
        });
        let outcome = refresh.clone().await;
        REFRESH_IN_FLIGHT.with(|slot| {
            let mut slot = slot.borrow_mut();
            if slot.as_ref().is_some_and(|f| f.ptr_eq(&refresh)) {
                *slot = None;
            }
        });
        outcome
    }

    /// `POST /auth/refresh`. A refusal ends this login (sign out), unless another tab has
    /// rotated the tokens meanwhile; a network failure leaves the tokens alone.
    async fn refresh(self, refresh_token: String) -> Result<Tokens, ApiError> {
        let body = to_json(&RefreshRequest {
            refresh_token: refresh_token.clone(),
        })?;
        let outcome = match send(Verb::Post, "/auth/refresh", Some(body), None).await {
            Ok(res) => read_json::<TokenResponse>(res).await.map(Tokens::from),
            Err(e) => Err(e),
        };
        match &outcome {
            Ok(fresh) => self.store(fresh),
            Err(ApiError::Network(_)) => {}
            Err(_) => {
                if tokens::load().is_none_or(|t| t.refresh == refresh_token) {
                    self.forget();
                }
            }
        }
        outcome
    }
}
