//! The OpenAPI document's frame: info, security scheme, tags and the reusable error responses.
//! Paths and their schemas are collected from the handlers by utoipa-actix-web.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToResponse};
use youai_types::{FieldError, Problem};

// rustfmt re-indents attributes inside macro_rules on every run; keep this block as written.
#[rustfmt::skip]
macro_rules! problem_response {
    ($name:ident, $desc:literal, $status:literal, $code:literal, $detail:literal) => {
        #[derive(ToResponse)]
        #[response(
            description = $desc,
            content_type = "application/problem+json",
            example = json!({
                "type": concat!("urn:youai:problem:", $code),
                "title": $desc,
                "status": $status,
                "detail": $detail,
                "code": $code,
                "request_id": "4f1c2d9a-4c7e-4c55-9d3a-1f2e3d4c5b6a"
            })
        )]
        #[allow(dead_code)]
        pub struct $name(Problem);
    };
}

problem_response!(
    BadRequest,
    "请求格式有误",
    400,
    "malformed_json",
    "请求体不是合法的 JSON"
);
problem_response!(
    Unauthorized,
    "未登录或登录已失效",
    401,
    "missing_token",
    "请先登录（缺少 Bearer 访问令牌）"
);
problem_response!(
    Forbidden,
    "无权执行此操作",
    403,
    "forbidden",
    "你没有在此范围内执行该操作的权限"
);
problem_response!(NotFound, "未找到", 404, "not_found", "区域不存在");
problem_response!(
    Conflict,
    "与现有数据冲突",
    409,
    "phone_taken",
    "该手机号已注册"
);
problem_response!(
    PreconditionFailed,
    "前提条件不成立",
    412,
    "precondition_failed",
    "资源已被他人修改：请重新读取后再提交（If-Match 不符）"
);
problem_response!(
    PayloadTooLarge,
    "请求体过大",
    413,
    "payload_too_large",
    "请求体超过 1 MiB"
);
problem_response!(
    UnsupportedMediaType,
    "不支持的内容类型",
    415,
    "unsupported_media_type",
    "请求体须为 application/json"
);
problem_response!(
    ServiceUnavailable,
    "暂不可用",
    503,
    "certificate_font_missing",
    "服务器未安装中文字体，暂不能生成 PDF 证明；HTML 证明可用"
);

/// A request whose content failed validation, with one entry per field.
#[derive(ToResponse)]
#[response(
    description = "请求内容有误（逐字段说明）",
    content_type = "application/problem+json",
    example = json!({
        "type": "urn:youai:problem:validation_failed",
        "title": "请求内容有误",
        "status": 422,
        "detail": "1 处内容未通过校验",
        "code": "validation_failed",
        "errors": [{"field": "phone", "code": "invalid_phone", "message": "手机号须为 11 位中国大陆手机号（1[3-9] 开头）"}],
        "request_id": "4f1c2d9a-4c7e-4c55-9d3a-1f2e3d4c5b6a"
    })
)]
#[allow(dead_code)]
pub struct ValidationFailed(Problem);

#[derive(OpenApi)]
#[openapi(
    info(
        title = "友爱 youai API",
        description = "城市志愿服务平台（新时代文明实践）的公开接口：区域与阵地、账号与权限……\n\n\
            约定：JSON 进出；列表返回 `{items, next_cursor}`（键集分页，`limit` ≤ 100）；\
            单个资源带 `ETag`，支持 `If-None-Match`（304）与 `If-Match`（412）；\
            创建类 POST 支持 `Idempotency-Key`；错误一律为 `application/problem+json`（RFC 9457），带稳定的 `code`；\
            错误说明的语言随 `Accept-Language`：默认简体中文，`en` 为英文（`Content-Language` 标明）。\n\n\
            Conventions in English: problem `title`, `detail` and field messages are in English when \
            `Accept-Language` prefers `en` (zh-CN otherwise); branch on `code`, which never changes.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
        version = "1.0.0"
    ),
    servers((url = "/", description = "this server")),
    modifiers(&BearerAuth),
    components(
        schemas(Problem, FieldError, crate::listing::ListSort, youai_types::CertificateFormat),
        responses(BadRequest, Unauthorized, Forbidden, NotFound, Conflict, PreconditionFailed, PayloadTooLarge,
            UnsupportedMediaType, ValidationFailed, ServiceUnavailable)
    ),
    tags(
        (name = "auth", description = "账号与登录"),
        (name = "areas", description = "行政区域：市 → 镇 → 村（社区）"),
        (name = "venues", description = "阵地：实践中心、所、站、点"),
        (name = "users", description = "账号与角色授权（管理员）"),
        (name = "corps", description = "一队：志愿者、队伍、招募"),
        (name = "projects", description = "服务项目与发布批次"),
        (name = "activities", description = "活动、报名、签到签退"),
        (name = "needs", description = "群众需求清单：收集、分拣、对接、追踪"),
        (name = "records", description = "服务记录与时长"),
        (name = "certificates", description = "志愿服务证明及其核验"),
        (name = "rewards", description = "礼遇：星级、积分、礼遇目录、兑换券、荣誉"),
        (name = "resources", description = "社会资源清单：机关企事业单位、资源及其下沉"),
        (name = "orders", description = "两网供需对接：开单、接单、点单、派单、评单"),
        (name = "menu", description = "市级供单：服务菜单"),
        (name = "stats", description = "平台数据"),
        (name = "operations", description = "运维探针与指标"),
        (name = "webhooks", description = "Webhook 订阅、签名投递、投递记录与重放；通知投递队列（管理员）"),
        (name = "notifications", description = "站内信与通知设置：未读、已读、渠道与免打扰"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "`POST /api/v1/auth/login` 返回的 access_token，有效期 15 分钟",
                    ))
                    .build(),
            ),
        );
    }
}
