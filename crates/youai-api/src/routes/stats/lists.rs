//! The needs and resources lists' figures (三清单) for `/stats` and the report's sheets.

use std::collections::BTreeMap;

use youai_certificate::exports::{Cell, Sheet};
use youai_db::DbConn;
use youai_db::lists_stats as q;
use youai_domain::list_reports::{by_topic, median_hours};
use youai_types::{
    AreaLevel, CategoryCount, ChannelCount, LevelAllocations, ListsStats, NeedChannel, NeedStatus,
    NeedStatusCount, TopicAllocations, TownCount,
};

use crate::error::ApiResult;

/// The lists' figures: a handful of grouped queries over needs, activities and allocations.
pub(super) fn figures(conn: &mut DbConn) -> ApiResult<ListsStats> {
    let needs_by_status: Vec<NeedStatusCount> = q::needs_by_status(conn)?
        .into_iter()
        .map(|(status, count)| NeedStatusCount { status, count })
        .collect();
    let (residents_served, residents_served_for_needs) = q::residents_served(conn)?;
    let by_resource = q::allocations_by_resource(conn)?;
    let by_area = q::needs_by_area(conn)?;
    let mut by_level: BTreeMap<u8, (AreaLevel, i64, i64)> = BTreeMap::new();
    let mut topics = Vec::with_capacity(by_resource.len());
    for (level, stored, n, quantity) in by_resource {
        let e = by_level.entry(level_order(level)).or_insert((level, 0, 0));
        e.1 += n;
        e.2 += quantity;
        let names: Vec<String> = serde_json::from_str(&stored).unwrap_or_default();
        topics.push((names, n, quantity));
    }
    Ok(ListsStats {
        needs: needs_by_status.iter().map(|s| s.count).sum(),
        supporters: q::supporters(conn)?,
        needs_by_category: q::needs_by_category(conn)?
            .into_iter()
            .map(|(category, _, count)| CategoryCount { category, count })
            .collect(),
        needs_by_channel: q::needs_by_channel(conn)?
            .into_iter()
            .map(|(channel, count)| ChannelCount { channel, count })
            .collect(),
        needs_by_status,
        needs_by_town: by_town(conn, by_area)?,
        median_hours_to_decision: median_hours(&q::decision_times(conn)?),
        median_hours_to_fulfilment: median_hours(&q::fulfilment_times(conn)?),
        residents_served,
        residents_served_for_needs,
        allocations_by_level: by_level
            .into_values()
            .map(|(level, allocations, quantity)| LevelAllocations {
                level,
                allocations,
                quantity,
            })
            .collect(),
        allocations_by_topic: by_topic(&topics)
            .into_iter()
            .map(|(topic, allocations, quantity)| TopicAllocations {
                topic,
                allocations,
                quantity,
            })
            .collect(),
    })
}

fn level_order(level: AreaLevel) -> u8 {
    match level {
        AreaLevel::City => 0,
        AreaLevel::Town => 1,
        AreaLevel::Village => 2,
    }
}

/// Counts by area summed up to each area's town (or 市级 above the towns), most first.
pub(super) fn by_town(conn: &mut DbConn, rows: Vec<(i64, i64)>) -> ApiResult<Vec<TownCount>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let areas = youai_db::areas::all(conn)?;
    let towns: Vec<&youai_db::areas::Area> = areas
        .iter()
        .filter(|a| a.level == AreaLevel::Town)
        .collect();
    let mut sums: BTreeMap<(Option<i64>, String), i64> = BTreeMap::new();
    for (area_id, n) in rows {
        let path = areas
            .iter()
            .find(|a| a.id == area_id)
            .map(|a| a.path.as_str())
            .unwrap_or_default();
        let town = towns
            .iter()
            .find(|t| !path.is_empty() && path.starts_with(t.path.as_str()));
        let key = match town {
            Some(t) => (Some(t.id), t.name.clone()),
            None => (None, "市级".to_owned()),
        };
        *sums.entry(key).or_insert(0) += n;
    }
    let mut out: Vec<TownCount> = sums
        .into_iter()
        .map(|((town_id, town), count)| TownCount {
            town_id,
            town,
            count,
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.town.cmp(&b.town)));
    Ok(out)
}

