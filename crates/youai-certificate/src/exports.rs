//! Export writers: a table of text as CSV (UTF-8 with a BOM, so Excel reads it) or as an XLSX
//! workbook of one sheet — every cell text, so ID numbers and phone numbers never turn into
//! numbers, and no CSV cell is read as a formula — and reports as a workbook of several sheets
//! whose figures are numbers.

/// A table to export: its column titles and its rows, every cell text.
#[derive(Debug, Clone, PartialEq)]
pub struct Table<'a> {
    /// The worksheet's name (XLSX).
    pub sheet: &'a str,
    pub columns: &'a [&'a str],
    pub rows: &'a [Vec<String>],
}

/// Why a workbook could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the workbook: {0}")]
pub struct ExportError(#[from] rust_xlsxwriter::XlsxError);

/// The table as CSV: a BOM, the titles, then a line per row.
pub fn csv(t: &Table<'_>) -> String {
    let mut out = format!("\u{feff}{}\n", t.columns.join(","));
    for row in t.rows {
        out.push_str(
            &row.iter()
                .map(|c| csv_cell(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push('\n');
    }
    out
}

/// The table as an XLSX workbook of one sheet, every cell text.
pub fn xlsx(t: &Table<'_>) -> Result<Vec<u8>, ExportError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(t.sheet)?;
    for (col, title) in (0u16..).zip(t.columns) {
        sheet.write_string(0, col, *title)?;
    }
    for (r, row) in (1u32..).zip(t.rows) {
        for (col, cell) in (0u16..).zip(row) {
            sheet.write_string(r, col, cell)?;
        }
    }
    Ok(book.save_to_buffer()?)
}

/// A cell of a report sheet: text, or a number a spreadsheet can add up.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
}

/// One sheet of a report: its name, column titles and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A report as an XLSX workbook, a worksheet per sheet, in order.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, ExportError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    for s in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(&s.name)?;
        for (col, title) in (0u16..).zip(&s.columns) {
            sheet.write_string(0, col, title)?;
        }
        for (r, row) in (1u32..).zip(&s.rows) {
            for (col, cell) in (0u16..).zip(row) {
                match cell {
                    Cell::Text(t) => sheet.write_string(r, col, t)?,
                    Cell::Number(n) => sheet.write_number(r, col, *n)?,
                };
            }
        }
    }
    Ok(book.save_to_buffer()?)
}

/// A CSV cell: quoted when needed, and never read as a formula by a spreadsheet.
fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_never_formulas() {
        let rows = vec![
            vec!["张三".to_owned(), "a,b".to_owned()],
            vec!["=1+1".to_owned(), "say \"hi\"".to_owned()],
        ];
        let t = Table {
            sheet: "名单",
            columns: &["姓名", "备注"],
            rows: &rows,
        };
        assert_eq!(
            csv(&t),
            "\u{feff}姓名,备注\n张三,\"a,b\"\n'=1+1,\"say \"\"hi\"\"\"\n"
        );
        let book = xlsx(&t).unwrap();
        assert!(book.starts_with(b"PK"));
    }
}
