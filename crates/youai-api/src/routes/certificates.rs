//! The service certificate (志愿服务证明) of a volunteer's verified hours, as a printable page
//! or a PDF, and the public check of its verification code.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use utoipa::IntoParams;
use youai_certificate::Certificate;
use youai_db::certificates::{self as cdb, NewCertificate};
use youai_db::{DbConn, teams, volunteers};
use youai_types::{CertificateCheck, CertificateFormat};

use crate::auth::AuthUser;
use crate::codes::{new_code, normalize_code};
use crate::error::{ApiError, ApiResult};
use crate::services::service_records::ServiceTotals;
use crate::state::AppState;

/// A name for the public: its first and last characters (王秀英 → 王*英, 李明 → 李*).
fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    match chars.as_slice() {
        [] | [_] => name.to_string(),
        [first, _] => format!("{first}*"),
        [first, middle @ .., last] => format!("{first}{}{last}", "*".repeat(middle.len())),
    }
}

fn chinese_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// Who certifies: the city corps (the root team), by name.
fn issuer(conn: &mut DbConn) -> ApiResult<String> {
    Ok(teams::city_corps(conn)?.map_or_else(|| "志愿服务总队".to_string(), |t| t.name))
}

/// At most this many teams are listed; the rest are summed into one line.
const TEAMS_LISTED: usize = 8;

/// A new certificate of a volunteer in the caller's sight: their totals as of today, under a
/// fresh code; with the volunteer and the totals it was made from.
fn issue_for(
    conn: &mut DbConn,
    user: &AuthUser,
    id: i64,
) -> ApiResult<(volunteers::Volunteer, ServiceTotals, cdb::Certificate)> {
    let v = volunteers::find(conn, id)?.ok_or_else(|| ApiError::not_found("志愿者"))?;
    crate::volunteer_scope::sight_of(conn, user, &v)?;
    let totals = ServiceTotals::of(conn, id)?;
    let issued = cdb::issue(
        conn,
        &NewCertificate {
            code: new_code(),
            volunteer_id: id,
            quarters: totals.quarters,
            records: totals.counted,
            first_served: totals.first_served,
            last_served: totals.last_served,
            issued_on: crate::clock::city_today(),
            issued_by: Some(user.id),
        },
    )?;
    Ok((v, totals, issued))
}

fn hours_by_team(totals: &ServiceTotals) -> Vec<(String, f64)> {
    let mut teams: Vec<(String, i64)> = totals
        .by_team
        .iter()
        .map(|(k, q)| (k.clone(), *q))
        .collect();
    teams.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let rest: Vec<(String, i64)> = teams.split_off(teams.len().min(TEAMS_LISTED));
    let mut out: Vec<(String, f64)> = teams
        .into_iter()
        .map(|(k, q)| (k, q as f64 / 4.0))
        .collect();
    if !rest.is_empty() {
        let q: i64 = rest.iter().map(|(_, q)| q).sum();
        out.push((format!("其他 {} 个团队", rest.len()), q as f64 / 4.0));
    }
    out
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CertificateQuery {
    /// `html` (the default) or `pdf`; `Accept: application/pdf` also asks for the PDF.
    pub format: Option<CertificateFormat>,
}

/// A printable certificate of the volunteer's verified hours (corrections applied), as an
/// HTML page or an A4 PDF with its Chinese font embedded, for the volunteer and staff in
/// scope. It carries a verification code anyone can check at `GET /certificates/{code}`; the
/// same totals on the same day give the same code.
#[utoipa::path(tag = "certificates", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Volunteer id"), CertificateQuery),
    responses(
        (status = 200, description = "志愿服务证明（HTML 或 PDF）", content(
            (String = "text/html"),
            (Vec<u8> = "application/pdf"),
        )),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 422, response = crate::docs::ValidationFailed),
        (status = 503, response = crate::docs::ServiceUnavailable),
))]
#[get("/volunteers/{id}/certificate")]
pub async fn get_certificate(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    id: web::Path<i64>,
    query: crate::extract::Query<CertificateQuery>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let wants_pdf = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/pdf"));
    let format = query.format.unwrap_or(if wants_pdf {
        CertificateFormat::Pdf
    } else {
        CertificateFormat::Html
    });
    let base = state.certificates.public_url.clone().unwrap_or_else(|| {
        let info = req.connection_info();
        format!("{}://{}", info.scheme(), info.host())
    });
    let certificate = crate::db::run(&state, move |conn| {
        let (v, totals, issued) = issue_for(conn, &user, id)?;
        Ok(Certificate {
            issuer: issuer(conn)?,
            volunteer_name: v.real_name,
            volunteer_number: v.number,
            id_number_masked: v.id_number_mask,
            total_hours: totals.quarters as f64 / 4.0,
            records: totals.counted,
            period: totals
                .first_served
                .zip(totals.last_served)
                .map(|(a, b)| (chinese_date(a), chinese_date(b))),
            by_year: totals
                .by_year
                .iter()
                .map(|(y, q)| (format!("{y}年"), *q as f64 / 4.0))
                .collect(),
            by_team: hours_by_team(&totals),
            issued_on: chinese_date(issued.issued_on),
            verify_url: format!("{base}/verify/{}", issued.code),
            code: issued.code,
        })
    })
    .await?;
    let mut res = HttpResponse::Ok();
    // Personal data: never kept by shared caches.
    res.insert_header((header::CACHE_CONTROL, "private, no-store"));
    match format {
        CertificateFormat::Html => Ok(res
            .content_type("text/html; charset=utf-8")
            .body(youai_certificate::html(&certificate))),
        CertificateFormat::Pdf => {
            let settings = state.certificates.clone();
            let number = certificate.volunteer_number.clone();
            let bytes = web::block(move || {
                let font = settings.font()?;
                youai_certificate::pdf(&certificate, &font).map_err(ApiError::internal)
            })
            .await
            .map_err(ApiError::internal)??;
            let file: String = number.chars().filter(char::is_ascii_alphanumeric).collect();
            Ok(res
                .content_type("application/pdf")
                .insert_header((
                    header::CONTENT_DISPOSITION,
                    format!("inline; filename=\"certificate-{file}.pdf\""),
                ))
                .body(bytes))
        }
    }
}

