//! The authorization table: for every operation in the spec, who may call it at all. It is
//! enforced by middleware before any handler runs (a route missing from it is refused), and
//! a test walks every operation as every kind of caller and checks the answers against it.
//! Handlers then check scope (which area, which team, whose record) where the row says so.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, web};
use youai_types::Role;

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::state::AppState;

/// Who may call an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in account (residents, volunteers, providers…).
    SignedIn,
    /// Accounts holding one of these roles.
    Staff(&'static [Role]),
}

/// What the handler checks beyond the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Nothing: the gate is the whole rule.
    None,
    /// Whose object it is, or which area / team / venue it lies in.
    Checked,
}

const P: Role = Role::PlatformAdmin;
const A: Role = Role::AreaAdmin;
const L: Role = Role::TeamLeader;
const K: Role = Role::Kiosk;
const G: Role = Role::AgencyOperator;

use Gate::{Public, SignedIn, Staff};
use Scope::{Checked, None as Unscoped};

/// Every operation id in the spec, its gate, and whether the handler checks scope.
pub const GATES: &[(&str, Gate, Scope)] = &[
    // Operations and probes.
    ("healthz", Public, Unscoped),
    ("readyz", Public, Unscoped),
    ("metrics", Public, Unscoped),
    ("list_audit", Staff(&[P]), Unscoped),
    // Accounts.
    ("register", Public, Unscoped),
    ("login", Public, Unscoped),
    ("refresh", Public, Unscoped),
    ("logout", Public, Unscoped),
    ("get_me", SignedIn, Unscoped),
    ("change_password", SignedIn, Unscoped),
    ("list_users", Staff(&[P, A]), Checked),
    ("get_user", SignedIn, Checked),
    ("create_role_grant", Staff(&[P, A]), Checked),
    ("delete_role_grant", Staff(&[P, A]), Checked),
    // Areas and venues.
    ("list_areas", Public, Unscoped),
    ("get_area", Public, Unscoped),
    ("get_area_tree", Public, Unscoped),
    ("create_area", Staff(&[P, A]), Checked),
    ("update_area", Staff(&[P, A]), Checked),
    ("list_venues", Public, Unscoped),
    ("get_venue", Public, Unscoped),
    ("create_venue", Staff(&[P, A]), Checked),
    ("update_venue", Staff(&[P, A]), Checked),
    ("scan_at_venue", Staff(&[P, A, K]), Checked),
    // The corps.
    ("list_skills", Public, Unscoped),
    ("create_skill", Staff(&[P]), Unscoped),
    ("get_vocabularies", Public, Unscoped),
    ("list_volunteers", Staff(&[P, A, L]), Checked),
    ("create_volunteer", SignedIn, Unscoped),
    ("get_volunteer", SignedIn, Checked),
    ("update_volunteer", SignedIn, Checked),
    ("import_volunteers", Staff(&[P, A]), Checked),
    ("import_teams", Staff(&[P, A]), Checked),
    ("list_teams", Public, Checked),
    ("get_team", Public, Checked),
    ("create_team", SignedIn, Checked),
    ("update_team", Staff(&[P, A, L]), Checked),
    ("list_team_decisions", Public, Checked),
    ("create_team_decision", Staff(&[P, A]), Checked),
    ("list_team_members", SignedIn, Checked),
    ("create_team_member", SignedIn, Checked),
    ("update_team_member", Staff(&[P, A, L]), Checked),
    ("update_team_member_status", SignedIn, Checked),
    ("list_my_memberships", SignedIn, Unscoped),
    ("list_recruitments", Public, Unscoped),
    ("get_recruitment", Public, Unscoped),
    ("create_recruitment", Staff(&[P, A, L]), Checked),
    ("close_recruitment", Staff(&[P, A, L]), Checked),
    // Projects and activities.
    ("list_project_batches", Public, Unscoped),
    ("create_project_batch", Staff(&[P, A]), Checked),
    ("list_projects", Public, Checked),
    ("get_project", Public, Checked),
    ("create_project", Staff(&[P, A, L, G]), Checked),
    ("create_project_review", Staff(&[P, A, L, G]), Checked),
    ("list_activities", Public, Checked),
    ("get_activity", Public, Checked),
    ("get_activity_calendar", Public, Unscoped),
    ("create_activity", Staff(&[P, A, L]), Checked),
    ("create_activity_transition", Staff(&[P, A, L]), Checked),
    ("list_sign_ups", Staff(&[P, A, L]), Checked),
    ("create_sign_up", SignedIn, Unscoped),
    ("update_sign_up_status", SignedIn, Checked),
    ("list_my_sign_ups", SignedIn, Unscoped),
    ("get_check_in_token", SignedIn, Unscoped),
    ("create_check_in", SignedIn, Checked),
    ("create_check_out", SignedIn, Checked),
    // Service records and certificates.
    ("list_service_records", Staff(&[P, L]), Checked),
    ("create_service_record", Staff(&[P, A, L]), Checked),
    ("verify_service_record", Staff(&[P, A, L]), Checked),
    ("create_correction", Staff(&[P, A, L]), Checked),
    ("get_service_history", SignedIn, Checked),
    ("get_certificate", SignedIn, Checked),
    ("issue_certificate", SignedIn, Checked),
    ("verify_certificate", Public, Unscoped),
    ("get_stats", Public, Unscoped),
    ("get_monthly_stats", Public, Unscoped),
    ("get_stats_report", Public, Unscoped),
    // 礼遇.
    ("get_reward_rules", Public, Unscoped),
    ("put_reward_rules", Staff(&[P]), Unscoped),
    ("get_star", SignedIn, Checked),
    ("get_my_points", SignedIn, Unscoped),
    ("get_points", SignedIn, Checked),
    ("adjust_points", Staff(&[P, A]), Checked),
    ("list_rewards", Public, Unscoped),
    ("get_reward", Public, Unscoped),
    ("create_reward", Staff(&[P]), Unscoped),
    ("update_reward", Staff(&[P]), Unscoped),
    ("redeem_reward", SignedIn, Unscoped),
    ("export_insured", SignedIn, Checked),
    ("list_vouchers", SignedIn, Checked),
    ("get_voucher", SignedIn, Checked),
    ("redeem_voucher", SignedIn, Checked),
    ("cancel_voucher", SignedIn, Checked),
    ("list_honours", Public, Unscoped),
    ("award_honour", Staff(&[P, A]), Checked),
    // 群众需求清单.
    ("create_need", SignedIn, Checked),
    ("list_similar_needs", Public, Unscoped),
    ("list_needs", Public, Checked),
    ("get_need", Public, Checked),
    ("get_need_by_code", Public, Unscoped),
    ("review_need", Staff(&[P, A]), Checked),
    ("merge_need", Staff(&[P, A]), Checked),
    ("withdraw_need", SignedIn, Checked),
    ("evaluate_need", SignedIn, Checked),
    ("list_need_categories", Public, Unscoped),
    ("create_need_category", Staff(&[P]), Unscoped),
    // 三清单: matching needs and their trace.
    ("list_need_proposals", Staff(&[P, A]), Checked),
    ("create_need_link", Staff(&[P, A]), Checked),
    ("get_need_trace", Public, Checked),
    // 社会资源清单: agencies, resources and their allocations (下沉).
    ("list_agencies", Public, Unscoped),
    ("get_agency", Public, Unscoped),
    ("create_agency", Staff(&[P, A]), Checked),
    ("update_agency", Staff(&[P, A]), Checked),
    ("list_resources", Public, Unscoped),
    ("get_resource", Public, Unscoped),
    ("create_resource", Staff(&[P, A, L, G]), Checked),
    ("update_resource", Staff(&[P, A, L, G]), Checked),
    ("list_resource_allocations", Public, Unscoped),
    ("create_resource_allocation", Staff(&[P, A, L, G]), Checked),
    // 两网: orders (开单、点单) and their moves. Opening, dispatching and evaluating are for
    // station staff and admins; taking, accepting, declining and scheduling for the serving
    // side (team leaders, agency operators for a menu item of theirs); seeing an order for
    // anyone it concerns (the handler answers 404 to others).
    ("create_order", Staff(&[P, A]), Checked),
    ("get_order", SignedIn, Checked),
    ("list_order_events", SignedIn, Checked),
    ("take_order", Staff(&[P, A, L]), Checked),
    ("dispatch_order", Staff(&[P, A]), Checked),
    ("accept_order", Staff(&[P, A, L, G]), Checked),
    ("decline_order", Staff(&[P, A, L, G]), Checked),
    ("schedule_order", Staff(&[P, A, L, G]), Checked),
    ("evaluate_order", Staff(&[P, A]), Checked),
    ("cancel_order", Staff(&[P, A]), Checked),
    // 两网: the menu (供单) and the order queues.
    ("list_menu_items", Public, Unscoped),
    ("get_menu_item", Public, Unscoped),
    ("create_menu_item", Staff(&[P, A, L, G]), Checked),
    ("update_menu_item", Staff(&[P, A, L, G]), Checked),
    ("list_orders", SignedIn, Checked),
    ("list_takeable_orders", Staff(&[P, A, L]), Checked),
    ("list_escalated_orders", Staff(&[P, A]), Checked),
    ("update_activity", Staff(&[P, A, L]), Checked),
    // Webhooks and the outbox's deliveries: platform admins (API clients when channels land).
    ("list_webhooks", Staff(&[P]), Unscoped),
    ("create_webhook", Staff(&[P]), Unscoped),
    ("get_webhook", Staff(&[P]), Unscoped),
    ("update_webhook", Staff(&[P]), Unscoped),
    ("delete_webhook", Staff(&[P]), Unscoped),
    ("rotate_webhook_secret", Staff(&[P]), Unscoped),
    ("list_webhook_deliveries", Staff(&[P]), Unscoped),
    ("replay_webhook_delivery", Staff(&[P]), Unscoped),
    ("list_deliveries", Staff(&[P]), Unscoped),
    ("retry_delivery", Staff(&[P]), Unscoped),
    // Phone verification by SMS code.
    ("send_phone_code", Public, Unscoped),
    ("get_phone_verification", Public, Unscoped),
    ("reset_password", Public, Unscoped),
    // The inbox and notification preferences: the caller's own (another's line is 404).
    ("list_notifications", SignedIn, Unscoped),
    ("count_unread_notifications", SignedIn, Unscoped),
    ("read_notification", SignedIn, Checked),
    ("read_all_notifications", SignedIn, Unscoped),
    ("get_notification_preferences", SignedIn, Unscoped),
    ("put_notification_preferences", SignedIn, Unscoped),
];

