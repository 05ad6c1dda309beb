//! Bulk import of volunteers and teams from CSV (UTF-8 with or without BOM, or GBK as common
//! spreadsheet programs export it). All rows are written or none: any bad cell answers 422 with
//! every row error, and nothing is stored.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use futures_util::StreamExt;
use youai_domain::access::Action;
use youai_domain::csv_import::{self, Table};
use youai_types::ImportReport;

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::services::imports::{self, rejected};
use crate::state::AppState;

/// Uploads are CSV files of at most 8 MiB (about 50,000 volunteer rows).
const MAX_UPLOAD: usize = 8 * 1024 * 1024;
const MAX_ROWS: usize = 50_000;

async fn read_upload(http: &HttpRequest, mut payload: web::Payload) -> ApiResult<Table> {
    let ct = http
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !(ct.starts_with("text/csv")
        || ct.starts_with("application/csv")
        || ct.starts_with("text/plain"))
    {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "请上传 CSV 文件（Content-Type: text/csv）",
        ));
    }
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk
            .map_err(|e| ApiError::bad_request("bad_body", format!("读取上传文件失败：{e}")))?;
        if body.len() + chunk.len() > MAX_UPLOAD {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "上传文件超过 8 MiB",
            ));
        }
        body.extend_from_slice(&chunk);
    }
    let text = csv_import::decode(&body)
        .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.code(), e.message()))?;
    let table = csv_import::parse(&text).map_err(|e| rejected(vec![e.to_row_error()]))?;
    if table.rows.is_empty() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "empty_file",
            "文件中没有数据行",
        ));
    }
    if table.rows.len() > MAX_ROWS {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_many_rows",
            format!("一次最多导入 {MAX_ROWS} 行"),
        ));
    }
    // Uploaded cells are client text like JSON strings: the same characters are refused.
    let bad = table.refused_cells(crate::extract::is_forbidden_char);
    if !bad.is_empty() {
        return Err(rejected(bad));
    }
    Ok(table)
}

/// Importing is for the roles that may import somewhere; each row's area is checked too.
fn may_import(user: &AuthUser) -> ApiResult<()> {
    let roles = youai_domain::access::roles_for(Action::Import);
    if user.grants.iter().any(|g| roles.contains(&g.role)) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

/// Import volunteers (platform admins; area admins for their own areas). Columns: 姓名, 手机号,
/// 性别 (男/女), 出生日期, 所属区域 (name or id); optional 技能 (names separated by 、 ; or
/// ，), 身份证号, 监护人, 监护人电话. All rows are imported or none.
#[utoipa::path(tag = "corps", security(("bearer" = [])),
    request_body(content = String, content_type = "text/csv", description = "CSV, UTF-8 (BOM optional) or GBK",
        example = "姓名,手机号,性别,出生日期,所属区域,技能\n陈志愿,13912345678,女,1990-05-01,金都社区,应急救护、心理疏导\n"),
    responses(
        (status = 201, description = "全部导入", body = ImportReport),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/imports/volunteers")]
pub async fn import_volunteers(
    state: web::Data<AppState>,
    http: HttpRequest,
    user: AuthUser,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    may_import(&user)?;
    let table = read_upload(&http, payload).await?;
    let st = state.clone();
    let imported = crate::db::write(&state, move |conn| {
        Ok(imports::import_volunteers(conn, &st, &user, &table)?)
    })
    .await?;
    Ok(HttpResponse::Created().json(ImportReport {
        imported: imported.ids.len(),
    }))
}

/// Import official teams (platform admins; area admins for their own areas), approved at once.
/// Columns: 名称, 类型 (e.g. 行业支队 or industry_detachment), 上级队伍 (a name, possibly of a
/// team earlier in the same file), 所属区域; optional 专长, 简介, 联系人, 联系电话.
#[utoipa::path(tag = "corps", security(("bearer" = [])),
    request_body(content = String, content_type = "text/csv", description = "CSV, UTF-8 (BOM optional) or GBK",
        example = "名称,类型,上级队伍,所属区域,专长\n金都社区志愿服务队,村（社区）服务队,金港镇志愿服务支队,金都社区,邻里互助\n"),
    responses(
        (status = 201, description = "全部导入", body = ImportReport),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/imports/teams")]
pub async fn import_teams(
    state: web::Data<AppState>,
    http: HttpRequest,
    user: AuthUser,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    may_import(&user)?;
    let table = read_upload(&http, payload).await?;
    let imported = crate::db::write(&state, move |conn| {
        Ok(imports::import_teams(conn, &user, &table)?)
    })
    .await?;
    Ok(HttpResponse::Created().json(ImportReport {
        imported: imported.ids.len(),
    }))
}
