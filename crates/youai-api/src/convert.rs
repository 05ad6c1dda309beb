//! Database rows to API types.

use chrono::{DateTime, NaiveDateTime, Utc};
use youai_types::{Area, RoleGrant, User, Venue};

pub fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(t, Utc)
}

pub fn user(u: youai_db::users::User) -> User {
    User {
        id: u.id,
        phone: u.phone,
        name: u.name,
        created_at: utc(u.created_at),
        phone_verified: u.phone_verified_at.is_some(),
    }
}

pub fn grant(g: youai_db::users::Grant) -> RoleGrant {
    RoleGrant {
        id: g.id,
        user_id: g.user_id,
        role: g.role,
        area_id: g.area_id,
        team_id: g.team_id,
        agency_id: g.agency_id,
        venue_id: g.venue_id,
        created_at: utc(g.created_at),
    }
}

pub fn area(a: youai_db::areas::Area) -> Area {
    Area {
        id: a.id,
        parent_id: a.parent_id,
        level: a.level,
        name: a.name,
        code: a.code,
        created_at: utc(a.created_at),
        updated_at: utc(a.updated_at),
    }
}

pub fn venue(v: youai_db::venues::Venue) -> Venue {
    Venue {
        id: v.id,
        area_id: v.area_id,
        kind: v.kind,
        name: v.name,
        address: v.address,
        latitude: v.latitude,
        longitude: v.longitude,
        opening_hours: v.opening_hours,
        capacity: v.capacity,
        phone: v.phone,
        description: v.description,
        created_at: utc(v.created_at),
        updated_at: utc(v.updated_at),
    }
}
