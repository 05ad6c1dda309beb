//! Bulk import of volunteers and teams from CSV (UTF-8 with or without BOM, or GBK as common
//! spreadsheet programs export it). All rows are written or none: any bad cell answers 422 with
//! every row error, and nothing is stored.

use std::collections::{HashMap, HashSet};

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use futures_util::StreamExt;
use youai_db::teams::TeamFields;
use youai_db::{DbConn, areas, skills, teams, volunteers};
use youai_domain::access::{Action, Target};
use youai_domain::csv_import::{self, Row, Table, row_error};
use youai_domain::idcard;
use youai_domain::validate::{Errors, is_mobile_phone};
use youai_types::{Gender, ImportReport, RowError, Slot, TeamKind, TeamStatus};

use crate::auth::{AuthUser, authorize};
use crate::error::{ApiError, ApiResult};
use crate::services::volunteers::{check_profile, protect};
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
    let table = csv_import::parse(&text).map_err(|e| rows_failed(vec![e.to_row_error()]))?;
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
    let bad: Vec<RowError> = table
        .rows
        .iter()
        .flat_map(|r| {
            r.cells
                .iter()
                .zip(&table.headers)
                .filter(|(cell, _)| cell.chars().any(crate::extract::is_forbidden_char))
                .map(|(_, header)| {
                    row_error(
                        r.number,
                        header.as_str(),
                        "control_character",
                        "不能含有控制字符（如 U+0000）",
                    )
                })
        })
        .take(100)
        .collect();
    if !bad.is_empty() {
        return Err(rows_failed(bad));
    }
    Ok(table)
}

/// 422 listing every bad cell.
fn rows_failed(mut errors: Vec<RowError>) -> ApiError {
    errors.sort_by_key(|e| e.row);
    let mut e = ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "import_rejected",
        format!("{} 处错误，未导入任何数据", errors.len()),
    );
    e.row_errors = errors;
    e
}

/// A column by any of its names (Chinese or English).
fn column(table: &Table, names: &[&str]) -> Option<usize> {
    names.iter().find_map(|n| table.column(n))
}

fn required_columns(table: &Table, wanted: &[&[&str]]) -> ApiResult<Vec<usize>> {
    let mut missing = Vec::new();
    let mut found = Vec::new();
    for names in wanted {
        match column(table, names) {
            Some(i) => found.push(i),
            None => missing.push(row_error(
                1,
                names.first().copied().unwrap_or_default(),
                "missing_column",
                format!("缺少列：{}", names.join(" / ")),
            )),
        }
    }
    if missing.is_empty() {
        Ok(found)
    } else {
        Err(rows_failed(missing))
    }
}

/// Areas by name (names repeat across towns) and by id.
type AreaIndex = (HashMap<String, Vec<areas::Area>>, HashMap<i64, areas::Area>);

/// Resolves an area cell (a name, unique in the city, or an id) within the caller's scope.
fn area_lookup(conn: &mut DbConn) -> ApiResult<AreaIndex> {
    let all = areas::subtree(conn, "/")?;
    let mut by_name: HashMap<String, Vec<areas::Area>> = HashMap::new();
    let mut by_id = HashMap::new();
    for a in all {
        by_name.entry(a.name.clone()).or_default().push(a.clone());
        by_id.insert(a.id, a);
    }
    Ok((by_name, by_id))
}

fn resolve_area<'a>(
    cell: &str,
    by_name: &'a HashMap<String, Vec<areas::Area>>,
    by_id: &'a HashMap<i64, areas::Area>,
) -> Result<&'a areas::Area, (&'static str, String)> {
    if let Ok(id) = cell.parse::<i64>() {
        return by_id
            .get(&id)
            .ok_or(("not_found", format!("区域 {id} 不存在")));
    }
    match by_name.get(cell).map(Vec::as_slice) {
        Some([one]) => Ok(one),
        Some([]) | None => Err(("not_found", format!("区域「{cell}」不存在"))),
        Some(_) => Err((
            "ambiguous",
            format!("有多个名为「{cell}」的区域，请填写区域编号"),
        )),
    }
}

