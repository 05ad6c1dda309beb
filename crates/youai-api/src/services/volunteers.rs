//! A volunteer's profile: registering and changing one, the checks every way of creating or
//! changing one runs (the form, the CSV import), and the protected forms its ID number is stored in.

use chrono::{Datelike, NaiveDate};
use youai_db::json::Json;
use youai_db::{DbConn, areas, skills, users, volunteers};
use youai_domain::idcard;
use youai_domain::validate::{Errors, is_mobile_phone};
use youai_types::{FieldError, Gender, NewVolunteer, Slot, VolunteerPatch};

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

pub const MIN_AGE: u32 = 14;
pub const ADULT_AGE: u32 = 18;

/// The checked, normalised fields of a profile.
pub struct Checked {
    pub id_number: Option<idcard::IdNumber>,
    pub availability: Json<Vec<Slot>>,
}

/// Checks a profile: names, the ID number against the birth date and gender, the age rules,
/// the guardian, the availability. `area_ok` and `unknown_skills` come from the database.
#[allow(clippy::too_many_arguments)]
pub fn check_profile(
    real_name: &str,
    gender: Gender,
    birth_date: NaiveDate,
    id_number: Option<&str>,
    guardian_name: Option<&str>,
    guardian_phone: Option<&str>,
    availability: &[Slot],
    area_ok: bool,
    unknown_skills: &[i64],
) -> Result<Checked, Vec<FieldError>> {
    let mut e = Errors::default();
    e.text("real_name", real_name, 2, 30);
    let today = crate::clock::city_today();
    if birth_date > today || birth_date.year() < 1900 {
        e.add("birth_date", "invalid_birth_date", "出生日期无效");
    }
    let age = idcard::age_on(birth_date, today);
    if birth_date <= today && age < MIN_AGE {
        e.add(
            "birth_date",
            "too_young",
            format!("未满 {MIN_AGE} 周岁不能注册为志愿者"),
        );
    } else if age < ADULT_AGE {
        if guardian_name.is_none_or(|g| g.trim().is_empty()) {
            e.add(
                "guardian_name",
                "guardian_required",
                "14 至 17 周岁的志愿者须登记监护人姓名",
            );
        }
        if !guardian_phone.is_some_and(is_mobile_phone) {
            e.add(
                "guardian_phone",
                "guardian_required",
                "14 至 17 周岁的志愿者须登记监护人手机号",
            );
        }
    }
    e.optional_text("guardian_name", guardian_name, 30);
    let mut parsed = None;
    if let Some(raw) = id_number.filter(|s| !s.trim().is_empty()) {
        match idcard::parse(raw.trim()) {
            Err(err) => e.add("id_number", err.code(), err.message()),
            Ok(id) => {
                if id.birth_date() != birth_date {
                    e.add(
                        "birth_date",
                        "id_number_mismatch",
                        "出生日期与身份证号不一致",
                    );
                }
                if id.gender() != gender {
                    e.add("gender", "id_number_mismatch", "性别与身份证号不一致");
                }
                parsed = Some(id);
            }
        }
    }
    if let Err(errs) = youai_domain::availability::validate(availability) {
        e.0.extend(errs);
    }
    if !area_ok {
        e.add("area_id", "not_found", "所属区域不存在");
    }
    for id in unknown_skills {
        e.add("skill_ids", "unknown_skill", format!("技能 {id} 不存在"));
    }
    e.into_result()?;
    let availability = Json(availability.to_vec());
    Ok(Checked {
        id_number: parsed,
        availability,
    })
}

/// The stored forms of an ID number: ciphertext, keyed hash, masked.
pub fn protect(
    state: &AppState,
    id: Option<&idcard::IdNumber>,
) -> ApiResult<(Option<String>, Option<String>, Option<String>)> {
    match id {
        None => Ok((None, None, None)),
        Some(id) => Ok((
            Some(
                state
                    .data_key
                    .encrypt(id.as_str())
                    .map_err(ApiError::internal)?,
            ),
            Some(
                state
                    .data_key
                    .fingerprint(id.as_str())
                    .map_err(ApiError::internal)?,
            ),
            Some(id.masked()),
        )),
    }
}

