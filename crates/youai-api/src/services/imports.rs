//! Bulk imports of volunteers and teams from a parsed CSV table: all rows are written or none.
//! Each import checks every row (the cell rules are `youai_domain::csv_import`'s, the profile
//! checks the volunteer form's) and answers the created ids or every row error; the caller's
//! transaction is rolled back on any error, so nothing is stored then.

use std::collections::{HashMap, HashSet};

use actix_web::http::StatusCode;
use youai_db::json::Json;
use youai_db::teams::TeamFields;
use youai_db::{DbConn, areas, skills, teams, volunteers};
use youai_domain::access::{Action, Target};
use youai_domain::csv_import::{self as cells, Row, Table, row_error};
use youai_domain::idcard;
use youai_domain::validate::{Errors, is_mobile_phone};
use youai_types::{RowError, Slot, TeamAction, TeamStatus};

use crate::auth::{AuthUser, authorize};
use crate::error::ApiError;
use crate::services::volunteers::{ADULT_AGE, check_profile, protect};
use crate::state::AppState;

/// What an import created.
#[derive(Debug)]
pub struct Imported {
    /// The new rows' ids, in the file's order.
    pub ids: Vec<i64>,
}

/// Why an import stored nothing.
#[derive(Debug)]
pub enum ImportError {
    /// Every bad cell of the file.
    Rows(Vec<RowError>),
    /// Anything else (the database, the data key).
    Api(ApiError),
}

impl From<ApiError> for ImportError {
    fn from(e: ApiError) -> Self {
        ImportError::Api(e)
    }
}

impl From<diesel::result::Error> for ImportError {
    fn from(e: diesel::result::Error) -> Self {
        ImportError::Api(e.into())
    }
}

impl From<ImportError> for ApiError {
    fn from(e: ImportError) -> Self {
        match e {
            ImportError::Rows(rows) => rejected(rows),
            ImportError::Api(e) => e,
        }
    }
}

/// 422 listing every bad cell, by row.
pub fn rejected(mut errors: Vec<RowError>) -> ApiError {
    errors.sort_by_key(|e| e.row);
    let mut e = ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "import_rejected",
        format!("{} 处错误，未导入任何数据", errors.len()),
    );
    e.row_errors = errors.into_boxed_slice();
    e
}

/// Areas by name (names repeat across towns) and by id.
struct AreaIndex {
    by_name: HashMap<String, Vec<areas::Area>>,
    by_id: HashMap<i64, areas::Area>,
}

impl AreaIndex {
    fn load(conn: &mut DbConn) -> Result<Self, ImportError> {
        let mut by_name: HashMap<String, Vec<areas::Area>> = HashMap::new();
        let mut by_id = HashMap::new();
        for a in areas::subtree(conn, "/")? {
            by_name.entry(a.name.clone()).or_default().push(a.clone());
            by_id.insert(a.id, a);
        }
        Ok(AreaIndex { by_name, by_id })
    }

    fn resolve(&self, cell: &str) -> Result<&areas::Area, cells::CellRefusal> {
        cells::resolve_area(cell, &self.by_name, &self.by_id)
    }
}

