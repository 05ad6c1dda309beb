//! 两网 two-way ordering: opening an order (开单, 点单) and every move on it — take (接单),
//! dispatch (派单), accept, decline, schedule, complete (following its activity), evaluate
//! (评单) and cancel. Each move checks the state (409 with the moves allowed) and the caller
//! (403), lands only if no one moved the order first (a conditional UPDATE), and writes its
//! timeline entry and audit row, all in the caller's one write transaction. The needs a
//! request order answers move with it: matched when taken, in service when scheduled,
//! fulfilled when completed, back to accepted when it closes unserved.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use youai_db::activities::{self as adb, Activity};
use youai_db::orders::{self as db, OrderChanges, menu};
use youai_db::{DbConn, areas, needs, teams, users, venues};
use youai_domain::access::{Action, Target};
use youai_domain::needs::{self as need_rules, NeedMove};
use youai_domain::orders::{self as rules, IllegalMove, OrderActor};
use youai_domain::validate::{Errors, is_mobile_phone};
use youai_types::{
    ActivityAction, ActivityStatus, AreaLevel, FieldError, MenuItemStatus, NeedEventKind,
    NeedStatus, NewActivity, NewOrder, OrderAction, OrderDirection, OrderEvaluation, OrderEvent,
    OrderNote, OrderReason, OrderSchedule, OrderStatus, OrderTeam,
};

use super::{actors, acts_for_team, area, find, lost_race, record, release_by, require};
use crate::auth::{AuthUser, authorize};
use crate::convert::utc;
use crate::error::{ApiError, ApiResult};

/// The most needs one order may answer.
pub const MAX_NEEDS: usize = 50;
/// Longest texts, in characters.
pub const TITLE_MAX: usize = 100;
pub const DESCRIPTION_MAX: usize = 2000;
pub const ADDRESS_MAX: usize = 200;
pub const CONTACT_NAME_MAX: usize = 30;
pub const NOTE_MAX: usize = 200;
pub const COMMENT_MAX: usize = 500;
/// Places on a new activity when neither the schedule nor the order says.
pub const DEFAULT_QUOTA: i32 = 10;

/// 422 with its own code: the team may not take orders from this station.
fn team_not_eligible(team: &teams::Team) -> ApiError {
    let message = format!(
        "队伍“{}”不能承接该订单：只有市级总队、行业支队及其小分队，或站点上级区域的队伍可以接单",
        team.name
    );
    ApiError {
        errors: vec![FieldError::new("team_id", "team_not_eligible", &message)],
        ..ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "team_not_eligible",
            message,
        )
    }
}

fn not_dispatched() -> ApiError {
    ApiError::conflict("not_dispatched", "该订单未派给任何队伍：队伍请直接接单")
}

