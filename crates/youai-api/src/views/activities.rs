//! Activities as the API shows them.

use youai_db::activities as db;
use youai_types::Activity;

use crate::convert::utc;

/// An activity with its project's category and, for a search near a point, its distance.
pub fn activity(a: db::Activity, category: Option<String>, distance_m: Option<f64>) -> Activity {
    Activity {
        id: a.id,
        project_id: a.project_id,
        team_id: a.team_id,
        title: a.title,
        description: a.description,
        start_at: utc(a.start_at),
        end_at: utc(a.end_at),
        signup_deadline: utc(a.signup_deadline),
        venue_id: a.venue_id,
        area_id: a.area_id,
        address: a.address,
        latitude: a.latitude,
        longitude: a.longitude,
        checkin_radius_m: a.checkin_radius_m,
        quota: a.quota,
        skill_ids: a.skill_ids.0,
        min_age: a.min_age,
        risk_level: a.risk_level,
        auto_accept: a.auto_accept,
        auto_verify: a.auto_verify,
        status: a.status,
        cancel_reason: a.cancel_reason,
        accepted: a.accepted_count,
        free_places: youai_domain::activities::free_places(a.status, a.accepted_count, a.quota),
        category,
        distance_m,
        need_id: a.need_id,
        residents_served: a.residents_served,
    }
}
