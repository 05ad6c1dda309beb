//! The needs list (群众需求清单): intake, following a need by its code, triage, merging,
//! withdrawal, evaluation, and the categories.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use serde::Deserialize;
use utoipa::IntoParams;
use youai_db::needs::intake::{self, NeedFilter};
use youai_db::needs::{self as db};
use youai_db::{DbConn, areas};
use youai_domain::access::{Action, Target};
use youai_domain::needs as rules;
use youai_domain::validate::Errors;
use youai_types::{
    Need, NeedCategory, NeedChannel, NeedEvaluation, NeedFollow, NeedIntake, NeedMerge, NeedReview,
    NeedStatus, NewNeed, NewNeedCategory, Page, SimilarNeed,
};

use crate::auth::{AuthUser, authorize};
use crate::caller::optional_user;
use crate::error::{ApiError, ApiResult};
use crate::listing::{ListSort, page_request, text_query};
use crate::services::needs as service;
use crate::state::AppState;
use crate::views::needs as view;

/// One need for the caller, with its names.
fn render(conn: &mut DbConn, n: db::Need, user: Option<&AuthUser>) -> ApiResult<Need> {
    let names = intake::names(conn, std::slice::from_ref(&n))?;
    Ok(view::need(n, &names, user))
}

/// Submit a need: a resident's own (channel `web`, `app`, `wechat_oa` or `kiosk`; the contact
/// defaults to the account's), or one recorded on a resident's behalf by staff or a grid
/// worker of the village (`on_behalf`, or a visit or group channel — 403 for anyone else).
/// The answer proposes the similar open needs of the village.
#[utoipa::path(tag = "needs", security(("bearer" = [])), request_body = NewNeed, responses(
    (status = 201, description = "已提交；附同村相似的在办需求", body = NeedIntake, headers(("Location" = String))),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/needs")]
pub async fn create_need(
    state: web::Data<AppState>,
    user: AuthUser,
    body: crate::extract::Json<NewNeed>,
) -> ApiResult<HttpResponse> {
    let n = body.into_inner();
    let intake = crate::db::write(&state, move |conn| {
        let (need, similar) = service::submit(conn, &user, n)?;
        let need = render(conn, need, Some(&user))?;
        Ok(NeedIntake { need, similar })
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/needs/{}", intake.need.id),
        ))
        .json(intake))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SimilarQuery {
    /// The village.
    pub area_id: i64,
    pub title: String,
    pub description: Option<String>,
}

