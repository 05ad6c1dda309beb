//! The service certificate (志愿服务证明): what it says, as a printable HTML page and as a
//! one-page A4 PDF. The PDF embeds a subset of a Chinese font (only the glyphs it uses), so
//! it prints the same everywhere and its text can be searched and copied.

pub mod exports;
mod font;
mod html;
mod pdf;

pub use font::{Font, FontError};
pub use html::html;
pub use pdf::pdf;

/// Everything a certificate states. Dates and figures arrive already formatted for print.
#[derive(Debug, Clone, PartialEq)]
pub struct Certificate {
    /// Who certifies: the city's volunteer corps.
    pub issuer: String,
    pub volunteer_name: String,
    /// The volunteer's registration number.
    pub volunteer_number: String,
    /// The ID number with its middle masked, when one is on file.
    pub id_number_masked: Option<String>,
    /// Verified hours, corrections applied.
    pub total_hours: f64,
    /// Verified service records counted.
    pub records: i64,
    /// The first and last day of service counted, e.g. "2019年3月1日".
    pub period: Option<(String, String)>,
    /// Hours by year ("2025年") and by team, in print order.
    pub by_year: Vec<(String, f64)>,
    pub by_team: Vec<(String, f64)>,
    pub issued_on: String,
    /// The verification code anyone can check.
    pub code: String,
    /// Where to check it.
    pub verify_url: String,
}

impl Certificate {
    /// The certifying sentence, shared by both renderings.
    pub fn statement(&self) -> String {
        let id = self
            .id_number_masked
            .as_deref()
            .map(|n| format!("（身份证号 {n}）"))
            .unwrap_or_default();
        let period = self
            .period
            .as_ref()
            .map(|(from, to)| format!("于 {from} 至 {to} 期间"))
            .unwrap_or_default();
        format!(
            "兹证明志愿者 {name}{id}（志愿者编号 {number}）{period}参加志愿服务，\
             经所在团队核实的服务记录 {records} 条，累计志愿服务时长 {hours} 小时。",
            name = self.volunteer_name,
            number = self.volunteer_number,
            records = self.records,
            hours = hours(self.total_hours),
        )
    }
}

/// Hours to print: quarter hours without trailing zeros (12, 12.5, 12.25).
pub fn hours(h: f64) -> String {
    let s = format!("{h:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn sample() -> Certificate {
        Certificate {
            issuer: "张家港市新时代文明实践志愿服务总队".into(),
            volunteer_name: "王秀英".into(),
            volunteer_number: "ZJG2026000123".into(),
            id_number_masked: Some("320582********0021".into()),
            total_hours: 123.25,
            records: 17,
            period: Some(("2019年3月1日".into(), "2026年11月20日".into())),
            by_year: vec![("2025年".into(), 100.0), ("2026年".into(), 23.25)],
            by_team: vec![("理论宣讲行业支队".into(), 123.25)],
            issued_on: "2026年11月29日".into(),
            code: "YA7K-3MPQ-X9TD".into(),
            verify_url: "https://example.org/verify/YA7K-3MPQ-X9TD".into(),
        }
    }

    #[test]
    fn hours_print_without_trailing_zeros() {
        assert_eq!(hours(12.0), "12");
        assert_eq!(hours(12.5), "12.5");
        assert_eq!(hours(12.25), "12.25");
        assert_eq!(hours(0.75), "0.75");
    }

    #[test]
    fn statement_names_the_volunteer_the_period_and_the_hours() {
        let s = sample().statement();
        assert!(s.contains("王秀英（身份证号 320582********0021）"), "{s}");
        assert!(s.contains("2019年3月1日 至 2026年11月20日"), "{s}");
        assert!(s.contains("17 条"), "{s}");
        assert!(s.contains("123.25 小时"), "{s}");
        let no_id = Certificate {
            id_number_masked: None,
            period: None,
            ..sample()
        }
        .statement();
        assert!(
            !no_id.contains("身份证号") && !no_id.contains("期间"),
            "{no_id}"
        );
    }
}
