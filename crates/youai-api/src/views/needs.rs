//! Needs (群众需求) as the caller may see them: the contact only for staff in scope and the
//! submitter; anonymised for everyone else.

use youai_db::needs::intake::Names;
use youai_db::needs::{self as db};
use youai_domain::access::{self, Action, Target};
use youai_types::{Need, NeedCategory, NeedContact, NeedStep};

use crate::auth::AuthUser;
use crate::convert::utc;

/// Does the caller see the need's contact? Its submitter, and staff who may record needs in
/// its village (platform and area admins above it, its grid workers).
pub fn sees_contact(user: Option<&AuthUser>, n: &db::Need, area_path: &str) -> bool {
    user.is_some_and(|u| {
        n.submitted_by == Some(u.id)
            || access::permits(&u.grants, Action::RecordNeeds, &Target::Area(area_path))
    })
}

/// A need for `user` (`None`: anonymous, or anonymised on purpose).
pub fn need(n: db::Need, names: &Names, user: Option<&AuthUser>) -> Need {
    let (area, path) = names.areas.get(&n.area_id).cloned().unwrap_or_default();
    let (category, category_en) = names
        .categories
        .get(&n.category_id)
        .cloned()
        .unwrap_or_default();
    let contact = sees_contact(user, &n, &path).then(|| NeedContact {
        name: n.contact_name.clone(),
        phone: n.contact_phone.clone(),
    });
    let mine = user.is_some_and(|u| n.submitted_by == Some(u.id));
    Need {
        id: n.id,
        code: n.code,
        title: n.title,
        description: n.description,
        category_id: n.category_id,
        category,
        category_en,
        area_id: n.area_id,
        area,
        people_affected: n.people_affected,
        target_group: n.target_group,
        channel: n.channel,
        status: n.status,
        supporters: n.supporters,
        urgency_rank: n.urgency_rank,
        reject_reason: n.reject_reason,
        merged_into: n.merged_into,
        rating: n.rating,
        rating_comment: n.rating_comment,
        contact,
        mine,
        decided_at: n.decided_at.map(utc),
        fulfilled_at: n.fulfilled_at.map(utc),
        created_at: utc(n.created_at),
        updated_at: utc(n.updated_at),
    }
}

/// A step of a need's history as the public sees it: no actor, no particulars.
pub fn step(e: db::Event) -> NeedStep {
    NeedStep {
        kind: e.kind,
        from_status: e.from_status,
        to_status: e.to_status,
        note: e.note,
        created_at: utc(e.created_at),
    }
}

pub fn category(c: db::Category) -> NeedCategory {
    NeedCategory {
        id: c.id,
        name: c.name,
        name_en: c.name_en,
        serves: c.serves.0,
        sort_order: c.sort_order,
    }
}
