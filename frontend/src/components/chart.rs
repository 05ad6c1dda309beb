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

/// A titled bar chart of `bars` (reactive: labels follow the language). `id` names the
/// caption, for `aria-labelledby`. An empty list says `empty` instead.
#[component]
pub fn BarChart(
    id: &'static str,
    /// Catalogue key of the chart's title.
    title: &'static str,
    /// Catalogue key shown when there is nothing to draw.
    empty: &'static str,
    bars: impl Fn() -> Vec<Bar> + Send + Sync + 'static,
) -> impl IntoView {
    let caption = format!("{id}-caption");
    let labelled = caption.clone();
    view! {
        <figure class="chart" id=id>
            <figcaption id=caption>{tr(title)}</figcaption>
            {move || {
                let bars = bars();
                if bars.is_empty() {
                    return view! { <p class="empty">{tr(empty)}</p> }.into_any();
                }
                let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
                let height = ROW_H * i64::try_from(bars.len()).unwrap_or(0);
                let span = WIDTH - LABEL_W - VALUE_W;
                view! {
                    <svg class="bar-chart" viewBox=format!("0 0 {WIDTH} {height}") role="img"
                        aria-labelledby=labelled.clone() preserveAspectRatio="xMinYMin meet">
                        {bars.iter().zip(0i64..).map(|((label, count), i)| {
                            let y = i * ROW_H;
                            let w = (*count).max(0) * span / max;
                            view! {
                                <g class="bar">
                                    <text x=LABEL_W - 6 y=y + 17 text-anchor="end" class="bar-label">{label.clone()}</text>
                                    <rect x=LABEL_W y=y + 5 width=w.max(1) height=ROW_H - 10 rx="3"></rect>
                                    <text x=LABEL_W + w + 4 y=y + 17 class="bar-value">{group_digits(*count)}</text>
                                </g>
                            }
                        }).collect_view()}
                    </svg>
                    // The numbers for screen readers (the drawing is one image to them).
                    <ul class="visually-hidden">
                        {bars.into_iter().map(|(label, count)| view! { <li>{label} ": " {count}</li> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </figure>
    }
}

/// A "下载 CSV" link to `file` holding `rows` (the first row is the header): a `blob:` URL
/// made when it is clicked (so it holds what the page shows then), UTF-8 with a byte-order
/// mark so that Excel reads the Chinese right. The previous file is freed on the next click
/// and when the link goes.
#[component]
pub fn CsvLink(
    file: &'static str,
    rows: impl Fn() -> Vec<Vec<String>> + Send + Sync + 'static,
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
        let url = object_url(csv(&rows()).as_bytes(), "text/csv;charset=utf-8");
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
    use super::csv;

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
