//! The plan of the demo's ordering: the menu, then orders state by state, each built move by
//! move through the domain's state machine (a move it refuses is recorded in
//! [`Plan::refused`]), with times that only go forward and end before the demo's day.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use youai_db::orders::NewEvent;
use youai_db::orders::demo::{DemoOrder, Run};
use youai_domain::orders::{self as dom, OrderActor, TeamPlace};
use youai_types::{AreaLevel, MenuItemStatus, OrderAction, OrderDirection, OrderStatus};

use super::{HISTORY_DAYS, Inputs, Plan, PlanMenuItem, PlanOrder, SEED, need_state_for};
use crate::rng::SplitMix64;

/// City time (UTC+8) on `day`, `minutes` after midnight, as the UTC the database stores.
fn at(day: NaiveDate, minutes: i64) -> NaiveDateTime {
    day.and_time(NaiveTime::MIN) + Duration::minutes(minutes) - Duration::hours(8)
}

fn city_day(t: NaiveDateTime) -> NaiveDate {
    dom::city_day(t.and_utc())
}

const CONDITIONS: &[&str] = &[
    "需提供可容纳 50 人的场地和投影设备",
    "请提前一周确认参加人数",
    "需村（社区）安排一名联络员全程对接",
    "场地需有电源和音响",
    "每场服务对象不少于 20 人",
    "请提前告知服务对象的主要诉求",
    "需提供室内场地，雨天不外出",
    "适合工作日下午开展",
];

const REQUEST_TITLES: &[(&str, &[&str])] = &[
    (
        "文艺演出",
        &["重阳节文艺汇演", "村晚节目排练指导", "广场文艺演出"],
    ),
    (
        "文体活动",
        &["老年人健身操教学", "亲子趣味运动会", "社区乒乓球友谊赛"],
    ),
    (
        "知识讲座",
        &["防范电信诈骗讲座", "垃圾分类知识讲座", "健康养生知识讲座"],
    ),
    (
        "便民服务",
        &["家电义务维修", "理发义剪进社区", "磨刀修伞便民服务"],
    ),
    (
        "急难愁盼",
        &["独居老人上门探访", "困难家庭心理疏导", "残疾人出行帮扶"],
    ),
    ("脱贫致富", &["农产品电商直播培训", "特色种植技术指导"]),
    (
        "就学就业",
        &["留守儿童作业辅导", "就业技能培训", "暑期青少年托管"],
    ),
    (
        "看病就医",
        &["老年人健康体检义诊", "慢病用药咨询", "中医理疗义诊"],
    ),
    ("住房养老", &["老旧小区适老化改造咨询", "居家养老政策宣讲"]),
];

const CANCEL_REASONS: &[&str] = &[
    "村里临时安排其他工作，活动取消",
    "服务对象已通过其他渠道解决",
    "天气原因，活动改期另行开单",
    "场地临时无法使用",
    "报名群众人数不足",
];

const DECLINE_REASONS: &[&str] = &[
    "当月服务已排满，建议下月再点",
    "所需专业人员当天另有任务",
    "服务地点超出本单位服务范围",
];

const COMMENTS: &[&str] = &[
    "志愿者准时到场，群众很满意",
    "讲得通俗易懂，老人们都听明白了",
    "服务专业热情，希望常来",
    "活动组织有序，效果很好",
    "时间稍短，希望下次多安排一些",
    "解决了村里的实际困难，感谢",
];

const ACCEPT_NOTES: &[&str] = &["按约定时间到场", "已安排专业志愿者", "我队可以承接"];

/// What the plan builds on: the inputs indexed, the generator and what is used up.
struct Ctx<'a> {
    input: &'a Inputs,
    rng: SplitMix64,
    as_of: NaiveDate,
    /// The start of the demo's day: every move happens before it.
    now: NaiveDateTime,
    areas: HashMap<i64, &'a super::AreaIn>,
    villages: Vec<i64>,
    teams: HashMap<i64, &'a super::TeamIn>,
    /// Teams that may take some village's orders, and those villages.
    takers: Vec<(i64, Vec<i64>)>,
    taker_teams: HashSet<i64>,
    used_runs: HashSet<i64>,
    used_needs: HashSet<i64>,
    /// Accepted orders by (menu item, month).
    months: BTreeMap<(usize, NaiveDate), i32>,
    plan: Plan,
}

impl<'a> Ctx<'a> {
    fn path(&self, area: i64) -> &str {
        self.areas.get(&area).map_or("", |a| a.4.as_str())
    }