/// The open needs of a village like the one being written (for the form, before submitting).
#[utoipa::path(tag = "needs", params(SimilarQuery), responses(
    (status = 200, description = "相似的在办需求，最相似的在前", body = Vec<SimilarNeed>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/needs/similar")]
pub async fn list_similar_needs(
    state: web::Data<AppState>,
    query: crate::extract::Query<SimilarQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let mut e = Errors::default();
    e.text("title", &q.title, 1, 100);
    e.optional_text("description", q.description.as_deref(), 2000);
    e.into_result().map_err(ApiError::validation)?;
    let items = crate::db::run(&state, move |conn| {
        let text = rules::need_text(q.title.trim(), q.description.as_deref());
        service::similar(conn, q.area_id, &text, None)
    })
    .await?;
    Ok(HttpResponse::Ok().json(items))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NeedListQuery {
    pub status: Option<NeedStatus>,
    pub category_id: Option<i64>,
    pub channel: Option<NeedChannel>,
    /// Needs in this area's subtree.
    pub within: Option<i64>,
    /// `true`: only the needs the caller submitted (sign in).
    pub mine: Option<bool>,
    /// Text in the title or description.
    pub q: Option<String>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
    /// `id` (oldest first, default) or `-id` (newest first).
    pub sort: Option<ListSort>,
}

/// List needs: anonymised for the public; staff in scope see contacts; `mine=true` lists the
/// caller's own.
#[utoipa::path(tag = "needs", params(NeedListQuery), responses(
    (status = 200, description = "一页需求", body = Page<Need>),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[get("/needs")]
pub async fn list_needs(
    state: web::Data<AppState>,
    http: HttpRequest,
    query: crate::extract::Query<NeedListQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.into_inner();
    let sort = match query.sort {
        Some(ListSort::IdDesc | ListSort::NameDesc) => ListSort::IdDesc,
        _ => ListSort::Id,
    };
    let page = page_request(query.limit, query.cursor.as_deref(), Some(sort))?;
    let q = text_query(query.q.as_deref())?;
    let user = optional_user(&http).await?;
    let mine = query.mine.unwrap_or(false);
    if mine && user.is_none() {
        return Err(ApiError::unauthorized(
            "missing_token",
            "查看自己的需求须先登录",
        ));
    }
    let req = page.clone();
    let me = user.as_ref().map(|u| u.id);
    let (rows, names) = crate::db::run(&state, move |conn| {
        let within_path = match query.within {
            Some(id) => Some(
                areas::find(conn, id)?
                    .ok_or_else(|| ApiError::field("within", "not_found", "区域不存在"))?
                    .path,
            ),
            None => None,
        };
        let filter = NeedFilter {
            statuses: query.status.into_iter().collect(),
            category_id: query.category_id,
            channel: query.channel,
            within_path,
            submitted_by: if mine { me } else { None },
            q,
        };
        let rows = intake::list(
            conn,
            &filter,
            req.after.as_ref().map(|a| a.id),
            req.sort.descending,
            req.limit,
        )?;
        let names = intake::names(conn, &rows)?;
        Ok((rows, names))
    })
    .await?;
    Ok(HttpResponse::Ok().json(page.page(
        rows,
        |n| (n.id, n.title.as_str()),
        |n| view::need(n, &names, user.as_ref()),
    )))
}

/// One need (its contact only for staff in scope and its submitter).
#[utoipa::path(tag = "needs", params(("id" = i64, Path, description = "Need id")), responses(
    (status = 200, description = "需求", body = Need),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/needs/{id}")]
pub async fn get_need(
    state: web::Data<AppState>,
    http: HttpRequest,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let user = optional_user(&http).await?;
    let n = crate::db::run(&state, move |conn| {
        let n = service::find(conn, id)?;
        render(conn, n, user.as_ref())
    })
    .await?;
    Ok(HttpResponse::Ok().json(n))
}

/// Follow a need by its public code: the need anonymised (the reject reason shown) and its steps.
#[utoipa::path(tag = "needs", params(("code" = String, Path, description = "The need's public code, e.g. XQ7K3M9P")), responses(
    (status = 200, description = "需求及其进展", body = NeedFollow),
    (status = 400, response = crate::docs::BadRequest),
    (status = 404, response = crate::docs::NotFound),
))]
#[get("/needs/by-code/{code}")]
pub async fn get_need_by_code(
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let code =
        rules::normalise_code(&code.into_inner()).ok_or_else(|| ApiError::not_found("需求"))?;
    let follow = crate::db::run(&state, move |conn| {
        let n = db::find_by_code(conn, &code)?.ok_or_else(|| ApiError::not_found("需求"))?;
        let steps = db::events(conn, n.id)?
            .into_iter()
            .map(view::step)
            .collect();
        Ok(NeedFollow {
            need: render(conn, n, None)?,
            steps,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(follow))
}

/// A triage step by the review group of the need's village or above: `start_review`, `accept`
/// (optionally at a `rank`), `reject` (a `reason` is required and shown to the submitter), or
/// `rank` an accepted need (1 = most urgent; the others move to keep ranks 1..n). `reviewers`
/// names the group present. An illegal move is 409 with the `state` and the moves `allowed`.
#[utoipa::path(tag = "needs", security(("bearer" = [])), request_body = NeedReview,
    params(("id" = i64, Path, description = "Need id")),
    responses(
        (status = 200, description = "需求的新状态", body = Need),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/needs/{id}/review")]
pub async fn review_need(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<NeedReview>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let r = body.into_inner();
    let n = crate::db::write(&state, move |conn| {
        let n = service::review(conn, &user, id, r)?;
        render(conn, n, Some(&user))
    })
    .await?;
    Ok(HttpResponse::Ok().json(n))
}

/// Merge a duplicate into another open need of the same village (staff of its area): the
/// duplicate becomes `merged`, the other gains its supporters. Answers the need merged into.
#[utoipa::path(tag = "needs", security(("bearer" = [])), request_body = NeedMerge,
    params(("id" = i64, Path, description = "The duplicate's id")),
    responses(
        (status = 200, description = "合并后的需求（支持人数已增加）", body = Need),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/needs/{id}/merge")]
pub async fn merge_need(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<NeedMerge>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let m = body.into_inner();
    let n = crate::db::write(&state, move |conn| {
        let n = service::merge(conn, &user, id, m)?;
        render(conn, n, Some(&user))
    })
    .await?;
    Ok(HttpResponse::Ok().json(n))
}

/// The submitter withdraws their need (while submitted, under review or accepted).
#[utoipa::path(tag = "needs", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Need id")),
    responses(
        (status = 200, description = "已撤回", body = Need),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
))]
#[post("/needs/{id}/withdraw")]
pub async fn withdraw_need(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let n = crate::db::write(&state, move |conn| {
        let n = service::withdraw(conn, &user, id)?;
        render(conn, n, Some(&user))
    })
    .await?;
    Ok(HttpResponse::Ok().json(n))
}

/// The submitter rates a fulfilled need, once (1–5 stars and a comment).
#[utoipa::path(tag = "needs", security(("bearer" = [])), request_body = NeedEvaluation,
    params(("id" = i64, Path, description = "Need id")),
    responses(
        (status = 200, description = "已评价", body = Need),
        (status = 400, response = crate::docs::BadRequest),
        (status = 401, response = crate::docs::Unauthorized),
        (status = 403, response = crate::docs::Forbidden),
        (status = 404, response = crate::docs::NotFound),
        (status = 409, response = crate::docs::Conflict),
        (status = 413, response = crate::docs::PayloadTooLarge),
        (status = 415, response = crate::docs::UnsupportedMediaType),
        (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/needs/{id}/evaluation")]
pub async fn evaluate_need(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: crate::extract::Json<NeedEvaluation>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let ev = body.into_inner();
    let n = crate::db::write(&state, move |conn| {
        let n = service::evaluate(conn, &user, id, ev)?;
        render(conn, n, Some(&user))
    })
    .await?;
    Ok(HttpResponse::Ok().json(n))
}

/// The needs categories (a managed vocabulary).
#[utoipa::path(tag = "needs", responses((status = 200, description = "需求类别", body = Vec<NeedCategory>)))]
#[get("/need-categories")]
pub async fn list_need_categories(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let items = crate::db::run(&state, |conn| {
        Ok(db::categories(conn)?
            .into_iter()
            .map(view::category)
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(items))
}

/// Add a needs category (platform admins).
#[utoipa::path(tag = "needs", security(("bearer" = [])), request_body = NewNeedCategory, responses(
    (status = 201, description = "已创建", body = NeedCategory),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 409, response = crate::docs::Conflict),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/need-categories")]
pub async fn create_need_category(
    state: web::Data<AppState>,
    user: AuthUser,
    body: crate::extract::Json<NewNeedCategory>,
) -> ApiResult<HttpResponse> {
    authorize(&user, Action::ReviewNeeds, &Target::Platform)?;
    let c = body.into_inner();
    let mut e = Errors::default();
    e.text("name", &c.name, 2, 20);
    e.optional_text("name_en", c.name_en.as_deref(), 60);
    for (i, s) in c.serves.iter().enumerate() {
        e.text(&format!("serves[{i}]"), s, 1, 30);
    }
    e.into_result().map_err(ApiError::validation)?;
    let created = crate::db::write(&state, move |conn| {
        let name = c.name.trim();
        if intake::category_named(conn, name)?.is_some() {
            return Err(ApiError::conflict(
                "need_category_taken",
                format!("需求类别“{name}”已存在"),
            ));
        }
        let serves: Vec<String> = c.serves.iter().map(|s| s.trim().to_owned()).collect();
        let name_en = c.name_en.as_deref().map(str::trim);
        let row = intake::insert_category(conn, name, name_en, &serves, c.sort_order)?;
        crate::audit::record(
            conn,
            &user,
            "need_category.create",
            "need_category",
            row.id,
            None,
            Some(serde_json::json!({"name": row.name})),
        )?;
        Ok(row)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::LOCATION, "/api/v1/need-categories"))
        .json(view::category(created)))
}
