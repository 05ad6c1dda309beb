//! The HTTP API: actix handlers under `/api/v1`, authentication and authorization, the
//! problem+json error mapping, the cross-cutting middleware (request ids, metrics,
//! idempotency) and the OpenAPI document built from the same routes the server runs.

pub mod audit;
pub mod auth;
pub mod caller;
pub mod certificate_settings;
pub mod clock;
pub mod codes;
pub mod constraints;
pub mod context;
pub mod convert;
pub mod crypto;
pub mod db;
pub mod docs;
pub mod docs_assets;
pub mod english;
pub mod error;
pub mod etag;
pub mod extract;
pub mod gates;
pub mod idempotency;
pub mod jobs;
pub mod ledger;
pub mod listing;
pub mod outbox;
pub mod route_table;
pub mod routes;
pub mod services;
pub mod spa;
pub mod state;
pub mod team_scope;
pub mod views;
pub mod volunteer_scope;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::from_fn;
use actix_web::{App, web};
use utoipa::OpenApi;
use utoipa_actix_web::{AppExt, scope};
use utoipa_swagger_ui::SwaggerUi;

pub use state::{AppState, AuthSettings, Metrics};

/// The OpenAPI document, from the same route registrations the server uses.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, api) = App::new()
        .into_utoipa_app()
        .openapi(docs::ApiDoc::openapi())
        .configure(routes::configure_ops)
        .service(scope::scope("/api/v1").configure(routes::configure_v1))
        .split_for_parts();
    api
}

/// The spec as committed in `openapi/openapi.json`: pretty JSON with a final newline.
pub fn openapi_json() -> String {
    let mut s = openapi().to_pretty_json().unwrap_or_default();
    s.push('\n');
    s
}

/// The whole application: API, docs, probes and the SPA.
pub fn app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let spa_dir = state.spa_dir.clone();
    let cors = cors(&state.cors_origins);
    let (app, api) = App::new()
        .into_utoipa_app()
        .openapi(docs::ApiDoc::openapi())
        .app_data(web::Data::new(state))
        .app_data(extract::json_config())
        .app_data(extract::query_config())
        .app_data(extract::path_config())
        .app_data(web::PayloadConfig::new(idempotency::MAX_BODY))
        .configure(routes::configure_ops)
        .service(
            scope::scope("/api/v1")
                .wrap(from_fn(idempotency::idempotency))
                .wrap(from_fn(gates::gate))
                .configure(routes::configure_v1)
                .default_service(web::to(routes::unmatched)),
        )
        .split_for_parts();
    app.service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", api))
        .service(web::scope("/api").default_service(web::to(routes::unmatched)))
        .configure(|cfg| spa::configure(cfg, spa_dir))
        .wrap(from_fn(docs_assets::docs_assets))
        .wrap(from_fn(spa::security_headers))
        .wrap(cors)
        .wrap(from_fn(context::request_context))
}

/// Cross-origin access for the registered origins only (e.g. a city's own portal on another
/// domain); with none registered, browsers keep every other site out.
fn cors(origins: &[String]) -> actix_cors::Cors {
    let mut c = actix_cors::Cors::default()
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers([
            actix_web::http::header::AUTHORIZATION,
            actix_web::http::header::CONTENT_TYPE,
            actix_web::http::header::IF_MATCH,
            actix_web::http::header::IF_NONE_MATCH,
            actix_web::http::header::HeaderName::from_static("idempotency-key"),
            context::REQUEST_ID,
        ])
        .expose_headers([
            actix_web::http::header::ETAG,
            actix_web::http::header::LOCATION,
            context::REQUEST_ID,
        ])
        .max_age(3600);
    for o in origins {
        c = c.allowed_origin(o);
    }
    c
}
