//! The demo volunteer corps (一队) at the briefing's scale: a skill vocabulary, the 1,084 approved
//! teams of the corps tree (the city corps, a detachment per town, 12 industry detachments with
//! their squads, village and community teams, practice point teams and civil-society teams), three
//! registrations waiting for approval, about 5,000 volunteers and their memberships.
//!
//! Everything comes from a fixed-seed generator ([`SplitMix64`]), so the same code gives the same
//! corps. Birth dates count back from the current year (so the 14–17-year-olds stay minors), and
//! ID-number ciphertexts use fresh nonces; nothing else depends on when or where it runs.
//!
//! The plan is built in memory first ([`plan`], pure and tested), then written in one transaction
//! with multi-row inserts ([`load_corps`]).

use std::collections::{HashMap, HashSet};

use anyhow::{Context, anyhow, bail};
use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;
use youai_api::crypto::DataKey;
use youai_db::{DbConn, areas, skills, teams, users, volunteers};
use youai_domain::idcard;
use youai_types::Slot;

use crate::seed::DEMO_LOGINS;

/// Approved teams in the city, as in the briefing (已建成新时代文明实践志愿服务队伍 1084 支).
pub const APPROVED_TEAMS: usize = 1084;
/// Volunteers to create, the two demo volunteers included.
pub const VOLUNTEERS: usize = 5000;
/// Join requests left waiting (`applied`) for leaders to decide.
pub const APPLICATIONS: usize = 100;
/// The demo volunteer who leads 理论宣讲行业支队.
pub const LEADER_LOGIN: &str = "13800000003";
/// The demo volunteer who is a plain member of 金都社区志愿服务队.
pub const MEMBER_LOGIN: &str = "13800000004";

/// The generator's seed: the briefing's date and two of its figures.
const SEED: u64 = 0x2019_0125_1084_5306;

/// Whether the account behind this demo login is created with the corps (it is a volunteer)
/// rather than by [`crate::seed::load`].
pub fn is_corps_login(phone: &str) -> bool {
    phone == LEADER_LOGIN || phone == MEMBER_LOGIN
}

// --- the generator --------------------------------------------------------------------------

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, good enough for demo data, and the same
/// sequence on every platform.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0), by multiply-and-shift rather than a biased modulo.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi.saturating_sub(lo) + 1) as usize) as u32
    }

    /// True `p` times in a hundred.
    pub fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }

    /// An index into `weights`, each chosen in proportion to its weight.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
        let mut r = self.below(total as usize) as u64;
        for (i, w) in weights.iter().enumerate() {
            if r < u64::from(*w) {
                return i;
            }
            r -= u64::from(*w);
        }
        weights.len().saturating_sub(1)
    }

    /// Fisher–Yates.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

// --- resident ID numbers ------------------------------------------------------------------------

/// 张家港市's administrative region code, the first six digits of its residents' ID numbers.
const REGION: &str = "320582";
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// A GB 11643 ID number: the region, the birth date, a sequence number whose last digit is odd
/// for men and even for women (`seq` picks one of the 500 allowed), and the MOD 11-2 check
/// character.
pub fn id_number(birth: NaiveDate, male: bool, seq: u32) -> String {
    let seq = (seq % 500) * 2 + u32::from(male);
    let first17 = format!("{REGION}{}{seq:03}", birth.format("%Y%m%d"));
    let sum: u32 = first17
        .bytes()
        .zip(ID_WEIGHTS)
        .map(|(d, w)| u32::from(d.wrapping_sub(b'0')) * w)
        .sum();
    let check = ID_CHECK.get((sum % 11) as usize).copied().unwrap_or(b'1');
    format!("{first17}{}", char::from(check))
}

// --- vocabularies ---------------------------------------------------------------------------------

/// The skill vocabulary (code, name).
pub const SKILLS: &[(&str, &str)] = &[
    ("theory_lecture", "理论宣讲"),
    ("science_outreach", "科普宣传"),
    ("skills_training", "技能培训"),
    ("counseling", "心理疏导"),
    ("legal_advice", "法律咨询"),
    ("nursing", "医疗护理"),
    ("first_aid", "应急救护"),
    ("performance", "文艺表演"),
    ("photography", "摄影摄像"),
    ("translation", "外语翻译"),
    ("sign_language", "手语"),
    ("computing", "电脑维修"),
    ("environment", "生态环保"),
    ("elder_care", "助老服务"),
    ("tutoring", "课业辅导"),
    ("traffic", "交通引导"),
    ("waste_sorting", "垃圾分类"),
    ("driving", "驾驶"),
    ("cooking", "烹饪"),
    ("calligraphy", "书法"),
];

/// How common each skill is among volunteers, in the order of [`SKILLS`].
const SKILL_WEIGHTS: &[u32] = &[5, 5, 5, 4, 3, 5, 7, 7, 6, 3, 1, 4, 8, 10, 8, 7, 9, 8, 7, 4];

/// An industry detachment (行业支队): its specialty, what it does, the skills that suit it and
/// its squads (小分队).
struct Industry {
    specialty: &'static str,
    about: &'static str,
    skills: &'static [&'static str],
    squads: &'static [&'static str],
}

/// The briefing's 12 industry detachments (理论宣讲、科普宣传、技能培训、心理关爱 and eight more).
const INDUSTRIES: &[Industry] = &[
    Industry {
        specialty: "理论宣讲",
        about: "组织机关干部、专家学者、道德模范和“百姓名嘴”深入村（社区）、企业和学校，用群众听得懂的话宣讲党的创新理论和惠民政策。",
        skills: &["theory_lecture"],
        squads: &[
            "百姓名嘴",
            "青年理论宣讲",
            "老干部宣讲",
            "政策解读",
            "红色故事宣讲",
        ],
    },
    Industry {
        specialty: "科普宣传",
        about: "组织科技工作者和科普志愿者开展科普讲座、科技展览，以及防灾减灾、防范诈骗、食品安全等宣传。",
        skills: &["science_outreach"],
        squads: &[
            "科普讲师团",
            "青少年科技教育",
            "防范诈骗宣传",
            "气象防灾科普",
            "食品安全科普",
        ],
    },
    Industry {
        specialty: "技能培训",
        about: "面向农民、新市民和待业人员开展农业技术、家政服务、电子商务和就业创业等技能培训。",
        skills: &["skills_training", "computing"],
        squads: &[
            "农业技术服务",
            "电商直播培训",
            "家政技能培训",
            "就业创业指导",
            "老年人智能手机培训",
        ],
    },
    Industry {
        specialty: "心理关爱",
        about: "由心理咨询师、社会工作者和教师组成，为青少年、老年人和困难家庭提供心理疏导和情绪支持。",
        skills: &["counseling"],
        squads: &[
            "心理咨询师",
            "青少年心理辅导",
            "婚姻家庭辅导",
            "心理危机干预",
            "老年心理关怀",
        ],
    },
    Industry {
        specialty: "法律服务",
        about: "组织律师、法律工作者和人民调解员开展普法宣传、法律咨询、法律援助和矛盾纠纷调解。",
        skills: &["legal_advice"],
        squads: &[
            "律师志愿服务",
            "法律援助",
            "人民调解",
            "普法宣传",
            "劳动维权咨询",
        ],
    },
    Industry {
        specialty: "医疗健康",
        about: "组织医务人员开展义诊巡诊、健康讲座、家庭医生签约和应急救护培训，把健康服务送到家门口。",
        skills: &["nursing", "first_aid"],
        squads: &["家庭医生", "健康讲座", "中医义诊", "妇幼保健", "慢病管理"],
    },
    Industry {
        specialty: "文化文艺",
        about: "组织文艺工作者和文艺爱好者开展送戏下乡、书画培训、阅读推广和群众文艺辅导。",
        skills: &["performance", "photography", "calligraphy"],
        squads: &["送戏下乡", "锡剧", "书画", "摄影", "阅读推广"],
    },
    Industry {
        specialty: "生态环保",
        about: "开展河道巡护、垃圾分类指导、植绿护绿和长江大保护宣传，倡导绿色低碳的生活方式。",
        skills: &["environment", "waste_sorting"],
        squads: &[
            "河道巡护",
            "垃圾分类指导",
            "植绿护绿",
            "长江大保护",
            "低碳生活宣传",
        ],
    },
    Industry {
        specialty: "助老助残",
        about: "为空巢、独居老人和残疾人提供上门探访、助餐助洁、陪同就医和康复陪伴等服务。",
        skills: &["elder_care", "sign_language", "cooking"],
        squads: &["居家探访", "老年助餐", "爱心理发", "助残康复", "陪同就医"],
    },
    Industry {
        specialty: "关爱未成年人",
        about: "开展四点半课堂、留守儿童关爱、家庭教育指导和青少年自护教育，守护未成年人健康成长。",
        skills: &["tutoring"],
        squads: &[
            "四点半课堂",
            "留守儿童关爱",
            "家庭教育指导",
            "青少年自护教育",
            "暑期托管",
        ],
    },
    Industry {
        specialty: "应急救援",
        about: "由专业救援人员和志愿者组成，开展水上救援、防汛抗台、消防宣传和应急救护培训。",
        skills: &["first_aid", "driving"],
        squads: &[
            "水上救援",
            "防汛抗台",
            "消防宣传",
            "应急救护培训",
            "应急物资保障",
        ],
    },
    Industry {
        specialty: "文明交通",
        about: "在路口、学校和车站开展交通劝导、护学岗和交通安全宣传，倡导文明出行。",
        skills: &["traffic", "driving"],
        squads: &[
            "路口文明劝导",
            "护学岗",
            "文明骑行",
            "交通安全宣传",
            "爱心送考",
        ],
    },
];