/// The requested skills that do not exist.
fn unknown_skills(conn: &mut DbConn, ids: &[i64]) -> ApiResult<Vec<i64>> {
    let found: Vec<i64> = skills::find_many(conn, ids)?
        .into_iter()
        .map(|s| s.id)
        .collect();
    Ok(ids
        .iter()
        .copied()
        .filter(|id| !found.contains(id))
        .collect())
}

/// Registers the signed-in user `user_id` as a volunteer: checks the profile, refuses a second
/// profile, a phone or an ID number already registered, stores the ID number protected, and
/// records the skills. `new.skill_ids` sorted and deduplicated. Call inside a transaction.
pub fn register(
    conn: &mut DbConn,
    state: &AppState,
    user_id: i64,
    new: &NewVolunteer,
) -> ApiResult<volunteers::Volunteer> {
    let area_ok = areas::find(conn, new.area_id)?.is_some();
    let unknown = unknown_skills(conn, &new.skill_ids)?;
    let checked = check_profile(
        &new.real_name,
        new.gender,
        new.birth_date,
        new.id_number.as_deref(),
        new.guardian_name.as_deref(),
        new.guardian_phone.as_deref(),
        &new.availability,
        area_ok,
        &unknown,
    )
    .map_err(ApiError::validation)?;
    if volunteers::find_by_user(conn, user_id)?.is_some() {
        return Err(crate::constraints::VOLUNTEERS_USER.error());
    }
    let account = users::find(conn, user_id)?.ok_or_else(|| ApiError::not_found("用户"))?;
    if volunteers::find_by_phone(conn, &account.phone)?.is_some() {
        return Err(crate::constraints::VOLUNTEERS_PHONE.error());
    }
    let (enc, hash, mask) = protect(state, checked.id_number.as_ref())?;
    if let Some(h) = &hash
        && volunteers::id_number_taken(conn, h, None)?
    {
        return Err(crate::constraints::VOLUNTEERS_ID_NUMBER.error());
    }
    // A guardian only for a minor.
    let minor = idcard::age_on(new.birth_date, crate::clock::city_today()) < ADULT_AGE;
    let row = volunteers::insert(
        conn,
        &volunteers::NewVolunteer {
            user_id: Some(user_id),
            real_name: new.real_name.clone(),
            phone: account.phone,
            gender: new.gender,
            birth_date: new.birth_date,
            area_id: new.area_id,
            id_number_enc: enc,
            id_number_hash: hash,
            id_number_mask: mask,
            guardian_name: new.guardian_name.clone().filter(|_| minor),
            guardian_phone: new.guardian_phone.clone().filter(|_| minor),
            availability: checked.availability,
        },
    )?;
    skills::set_for_volunteer(conn, row.id, &new.skill_ids)?;
    Ok(row)
}

/// Applies a patch to a volunteer's profile: the area, the guardian, the availability, the
/// skills (sorted and deduplicated). The stored ID number is already checked; the rest is
/// re-checked as a whole. Call inside a transaction, after authorizing the caller.
pub fn update(
    conn: &mut DbConn,
    row: &volunteers::Volunteer,
    p: &VolunteerPatch,
) -> ApiResult<volunteers::Volunteer> {
    let area_id = p.area_id.unwrap_or(row.area_id);
    let availability: &[Slot] = p.availability.as_deref().unwrap_or(&row.availability.0);
    let guardian_name = p.guardian_name.clone().or(row.guardian_name.clone());
    let guardian_phone = p.guardian_phone.clone().or(row.guardian_phone.clone());
    let area_ok = areas::find(conn, area_id)?.is_some();
    let unknown = unknown_skills(conn, p.skill_ids.as_deref().unwrap_or_default())?;
    let checked = check_profile(
        &row.real_name,
        row.gender,
        row.birth_date,
        None,
        guardian_name.as_deref(),
        guardian_phone.as_deref(),
        availability,
        area_ok,
        &unknown,
    )
    .map_err(ApiError::validation)?;
    let updated = volunteers::update(
        conn,
        row.id,
        &volunteers::Changes {
            area_id,
            availability: &checked.availability,
            guardian_name: guardian_name.as_deref(),
            guardian_phone: guardian_phone.as_deref(),
        },
    )?;
    if let Some(s) = &p.skill_ids {
        skills::set_for_volunteer(conn, row.id, s)?;
    }
    Ok(updated)
}