fn channel_name(c: NeedChannel) -> &'static str {
    match c {
        NeedChannel::CadreVisit => "干部走访",
        NeedChannel::VolunteerVisit => "志愿者上门",
        NeedChannel::GridWorker => "网格员",
        NeedChannel::WechatGroup => "微信群",
        NeedChannel::QqGroup => "QQ群",
        NeedChannel::App => "云沙洲APP",
        NeedChannel::WechatOa => "微信公众号",
        NeedChannel::Kiosk => "触摸屏一体机",
        NeedChannel::Web => "网站",
    }
}

fn status_name(s: NeedStatus) -> &'static str {
    match s {
        NeedStatus::Submitted => "已提交",
        NeedStatus::UnderReview => "审议中",
        NeedStatus::Accepted => "已受理",
        NeedStatus::Rejected => "未受理",
        NeedStatus::Matched => "已对接",
        NeedStatus::InService => "服务中",
        NeedStatus::Fulfilled => "已办结",
        NeedStatus::Withdrawn => "已撤回",
        NeedStatus::Merged => "已合并",
    }
}

fn level_name(l: AreaLevel) -> &'static str {
    match l {
        AreaLevel::City => "市级",
        AreaLevel::Town => "镇级",
        AreaLevel::Village => "村（社区）级",
    }
}

/// The report's sheets of the lists: needs by category, channel, state and town with the
/// summary figures, and allocations by level and topic.
pub(super) fn sheets(l: &ListsStats) -> Vec<Sheet> {
    let text = |s: &str| Cell::Text(s.to_owned());
    let num = |n: f64| Cell::Number(n);
    let titles = |t: &[&str]| t.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let counted = |name: &str, head: &str, rows: Vec<(String, i64)>| Sheet {
        name: name.into(),
        columns: titles(&[head, "需求数"]),
        rows: rows
            .into_iter()
            .map(|(label, n)| vec![Cell::Text(label), num(n as f64)])
            .collect(),
    };
    let hours = |h: Option<f64>| h.map_or_else(|| text("—"), num);
    let summary = vec![
        vec![text("需求总数"), num(l.needs as f64)],
        vec![text("支持群众"), num(l.supporters as f64)],
        vec![
            text("受理决定用时中位数（小时）"),
            hours(l.median_hours_to_decision),
        ],
        vec![
            text("办结用时中位数（小时）"),
            hours(l.median_hours_to_fulfilment),
        ],
        vec![text("参与群众人次"), num(l.residents_served as f64)],
        vec![
            text("其中为群众需求开展的活动"),
            num(l.residents_served_for_needs as f64),
        ],
    ];
    vec![
        Sheet {
            name: "需求清单概况".into(),
            columns: titles(&["指标", "数值"]),
            rows: summary,
        },
        counted(
            "需求类别",
            "类别",
            l.needs_by_category
                .iter()
                .map(|c| (c.category.clone(), c.count))
                .collect(),
        ),
        counted(
            "需求渠道",
            "渠道",
            l.needs_by_channel
                .iter()
                .map(|c| (channel_name(c.channel).to_owned(), c.count))
                .collect(),
        ),
        counted(
            "需求状态",
            "状态",
            l.needs_by_status
                .iter()
                .map(|c| (status_name(c.status).to_owned(), c.count))
                .collect(),
        ),
        counted(
            "各镇需求",
            "镇（街道）",
            l.needs_by_town
                .iter()
                .map(|c| (c.town.clone(), c.count))
                .collect(),
        ),
        Sheet {
            name: "资源下沉层级".into(),
            columns: titles(&["层级", "下沉次数", "数量"]),
            rows: l
                .allocations_by_level
                .iter()
                .map(|a| {
                    vec![
                        text(level_name(a.level)),
                        num(a.allocations as f64),
                        num(a.quantity as f64),
                    ]
                })
                .collect(),
        },
        Sheet {
            name: "资源下沉主题".into(),
            columns: titles(&["主题", "下沉次数", "数量"]),
            rows: l
                .allocations_by_topic
                .iter()
                .map(|a| {
                    vec![
                        text(&a.topic),
                        num(a.allocations as f64),
                        num(a.quantity as f64),
                    ]
                })
                .collect(),
        },
    ]
}