    fn parent(&self, area: i64) -> Option<i64> {
        self.areas.get(&area).and_then(|a| a.1)
    }

    fn level(&self, area: i64) -> AreaLevel {
        self.areas.get(&area).map_or(AreaLevel::City, |a| a.2)
    }

    fn leader(&self, team: i64) -> Option<i64> {
        self.teams.get(&team).and_then(|t| t.leader)
    }

    /// The admin nearest above `area`: the area admin of a subtree holding it, else the
    /// platform's.
    fn admin_of(&self, area: i64) -> Option<i64> {
        let path = self.path(area).to_owned();
        let mut best: Option<(usize, i64)> = None;
        let mut platform = None;
        for (user, granted) in &self.input.admins {
            match granted {
                None => platform = platform.or(Some(*user)),
                Some(g) => {
                    let p = self.path(*g);
                    if !p.is_empty()
                        && path.starts_with(p)
                        && best.is_none_or(|(len, _)| p.len() > len)
                    {
                        best = Some((p.len(), *user));
                    }
                }
            }
        }
        best.map(|b| b.1).or(platform)
    }

    /// Who dispatches an order of `area`: the admins of the area above, or the platform's.
    fn dispatcher_of(&self, area: i64) -> Option<i64> {
        self.admin_of(self.parent(area).unwrap_or(area))
    }

    fn may_take(&self, team: i64, area: i64) -> bool {
        self.teams.get(&team).is_some_and(|t| {
            dom::team_may_take(
                TeamPlace {
                    kind: t.kind,
                    area_level: self.level(t.area_id),
                    area_path: self.path(t.area_id),
                },
                self.path(area),
            )
        })
    }

    fn serves(&self, item: usize, area: i64) -> bool {
        let path = self.path(area);
        self.plan.menu.get(item).is_some_and(|m| {
            m.area_ids
                .iter()
                .any(|a| path.starts_with(self.path(*a)) && !self.path(*a).is_empty())
        })
    }

    fn pick_village(&mut self) -> i64 {
        let i = self.rng.below(self.villages.len());
        self.villages.get(i).copied().unwrap_or(0)
    }

    fn pick_str(&mut self, items: &[&str]) -> String {
        self.rng.pick(items).copied().unwrap_or_default().to_owned()
    }

    /// A moment `lo..hi` of the way from `a` to `b`, to the minute.
    fn between(&mut self, a: NaiveDateTime, b: NaiveDateTime, lo: u32, hi: u32) -> NaiveDateTime {
        let span = (b - a).num_minutes().max(0);
        let pct = i64::from(self.rng.between(lo, hi));
        a + Duration::minutes((span * pct / 100).max(1).min(span.max(1)))
    }

    /// A working-hours moment of a day (08:30–17:30 city time).
    fn office(&mut self, day: NaiveDate) -> NaiveDateTime {
        at(day, 8 * 60 + 30 + i64::from(self.rng.between(0, 540)))
    }

    fn taken_in(&self, item: usize, month: NaiveDate) -> i32 {
        self.months.get(&(item, month)).copied().unwrap_or(0)
    }

    fn has_room(&self, item: usize, wanted_on: NaiveDate) -> bool {
        self.plan.menu.get(item).is_some_and(|m| {
            m.status == MenuItemStatus::Active
                && self.taken_in(item, dom::month_of(wanted_on)) < m.capacity
        })
    }
}

/// An order being built, move by move.
struct Build {
    order: PlanOrder,
}

impl Build {
    fn status(&self) -> OrderStatus {
        self.order.row.status
    }

    /// A move by `who` (as the order sees them, and their account) at `when`.
    #[allow(clippy::too_many_arguments)]
    fn step(
        &mut self,
        ctx: &mut Ctx<'_>,
        action: OrderAction,
        who: OrderActor,
        actor: Option<i64>,
        team: Option<i64>,
        note: Option<String>,
        when: NaiveDateTime,
    ) {
        let from = self.status();
        let Some(to) = dom::next(self.order.row.direction, from, action, who) else {
            ctx.plan.refused.push(format!(
                "{:?} {from:?} {action:?} by {who:?}: {}",
                self.order.row.direction, self.order.row.title
            ));
            return;
        };
        self.order.events.push(NewEvent {
            order_id: 0,
            action,
            from_status: Some(from),
            to_status: to,
            actor_id: actor,
            team_id: team,
            note,
            at: when,
        });
        self.order.row.status = to;
        self.order.row.updated_at = when;
    }

