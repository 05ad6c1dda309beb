//! 三清单: the enums of agencies (机关企事业单位), the needs list (群众需求清单) and the
//! resources list (社会资源清单). The wire types of each live beside their resource
//! (`needs`, `resources`, `matching`).

use serde::{Deserialize, Serialize};

crate::string_enum!(
    /// What kind of body an agency is.
    AgencyKind {
        /// 机关: a government agency.
        Government = "government",
        /// 企业: an enterprise.
        Enterprise = "enterprise",
        /// 事业单位: a public institution.
        Institution = "institution",
        /// 社会组织: a social organisation.
        SocialOrg = "social_org",
    }
);

crate::string_enum!(
    /// How a need came in.
    NeedChannel {
        /// 干部走访: a cadre's visit.
        CadreVisit = "cadre_visit",
        /// 志愿者上门: a volunteer's visit.
        VolunteerVisit = "volunteer_visit",
        /// 网格员: a grid worker.
        GridWorker = "grid_worker",
        /// 微信群
        WechatGroup = "wechat_group",
        /// QQ 群
        QqGroup = "qq_group",
        /// 云沙洲 APP
        App = "app",
        /// 微信公众号
        WechatOa = "wechat_oa",
        /// 触摸屏一体机
        Kiosk = "kiosk",
        /// 网站
        Web = "web",
    }
);

crate::string_enum!(
    /// submitted → under_review → accepted | rejected; accepted → matched → in_service →
    /// fulfilled; withdrawn by the submitter before it is matched; merged into another need.
    NeedStatus {
        Submitted = "submitted",
        UnderReview = "under_review",
        Accepted = "accepted",
        Rejected = "rejected",
        Matched = "matched",
        InService = "in_service",
        Fulfilled = "fulfilled",
        Withdrawn = "withdrawn",
        Merged = "merged",
    }
);

crate::string_enum!(
    /// A step in a need's triage (`POST /needs/{id}/review`).
    NeedReviewAction {
        /// Take a submitted need up for review.
        StartReview = "start_review",
        /// Confirm it as serviceable; it joins the area's ranked list at the bottom.
        Accept = "accept",
        /// Exclude it (a reason is required and shown to the submitter).
        Reject = "reject",
        /// Move an accepted need to another urgency rank (1 = most urgent).
        Rank = "rank",
    }
);

crate::string_enum!(
    /// What happened to a need, in its trace.
    NeedEventKind {
        Intake = "intake",
        /// This need was merged into another.
        Merged = "merged",
        /// Another need was merged into this one (its supporters joined).
        Absorbed = "absorbed",
        Review = "review",
        Rank = "rank",
        Link = "link",
        InService = "in_service",
        Fulfilled = "fulfilled",
        Withdraw = "withdraw",
        Evaluate = "evaluate",
    }
);

crate::string_enum!(
    /// What a resource is.
    ResourceKind {
        /// 阵地: a place.
        Venue = "venue",
        /// 人才: people with expertise.
        Talent = "talent",
        /// 资金: money.
        Fund = "fund",
        /// 项目: a ready-made programme.
        Project = "project",
    }
);

crate::string_enum!(
    /// The period a resource's capacity is counted over.
    ResourcePeriod { Month = "month", Quarter = "quarter", Year = "year" }
);

crate::string_enum!(
    /// Whether a resource can still be allocated.
    ResourceStatus { Active = "active", Withdrawn = "withdrawn" }
);
