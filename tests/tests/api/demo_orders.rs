//! The demo's two-way ordering, checked after [`crate::demo`] loads it: about a hundred
//! services on the menu; orders of both directions in every state (open ones escalated and
//! dispatched among them); every timeline running from `open` to the order's state with its
//! times in order and before the demo's day; activities that agree with the orders' states and
//! serving teams; needs in states their orders allow; the menu's monthly counters equal to the
//! orders accepted each month and within capacity; and the figures in `/stats`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::Value;
use youai_domain::orders as dom;
use youai_tests::{TestApp, json_of};
use youai_types::{ActivityStatus, NeedStatus, OrderAction, OrderDirection, OrderStatus};

type Row = (
    i64,
    OrderDirection,
    OrderStatus,
    i64,
    Option<i64>,
    NaiveDate,
    NaiveDateTime,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<NaiveDateTime>,
    Option<String>,
    Option<i32>,
);

type Times = (
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    NaiveDateTime,
);

/// A timeline entry: (action, from, to, (actor, team), at).
type Entry = (
    OrderAction,
    Option<OrderStatus>,
    OrderStatus,
    (Option<i64>, Option<i64>),
    NaiveDateTime,
);

/// Everything wrong the checks found, and what they counted.
#[derive(Default, Debug)]
struct Seen {
    menu_items: i64,
    orders: usize,
    states: BTreeMap<(String, String), usize>,
    escalated_open: usize,
    dispatched_open: usize,
    with_needs: usize,
    /// The first order of each direction and state: (id, state).
    samples: BTreeMap<(String, String), (i64, String)>,
    problems: Vec<String>,
}

