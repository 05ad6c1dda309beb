//! `/console/imports`: platform and area admins load volunteers or teams from a CSV file. The
//! server writes every row or none: a file with a bad cell comes back with each bad cell
//! (row as a spreadsheet numbers it, column, problem), shown as a table to fix the file by.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use youai_types::{ImportReport, RowError};

use crate::api::{ApiError, ImportKind, use_api};
use crate::components::{ConsoleGate, ConsoleNav, ErrorMessage};
use crate::i18n::{tr, tr_while, use_i18n};
use crate::session::Session;

#[component]
pub fn ImportsPage() -> impl IntoView {
    view! {
        <section class="page-head">
            <h1>{tr("console.imports")}</h1>
            <p class="intro">{tr("console.imports_intro")}</p>
        </section>
        <ConsoleNav/>
        <ConsoleGate next="/console/imports" allowed=Session::is_staff>
            <ImportForm/>
        </ConsoleGate>
    }
}

/// Data rows in a CSV text: its non-blank lines after the header.
fn data_rows(csv: &str) -> usize {
    csv.lines()
        .filter(|l| !l.trim().is_empty())
        .count()
        .saturating_sub(1)
}

/// The text of the file chosen in `<input type=file id=…>`: UTF-8 (with or without BOM) or,
/// failing that, GBK as Chinese spreadsheet programs export it — decoded by the browser's
/// `TextDecoder`, so the server always receives UTF-8.
async fn chosen_file_text(input_id: &str) -> Option<String> {
    let input = document().get_element_by_id(input_id)?;
    let files = js_sys::Reflect::get(&input, &JsValue::from_str("files")).ok()?;
    let file = js_sys::Reflect::get(&files, &JsValue::from_f64(0.0)).ok()?;
    if file.is_undefined() || file.is_null() {
        return None;
    }
    let read: js_sys::Function = js_sys::Reflect::get(&file, &JsValue::from_str("arrayBuffer"))
        .ok()?
        .dyn_into()
        .ok()?;
    let promise: js_sys::Promise = read.call0(&file).ok()?.dyn_into().ok()?;
    let bytes = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    decode(&bytes, "utf-8", true).or_else(|| decode(&bytes, "gb18030", false))
}

/// `new TextDecoder(label, {fatal}).decode(bytes)`; `None` when the bytes are not `label`.
fn decode(bytes: &JsValue, label: &str, fatal: bool) -> Option<String> {
    let class: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"TextDecoder".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"fatal".into(), &JsValue::from_bool(fatal)).ok()?;
    let decoder =
        js_sys::Reflect::construct(&class, &js_sys::Array::of2(&label.into(), &options)).ok()?;
    let run: js_sys::Function = js_sys::Reflect::get(&decoder, &"decode".into())
        .ok()?
        .dyn_into()
        .ok()?;
    run.call1(&decoder, bytes).ok()?.as_string()
}

/// What an upload came to: nothing chosen, or the server's answer with the file's row count.
#[derive(Clone)]
enum Outcome {
    NoFile,
    Answered(usize, Result<ImportReport, ApiError>),
}

#[component]
fn ImportForm() -> impl IntoView {
    let api = use_api();
    let kind = RwSignal::new(ImportKind::Volunteers);
    let upload = Action::new_local(move |kind: &ImportKind| {
        let kind = *kind;
        async move {
            let Some(csv) = chosen_file_text("import-file").await else {
                return Outcome::NoFile;
            };
            let rows = data_rows(&csv);
            Outcome::Answered(rows, api.import_csv(kind, csv).await)
        }
    });
    let pending = upload.pending();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !pending.get_untracked() {
            upload.dispatch_local(kind.get_untracked());
        }
    };
    let outcome = move || {
        if pending.get() {
            None
        } else {
            upload.value().get()
        }
    };
    view! {
        <section class="form-card" aria-labelledby="import-heading">
            <h2 id="import-heading">{tr("corps.import_upload")}</h2>
            <form class="form import-form" novalidate on:submit=on_submit>
                <div class="field">
                    <label for="import-kind">{tr("corps.import_kind")}</label>
                    <select id="import-kind" name="kind" on:change=move |ev| {
                        kind.set(if event_target_value(&ev) == "teams" { ImportKind::Teams } else { ImportKind::Volunteers });
                    }>
                        <option value="volunteers" selected=move || kind.get() == ImportKind::Volunteers>{tr("corps.import_volunteers")}</option>
                        <option value="teams" selected=move || kind.get() == ImportKind::Teams>{tr("corps.import_teams")}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="import-file">{tr("corps.import_file")}</label>
                    <input id="import-file" name="file" type="file" accept=".csv,text/csv" aria-describedby="import-file-hint"/>
                    <p id="import-file-hint" class="field-hint">
                        {move || if kind.get() == ImportKind::Teams { tr("corps.import_teams_hint")() } else { tr("corps.import_volunteers_hint")() }}
                    </p>
                </div>
                <div class="form-actions">
                    <button type="submit" class="button" disabled=move || pending.get()>
                        {tr_while(pending, "corps.importing", "corps.import_submit")}
                    </button>
                </div>
            </form>
            <div aria-live="polite">
                {move || outcome().map(|o| view! { <ImportOutcome outcome=o/> })}
            </div>
        </section>
    }
}

#[component]
fn ImportOutcome(outcome: Outcome) -> impl IntoView {
    match outcome {
        Outcome::NoFile => view! { <p class="notice" role="alert">{tr("corps.import_no_file")}</p> }.into_any(),
        Outcome::Answered(_, Ok(report)) => view! {
            <p class="notice notice-success import-done" role="status">
                {tr("corps.imported")} " " <strong class="import-count">{report.imported}</strong> " " {tr("corps.rows")}
            </p>
        }
        .into_any(),
        Outcome::Answered(rows, Err(error)) => {
            let row_errors: Vec<RowError> = error
                .problem()
                .map(|p| p.row_errors.clone())
                .unwrap_or_default();
            if row_errors.is_empty() {
                return view! { <ErrorMessage error/> }.into_any();
            }
            view! { <RowErrors rows errors=row_errors/> }.into_any()
        }
    }
}

/// The bad cells as a table, and how many rows were fine (nothing was written).
#[component]
fn RowErrors(rows: usize, errors: Vec<RowError>) -> impl IntoView {
    let i18n = use_i18n();
    let mut bad: Vec<usize> = errors.iter().map(|e| e.row).collect();
    bad.sort_unstable();
    bad.dedup();
    let good = rows.saturating_sub(bad.len());
    view! {
        <div class="notice notice-error import-rejected" role="alert">
            <p>
                {tr("corps.import_rejected")} " "
                {tr("corps.rows_total")} " " <strong class="rows-total">{rows}</strong> " · "
                {tr("corps.rows_bad")} " " <strong class="rows-bad">{bad.len()}</strong> " · "
                {tr("corps.rows_good")} " " <strong class="rows-good">{good}</strong>
            </p>
        </div>
        <div class="table-scroll">
            <table class="data-table row-errors">
                <caption>{tr("corps.row_errors")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tr("corps.row")}</th>
                        <th scope="col">{tr("corps.column")}</th>
                        <th scope="col">{tr("corps.problem")}</th>
                    </tr>
                </thead>
                <tbody>
                    {errors.into_iter().map(|e| {
                        let text = move || i18n.problem(&e.code, &e.message);
                        view! {
                            <tr class=format!("row-error row-{}", e.row)>
                                <td>{e.row}</td>
                                <td>{e.column.clone()}</td>
                                <td>{text}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
