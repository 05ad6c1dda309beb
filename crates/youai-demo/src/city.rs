//! The demo city: Zhangjiagang (张家港) with its towns, villages and communities, its practice
//! centre, institutes and stations, and demo accounts (the kiosk's among them, granted its
//! venue). Loading is idempotent.

use youai_api::auth::hash_password;
use youai_db::{DbConn, areas, users, venues};
use youai_types::Role;

use crate::logins::{DEMO_LOGINS, KIOSK_LOGIN, KIOSK_VENUE, is_corps_login};
use youai_types::{AreaLevel, VenueKind};

/// (town, administrative code, [villages and communities]).
const TOWNS: &[(&str, &str, &[&str])] = &[
    (
        "杨舍镇",
        "320582100",
        &[
            "城北社区",
            "梁丰社区",
            "暨阳社区",
            "南苑社区",
            "东莱社区",
            "善港村",
            "农联村",
        ],
    ),
    (
        "塘桥镇",
        "320582101",
        &[
            "塘桥社区",
            "韩山村",
            "金村村",
            "青龙村",
            "妙桥社区",
            "鹿苑社区",
        ],
    ),
    (
        "金港镇",
        "320582102",
        &[
            "金都社区",
            "长江村",
            "后塍社区",
            "德积社区",
            "南沙社区",
            "山北村",
            "香山村",
        ],
    ),
    (
        "锦丰镇",
        "320582103",
        &[
            "锦丰社区",
            "三兴社区",
            "光明村",
            "合兴社区",
            "洪桥村",
            "新兴村",
        ],
    ),
    (
        "乐余镇",
        "320582104",
        &["乐余社区", "兆丰社区", "永利村", "扶海村", "东沙村"],
    ),
    (
        "凤凰镇",
        "320582105",
        &[
            "凤凰社区",
            "恬庄村",
            "安庆村",
            "双塘村",
            "西张社区",
            "港口社区",
        ],
    ),
    (
        "南丰镇",
        "320582106",
        &["南丰社区", "永联村", "海坝村", "民联村", "建农村"],
    ),
    (
        "大新镇",
        "320582107",
        &["大新社区", "新闸社区", "长丰村", "朝东圩港村", "年丰村"],
    ),
    (
        "常阴沙现代农业示范园区",
        "320582400",
        &["常阴沙社区", "新沙村"],
    ),
];

/// The city's rough centre, for demo coordinates.
const CITY: (f64, f64) = (31.875, 120.555);

/// What [`load`] added.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct CityReport {
    pub areas: usize,
    pub venues: usize,
    pub users: usize,
}

fn find_or_insert_area(
    conn: &mut DbConn,
    parent: Option<&areas::Area>,
    level: AreaLevel,
    name: &str,
    code: Option<&str>,
    report: &mut CityReport,
) -> anyhow::Result<areas::Area> {
    if let Some(a) = areas::find_by_name(conn, parent.map(|p| p.id), name)? {
        return Ok(a);
    }
    report.areas += 1;
    Ok(areas::insert(
        conn,
        &areas::NewArea {
            parent,
            level,
            name,
            code,
        },
    )?)
}

fn venue(
    area: &areas::Area,
    kind: VenueKind,
    name: String,
    address: String,
    at: (f64, f64),
    capacity: i32,
) -> venues::VenueFields {
    venues::VenueFields {
        area_id: area.id,
        kind,
        name,
        address,
        latitude: Some((at.0 * 1e5).round() / 1e5),
        longitude: Some((at.1 * 1e5).round() / 1e5),
        opening_hours: Some(
            if kind == VenueKind::Station {
                "周一至周五 09:00-17:00"
            } else {
                "周一至周日 08:30-17:30"
            }
            .to_owned(),
        ),
        capacity: Some(capacity),
        phone: None,
        description: None,
    }
}