    /// Escalates if the take-by time passes before `next` (the timer runs a few minutes
    /// after it); returns when the next move may happen.
    fn escalate_before(&mut self, ctx: &mut Ctx<'_>, next: NaiveDateTime) -> NaiveDateTime {
        let take_by = self.order.row.take_by;
        if self.status() != OrderStatus::Open || next < take_by || self.order.escalated {
            return next;
        }
        let room = (next - take_by).num_minutes();
        let delay = i64::from(ctx.rng.between(3, 55)).min((room / 3).max(1));
        let when = take_by + Duration::minutes(delay);
        let to = ctx.parent(self.order.row.area_id);
        self.step(
            ctx,
            OrderAction::Escalate,
            OrderActor::System,
            None,
            None,
            None,
            when,
        );
        self.order.row.escalated_to = to;
        self.order.row.escalated_at = Some(when);
        self.order.escalated = true;
        next.max(when + Duration::minutes(30))
    }
}

/// Opens an order: its row, `open` on its timeline, and its default take-by time.
#[allow(clippy::too_many_arguments)]
fn open(
    ctx: &mut Ctx<'_>,
    direction: OrderDirection,
    area: i64,
    item: Option<usize>,
    team: Option<i64>,
    wanted_on: NaiveDate,
    created: NaiveDateTime,
    needs_in: OrderStatus,
) -> Build {
    let opener = ctx.admin_of(area);
    let village = ctx.areas.get(&area).map_or("", |a| a.3.as_str()).to_owned();
    // Request orders: a need of the station's own, when one in the right state is free.
    let mut needs = Vec::new();
    let mut category = None;
    let mut title = None;
    if direction == OrderDirection::Request {
        let states = need_state_for(needs_in);
        if ctx.rng.percent(60) {
            let found: Vec<(i64, i64, String)> = ctx
                .input
                .needs
                .iter()
                .filter(|n| n.1 == area && states.contains(&n.2) && !ctx.used_needs.contains(&n.0))
                .map(|n| (n.0, n.3, n.4.clone()))
                .take(2)
                .collect();
            for (id, cat, t) in found.into_iter().take(1 + ctx.rng.below(2)) {
                ctx.used_needs.insert(id);
                needs.push(id);
                category = category.or(Some(cat));
                title = title.or(Some(t));
            }
        }
        if category.is_none() {
            let i = ctx.rng.below(ctx.input.categories.len());
            category = ctx.input.categories.get(i).map(|c| c.0);
        }
        if title.is_none() {
            let name = ctx
                .input
                .categories
                .iter()
                .find(|c| Some(c.0) == category)
                .map_or("", |c| c.1.as_str());
            let titles = REQUEST_TITLES
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(&["志愿服务需求"][..], |(_, t)| *t);
            title = Some(ctx.pick_str(titles));
        }
    } else if let Some(m) = item.and_then(|i| ctx.plan.menu.get(i)) {
        title = ctx
            .input
            .projects
            .iter()
            .find(|p| p.0 == m.project_id)
            .map(|p| p.1.clone());
    }
    let contact = crate::lists::person_name(&mut ctx.rng);
    let phone = format!("139{:08}", ctx.rng.below(100_000_000));
    let take_by = dom::default_take_by(created.and_utc(), wanted_on).naive_utc();
    let volunteers = (direction == OrderDirection::Request).then(|| ctx.rng.between(2, 12) as i32);
    let row = DemoOrder {
        direction,
        status: OrderStatus::Open,
        area_id: area,
        venue_id: None,
        title: title.unwrap_or_else(|| "志愿服务".to_owned()),
        description: Some(format!(
            "{village}群众提出，由新时代文明实践站{}",
            match direction {
                OrderDirection::Request => "开单，请志愿服务队伍接单",
                OrderDirection::Menu => "从供单目录中点单",
            }
        )),
        category_id: category.filter(|_| direction == OrderDirection::Request),
        menu_item_id: None,
        wanted_on,
        volunteers_wanted: volunteers,
        address: Some(format!("{village}新时代文明实践站")),
        contact_name: Some(contact),
        contact_phone: Some(phone),
        take_by,
        team_id: team.filter(|_| direction == OrderDirection::Menu),
        dispatched_team_id: None,
        activity_id: None,
        escalated_to: None,
        escalated_at: None,
        rating: None,
        comment: None,
        cancel_reason: None,
        created_by: opener,
        created_at: created,
        updated_at: created,
        taken_at: None,
        scheduled_at: None,
        completed_at: None,
        evaluated_at: None,
    };
    let events = vec![NewEvent {
        order_id: 0,
        action: OrderAction::Open,
        from_status: None,
        to_status: OrderStatus::Open,
        actor_id: opener,
        team_id: None,
        note: None,
        at: created,
    }];
    Build {
        order: PlanOrder {
            row,
            menu_item: item,
            needs,
            events,
            escalated: false,
            dispatched: false,
        },
    }
}