fn parse_gender(cell: &str) -> Option<Gender> {
    match cell {
        "男" | "male" | "M" | "m" => Some(Gender::Male),
        "女" | "female" | "F" | "f" => Some(Gender::Female),
        _ => None,
    }
}

/// `2001-05-01`, `2001/5/1` or `20010501`.
fn parse_date(cell: &str) -> Option<chrono::NaiveDate> {
    let s = cell.replace('/', "-");
    chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d")
        .ok()
        .or_else(|| chrono::NaiveDate::parse_from_str(cell, "%Y%m%d").ok())
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
    let roles = youai_domain::access::roles_for(Action::Import);
    if !user.grants.iter().any(|g| roles.contains(&g.role)) {
        return Err(ApiError::forbidden());
    }
    let table = read_upload(&http, payload).await?;
    let cols = required_columns(
        &table,
        &[
            &["姓名", "real_name"],
            &["手机号", "phone"],
            &["性别", "gender"],
            &["出生日期", "birth_date"],
            &["所属区域", "area"],
        ],
    )?;
    let optional = |names: &[&str]| column(&table, names);
    let (c_skills, c_id, c_gname, c_gphone) = (
        optional(&["技能", "skills"]),
        optional(&["身份证号", "id_number"]),
        optional(&["监护人", "guardian_name"]),
        optional(&["监护人电话", "guardian_phone"]),
    );
    let st = state.clone();
    let imported = crate::db::write(&state, move |conn| {
        let (by_name, by_id) = area_lookup(conn)?;
        let skill_names: HashMap<String, i64> = skills::all(conn)?
            .into_iter()
            .map(|s| (s.name, s.id))
            .collect();
        let mut errors = Vec::new();
        let mut rows: Vec<(volunteers::NewVolunteer, Vec<i64>)> =
            Vec::with_capacity(table.rows.len());
        let mut phones_seen = HashSet::new();
        let mut ids_seen = HashSet::new();
        let header = |i: usize| table.headers.get(i).cloned().unwrap_or_default();
        for row in &table.rows {
            let before = errors.len();
            let cell = |i: usize| row.cell(i).to_owned();
            let [c_name, c_phone, c_gender, c_birth, c_area] = cols.as_slice() else {
                return Err(ApiError::internal("columns"));
            };
            let mut err = |col: usize, code: &str, msg: String| {
                errors.push(row_error(row.number, header(col), code, msg))
            };
            let phone = cell(*c_phone);
            if !is_mobile_phone(&phone) {
                err(
                    *c_phone,
                    "invalid_phone",
                    "手机号须为 11 位中国大陆手机号".into(),
                );
            } else if !phones_seen.insert(phone.clone()) {
                err(*c_phone, "duplicate_in_file", "文件中手机号重复".into());
            }
            let gender = parse_gender(row.cell(*c_gender));
            if gender.is_none() {
                err(*c_gender, "invalid_gender", "性别须为 男 或 女".into());
            }
            let birth = parse_date(row.cell(*c_birth));
            if birth.is_none() {
                err(
                    *c_birth,
                    "invalid_date",
                    "出生日期格式须为 YYYY-MM-DD".into(),
                );
            }
            let area = match resolve_area(row.cell(*c_area), &by_name, &by_id) {
                Ok(a) => {
                    if authorize(&user, Action::Import, &Target::Area(&a.path)).is_err() {
                        err(*c_area, "out_of_scope", "不在你管理的区域内".into());
                    }
                    Some(a.id)
                }
                Err((code, msg)) => {
                    err(*c_area, code, msg);
                    None
                }
            };
            let mut skill_ids = Vec::new();
            if let Some(c) = c_skills {
                for name in row
                    .cell(c)
                    .split(['、', ';', '；', ',', '，', '|'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                {
                    match skill_names.get(name) {
                        Some(id) => skill_ids.push(*id),
                        None => err(c, "unknown_skill", format!("技能「{name}」不在技能表中")),
                    }
                }
                skill_ids.sort_unstable();
                skill_ids.dedup();
            }
            let id_number = c_id.map(&cell).filter(|s| !s.is_empty());
            let (gname, gphone) = (
                c_gname.map(&cell).filter(|s| !s.is_empty()),
                c_gphone.map(&cell).filter(|s| !s.is_empty()),
            );
            if let (Some(gender), Some(birth)) = (gender, birth) {
                let checked = check_profile(
                    &cell(*c_name),
                    gender,
                    birth,
                    id_number.as_deref(),
                    gname.as_deref(),
                    gphone.as_deref(),
                    &[] as &[Slot],
                    true,
                    &[],
                );
                match checked {
                    Err(field_errors) => {
                        for fe in field_errors {
                            let col = match fe.field.as_str() {
                                "real_name" => Some(*c_name),
                                "birth_date" => Some(*c_birth),
                                "gender" => Some(*c_gender),
                                "id_number" => c_id,
                                "guardian_name" => c_gname,
                                "guardian_phone" => c_gphone,
                                _ => None,
                            };
                            errors.push(row_error(
                                row.number,
                                col.map(header).unwrap_or(fe.field),
                                fe.code,
                                fe.message,
                            ));
                        }
                    }
                    Ok(ok) if errors.len() == before => {
                        if let Some(id) = &ok.id_number
                            && !ids_seen.insert(id.as_str().to_owned())
                        {
                            errors.push(row_error(
                                row.number,
                                c_id.map(header).unwrap_or_default(),
                                "duplicate_in_file",
                                "文件中身份证号重复",
                            ));
                            continue;
                        }
                        let (enc, hash, mask) = protect(&st, ok.id_number.as_ref())?;
                        let minor = idcard::age_on(birth, crate::clock::city_today())
                            < crate::services::volunteers::ADULT_AGE;
                        rows.push((
                            volunteers::NewVolunteer {
                                user_id: None,
                                real_name: cell(*c_name),
                                phone,
                                gender,
                                birth_date: birth,
                                area_id: area.unwrap_or_default(),
                                id_number_enc: enc,
                                id_number_hash: hash,
                                id_number_mask: mask,
                                guardian_name: gname.filter(|_| minor),
                                guardian_phone: gphone.filter(|_| minor),
                                availability: "[]".into(),
                            },
                            skill_ids,
                        ));
                    }
                    Ok(_) => {}
                }
            }
        }
        // Against what is already stored: phones and ID numbers must be new.
        let phones: Vec<String> = rows.iter().map(|(v, _)| v.phone.clone()).collect();
        let taken: HashSet<String> = volunteers::phones_taken(conn, &phones)?
            .into_iter()
            .collect();
        let row_of_phone: HashMap<&str, usize> = table
            .rows
            .iter()
            .zip(0..)
            .filter_map(|(r, _)| cols.get(1).map(|c| (r.cell(*c), r.number)))
            .collect();
        for p in &taken {
            let n = row_of_phone.get(p.as_str()).copied().unwrap_or(0);
            errors.push(row_error(
                n,
                cols.get(1).map(|c| header(*c)).unwrap_or_default(),
                "phone_taken",
                "该手机号已登记为志愿者",
            ));
        }
        for (v, _) in &rows {
            if let Some(h) = &v.id_number_hash
                && volunteers::id_number_taken(conn, h, None)?
            {
                let n = row_of_phone.get(v.phone.as_str()).copied().unwrap_or(0);
                errors.push(row_error(
                    n,
                    c_id.map(header).unwrap_or_default(),
                    "id_number_taken",
                    "该身份证号已登记为志愿者",
                ));
            }
        }
        if !errors.is_empty() {
            return Err(rows_failed(errors));
        }
        let (new_rows, skill_sets): (Vec<_>, Vec<_>) = rows.into_iter().unzip();
        let ids = volunteers::insert_many(conn, &new_rows)?;
        let skills_by_phone: HashMap<&str, &Vec<i64>> = new_rows
            .iter()
            .map(|v| v.phone.as_str())
            .zip(skill_sets.iter())
            .collect();
        let pairs: Vec<(i64, i64)> = ids
            .iter()
            .flat_map(|(id, phone)| {
                skills_by_phone
                    .get(phone.as_str())
                    .into_iter()
                    .flat_map(|s| s.iter())
                    .map(move |s| (*id, *s))
            })
            .collect();
        skills::insert_volunteer_skills(conn, &pairs)?;
        crate::audit::record(
            conn,
            &user,
            "import.volunteers",
            "volunteers",
            "bulk",
            None,
            Some(serde_json::json!({"imported": ids.len(), "first_id": ids.first().map(|(id, _)| id), "last_id": ids.last().map(|(id, _)| id)})),
        )?;
        Ok(ids.len())
    })
    .await?;
    Ok(HttpResponse::Created().json(ImportReport { imported }))
}

fn kind_of(cell: &str) -> Option<TeamKind> {
    TeamKind::parse(cell).or(match cell {
        "市级总队" => Some(TeamKind::CityCorps),
        "镇级支队" => Some(TeamKind::TownDetachment),
        "行业支队" => Some(TeamKind::IndustryDetachment),
        "小分队" => Some(TeamKind::Squad),
        "村（社区）服务队" | "村(社区)服务队" | "社区服务队" | "村服务队" => {
            Some(TeamKind::CommunityTeam)
        }
        "实践点服务队" => Some(TeamKind::PointTeam),
        "社会志愿服务团队" | "社会团队" => Some(TeamKind::SocialTeam),
        _ => None,
    })
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
    let roles = youai_domain::access::roles_for(Action::Import);
    if !user.grants.iter().any(|g| roles.contains(&g.role)) {
        return Err(ApiError::forbidden());
    }
    let table = read_upload(&http, payload).await?;
    let cols = required_columns(
        &table,
        &[
            &["名称", "name"],
            &["类型", "kind"],
            &["上级队伍", "parent"],
            &["所属区域", "area"],
        ],
    )?;
    let optional = |names: &[&str]| column(&table, names);
    let (c_spec, c_desc, c_cname, c_cphone) = (
        optional(&["专长", "specialty"]),
        optional(&["简介", "description"]),
        optional(&["联系人", "contact_name"]),
        optional(&["联系电话", "contact_phone"]),
    );
    let imported = crate::db::write(&state, move |conn| {
        let (by_name, by_id) = area_lookup(conn)?;
        let header = |i: usize| table.headers.get(i).cloned().unwrap_or_default();
        let [c_name, c_kind, c_parent, c_area] = cols.as_slice() else {
            return Err(ApiError::internal("columns"));
        };
        let mut errors = Vec::new();
        let mut count = 0;
        // Rows may name parents defined earlier in the file: insert in order, then roll back
        // the whole transaction if any row failed.
        for row in &table.rows {
            if let Err(mut row_errors) = import_team_row(
                conn,
                &user,
                row,
                (*c_name, *c_kind, *c_parent, *c_area),
                (c_spec, c_desc, c_cname, c_cphone),
                &header,
                &by_name,
                &by_id,
            ) {
                errors.append(&mut row_errors);
            } else {
                count += 1;
            }
        }
        if errors.is_empty() {
            crate::audit::record(
                conn,
                &user,
                "import.teams",
                "teams",
                "bulk",
                None,
                Some(serde_json::json!({"imported": count})),
            )?;
            Ok(count)
        } else {
            Err(rows_failed(errors))
        }
    })
    .await?;
    Ok(HttpResponse::Created().json(ImportReport { imported }))
}

#[allow(clippy::too_many_arguments)]
fn import_team_row(
    conn: &mut DbConn,
    user: &AuthUser,
    row: &Row,
    (c_name, c_kind, c_parent, c_area): (usize, usize, usize, usize),
    (c_spec, c_desc, c_cname, c_cphone): (
        Option<usize>,
        Option<usize>,
        Option<usize>,
        Option<usize>,
    ),
    header: &dyn Fn(usize) -> String,
    by_name: &HashMap<String, Vec<areas::Area>>,
    by_id: &HashMap<i64, areas::Area>,
) -> Result<(), Vec<RowError>> {
    let fail =
        |col: usize, code: &str, msg: String| vec![row_error(row.number, header(col), code, msg)];
    let db = |e: diesel::result::Error| {
        vec![row_error(
            row.number,
            String::new(),
            "database_error",
            e.to_string(),
        )]
    };
    let kind = kind_of(row.cell(c_kind)).ok_or_else(|| {
        fail(
            c_kind,
            "invalid_kind",
            format!("未知的队伍类型「{}」", row.cell(c_kind)),
        )
    })?;
    let area = resolve_area(row.cell(c_area), by_name, by_id)
        .map_err(|(code, msg)| fail(c_area, code, msg))?;
    if authorize(user, Action::Import, &Target::Area(&area.path)).is_err() {
        return Err(fail(c_area, "out_of_scope", "不在你管理的区域内".into()));
    }
    let parent_name = row.cell(c_parent);
    let parent = if parent_name.is_empty() {
        None
    } else {
        let found = teams::find_by_name(conn, parent_name).map_err(db)?;
        let p = found.ok_or_else(|| {
            fail(
                c_parent,
                "not_found",
                format!("上级队伍「{parent_name}」不存在"),
            )
        })?;
        if p.status != TeamStatus::Approved {
            return Err(fail(
                c_parent,
                "parent_not_approved",
                "上级队伍尚未通过审核".into(),
            ));
        }
        Some(p)
    };
    let opt = |c: Option<usize>| c.map(|c| row.cell(c).to_owned()).filter(|s| !s.is_empty());
    let fields = TeamFields {
        parent_id: parent.as_ref().map(|p| p.id),
        kind,
        name: row.cell(c_name).to_owned(),
        area_id: area.id,
        specialty: opt(c_spec),
        description: opt(c_desc),
        contact_name: opt(c_cname),
        contact_phone: opt(c_cphone),
        logo_url: None,
    };
    let mut e = Errors::default();
    youai_domain::teams::check_fields(
        &mut e,
        &fields.name,
        fields.specialty.as_deref(),
        fields.description.as_deref(),
        fields.contact_name.as_deref(),
        fields.contact_phone.as_deref(),
        None,
    );
    let parent_kind = parent.as_ref().map(|p| (p.kind, p.path.as_str()));
    if let Err(fe) = youai_domain::teams::check_shape(kind, fields.parent_id, parent_kind, None) {
        e.0.push(fe);
    }
    if !e.0.is_empty() {
        let col_of = |field: &str| match field {
            "name" => header(c_name),
            "parent_id" => header(c_parent),
            "specialty" => c_spec.map(header).unwrap_or_default(),
            "description" => c_desc.map(header).unwrap_or_default(),
            "contact_name" => c_cname.map(header).unwrap_or_default(),
            "contact_phone" => c_cphone.map(header).unwrap_or_default(),
            other => other.to_owned(),
        };
        return Err(e
            .0
            .into_iter()
            .map(|fe| row_error(row.number, col_of(&fe.field), fe.code, fe.message))
            .collect());
    }
    if teams::name_taken(conn, &fields.name, None).map_err(db)? {
        return Err(fail(
            c_name,
            "team_name_taken",
            format!("已有名为「{}」的队伍", fields.name),
        ));
    }
    let t = teams::insert(
        conn,
        &fields,
        parent.as_ref().map(|p| p.path.as_str()),
        TeamStatus::Approved,
        Some(user.id),
    )
    .map_err(db)?;
    teams::record_decision(
        conn,
        t.id,
        "import",
        None,
        TeamStatus::Approved,
        None,
        Some(user.id),
    )
    .map_err(db)?;
    Ok(())
}