/// Loads the demo city (skipping what is already there) and the demo accounts.
pub fn load(conn: &mut DbConn) -> anyhow::Result<CityReport> {
    conn.write_transaction(|conn| {
        let mut r = CityReport::default();
        let city = find_or_insert_area(
            conn,
            None,
            AreaLevel::City,
            "张家港市",
            Some("320582"),
            &mut r,
        )?;
        let first_load = r.areas > 0;
        if first_load {
            venues::insert(
                conn,
                &venue(
                    &city,
                    VenueKind::Centre,
                    "张家港市新时代文明实践中心".into(),
                    "张家港市杨舍镇人民中路 1 号".into(),
                    CITY,
                    800,
                ),
            )?;
            r.venues += 1;
        }
        for (t, (town_name, code, villages)) in TOWNS.iter().enumerate() {
            let before = r.areas;
            let town = find_or_insert_area(
                conn,
                Some(&city),
                AreaLevel::Town,
                town_name,
                Some(code),
                &mut r,
            )?;
            // Spread the towns around the centre so distances mean something in the demo.
            let angle = t as f64 * std::f64::consts::TAU / TOWNS.len() as f64;
            let town_at = (CITY.0 + 0.08 * angle.sin(), CITY.1 + 0.10 * angle.cos());
            if r.areas > before {
                let v = venue(
                    &town,
                    VenueKind::Institute,
                    format!("{town_name}新时代文明实践所"),
                    format!("张家港市{town_name}"),
                    town_at,
                    300,
                );
                venues::insert(conn, &v)?;
                r.venues += 1;
            }
            for (i, village_name) in villages.iter().enumerate() {
                let before = r.areas;
                let village = find_or_insert_area(
                    conn,
                    Some(&town),
                    AreaLevel::Village,
                    village_name,
                    None,
                    &mut r,
                )?;
                if r.areas > before {
                    let at = (
                        town_at.0 + 0.01 * (i as f64 - 3.0),
                        town_at.1 + 0.008 * ((i % 3) as f64 - 1.0),
                    );
                    let name = format!("{village_name}新时代文明实践站");
                    venues::insert(
                        conn,
                        &venue(
                            &village,
                            VenueKind::Station,
                            name,
                            format!("张家港市{town_name}{village_name}"),
                            at,
                            80,
                        ),
                    )?;
                    r.venues += 1;
                }
            }
        }
        if first_load {
            let yangshe = areas::find_by_name(conn, Some(city.id), "杨舍镇")?;
            if let Some(town) = yangshe {
                let points = [
                    ("张家港市图书馆志愿服务点", "张家港市杨舍镇暨阳中路"),
                    ("暨阳湖公园实践点", "张家港市杨舍镇暨阳湖"),
                ];
                for (i, (name, address)) in points.into_iter().enumerate() {
                    let at = (CITY.0 - 0.01 * (i as f64 + 1.0), CITY.1 + 0.01);
                    venues::insert(
                        conn,
                        &venue(
                            &town,
                            VenueKind::Point,
                            name.into(),
                            address.into(),
                            at,
                            150,
                        ),
                    )?;
                    r.venues += 1;
                }
            }
        }
        let jingang = areas::find_by_name(conn, Some(city.id), "金港镇")?;
        let kiosk_venue = venues::all(conn)?
            .into_iter()
            .find(|v| v.name == KIOSK_VENUE)
            .map(|v| v.id);
        for (i, d) in DEMO_LOGINS.iter().enumerate() {
            if is_corps_login(d.phone) || users::find_by_phone(conn, d.phone)?.is_some() {
                continue;
            }
            let user = users::insert(
                conn,
                d.phone,
                d.name,
                &hash_password(d.password).map_err(|e| anyhow::anyhow!("{e}"))?,
            )?;
            r.users += 1;
            let grant = match i {
                0 => Some((Role::PlatformAdmin, None, None)),
                1 => Some((Role::AreaAdmin, jingang.as_ref().map(|a| a.id), None)),
                _ if d.phone == KIOSK_LOGIN => {
                    kiosk_venue.map(|venue| (Role::Kiosk, None, Some(venue)))
                }
                _ => None,
            };
            if let Some((role, area_id, venue_id)) = grant {
                users::insert_grant(
                    conn,
                    &users::NewGrant {
                        user_id: user.id,
                        role,
                        area_id,
                        team_id: None,
                        agency_id: None,
                        venue_id,
                        granted_by: None,
                    },
                )?;
            }
        }
        Ok(r)
    })
}
