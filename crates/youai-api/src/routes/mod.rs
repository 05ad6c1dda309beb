//! The API's routes. Each handler is registered with `service()` so utoipa-actix-web puts it
//! in the spec; the same `configure` builds the server and the spec.

pub mod activities;
pub mod agencies;
pub mod areas;
pub mod audit;
pub mod auth;
pub mod certificates;
pub mod checkins;
pub mod deliveries;
pub mod grants;
pub mod health;
pub mod imports;
pub mod matching;
pub mod members;
pub mod menu;
pub mod needs;
pub mod notifications;
pub mod order_queues;
pub mod orders;
pub mod phone_codes;
pub mod projects;
pub mod resources;
pub mod rewards;
pub mod sign_ups;
pub mod skills;
pub mod stats;
pub mod teams;
pub mod users;
pub mod venues;
pub mod volunteers;
pub mod webhooks;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::ApiError;

/// Everything under `/api/v1`.
pub fn configure_v1(cfg: &mut ServiceConfig<'_>) {
    cfg.service(auth::register)
        .service(auth::login)
        .service(auth::refresh)
        .service(auth::logout)
        .service(auth::get_me)
        .service(auth::change_password)
        .service(areas::list_areas)
        .service(areas::create_area)
        .service(areas::get_area)
        .service(areas::update_area)
        .service(areas::get_area_tree)
        .service(venues::list_venues)
        .service(venues::create_venue)
        .service(venues::get_venue)
        .service(venues::update_venue)
        .service(users::list_users)
        .service(users::get_user)
        .service(grants::create_role_grant)
        .service(grants::delete_role_grant)
        .service(stats::get_stats)
        .service(skills::list_skills)
        .service(skills::create_skill)
        .service(skills::get_vocabularies)
        .service(volunteers::list_volunteers)
        .service(volunteers::create_volunteer)
        .service(volunteers::get_volunteer)
        .service(volunteers::update_volunteer)
        .service(teams::list_teams)
        .service(teams::create_team)
        .service(teams::get_team)
        .service(teams::update_team)
        .service(teams::create_team_decision)
        .service(teams::list_team_decisions)
        .service(members::list_team_members)
        .service(members::create_team_member)
        .service(members::update_team_member_status)
        .service(members::update_team_member)
        .service(members::list_my_memberships)
        .service(members::create_recruitment)
        .service(members::list_recruitments)
        .service(members::get_recruitment)
        .service(members::close_recruitment)
        .service(imports::import_volunteers)
        .service(imports::import_teams)
        .service(projects::list_project_batches)
        .service(projects::create_project_batch)
        .service(projects::list_projects)
        .service(projects::create_project)
        .service(projects::get_project)
        .service(projects::create_project_review)
        .service(activities::get_activity_calendar)
        .service(activities::list_activities)
        .service(activities::create_activity)
        .service(activities::get_activity)
        .service(activities::create_activity_transition)
        .service(activities::update_activity)
        .service(sign_ups::create_sign_up)
        .service(sign_ups::list_sign_ups)
        .service(sign_ups::update_sign_up_status)
        .service(checkins::get_check_in_token)
        .service(checkins::create_check_in)
        .service(checkins::create_check_out)
        .service(checkins::create_service_record)
        .service(checkins::verify_service_record)
        .service(checkins::create_correction)
        .service(checkins::list_service_records)
        .service(checkins::get_service_history)
        .service(sign_ups::list_my_sign_ups)
        .service(audit::list_audit)
        .service(stats::get_monthly_stats)
        .service(stats::get_stats_report)
        .service(checkins::scan_at_venue)
        .service(certificates::get_certificate)
        .service(certificates::issue_certificate)
        .service(certificates::verify_certificate)
        .service(rewards::get_reward_rules)
        .service(rewards::put_reward_rules)
        .service(rewards::get_star)
        .service(rewards::get_my_points)
        .service(rewards::get_points)
        .service(rewards::adjust_points)
        .service(rewards::list_rewards)
        .service(rewards::create_reward)
        .service(rewards::get_reward)
        .service(rewards::update_reward)
        .service(rewards::redeem_reward)
        .service(rewards::export_insured)
        .service(rewards::list_vouchers)
        .service(rewards::get_voucher)
        .service(rewards::redeem_voucher)
        .service(rewards::cancel_voucher)
        .service(rewards::list_honours)
        .service(rewards::award_honour)
        .service(needs::create_need)
        .service(needs::list_similar_needs)
        .service(needs::get_need_by_code)
        .service(needs::list_needs)
        .service(needs::get_need)
        .service(needs::review_need)
        .service(needs::merge_need)
        .service(needs::withdraw_need)
        .service(needs::evaluate_need)
        .service(needs::list_need_categories)
        .service(needs::create_need_category);
    cfg.service(matching::list_need_proposals)
        .service(matching::create_need_link)
        .service(matching::get_need_trace);
    cfg.service(agencies::list_agencies)
        .service(agencies::create_agency)
        .service(agencies::get_agency)
        .service(agencies::update_agency)
        .service(resources::list_resources)
        .service(resources::create_resource)
        .service(resources::get_resource)
        .service(resources::update_resource)
        .service(resources::list_resource_allocations)
        .service(resources::create_resource_allocation);
    // 两网: the menu and the order queues. The queues come before any `/orders/{id}` route,
    // so `takeable` and `escalated` are never read as an order id.
    cfg.service(menu::list_menu_items)
        .service(menu::create_menu_item)
        .service(menu::get_menu_item)
        .service(menu::update_menu_item)
        .service(order_queues::list_orders)
        .service(order_queues::list_takeable_orders)
        .service(order_queues::list_escalated_orders);
    cfg.service(orders::create_order)
        .service(orders::get_order)
        .service(orders::list_order_events)
        .service(orders::take_order)
        .service(orders::dispatch_order)
        .service(orders::accept_order)
        .service(orders::decline_order)
        .service(orders::schedule_order)
        .service(orders::evaluate_order)
        .service(orders::cancel_order);
    // Webhooks and the admins' view of the outbox.
    cfg.service(webhooks::list_webhooks)
        .service(webhooks::create_webhook)
        .service(webhooks::get_webhook)
        .service(webhooks::update_webhook)
        .service(webhooks::delete_webhook)
        .service(webhooks::rotate_webhook_secret)
        .service(webhooks::list_webhook_deliveries)
        .service(webhooks::replay_webhook_delivery)
        .service(deliveries::list_deliveries)
        .service(deliveries::retry_delivery);
    // Phone codes (registration, a forgotten password).
    cfg.service(phone_codes::send_phone_code)
        .service(phone_codes::get_phone_verification)
        .service(phone_codes::reset_password);
    // The inbox and notification preferences (issue 17).
    cfg.service(notifications::list_notifications)
        .service(notifications::count_unread_notifications)
        .service(notifications::read_all_notifications)
        .service(notifications::read_notification)
        .service(notifications::get_notification_preferences)
        .service(notifications::put_notification_preferences);
}

/// Operations outside `/api/v1`: probes and metrics.
pub fn configure_ops(cfg: &mut ServiceConfig<'_>) {
    cfg.service(health::healthz)
        .service(health::readyz)
        .service(health::metrics);
}

/// The answer for a request no route took: 405 with `Allow` when the path exists, else 404.
pub async fn unmatched(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let state = req.app_data::<actix_web::web::Data<crate::state::AppState>>();
    if let Some(mut methods) = state.and_then(|s| s.routes.allowed(req.path())) {
        methods.sort();
        methods.dedup();
        let allow = methods.join(", ");
        return Err(ApiError::new(
            actix_web::http::StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            format!("{} 不支持 {} 方法；可用：{allow}", req.path(), req.method()),
        )
        .with_header(header::ALLOW, allow));
    }
    Err(ApiError::new(
        actix_web::http::StatusCode::NOT_FOUND,
        "route_not_found",
        format!("没有这个接口：{}", req.path()),
    ))
}