/// Imports volunteers: every row checked as the volunteer form checks a profile, in the
/// caller's areas, with phones and ID numbers new both in the file and in the database.
pub fn import_volunteers(
    conn: &mut DbConn,
    state: &AppState,
    user: &AuthUser,
    table: &Table,
) -> Result<Imported, ImportError> {
    let cols = table
        .require_any(&cells::VOLUNTEER_COLUMNS)
        .map_err(ImportError::Rows)?;
    let [c_name, c_phone, c_gender, c_birth, c_area] = cols.as_slice() else {
        return Err(ApiError::internal("columns").into());
    };
    let (c_name, c_phone, c_gender, c_birth, c_area) =
        (*c_name, *c_phone, *c_gender, *c_birth, *c_area);
    let c_skills = table.column_of(cells::SKILLS_COLUMN);
    let c_id = table.column_of(cells::ID_NUMBER_COLUMN);
    let c_gname = table.column_of(cells::GUARDIAN_NAME_COLUMN);
    let c_gphone = table.column_of(cells::GUARDIAN_PHONE_COLUMN);
    let header = |i: usize| table.header(i);

    let areas = AreaIndex::load(conn)?;
    let skill_names: HashMap<String, i64> = skills::all(conn)?
        .into_iter()
        .map(|s| (s.name, s.id))
        .collect();
    let today = crate::clock::city_today();
    let mut errors = Vec::new();
    let mut rows: Vec<(volunteers::NewVolunteer, Vec<i64>)> = Vec::with_capacity(table.rows.len());
    let mut phones_seen = HashSet::new();
    let mut ids_seen = HashSet::new();
    for row in &table.rows {
        let before = errors.len();
        let cell = |i: usize| row.cell(i).to_owned();
        let mut err = |col: usize, code: &str, msg: String| {
            errors.push(row_error(row.number, header(col), code, msg))
        };
        let phone = cell(c_phone);
        if !is_mobile_phone(&phone) {
            err(
                c_phone,
                "invalid_phone",
                "手机号须为 11 位中国大陆手机号".into(),
            );
        } else if !phones_seen.insert(phone.clone()) {
            err(c_phone, "duplicate_in_file", "文件中手机号重复".into());
        }
        let gender = cells::gender(row.cell(c_gender));
        if gender.is_none() {
            err(c_gender, "invalid_gender", "性别须为 男 或 女".into());
        }
        let birth = cells::date(row.cell(c_birth));
        if birth.is_none() {
            err(
                c_birth,
                "invalid_date",
                "出生日期格式须为 YYYY-MM-DD".into(),
            );
        }
        let area = match areas.resolve(row.cell(c_area)) {
            Ok(a) => {
                if authorize(user, Action::Import, &Target::Area(&a.path)).is_err() {
                    err(c_area, "out_of_scope", "不在你管理的区域内".into());
                }
                Some(a.id)
            }
            Err((code, msg)) => {
                err(c_area, code, msg);
                None
            }
        };
        let mut skill_ids = Vec::new();
        if let Some(c) = c_skills {
            for name in cells::skill_names(row.cell(c)) {
                match skill_names.get(name) {
                    Some(id) => skill_ids.push(*id),
                    None => err(c, "unknown_skill", format!("技能「{name}」不在技能表中")),
                }
            }
            skill_ids.sort_unstable();
            skill_ids.dedup();
        }
        let filled = |c: Option<usize>| c.map(&cell).filter(|s| !s.is_empty());
        let (id_number, gname, gphone) = (filled(c_id), filled(c_gname), filled(c_gphone));
        let (Some(gender), Some(birth)) = (gender, birth) else {
            continue;
        };
        let checked = check_profile(
            &cell(c_name),
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
                        "real_name" => Some(c_name),
                        "birth_date" => Some(c_birth),
                        "gender" => Some(c_gender),
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
                let (enc, hash, mask) = protect(state, ok.id_number.as_ref())?;
                let (guardian_name, guardian_phone) =
                    cells::guardian_kept(idcard::age_on(birth, today), ADULT_AGE, gname, gphone);
                rows.push((
                    volunteers::NewVolunteer {
                        user_id: None,
                        real_name: cell(c_name),
                        phone,
                        gender,
                        birth_date: birth,
                        area_id: area.unwrap_or_default(),
                        id_number_enc: enc,
                        id_number_hash: hash,
                        id_number_mask: mask,
                        guardian_name,
                        guardian_phone,
                        availability: Json(Vec::new()),
                    },
                    skill_ids,
                ));
            }
            Ok(_) => {}
        }
    }
    errors.extend(already_registered(conn, table, &rows, c_phone, c_id)?);
    if !errors.is_empty() {
        return Err(ImportError::Rows(errors));
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
        user,
        "import.volunteers",
        "volunteers",
        "bulk",
        None,
        Some(
            serde_json::json!({"imported": ids.len(), "first_id": ids.first().map(|(id, _)| id), "last_id": ids.last().map(|(id, _)| id)}),
        ),
    )?;
    Ok(Imported {
        ids: ids.into_iter().map(|(id, _)| id).collect(),
    })
}

/// The rows whose phone or ID number is already a volunteer's.
fn already_registered(
    conn: &mut DbConn,
    table: &Table,
    rows: &[(volunteers::NewVolunteer, Vec<i64>)],
    c_phone: usize,
    c_id: Option<usize>,
) -> Result<Vec<RowError>, ImportError> {
    let mut errors = Vec::new();
    let phones: Vec<String> = rows.iter().map(|(v, _)| v.phone.clone()).collect();
    let taken: HashSet<String> = volunteers::phones_taken(conn, &phones)?
        .into_iter()
        .collect();
    let row_of_phone: HashMap<&str, usize> = table
        .rows
        .iter()
        .map(|r| (r.cell(c_phone), r.number))
        .collect();
    for p in &taken {
        let n = row_of_phone.get(p.as_str()).copied().unwrap_or(0);
        errors.push(row_error(
            n,
            table.header(c_phone),
            "phone_taken",
            "该手机号已登记为志愿者",
        ));
    }
    for (v, _) in rows {
        if let Some(h) = &v.id_number_hash
            && volunteers::id_number_taken(conn, h, None)?
        {
            let n = row_of_phone.get(v.phone.as_str()).copied().unwrap_or(0);
            errors.push(row_error(
                n,
                c_id.map(|c| table.header(c)).unwrap_or_default(),
                "id_number_taken",
                "该身份证号已登记为志愿者",
            ));
        }
    }
    Ok(errors)
}

