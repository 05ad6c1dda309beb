//! Input validation. Each check returns field errors rather than stopping at the first, so a
//! form can show every mistake at once. Lengths count characters, not bytes: 张三 is two.

use youai_types::{
    AreaLevel, FieldError, NewArea, NewVenue, PasswordChange, RegisterRequest, VenueKind,
};

/// The youngest a person may register as a volunteer, or an activity may admit (14 周岁).
pub const MIN_VOLUNTEER_AGE: u32 = 14;

/// A mainland China mobile number (in `youai-types`, so the SPA checks it the same way).
pub use youai_types::is_mobile_phone;

pub const PASSWORD_MIN_CHARS: usize = 8;
pub const PASSWORD_MAX_CHARS: usize = 128;

/// Collects field errors.
#[derive(Debug, Default)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    pub fn add(&mut self, field: &str, code: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, code, message));
    }

    /// A required, trimmed text of `min..=max` characters.
    pub fn text(&mut self, field: &str, value: &str, min: usize, max: usize) {
        let n = value.trim().chars().count();
        if n == 0 && min > 0 {
            self.add(field, "required", "不能为空");
        } else if n < min {
            self.add(field, "too_short", format!("至少 {min} 个字符"));
        } else if n > max {
            self.add(field, "too_long", format!("最多 {max} 个字符"));
        } else if value.chars().any(char::is_control) {
            self.add(field, "invalid_characters", "不能包含控制字符");
        }
    }

    /// An optional text: checked only when present.
    pub fn optional_text(&mut self, field: &str, value: Option<&str>, max: usize) {
        if let Some(v) = value {
            self.text(field, v, 1, max);
        }
    }

    pub fn into_result(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

pub fn register(req: &RegisterRequest) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    if !is_mobile_phone(&req.phone) {
        e.add(
            "phone",
            "invalid_phone",
            "手机号须为 11 位中国大陆手机号（1[3-9] 开头）",
        );
    }
    password_rules(&mut e, "password", &req.password);
    e.text("name", &req.name, 1, 50);
    e.into_result()
}

/// A new password: the registration rules, and not the current one. (Whether the current one
/// is right is for the caller to check against the stored hash.)
pub fn password_change(req: &PasswordChange) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    if req.current_password.is_empty() {
        e.add("current_password", "required", "请输入当前密码");
    }
    password_rules(&mut e, "new_password", &req.new_password);
    if !req.new_password.is_empty() && req.new_password == req.current_password {
        e.add("new_password", "same_password", "新密码不能与当前密码相同");
    }
    e.into_result()
}

/// A password reset by SMS code: the code's form and the new password's rules.
pub fn password_reset(req: &youai_types::PasswordReset) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    if !is_mobile_phone(&req.phone) {
        e.add(
            "phone",
            "invalid_phone",
            "手机号须为 11 位中国大陆手机号（1[3-9] 开头）",
        );
    }
    if !crate::phone_codes::is_code(&req.code) {
        e.add("code", "invalid_code", "验证码为 6 位数字");
    }
    password_rules(&mut e, "new_password", &req.new_password);
    e.into_result()
}

/// The length rules every password follows.
fn password_rules(e: &mut Errors, field: &str, password: &str) {
    let n = password.chars().count();
    if n < PASSWORD_MIN_CHARS {
        e.add(
            field,
            "too_short",
            format!("密码至少 {PASSWORD_MIN_CHARS} 个字符"),
        );
    } else if n > PASSWORD_MAX_CHARS {
        e.add(
            field,
            "too_long",
            format!("密码最多 {PASSWORD_MAX_CHARS} 个字符"),
        );
    }
}

/// An administrative division code: 6, 9 or 12 digits.
fn division_code(e: &mut Errors, code: Option<&str>) {
    if let Some(c) = code
        && (!matches!(c.len(), 6 | 9 | 12) || !c.bytes().all(|b| b.is_ascii_digit()))
    {
        e.add("code", "invalid_code", "行政区划代码须为 6、9 或 12 位数字");
    }
}

/// The level an area's parent must have: none for a city.
pub fn parent_level(level: AreaLevel) -> Option<AreaLevel> {
    match level {
        AreaLevel::City => None,
        AreaLevel::Town => Some(AreaLevel::City),
        AreaLevel::Village => Some(AreaLevel::Town),
    }
}

