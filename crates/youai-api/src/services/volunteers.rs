//! A volunteer's profile: the checks every way of creating or changing one runs (the form,
//! the CSV import) and the protected forms its ID number is stored in.

use chrono::{Datelike, NaiveDate};
use youai_domain::idcard;
use youai_domain::validate::{Errors, is_mobile_phone};
use youai_types::{FieldError, Gender, Slot};

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

pub const MIN_AGE: u32 = 14;
pub const ADULT_AGE: u32 = 18;

/// The checked, normalised fields of a profile.
pub struct Checked {
    pub id_number: Option<idcard::IdNumber>,
    pub availability: String,
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
    let availability = serde_json::to_string(availability).unwrap_or_else(|_| "[]".into());
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