/// Where the team file's columns are.
struct TeamColumns {
    name: usize,
    kind: usize,
    parent: usize,
    area: usize,
    specialty: Option<usize>,
    description: Option<usize>,
    contact_name: Option<usize>,
    contact_phone: Option<usize>,
}

/// Imports official teams, approved at once, in the caller's areas. A row may name as its
/// parent a team of an earlier row: rows are inserted in order, and the caller's transaction
/// is rolled back if any row failed.
pub fn import_teams(
    conn: &mut DbConn,
    user: &AuthUser,
    table: &Table,
) -> Result<Imported, ImportError> {
    let cols = table
        .require_any(&cells::TEAM_COLUMNS)
        .map_err(ImportError::Rows)?;
    let [name, kind, parent, area] = cols.as_slice() else {
        return Err(ApiError::internal("columns").into());
    };
    let cols = TeamColumns {
        name: *name,
        kind: *kind,
        parent: *parent,
        area: *area,
        specialty: table.column_of(cells::SPECIALTY_COLUMN),
        description: table.column_of(cells::DESCRIPTION_COLUMN),
        contact_name: table.column_of(cells::CONTACT_NAME_COLUMN),
        contact_phone: table.column_of(cells::CONTACT_PHONE_COLUMN),
    };
    let areas = AreaIndex::load(conn)?;
    let mut errors = Vec::new();
    let mut ids = Vec::new();
    for row in &table.rows {
        match import_team_row(conn, user, table, row, &cols, &areas) {
            Ok(id) => ids.push(id),
            Err(mut row_errors) => errors.append(&mut row_errors),
        }
    }
    if !errors.is_empty() {
        return Err(ImportError::Rows(errors));
    }
    crate::audit::record(
        conn,
        user,
        "import.teams",
        "teams",
        "bulk",
        None,
        Some(serde_json::json!({"imported": ids.len()})),
    )?;
    Ok(Imported { ids })
}

/// One team row, inserted: its id, or its errors.
fn import_team_row(
    conn: &mut DbConn,
    user: &AuthUser,
    table: &Table,
    row: &Row,
    c: &TeamColumns,
    areas: &AreaIndex,
) -> Result<i64, Vec<RowError>> {
    let header = |i: usize| table.header(i);
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
    let kind = cells::team_kind(row.cell(c.kind)).ok_or_else(|| {
        fail(
            c.kind,
            "invalid_kind",
            format!("未知的队伍类型「{}」", row.cell(c.kind)),
        )
    })?;
    let area = areas
        .resolve(row.cell(c.area))
        .map_err(|(code, msg)| fail(c.area, code, msg))?;
    if authorize(user, Action::Import, &Target::Area(&area.path)).is_err() {
        return Err(fail(c.area, "out_of_scope", "不在你管理的区域内".into()));
    }
    let parent = match cells::parent_name(row.cell(c.parent)) {
        None => None,
        Some(parent_name) => {
            let found = teams::find_by_name(conn, parent_name).map_err(db)?;
            cells::check_parent(parent_name, found.as_ref().map(|p| p.status))
                .map_err(|(code, msg)| fail(c.parent, code, msg))?;
            found
        }
    };
    let opt = |col: Option<usize>| {
        col.map(|i| row.cell(i).to_owned())
            .filter(|s| !s.is_empty())
    };
    let fields = TeamFields {
        parent_id: parent.as_ref().map(|p| p.id),
        kind,
        name: row.cell(c.name).to_owned(),
        area_id: area.id,
        specialty: opt(c.specialty),
        description: opt(c.description),
        contact_name: opt(c.contact_name),
        contact_phone: opt(c.contact_phone),
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
            "name" => header(c.name),
            "parent_id" => header(c.parent),
            "specialty" => c.specialty.map(header).unwrap_or_default(),
            "description" => c.description.map(header).unwrap_or_default(),
            "contact_name" => c.contact_name.map(header).unwrap_or_default(),
            "contact_phone" => c.contact_phone.map(header).unwrap_or_default(),
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
            c.name,
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
        TeamAction::Import,
        None,
        TeamStatus::Approved,
        None,
        Some(user.id),
    )
    .map_err(db)?;
    Ok(t.id)
}
