//! Reading uploaded CSV files (批量导入) as spreadsheet programs export them: the text
//! encoding, the header row, and row numbers that match what the user sees in the spreadsheet.
//!
//! The import endpoints decode the upload with [`decode`], split it with [`parse`], find their
//! columns with [`Table::require`], and report problems per row as [`RowError`]s.

use std::fmt;

mod cells;
mod decode;

pub use cells::*;
pub use decode::{DecodeError, decode};

/// One problem with one cell of an uploaded file (the row when `column` is empty); the API
/// type, re-exported. `row` is as the spreadsheet numbers it: the header is row 1.
pub use youai_types::RowError;

/// A [`RowError`].
pub fn row_error(
    row: usize,
    column: impl Into<String>,
    code: impl Into<String>,
    message: impl Into<String>,
) -> RowError {
    RowError {
        row,
        column: column.into(),
        code: code.into(),
        message: message.into(),
    }
}

/// A parsed file: the header names and the non-blank data rows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    /// Header names, trimmed, as written in the file.
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

/// One data row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The row as the spreadsheet numbers it: the header is row 1, the first data row row 2.
    /// Blank rows count (a spreadsheet shows them) and a cell spanning several lines does not
    /// add rows, so this is neither the line number nor the record index.
    pub number: usize,
    /// Trimmed cells, exactly as many as there are headers.
    pub cells: Vec<String>,
}

impl Row {
    /// The cell in column `index`, or `""` if there is none.
    pub fn cell(&self, index: usize) -> &str {
        self.cells.get(index).map_or("", String::as_str)
    }
}

/// Why a file could not be split into rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// No header row: the file is empty or blank.
    Empty,
    /// Two header cells with the same name (ignoring case).
    DuplicateColumn { name: String },
    /// A row with more or fewer cells than the header.
    WrongColumnCount {
        row: usize,
        expected: usize,
        found: usize,
    },
    /// Anything else the CSV reader rejects.
    Malformed { row: usize, detail: String },
}