fn trimmed(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// A move's note: optional, up to [`NOTE_MAX`] characters.
fn check_note(field: &str, note: Option<&str>) -> ApiResult<Option<String>> {
    let mut e = Errors::default();
    e.optional_text(field, note, NOTE_MAX);
    e.into_result().map_err(ApiError::validation)?;
    Ok(trimmed(note))
}

/// A required reason (declining, cancelling): 1–[`NOTE_MAX`] characters.
fn check_reason(r: &OrderReason) -> ApiResult<String> {
    let mut e = Errors::default();
    e.text("reason", &r.reason, 1, NOTE_MAX);
    e.into_result().map_err(ApiError::validation)?;
    Ok(r.reason.trim().to_owned())
}

/// Lands a move: the status from the order as read to `to` with `changes`, only if it is
/// still there (and, with `dispatched_to`, still dispatched so); then its timeline entry and
/// audit row. Someone else moved it first: 409 with where it is now. Answers the order now.
#[allow(clippy::too_many_arguments)]
fn land(
    conn: &mut DbConn,
    order: &db::Order,
    action: OrderAction,
    to: OrderStatus,
    dispatched_to: Option<Option<i64>>,
    changes: &OrderChanges,
    by: Option<&AuthUser>,
    team_id: Option<i64>,
    note: Option<String>,
) -> ApiResult<db::Order> {
    let at = youai_db::now();
    if !db::advance(conn, order.id, order.status, dispatched_to, to, changes, at)? {
        return Err(lost_race(conn, order.id, action)?);
    }
    record(conn, order, action, to, by, team_id, note, at)?;
    find(conn, order.id)
}

/// The needs of an order take a step with it (`Match`, `StartService`, `Fulfil`): those
/// where the step is legal move, each with an event naming the order; others stay as they are
/// (withdrawn or merged before the order was taken, say).
fn needs_follow(
    conn: &mut DbConn,
    order: &db::Order,
    step: NeedMove,
    by: Option<i64>,
) -> ApiResult<()> {
    let kind = match step {
        NeedMove::StartService => NeedEventKind::InService,
        NeedMove::Fulfil => NeedEventKind::Fulfilled,
        _ => NeedEventKind::Link,
    };
    for need_id in db::need_ids(conn, order.id)? {
        let Some(need) = needs::find(conn, need_id)? else {
            continue;
        };
        let Some(to) = need_rules::next(need.status, step) else {
            continue;
        };
        needs::set_status(conn, need_id, to)?;
        needs::insert_event(
            conn,
            &needs::NewEvent {
                need_id,
                kind,
                from_status: Some(need.status),
                to_status: Some(to),
                actor_id: by,
                note: None,
                details: Some(youai_db::json::Json(serde_json::json!({
                    "order_id": order.id, "order_title": order.title,
                    "activity_id": order.activity_id, "team_id": order.team_id,
                }))),
            },
        )?;
        crate::outbox::hooks::need_moved(conn, need_id, need.status, by)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Opening (开单, 点单)
// ---------------------------------------------------------------------------------------------

fn check_new(n: &NewOrder, today: chrono::NaiveDate) -> Errors {
    let mut e = Errors::default();
    match (n.direction, n.title.as_deref()) {
        (_, Some(t)) => e.text("title", t, 2, TITLE_MAX),
        (OrderDirection::Request, None) => e.add("title", "required", "请填写订单标题"),
        (OrderDirection::Menu, None) => {}
    }
    e.optional_text("description", n.description.as_deref(), DESCRIPTION_MAX);
    e.optional_text("address", n.address.as_deref(), ADDRESS_MAX);
    e.optional_text("contact_name", n.contact_name.as_deref(), CONTACT_NAME_MAX);
    if let Some(p) = n.contact_phone.as_deref()
        && !is_mobile_phone(p.trim())
    {
        e.add(
            "contact_phone",
            "invalid_phone",
            "手机号须为 11 位中国大陆手机号（1[3-9] 开头）",
        );
    }
    if let Some(v) = n.volunteers_wanted
        && !(1..=1000).contains(&v)
    {
        e.add(
            "volunteers_wanted",
            "out_of_range",
            "需要志愿者人数须在 1 到 1000 之间",
        );
    }
    let ahead = (n.wanted_on - today).num_days();
    if ahead < 0 {
        e.add("wanted_on", "in_the_past", "服务日期不能早于今天");
    } else if ahead > rules::MAX_DAYS_AHEAD {
        e.add(
            "wanted_on",
            "too_far_ahead",
            format!("服务日期最多提前 {} 天", rules::MAX_DAYS_AHEAD),
        );
    }
    match n.direction {
        OrderDirection::Request => {
            if n.category_id.is_none() {
                e.add("category_id", "required", "开单须选择需求类别");
            }
            if n.volunteers_wanted.is_none() {
                e.add(
                    "volunteers_wanted",
                    "required",
                    "开单须填写需要的志愿者人数",
                );
            }
            if n.menu_item_id.is_some() {
                e.add(
                    "menu_item_id",
                    "not_allowed",
                    "开单（request）不指定菜单项目；点单请用 menu",
                );
            }
            if n.need_ids.len() > MAX_NEEDS {
                e.add(
                    "need_ids",
                    "too_many",
                    format!("一张订单最多对接 {MAX_NEEDS} 条需求"),
                );
            }
        }
        OrderDirection::Menu => {
            if n.menu_item_id.is_none() {
                e.add("menu_item_id", "required", "点单须选择菜单项目");
            }
            if n.category_id.is_some() {
                e.add(
                    "category_id",
                    "not_allowed",
                    "点单的类别即菜单项目的类别，不能另填",
                );
            }
            if !n.need_ids.is_empty() {
                e.add("need_ids", "not_allowed", "只有开单（request）可以对接需求");
            }
        }
    }
    e
}

/// What a menu order takes from its item: the title by default and the serving team.
struct FromMenu {
    title: Option<String>,
    team_id: Option<i64>,
}

/// Checks a menu order against its item: active, serving the station, far enough ahead.
fn check_menu(
    conn: &mut DbConn,
    item_id: i64,
    station: &areas::Area,
    wanted_on: chrono::NaiveDate,
    today: chrono::NaiveDate,
    e: &mut Errors,
) -> ApiResult<FromMenu> {
    let none = FromMenu {
        title: None,
        team_id: None,
    };
    let Some(item) = menu::find(conn, item_id)? else {
        e.add("menu_item_id", "not_found", "菜单项目不存在");
        return Ok(none);
    };
    if item.status != MenuItemStatus::Active {
        e.add(
            "menu_item_id",
            "menu_item_withdrawn",
            "该项目已下架，不能再点单",
        );
    }
    let mut served = false;
    for (_, area_id) in menu::areas_of(conn, &[item.id])? {
        if let Some(a) = areas::find(conn, area_id)?
            && station.path.starts_with(&a.path)
        {
            served = true;
            break;
        }
    }
    if !served {
        e.add(
            "menu_item_id",
            "not_served",
            format!("该项目不服务“{}”", station.name),
        );
    }
    let ahead = (wanted_on - today).num_days();
    if (0..i64::from(item.lead_days)).contains(&ahead) {
        e.add(
            "wanted_on",
            "too_soon",
            format!("该项目须至少提前 {} 天点单", item.lead_days),
        );
    }
    let title = adb::find_project(conn, item.project_id)?.map(|p| p.title);
    Ok(FromMenu {
        title,
        team_id: item.provider_team_id,
    })
}

/// Checks the needs a request order answers: accepted needs of the station's area (or below),
/// each in no other order (409 `need_in_other_order`).
fn check_needs(
    conn: &mut DbConn,
    ids: &[i64],
    station: &areas::Area,
    e: &mut Errors,
) -> ApiResult<()> {
    for id in ids {
        let Some(need) = needs::find(conn, *id)? else {
            e.add("need_ids", "not_found", format!("需求 {id} 不存在"));
            continue;
        };
        if need.status != NeedStatus::Accepted {
            e.add(
                "need_ids",
                "need_not_accepted",
                format!(
                    "需求 {id} 的状态为“{}”：只有已受理的需求可以随订单对接",
                    need_rules::status_label(need.status)
                ),
            );
        }
        let inside =
            areas::find(conn, need.area_id)?.is_some_and(|a| a.path.starts_with(&station.path));
        if !inside {
            e.add(
                "need_ids",
                "need_outside_area",
                format!("需求 {id} 不在“{}”范围内", station.name),
            );
        }
    }
    Ok(())
}

/// Opens an order for a station (admins of its area: a village or a town): a request (开单)
/// or a menu order (点单). Its needs join it; its timeline starts with `open`.
pub fn open(conn: &mut DbConn, user: &AuthUser, n: NewOrder) -> ApiResult<db::Order> {
    let today = rules::city_day(chrono::Utc::now());
    let mut e = check_new(&n, today);
    let station = areas::find(conn, n.area_id)?;
    let Some(station) = station else {
        e.add("area_id", "not_found", "区域不存在");
        return Err(ApiError::validation(e.0));
    };
    // Who may open comes before what else the body gets wrong.
    authorize(user, Action::OpenOrders, &Target::Area(&station.path))?;
    if !matches!(station.level, AreaLevel::Village | AreaLevel::Town) {
        e.add(
            "area_id",
            "not_station",
            "开单、点单须以村（社区）或镇（街道）为单位",
        );
    }
    if let Some(v) = n.venue_id {
        match venues::find(conn, v)? {
            None => e.add("venue_id", "not_found", "阵地不存在"),
            Some(v) => {
                let inside = areas::find(conn, v.area_id)?
                    .is_some_and(|a| a.path.starts_with(&station.path));
                if !inside {
                    e.add("venue_id", "venue_outside_area", "阵地须在开单区域内");
                }
            }
        }
    }
    if let Some(c) = n.category_id
        && needs::find_category(conn, c)?.is_none()
    {
        e.add("category_id", "not_found", "需求类别不存在");
    }
    let mut need_ids = n.need_ids.clone();
    need_ids.sort_unstable();
    need_ids.dedup();
    if n.direction == OrderDirection::Request && need_ids.len() <= MAX_NEEDS {
        check_needs(conn, &need_ids, &station, &mut e)?;
    }
    let from_menu = match (n.direction, n.menu_item_id) {
        (OrderDirection::Menu, Some(item)) => Some(check_menu(
            conn,
            item,
            &station,
            n.wanted_on,
            today,
            &mut e,
        )?),
        _ => None,
    };
    let now = chrono::Utc::now();
    if let Some(t) = n.take_by {
        let day_over = rules::city_midnight(n.wanted_on) + chrono::Duration::days(1);
        let in_time = t > now && t <= day_over;
        if !in_time {
            e.add(
                "take_by",
                "out_of_range",
                "接单截止时间须在现在与服务日期当天结束之间",
            );
        }
    }
    e.into_result().map_err(ApiError::validation)?;
    for id in &need_ids {
        if db::order_of_need(conn, *id)?.is_some() {
            return Err(crate::constraints::ORDER_NEEDS_NEED
                .error_with(format!("需求 {id} 已随另一订单对接")));
        }
    }
    let title = match (trimmed(n.title.as_deref()), &from_menu) {
        (Some(t), _) => t,
        (None, Some(FromMenu { title: Some(t), .. })) => t.clone(),
        (None, _) => return Err(ApiError::field("title", "required", "请填写订单标题")),
    };
    let at = youai_db::now();
    let take_by = n
        .take_by
        .unwrap_or_else(|| rules::default_take_by(now, n.wanted_on));
    let row = db::NewOrderRow {
        direction: n.direction,
        status: OrderStatus::Open,
        area_id: station.id,
        venue_id: n.venue_id,
        title,
        description: trimmed(n.description.as_deref()),
        category_id: n.category_id,
        menu_item_id: n
            .menu_item_id
            .filter(|_| n.direction == OrderDirection::Menu),
        wanted_on: n.wanted_on,
        volunteers_wanted: n.volunteers_wanted,
        address: trimmed(n.address.as_deref()),
        contact_name: trimmed(n.contact_name.as_deref()),
        contact_phone: trimmed(n.contact_phone.as_deref()),
        take_by: chrono::SubsecRound::trunc_subsecs(take_by.naive_utc(), 6),
        team_id: from_menu.and_then(|m| m.team_id),
        created_by: Some(user.id),
        created_at: at,
        updated_at: at,
    };
    let order = db::insert(conn, &row)?;
    db::attach_needs(conn, order.id, &need_ids)?;
    record(
        conn,
        &order,
        OrderAction::Open,
        OrderStatus::Open,
        Some(user),
        order.team_id,
        None,
        at,
    )?;
    Ok(order)
}

// ---------------------------------------------------------------------------------------------
// Seeing an order
// ---------------------------------------------------------------------------------------------

/// The order, if the caller is anything to it: the station's staff, admins above it, the
/// serving side, the team it is dispatched to, or — while a request order is open — a leader
/// of a team eligible to take it. Anyone else: 404, as if it did not exist.
pub fn visible(conn: &mut DbConn, user: &AuthUser, id: i64) -> ApiResult<db::Order> {
    let order = find(conn, id)?;
    if actors(conn, user, &order)?.is_empty() {
        return Err(ApiError::not_found("订单"));
    }
    Ok(order)
}

/// An order's timeline, oldest first, with who moved it and for which team.
pub fn timeline(conn: &mut DbConn, user: &AuthUser, id: i64) -> ApiResult<Vec<OrderEvent>> {
    let order = visible(conn, user, id)?;
    let mut people: HashMap<i64, Option<String>> = HashMap::new();
    let mut team_names: HashMap<i64, Option<String>> = HashMap::new();
    let mut out = Vec::new();
    for e in db::events(conn, order.id)? {
        let actor_name = match e.actor_id {
            Some(u) => match people.get(&u) {
                Some(n) => n.clone(),
                None => {
                    let n = users::find(conn, u)?.map(|u| u.name);
                    people.insert(u, n.clone());
                    n
                }
            },
            None => None,
        };
        let team_name = match e.team_id {
            Some(t) => match team_names.get(&t) {
                Some(n) => n.clone(),
                None => {
                    let n = teams::find(conn, t)?.map(|t| t.name);
                    team_names.insert(t, n.clone());
                    n
                }
            },
            None => None,
        };
        out.push(OrderEvent {
            id: e.id,
            action: e.action,
            from_status: e.from_status,
            to_status: e.to_status,
            actor_id: e.actor_id,
            actor_name,
            team_id: e.team_id,
            team_name,
            note: e.note,
            at: utc(e.at),
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Taking, dispatching, accepting, declining
// ---------------------------------------------------------------------------------------------

fn team_named(conn: &mut DbConn, id: i64) -> ApiResult<teams::Team> {
    teams::find(conn, id)?.ok_or_else(|| ApiError::field("team_id", "not_found", "队伍不存在"))
}

/// A team's leader takes an open request order for it (接单): the caller acts for the team
/// (403 otherwise) and the team is eligible (422 `team_not_eligible` otherwise). Of two teams
/// taking at once, one wins; the other gets 409. Its needs become matched.
pub fn take(conn: &mut DbConn, user: &AuthUser, id: i64, t: OrderTeam) -> ApiResult<db::Order> {
    let note = check_note("note", t.note.as_deref())?;
    let order = find(conn, id)?;
    rules::check_state(order.direction, order.status, OrderAction::Take)?;
    let team = team_named(conn, t.team_id)?;
    if !acts_for_team(conn, user, team.id)? {
        return Err(ApiError::forbidden());
    }
    let station = area(conn, order.area_id)?;
    if !super::team_eligible(conn, &team, &station.path)? {
        return Err(team_not_eligible(&team));
    }
    let (to, _) = require(conn, user, &order, OrderAction::Take)?;
    let changes = OrderChanges {
        team_id: Some(Some(team.id)),
        dispatched_team_id: Some(None),
        taken_at: Some(Some(youai_db::now())),
        ..OrderChanges::default()
    };
    let taken = land(
        conn,
        &order,
        OrderAction::Take,
        to,
        None,
        &changes,
        Some(user),
        Some(team.id),
        note,
    )?;
    needs_follow(conn, &taken, NeedMove::Match, Some(user.id))?;
    Ok(taken)
}

/// An admin above the station offers an open request order to an eligible team (派单); the
/// team accepts or declines. Dispatching again offers it to another team instead.
pub fn dispatch(conn: &mut DbConn, user: &AuthUser, id: i64, t: OrderTeam) -> ApiResult<db::Order> {
    let note = check_note("note", t.note.as_deref())?;
    let order = find(conn, id)?;
    let (to, _) = require(conn, user, &order, OrderAction::Dispatch)?;
    let team = team_named(conn, t.team_id)?;
    let station = area(conn, order.area_id)?;
    if !super::team_eligible(conn, &team, &station.path)? {
        return Err(team_not_eligible(&team));
    }
    let changes = OrderChanges {
        dispatched_team_id: Some(Some(team.id)),
        ..OrderChanges::default()
    };
    land(
        conn,
        &order,
        OrderAction::Dispatch,
        to,
        Some(order.dispatched_team_id),
        &changes,
        Some(user),
        Some(team.id),
        note,
    )
}

/// The team a request order was dispatched to takes it; a menu order's provider accepts it,
/// taking one of its item's places in the month of its date (409 `capacity_exceeded` when the
/// month is full).
pub fn accept(conn: &mut DbConn, user: &AuthUser, id: i64, n: OrderNote) -> ApiResult<db::Order> {
    let note = check_note("note", n.note.as_deref())?;
    let order = find(conn, id)?;
    rules::check_state(order.direction, order.status, OrderAction::Accept)?;
    if order.direction == OrderDirection::Request && order.dispatched_team_id.is_none() {
        return Err(not_dispatched());
    }
    let (to, _) = require(conn, user, &order, OrderAction::Accept)?;
    let now = youai_db::now();
    match order.direction {
        OrderDirection::Request => {
            let team = order.dispatched_team_id;
            let changes = OrderChanges {
                team_id: Some(team),
                dispatched_team_id: Some(None),
                taken_at: Some(Some(now)),
                ..OrderChanges::default()
            };
            let taken = land(
                conn,
                &order,
                OrderAction::Accept,
                to,
                Some(team),
                &changes,
                Some(user),
                team,
                note,
            )?;
            needs_follow(conn, &taken, NeedMove::Match, Some(user.id))?;
            Ok(taken)
        }
        OrderDirection::Menu => {
            let item = order
                .menu_item_id
                .map(|i| menu::find(conn, i))
                .transpose()?
                .flatten()
                .ok_or_else(|| ApiError::not_found("菜单项目"))?;
            let changes = OrderChanges {
                taken_at: Some(Some(now)),
                ..OrderChanges::default()
            };
            let taken = land(
                conn,
                &order,
                OrderAction::Accept,
                to,
                None,
                &changes,
                Some(user),
                order.team_id,
                note,
            )?;
            let month = rules::month_of(order.wanted_on);
            if !menu::take(conn, item.id, month, item.capacity_per_month)? {
                return Err(ApiError::conflict(
                    "capacity_exceeded",
                    format!(
                        "该项目 {} 月的 {} 个名额已满，不能再接单",
                        chrono::Datelike::month(&month),
                        item.capacity_per_month
                    ),
                ));
            }
            Ok(taken)
        }
    }
}

/// The team a request order was dispatched to declines it (it is open again, for others); a
/// menu order's provider declines it (it is cancelled). A reason is required.
pub fn decline(
    conn: &mut DbConn,
    user: &AuthUser,
    id: i64,
    r: OrderReason,
) -> ApiResult<db::Order> {
    let reason = check_reason(&r)?;
    let order = find(conn, id)?;
    rules::check_state(order.direction, order.status, OrderAction::Decline)?;
    if order.direction == OrderDirection::Request && order.dispatched_team_id.is_none() {
        return Err(not_dispatched());
    }
    let (to, _) = require(conn, user, &order, OrderAction::Decline)?;
    match order.direction {
        OrderDirection::Request => {
            let team = order.dispatched_team_id;
            let changes = OrderChanges {
                dispatched_team_id: Some(None),
                ..OrderChanges::default()
            };
            land(
                conn,
                &order,
                OrderAction::Decline,
                to,
                Some(team),
                &changes,
                Some(user),
                team,
                Some(reason),
            )
        }
        OrderDirection::Menu => {
            let changes = OrderChanges {
                cancel_reason: Some(Some(reason.clone())),
                ..OrderChanges::default()
            };
            let closed = land(
                conn,
                &order,
                OrderAction::Decline,
                to,
                None,
                &changes,
                Some(user),
                order.team_id,
                Some(reason),
            )?;
            release_by(conn, &order, Some(user.id))?;
            Ok(closed)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Scheduling and completion
// ---------------------------------------------------------------------------------------------

/// The activity an order is scheduled with: an existing one the serving side runs, or a new
/// one (a draft) made through the activities service.
fn activity_for(
    conn: &mut DbConn,
    user: &AuthUser,
    order: &db::Order,
    s: &OrderSchedule,
) -> ApiResult<Activity> {
    let item = match order.menu_item_id {
        Some(i) => menu::find(conn, i)?,
        None => None,
    };
    if let Some(aid) = s.activity_id {
        let a = adb::find_activity(conn, aid)?
            .ok_or_else(|| ApiError::field("activity_id", "not_found", "活动不存在"))?;
        let ours = match (&item, order.team_id) {
            (Some(item), _) => {
                item.provider_team_id == Some(a.team_id) || a.project_id == item.project_id
            }
            (None, Some(team)) => a.team_id == team,
            (None, None) => false,
        };
        if !ours {
            return Err(ApiError::field(
                "activity_id",
                "activity_not_serving",
                "只能关联承接方自己的活动（或菜单项目所属项目的活动）",
            ));
        }
        if a.status == ActivityStatus::Cancelled {
            return Err(ApiError::field(
                "activity_id",
                "activity_cancelled",
                "该活动已取消，不能用于排期",
            ));
        }
        return Ok(a);
    }
    let mut e = Errors::default();
    if s.start_at.is_none() {
        e.add(
            "start_at",
            "required",
            "请关联已有活动，或填写新活动的开始时间",
        );
    }
    if s.end_at.is_none() {
        e.add(
            "end_at",
            "required",
            "请关联已有活动，或填写新活动的结束时间",
        );
    }
    e.optional_text("address", s.address.as_deref(), ADDRESS_MAX);
    let project_id = match (&item, s.project_id) {
        (Some(item), None) => Some(item.project_id),
        (Some(item), Some(p)) if p == item.project_id => Some(p),
        (Some(_), Some(_)) => {
            e.add(
                "project_id",
                "not_allowed",
                "点单的活动属于菜单项目所属的服务项目",
            );
            None
        }
        (None, None) => {
            e.add(
                "project_id",
                "required",
                "开单没有所属项目：请指定新活动所属的服务项目",
            );
            None
        }
        (None, Some(p)) => Some(p),
    };
    let team_id = s
        .team_id
        .or(order.team_id)
        .or_else(|| item.as_ref().and_then(|i| i.provider_team_id));
    if team_id.is_none() {
        e.add("team_id", "required", "须指定承办活动的队伍");
    }
    e.into_result().map_err(ApiError::validation)?;
    let (Some(start_at), Some(end_at), Some(project_id), Some(team_id)) =
        (s.start_at, s.end_at, project_id, team_id)
    else {
        return Err(ApiError::internal("schedule fields checked above"));
    };
    let n = NewActivity {
        project_id,
        team_id: Some(team_id),
        title: order.title.clone(),
        description: order.description.clone(),
        start_at,
        end_at,
        signup_deadline: start_at,
        venue_id: s.venue_id.or(order.venue_id),
        area_id: Some(order.area_id),
        address: trimmed(s.address.as_deref()).or_else(|| order.address.clone()),
        latitude: None,
        longitude: None,
        checkin_radius_m: None,
        quota: s.quota.or(order.volunteers_wanted).unwrap_or(DEFAULT_QUOTA),
        skill_ids: Vec::new(),
        min_age: None,
        risk_level: None,
        auto_accept: None,
        auto_verify: None,
        need_id: None,
    };
    Ok(crate::services::activities::create(conn, user, n)?.0)
}

/// The serving side schedules a taken order: links an activity it runs, or creates one (see
/// [`OrderSchedule`]). Its needs go into service. An activity that already finished completes
/// the order at once.
pub fn schedule(
    conn: &mut DbConn,
    user: &AuthUser,
    id: i64,
    s: OrderSchedule,
) -> ApiResult<db::Order> {
    let order = find(conn, id)?;
    let (to, _) = require(conn, user, &order, OrderAction::Schedule)?;
    let a = activity_for(conn, user, &order, &s)?;
    let changes = OrderChanges {
        activity_id: Some(Some(a.id)),
        scheduled_at: Some(Some(youai_db::now())),
        ..OrderChanges::default()
    };
    let scheduled = land(
        conn,
        &order,
        OrderAction::Schedule,
        to,
        None,
        &changes,
        Some(user),
        order.team_id,
        Some(format!("活动：{}（#{}）", a.title, a.id)),
    )?;
    needs_follow(conn, &scheduled, NeedMove::StartService, Some(user.id))?;
    if a.status == ActivityStatus::Finished {
        return complete(conn, user, scheduled, &a);
    }
    Ok(scheduled)
}

/// A scheduled order completes as its activity finishes (the system's move, made on behalf of
/// whoever finished it); its needs are fulfilled. An order someone else moved meanwhile is
/// left as it is.
fn complete(
    conn: &mut DbConn,
    user: &AuthUser,
    order: db::Order,
    a: &Activity,
) -> ApiResult<db::Order> {
    let Some(to) = rules::next(
        order.direction,
        order.status,
        OrderAction::Complete,
        OrderActor::System,
    ) else {
        return Ok(order);
    };
    let at = youai_db::now();
    let changes = OrderChanges {
        completed_at: Some(Some(at)),
        ..OrderChanges::default()
    };
    if !db::advance(conn, order.id, order.status, None, to, &changes, at)? {
        return find(conn, order.id);
    }
    record(
        conn,
        &order,
        OrderAction::Complete,
        to,
        Some(user),
        order.team_id,
        Some(format!("活动“{}”已结束", a.title)),
        at,
    )?;
    // Needs still matched (scheduled before they were) go through service to fulfilment.
    needs_follow(conn, &order, NeedMove::StartService, Some(user.id))?;
    needs_follow(conn, &order, NeedMove::Fulfil, Some(user.id))?;
    find(conn, order.id)
}

/// Orders follow their activity: when it finishes, every order scheduled with it completes.
/// Called by the activities service inside the transition's transaction.
pub fn follow_activity(
    conn: &mut DbConn,
    user: &AuthUser,
    a: &Activity,
    action: ActivityAction,
) -> ApiResult<()> {
    if action != ActivityAction::Finish {
        return Ok(());
    }
    for order in db::for_activity(conn, a.id)? {
        if order.status == OrderStatus::Scheduled {
            complete(conn, user, order, a)?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Evaluating and cancelling
// ---------------------------------------------------------------------------------------------

/// The ordering station rates a completed order (评单), once: a second time is 409
/// `already_evaluated` (with the state and the moves allowed, as any illegal move).
pub fn evaluate(
    conn: &mut DbConn,
    user: &AuthUser,
    id: i64,
    ev: OrderEvaluation,
) -> ApiResult<db::Order> {
    let mut e = Errors::default();
    if !(1..=5).contains(&ev.rating) {
        e.add("rating", "out_of_range", "评分须在 1 到 5 之间");
    }
    e.optional_text("comment", ev.comment.as_deref(), COMMENT_MAX);
    e.into_result().map_err(ApiError::validation)?;
    let comment = trimmed(ev.comment.as_deref());
    let order = find(conn, id)?;
    if order.status == OrderStatus::Evaluated {
        let mut err = ApiError::from(IllegalMove {
            from: order.status,
            attempted: OrderAction::Evaluate,
            allowed: rules::moves_from(order.direction, order.status),
        });
        err.code = "already_evaluated";
        err.detail = "该订单已评单，每张订单只能评一次".to_owned();
        return Err(err);
    }
    let (to, _) = require(conn, user, &order, OrderAction::Evaluate)?;
    let changes = OrderChanges {
        rating: Some(Some(ev.rating)),
        comment: Some(comment.clone()),
        evaluated_at: Some(Some(youai_db::now())),
        ..OrderChanges::default()
    };
    let note = Some(match &comment {
        Some(c) => format!("{} 星：{c}", ev.rating),
        None => format!("{} 星", ev.rating),
    });
    land(
        conn,
        &order,
        OrderAction::Evaluate,
        to,
        None,
        &changes,
        Some(user),
        order.team_id,
        note,
    )
}

/// The ordering station or an admin above it cancels an order not yet completed, with a
/// reason: a menu order gives its place back; a request order's needs go back to accepted.
pub fn cancel(conn: &mut DbConn, user: &AuthUser, id: i64, r: OrderReason) -> ApiResult<db::Order> {
    let reason = check_reason(&r)?;
    let order = find(conn, id)?;
    let (to, _) = require(conn, user, &order, OrderAction::Cancel)?;
    let changes = OrderChanges {
        cancel_reason: Some(Some(reason.clone())),
        ..OrderChanges::default()
    };
    let closed = land(
        conn,
        &order,
        OrderAction::Cancel,
        to,
        None,
        &changes,
        Some(user),
        order.team_id,
        Some(reason),
    )?;
    release_by(conn, &order, Some(user.id))?;
    Ok(closed)
}
