//! Memberships and recruitment calls as the wire shows them.

use youai_db::teams;
use youai_domain::membership::{CallFacts, call_open};
use youai_types::{Membership, Recruitment};

use crate::convert::utc;
use crate::error::ApiResult;

pub fn membership(m: teams::Member, team_name: String, volunteer_name: String) -> Membership {
    Membership {
        id: m.id,
        team_id: m.team_id,
        team_name,
        volunteer_id: m.volunteer_id,
        volunteer_name,
        role: m.role,
        status: m.status,
        recruitment_id: m.recruitment_id,
        message: m.message,
        applied_at: utc(m.applied_at),
        decided_at: m.decided_at.map(utc),
    }
}

/// The facts of a call, for deciding whether it is open.
pub fn call_facts(r: &teams::Recruitment, accepted: i64) -> CallFacts {
    CallFacts {
        status: r.status,
        deadline: r.deadline,
        quota: r.quota,
        accepted,
    }
}

/// A call as the wire shows it: `open` only while it takes applications.
pub fn recruitment(r: teams::Recruitment, accepted: i64) -> ApiResult<Recruitment> {
    let open = call_open(&call_facts(&r, accepted), youai_db::now()).is_ok();
    Ok(Recruitment {
        id: r.id,
        team_id: r.team_id,
        title: r.title,
        description: r.description,
        quota: r.quota,
        skill_ids: r.skill_ids.0,
        deadline: utc(r.deadline),
        status: if open { "open" } else { "closed" }.into(),
        accepted,
        created_at: utc(r.created_at),
    })
}