/// The row for an operation.
pub fn gate_of(operation_id: &str) -> Option<(Gate, Scope)> {
    GATES
        .iter()
        .find(|(id, ..)| *id == operation_id)
        .map(|(_, g, s)| (*g, *s))
}

/// Does a caller with these roles pass the gate? (`None`: not signed in.)
pub fn admits(gate: Gate, roles: Option<&[Role]>) -> bool {
    match (gate, roles) {
        (Gate::Public, _) => true,
        (_, None) => false,
        (Gate::SignedIn, Some(_)) => true,
        (Gate::Staff(allowed), Some(held)) => held.iter().any(|r| allowed.contains(r)),
    }
}

/// The middleware: finds the request's operation and applies its gate. A signed-in caller is
/// left in the request's extensions for the handler, so grants are loaded once.
pub async fn gate(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let operation = state
        .as_ref()
        .and_then(|s| s.routes.operation(req.method().as_str(), req.path()))
        .map(str::to_owned);
    if let Some(op) = operation {
        // Fail closed: an operation without a row is nobody's.
        let (gate, _) = gate_of(&op).ok_or_else(ApiError::forbidden)?;
        if gate != Gate::Public {
            let user = AuthUser::extract(req.request()).await?;
            let roles: Vec<Role> = user.grants.iter().map(|g| g.role).collect();
            if !admits(gate, Some(&roles)) {
                return Err(ApiError::forbidden().into());
            }
            req.extensions_mut().insert(user);
        }
    }
    next.call(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_unique_and_staff_gates_include_platform_admins() {
        for (i, (id, gate, _)) in GATES.iter().enumerate() {
            assert!(
                !GATES.iter().skip(i + 1).any(|(other, ..)| other == id),
                "{id} twice"
            );
            if let Gate::Staff(roles) = gate {
                assert!(roles.contains(&Role::PlatformAdmin), "{id}");
            }
        }
    }

    #[test]
    fn admits_by_gate() {
        assert!(admits(Gate::Public, None));
        assert!(!admits(Gate::SignedIn, None));
        assert!(admits(Gate::SignedIn, Some(&[])));
        assert!(!admits(Gate::Staff(&[P]), Some(&[A])));
        assert!(admits(Gate::Staff(&[P, A]), Some(&[L, A])));
    }
}