fn seen(conn: &mut youai_db::DbConn) -> Seen {
    use youai_db::schema::{
        activities as a, areas, menu_item_months as mm, menu_items as mi, needs as n,
        order_events as ev, order_needs as on, orders as o, teams,
    };
    let mut s = Seen::default();
    let now = dom::city_midnight(youai_tests::demo_as_of()).naive_utc();
    s.menu_items = mi::table.count().get_result(conn).unwrap();
    // Each menu item's capacity, providing team and project.
    let capacity: HashMap<i64, (i32, Option<i64>, i64)> = mi::table
        .select((
            mi::id,
            mi::capacity_per_month,
            mi::provider_team_id,
            mi::project_id,
        ))
        .load::<(i64, i32, Option<i64>, i64)>(conn)
        .unwrap()
        .into_iter()
        .map(|(id, c, t, p)| (id, (c, t, p)))
        .collect();
    let parents: HashMap<i64, Option<i64>> = areas::table
        .select((areas::id, areas::parent_id))
        .load(conn)
        .unwrap()
        .into_iter()
        .collect();
    let rows: Vec<Row> = o::table
        .order(o::id.asc())
        .select((
            o::id,
            o::direction,
            o::status,
            o::area_id,
            o::menu_item_id,
            o::wanted_on,
            o::take_by,
            o::team_id,
            o::dispatched_team_id,
            o::escalated_to,
            o::escalated_at,
            o::cancel_reason,
            o::rating,
        ))
        .load(conn)
        .unwrap();
    let times: HashMap<i64, Times> = o::table
        .select((
            o::id,
            (
                o::created_at,
                o::taken_at,
                o::scheduled_at,
                o::completed_at,
                o::evaluated_at,
                o::updated_at,
            ),
        ))
        .load::<(i64, Times)>(conn)
        .unwrap()
        .into_iter()
        .collect();
    let activity_of: HashMap<i64, i64> = o::table
        .filter(o::activity_id.is_not_null())
        .select((o::id, o::activity_id.assume_not_null()))
        .load(conn)
        .unwrap()
        .into_iter()
        .collect();
    let activities: HashMap<i64, (i64, ActivityStatus, NaiveDateTime, i64)> = a::table
        .filter(a::id.eq_any(activity_of.values().copied().collect::<Vec<_>>()))
        .select((a::id, (a::team_id, a::status, a::start_at, a::project_id)))
        .load(conn)
        .unwrap()
        .into_iter()
        .collect();
    let approved: BTreeSet<i64> = teams::table
        .select(teams::id)
        .load(conn)
        .unwrap()
        .into_iter()
        .collect();
    let mut events: HashMap<i64, Vec<Entry>> = HashMap::new();
    for (order, action, from, to, actor, team, at) in ev::table
        .order(ev::id.asc())
        .select((
            ev::order_id,
            ev::action,
            ev::from_status,
            ev::to_status,
            ev::actor_id,
            ev::team_id,
            ev::at,
        ))
        .load::<(
            i64,
            OrderAction,
            Option<OrderStatus>,
            OrderStatus,
            Option<i64>,
            Option<i64>,
            NaiveDateTime,
        )>(conn)
        .unwrap()
    {
        events
            .entry(order)
            .or_default()
            .push((action, from, to, (actor, team), at));
    }
    let needs: Vec<(i64, NeedStatus)> = on::table
        .inner_join(n::table)
        .select((on::order_id, n::status))
        .load(conn)
        .unwrap();
    let mut accepted: BTreeMap<(i64, NaiveDate), i32> = BTreeMap::new();
    let mut bad = |what: String| s.problems.push(what);
    for r in &rows {
        let (
            id,
            direction,
            status,
            area,
            item,
            wanted_on,
            take_by,
            team,
            dispatched,
            esc_to,
            esc_at,
            reason,
            rating,
        ) = r.clone();
        let key = (direction.as_str().to_owned(), status.as_str().to_owned());
        s.samples
            .entry(key.clone())
            .or_insert((id, status.as_str().to_owned()));
        *s.states.entry(key).or_default() += 1;
        let t = times[&id];
        if take_by != dom::default_take_by(t.0.and_utc(), wanted_on).naive_utc() {
            bad(format!("{id}: take_by {take_by}"));
        }
        let ordered: Vec<NaiveDateTime> = [Some(t.0), t.1, t.2, t.3, t.4]
            .into_iter()
            .flatten()
            .collect();
        if !ordered.windows(2).all(|w| w[0] < w[1]) {
            bad(format!("{id}: times out of order {t:?}"));
        }
        let ev = events.get(&id).cloned().unwrap_or_default();
        match ev.first() {
            Some((OrderAction::Open, None, OrderStatus::Open, (Some(_), None), at))
                if *at == t.0 => {}
            other => bad(format!("{id}: first entry {other:?}")),
        }
        if !ev
            .windows(2)
            .all(|w| w[0].4 < w[1].4 && w[1].1 == Some(w[0].2))
        {
            bad(format!("{id}: timeline {ev:?}"));
        }
        if ev.last().map(|e| e.2) != Some(status) || ev.last().map(|e| e.4) != Some(t.5) {
            bad(format!(
                "{id}: ends {:?}, the order is {status:?}",
                ev.last()
            ));
        }
        if ev.iter().any(|e| e.4 >= now) {
            bad(format!("{id}: a move on or after the demo's day"));
        }
        for (action, from, to, (actor, team), _) in ev.iter().skip(1) {
            // The timer's moves name nobody (completing names the activity's team); a
            // station's or an admin's name a person; a team's name the team, and its leader
            // when they have an account.
            let ok = match action {
                OrderAction::Escalate | OrderAction::Expire => actor.is_none() && team.is_none(),
                OrderAction::Complete => actor.is_none(),
                OrderAction::Take | OrderAction::Schedule => team.is_some(),
                OrderAction::Accept | OrderAction::Decline => actor.is_some() || team.is_some(),
                _ => actor.is_some(),
            };
            if !ok {
                bad(format!("{id}: {action:?} by {actor:?} of {team:?}"));
            }
            let legal = dom::OrderActor::ALL
                .iter()
                .any(|w| from.is_some_and(|f| dom::next(direction, f, *action, *w) == Some(*to)));
            if !legal {
                bad(format!("{id}: {from:?} {action:?} → {to:?}"));
            }
        }
        if esc_to.is_some() != esc_at.is_some() || esc_to.is_some_and(|e| Some(e) != parents[&area])
        {
            bad(format!("{id}: escalated to {esc_to:?}"));
        }
        if status == OrderStatus::Open && esc_to.is_some() {
            s.escalated_open += 1;
        }
        if status == OrderStatus::Open && dispatched.is_some() {
            s.dispatched_open += 1;
        }
        if (status == OrderStatus::Cancelled) != reason.is_some()
            || (status == OrderStatus::Evaluated) != rating.is_some()
        {
            bad(format!("{id}: reason {reason:?}, rating {rating:?}"));
        }
        let with_activity = matches!(
            status,
            OrderStatus::Scheduled | OrderStatus::Completed | OrderStatus::Evaluated
        );
        match (
            with_activity,
            activity_of.get(&id).and_then(|a| activities.get(a)),
        ) {
            (false, None) => {}
            (true, Some((runner, a_status, start, project))) => {
                let finished = *a_status == ActivityStatus::Finished;
                if finished != (status != OrderStatus::Scheduled) || (!finished && *start < now) {
                    bad(format!(
                        "{id}: {status:?} with an activity {a_status:?} at {start}"
                    ));
                }
                // A request order's activity is its taker's; a menu order's its providing
                // team's, or (an agency's service) one of the service's project.
                let ours = match (direction, item.map(|i| capacity[&i])) {
                    (OrderDirection::Request, _) => team == Some(*runner),
                    (_, Some((_, Some(provider), _))) => provider == *runner,
                    (_, Some((_, None, service))) => service == *project,
                    (_, None) => false,
                };
                if !ours {
                    bad(format!(
                        "{id}: served by {team:?} (item {item:?}), its activity run by {runner} under {project}"
                    ));
                }
            }
            other => bad(format!("{id}: {status:?} with activity {other:?}")),
        }
        if direction == OrderDirection::Request && team.is_some_and(|t| !approved.contains(&t)) {
            bad(format!("{id}: team {team:?}"));
        }
        if let Some(i) = item
            && matches!(
                status,
                OrderStatus::Taken
                    | OrderStatus::Scheduled
                    | OrderStatus::Completed
                    | OrderStatus::Evaluated
            )
        {
            *accepted.entry((i, dom::month_of(wanted_on))).or_default() += 1;
        }
    }
    let by_order: HashMap<i64, OrderStatus> = rows.iter().map(|r| (r.0, r.2)).collect();
    let mut orders_with_needs = BTreeSet::new();
    for (order, need) in &needs {
        orders_with_needs.insert(*order);
        let ok = match by_order[order] {
            // Needs move with their order.
            OrderStatus::Open => *need == NeedStatus::Accepted,
            OrderStatus::Taken => *need == NeedStatus::Matched,
            OrderStatus::Scheduled => *need == NeedStatus::InService,
            OrderStatus::Completed | OrderStatus::Evaluated => *need == NeedStatus::Fulfilled,
            _ => false,
        };
        if !ok {
            bad(format!(
                "order {order} ({:?}) answers a need {need:?}",
                by_order[order]
            ));
        }
    }
    let counters: BTreeMap<(i64, NaiveDate), i32> = mm::table
        .select((mm::menu_item_id, mm::month, mm::taken))
        .load::<(i64, NaiveDate, i32)>(conn)
        .unwrap()
        .into_iter()
        .filter(|c| c.2 > 0)
        .map(|(i, m, n)| ((i, m), n))
        .collect();
    if counters != accepted {
        bad(format!("counters {counters:?} ≠ accepted {accepted:?}"));
    }
    for ((i, m), n) in &counters {
        if *n > capacity[i].0 {
            bad(format!("item {i} over capacity in {m}: {n}"));
        }
    }
    s.orders = rows.len();
    s.with_needs = orders_with_needs.len();
    s
}

