//! Runs diesel work off the async executor, keeping the request's tracing span and id.

use actix_web::web;
use youai_db::DbConn;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Runs `f` with a pooled connection on the blocking thread pool.
pub async fn run<T, F>(state: &AppState, f: F) -> ApiResult<T>
where
    F: FnOnce(&mut DbConn) -> ApiResult<T> + Send + 'static,
    T: Send + 'static,
{
    let pool = state.pool.clone();
    blocking(move || {
        let mut conn = pool.get()?;
        f(&mut conn)
    })
    .await
}

/// Runs `f` inside a write transaction (`BEGIN IMMEDIATE` on SQLite): all of it or none.
pub async fn write<T, F>(state: &AppState, f: F) -> ApiResult<T>
where
    F: FnOnce(&mut DbConn) -> ApiResult<T> + Send + 'static,
    T: Send + 'static,
{
    run(state, move |conn| conn.write_transaction(f)).await
}

/// Runs blocking work (diesel, argon2) on the blocking pool, inside the caller's span.
pub async fn blocking<T, F>(f: F) -> ApiResult<T>
where
    F: FnOnce() -> ApiResult<T> + Send + 'static,
    T: Send + 'static,
{
    let span = tracing::Span::current();
    let request_id = crate::context::current_request_id().unwrap_or_default();
    web::block(move || {
        let _enter = span.enter();
        crate::context::with_request_id(request_id, f)
    })
    .await
    .map_err(|e| ApiError::internal(format!("blocking task failed: {e}")))?
}
