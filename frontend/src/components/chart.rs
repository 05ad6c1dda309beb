//! Counts as a horizontal bar chart drawn in inline SVG (no chart library), and the same
//! numbers as a CSV file to download.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::{object_url, revoke_object_url};
use crate::components::group_digits;
use crate::i18n::tr;

/// One bar: its label and its count.
pub type Bar = (String, i64);

/// Width of the drawing in SVG units; the SVG scales to its box, so on a 375 px phone one
/// unit is about one CSS pixel.
const WIDTH: i64 = 340;
/// Room on the left for the labels, and on the right for the counts.
const LABEL_W: i64 = 118;
const VALUE_W: i64 = 56;
const ROW_H: i64 = 26;

// The drawings are markup strings set as the figure's inner HTML: a chart is a few dozen
// elements that never change on their own, and building them as views cost the bundle
// ~10 KB gzipped per kind of chart.

/// Text made safe inside markup.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The opening of a chart's SVG, `height` units high, labelled by `caption`.
fn svg_open(class: &str, height: i64, caption: &str) -> String {
    format!(
        "<svg class=\"bar-chart {class}\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" \
         aria-labelledby=\"{caption}\" preserveAspectRatio=\"xMinYMin meet\">"
    )
}

/// The numbers for screen readers (the drawing is one image to them).
fn hidden_list<'a>(items: impl Iterator<Item = (&'a str, String)>) -> String {
    let mut out = String::from("<ul class=\"visually-hidden\">");
    for (label, value) in items {
        out += &format!("<li>{}: {value}</li>", esc(label));
    }
    out + "</ul>"
}

/// A figure with its title (reactive: it follows the language) and the drawing `draw` makes,
/// given the caption's id.
fn figure(
    id: &'static str,
    title: &'static str,
    draw: impl Fn(&str) -> String + Send + Sync + 'static,
) -> impl IntoView {
    let caption = format!("{id}-caption");
    let drawing = {
        let caption = caption.clone();
        move || draw(&caption)
    };
    view! {
        <figure class="chart" id=id>
            <figcaption id=caption>{tr(title)}</figcaption>
            <div class="chart-drawing" inner_html=drawing></div>
        </figure>
    }
}

/// A bar chart of `bars` (reactive: labels follow the language) titled by the catalogue key
/// `title`; `id` names the figure. An empty list says the key `empty` instead.
pub fn bar_chart(
    id: &'static str,
    title: &'static str,
    empty: &'static str,
    bars: impl Fn() -> Vec<Bar> + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    figure(id, title, move |caption| {
        let bars = bars();
        if bars.is_empty() {
            return format!("<p class=\"empty\">{}</p>", esc(i18n.t(empty)));
        }
        let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
        let height = ROW_H * i64::try_from(bars.len()).unwrap_or(0);
        let span = WIDTH - LABEL_W - VALUE_W;
        let mut out = svg_open("", height, caption);
        for ((label, count), i) in bars.iter().zip(0i64..) {
            let y = i * ROW_H;
            let w = (*count).max(0) * span / max;
            out += &format!(
                "<g class=\"bar\"><text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"bar-label\">{}</text>\
                 <rect x=\"{LABEL_W}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\"></rect>\
                 <text x=\"{}\" y=\"{}\" class=\"bar-value\">{}</text></g>",
                LABEL_W - 6,
                y + 17,
                esc(label),
                y + 5,
                w.max(1),
                ROW_H - 10,
                LABEL_W + w + 4,
                y + 17,
                group_digits(*count),
            );
        }
        out + "</svg>" + &hidden_list(bars.iter().map(|(l, n)| (l.as_str(), n.to_string())))
    })
}

/// One column of a chart over time: its month (`YYYY-MM`) and its value.
pub type Column = (String, f64);

/// Height of a column chart's drawing, and the room above (for a value) and below (for the
/// months) its columns.
const COLUMNS_H: i64 = 164;
const TOP: i64 = 16;
/// Two lines under the columns: the month's number, and the year under January and the first.
const BOTTOM: i64 = 32;

/// The month's number, for an axis: `2026-03` → `3`.
fn month_number(month: &str) -> &str {
    month.get(5..).unwrap_or_default().trim_start_matches('0')
}

/// The year of a month, for an axis: `2026-03` → `2026`.
fn year_of(month: &str) -> &str {
    month.get(..4).unwrap_or_default()
}