/// The demo's orders, loaded with the rest of the demo into `app`.
pub async fn check(app: &TestApp) {
    let pool = app.pool.clone();
    let s = tokio::task::spawn_blocking(move || seen(&mut pool.get().unwrap()))
        .await
        .unwrap();
    assert!(
        s.problems.is_empty(),
        "{} problems: {:#?}",
        s.problems.len(),
        s.problems
    );
    assert!(
        (90..=115).contains(&s.menu_items),
        "{} menu items",
        s.menu_items
    );
    assert!(
        (300..=400).contains(&s.orders),
        "{} orders: {:?}",
        s.orders,
        s.states
    );
    for d in OrderDirection::ALL {
        for st in OrderStatus::ALL {
            assert!(
                s.states
                    .contains_key(&(d.as_str().to_owned(), st.as_str().to_owned())),
                "no {d:?} order {st:?}: {:?}",
                s.states
            );
        }
    }
    assert!(s.escalated_open >= 5, "{s:?}");
    assert!(s.dispatched_open >= 5, "{s:?}");
    assert!(s.with_needs >= 10, "{s:?}");
    eprintln!(
        "demo orders: {} menu items, {} orders {:?}",
        s.menu_items, s.orders, s.states
    );

    // An order of each direction and state reads over HTTP, with its timeline, for an admin.
    let admin = app.login(youai_tests::ADMIN).await;
    for (id, status) in s.samples.values() {
        let order: Value = json_of(
            app.get(&format!("/api/v1/orders/{id}"), Some(&admin)).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(order["status"].as_str(), Some(status.as_str()), "{order}");
        let res = app
            .get(&format!("/api/v1/orders/{id}/timeline"), Some(&admin))
            .await;
        assert_eq!(res.status(), StatusCode::OK, "timeline of {id}");
    }
    let menu: Value = json_of(
        app.get("/api/v1/menu-items?limit=100", Some(&admin)).await,
        StatusCode::OK,
    )
    .await;
    assert!(!menu["items"].as_array().unwrap().is_empty(), "{menu}");

    let stats: Value = json_of(app.get("/api/v1/stats", None).await, StatusCode::OK).await;
    let o = &stats["orders"];
    assert_eq!(o["orders"].as_u64(), Some(s.orders as u64), "{o}");
    assert_eq!(o["by_status"].as_array().unwrap().len(), 14, "{o}");
    assert!(o["by_town"].as_array().unwrap().len() >= 8, "{o}");
    let rate = o["completion_rate"].as_f64().unwrap();
    assert!(rate > 0.5 && rate < 1.0, "{o}");
    let rating = o["average_rating"].as_f64().unwrap();
    assert!((3.5..=5.0).contains(&rating), "{o}");
    assert!(o["median_hours_to_take"].as_f64().unwrap() > 0.0, "{o}");
    let m: Value = json_of(
        app.get("/api/v1/stats/monthly?months=12", None).await,
        StatusCode::OK,
    )
    .await;
    let opened: i64 = m["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["orders_opened"].as_i64().unwrap())
        .sum();
    assert_eq!(opened, s.orders as i64, "{m}");
}

/// Every order's direction, state, area, title and day, in id order: the same for the same
/// demo day.
pub async fn fingerprint(app: &TestApp) -> Vec<(OrderDirection, OrderStatus, String, NaiveDate)> {
    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || {
        use youai_db::schema::orders as o;
        o::table
            .order(o::id.asc())
            .select((o::direction, o::status, o::title, o::wanted_on))
            .load(&mut pool.get().unwrap())
            .unwrap()
    })
    .await
    .unwrap()
}
