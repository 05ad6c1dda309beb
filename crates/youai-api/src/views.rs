//! Rows to wire types, one module per resource, shared by the handlers that render it.

pub mod activities;
pub mod skills;
pub mod volunteers;

pub mod service_records;
pub mod venue_scans;

pub mod members;
pub mod teams;

pub mod rewards;

pub mod needs;
pub mod resources;

pub mod notifications;
pub mod webhooks;

use youai_db::activities as db;
use youai_types::{MySignUp, SignUp};

use crate::convert::utc;

pub fn sign_up(s: db::SignUp, name: String) -> SignUp {
    SignUp {
        id: s.id,
        activity_id: s.activity_id,
        volunteer_id: s.volunteer_id,
        volunteer_name: name,
        status: s.status,
        checked_in_at: s.checked_in_at.map(utc),
        checked_out_at: s.checked_out_at.map(utc),
        created_at: utc(s.created_at),
    }
}

/// One of the caller's sign-ups, with its activity.
pub fn my_sign_up(s: db::SignUp, a: db::Activity) -> MySignUp {
    MySignUp {
        id: s.id,
        activity_id: a.id,
        activity_title: a.title,
        activity_status: a.status,
        start_at: utc(a.start_at),
        end_at: utc(a.end_at),
        address: a.address,
        venue_id: a.venue_id,
        status: s.status,
        checked_in_at: s.checked_in_at.map(utc),
        checked_out_at: s.checked_out_at.map(utc),
        created_at: utc(s.created_at),
    }
}