/// A titled column chart of one figure month by month, oldest first: a column a month with
/// the month's number under it (and the year under the first month and each January), and
/// the highest and the latest values written above their columns (every value is in its
/// column's tooltip and in a list for screen readers). The current month, still under way, is
/// drawn hollow and said to be so.
pub fn column_chart(id: &'static str, title: &'static str, columns: Vec<Column>) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let today = crate::format::date(crate::format::today());
    let this_month = today.get(..7).unwrap_or_default().to_owned();
    figure(id, title, move |caption| {
        let so_far = i18n.t("chart.month_so_far");
        let n = i64::try_from(columns.len()).unwrap_or(1).max(1);
        let max = columns.iter().map(|c| c.1).fold(0.0, f64::max);
        let step = WIDTH / n;
        let plot = COLUMNS_H - TOP - BOTTOM;
        let top_at = columns.iter().position(|c| c.1 >= max && max > 0.0);
        let last = columns.len().checked_sub(1);
        let mut out = svg_open("column-chart", COLUMNS_H, caption);
        for ((i, (month, value)), k) in columns.iter().enumerate().zip(0i64..) {
            // SVG units, far inside i64.
            #[allow(clippy::cast_possible_truncation)]
            let h = if max > 0.0 {
                (value / max * plot as f64).round() as i64
            } else {
                0
            };
            let x = k * step;
            let partial = *month == this_month;
            let shown = crate::format::hours(*value);
            let (class, note) = if partial {
                ("column column-partial", format!(" ({so_far})"))
            } else {
                ("column", String::new())
            };
            out += &format!(
                "<g class=\"{class}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\">\
                 <title>{month}: {shown}{note}</title></rect>",
                x + step / 6,
                TOP + plot - h.max(1),
                (step * 2 / 3).max(1),
                h.max(1),
            );
            if Some(i) == top_at || Some(i) == last {
                // Kept inside the drawing: the first column's value starts at its column, the
                // last one's ends at its column; large values in whole numbers.
                let (anchor, at) = match i {
                    0 => ("start", x + step / 6),
                    _ if Some(i) == last => ("end", x + step * 5 / 6),
                    _ => ("middle", x + step / 2),
                };
                // Whole hours and counts, far inside i64.
                #[allow(clippy::cast_possible_truncation)]
                let label = if *value >= 100.0 {
                    group_digits(value.round() as i64)
                } else {
                    shown.clone()
                };
                out += &format!(
                    "<text x=\"{at}\" y=\"{}\" text-anchor=\"{anchor}\" class=\"bar-value\">{label}</text>",
                    TOP + plot - h - 4,
                );
            }
            out += &format!(
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"bar-label\">{}</text>",
                x + step / 2,
                COLUMNS_H - 18,
                month_number(month),
            );
            if i == 0 || month.ends_with("-01") {
                out += &format!(
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"{}\" class=\"bar-year\">{}</text>",
                    if i == 0 { x + 1 } else { x + step / 2 },
                    COLUMNS_H - 4,
                    if i == 0 { "start" } else { "middle" },
                    year_of(month),
                );
            }
            out += "</g>";
        }
        let partial_shown = columns.iter().any(|c| c.0 == this_month);
        out + "</svg>"
            + &if partial_shown {
                format!(
                    "<p class=\"chart-note\">{}</p>",
                    esc(i18n.t("chart.partial_note"))
                )
            } else {
                String::new()
            }
            + &hidden_list(columns.iter().map(|(m, v)| {
                let note = if *m == this_month {
                    format!(" ({so_far})")
                } else {
                    String::new()
                };
                (m.as_str(), format!("{}{note}", crate::format::hours(*v)))
            }))
    })
}

/// One row of a heat map: its label and a value per column.
pub type HeatRow = (String, Vec<f64>);

/// The label column's width: enough for the longest label (11 px a character), within bounds.
const HEAT_LABEL_MIN_W: i64 = 76;
const HEAT_LABEL_MAX_W: i64 = 180;
const HEAT_ROW_H: i64 = 22;
/// The legend's steps, lightest to darkest (per cent of the largest value).
const HEAT_LEGEND: [i64; 5] = [6, 25, 50, 75, 100];

