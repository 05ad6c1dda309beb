//! The vocabularies: the managed skills, and the fixed categories and target groups.

use actix_web::{HttpResponse, get, post, web};
use youai_db::skills;
use youai_domain::access::{Action, Target};
use youai_domain::validate::Errors;
use youai_types::vocabulary::Vocabularies;
use youai_types::{NewSkill, Skill};

use crate::auth::{AuthUser, authorize};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Every skill in the vocabulary (a short list: no paging).
#[utoipa::path(tag = "corps", responses((status = 200, description = "技能表", body = Vec<Skill>)))]
#[get("/skills")]
pub async fn list_skills(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let all = crate::db::run(&state, |conn| Ok(skills::all(conn)?)).await?;
    Ok(HttpResponse::Ok().json(
        all.into_iter()
            .map(crate::views::skills::skill)
            .collect::<Vec<_>>(),
    ))
}

/// Add a skill (platform admins).
#[utoipa::path(tag = "corps", security(("bearer" = [])), request_body = NewSkill, responses(
    (status = 201, description = "已添加", body = Skill, headers(("Location" = String), ("ETag" = String))),
    (status = 400, response = crate::docs::BadRequest),
    (status = 401, response = crate::docs::Unauthorized),
    (status = 403, response = crate::docs::Forbidden),
    (status = 409, response = crate::docs::Conflict),
    (status = 413, response = crate::docs::PayloadTooLarge),
    (status = 415, response = crate::docs::UnsupportedMediaType),
    (status = 422, response = crate::docs::ValidationFailed),
))]
#[post("/skills")]
pub async fn create_skill(
    state: web::Data<AppState>,
    user: AuthUser,
    body: crate::extract::Json<NewSkill>,
) -> ApiResult<HttpResponse> {
    authorize(&user, Action::ManageSkills, &Target::Platform)?;
    let new = body.into_inner();
    let mut e = Errors::default();
    if new.code.is_empty()
        || new.code.len() > 40
        || !new
            .code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        e.add(
            "code",
            "invalid_code",
            "code 须为 1–40 个小写字母、数字或下划线",
        );
    }
    e.text("name", &new.name, 1, 30);
    e.optional_text("name_en", new.name_en.as_deref(), 60);
    e.into_result().map_err(ApiError::validation)?;
    let created = crate::db::write(&state, move |conn| {
        if skills::find_by_code_or_name(conn, &new.code, new.name.trim())?.is_some() {
            return Err(crate::constraints::SKILLS_CODE.error());
        }
        let name_en = new.name_en.as_deref().map(str::trim);
        Ok(skills::insert(conn, &new.code, new.name.trim(), name_en)?)
    })
    .await?;
    let s = crate::views::skills::skill(created);
    Ok(crate::etag::created(&s, "/api/v1/skills".to_owned()))
}

/// The fixed vocabularies of projects: categories (suggestions; any text may be searched) and
/// target groups (the only values a project accepts), each term with its English name. Skills
/// and release batches carry their own `name_en`.
#[utoipa::path(tag = "projects", responses(
    (status = 200, description = "项目类别与服务对象（附英文名）", body = Vocabularies),
))]
#[get("/vocabularies")]
pub async fn get_vocabularies() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((
            actix_web::http::header::CACHE_CONTROL,
            "public, max-age=3600",
        ))
        .json(Vocabularies::fixed())
}
