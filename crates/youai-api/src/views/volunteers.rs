//! Volunteers as the API shows them, with their skills and the ID number as the caller may
//! see it.

use youai_db::{DbConn, skills, volunteers};
use youai_domain::idcard;
use youai_types::Volunteer;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::volunteer_scope::Sight;

/// Builds the API view of volunteers, loading all their skills in one query.
pub fn views(
    conn: &mut DbConn,
    state: &AppState,
    rows: Vec<volunteers::Volunteer>,
    sight: impl Fn(&volunteers::Volunteer) -> Sight,
) -> ApiResult<Vec<Volunteer>> {
    let ids: Vec<i64> = rows.iter().map(|v| v.id).collect();
    let mut by_volunteer: std::collections::HashMap<i64, Vec<youai_types::Skill>> =
        std::collections::HashMap::new();
    for (vid, s) in skills::of_volunteers(conn, &ids)? {
        by_volunteer
            .entry(vid)
            .or_default()
            .push(crate::views::skills::skill(s));
    }
    let today = crate::clock::city_today();
    rows.into_iter()
        .map(|v| {
            let id_number = match sight(&v) {
                Sight::Full => v
                    .id_number_enc
                    .as_deref()
                    .map(|c| state.data_key.decrypt(c))
                    .transpose()
                    .map_err(ApiError::internal)?,
                Sight::Staff => v.id_number_mask.clone(),
            };
            Ok(Volunteer {
                id: v.id,
                user_id: v.user_id,
                number: v.number,
                real_name: v.real_name,
                phone: v.phone,
                gender: v.gender,
                birth_date: v.birth_date,
                age: idcard::age_on(v.birth_date, today),
                area_id: v.area_id,
                skills: by_volunteer.remove(&v.id).unwrap_or_default(),
                availability: v.availability.0.clone(),
                id_number,
                guardian_name: v.guardian_name,
                guardian_phone: v.guardian_phone,
                created_at: crate::convert::utc(v.created_at),
                updated_at: crate::convert::utc(v.updated_at),
            })
        })
        .collect()
}
