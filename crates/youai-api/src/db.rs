//! Runs diesel work off the async executor, keeping the request's tracing span and id.

use actix_web::web;
use youai_db::DbConn;
use youai_types::UnreadableValue;

use crate::error::{ApiError, ApiResult, More};
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
        let out = f(&mut conn);
        if let Err(ApiError {
            more: Some(more), ..
        }) = &out
            && let More::Unreadable(bad) = more.as_ref()
        {
            log_rows_holding(&mut conn, bad);
        }
        out
    })
    .await
}

/// Names in the log the table and ids behind a stored value that could not be read (the
/// error itself knows only the type and the value), so an operator can find and fix them.
fn log_rows_holding(conn: &mut DbConn, bad: &UnreadableValue) {
    match youai_db::unreadable::rows_holding(conn, bad) {
        Ok(rows) if rows.is_empty() => {
            tracing::error!(type_name = bad.type_name, value = %bad.value, "unreadable stored value; no row of a known column holds it");
        }
        Ok(rows) => {
            for (table, ids) in rows {
                tracing::error!(table, ids = ?ids, type_name = bad.type_name, value = %bad.value, "unreadable stored value");
            }
        }
        Err(e) => {
            tracing::error!(error = %e, type_name = bad.type_name, value = %bad.value, "unreadable stored value; could not find its rows");
        }
    }
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