/// Where an order ends up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Open,
    Escalated,
    Dispatched,
    Taken,
    Scheduled,
    Completed,
    Evaluated,
    /// Cancelled by the station while open.
    CancelledOpen,
    /// Cancelled by the station after being taken.
    CancelledTaken,
    /// Declined by a menu item's provider.
    Declined,
    ExpiredOpen,
    ExpiredTaken,
}

impl Target {
    fn served(self) -> bool {
        matches!(
            self,
            Target::Taken | Target::Scheduled | Target::Completed | Target::Evaluated
        ) || matches!(self, Target::CancelledTaken | Target::ExpiredTaken)
    }

    /// The state the order's needs are in while it stands (for the needs it carries).
    fn status(self) -> OrderStatus {
        match self {
            Target::Open | Target::Escalated | Target::Dispatched => OrderStatus::Open,
            Target::Taken => OrderStatus::Taken,
            Target::Scheduled => OrderStatus::Scheduled,
            Target::Completed => OrderStatus::Completed,
            Target::Evaluated => OrderStatus::Evaluated,
            Target::CancelledOpen | Target::CancelledTaken | Target::Declined => {
                OrderStatus::Cancelled
            }
            Target::ExpiredOpen | Target::ExpiredTaken => OrderStatus::Expired,
        }
    }
}

/// How many orders of each direction end in each target.
const REQUESTS: &[(Target, usize)] = &[
    (Target::Open, 18),
    (Target::Escalated, 10),
    (Target::Dispatched, 10),
    (Target::Taken, 20),
    (Target::Scheduled, 20),
    (Target::Completed, 30),
    (Target::Evaluated, 50),
    (Target::CancelledOpen, 10),
    (Target::CancelledTaken, 6),
    (Target::ExpiredOpen, 10),
    (Target::ExpiredTaken, 5),
];
const MENU: &[(Target, usize)] = &[
    (Target::Open, 16),
    (Target::Escalated, 5),
    (Target::Taken, 20),
    (Target::Scheduled, 16),
    (Target::Completed, 25),
    (Target::Evaluated, 45),
    (Target::CancelledOpen, 6),
    (Target::CancelledTaken, 5),
    (Target::Declined, 8),
    (Target::ExpiredOpen, 6),
    (Target::ExpiredTaken, 4),
];

/// Builds the menu and the orders as of `as_of`: pure.
pub fn plan(input: &Inputs, as_of: NaiveDate) -> Plan {
    let now = at(as_of, 0);
    let areas: HashMap<i64, &super::AreaIn> = input.areas.iter().map(|a| (a.0, a)).collect();
    let villages: Vec<i64> = input
        .areas
        .iter()
        .filter(|a| a.2 == AreaLevel::Village)
        .map(|a| a.0)
        .collect();
    let teams: HashMap<i64, &super::TeamIn> = input.teams.iter().map(|t| (t.id, t)).collect();
    let mut ctx = Ctx {
        input,
        rng: SplitMix64::new(SEED),
        as_of,
        now,
        areas,
        villages,
        teams,
        takers: Vec::new(),
        taker_teams: HashSet::new(),
        used_runs: HashSet::new(),
        used_needs: HashSet::new(),
        months: BTreeMap::new(),
        plan: Plan::default(),
    };
    if ctx.villages.is_empty() || input.categories.is_empty() {
        return ctx.plan;
    }
    let takers: Vec<(i64, Vec<i64>)> = input
        .teams
        .iter()
        .map(|t| {
            let may: Vec<i64> = ctx
                .villages
                .iter()
                .copied()
                .filter(|v| ctx.may_take(t.id, *v))
                .collect();
            (t.id, may)
        })
        .filter(|(_, v)| !v.is_empty())
        .collect();
    ctx.taker_teams = takers.iter().map(|t| t.0).collect();
    ctx.takers = takers;
    menu(&mut ctx);
    for (direction, targets) in [
        (OrderDirection::Request, REQUESTS),
        (OrderDirection::Menu, MENU),
    ] {
        for (target, n) in targets {
            for _ in 0..*n {
                if let Some(b) = order(&mut ctx, direction, *target) {
                    ctx.plan.orders.push(b.order);
                }
            }
        }
    }
    // Oldest first, as they would have been written.
    ctx.plan.orders.sort_by_key(|o| o.row.created_at);
    ctx.plan.months = ctx
        .months
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|((item, month), n)| (*item, *month, *n))
        .collect();
    ctx.plan
}

