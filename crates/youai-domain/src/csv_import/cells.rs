//! The import endpoints' row rules that need no database: columns by any of their names, a
//! cell as a typed value (gender, date, skills, team kind), an area cell against the city's
//! areas, a team's parent, and which guardian cells a volunteer's row keeps.

use std::collections::HashMap;

use chrono::NaiveDate;
use youai_types::{Gender, TeamKind, TeamStatus};

use super::{RowError, Table, row_error};

/// The volunteer file's required columns, each by its Chinese or English name, in this order:
/// name, phone, gender, birth date, area.
pub const VOLUNTEER_COLUMNS: [&[&str]; 5] = [
    &["姓名", "real_name"],
    &["手机号", "phone"],
    &["性别", "gender"],
    &["出生日期", "birth_date"],
    &["所属区域", "area"],
];
pub const SKILLS_COLUMN: &[&str] = &["技能", "skills"];
pub const ID_NUMBER_COLUMN: &[&str] = &["身份证号", "id_number"];
pub const GUARDIAN_NAME_COLUMN: &[&str] = &["监护人", "guardian_name"];
pub const GUARDIAN_PHONE_COLUMN: &[&str] = &["监护人电话", "guardian_phone"];

/// The team file's required columns, in this order: name, kind, parent, area.
pub const TEAM_COLUMNS: [&[&str]; 4] = [
    &["名称", "name"],
    &["类型", "kind"],
    &["上级队伍", "parent"],
    &["所属区域", "area"],
];
pub const SPECIALTY_COLUMN: &[&str] = &["专长", "specialty"];
pub const DESCRIPTION_COLUMN: &[&str] = &["简介", "description"];
pub const CONTACT_NAME_COLUMN: &[&str] = &["联系人", "contact_name"];
pub const CONTACT_PHONE_COLUMN: &[&str] = &["联系电话", "contact_phone"];

impl Table {
    /// A column by any of its names (Chinese or English), the first name found first.
    pub fn column_of(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| self.column(n))
    }

    /// The columns asked for, each by any of its names, in the order asked; or one error per
    /// missing column, named by its first name.
    pub fn require_any(&self, wanted: &[&[&str]]) -> Result<Vec<usize>, Vec<RowError>> {
        let mut missing = Vec::new();
        let mut found = Vec::new();
        for names in wanted {
            match self.column_of(names) {
                Some(i) => found.push(i),
                None => missing.push(row_error(
                    1,
                    names.first().copied().unwrap_or_default(),
                    "missing_column",
                    format!("缺少列：{}", names.join(" / ")),
                )),
            }
        }
        if missing.is_empty() {
            Ok(found)
        } else {
            Err(missing)
        }
    }

    /// The header of column `index`, or `""`.
    pub fn header(&self, index: usize) -> String {
        self.headers.get(index).cloned().unwrap_or_default()
    }

    /// One error per cell with a character `refused` says no to, at most 100.
    pub fn refused_cells(&self, refused: impl Fn(char) -> bool) -> Vec<RowError> {
        self.rows
            .iter()
            .flat_map(|r| {
                r.cells
                    .iter()
                    .zip(&self.headers)
                    .filter(|(cell, _)| cell.chars().any(&refused))
                    .map(|(_, header)| {
                        row_error(
                            r.number,
                            header.as_str(),
                            "control_character",
                            "不能含有控制字符（如 U+0000）",
                        )
                    })
            })
            .take(100)
            .collect()
    }
}

/// 男/女, male/female, M/F (either case).
pub fn gender(cell: &str) -> Option<Gender> {
    match cell {
        "男" | "male" | "M" | "m" => Some(Gender::Male),
        "女" | "female" | "F" | "f" => Some(Gender::Female),
        _ => None,
    }
}

/// `2001-05-01`, `2001/5/1` or `20010501`.
pub fn date(cell: &str) -> Option<NaiveDate> {
    let s = cell.replace('/', "-");
    NaiveDate::parse_from_str(&s, "%Y-%m-%d")
        .ok()
        .or_else(|| NaiveDate::parse_from_str(cell, "%Y%m%d").ok())
}

