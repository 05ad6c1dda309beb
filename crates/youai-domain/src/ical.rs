//! iCalendar feeds of activities (活动日历订阅), RFC 5545 `text/calendar`, so that volunteers
//! see what they signed up for in their phone's calendar.
//!
//! Times are written in UTC (`YYYYMMDDTHHMMSSZ`), so no VTIMEZONE is needed; calendar apps show
//! them in local time (UTC+8 in 张家港). Lines end in CRLF and are folded at 75 octets without
//! splitting a UTF-8 character (a Chinese character is 3 octets) or an escape sequence.

use chrono::{DateTime, Utc};

/// The `Content-Type` to serve a calendar with.
pub const CONTENT_TYPE: &str = "text/calendar; charset=utf-8";
/// The product identifier of every calendar we write.
pub const PRODID: &str = "-//youai//activities//ZH";
/// The longest a physical line may be, in octets, not counting its CRLF.
const MAX_LINE_OCTETS: usize = 75;

/// One activity as a calendar event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The activity id; the event's UID is `activity-<id>@youai`, stable across feeds.
    pub id: i64,
    pub summary: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// The venue's name and address; omitted when empty.
    pub location: String,
    /// Omitted when empty.
    pub description: String,
    /// Latitude and longitude in degrees; written as GEO when both are valid.
    pub geo: Option<(f64, f64)>,
    /// The activity's page; omitted when it holds whitespace or control characters.
    pub url: Option<String>,
    /// Written as `STATUS:CANCELLED`, so that subscribed calendars drop or strike it.
    pub cancelled: bool,
    /// When the activity last changed: written as DTSTAMP, which RFC 5545 §3.8.7.2 defines
    /// as the last revision for a calendar without a METHOD, as this one is.
    pub updated_at: DateTime<Utc>,
}

/// Renders a calendar named `name` holding `events`, in their order.
///
/// RFC 5545 asks for at least one component; an empty list still renders a bare VCALENDAR,
/// which calendar apps accept as an empty subscription.
pub fn calendar(name: &str, events: &[Event]) -> String {
    let mut out = String::new();
    let mut line = |name: &str, value: &str| fold_into(&mut out, &format!("{name}:{value}"));
    line("BEGIN", "VCALENDAR");
    line("VERSION", "2.0");
    line("PRODID", PRODID);
    line("CALSCALE", "GREGORIAN");
    line("X-WR-CALNAME", &escape_text(name));
    for event in events {
        line("BEGIN", "VEVENT");
        line("UID", &format!("activity-{}@youai", event.id));
        line("DTSTAMP", &utc(event.updated_at));
        line("DTSTART", &utc(event.start));
        line("DTEND", &utc(event.end));
        line("SUMMARY", &escape_text(&event.summary));
        if !event.location.is_empty() {
            line("LOCATION", &escape_text(&event.location));
        }
        if !event.description.is_empty() {
            line("DESCRIPTION", &escape_text(&event.description));
        }
        if let Some((lat, lon)) = event.geo
            && crate::geo::valid_coordinates(lat, lon)
        {
            line("GEO", &format!("{lat:.6};{lon:.6}"));
        }
        if let Some(url) = &event.url
            && !url.is_empty()
            && !url.chars().any(|c| c.is_control() || c.is_whitespace())
        {
            line("URL", url);
        }
        if event.cancelled {
            line("STATUS", "CANCELLED");
        }
        line("END", "VEVENT");
    }
    line("END", "VCALENDAR");
    out
}