/// Issues the volunteer's certificate as of today and answers with what its public page shows
/// (the same as `GET /certificates/{code}`): the volunteer shares `/certificates/{code}` as the
/// certificate's address. For the volunteer and staff in scope; the same totals on the same
/// day give the same code.
#[utoipa::path(tag = "certificates", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Volunteer id")),
    responses(
        (status = 201, description = "证明已签发", body = CertificateCheck),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
))]
#[post("/volunteers/{id}/certificates")]
pub async fn issue_certificate(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let check = crate::db::write(&state, move |conn| {
        let (v, _, issued) = issue_for(conn, &user, id)?;
        Ok(CertificateCheck {
            code: issued.code,
            volunteer_name: mask_name(&v.real_name),
            volunteer_number: v.number,
            total_hours: issued.quarters as f64 / 4.0,
            records: issued.records,
            first_served: issued.first_served,
            last_served: issued.last_served,
            issued_on: issued.issued_on,
            issuer: issuer(conn)?,
            current: true,
        })
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/certificates/{}", check.code),
        ))
        .json(check))
}

/// Checks a certificate's verification code (public): what it certified, with the name
/// masked, and whether the volunteer's totals are still the same. Any case; dashes optional.
#[utoipa::path(tag = "certificates",
    params(("code" = String, Path, description = "The verification code, e.g. 7KQ3-MX9P-T2WD")),
    responses(
        (status = 200, description = "证明属实", body = CertificateCheck),
        (status = 400, response = crate::docs::BadRequest),
        (status = 404, response = crate::docs::NotFound),
))]
#[get("/certificates/{code}")]
pub async fn verify_certificate(
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let not_found = || {
        ApiError::new(
            actix_web::http::StatusCode::NOT_FOUND,
            "certificate_not_found",
            "没有这个验证码的证明：请核对验证码",
        )
    };
    let code = normalize_code(&code).ok_or_else(not_found)?;
    let check = crate::db::run(&state, move |conn| {
        let c = cdb::find_by_code(conn, &code)?.ok_or_else(not_found)?;
        let v = volunteers::find(conn, c.volunteer_id)?.ok_or_else(not_found)?;
        let now = ServiceTotals::of(conn, c.volunteer_id)?;
        Ok(CertificateCheck {
            code: c.code,
            volunteer_name: mask_name(&v.real_name),
            volunteer_number: v.number,
            total_hours: c.quarters as f64 / 4.0,
            records: c.records,
            first_served: c.first_served,
            last_served: c.last_served,
            issued_on: c.issued_on,
            issuer: issuer(conn)?,
            current: now.quarters == c.quarters && now.counted == c.records,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(check))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_their_ends() {
        assert_eq!(mask_name("王秀英"), "王*英");
        assert_eq!(mask_name("李明"), "李*");
        assert_eq!(mask_name("欧阳娜娜"), "欧**娜");
        assert_eq!(mask_name("张"), "张");
    }
}