/// The skill names in a cell, separated by 、 ; ； , ， or |, trimmed, empty ones left out.
pub fn skill_names(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(['、', ';', '；', ',', '，', '|'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// A team kind by its stored name or by what people call it.
pub fn team_kind(cell: &str) -> Option<TeamKind> {
    TeamKind::parse(cell).or(match cell {
        "市级总队" => Some(TeamKind::CityCorps),
        "镇级支队" => Some(TeamKind::TownDetachment),
        "行业支队" => Some(TeamKind::IndustryDetachment),
        "小分队" => Some(TeamKind::Squad),
        "村（社区）服务队" | "村(社区)服务队" | "社区服务队" | "村服务队" => {
            Some(TeamKind::CommunityTeam)
        }
        "实践点服务队" => Some(TeamKind::PointTeam),
        "社会志愿服务团队" | "社会团队" => Some(TeamKind::SocialTeam),
        _ => None,
    })
}

/// Why a cell names no usable area (or parent team): a code and a message.
pub type CellRefusal = (&'static str, String);

/// An area cell: an id, or a name unique in the city (names repeat across towns).
pub fn resolve_area<'a, A>(
    cell: &str,
    by_name: &'a HashMap<String, Vec<A>>,
    by_id: &'a HashMap<i64, A>,
) -> Result<&'a A, CellRefusal> {
    if let Ok(id) = cell.parse::<i64>() {
        return by_id
            .get(&id)
            .ok_or(("not_found", format!("区域 {id} 不存在")));
    }
    match by_name.get(cell).map(Vec::as_slice) {
        Some([one]) => Ok(one),
        Some([]) | None => Err(("not_found", format!("区域「{cell}」不存在"))),
        Some(_) => Err((
            "ambiguous",
            format!("有多个名为「{cell}」的区域，请填写区域编号"),
        )),
    }
}

/// The parent team a cell names, if any: an empty cell is a team without a parent.
pub fn parent_name(cell: &str) -> Option<&str> {
    Some(cell).filter(|s| !s.is_empty())
}

/// A named parent, found (with its status) or not: it must exist and be approved.
pub fn check_parent(name: &str, found: Option<TeamStatus>) -> Result<(), CellRefusal> {
    match found {
        None => Err(("not_found", format!("上级队伍「{name}」不存在"))),
        Some(TeamStatus::Approved) => Ok(()),
        Some(_) => Err(("parent_not_approved", "上级队伍尚未通过审核".into())),
    }
}

/// The guardian cells a volunteer's row keeps: a guardian is stored for minors only (younger
/// than `adult_age` on `today`).
pub fn guardian_kept(
    age: u32,
    adult_age: u32,
    name: Option<String>,
    phone: Option<String>,
) -> (Option<String>, Option<String>) {
    let minor = age < adult_age;
    (name.filter(|_| minor), phone.filter(|_| minor))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv_import::parse;

    #[test]
    fn genders() {
        for (cell, want) in [
            ("男", Some(Gender::Male)),
            ("male", Some(Gender::Male)),
            ("M", Some(Gender::Male)),
            ("m", Some(Gender::Male)),
            ("女", Some(Gender::Female)),
            ("female", Some(Gender::Female)),
            ("F", Some(Gender::Female)),
            ("f", Some(Gender::Female)),
            ("", None),
            ("Male", None),
            ("其他", None),
        ] {
            assert_eq!(gender(cell), want, "{cell:?}");
        }
    }

    #[test]
    fn dates() {
        let may_first = NaiveDate::from_ymd_opt(2001, 5, 1);
        for (cell, want) in [
            ("2001-05-01", may_first),
            ("2001/5/1", may_first),
            ("2001-5-1", may_first),
            ("20010501", may_first),
            ("2001-02-30", None),
            ("01/05/2001", None),
            ("", None),
            ("yesterday", None),
        ] {
            assert_eq!(date(cell), want, "{cell:?}");
        }
    }

    #[test]
    fn skills_in_a_cell() {
        for (cell, want) in [
            ("应急救护、心理疏导", vec!["应急救护", "心理疏导"]),
            ("a; b；c,d，e|f", vec!["a", "b", "c", "d", "e", "f"]),
            (" 应急救护 、、 ", vec!["应急救护"]),
            ("", vec![]),
        ] {
            assert_eq!(skill_names(cell).collect::<Vec<_>>(), want, "{cell:?}");
        }
    }

    #[test]
    fn team_kinds() {
        for (cell, want) in [
            ("industry_detachment", Some(TeamKind::IndustryDetachment)),
            ("市级总队", Some(TeamKind::CityCorps)),
            ("镇级支队", Some(TeamKind::TownDetachment)),
            ("行业支队", Some(TeamKind::IndustryDetachment)),
            ("小分队", Some(TeamKind::Squad)),
            ("村（社区）服务队", Some(TeamKind::CommunityTeam)),
            ("村(社区)服务队", Some(TeamKind::CommunityTeam)),
            ("社区服务队", Some(TeamKind::CommunityTeam)),
            ("村服务队", Some(TeamKind::CommunityTeam)),
            ("实践点服务队", Some(TeamKind::PointTeam)),
            ("社会志愿服务团队", Some(TeamKind::SocialTeam)),
            ("社会团队", Some(TeamKind::SocialTeam)),
            ("", None),
            ("总队", None),
        ] {
            assert_eq!(team_kind(cell), want, "{cell:?}");
        }
    }

    #[test]
    fn areas_by_id_or_unique_name() {
        let by_name: HashMap<String, Vec<&str>> = [
            ("金都社区".to_owned(), vec!["jd"]),
            ("新村".to_owned(), vec!["x1", "x2"]),
            ("空".to_owned(), vec![]),
        ]
        .into();
        let by_id: HashMap<i64, &str> = [(7, "jd"), (8, "x1")].into();
        fn code(r: Result<&&'static str, CellRefusal>) -> Result<&'static str, &'static str> {
            r.copied().map_err(|(c, _)| c)
        }
        for (cell, want) in [
            ("7", Ok("jd")),
            ("8", Ok("x1")),
            ("9", Err("not_found")),
            ("金都社区", Ok("jd")),
            ("新村", Err("ambiguous")),
            ("空", Err("not_found")),
            ("别处", Err("not_found")),
        ] {
            assert_eq!(code(resolve_area(cell, &by_name, &by_id)), want, "{cell:?}");
        }
        assert_eq!(
            resolve_area("别处", &by_name, &by_id),
            Err(("not_found", "区域「别处」不存在".to_owned()))
        );
    }

    #[test]
    fn parents() {
        assert_eq!(parent_name(""), None);
        assert_eq!(parent_name("金港镇支队"), Some("金港镇支队"));
        for (found, want) in [
            (None, Err("not_found")),
            (Some(TeamStatus::Approved), Ok(())),
            (Some(TeamStatus::Pending), Err("parent_not_approved")),
            (Some(TeamStatus::Rejected), Err("parent_not_approved")),
        ] {
            assert_eq!(
                check_parent("p", found).map_err(|(c, _)| c),
                want,
                "{found:?}"
            );
        }
    }

    #[test]
    fn guardians_for_minors_only() {
        let g = || (Some("张父".to_owned()), Some("13800138000".to_owned()));
        for (age, kept) in [(14, true), (17, true), (18, false), (40, false)] {
            let (name, phone) = g();
            let want = if kept { g() } else { (None, None) };
            assert_eq!(guardian_kept(age, 18, name, phone), want, "{age}");
        }
    }

    #[test]
    fn columns_by_any_name() {
        let t = parse("Real_Name,手机号,性别,出生日期,x\n张三,1,男,2001-01-01,\u{0}\n").unwrap();
        assert_eq!(t.column_of(&["姓名", "real_name"]), Some(0));
        assert_eq!(t.column_of(SKILLS_COLUMN), None);
        assert_eq!(t.header(1), "手机号");
        assert_eq!(t.header(9), "");
        assert_eq!(
            t.require_any(&VOLUNTEER_COLUMNS),
            Err(vec![row_error(
                1,
                "所属区域",
                "missing_column",
                "缺少列：所属区域 / area"
            )])
        );
        assert_eq!(t.require_any(&VOLUNTEER_COLUMNS[..4]), Ok(vec![0, 1, 2, 3]));
        assert_eq!(
            t.refused_cells(|c| c == '\u{0}'),
            vec![row_error(
                2,
                "x",
                "control_character",
                "不能含有控制字符（如 U+0000）"
            )]
        );
    }
}