/// A team template: a name part, the specialty and a description (`{p}` stands for the place).
type Template = (&'static str, Option<&'static str>, &'static str);

/// The teams of a village or community (村（社区）服务队); the first is its main team.
const COMMUNITY: &[Template] = &[
    (
        "志愿服务队",
        None,
        "{p}新时代文明实践站的志愿服务队，开展政策宣传、邻里互助、环境整治等日常志愿服务。",
    ),
    (
        "党员志愿服务队",
        Some("理论宣讲"),
        "{p}党员组成，带头开展政策宣讲、结对帮扶和文明创建。",
    ),
    (
        "巾帼志愿服务队",
        Some("关爱未成年人"),
        "{p}妇女志愿者组成，开展家庭教育、邻里调解和关爱儿童活动。",
    ),
    (
        "青年志愿服务队",
        None,
        "{p}青年志愿者组成，参与环境整治、文体活动和应急服务。",
    ),
    (
        "银发志愿服务队",
        Some("助老助残"),
        "{p}退休老人组成，开展结对探访、文明劝导和老年文体活动。",
    ),
    (
        "文明劝导志愿服务队",
        Some("文明交通"),
        "在{p}的路口、菜场和小区开展文明劝导和交通引导。",
    ),
    (
        "邻里互助志愿服务队",
        Some("助老助残"),
        "{p}居民互帮互助：代购代办、陪伴聊天、小修小补。",
    ),
    (
        "环境整治志愿服务队",
        Some("生态环保"),
        "参与{p}人居环境整治、河道保洁和垃圾分类引导。",
    ),
    (
        "平安巡防志愿服务队",
        Some("应急救援"),
        "在{p}开展夜间巡逻、消防安全检查和防范诈骗宣传。",
    ),
    (
        "文体志愿服务队",
        Some("文化文艺"),
        "组织{p}的广场舞、戏曲、合唱等群众文体活动。",
    ),
    (
        "关爱未成年人志愿服务队",
        Some("关爱未成年人"),
        "在{p}开展四点半课堂、假期托管和留守儿童关爱。",
    ),
    (
        "垃圾分类志愿服务队",
        Some("生态环保"),
        "在{p}的投放点值守，指导居民做好垃圾分类。",
    ),
    (
        "法律明白人志愿服务队",
        Some("法律服务"),
        "由{p}的“法律明白人”组成，开展普法宣传和矛盾纠纷调解。",
    ),
    (
        "健康志愿服务队",
        Some("医疗健康"),
        "配合{p}卫生服务站开展健康宣传、测量血压和慢病随访。",
    ),
];

/// Practice points every town has (其他实践点): schools, the health centre, culture, parks…
const TOWN_POINTS: &[Template] = &[
    (
        "中心小学",
        Some("关爱未成年人"),
        "{p}中心小学的教师、家长和学生组成，开展护学岗、四点半课堂和校园周边文明劝导。",
    ),
    (
        "实验小学",
        Some("关爱未成年人"),
        "{p}实验小学的师生和家长组成，开展亲子志愿服务、课业辅导和安全教育。",
    ),
    (
        "初级中学",
        Some("关爱未成年人"),
        "{p}初级中学的师生志愿者开展社区服务、学业辅导和青少年自护教育。",
    ),
    (
        "中心幼儿园",
        Some("关爱未成年人"),
        "{p}中心幼儿园的教师和家长开展亲子阅读、家庭教育讲座和安全教育。",
    ),
    (
        "卫生院",
        Some("医疗健康"),
        "{p}卫生院的医护人员开展义诊巡诊、健康讲座和家庭医生签约服务进村入户。",
    ),
    (
        "文体中心",
        Some("文化文艺"),
        "在{p}文体中心开展文艺培训、健身指导和场馆服务。",
    ),
    (
        "图书分馆",
        Some("文化文艺"),
        "在{p}图书分馆开展阅读推广、借阅引导和少儿绘本故事会。",
    ),
    (
        "便民服务中心",
        None,
        "在{p}便民服务中心开展办事引导、政策咨询和帮办代办服务。",
    ),
    (
        "文化公园",
        Some("生态环保"),
        "在{p}文化公园开展游园引导、环境保洁、文明劝导和植绿护绿。",
    ),
    (
        "敬老院",
        Some("助老助残"),
        "为{p}敬老院的老人提供陪伴聊天、理发助浴和文艺慰问。",
    ),
    (
        "农贸市场",
        None,
        "在{p}农贸市场开展文明经营、食品安全宣传和垃圾分类引导。",
    ),
    (
        "汽车客运站",
        Some("文明交通"),
        "在{p}汽车客运站开展乘车引导、重点旅客帮扶和文明出行宣传。",
    ),
];

/// City-level institutions, as practice points of the town they stand in (the first town: 杨舍镇).
const CITY_POINTS: &[Template] = &[
    (
        "张家港市图书馆",
        Some("文化文艺"),
        "在市图书馆开展阅读推广、借阅引导、古籍导读和少儿阅读服务。",
    ),
    (
        "暨阳湖公园",
        Some("生态环保"),
        "在暨阳湖公园开展游园引导、环境保护和文明劝导。",
    ),
    (
        "张家港市第一人民医院",
        Some("医疗健康"),
        "医护人员和社会志愿者开展导医导诊、陪诊和健康科普。",
    ),
    (
        "张家港市中医医院",
        Some("医疗健康"),
        "开展中医义诊、养生讲座和导医服务。",
    ),
    (
        "张家港博物馆",
        Some("文化文艺"),
        "为观众提供展厅讲解、参观引导和青少年研学服务。",
    ),
    (
        "张家港市文化中心",
        Some("文化文艺"),
        "在文化中心开展演出引导、公益培训和文化活动服务。",
    ),
    (
        "张家港市妇幼保健院",
        Some("医疗健康"),
        "开展孕产妇健康宣教、儿童保健咨询和就诊引导。",
    ),
    (
        "张家港市青少年活动中心",
        Some("关爱未成年人"),
        "开展青少年兴趣培训、假期活动和安全教育。",
    ),
    (
        "张家港市科技馆",
        Some("科普宣传"),
        "为观众提供展品讲解和科学实验演示，开展青少年科普活动。",
    ),
];

/// Practice points at village level, alternating.
const VILLAGE_POINTS: &[Template] = &[
    (
        "卫生服务站",
        Some("医疗健康"),
        "{p}卫生服务站的医护人员和志愿者开展健康宣教、测量血压和慢病随访。",
    ),
    (
        "居家养老服务站",
        Some("助老助残"),
        "{p}居家养老服务站的志愿者为老人提供助餐、助洁、陪伴和代办服务。",
    ),
];

/// Fictitious enterprises for the enterprise practice points: brand and trade.
const BRANDS: &[&str] = &[
    "港城", "沙洲", "暨阳", "长江", "江帆", "华亿", "东润", "金塘", "恒利", "瑞丰", "新港", "远航",
    "永盛", "海纳", "嘉禾", "晨光", "锦程", "福达", "宏晟", "天元",
];
const TRADES: &[&str] = &[
    "纺织",
    "精密机械",
    "新材料",
    "电子科技",
    "金属制品",
    "物流",
    "食品",
    "光电",
    "化工",
    "服饰",
    "汽车部件",
    "包装",
    "智能装备",
    "建材",
    "环保科技",
];
const ENTERPRISE_ABOUT: &str =
    "企业职工志愿服务队，开展安全生产宣传、职工技能互助，并结对帮扶周边村（社区）。";

/// City-wide civil-society teams (社会志愿服务团队).
const CITY_SOCIAL: &[Template] = &[
    (
        "港城蓝天救援队",
        Some("应急救援"),
        "民间公益救援队伍，开展山野、水域搜救和防灾减灾宣传。",
    ),
    (
        "张家港市爱心义工协会",
        Some("助老助残"),
        "爱心人士自发组成的义工团体，常年开展助老、助残和扶贫帮困。",
    ),
    (
        "沙洲读书会",
        Some("文化文艺"),
        "读书爱好者组成，开展公益读书分享、阅读推广和送书下乡。",
    ),
    (
        "港城爱心车队",
        Some("文明交通"),
        "出租车和私家车主组成，开展高考爱心送考和助残出行。",
    ),
    (
        "港城水上救援队",
        Some("应急救援"),
        "熟悉水性的志愿者组成，开展水上救援、防溺水宣传和汛期值守。",
    ),
    (
        "港城心理咨询师志愿服务团",
        Some("心理关爱"),
        "持证心理咨询师组成，开展心理健康讲座和个案心理疏导。",
    ),
    (
        "港城律师志愿服务团",
        Some("法律服务"),
        "执业律师组成，开展免费法律咨询、法律援助和普法讲座。",
    ),
    (
        "港城摄影志愿服务团",
        Some("文化文艺"),
        "摄影爱好者组成，为志愿服务活动留影，为老人拍摄免费全家福。",
    ),
    (
        "港城书画志愿服务团",
        Some("文化文艺"),
        "书画家和爱好者组成，开展书画培训、送春联和公益展览。",
    ),
    (
        "港城退役军人志愿服务队",
        Some("应急救援"),
        "退役军人组成，参与应急救援、国防教育和社区治理。",
    ),
    (
        "港城老娘舅调解志愿服务队",
        Some("法律服务"),
        "德高望重的老同志组成，调解邻里、家庭和物业纠纷。",
    ),
    (
        "港城义剪志愿服务队",
        Some("助老助残"),
        "理发师组成，为老人、残疾人和环卫工人免费理发。",
    ),
    (
        "港城无偿献血志愿服务队",
        Some("医疗健康"),
        "献血者组成，开展无偿献血宣传和献血点服务。",
    ),
    (
        "港城夕阳红志愿服务队",
        Some("助老助残"),
        "低龄老人服务高龄老人，开展结对探访和“时间银行”互助。",
    ),
    (
        "港城外语志愿服务队",
        None,
        "外语人才组成，为外籍人士和大型活动提供翻译服务。",
    ),
    (
        "港城手语志愿服务队",
        Some("助老助残"),
        "手语志愿者组成，为听障人士提供手语翻译和陪同服务。",
    ),
    (
        "港城骑行志愿者协会",
        Some("文明交通"),
        "骑行爱好者组成，开展文明骑行倡导和沿江环保巡查。",
    ),
    (
        "港城跑团志愿服务队",
        None,
        "跑步爱好者组成，为马拉松等赛事提供补给和赛道服务。",
    ),
    (
        "港城护河志愿者联盟",
        Some("生态环保"),
        "“民间河长”组成，定期巡河、劝导和记录水环境问题。",
    ),
    (
        "港城青年志愿者协会",
        None,
        "青年志愿者组成，承接大型活动保障和社区志愿服务项目。",
    ),
    (
        "港城巾帼志愿者协会",
        Some("关爱未成年人"),
        "女性志愿者组成，开展家庭教育、关爱儿童和妇女维权服务。",
    ),
    (
        "港城红十字应急救护志愿服务队",
        Some("应急救援"),
        "持证救护员组成，开展应急救护培训和赛事医疗保障。",
    ),
    (
        "港城大学生志愿者联盟",
        Some("关爱未成年人"),
        "返乡大学生组成，寒暑假开展支教、课业辅导和社会实践。",
    ),
    (
        "港城家庭教育志愿讲师团",
        Some("关爱未成年人"),
        "教师和家庭教育指导师组成，开展家长课堂和亲子活动。",
    ),
    (
        "港城科普志愿者协会",
        Some("科普宣传"),
        "科技工作者和科普爱好者组成，开展科普讲座和科学实验秀。",
    ),
    (
        "港城反诈宣传志愿服务队",
        Some("科普宣传"),
        "协助公安机关进社区、进企业开展防范电信网络诈骗宣传。",
    ),
    (
        "港城中医药志愿服务队",
        Some("医疗健康"),
        "中医药从业者组成，开展中医义诊、膏方讲座和养生科普。",
    ),
    (
        "港城锡剧票友志愿服务队",
        Some("文化文艺"),
        "锡剧爱好者组成，送戏进村（社区）、进敬老院。",
    ),
    (
        "港城环保志愿者协会",
        Some("生态环保"),
        "开展环保宣传、旧物回收和生态保护公益活动。",
    ),
    (
        "港城新市民志愿服务队",
        None,
        "新市民组成，开展互助融入、权益咨询和城市文明宣传。",
    ),
    (
        "港城电脑义修志愿服务队",
        Some("技能培训"),
        "电脑和手机维修志愿者组成，为居民义务维修，教老人用智能手机。",
    ),
    (
        "港城慈善义工团",
        Some("助老助残"),
        "协助慈善组织开展募捐、困难家庭走访和物资发放。",
    ),
];

/// Civil-society teams of a town (`{p}` stands for the town's short name).
const TOWN_SOCIAL: &[Template] = &[
    (
        "爱心义工协会",
        Some("助老助残"),
        "{p}爱心人士自发组成的义工团体，常年开展助老、助残和扶贫帮困。",
    ),
    (
        "志愿者联合会",
        None,
        "联合{p}各类志愿者和志愿服务组织，承接志愿服务项目。",
    ),
    (
        "巾帼志愿者协会",
        Some("关爱未成年人"),
        "{p}女性志愿者组成，开展家庭教育、关爱儿童和邻里调解。",
    ),
    (
        "青年志愿者协会",
        None,
        "{p}青年志愿者组成，参与活动保障、环境整治和应急服务。",
    ),
    (
        "红十字志愿服务队",
        Some("应急救援"),
        "开展应急救护培训、无偿献血宣传和救灾救助。",
    ),
    (
        "慈善义工服务队",
        Some("助老助残"),
        "协助{p}慈善分会开展困难家庭走访和物资发放。",
    ),
    (
        "老年志愿者协会",
        Some("助老助残"),
        "{p}低龄老人服务高龄老人，开展结对探访和互助养老。",
    ),
    (
        "平安义务巡逻队",
        Some("应急救援"),
        "{p}居民组成，开展夜间巡逻、防火防盗和防范诈骗宣传。",
    ),
    (
        "爱心车队",
        Some("文明交通"),
        "{p}私家车主组成，开展爱心送考、助残出行和应急运输。",
    ),
    (
        "文艺志愿者协会",
        Some("文化文艺"),
        "{p}文艺骨干组成，开展送戏下乡和群众文艺辅导。",
    ),
    (
        "环保志愿者协会",
        Some("生态环保"),
        "开展{p}河道巡护、植绿护绿和垃圾分类宣传。",
    ),
    (
        "退役军人志愿服务队",
        Some("应急救援"),
        "{p}退役军人组成，参与应急救援、国防教育和社区治理。",
    ),
    (
        "乡贤志愿服务团",
        Some("理论宣讲"),
        "{p}退休干部、教师和企业家组成，参与乡村治理、调解纠纷和助学帮困。",
    ),
    (
        "新市民志愿服务队",
        None,
        "{p}新市民组成，开展互助融入、权益咨询和文明宣传。",
    ),
    (
        "义剪志愿服务队",
        Some("助老助残"),
        "为{p}的老人、残疾人和环卫工人免费理发。",
    ),
    (
        "读书会",
        Some("文化文艺"),
        "{p}读书爱好者组成，开展读书分享和亲子阅读。",
    ),
    (
        "广场舞志愿服务队",
        Some("文化文艺"),
        "{p}广场舞骨干组成，开展文艺辅导和节庆演出。",
    ),
    (
        "家长志愿者协会",
        Some("关爱未成年人"),
        "{p}学生家长组成，开展护学岗、亲子活动和家庭教育分享。",
    ),
    (
        "护河志愿队",
        Some("生态环保"),
        "{p}“民间河长”组成，定期巡河、劝导和记录水环境问题。",
    ),
    (
        "骑行志愿者协会",
        Some("文明交通"),
        "{p}骑行爱好者组成，开展文明骑行倡导和环保巡查。",
    ),
];

/// Surnames, most common first (the weights follow them; the rest weigh 3).
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const SURNAME_WEIGHTS: &[u32] = &[
    71, 70, 67, 54, 45, 31, 22, 20, 20, 19, 16, 12, 12, 14, 11, 11, 10, 10, 10, 9, 8, 8, 7, 7, 6,
    6, 6, 6, 6, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 8, 4, 4, 4, 4, 4,
    4, 4, 7, 4, 4,
];
const MALE_CHARS: &str = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林峰建国志海东亮成兵晨阳锋毅彬豪翔诚睿博轩铭";
const FEMALE_CHARS: &str =
    "芳娜敏静丽艳娟霞燕玲婷雪琳晶颖慧倩莉萍红梅琴云洁欣悦怡萱蓉丹璐瑶薇岚菲馨妍琪雯秀英兰凤";
const FIRST_CHARS: &str =
    "晓子思雨嘉一文佳心可安梓诗明天春秋新家彦小金玉永德振立美桂宏俊伟志海建国红";

const PHONE_PREFIXES: &[&str] = &[
    "139", "137", "158", "159", "135", "136", "150", "151", "152", "157", "187", "188", "182",
    "189", "180", "133", "153", "177", "181", "199",
];

/// Weekly windows that never overlap one another.
const WINDOWS: &[(&str, &str)] = &[("08:30", "11:30"), ("14:00", "17:00"), ("19:00", "21:00")];
/// Monday … Sunday: weekends are busiest.
const WEEKDAY_WEIGHTS: &[u32] = &[2, 2, 2, 2, 3, 6, 6];

/// Age bands of adult volunteers (whole years, counted from the current year) and their weights.
const AGE_BANDS: &[(u32, u32, u32)] = &[
    (19, 25, 15),
    (26, 35, 18),
    (36, 45, 20),
    (46, 55, 20),
    (56, 65, 19),
    (66, 70, 8),
];

const APPLY_MESSAGES: &[&str] = &[
    "我就住在附近，周末有时间，希望加入。",
    "退休在家，想发挥余热，为大家做点事。",
    "有相关专业经验，愿意参与服务。",
    "在读学生，寒暑假可以参加活动。",
    "想和家人一起参加志愿服务。",
];

// --- the plan ---------------------------------------------------------------------------------

/// An area as the plan needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub level: String,
    pub name: String,
}

