//! Liveness, readiness and metrics.

use actix_web::{HttpResponse, get, web};
use diesel::connection::SimpleConnection;
use youai_types::Health;

use crate::state::AppState;

/// Is the process up? Touches nothing else.
#[utoipa::path(tag = "operations", responses((status = 200, description = "进程在运行", body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health {
        status: "ok".into(),
    })
}

/// Can this server reach its database? 503 when it cannot.
#[utoipa::path(tag = "operations", responses(
    (status = 200, description = "可以提供服务", body = Health),
    (status = 503, description = "数据库不可达", body = Health),
))]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    // A short wait: a probe must answer promptly even when the database is gone.
    let pool = state.pool.clone();
    let ok = crate::db::blocking(move || {
        let mut conn = pool.get_timeout(std::time::Duration::from_secs(2))?;
        conn.batch_execute("SELECT 1")
            .map_err(crate::error::ApiError::from)
    })
    .await
    .is_ok();
    if ok {
        HttpResponse::Ok().json(Health {
            status: "ok".into(),
        })
    } else {
        HttpResponse::ServiceUnavailable().json(Health {
            status: "unavailable".into(),
        })
    }
}

/// Prometheus metrics: requests by route and status, latency histogram, pool use.
#[utoipa::path(tag = "operations", responses(
    (status = 200, description = "Prometheus 文本格式", body = String, content_type = "text/plain; version=0.0.4")
))]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    let pool = state.pool.state();
    let in_use = pool.connections.saturating_sub(pool.idle_connections);
    let body = state
        .metrics
        .render(in_use, pool.idle_connections, state.pool.max_size());
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(body)
}
