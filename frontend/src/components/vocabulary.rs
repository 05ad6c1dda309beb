//! The platform's vocabulary of projects and activities, offered as choices in searches and
//! forms.

/// Project categories the platform uses; offered as suggestions, any text may be searched.
pub const CATEGORIES: [&str; 13] = [
    "理论宣讲",
    "科普宣传",
    "技能培训",
    "心理关爱",
    "法律服务",
    "医疗健康",
    "文化文艺",
    "生态环保",
    "助老助残",
    "关爱未成年人",
    "应急救援",
    "文明交通",
    "邻里互助",
];

/// The target groups projects name (the briefing's six).
pub const TARGET_GROUPS: [&str; 6] = [
    "农村群众",
    "企业职工",
    "社区居民",
    "新市民",
    "老年人",
    "未成年人",
];