impl From<&areas::Area> for Place {
    fn from(a: &areas::Area) -> Self {
        Place {
            id: a.id,
            parent_id: a.parent_id,
            level: a.level.clone(),
            name: a.name.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanTeam {
    /// Index of the parent team in [`Plan::teams`] (always earlier).
    pub parent: Option<usize>,
    pub kind: &'static str,
    pub name: String,
    pub area_id: i64,
    pub specialty: Option<String>,
    pub description: String,
    pub contact_name: String,
    pub contact_phone: String,
    /// A registration waiting for approval; otherwise approved.
    pub pending: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanVolunteer {
    pub real_name: String,
    pub phone: String,
    pub male: bool,
    pub birth_date: NaiveDate,
    pub area_id: i64,
    pub id_number: Option<String>,
    /// (name, phone) for 14–17-year-olds.
    pub guardian: Option<(String, String)>,
    /// Indices into [`SKILLS`].
    pub skills: Vec<usize>,
    /// The availability JSON, as the API stores it.
    pub availability: String,
    /// The demo login whose account this volunteer is.
    pub login: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanMember {
    pub team: usize,
    pub volunteer: usize,
    pub leader: bool,
    /// A join request waiting for a decision; otherwise active.
    pub applied: bool,
    pub message: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub teams: Vec<PlanTeam>,
    pub volunteers: Vec<PlanVolunteer>,
    pub members: Vec<PlanMember>,
}

struct Village {
    id: i64,
    name: String,
    town: usize,
}

struct Town {
    id: i64,
    name: String,
    short: String,
    villages: Vec<usize>,
}

/// Where a volunteer lives: a town and maybe one of its villages (indices).
#[derive(Clone, Copy)]
struct Home {
    town: usize,
    village: Option<usize>,
}

/// The name without its 镇 / 村 / 社区 ending ("杨舍镇" → "杨舍"); kept whole when that would
/// leave a single character.
fn short_name(name: &str) -> String {
    for suffix in ["现代农业示范园区", "街道", "社区", "镇", "村", "区"] {
        if let Some(s) = name.strip_suffix(suffix)
            && s.chars().count() >= 2
        {
            return s.to_owned();
        }
    }
    name.to_owned()
}

struct Planner {
    rng: SplitMix64,
    this_year: i32,
    plan: Plan,
    names: HashSet<String>,
    phones: HashSet<String>,
    ids: HashSet<String>,
    homes: Vec<Home>,
    active: Vec<u8>,
    pairs: HashSet<(usize, usize)>,
    team_members: Vec<Vec<usize>>,
    surnames: Vec<char>,
    male_chars: Vec<char>,
    female_chars: Vec<char>,
    first_chars: Vec<char>,
}

impl Planner {
    /// A unique team name: `name`, else `fallback`, else `name（2）`…
    fn claim(&mut self, name: String, fallback: Option<String>) -> String {
        if self.names.insert(name.clone()) {
            return name;
        }
        if let Some(f) = fallback
            && self.names.insert(f.clone())
        {
            return f;
        }
        let mut n = 2;
        loop {
            let alt = format!("{name}（{n}）");
            if self.names.insert(alt.clone()) {
                return alt;
            }
            n += 1;
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn team(
        &mut self,
        parent: Option<usize>,
        kind: &'static str,
        name: String,
        fallback: Option<String>,
        area_id: i64,
        specialty: Option<&str>,
        description: String,
        pending: bool,
    ) -> usize {
        let name = self.claim(name, fallback);
        self.plan.teams.push(PlanTeam {
            parent,
            kind,
            name,
            area_id,
            specialty: specialty.map(str::to_owned),
            description,
            contact_name: String::new(),
            contact_phone: String::new(),
            pending,
        });
        self.team_members.push(Vec::new());
        self.plan.teams.len() - 1
    }

    fn pick_char(&mut self, chars: &[char]) -> char {
        self.rng.pick(chars).copied().unwrap_or('明')
    }

    /// (surname, full name).
    fn person_name(&mut self, male: bool) -> (char, String) {
        let i = self.rng.weighted(
            &(0..self.surnames.len())
                .map(|i| SURNAME_WEIGHTS.get(i).copied().unwrap_or(3))
                .collect::<Vec<_>>(),
        );
        let surname = self.surnames.get(i).copied().unwrap_or('王');
        (surname, self.name_with(surname, male))
    }

    fn name_with(&mut self, surname: char, male: bool) -> String {
        let own = if male {
            self.male_chars.clone()
        } else {
            self.female_chars.clone()
        };
        let mut name = String::from(surname);
        if self.rng.percent(75) {
            let first = if self.rng.percent(50) {
                self.first_chars.clone()
            } else {
                own.clone()
            };
            name.push(self.pick_char(&first));
        }
        name.push(self.pick_char(&own));
        name
    }

    fn phone(&mut self) -> String {
        loop {
            let prefix = self.rng.pick(PHONE_PREFIXES).copied().unwrap_or("139");
            let p = format!("{prefix}{:08}", self.rng.below(100_000_000));
            if self.phones.insert(p.clone()) {
                return p;
            }
        }
    }

    fn unique_id_number(&mut self, birth: NaiveDate, male: bool) -> String {
        loop {
            let seq = self.rng.below(500) as u32;
            let id = id_number(birth, male, seq);
            if self.ids.insert(id.clone()) {
                return id;
            }
        }
    }

    fn availability(&mut self) -> anyhow::Result<String> {
        let n = 1 + self.rng.weighted(&[45, 35, 20]);
        let mut chosen: Vec<(u8, usize)> = Vec::new();
        while chosen.len() < n {
            let day = 1 + self.rng.weighted(WEEKDAY_WEIGHTS) as u8;
            let window = self.rng.weighted(&[5, 4, 2]);
            if !chosen.contains(&(day, window)) {
                chosen.push((day, window));
            }
        }
        chosen.sort_unstable();
        let slots: Vec<Slot> = chosen
            .into_iter()
            .filter_map(|(weekday, w)| {
                WINDOWS.get(w).map(|(start, end)| Slot {
                    weekday,
                    start: (*start).to_owned(),
                    end: (*end).to_owned(),
                })
            })
            .collect();
        Ok(serde_json::to_string(&slots)?)
    }

    fn skills(&mut self) -> Vec<usize> {
        let n = self.rng.weighted(&[30, 35, 22, 13]);
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            let s = self.rng.weighted(SKILL_WEIGHTS);
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out.sort_unstable();
        out
    }

    fn birth_date(&mut self, years_ago: u32) -> anyhow::Result<NaiveDate> {
        let year = self.this_year - years_ago as i32;
        let (month, day) = (self.rng.between(1, 12), self.rng.between(1, 28));
        NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| anyhow!("no date {year}-{month}"))
    }

    fn volunteer(&mut self, home: Home, area_id: i64) -> anyhow::Result<usize> {
        let male = !self.rng.percent(56);
        let (surname, real_name) = self.person_name(male);
        let phone = self.phone();
        let minor = self.rng.percent(2);
        let years_ago = if minor {
            self.rng.between(15, 17)
        } else {
            let band = self
                .rng
                .weighted(&AGE_BANDS.iter().map(|b| b.2).collect::<Vec<_>>());
            let (lo, hi, _) = AGE_BANDS.get(band).copied().unwrap_or((30, 40, 1));
            self.rng.between(lo, hi)
        };
        let birth_date = self.birth_date(years_ago)?;
        let guardian = if minor {
            let guardian_male = self.rng.percent(50);
            let name = self.name_with(surname, guardian_male);
            Some((name, self.phone()))
        } else {
            None
        };
        let id_number = if self.rng.percent(30) {
            Some(self.unique_id_number(birth_date, male))
        } else {
            None
        };
        let skills = self.skills();
        let availability = self.availability()?;
        Ok(self.push_volunteer(
            home,
            PlanVolunteer {
                real_name,
                phone,
                male,
                birth_date,
                area_id,
                id_number,
                guardian,
                skills,
                availability,
                login: None,
            },
        ))
    }

    fn push_volunteer(&mut self, home: Home, v: PlanVolunteer) -> usize {
        self.plan.volunteers.push(v);
        self.homes.push(home);
        self.active.push(0);
        self.plan.volunteers.len() - 1
    }

    fn join(&mut self, team: usize, volunteer: usize, leader: bool) -> bool {
        if !self.pairs.insert((team, volunteer)) {
            return false;
        }
        self.plan.members.push(PlanMember {
            team,
            volunteer,
            leader,
            applied: false,
            message: None,
        });
        if let Some(list) = self.team_members.get_mut(team) {
            list.push(self.plan.members.len() - 1);
        }
        if let Some(n) = self.active.get_mut(volunteer) {
            *n = n.saturating_add(1);
        }
        true
    }

    fn age_years(&self, volunteer: usize) -> i32 {
        self.plan
            .volunteers
            .get(volunteer)
            .map_or(0, |v| self.this_year - v.birth_date.year())
    }

    /// A volunteer from `pool` for one more team: not yet in it, not a demo login, first trying
    /// those in fewer than `busy` teams, then anyone with fewer than three.
    fn recruit(&mut self, team: usize, pool: &[usize], busy: u8, adult: bool) -> Option<usize> {
        for limit in [busy, 3] {
            for _ in 0..60 {
                let v = *self.rng.pick(pool)?;
                let free = self.active.get(v).is_some_and(|n| *n < limit)
                    && !self.pairs.contains(&(team, v))
                    && self
                        .plan
                        .volunteers
                        .get(v)
                        .is_some_and(|p| p.login.is_none())
                    && (!adult || self.age_years(v) >= 23);
                if free {
                    return Some(v);
                }
            }
        }
        None
    }
}

/// Builds the corps over the demo city's areas. `today` gives the year birth dates count back
/// from. Pure: the same areas and year give the same plan.
pub fn plan(places: &[Place], today: NaiveDate) -> anyhow::Result<Plan> {
    let mut sorted: Vec<&Place> = places.iter().collect();
    sorted.sort_by_key(|p| p.id);
    let city = *sorted
        .iter()
        .find(|p| p.level == "city" && p.parent_id.is_none())
        .ok_or_else(|| anyhow!("the demo city has no city area: load it first"))?;
    let mut towns: Vec<Town> = Vec::new();
    let mut villages: Vec<Village> = Vec::new();
    for t in sorted
        .iter()
        .filter(|p| p.level == "town" && p.parent_id == Some(city.id))
    {
        let town = towns.len();
        let mut own = Vec::new();
        for v in sorted
            .iter()
            .filter(|p| p.level == "village" && p.parent_id == Some(t.id))
        {
            own.push(villages.len());
            villages.push(Village {
                id: v.id,
                name: v.name.clone(),
                town,
            });
        }
        towns.push(Town {
            id: t.id,
            name: t.name.clone(),
            short: short_name(&t.name),
            villages: own,
        });
    }
    if towns.is_empty() {
        bail!("the demo city has no towns: load it first");
    }

    let mut p = Planner {
        rng: SplitMix64::new(SEED),
        this_year: today.year(),
        plan: Plan::default(),
        names: HashSet::new(),
        phones: [LEADER_LOGIN, MEMBER_LOGIN]
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
        ids: HashSet::new(),
        homes: Vec::new(),
        active: Vec::new(),
        pairs: HashSet::new(),
        team_members: Vec::new(),
        surnames: SURNAMES.chars().collect(),
        male_chars: MALE_CHARS.chars().collect(),
        female_chars: FEMALE_CHARS.chars().collect(),
        first_chars: FIRST_CHARS.chars().collect(),
    };

    // The corps tree.
    let corps = p.team(
        None,
        "city_corps",
        format!("{}新时代文明实践志愿服务总队", city.name),
        None,
        city.id,
        None,
        "全市新时代文明实践志愿服务队伍的总队，统筹镇级支队、行业支队、村（社区）服务队、实践点服务队和社会志愿服务团队，实行“基层开单、市级接单；市级供单、基层点单”。".into(),
        false,
    );
    let mut detachments = Vec::with_capacity(towns.len());
    for t in &towns {
        detachments.push(p.team(
            Some(corps),
            "town_detachment",
            format!("{}新时代文明实践志愿服务支队", t.name),
            None,
            t.id,
            None,
            format!(
                "{}新时代文明实践所统筹的镇级支队，组织本镇村（社区）服务队和实践点服务队开展文明实践志愿服务。",
                t.name
            ),
            false,
        ));
    }
    let mut industries = Vec::with_capacity(INDUSTRIES.len());
    let mut squads: Vec<Vec<usize>> = Vec::with_capacity(INDUSTRIES.len());
    for ind in INDUSTRIES {
        let d = p.team(
            Some(corps),
            "industry_detachment",
            format!("{}行业支队", ind.specialty),
            None,
            city.id,
            Some(ind.specialty),
            ind.about.into(),
            false,
        );
        industries.push(d);
        let mut own = Vec::with_capacity(ind.squads.len());
        for topic in ind.squads {
            own.push(p.team(
                Some(d),
                "squad",
                format!("{}行业支队{topic}小分队", ind.specialty),
                None,
                city.id,
                Some(ind.specialty),
                format!(
                    "{}行业支队下设的{topic}小分队，按基层点单到村（社区）开展志愿服务。",
                    ind.specialty
                ),
                false,
            ));
        }
        squads.push(own);
    }

    // Village and community teams: the main team and 9 to 13 more.
    let mut community: Vec<Vec<usize>> = Vec::with_capacity(villages.len());
    for v in &villages {
        let town = towns.get(v.town);
        let detachment = detachments.get(v.town).copied();
        let mut extra: Vec<usize> = (1..COMMUNITY.len()).collect();
        p.rng.shuffle(&mut extra);
        let n = p.rng.between(9, 13) as usize;
        let mut chosen: Vec<usize> = std::iter::once(0)
            .chain(extra.into_iter().take(n))
            .collect();
        chosen.sort_unstable();
        let mut own = Vec::with_capacity(chosen.len());
        for c in chosen {
            let Some((suffix, specialty, about)) = COMMUNITY.get(c) else {
                continue;
            };
            own.push(p.team(
                detachment,
                "community_team",
                format!("{}{suffix}", v.name),
                town.map(|t| format!("{}{}{suffix}", t.name, v.name)),
                v.id,
                *specialty,
                about.replace("{p}", &v.name),
                false,
            ));
        }
        community.push(own);
    }

    // Practice point teams: four per village and six more per town.
    let mut points: Vec<Vec<usize>> = Vec::with_capacity(towns.len());
    let first_town = towns
        .iter()
        .position(|t| t.name == "杨舍镇")
        .unwrap_or_default();
    for (ti, t) in towns.iter().enumerate() {
        let detachment = detachments.get(ti).copied();
        let target = 4 * t.villages.len() + 6;
        let mut own = Vec::with_capacity(target);
        let mut wanted: Vec<(String, Option<&str>, String)> = Vec::new();
        if ti == first_town {
            for (name, specialty, about) in CITY_POINTS {
                wanted.push((format!("{name}志愿服务队"), *specialty, (*about).to_owned()));
            }
        }
        for (suffix, specialty, about) in TOWN_POINTS {
            wanted.push((
                format!("{}{suffix}志愿服务队", t.short),
                *specialty,
                about.replace("{p}", &t.short),
            ));
        }
        for (i, vi) in t.villages.iter().enumerate() {
            let (Some(v), Some((suffix, specialty, about))) = (
                villages.get(*vi),
                VILLAGE_POINTS.get(i % VILLAGE_POINTS.len()),
            ) else {
                continue;
            };
            wanted.push((
                format!("{}{suffix}志愿服务队", v.name),
                *specialty,
                about.replace("{p}", &v.name),
            ));
        }
        for (name, specialty, about) in wanted.into_iter().take(target) {
            let fallback = Some(format!("{}{name}", t.short));
            own.push(p.team(
                detachment,
                "point_team",
                name,
                fallback,
                t.id,
                specialty,
                about,
                false,
            ));
        }
        while own.len() < target {
            let mut name = String::new();
            for _ in 0..50 {
                let brand = p.rng.pick(BRANDS).copied().unwrap_or("港城");
                let trade = p.rng.pick(TRADES).copied().unwrap_or("纺织");
                name = format!("{brand}{trade}有限公司志愿服务队");
                if !p.names.contains(&name) {
                    break;
                }
            }
            let fallback = Some(format!("{}{name}", t.short));
            own.push(p.team(
                detachment,
                "point_team",
                name,
                fallback,
                t.id,
                None,
                ENTERPRISE_ABOUT.into(),
                false,
            ));
        }
        points.push(own);
    }

    // Civil-society teams make up the rest of the 1,084: a quarter city-wide (standing alone
    // or in the city corps), the others in the towns.
    let social_total = APPROVED_TEAMS
        .checked_sub(p.plan.teams.len())
        .ok_or_else(|| {
            anyhow!(
                "the demo city is too big: {} official teams leave no room for civil-society ones in {APPROVED_TEAMS}",
                p.plan.teams.len()
            )
        })?;
    let city_social_n = CITY_SOCIAL.len().min(social_total / 4);
    let mut city_social = Vec::with_capacity(city_social_n);
    for (i, (name, specialty, about)) in CITY_SOCIAL.iter().take(city_social_n).enumerate() {
        let parent = (i % 3 == 2).then_some(corps);
        city_social.push(p.team(
            parent,
            "social_team",
            (*name).to_owned(),
            None,
            city.id,
            *specialty,
            (*about).to_owned(),
            false,
        ));
    }
    let mut combos: Vec<(usize, usize)> = (0..towns.len())
        .flat_map(|t| (0..TOWN_SOCIAL.len()).map(move |s| (t, s)))
        .collect();
    p.rng.shuffle(&mut combos);
    let town_social_n = social_total - city_social_n;
    let mut town_social: Vec<Vec<usize>> = vec![Vec::new(); towns.len()];
    for k in 0..town_social_n {
        let (ti, si) = combos
            .get(k)
            .copied()
            .unwrap_or((k % towns.len(), k % TOWN_SOCIAL.len()));
        let (Some(t), Some((theme, specialty, about))) = (towns.get(ti), TOWN_SOCIAL.get(si))
        else {
            continue;
        };
        let team = p.team(
            detachments.get(ti).copied(),
            "social_team",
            format!("{}{theme}", t.short),
            None,
            t.id,
            *specialty,
            about.replace("{p}", &t.short),
            false,
        );
        if let Some(list) = town_social.get_mut(ti) {
            list.push(team);
        }
    }

    // Three registrations for the approval demo: one city-wide, two in 金港镇.
    let jingang = towns
        .iter()
        .position(|t| t.name == "金港镇")
        .unwrap_or_default();
    let jindu = villages
        .iter()
        .position(|v| v.name == "金都社区")
        .or_else(|| towns.get(jingang).and_then(|t| t.villages.first().copied()));
    let jingang_id = towns.get(jingang).map_or(city.id, |t| t.id);
    let pending = [
        (
            None,
            "港城萤火虫亲子志愿服务队".to_owned(),
            city.id,
            "关爱未成年人",
            "一群年轻父母发起，带着孩子一起参与社区服务，在实践中培养责任感。",
        ),
        (
            detachments.get(jingang).copied(),
            "长江护渔志愿服务队".to_owned(),
            jingang_id,
            "生态环保",
            "沿江渔民退捕上岸后自发组建，协助开展长江禁渔巡护和护渔宣传。",
        ),
        (
            detachments.get(jingang).copied(),
            jindu
                .and_then(|i| villages.get(i))
                .map_or_else(|| "金港楼道长".to_owned(), |v| v.name.clone())
                + "楼道长志愿服务队",
            jindu
                .and_then(|i| villages.get(i))
                .map_or(jingang_id, |v| v.id),
            "助老助残",
            "楼道长们自发组织，照看独居老人、传递社区通知、化解邻里小矛盾。",
        ),
    ];
    for (parent, name, area, specialty, about) in pending {
        p.team(
            parent,
            "social_team",
            name,
            None,
            area,
            Some(specialty),
            about.into(),
            true,
        );
    }

    // Volunteers: the two demo logins first, then the rest, most living in a village.
    let leader_login = DEMO_LOGINS.iter().find(|d| d.phone == LEADER_LOGIN);
    let member_login = DEMO_LOGINS.iter().find(|d| d.phone == MEMBER_LOGIN);
    let yangshe = Home {
        town: first_town,
        village: towns
            .get(first_town)
            .and_then(|t| t.villages.first().copied()),
    };
    let jindu_home = Home {
        town: jingang,
        village: jindu,
    };
    let area_of = |h: Home| -> i64 {
        h.village
            .and_then(|v| villages.get(v))
            .map(|v| v.id)
            .or_else(|| towns.get(h.town).map(|t| t.id))
            .unwrap_or(city.id)
    };
    let lead_birth = NaiveDate::from_ymd_opt(p.this_year - 46, 3, 14)
        .ok_or_else(|| anyhow!("bad demo birth date"))?;
    let lead_id = p.unique_id_number(lead_birth, true);
    let lead = p.push_volunteer(
        yangshe,
        PlanVolunteer {
            real_name: leader_login.map_or("陈思远", |d| d.name).to_owned(),
            phone: LEADER_LOGIN.to_owned(),
            male: true,
            birth_date: lead_birth,
            area_id: area_of(yangshe),
            id_number: Some(lead_id),
            guardian: None,
            skills: vec![0, 7],
            availability: r#"[{"weekday":3,"start":"19:00","end":"21:00"},{"weekday":6,"start":"08:30","end":"11:30"}]"#.into(),
            login: Some(LEADER_LOGIN),
        },
    );
    let member_birth = NaiveDate::from_ymd_opt(p.this_year - 33, 9, 8)
        .ok_or_else(|| anyhow!("bad demo birth date"))?;
    let member_id = p.unique_id_number(member_birth, false);
    let member = p.push_volunteer(
        jindu_home,
        PlanVolunteer {
            real_name: member_login.map_or("李晓雯", |d| d.name).to_owned(),
            phone: MEMBER_LOGIN.to_owned(),
            male: false,
            birth_date: member_birth,
            area_id: area_of(jindu_home),
            id_number: Some(member_id),
            guardian: None,
            skills: vec![13, 16],
            availability: r#"[{"weekday":6,"start":"08:30","end":"11:30"},{"weekday":7,"start":"14:00","end":"17:00"}]"#.into(),
            login: Some(MEMBER_LOGIN),
        },
    );
    let village_weights: Vec<u32> = villages
        .iter()
        .map(|v| if v.name.ends_with("社区") { 3 } else { 2 })
        .collect();
    let town_weights: Vec<u32> = towns.iter().map(|t| t.villages.len() as u32 + 1).collect();
    while p.plan.volunteers.len() < VOLUNTEERS {
        let home = if !villages.is_empty() && p.rng.percent(85) {
            let vi = p.rng.weighted(&village_weights);
            Home {
                town: villages.get(vi).map_or(0, |v| v.town),
                village: Some(vi),
            }
        } else {
            Home {
                town: p.rng.weighted(&town_weights),
                village: None,
            }
        };
        p.volunteer(home, area_of(home))?;
    }

    // Pools: who lives in each village and in each town (its villages included).
    let mut by_village: Vec<Vec<usize>> = vec![Vec::new(); villages.len()];
    let mut by_town: Vec<Vec<usize>> = vec![Vec::new(); towns.len()];
    for (i, h) in p.homes.iter().enumerate() {
        if let Some(list) = h.village.and_then(|v| by_village.get_mut(v)) {
            list.push(i);
        }
        if let Some(list) = by_town.get_mut(h.town) {
            list.push(i);
        }
    }
    let everyone: Vec<usize> = (0..p.plan.volunteers.len()).collect();

    // The demo volunteers' memberships.
    if let Some(theory) = industries.first().copied() {
        p.join(theory, lead, true);
    }
    if let Some(main) = yangshe
        .village
        .and_then(|v| community.get(v))
        .and_then(|c| c.first().copied())
    {
        p.join(main, lead, false);
    }
    if let Some(main) = jindu
        .and_then(|v| community.get(v))
        .and_then(|c| c.first().copied())
    {
        p.join(main, member, false);
    }

    // Everyone else: a team where they live, and for some a second one.
    for v in 0..p.plan.volunteers.len() {
        if p.plan.volunteers.get(v).is_some_and(|x| x.login.is_some()) {
            continue;
        }
        let Some(home) = p.homes.get(v).copied() else {
            continue;
        };
        let village_teams = home
            .village
            .and_then(|i| community.get(i))
            .cloned()
            .unwrap_or_default();
        let town_points = points.get(home.town).cloned().unwrap_or_default();
        let town_socials = town_social.get(home.town).cloned().unwrap_or_default();
        let primary = if village_teams.is_empty() {
            let r = p.rng.below(100);
            if r < 60 || (town_socials.is_empty() && r < 85) {
                p.rng.pick(&town_points).copied()
            } else if r < 85 {
                p.rng.pick(&town_socials).copied()
            } else {
                detachments.get(home.town).copied()
            }
        } else {
            let weights: Vec<u32> = (0..village_teams.len())
                .map(|i| if i == 0 { 5 } else { 1 })
                .collect();
            village_teams.get(p.rng.weighted(&weights)).copied()
        };
        if let Some(t) = primary {
            p.join(t, v, false);
        }
        if !p.rng.percent(45) {
            continue;
        }
        let r = p.rng.below(100);
        let second = if r < 30 {
            let skills = p
                .plan
                .volunteers
                .get(v)
                .map(|x| x.skills.clone())
                .unwrap_or_default();
            let fitting: Vec<usize> = INDUSTRIES
                .iter()
                .enumerate()
                .filter(|(_, ind)| {
                    skills.iter().any(|s| {
                        SKILLS
                            .get(*s)
                            .is_some_and(|(code, _)| ind.skills.contains(code))
                    })
                })
                .map(|(i, _)| i)
                .collect();
            let industry = match p.rng.pick(&fitting) {
                Some(i) => *i,
                None => p.rng.below(INDUSTRIES.len()),
            };
            let own = squads.get(industry).cloned().unwrap_or_default();
            p.rng.pick(&own).copied()
        } else if r < 55 {
            if !town_socials.is_empty() && p.rng.percent(60) {
                p.rng.pick(&town_socials).copied()
            } else {
                p.rng.pick(&city_social).copied()
            }
        } else if r < 75 || village_teams.len() < 2 {
            p.rng.pick(&town_points).copied()
        } else {
            p.rng.pick(&village_teams).copied()
        };
        if let Some(t) = second {
            p.join(t, v, false);
        }
    }

    // Every team gets a few members from where it works, then its leaders.
    for t in 0..p.plan.teams.len() {
        let Some(team) = p.plan.teams.get(t).cloned() else {
            continue;
        };
        let town = towns.iter().position(|x| x.id == team.area_id);
        let village = villages.iter().position(|x| x.id == team.area_id);
        let pool: &[usize] = if let Some(v) = village {
            by_village.get(v).map_or(&[], Vec::as_slice)
        } else if let Some(ti) = town {
            by_town.get(ti).map_or(&[], Vec::as_slice)
        } else {
            &everyone
        };
        let pool = if pool.is_empty() { &everyone } else { pool };
        let minimum = match team.kind {
            _ if team.pending => 1,
            "city_corps" => 8,
            "town_detachment" | "industry_detachment" => 6,
            "squad" => 5,
            "point_team" => 3,
            _ => 4,
        };
        while p.team_members.get(t).map_or(0, Vec::len) < minimum {
            let adult = team.pending;
            match p.recruit(t, pool, 2, adult) {
                Some(v) => {
                    p.join(t, v, false);
                }
                None => break,
            }
        }
        let members = p.team_members.get(t).cloned().unwrap_or_default();
        let has_leader = members
            .iter()
            .any(|m| p.plan.members.get(*m).is_some_and(|m| m.leader));
        if !has_leader {
            let wanted = if members.len() >= 8 && p.rng.percent(50) {
                2
            } else {
                1
            };
            let suitable = |p: &Planner, m: &usize, lo: i32, hi: i32| {
                p.plan.members.get(*m).is_some_and(|m| {
                    let age = p.age_years(m.volunteer);
                    (lo..=hi).contains(&age)
                        && p.plan
                            .volunteers
                            .get(m.volunteer)
                            .is_some_and(|v| v.login.is_none())
                })
            };
            let mut candidates: Vec<usize> = members
                .iter()
                .copied()
                .filter(|m| suitable(&p, m, 26, 65))
                .collect();
            if candidates.is_empty() {
                candidates = members
                    .iter()
                    .copied()
                    .filter(|m| suitable(&p, m, 19, 80))
                    .collect();
            }
            p.rng.shuffle(&mut candidates);
            for m in candidates.into_iter().take(wanted) {
                if let Some(m) = p.plan.members.get_mut(m) {
                    m.leader = true;
                }
            }
        }
        let contact = p
            .team_members
            .get(t)
            .and_then(|ms| {
                ms.iter()
                    .filter_map(|m| p.plan.members.get(*m))
                    .find(|m| m.leader)
            })
            .and_then(|m| p.plan.volunteers.get(m.volunteer))
            .map(|v| (v.real_name.clone(), v.phone.clone()));
        let (name, phone) = match contact {
            Some(c) => c,
            None => (
                "文明实践中心".to_owned(),
                format!("0512-58{:06}", p.rng.below(1_000_000)),
            ),
        };
        if let Some(team) = p.plan.teams.get_mut(t) {
            team.contact_name = name;
            team.contact_phone = phone;
        }
    }

    // Join requests waiting for a decision.
    let open: Vec<usize> = p
        .plan
        .teams
        .iter()
        .enumerate()
        .filter(|(_, t)| !t.pending && matches!(t.kind, "squad" | "social_team" | "point_team"))
        .map(|(i, _)| i)
        .collect();
    let mut applied = 0;
    let mut tries = 0;
    while applied < APPLICATIONS && tries < APPLICATIONS * 20 {
        tries += 1;
        let v = p.rng.below(p.plan.volunteers.len());
        let Some(t) = p.rng.pick(&open).copied() else {
            break;
        };
        if p.plan.volunteers.get(v).is_none_or(|x| x.login.is_some()) || !p.pairs.insert((t, v)) {
            continue;
        }
        let message = if p.rng.percent(70) {
            p.rng.pick(APPLY_MESSAGES).copied()
        } else {
            None
        };
        p.plan.members.push(PlanMember {
            team: t,
            volunteer: v,
            leader: false,
            applied: true,
            message,
        });
        applied += 1;
    }

    let approved = p.plan.teams.iter().filter(|t| !t.pending).count();
    if approved != APPROVED_TEAMS {
        bail!("planned {approved} approved teams instead of {APPROVED_TEAMS}");
    }
    Ok(p.plan)
}

// --- loading ----------------------------------------------------------------------------------

/// What [`load_corps`] added.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct CorpsReport {
    pub skills: usize,
    /// Teams added, pending registrations included.
    pub teams: usize,
    pub pending: usize,
    pub volunteers: usize,
    /// Active memberships.
    pub memberships: usize,
    /// Join requests waiting for a decision.
    pub applications: usize,
    /// Approved teams by kind.
    pub by_kind: Vec<(String, usize)>,
}

/// Today in the city (UTC+8), as the API counts ages.
fn city_today() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

/// One membership row ready to insert.
struct MemberRow {
    team_id: i64,
    volunteer_id: i64,
    role: &'static str,
    status: &'static str,
    message: Option<&'static str>,
    decided: bool,
}

/// Memberships in multi-row inserts of 500.
fn insert_members(conn: &mut DbConn, rows: &[MemberRow]) -> youai_db::QueryResult<()> {
    use youai_db::schema::team_members as tm;
    let at = youai_db::now();
    for chunk in rows.chunks(500) {
        let values: Vec<_> = chunk
            .iter()
            .map(|m| {
                (
                    tm::team_id.eq(m.team_id),
                    tm::volunteer_id.eq(m.volunteer_id),
                    tm::role.eq(m.role),
                    tm::status.eq(m.status),
                    tm::message.eq(m.message),
                    tm::applied_at.eq(at),
                    tm::decided_at.eq(m.decided.then_some(at)),
                )
            })
            .collect();
        let query = diesel::insert_into(tm::table).values(values);
        youai_db::on_backend!(conn, |c| query.execute(c))?;
    }
    Ok(())
}

/// Each team's first decision (`create` → approved, `apply` → pending), as
/// [`teams::record_decision`] writes it, in multi-row inserts of 500.
fn insert_decisions(conn: &mut DbConn, rows: &[(i64, &str, &str)]) -> youai_db::QueryResult<()> {
    use youai_db::schema::team_decisions as td;
    let at = youai_db::now();
    for chunk in rows.chunks(500) {
        let values: Vec<_> = chunk
            .iter()
            .map(|(team, action, to)| {
                (
                    td::team_id.eq(*team),
                    td::action.eq(*action),
                    td::to_status.eq(*to),
                    td::at.eq(at),
                )
            })
            .collect();
        let query = diesel::insert_into(td::table).values(values);
        youai_db::on_backend!(conn, |c| query.execute(c))?;
    }
    Ok(())
}

/// Adds the demo corps to a database that has the demo city ([`crate::seed::load`]) but no
/// teams yet; does nothing (and reports zeros) when any team exists. One transaction.
pub fn load_corps(conn: &mut DbConn, key: &DataKey) -> anyhow::Result<CorpsReport> {
    conn.write_transaction(|conn| {
        let existing: i64 = youai_db::schema::teams::table.count().get_result(conn)?;
        if existing > 0 {
            return Ok(CorpsReport::default());
        }
        let places: Vec<Place> = areas::subtree(conn, "/")?.iter().map(Place::from).collect();
        let plan = plan(&places, city_today())?;
        let mut report = CorpsReport::default();

        let mut skill_ids = Vec::with_capacity(SKILLS.len());
        for (code, name) in SKILLS {
            let skill = match skills::find_by_code_or_name(conn, code, name)? {
                Some(s) => s,
                None => {
                    report.skills += 1;
                    skills::insert(conn, code, name)?
                }
            };
            skill_ids.push(skill.id);
        }

        // Teams, parents first.
        let mut team_rows: Vec<(i64, String)> = Vec::with_capacity(plan.teams.len());
        let mut by_kind: HashMap<&str, usize> = HashMap::new();
        let mut decisions: Vec<(i64, &str, &str)> = Vec::with_capacity(plan.teams.len());
        for t in &plan.teams {
            let parent = match t.parent {
                Some(i) => Some(
                    team_rows
                        .get(i)
                        .cloned()
                        .ok_or_else(|| anyhow!("team {} comes before its parent", t.name))?,
                ),
                None => None,
            };
            let fields = teams::TeamFields {
                parent_id: parent.as_ref().map(|p| p.0),
                kind: t.kind.to_owned(),
                name: t.name.clone(),
                area_id: t.area_id,
                specialty: t.specialty.clone(),
                description: Some(t.description.clone()),
                contact_name: Some(t.contact_name.clone()),
                contact_phone: Some(t.contact_phone.clone()),
                logo_url: None,
            };
            let (status, action) = if t.pending {
                ("pending", "apply")
            } else {
                ("approved", "create")
            };
            let row = teams::insert(
                conn,
                &fields,
                parent.as_ref().map(|p| p.1.as_str()),
                status,
                None,
            )
            .with_context(|| format!("team {}", t.name))?;
            decisions.push((row.id, action, status));
            if t.pending {
                report.pending += 1;
            } else {
                *by_kind.entry(t.kind).or_default() += 1;
            }
            team_rows.push((row.id, row.path));
        }
        report.teams = team_rows.len();
        insert_decisions(conn, &decisions)?;

        // The demo volunteers' accounts.
        let mut accounts: HashMap<&str, i64> = HashMap::new();
        for d in DEMO_LOGINS.iter().filter(|d| is_corps_login(d.phone)) {
            let user = match users::find_by_phone(conn, d.phone)? {
                Some(u) => u,
                None => {
                    let hash =
                        youai_api::auth::hash_password(d.password).map_err(|e| anyhow!("{e}"))?;
                    users::insert(conn, d.phone, d.name, &hash)?
                }
            };
            accounts.insert(d.phone, user.id);
        }

        // Volunteers. On a database that already has some, skip the phones, accounts and ID
        // numbers they hold (the demo logins keep their existing profile).
        let fresh = volunteers::count(conn)? == 0;
        let mut ids: Vec<Option<i64>> = vec![None; plan.volunteers.len()];
        let mut rows = Vec::with_capacity(plan.volunteers.len());
        let mut row_of = Vec::with_capacity(plan.volunteers.len());
        for (i, v) in plan.volunteers.iter().enumerate() {
            let user_id = v.login.and_then(|l| accounts.get(l).copied());
            if !fresh {
                let by_user = match user_id {
                    Some(u) => volunteers::find_by_user(conn, u)?,
                    None => None,
                };
                if let Some(existing) = by_user.or(volunteers::find_by_phone(conn, &v.phone)?) {
                    if v.login.is_some()
                        && let Some(slot) = ids.get_mut(i)
                    {
                        *slot = Some(existing.id);
                    }
                    continue;
                }
            }
            let (mut enc, mut hash, mut mask) = (None, None, None);
            if let Some(raw) = &v.id_number {
                let id = idcard::parse(raw).with_context(|| format!("ID number of {}", v.phone))?;
                let h = key.fingerprint(id.as_str()).map_err(anyhow::Error::msg)?;
                if fresh || !volunteers::id_number_taken(conn, &h, None)? {
                    enc = Some(key.encrypt(id.as_str()).map_err(anyhow::Error::msg)?);
                    hash = Some(h);
                    mask = Some(id.masked());
                }
            }
            rows.push(volunteers::NewVolunteer {
                user_id,
                real_name: v.real_name.clone(),
                phone: v.phone.clone(),
                gender: if v.male { "male" } else { "female" }.to_owned(),
                birth_date: v.birth_date,
                area_id: v.area_id,
                id_number_enc: enc,
                id_number_hash: hash,
                id_number_mask: mask,
                guardian_name: v.guardian.as_ref().map(|g| g.0.clone()),
                guardian_phone: v.guardian.as_ref().map(|g| g.1.clone()),
                availability: v.availability.clone(),
            });
            row_of.push(i);
        }
        let inserted: HashMap<String, i64> = volunteers::insert_many(conn, &rows)?
            .into_iter()
            .map(|(id, phone)| (phone, id))
            .collect();
        report.volunteers = inserted.len();
        for i in row_of {
            if let (Some(v), Some(slot)) = (plan.volunteers.get(i), ids.get_mut(i)) {
                *slot = inserted.get(&v.phone).copied();
            }
        }
        let new_ids: HashSet<i64> = inserted.values().copied().collect();
        let mut pairs = Vec::new();
        for (i, v) in plan.volunteers.iter().enumerate() {
            if let Some(Some(id)) = ids.get(i)
                && new_ids.contains(id)
            {
                pairs.extend(
                    v.skills
                        .iter()
                        .filter_map(|s| skill_ids.get(*s).map(|sid| (*id, *sid))),
                );
            }
        }
        skills::insert_volunteer_skills(conn, &pairs)?;

        // Memberships.
        let mut member_rows = Vec::with_capacity(plan.members.len());
        for m in &plan.members {
            let (Some((team_id, _)), Some(Some(volunteer_id))) =
                (team_rows.get(m.team), ids.get(m.volunteer))
            else {
                continue;
            };
            if m.applied {
                report.applications += 1;
            } else {
                report.memberships += 1;
            }
            member_rows.push(MemberRow {
                team_id: *team_id,
                volunteer_id: *volunteer_id,
                role: if m.leader { "leader" } else { "member" },
                status: if m.applied { "applied" } else { "active" },
                message: m.message,
                decided: !m.applied,
            });
        }
        insert_members(conn, &member_rows)?;

        let mut kinds: Vec<(String, usize)> = by_kind
            .into_iter()
            .map(|(k, n)| (k.to_owned(), n))
            .collect();
        kinds.sort();
        report.by_kind = kinds;
        Ok(report)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use youai_domain::idcard::Gender;

    #[test]
    fn splitmix_is_fixed() {
        // Reference values of SplitMix64 seeded with 1234567.
        let mut r = SplitMix64::new(1_234_567);
        assert_eq!(r.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(r.next_u64(), 3_203_168_211_198_807_973);
        let mut a = SplitMix64::new(SEED);
        let mut b = SplitMix64::new(SEED);
        for _ in 0..1000 {
            assert_eq!(a.below(37), b.below(37));
        }
        assert!((0..1000).all(|_| a.below(7) < 7));
        assert_eq!(a.below(0), 0);
        assert!((0..1000).all(|_| (3..=5).contains(&a.between(3, 5))));
    }

    #[test]
    fn id_numbers_are_valid() {
        // The standard's worked example: 11010519491231002X.
        let d = NaiveDate::from_ymd_opt(1949, 12, 31).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let mut r = SplitMix64::new(7);
        for _ in 0..2000 {
            let year = 1950 + r.below(60) as i32;
            let birth = NaiveDate::from_ymd_opt(year, r.between(1, 12), r.between(1, 28)).unwrap();
            let male = r.percent(50);
            let s = id_number(birth, male, r.below(1000) as u32);
            let id = idcard::parse_on(&s, today).unwrap();
            assert_eq!(id.birth_date(), birth);
            assert_eq!(
                id.gender(),
                if male { Gender::Male } else { Gender::Female }
            );
            assert!(s.starts_with("320582"));
        }
        assert!(idcard::parse_on(&id_number(d, false, 1), today).is_ok());
    }

    /// A city like the demo's: 9 towns, 49 villages and communities.
    fn places() -> Vec<Place> {
        let mut out = vec![Place {
            id: 1,
            parent_id: None,
            level: "city".into(),
            name: "张家港市".into(),
        }];
        let towns = [
            ("杨舍镇", 7),
            ("塘桥镇", 6),
            ("金港镇", 7),
            ("锦丰镇", 6),
            ("乐余镇", 5),
            ("凤凰镇", 6),
            ("南丰镇", 5),
            ("大新镇", 5),
            ("常阴沙现代农业示范园区", 2),
        ];
        let mut id = 2;
        for (t, n) in towns {
            let town = id;
            out.push(Place {
                id: town,
                parent_id: Some(1),
                level: "town".into(),
                name: t.into(),
            });
            id += 1;
            for v in 0..n {
                let name = if t == "金港镇" && v == 0 {
                    "金都社区".to_owned()
                } else if v % 2 == 0 {
                    format!("{}{v}社区", &t[..6])
                } else {
                    format!("{}{v}村", &t[..6])
                };
                out.push(Place {
                    id,
                    parent_id: Some(town),
                    level: "village".into(),
                    name,
                });
                id += 1;
            }
        }
        out
    }

    #[test]
    fn plan_has_the_briefings_scale_and_is_consistent() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let plan = plan(&places(), today).unwrap();
        assert_eq!(
            plan,
            super::plan(&places(), today).unwrap(),
            "deterministic"
        );

        let approved = plan.teams.iter().filter(|t| !t.pending).count();
        assert_eq!(approved, APPROVED_TEAMS);
        assert_eq!(plan.teams.iter().filter(|t| t.pending).count(), 3);
        let kind = |k: &str| plan.teams.iter().filter(|t| t.kind == k).count();
        assert_eq!(kind("city_corps"), 1);
        assert_eq!(kind("town_detachment"), 9);
        assert_eq!(kind("industry_detachment"), 12);
        assert!(kind("squad") >= 24);
        assert!(kind("community_team") >= 49 * 10);
        assert!(kind("point_team") >= 9 * 6);
        assert!(kind("social_team") >= 50);
        let names: HashSet<&str> = plan.teams.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names.len(), plan.teams.len(), "team names are unique");
        assert!(names.contains("理论宣讲行业支队"));
        assert!(names.contains("张家港市新时代文明实践志愿服务总队"));
        assert!(names.contains("金都社区志愿服务队"));
        for (i, t) in plan.teams.iter().enumerate() {
            assert!(t.parent.is_none_or(|p| p < i), "parents first");
            assert!((2..=60).contains(&t.name.chars().count()), "{}", t.name);
            assert!(
                youai_domain::validate::is_mobile_phone(&t.contact_phone)
                    || t.contact_phone.starts_with("0512-"),
            );
        }

        assert_eq!(plan.volunteers.len(), VOLUNTEERS);
        let phones: HashSet<&str> = plan.volunteers.iter().map(|v| v.phone.as_str()).collect();
        assert_eq!(phones.len(), VOLUNTEERS);
        let mut with_id = 0;
        let mut minors = 0;
        for v in &plan.volunteers {
            assert!(youai_domain::validate::is_mobile_phone(&v.phone));
            let age = idcard::age_on(v.birth_date, today);
            assert!((14..=70).contains(&age), "{age}");
            assert_eq!(age < 18, v.guardian.is_some());
            minors += usize::from(age < 18);
            if let Some(s) = &v.id_number {
                let id = idcard::parse_on(s, today).unwrap();
                assert_eq!(id.birth_date(), v.birth_date);
                assert_eq!(id.gender() == Gender::Male, v.male);
                with_id += 1;
            }
            assert!(v.skills.len() <= 3);
            let slots: Vec<Slot> = serde_json::from_str(&v.availability).unwrap();
            assert!((1..=3).contains(&slots.len()));
            youai_domain::availability::validate(&slots).unwrap();
        }
        assert!((1300..1700).contains(&with_id), "{with_id}");
        assert!((50..150).contains(&minors), "{minors}");

        let mut active = vec![0; plan.volunteers.len()];
        let mut leaders = vec![0; plan.teams.len()];
        let mut members = vec![0; plan.teams.len()];
        let mut pairs = HashSet::new();
        let mut applied = 0;
        for m in &plan.members {
            assert!(pairs.insert((m.team, m.volunteer)), "one row per pair");
            if m.applied {
                applied += 1;
                assert!(!m.leader);
                continue;
            }
            active[m.volunteer] += 1;
            members[m.team] += 1;
            if m.leader {
                leaders[m.team] += 1;
                let age = idcard::age_on(plan.volunteers[m.volunteer].birth_date, today);
                assert!(age >= 18);
            }
        }
        assert_eq!(applied, APPLICATIONS);
        assert!(active.iter().all(|n| (1..=3).contains(n)));
        assert!(active.iter().filter(|n| **n == 3).count() < 100);
        assert!(members.iter().all(|n| *n >= 1));
        assert!(leaders.iter().all(|n| (1..=2).contains(n)));
        assert!(
            (6500..9000).contains(&plan.members.len()),
            "{}",
            plan.members.len()
        );

        // The demo logins.
        let lead = plan
            .volunteers
            .iter()
            .position(|v| v.phone == LEADER_LOGIN)
            .unwrap();
        let theory = plan
            .teams
            .iter()
            .position(|t| t.name == "理论宣讲行业支队")
            .unwrap();
        assert!(
            plan.members
                .iter()
                .any(|m| m.team == theory && m.volunteer == lead && m.leader && !m.applied)
        );
        let member = plan
            .volunteers
            .iter()
            .position(|v| v.phone == MEMBER_LOGIN)
            .unwrap();
        let jindu = plan
            .teams
            .iter()
            .position(|t| t.name == "金都社区志愿服务队")
            .unwrap();
        let own: Vec<&PlanMember> = plan
            .members
            .iter()
            .filter(|m| m.volunteer == member)
            .collect();
        assert_eq!(own.len(), 1);
        assert!(own[0].team == jindu && !own[0].leader && !own[0].applied);
    }

    #[test]
    fn short_names() {
        assert_eq!(short_name("杨舍镇"), "杨舍");
        assert_eq!(short_name("常阴沙现代农业示范园区"), "常阴沙");
        assert_eq!(short_name("金都社区"), "金都");
        assert_eq!(short_name("金村村"), "金村");
    }
}