/// About a hundred services: the agencies' (all but one in nine) and one project of each
/// industry detachment or squad that has some, up to twelve.
fn menu(ctx: &mut Ctx<'_>) {
    let city = ctx
        .input
        .areas
        .iter()
        .find(|a| a.2 == AreaLevel::City)
        .map(|a| a.0);
    let towns: Vec<i64> = ctx
        .input
        .areas
        .iter()
        .filter(|a| a.2 == AreaLevel::Town)
        .map(|a| a.0)
        .collect();
    let mut agency_seen = 0usize;
    let mut team_items: HashSet<i64> = HashSet::new();
    let input = ctx.input;
    for (project, _, team, agency, home) in &input.projects {
        let keep = match (agency, team) {
            (Some(_), _) => {
                agency_seen += 1;
                !agency_seen.is_multiple_of(9)
            }
            (None, Some(t)) => team_items.len() < 12 && team_items.insert(*t),
            (None, None) => false,
        };
        if !keep {
            continue;
        }
        // A town body's services serve its town; most others the whole city, some a few towns.
        let area_ids = if ctx.level(*home) == AreaLevel::Town {
            vec![*home]
        } else if ctx.rng.percent(70) || towns.is_empty() {
            city.into_iter().collect()
        } else {
            let mut t = towns.clone();
            ctx.rng.shuffle(&mut t);
            t.truncate(2 + ctx.rng.below(3));
            t.sort_unstable();
            t
        };
        let n = ctx.plan.menu.len();
        let item = PlanMenuItem {
            project_id: *project,
            agency_id: *agency,
            team_id: if agency.is_some() { None } else { *team },
            area_ids,
            capacity: ctx.rng.between(2, 12) as i32,
            lead_days: ctx.rng.between(3, 14) as i32,
            conditions: ctx.rng.percent(75).then(|| ctx.pick_str(CONDITIONS)),
            // A few withdrawn (no new orders).
            status: if n % 31 == 30 {
                MenuItemStatus::Withdrawn
            } else {
                MenuItemStatus::Active
            },
            created_at: at(
                ctx.as_of - Duration::days(HISTORY_DAYS + 30 + ctx.rng.below(60) as i64),
                9 * 60,
            ),
        };
        ctx.plan.menu.push(item);
    }
}

/// The serving side of an order: a team (request orders) or a menu item, with the activity
/// when it is scheduled; and the station's area.
struct Served {
    area: i64,
    team: Option<i64>,
    item: Option<usize>,
    run: Option<Run>,
}