/// Checks a new area; `parent` is the parent's level when `parent_id` names an existing area.
pub fn new_area(a: &NewArea, parent: Option<AreaLevel>) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    e.text("name", &a.name, 1, 60);
    division_code(&mut e, a.code.as_deref());
    match (a.parent_id, parent_level(a.level)) {
        (Some(_), None) => e.add("parent_id", "must_be_null", "市级区域没有上级"),
        (None, Some(_)) => e.add("parent_id", "required", "镇级和村级区域须有上级区域"),
        (Some(_), Some(want)) => match parent {
            None => e.add("parent_id", "not_found", "上级区域不存在"),
            Some(got) if got != want => e.add(
                "parent_id",
                "wrong_parent_level",
                format!("{} 的上级须为 {}", level_name(a.level), level_name(want)),
            ),
            Some(_) => {}
        },
        (None, None) => {}
    }
    e.into_result()
}

pub fn area_patch(name: Option<&str>, code: Option<&str>) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    e.optional_text("name", name, 60);
    division_code(&mut e, code);
    e.into_result()
}

fn level_name(l: AreaLevel) -> &'static str {
    match l {
        AreaLevel::City => "市级区域",
        AreaLevel::Town => "镇级区域",
        AreaLevel::Village => "村（社区）级区域",
    }
}

/// The area level a venue kind belongs at; `None` for points, which may be anywhere.
pub fn venue_area_level(kind: VenueKind) -> Option<AreaLevel> {
    match kind {
        VenueKind::Centre => Some(AreaLevel::City),
        VenueKind::Institute => Some(AreaLevel::Town),
        VenueKind::Station => Some(AreaLevel::Village),
        VenueKind::Point => None,
    }
}

/// The fields of a venue after any patch, for validation.
pub struct VenueFields<'a> {
    pub kind: VenueKind,
    pub name: &'a str,
    pub address: &'a str,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub opening_hours: Option<&'a str>,
    pub capacity: Option<i32>,
    pub phone: Option<&'a str>,
    pub description: Option<&'a str>,
}

impl<'a> From<&'a NewVenue> for VenueFields<'a> {
    fn from(v: &'a NewVenue) -> Self {
        VenueFields {
            kind: v.kind,
            name: &v.name,
            address: &v.address,
            latitude: v.latitude,
            longitude: v.longitude,
            opening_hours: v.opening_hours.as_deref(),
            capacity: v.capacity,
            phone: v.phone.as_deref(),
            description: v.description.as_deref(),
        }
    }
}