/// A UTC DATE-TIME value: `20250607T010000Z`.
fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma get a backslash,
/// any line break becomes `\n`, and other control characters (which TEXT cannot hold) are
/// dropped. Tabs stay.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line to `out`, folded (RFC 5545 §3.1): each physical line is at most
/// 75 octets, continuation lines start with one space, and every line ends in CRLF. Cuts fall
/// only on character boundaries and never inside a backslash escape, for readers that
/// unfold carelessly.
fn fold_into(out: &mut String, line: &str) {
    let mut rest = line;
    // The first line holds 75 octets; later ones 74 after their leading space.
    let mut room = MAX_LINE_OCTETS;
    while rest.len() > room {
        let cut = cut_point(rest, room);
        let Some((head, tail)) = rest.split_at_checked(cut) else {
            break;
        };
        out.push_str(head);
        out.push_str("\r\n ");
        rest = tail;
        room = MAX_LINE_OCTETS - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

/// The largest byte offset, at most `room` and above 0, at which `s` may be cut: a character
/// boundary not right after an escaping backslash. `s` is longer than `room`.
fn cut_point(s: &str, room: usize) -> usize {
    let mut cut = 0;
    let mut escaping = false;
    for (i, c) in s.char_indices() {
        if i > room {
            break;
        }
        if !escaping && i > 0 {
            cut = i;
        }
        escaping = !escaping && c == '\\';
    }
    if cut == 0 {
        // Cannot happen with room ≥ 74, but never loop forever: cut after the first char.
        cut = s.chars().next().map_or(s.len(), char::len_utf8);
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    fn event() -> Event {
        Event {
            id: 7406,
            summary: "金都社区敬老助餐".into(),
            // 09:00–11:30 in 张家港 (UTC+8).
            start: t(2025, 6, 7, 1, 0),
            end: t(2025, 6, 7, 3, 30),
            location: "金港镇金都社区新时代文明实践站".into(),
            description: "为社区老人送餐,请穿志愿者马甲".into(),
            geo: Some((31.9481, 120.4953)),
            url: Some("https://youai.example/activities/7406".into()),
            cancelled: false,
            updated_at: t(2025, 6, 1, 2, 3),
        }
    }

    fn unfold(s: &str) -> String {
        s.replace("\r\n ", "")
    }

    /// Every physical line: at most 75 octets, CRLF-terminated, no bare CR or LF.
    fn assert_well_formed(ics: &str) {
        assert!(ics.ends_with("\r\n"));
        let body = ics.strip_suffix("\r\n").unwrap();
        for line in body.split("\r\n") {
            assert!(
                line.len() <= MAX_LINE_OCTETS,
                "{} octets: {line:?}",
                line.len()
            );
            assert!(!line.contains('\r') && !line.contains('\n'), "{line:?}");
        }
    }

    #[test]
    fn renders_an_event() {
        let ics = calendar("我的志愿活动", &[event()]);
        let expected = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//youai//activities//ZH",
            "CALSCALE:GREGORIAN",
            "X-WR-CALNAME:我的志愿活动",
            "BEGIN:VEVENT",
            "UID:activity-7406@youai",
            "DTSTAMP:20250601T020300Z",
            "DTSTART:20250607T010000Z",
            "DTEND:20250607T033000Z",
            "SUMMARY:金都社区敬老助餐",
            "LOCATION:金港镇金都社区新时代文明实践站",
            "DESCRIPTION:为社区老人送餐\\,请穿志愿者马甲",
            "GEO:31.948100;120.495300",
            "URL:https://youai.example/activities/7406",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
        .join("\r\n");
        assert_eq!(ics, expected);
        assert_well_formed(&ics);
    }

    #[test]
    fn optional_properties() {
        let lines = |e: Event| -> Vec<String> {
            unfold(&calendar("c", &[e]))
                .split("\r\n")
                .map(|l| l.split(':').next().unwrap().to_string())
                .filter(|name| {
                    ["LOCATION", "DESCRIPTION", "GEO", "URL", "STATUS"].contains(&name.as_str())
                })
                .collect()
        };
        let cases: Vec<(Event, &[&str])> = vec![
            (event(), &["LOCATION", "DESCRIPTION", "GEO", "URL"]),
            (
                Event {
                    location: String::new(),
                    description: String::new(),
                    geo: None,
                    url: None,
                    ..event()
                },
                &[],
            ),
            (
                Event {
                    cancelled: true,
                    ..event()
                },
                &["LOCATION", "DESCRIPTION", "GEO", "URL", "STATUS"],
            ),
            (
                Event {
                    geo: Some((f64::NAN, 120.0)),
                    url: Some("https://x.example/a\r\nSTATUS:CANCELLED".into()),
                    ..event()
                },
                &["LOCATION", "DESCRIPTION"],
            ),
            (
                Event {
                    geo: Some((91.0, 120.0)),
                    url: Some(String::new()),
                    ..event()
                },
                &["LOCATION", "DESCRIPTION"],
            ),
        ];
        for (e, expected) in cases {
            assert_eq!(lines(e.clone()), *expected, "{e:?}");
        }
        let cancelled = calendar(
            "c",
            &[Event {
                cancelled: true,
                ..event()
            }],
        );
        assert!(cancelled.contains("\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n"));
    }

    #[test]
    fn several_events_and_none() {
        let second = Event { id: 8, ..event() };
        let ics = calendar("c", &[event(), second]);
        assert_eq!(ics.matches("BEGIN:VEVENT\r\n").count(), 2);
        let first_uid = ics.find("UID:activity-7406@youai").unwrap();
        let second_uid = ics.find("UID:activity-8@youai").unwrap();
        assert!(first_uid < second_uid);

        let empty = calendar("空", &[]);
        assert_eq!(
            empty,
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//youai//activities//ZH\r\n\
             CALSCALE:GREGORIAN\r\nX-WR-CALNAME:空\r\nEND:VCALENDAR\r\n"
        );
    }

    #[test]
    fn escaping() {
        let cases = [
            ("plain 文本", "plain 文本"),
            ("a,b;c\\d", "a\\,b\\;c\\\\d"),
            ("一行\n二行", "一行\\n二行"),
            ("一行\r\n二行", "一行\\n二行"),
            ("一行\r二行", "一行\\n二行"),
            ("\n\n", "\\n\\n"),
            ("\r\r\n", "\\n\\n"),
            ("tab\there", "tab\there"),
            ("bell\u{7}nul\u{0}del\u{7f}", "bellnuldel"),
            ("\\n literally", "\\\\n literally"),
            ("冒号:不用转义", "冒号:不用转义"),
            ("", ""),
        ];
        for (raw, escaped) in cases {
            assert_eq!(escape_text(raw), escaped, "{raw:?}");
        }
    }

    #[test]
    fn folding_long_chinese_text() {
        let long = "新时代文明实践志愿服务，".repeat(30); // 360 chars, 1 080 octets
        let e = Event {
            description: long.clone(),
            summary: "港城".repeat(40),
            location: format!("{}{}", "a".repeat(73), "张家港市杨舍镇"),
            ..event()
        };
        let ics = calendar(&"友爱".repeat(50), &[e]);
        assert_well_formed(&ics);
        // Folding did happen, and every continuation starts with exactly one space.
        assert!(ics.contains("\r\n "));
        assert!(!ics.contains("\r\n  "));
        // Unfolding restores the escaped values.
        let unfolded = unfold(&ics);
        let value = |name: &str| -> String {
            unfolded
                .split("\r\n")
                .find_map(|l| l.strip_prefix(&format!("{name}:")).map(str::to_string))
                .unwrap()
        };
        assert_eq!(value("DESCRIPTION"), escape_text(&long));
        assert_eq!(value("SUMMARY"), "港城".repeat(40));
        assert_eq!(
            value("LOCATION"),
            format!("{}张家港市杨舍镇", "a".repeat(73))
        );
        assert_eq!(value("X-WR-CALNAME"), "友爱".repeat(50));
    }

    #[test]
    fn fold_widths() {
        // (content line, expected physical lines' octet counts)
        let cases: Vec<(String, Vec<usize>)> = vec![
            ("a".repeat(75), vec![75]),
            ("a".repeat(76), vec![75, 2]),
            ("a".repeat(75 + 74), vec![75, 75]),
            ("a".repeat(75 + 75), vec![75, 75, 2]),
            // 24 characters of 3 octets fill 72; the 25th would make 75, the 26th 78.
            ("字".repeat(25), vec![75]),
            ("字".repeat(26), vec![75, 4]),
            // After "D:" (2 octets) 24 characters fill 74 and the 25th would overflow.
            (format!("D:{}", "字".repeat(25)), vec![74, 4]),
            // A 4-octet character straddling the limit moves to the next line whole.
            (format!("{}😀b", "a".repeat(73)), vec![73, 6]),
            // An escape straddling the limit moves whole too.
            (format!("{}\\,b", "a".repeat(74)), vec![74, 4]),
            (format!("{}\\\\\\,", "a".repeat(72)), vec![74, 3]),
            (String::new(), vec![0]),
        ];
        for (line, widths) in cases {
            let mut out = String::new();
            fold_into(&mut out, &line);
            let got: Vec<usize> = out
                .strip_suffix("\r\n")
                .unwrap()
                .split("\r\n")
                .map(str::len)
                .collect();
            assert_eq!(got, widths, "{line:?}");
            assert_eq!(unfold(&out), format!("{line}\r\n"));
        }
    }

    #[test]
    fn fold_never_splits_a_character() {
        // Every mix of 1-, 2-, 3- and 4-octet characters at every offset.
        for prefix in 0..8 {
            for c in ['a', 'é', '志', '😀'] {
                let line = format!("{}{}", "x".repeat(prefix), c.to_string().repeat(100));
                let mut out = String::new();
                fold_into(&mut out, &line);
                // `out` is a String, so no split character could have survived; check widths
                // and that nothing was lost.
                assert_well_formed(&out);
                assert_eq!(unfold(&out), format!("{line}\r\n"));
            }
        }
    }
}
