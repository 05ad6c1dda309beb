//! Rows to wire types, shared by the handlers that render the same resource.

pub mod rewards;

use youai_db::activities as db;
use youai_types::SignUp;

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