/// Checks a venue; `area` is the level of its area when `area_id` names an existing area.
pub fn venue(v: &VenueFields<'_>, area: Option<AreaLevel>) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::default();
    e.text("name", v.name, 1, 100);
    e.text("address", v.address, 1, 200);
    e.optional_text("opening_hours", v.opening_hours, 200);
    e.optional_text("phone", v.phone, 30);
    e.optional_text("description", v.description, 2000);
    match (v.latitude, v.longitude) {
        (Some(lat), Some(lng)) => {
            if !(-90.0..=90.0).contains(&lat) {
                e.add("latitude", "out_of_range", "纬度须在 -90 到 90 之间");
            }
            if !(-180.0..=180.0).contains(&lng) {
                e.add("longitude", "out_of_range", "经度须在 -180 到 180 之间");
            }
        }
        (None, None) => {}
        (None, Some(_)) => e.add("latitude", "required", "经纬度须同时提供"),
        (Some(_), None) => e.add("longitude", "required", "经纬度须同时提供"),
    }
    if let Some(c) = v.capacity
        && !(0..=1_000_000).contains(&c)
    {
        e.add("capacity", "out_of_range", "容量须在 0 到 1000000 之间");
    }
    match area {
        None => e.add("area_id", "not_found", "所属区域不存在"),
        Some(level) => {
            if let Some(want) = venue_area_level(v.kind)
                && want != level
            {
                e.add(
                    "kind",
                    "wrong_area_level",
                    format!("该类阵地须属于{}", level_name(want)),
                );
            }
        }
    }
    e.into_result()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_changes() {
        let change = |current: &str, new: &str| {
            password_change(&PasswordChange {
                current_password: current.into(),
                new_password: new.into(),
            })
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|f| (f.field, f.code))
            .collect::<Vec<_>>()
        };
        let pair = |f: &str, c: &str| (f.to_owned(), c.to_owned());
        assert!(change("old-secret-1", "新的密码口令足够长").is_empty());
        assert_eq!(
            change("old-secret-1", "old-secret-1"),
            [pair("new_password", "same_password")]
        );
        // Seven Chinese characters are seven, not 21 bytes.
        assert_eq!(
            change("", "七个汉字的密码"),
            [
                pair("current_password", "required"),
                pair("new_password", "too_short")
            ]
        );
        assert_eq!(
            change("x", &"长".repeat(129)),
            [pair("new_password", "too_long")]
        );
    }

    #[test]
    fn mobile_phones() {
        for (phone, ok) in [
            ("13800138000", true),
            ("19912345678", true),
            ("12800138000", false),
            ("1380013800", false),
            ("138001380000", false),
            ("1380013800a", false),
            ("23800138000", false),
            ("１３８００１３８０００", false),
            ("", false),
        ] {
            assert_eq!(is_mobile_phone(phone), ok, "{phone}");
        }
    }

    #[test]
    fn register_reports_every_field() {
        let bad = RegisterRequest {
            phone: "123".into(),
            password: "short".into(),
            name: "  ".into(),
            code: None,
        };
        let errs = register(&bad).err().unwrap_or_default();
        let fields: Vec<_> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("phone", "invalid_phone"),
                ("password", "too_short"),
                ("name", "required")
            ]
        );
        let good = RegisterRequest {
            phone: "13800138000".into(),
            password: "密码密码密码密码".into(),
            name: "张三".into(),
            code: None,
        };
        assert_eq!(register(&good), Ok(()));
    }

    #[test]
    fn lengths_count_characters() {
        let mut e = Errors::default();
        e.text("name", &"张".repeat(60), 1, 60);
        assert!(e.0.is_empty());
        e.text("name", &"张".repeat(61), 1, 60);
        assert_eq!(e.0.len(), 1);
    }

    #[test]
    fn area_tree_shape() {
        let area = |parent_id, level| NewArea {
            parent_id,
            level,
            name: "金港镇".into(),
            code: None,
        };
        let code = |r: Result<(), Vec<FieldError>>| {
            r.err().and_then(|v| v.first().map(|e| e.code.clone()))
        };
        assert_eq!(code(new_area(&area(None, AreaLevel::City), None)), None);
        assert_eq!(
            code(new_area(
                &area(Some(1), AreaLevel::City),
                Some(AreaLevel::City)
            ))
            .as_deref(),
            Some("must_be_null")
        );
        assert_eq!(
            code(new_area(&area(None, AreaLevel::Town), None)).as_deref(),
            Some("required")
        );
        assert_eq!(
            code(new_area(
                &area(Some(1), AreaLevel::Town),
                Some(AreaLevel::City)
            )),
            None
        );
        assert_eq!(
            code(new_area(
                &area(Some(1), AreaLevel::Village),
                Some(AreaLevel::City)
            ))
            .as_deref(),
            Some("wrong_parent_level")
        );
        assert_eq!(
            code(new_area(&area(Some(9), AreaLevel::Village), None)).as_deref(),
            Some("not_found")
        );
    }

    #[test]
    fn venue_kind_matches_area_level() {
        let v = |kind| VenueFields {
            kind,
            name: "实践站",
            address: "金都社区",
            latitude: Some(31.9),
            longitude: Some(120.4),
            opening_hours: None,
            capacity: Some(10),
            phone: None,
            description: None,
        };
        assert!(venue(&v(VenueKind::Station), Some(AreaLevel::Village)).is_ok());
        assert!(venue(&v(VenueKind::Point), Some(AreaLevel::City)).is_ok());
        assert!(venue(&v(VenueKind::Station), Some(AreaLevel::Town)).is_err());
        assert!(venue(&v(VenueKind::Centre), None).is_err());
        let mut bad = v(VenueKind::Point);
        bad.latitude = Some(91.0);
        bad.longitude = None;
        assert_eq!(
            venue(&bad, Some(AreaLevel::Town)).err().map(|e| e.len()),
            Some(1)
        );
    }
}
