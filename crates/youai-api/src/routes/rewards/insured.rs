//! The insurer's list of an insurance courtesy, as CSV or XLSX.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;
use youai_certificate::exports::{self, Table};

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::services::insured;
use crate::state::AppState;

/// The list as a table for the export writers.
fn table(rows: &[Vec<String>]) -> Table<'_> {
    Table {
        sheet: "参保名单",
        columns: &insured::COLUMNS,
        rows,
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InsuredQuery {
    /// `csv` (default, UTF-8 with BOM for Excel) or `xlsx`.
    pub format: Option<String>,
}

/// The volunteers covered by an insurance courtesy for its period, as CSV or XLSX for the
/// insurer (number, name, gender, birth date, full ID number, phone, covered from/until): to
/// the provider and platform admins only.
#[utoipa::path(tag = "rewards", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Courtesy id (kind insurance)"), InsuredQuery),
    responses(
        (status = 200, description = "参保名单", content(
            (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/rewards/{id}/insured")]
pub async fn export_insured(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    query: crate::extract::Query<InsuredQuery>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let xlsx = match query.format.as_deref() {
        None | Some("csv") => false,
        Some("xlsx") => true,
        Some(_) => {
            return Err(ApiError::bad_request(
                "invalid_query",
                "format 只支持 csv 或 xlsx",
            ));
        }
    };
    let key = state.data_key.clone();
    let format = if xlsx { "xlsx" } else { "csv" };
    let rows = crate::db::write(&state, move |conn| {
        insured::list(conn, &user, &key, id, format)
    })
    .await?;
    let mut res = HttpResponse::Ok();
    res.insert_header((header::CACHE_CONTROL, "private, no-store"));
    if xlsx {
        let bytes =
            crate::db::blocking(move || exports::xlsx(&table(&rows)).map_err(ApiError::internal))
                .await?;
        return Ok(res
            .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            .insert_header((
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"insured-{id}.xlsx\""),
            ))
            .body(bytes));
    }
    Ok(res
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"insured-{id}.csv\""),
        ))
        .body(exports::csv(&table(&rows))))
}