/// A titled heat map: a row per label (whole, the column as wide as the longest), a column per
/// month (`months`, `YYYY-MM`), each cell as dark as its share of the largest value, the value
/// in the cell's tooltip, and a legend from none to the largest value.
pub fn heat_map(
    id: &'static str,
    title: &'static str,
    months: Vec<String>,
    rows: Vec<HeatRow>,
) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    figure(id, title, move |caption| {
        if rows.is_empty() {
            return format!("<p class=\"empty\">{}</p>", esc(i18n.t("reports.no_data")));
        }
        let n = i64::try_from(months.len()).unwrap_or(1).max(1);
        let longest = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
        let label_w = (i64::try_from(longest).unwrap_or(0) * 11 + 10)
            .clamp(HEAT_LABEL_MIN_W, HEAT_LABEL_MAX_W);
        let step = (WIDTH - label_w) / n;
        let height = HEAT_ROW_H * (i64::try_from(rows.len()).unwrap_or(0) + 1);
        let max = rows
            .iter()
            .flat_map(|r| r.1.iter().copied())
            .fold(0.0, f64::max);
        let mut out = svg_open("heat-map", height, caption);
        for (m, k) in months.iter().zip(0i64..) {
            out += &format!(
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"bar-label\">{}</text>",
                label_w + k * step + step / 2,
                HEAT_ROW_H - 7,
                month_number(m),
            );
        }
        for ((label, values), r) in rows.iter().zip(1i64..) {
            let y = r * HEAT_ROW_H;
            let label = esc(label);
            out += &format!(
                "<g class=\"heat-row\"><text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"bar-label\">{label}</text>",
                label_w - 6,
                y + 15,
            );
            for (v, (m, k)) in values.iter().zip(months.iter().zip(0i64..)) {
                // Per cent of the largest; at least a tint when not zero.
                #[allow(clippy::cast_possible_truncation)]
                let pct = if max > 0.0 && *v > 0.0 {
                    ((v / max * 100.0).round() as i64).max(6)
                } else {
                    0
                };
                out += &format!(
                    "<rect class=\"heat-cell\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill-opacity=\"{}.{:02}\">\
                     <title>{label} {m}: {}</title></rect>",
                    label_w + k * step + 1,
                    y + 1,
                    step - 2,
                    HEAT_ROW_H - 2,
                    pct / 100,
                    pct % 100,
                    crate::format::hours(*v),
                );
            }
            out += "</g>";
        }
        // The legend: what the lightest and the darkest cells mean.
        let mut legend = format!(
            "<p class=\"heat-legend\"><span>{}</span> <span>0</span>",
            esc(i18n.t("chart.legend"))
        );
        for pct in HEAT_LEGEND {
            legend += &format!(
                "<span class=\"heat-swatch\" style=\"opacity:{}.{:02}\"></span>",
                pct / 100,
                pct % 100
            );
        }
        legend += &format!(
            "<span>{} {}</span></p>",
            crate::format::hours(max),
            esc(i18n.t("chart.hours_unit"))
        );
        out + "</svg>" + &legend
    })
}

/// A "下载 CSV" link to `file` holding `rows` (the first row is the header): a `blob:` URL
/// made when it is clicked (so it holds what the page shows then), UTF-8 with a byte-order
/// mark so that Excel reads the Chinese right. The previous file is freed on the next click
/// and when the link goes.
#[component]
pub fn CsvLink(
    file: &'static str,
    // A callback rather than a generic closure: one copy of this component in the bundle.
    #[prop(into)] rows: Callback<(), Vec<Vec<String>>>,
) -> impl IntoView {
    let made = StoredValue::new(None::<String>);
    let free = move || {
        if let Some(old) = made.try_update_value(Option::take).flatten() {
            revoke_object_url(&old);
        }
    };
    on_cleanup(free);
    // Runs before the browser follows the link: the download gets the fresh URL.
    let on_click = move |ev: leptos::ev::MouseEvent| {
        free();
        let url = object_url(csv(&rows.run(())).as_bytes(), "text/csv;charset=utf-8");
        if let (Some(url), Some(link)) = (
            url,
            ev.current_target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok()),
        ) {
            let _ = link.set_attribute("href", &url);
            made.set_value(Some(url));
        }
    };
    view! {
        <a class="button button-secondary button-small csv-link" href="#" download=file on:click=on_click>
            {tr("reports.csv")}
        </a>
    }
}

/// The rows as CSV (RFC 4180, CRLF), after a UTF-8 byte-order mark.
pub fn csv(rows: &[Vec<String>]) -> String {
    let mut out = String::from('\u{feff}');
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            if cell.contains([',', '"', '\n', '\r']) {
                out.push('"');
                out.push_str(&cell.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(cell);
            }
        }
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{csv, esc, month_number};

    #[test]
    fn markup_is_escaped_and_months_are_numbered() {
        assert_eq!(esc("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
        assert_eq!(
            (month_number("2026-03"), month_number("2026-11")),
            ("3", "11")
        );
    }

    #[test]
    fn csv_has_a_bom_and_quotes_what_needs_it() {
        let rows = vec![
            vec!["类别".to_owned(), "数量".to_owned()],
            vec!["理论宣讲".to_owned(), "12".to_owned()],
            vec!["a,\"b\"".to_owned(), "3".to_owned()],
        ];
        assert_eq!(
            csv(&rows),
            "\u{feff}类别,数量\r\n理论宣讲,12\r\n\"a,\"\"b\"\"\",3\r\n"
        );
    }
}
