//! The demo's logins: who they are, and which of them are volunteers (whose accounts come with
//! the corps rather than with the city).

/// A demo login printed by `make run`.
pub struct DemoLogin {
    pub phone: &'static str,
    pub password: &'static str,
    pub name: &'static str,
    pub what: &'static str,
}

pub const DEMO_LOGINS: &[DemoLogin] = &[
    DemoLogin {
        phone: "13800000000",
        password: "youai-admin-2026",
        name: "文明办管理员",
        what: "platform admin (全市)",
    },
    DemoLogin {
        phone: "13800000001",
        password: "youai-demo-2026",
        name: "金港镇管理员",
        what: "area admin of 金港镇",
    },
    DemoLogin {
        phone: "13800000002",
        password: "youai-demo-2026",
        name: "张小友",
        what: "resident",
    },
    // These two are volunteers: their accounts come with the corps (corps::load_corps).
    DemoLogin {
        phone: "13800000003",
        password: "youai-demo-2026",
        name: "陈思远",
        what: "volunteer, leader of 理论宣讲行业支队 (理论宣讲行业支队队长)",
    },
    DemoLogin {
        phone: "13800000004",
        password: "youai-demo-2026",
        name: "李晓雯",
        what: "volunteer, member of 金都社区志愿服务队",
    },
    // The touch screen of 金都社区新时代文明实践站: open /kiosk/{venue id} and sign in once.
    DemoLogin {
        phone: "13800000005",
        password: "youai-demo-2026",
        name: "金都社区实践站一体机",
        what: "kiosk of 金都社区新时代文明实践站 (open /kiosk/{venue id}, sign in once)",
    },
];

/// The demo volunteer who leads 理论宣讲行业支队.
pub const LEADER_LOGIN: &str = "13800000003";
/// The demo volunteer who is a plain member of 金都社区志愿服务队.
pub const MEMBER_LOGIN: &str = "13800000004";
/// The kiosk account of [`KIOSK_VENUE`] (a `kiosk` role grant for the venue).
pub const KIOSK_LOGIN: &str = "13800000005";

/// The team the demo leader leads.
pub const LEADER_TEAM: &str = "理论宣讲行业支队";
/// The team the demo member belongs to.
pub const MEMBER_TEAM: &str = "金都社区志愿服务队";
/// The venue the demo kiosk serves: the member's community station, with an activity every day.
pub const KIOSK_VENUE: &str = "金都社区新时代文明实践站";

/// Whether the account behind this demo login is created with the corps (it is a volunteer)
/// rather than by [`crate::city::load`].
pub fn is_corps_login(phone: &str) -> bool {
    phone == LEADER_LOGIN || phone == MEMBER_LOGIN
}