impl ParseError {
    pub fn code(&self) -> &'static str {
        match self {
            ParseError::Empty => "empty_file",
            ParseError::DuplicateColumn { .. } => "duplicate_column",
            ParseError::WrongColumnCount { .. } => "wrong_column_count",
            ParseError::Malformed { .. } => "malformed_csv",
        }
    }

    pub fn message(&self) -> String {
        match self {
            ParseError::Empty => "文件是空的：第一行须为表头".to_owned(),
            ParseError::DuplicateColumn { name } => format!("表头中“{name}”列出现了不止一次"),
            ParseError::WrongColumnCount {
                row,
                expected,
                found,
            } => format!("第 {row} 行有 {found} 列，与表头的 {expected} 列不一致"),
            ParseError::Malformed { row, detail } => {
                format!("第 {row} 行不是有效的 CSV 格式：{detail}")
            }
        }
    }

    /// The spreadsheet row the problem is in (the header row is 1).
    pub fn row(&self) -> usize {
        match self {
            ParseError::Empty | ParseError::DuplicateColumn { .. } => 1,
            ParseError::WrongColumnCount { row, .. } | ParseError::Malformed { row, .. } => *row,
        }
    }

    /// The same problem in the shape the import endpoints report.
    pub fn to_row_error(&self) -> RowError {
        let column = match self {
            ParseError::DuplicateColumn { name } => name.clone(),
            _ => String::new(),
        };
        row_error(self.row(), column, self.code(), self.message())
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ParseError {}

/// Header names are matched ignoring case and surrounding spaces: `Phone` finds `phone `.
fn header_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Splits CSV text into a header and data rows. Cells and header names are trimmed; rows
/// whose cells are all empty (blank lines, or `,,,` as spreadsheets write empty rows) are
/// skipped; every other row must have as many cells as the header.
pub fn parse(text: &str) -> Result<Table, ParseError> {
    // A BOM left in by a caller that did not go through `decode` would stick to the first header.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Flexible, because a whitespace-only line is a one-cell record that must be skipped as
    // blank rather than rejected; the column count is checked below instead.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());

    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let bytes = text.as_bytes();
    // The spreadsheet row of the last record read, and the byte offset where its content
    // ended (before its line terminator). The reader skips blank lines without a record, and
    // its own line count is off by one around CRLF, so rows are counted from the line breaks
    // between one record's content and the next.
    let mut row = 1;
    let mut prev_end: Option<usize> = None;
    loop {
        let before = offset(reader.position());
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(ParseError::Malformed {
                    row: row + 1,
                    detail: e.to_string(),
                });
            }
        }
        let after = offset(reader.position());
        // What the reader consumed: blank lines, the record, part or all of its terminator.
        // A record's content never starts or ends with a bare line break (a quoted cell
        // ends with its quote), so the line breaks around it are exactly those runs.
        let consumed = bytes.get(before..after).unwrap_or_default();
        let start = before + consumed.iter().take_while(|b| is_line_break(b)).count();
        let end = after
            - consumed
                .iter()
                .rev()
                .take_while(|b| is_line_break(b))
                .count();
        if let Some(prev) = prev_end {
            row += line_breaks(bytes.get(prev..start).unwrap_or_default()).max(1);
        }
        prev_end = Some(end.max(start));

        let cells: Vec<String> = record.iter().map(|c| c.trim().to_owned()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        match &headers {
            None => {
                // The header is row 1 by definition, even after leading blank lines.
                row = 1;
                check_duplicates(&cells)?;
                headers = Some(cells);
            }
            Some(h) if h.len() != cells.len() => {
                return Err(ParseError::WrongColumnCount {
                    row,
                    expected: h.len(),
                    found: cells.len(),
                });
            }
            Some(_) => rows.push(Row { number: row, cells }),
        }
    }
    let headers = headers.ok_or(ParseError::Empty)?;
    Ok(Table { headers, rows })
}

fn offset(position: &csv::Position) -> usize {
    usize::try_from(position.byte()).unwrap_or(usize::MAX)
}

fn is_line_break(b: &u8) -> bool {
    matches!(b, b'\r' | b'\n')
}

/// Line breaks in `bytes`: `\r\n`, `\n` and a lone `\r` each count once, as CSV readers take them.
fn line_breaks(bytes: &[u8]) -> usize {
    let lf = bytes.iter().filter(|&&b| b == b'\n').count();
    let lone_cr = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
        .count();
    lf + lone_cr
}

/// Empty header cells may repeat (spreadsheets export unused trailing columns as `,,`);
/// named ones may not, or a column lookup would be ambiguous.
fn check_duplicates(headers: &[String]) -> Result<(), ParseError> {
    let mut seen = std::collections::HashSet::new();
    for h in headers.iter().filter(|h| !h.is_empty()) {
        if !seen.insert(header_key(h)) {
            return Err(ParseError::DuplicateColumn { name: h.clone() });
        }
    }
    Ok(())
}

impl Table {
    /// The index of the column with this header name (case and surrounding spaces ignored).
    pub fn column(&self, name: &str) -> Option<usize> {
        let key = header_key(name);
        if key.is_empty() {
            return None;
        }
        self.headers.iter().position(|h| header_key(h) == key)
    }