/// A run not used yet that `fits`, at random.
fn pick_run(
    ctx: &mut Ctx<'_>,
    upcoming: bool,
    fits: &dyn Fn(&Ctx<'_>, &Run) -> bool,
) -> Option<Run> {
    let input = ctx.input;
    let runs = if upcoming {
        &input.upcoming
    } else {
        &input.finished
    };
    // Sampling finds one quickly when many fit; else every one that fits, to pick from.
    let mut found = None;
    for _ in 0..200 {
        if let Some(r) = runs.get(ctx.rng.below(runs.len()))
            && !ctx.used_runs.contains(&r.0)
            && fits(ctx, r)
        {
            found = Some(*r);
            break;
        }
    }
    if found.is_none() {
        let fitting: Vec<&Run> = runs
            .iter()
            .filter(|r| !ctx.used_runs.contains(&r.0) && fits(ctx, r))
            .collect();
        found = ctx.rng.pick(&fitting).map(|r| **r);
    }
    let r = found?;
    ctx.used_runs.insert(r.0);
    Some(r)
}

/// When a run may serve `target`: finished runs ended in the history (a week before the
/// demo's day for an evaluated order), upcoming ones start after its start.
fn run_window(ctx: &Ctx<'_>, target: Target, r: &Run) -> bool {
    let from = ctx.now - Duration::days(HISTORY_DAYS - 25);
    match target {
        Target::Scheduled => r.3 > ctx.now + Duration::hours(2),
        Target::Completed => r.3 >= from && r.4 < ctx.now - Duration::hours(2),
        Target::Evaluated => r.3 >= from && r.4 < ctx.now - Duration::days(7),
        _ => false,
    }
}

/// Chooses who serves an order heading for `target`, and where it comes from.
fn serve(ctx: &mut Ctx<'_>, direction: OrderDirection, target: Target) -> Option<Served> {
    let with_run = matches!(
        target,
        Target::Scheduled | Target::Completed | Target::Evaluated
    );
    match direction {
        OrderDirection::Request => {
            if with_run {
                let r = pick_run(ctx, target == Target::Scheduled, &|c, r| {
                    run_window(c, target, r) && c.taker_teams.contains(&r.1)
                })?;
                let area = if ctx.level(r.2) == AreaLevel::Village && ctx.may_take(r.1, r.2) {
                    r.2
                } else {
                    let villages = ctx.takers.iter().find(|(t, _)| *t == r.1)?.1.clone();
                    *ctx.rng.pick(&villages)?
                };
                Some(Served {
                    area,
                    team: Some(r.1),
                    item: None,
                    run: Some(r),
                })
            } else if target.served() || target == Target::Dispatched {
                let i = ctx.rng.below(ctx.takers.len());
                let (team, villages) = ctx.takers.get(i)?.clone();
                let area = *ctx.rng.pick(&villages)?;
                Some(Served {
                    area,
                    team: Some(team),
                    item: None,
                    run: None,
                })
            } else {
                let area = ctx.pick_village();
                Some(Served {
                    area,
                    team: None,
                    item: None,
                    run: None,
                })
            }
        }
        OrderDirection::Menu => {
            for _ in 0..40 {
                let item = ctx.rng.below(ctx.plan.menu.len());
                let m = ctx.plan.menu.get(item).cloned()?;
                if m.status != MenuItemStatus::Active {
                    continue;
                }
                let run = if with_run {
                    let team = m.team_id;
                    let got = pick_run(ctx, target == Target::Scheduled, &|c, r| {
                        run_window(c, target, r)
                            && match team {
                                Some(t) => r.1 == t,
                                // An agency's service is run by any team it works with,
                                // as an activity of the service (moved under it on load).
                                None => {
                                    c.teams.contains_key(&r.1) && c.input.movable.contains(&r.0)
                                }
                            }
                    });
                    match got {
                        Some(r) => Some(r),
                        None => continue,
                    }
                } else {
                    None
                };
                let area = match run {
                    Some(r) if ctx.level(r.2) == AreaLevel::Village && ctx.serves(item, r.2) => r.2,
                    _ => {
                        let served: Vec<i64> = ctx
                            .villages
                            .iter()
                            .copied()
                            .filter(|v| ctx.serves(item, *v))
                            .collect();
                        match ctx.rng.pick(&served) {
                            Some(v) => *v,
                            None => continue,
                        }
                    }
                };
                return Some(Served {
                    area,
                    team: m.team_id,
                    item: Some(item),
                    run,
                });
            }
            None
        }
    }
}

/// The provider's person for a menu order: its team's leader, or (an agency's item) the
/// leader of the team running its activity, else the platform's admin.
fn provider_person(ctx: &Ctx<'_>, s: &Served) -> Option<i64> {
    s.team
        .and_then(|t| ctx.leader(t))
        .or_else(|| s.run.and_then(|r| ctx.leader(r.1)))
        .or_else(|| ctx.admin_of(ctx.parent(s.area).unwrap_or(s.area)))
}

/// One order heading for `target`, or `None` when nothing fits (no run, no room).
fn order(ctx: &mut Ctx<'_>, direction: OrderDirection, target: Target) -> Option<Build> {
    let s = serve(ctx, direction, target)?;
    let lead = s
        .item
        .and_then(|i| ctx.plan.menu.get(i))
        .map_or(0, |m| i64::from(m.lead_days));
    let as_of = ctx.as_of;
    let now = ctx.now;
    // The wanted day and the opening day (a menu order at least its item's notice ahead).
    let (wanted_on, created) = match target {
        Target::Scheduled | Target::Completed | Target::Evaluated => {
            let r = s.run?;
            let wanted = city_day(r.3);
            let ahead = lead + i64::from(ctx.rng.between(3, 12));
            let day = (wanted - Duration::days(ahead)).min(as_of - Duration::days(2));
            (wanted, ctx.office(day))
        }
        Target::Open => {
            let wanted = as_of + Duration::days(lead + i64::from(ctx.rng.between(5, 20)));
            // Opened less than two days before the demo day: still inside its three days to be
            // taken all that day, so the first timer run after loading escalates nothing.
            let created = now - Duration::minutes(i64::from(ctx.rng.between(120, 44 * 60)));
            (wanted, created)
        }
        Target::Dispatched => {
            let wanted = as_of + Duration::days(i64::from(ctx.rng.between(6, 20)));
            let created = now - Duration::minutes(i64::from(ctx.rng.between(6 * 60, 44 * 60)));
            (wanted, created)
        }
        Target::Escalated => {
            let day = as_of - Duration::days(i64::from(ctx.rng.between(4, 9)));
            let wanted = (day + Duration::days(lead.max(1)))
                .max(as_of + Duration::days(i64::from(ctx.rng.between(2, 12))));
            (wanted, ctx.office(day))
        }
        Target::Taken => {
            let wanted = as_of + Duration::days(i64::from(ctx.rng.between(3, 25)));
            let day = (wanted - Duration::days(lead))
                .min(as_of - Duration::days(i64::from(ctx.rng.between(1, 6))));
            (wanted, ctx.office(day))
        }
        Target::CancelledOpen
        | Target::CancelledTaken
        | Target::Declined
        | Target::ExpiredOpen
        | Target::ExpiredTaken => {
            // Long enough ago for the wanted day to have passed.
            let day = as_of - Duration::days(i64::from(ctx.rng.between(50, HISTORY_DAYS as u32)));
            let wanted = day + Duration::days(lead + i64::from(ctx.rng.between(4, 15)));
            (wanted, ctx.office(day))
        }
    };
    if wanted_on < city_day(created) {
        return None;
    }
    if direction == OrderDirection::Menu
        && !dom::menu_date_ok(city_day(created), wanted_on, lead as i32)
    {
        return None;
    }
    // Room in the month's capacity for a menu order its provider accepts and keeps.
    let keeps = matches!(
        target,
        Target::Taken | Target::Scheduled | Target::Completed | Target::Evaluated
    );
    if let Some(item) = s.item
        && keeps
        && !ctx.has_room(item, wanted_on)
    {
        return None;
    }
    let mut b = open(
        ctx,
        direction,
        s.area,
        s.item,
        s.team,
        wanted_on,
        created,
        target.status(),
    );
    let station = b.order.row.created_by;
    let serving_person = match direction {
        OrderDirection::Request => s.team.and_then(|t| ctx.leader(t)),
        OrderDirection::Menu => provider_person(ctx, &s),
    };
    // The end of the window its moves fall in.
    let day_over = dom::city_midnight(wanted_on).naive_utc() + Duration::days(1);
    let limit = match s.run {
        Some(r) => (r.3 - Duration::hours(1)).min(now - Duration::hours(1)),
        None => (dom::city_midnight(wanted_on).naive_utc() - Duration::hours(2))
            .min(now - Duration::hours(1)),
    };
    match target {
        Target::Open => {}
        Target::Escalated => {
            let take_by = b.order.row.take_by;
            b.escalate_before(ctx, take_by.max(created) + Duration::hours(2));
        }
        Target::Dispatched => {
            let when = ctx.between(created, now - Duration::minutes(30), 20, 80);
            let admin = ctx.dispatcher_of(s.area);
            b.step(
                ctx,
                OrderAction::Dispatch,
                OrderActor::Admin,
                admin,
                s.team,
                None,
                when,
            );
            b.order.row.dispatched_team_id = s.team;
            b.order.dispatched = true;
        }
        Target::CancelledOpen | Target::Declined | Target::ExpiredOpen => {
            let (action, who, actor, reasons) = match target {
                Target::Declined => (
                    OrderAction::Decline,
                    OrderActor::Provider,
                    serving_person,
                    DECLINE_REASONS,
                ),
                Target::ExpiredOpen => (OrderAction::Expire, OrderActor::System, None, &[][..]),
                _ => (
                    OrderAction::Cancel,
                    OrderActor::Station,
                    station,
                    CANCEL_REASONS,
                ),
            };
            let when = if target == Target::ExpiredOpen {
                b.escalate_before(ctx, day_over);
                day_over + Duration::minutes(i64::from(ctx.rng.between(2, 50)))
            } else {
                let take_by = b.order.row.take_by;
                ctx.between(created, take_by.min(limit), 10, 90)
            };
            let reason = (!reasons.is_empty()).then(|| ctx.pick_str(reasons));
            let team = if target == Target::Declined {
                s.team
            } else {
                None
            };
            b.step(ctx, action, who, actor, team, reason.clone(), when);
            b.order.row.cancel_reason = reason;
        }
        _ => {
            // Taken: by the team (some dispatched first, then accepting), or accepted by the
            // menu item's provider.
            let mut taken = ctx.between(created, limit, 5, 45);
            if direction == OrderDirection::Request && ctx.rng.percent(25) {
                let when = ctx.between(created, taken, 30, 70);
                let when = b.escalate_before(ctx, when);
                let admin = ctx.dispatcher_of(s.area);
                b.step(
                    ctx,
                    OrderAction::Dispatch,
                    OrderActor::Admin,
                    admin,
                    s.team,
                    None,
                    when,
                );
                b.order.dispatched = true;
                taken = taken.max(when + Duration::minutes(20));
            }
            let taken = b.escalate_before(ctx, taken);
            let (action, who) = match (direction, b.order.dispatched) {
                (OrderDirection::Menu, _) => (OrderAction::Accept, OrderActor::Provider),
                (_, true) => (OrderAction::Accept, OrderActor::DispatchedTeam),
                _ => (OrderAction::Take, OrderActor::EligibleTeam),
            };
            let note = ctx.rng.percent(40).then(|| ctx.pick_str(ACCEPT_NOTES));
            b.step(ctx, action, who, serving_person, s.team, note, taken);
            b.order.row.taken_at = Some(taken);
            if direction == OrderDirection::Request {
                b.order.row.team_id = s.team;
            }
            if let Some(item) = s.item
                && keeps
            {
                *ctx.months
                    .entry((item, dom::month_of(wanted_on)))
                    .or_insert(0) += 1;
            }
            match target {
                Target::CancelledTaken => {
                    let when = ctx.between(taken, limit.max(taken + Duration::hours(2)), 20, 80);
                    let reason = ctx.pick_str(CANCEL_REASONS);
                    b.step(
                        ctx,
                        OrderAction::Cancel,
                        OrderActor::Station,
                        station,
                        None,
                        Some(reason.clone()),
                        when,
                    );
                    b.order.row.cancel_reason = Some(reason);
                }
                Target::ExpiredTaken => {
                    let when = day_over + Duration::minutes(i64::from(ctx.rng.between(2, 50)));
                    b.step(
                        ctx,
                        OrderAction::Expire,
                        OrderActor::System,
                        None,
                        None,
                        None,
                        when,
                    );
                }
                Target::Scheduled | Target::Completed | Target::Evaluated => {
                    let r = s.run?;
                    let when = ctx.between(taken, limit.max(taken + Duration::minutes(2)), 10, 70);
                    let runner = ctx.leader(r.1);
                    b.step(
                        ctx,
                        OrderAction::Schedule,
                        OrderActor::Provider,
                        runner,
                        Some(r.1),
                        None,
                        when,
                    );
                    b.order.row.scheduled_at = Some(when);
                    b.order.row.activity_id = Some(r.0);
                    if target != Target::Scheduled {
                        b.step(
                            ctx,
                            OrderAction::Complete,
                            OrderActor::System,
                            None,
                            Some(r.1),
                            None,
                            r.4,
                        );
                        b.order.row.completed_at = Some(r.4);
                    }
                    if target == Target::Evaluated {
                        let when = r.4 + Duration::hours(i64::from(ctx.rng.between(6, 120)));
                        let rating = match ctx.rng.weighted(&[60, 28, 9, 3]) {
                            0 => 5,
                            1 => 4,
                            2 => 3,
                            _ => 2,
                        };
                        let comment = ctx.rng.percent(80).then(|| ctx.pick_str(COMMENTS));
                        b.step(
                            ctx,
                            OrderAction::Evaluate,
                            OrderActor::Station,
                            station,
                            None,
                            comment.clone(),
                            when,
                        );
                        b.order.row.evaluated_at = Some(when);
                        b.order.row.rating = Some(rating);
                        b.order.row.comment = comment;
                    }
                }
                _ => {}
            }
        }
    }
    Some(b)
}
