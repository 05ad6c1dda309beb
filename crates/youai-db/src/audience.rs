//! Who an event reaches, as account ids: the volunteer behind a sign-up, a record or a
//! voucher; the volunteers of an activity; a team's leaders; the admins of an area; the
//! platform's admins — and the vouchers about to expire that have not been told yet.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use youai_types::{EventKind, MemberRole, MembershipStatus, Role, SignUpStatus, VoucherStatus};

use crate::DbConn;
use crate::schema::{
    events, needs, orders, role_grants, service_records, sign_ups, team_members, teams, volunteers,
    vouchers,
};

/// The account of a volunteer (none for a volunteer without one).
pub fn volunteer_user(conn: &mut DbConn, volunteer_id: i64) -> QueryResult<Vec<i64>> {
    volunteers::table
        .find(volunteer_id)
        .filter(volunteers::user_id.is_not_null())
        .select(volunteers::user_id.assume_not_null())
        .load(conn)
}

/// The accounts of an activity's volunteers whose sign-up is in one of `statuses`.
pub fn activity_volunteers(
    conn: &mut DbConn,
    activity_id: i64,
    statuses: &[SignUpStatus],
) -> QueryResult<Vec<i64>> {
    sign_ups::table
        .inner_join(volunteers::table)
        .filter(sign_ups::activity_id.eq(activity_id))
        .filter(sign_ups::status.eq_any(statuses.to_vec()))
        .filter(volunteers::user_id.is_not_null())
        .select(volunteers::user_id.assume_not_null())
        .load(conn)
}

/// The volunteer a service record is of.
pub fn record_volunteer(conn: &mut DbConn, record_id: i64) -> QueryResult<Vec<i64>> {
    let v: Option<i64> = service_records::table
        .find(record_id)
        .select(service_records::volunteer_id)
        .first(conn)
        .optional()?;
    v.map_or(Ok(Vec::new()), |v| volunteer_user(conn, v))
}

/// The volunteer holding a voucher.
pub fn voucher_volunteer(conn: &mut DbConn, voucher_id: i64) -> QueryResult<Vec<i64>> {
    let v: Option<i64> = vouchers::table
        .find(voucher_id)
        .select(vouchers::volunteer_id)
        .first(conn)
        .optional()?;
    v.map_or(Ok(Vec::new()), |v| volunteer_user(conn, v))
}

/// The volunteer who asked to join (a membership).
pub fn member_volunteer(conn: &mut DbConn, member_id: i64) -> QueryResult<Vec<i64>> {
    let v: Option<i64> = team_members::table
        .find(member_id)
        .select(team_members::volunteer_id)
        .first(conn)
        .optional()?;
    v.map_or(Ok(Vec::new()), |v| volunteer_user(conn, v))
}

/// Who speaks for a team: the account that registered it, its active leaders' accounts and
/// the accounts granted `team_leader` of it.
pub fn team_leaders(conn: &mut DbConn, team_id: i64) -> QueryResult<Vec<i64>> {
    let mut users: Vec<i64> = teams::table
        .find(team_id)
        .filter(teams::created_by.is_not_null())
        .select(teams::created_by.assume_not_null())
        .load(conn)?;
    users.extend(
        team_members::table
            .inner_join(volunteers::table)
            .filter(team_members::team_id.eq(team_id))
            .filter(team_members::role.eq(MemberRole::Leader))
            .filter(team_members::status.eq(MembershipStatus::Active))
            .filter(volunteers::user_id.is_not_null())
            .select(volunteers::user_id.assume_not_null())
            .load::<i64>(conn)?,
    );
    users.extend(
        role_grants::table
            .filter(role_grants::role.eq(Role::TeamLeader))
            .filter(role_grants::team_id.eq(team_id))
            .select(role_grants::user_id)
            .load::<i64>(conn)?,
    );
    Ok(users)
}

/// The admins of one area (granted `area_admin` of exactly it, not of the areas above).
pub fn area_admins(conn: &mut DbConn, area_id: i64) -> QueryResult<Vec<i64>> {
    role_grants::table
        .filter(role_grants::role.eq(Role::AreaAdmin))
        .filter(role_grants::area_id.eq(area_id))
        .select(role_grants::user_id)
        .load(conn)
}

/// The platform's admins.
pub fn platform_admins(conn: &mut DbConn) -> QueryResult<Vec<i64>> {
    role_grants::table
        .filter(role_grants::role.eq(Role::PlatformAdmin))
        .select(role_grants::user_id)
        .load(conn)
}

/// The resident account that submitted a need itself (none for one recorded on a resident's
/// behalf).
pub fn need_submitter(conn: &mut DbConn, need_id: i64) -> QueryResult<Vec<i64>> {
    needs::table
        .find(need_id)
        .filter(needs::submitted_by.is_not_null())
        .select(needs::submitted_by.assume_not_null())
        .load(conn)
}

/// An order's station side: the account that opened it, its station's area, the area it
/// escalated to.
pub type OrderSides = (Option<i64>, i64, Option<i64>);

pub fn order_sides(conn: &mut DbConn, order_id: i64) -> QueryResult<Option<OrderSides>> {
    orders::table
        .find(order_id)
        .select((orders::created_by, orders::area_id, orders::escalated_to))
        .first(conn)
        .optional()
}

/// Issued vouchers expiring in (`now`, `until`] whose holder has not been told yet (no
/// `voucher.expiring` event about them), soonest first.
pub fn vouchers_expiring_untold(
    conn: &mut DbConn,
    now: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<Vec<i64>> {
    let soon: Vec<i64> = vouchers::table
        .filter(vouchers::status.eq(VoucherStatus::Issued))
        .filter(vouchers::expires_at.gt(now))
        .filter(vouchers::expires_at.le(until))
        .order((vouchers::expires_at, vouchers::id))
        .select(vouchers::id)
        .load(conn)?;
    if soon.is_empty() {
        return Ok(soon);
    }
    let told: std::collections::HashSet<i64> = events::table
        .filter(events::kind.eq(EventKind::VoucherExpiring))
        .filter(events::subject_type.eq("voucher"))
        .filter(events::subject_id.eq_any(&soon))
        .select(events::subject_id)
        .load::<i64>(conn)?
        .into_iter()
        .collect();
    Ok(soon.into_iter().filter(|id| !told.contains(id)).collect())
}

/// Whether any event of `kind` about the subject exists (fanned out or not).
pub fn told(
    conn: &mut DbConn,
    kind: EventKind,
    subject_type: &str,
    subject_id: i64,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        events::table
            .filter(events::kind.eq(kind))
            .filter(events::subject_type.eq(subject_type))
            .filter(events::subject_id.eq(subject_id)),
    ))
    .get_result(conn)
}

/// Locks a voucher's row for this transaction (a no-op update), so two servers telling of it
/// at once go one after the other.
pub fn lock_voucher(conn: &mut DbConn, voucher_id: i64) -> QueryResult<usize> {
    diesel::update(vouchers::table.find(voucher_id))
        .set(vouchers::status.eq(vouchers::status))
        .execute(conn)
}

/// One voucher by id.
pub fn voucher(conn: &mut DbConn, voucher_id: i64) -> QueryResult<Option<crate::rewards::Voucher>> {
    vouchers::table
        .find(voucher_id)
        .select(crate::rewards::Voucher::as_select())
        .first(conn)
        .optional()
}