    /// The indices of the named columns, in the order asked; or one error per missing column.
    pub fn require(&self, names: &[&str]) -> Result<Vec<usize>, Vec<RowError>> {
        let mut found = Vec::with_capacity(names.len());
        let mut missing = Vec::new();
        for name in names {
            match self.column(name) {
                Some(i) => found.push(i),
                None => missing.push(row_error(
                    1,
                    *name,
                    "missing_column",
                    format!("表头中缺少“{name}”列"),
                )),
            }
        }
        if missing.is_empty() {
            Ok(found)
        } else {
            Err(missing)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "姓名,手机号\n张三,13800138000\n";

    fn rows(t: &Table) -> Vec<(usize, Vec<&str>)> {
        t.rows
            .iter()
            .map(|r| (r.number, r.cells.iter().map(String::as_str).collect()))
            .collect()
    }

    #[test]
    fn parses_a_simple_file() {
        let t = parse(SAMPLE).unwrap();
        assert_eq!(t.headers, ["姓名", "手机号"]);
        assert_eq!(rows(&t), [(2, vec!["张三", "13800138000"])]);
    }

    #[test]
    fn row_numbers_and_cells() {
        for (name, text, headers, want) in [
            (
                "crlf and no final newline",
                "a,b\r\n1,2\r\n3,4",
                vec!["a", "b"],
                vec![(2, vec!["1", "2"]), (3, vec!["3", "4"])],
            ),
            (
                "cells and headers are trimmed",
                " 姓名 ,\t手机号\n  张三 , 13800138000 \n",
                vec!["姓名", "手机号"],
                vec![(2, vec!["张三", "13800138000"])],
            ),
            (
                "quoted commas and quotes",
                "name,address\n\"Li, Si\",\"金港镇 \"\"金都\"\" 社区\"\n",
                vec!["name", "address"],
                vec![(2, vec!["Li, Si", "金港镇 \"金都\" 社区"])],
            ),
            (
                "a quoted cell over several lines is one row",
                "a,b\n1,\"line one\nline two\r\nline three\"\n2,x\n",
                vec!["a", "b"],
                vec![
                    (2, vec!["1", "line one\nline two\r\nline three"]),
                    (3, vec!["2", "x"]),
                ],
            ),
            (
                "blank lines are skipped but counted",
                "a,b\n\n1,2\n\n\n3,4\n\n",
                vec!["a", "b"],
                vec![(3, vec!["1", "2"]), (6, vec!["3", "4"])],
            ),
            (
                "empty rows as spreadsheets write them, and whitespace lines",
                "a,b\n,\n1,2\n  \n , \n3,4\n",
                vec!["a", "b"],
                vec![(3, vec!["1", "2"]), (6, vec!["3", "4"])],
            ),
            (
                "blank lines before the header do not shift rows",
                "\n\na,b\n1,2\n",
                vec!["a", "b"],
                vec![(2, vec!["1", "2"])],
            ),
            (
                "blank line after a multi-line cell",
                "a,b\n\"x\ny\",1\n\n2,3\n",
                vec!["a", "b"],
                vec![(2, vec!["x\ny", "1"]), (4, vec!["2", "3"])],
            ),
            (
                "a BOM that was not stripped",
                "\u{feff}a,b\n1,2\n",
                vec!["a", "b"],
                vec![(2, vec!["1", "2"])],
            ),
            (
                "empty cells are kept",
                "a,b,c\n,2,\n",
                vec!["a", "b", "c"],
                vec![(2, vec!["", "2", ""])],
            ),
            (
                "unused trailing columns",
                "a,b,,\n1,2,,\n",
                vec!["a", "b", "", ""],
                vec![(2, vec!["1", "2", "", ""])],
            ),
            (
                "crlf blank lines",
                "a,b\r\n\r\n1,2\r\n\r\n\r\n3,4\r\n\r\n",
                vec!["a", "b"],
                vec![(3, vec!["1", "2"]), (6, vec!["3", "4"])],
            ),
            (
                "crlf inside and after a quoted cell",
                "a,b\r\n\"x\r\ny\r\n\",1\r\n\r\n2,3\r\n",
                vec!["a", "b"],
                vec![(2, vec!["x\r\ny", "1"]), (4, vec!["2", "3"])],
            ),
            (
                "old Mac line ends",
                "a,b\r1,2\r\r3,4\r",
                vec!["a", "b"],
                vec![(2, vec!["1", "2"]), (4, vec!["3", "4"])],
            ),
            (
                "empty quoted cells are a row",
                "a,b\n\n\"\",\"\"\n1,2\n",
                vec!["a", "b"],
                vec![(4, vec!["1", "2"])],
            ),
            ("header only", "a,b\n", vec!["a", "b"], vec![]),
        ] {
            let t = parse(text).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            assert_eq!(t.headers, headers, "{name}");
            assert_eq!(rows(&t), want, "{name}");
        }
    }

    #[test]
    fn parse_errors() {
        for (name, text, err) in [
            ("empty", "", ParseError::Empty),
            ("blank", "\n \n,,\n", ParseError::Empty),
            (
                "short row",
                "a,b,c\n1,2,3\n4,5\n",
                ParseError::WrongColumnCount {
                    row: 3,
                    expected: 3,
                    found: 2,
                },
            ),
            (
                "long row after blank lines and a multi-line cell",
                "a,b\n\"x\ny\",1\n\n1,2,3\n",
                ParseError::WrongColumnCount {
                    row: 4,
                    expected: 2,
                    found: 3,
                },
            ),
            (
                "duplicate header ignoring case",
                "Phone,name,phone\n1,2,3\n",
                ParseError::DuplicateColumn {
                    name: "phone".into(),
                },
            ),
        ] {
            assert_eq!(parse(text), Err(err), "{name}");
        }
    }

    #[test]
    fn parse_error_as_row_error() {
        let e = parse("a,b\n1\n").unwrap_err();
        assert_eq!(
            e.to_row_error(),
            row_error(
                2,
                "",
                "wrong_column_count",
                "第 2 行有 1 列，与表头的 2 列不一致"
            )
        );
        let e = parse("a,A\n").unwrap_err();
        assert_eq!(e.code(), "duplicate_column");
        assert_eq!(e.to_row_error().column, "A");
        assert_eq!(e.to_row_error().row, 1);
        assert_eq!(ParseError::Empty.to_string(), ParseError::Empty.message());
    }

    #[test]
    fn columns_by_name() {
        let t = parse("姓名, Phone ,身份证号,,\n张三,138,1,,\n").unwrap();
        for (name, want) in [
            ("姓名", Some(0)),
            ("phone", Some(1)),
            ("PHONE", Some(1)),
            (" Phone ", Some(1)),
            ("身份证号", Some(2)),
            ("手机号", None),
            ("", None),
            ("  ", None),
        ] {
            assert_eq!(t.column(name), want, "{name:?}");
        }
        assert_eq!(t.require(&["phone", "姓名"]), Ok(vec![1, 0]));
        assert_eq!(t.require(&[]), Ok(vec![]));
        assert_eq!(
            t.require(&["姓名", "性别", "出生日期"]),
            Err(vec![
                row_error(1, "性别", "missing_column", "表头中缺少“性别”列"),
                row_error(1, "出生日期", "missing_column", "表头中缺少“出生日期”列"),
            ])
        );
        let row = t.rows.first().unwrap();
        assert_eq!(row.cell(1), "138");
        assert_eq!(row.cell(99), "");
    }

    #[test]
    fn ten_thousand_rows() {
        let mut text = String::from("姓名,手机号,地址\n");
        for i in 0..10_000 {
            text.push_str(&format!(
                "志愿者{i},138{i:08},\"金港镇, 金都社区 {i} 号\"\n"
            ));
        }
        let started = std::time::Instant::now();
        let t = parse(&decode(text.as_bytes()).unwrap()).unwrap();
        let elapsed = started.elapsed();
        assert_eq!(t.rows.len(), 10_000);
        assert_eq!(t.rows.last().map(|r| r.number), Some(10_001));
        // Generous, for a loaded debug build; typically a few tens of milliseconds.
        assert!(elapsed.as_secs() < 5, "took {elapsed:?}");
    }
}
