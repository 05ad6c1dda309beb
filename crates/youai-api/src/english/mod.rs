//! Problems in English, for callers whose `Accept-Language` prefers it (zh-CN stays the
//! default). A problem's words are chosen by its stable `code`; the Chinese text a handler
//! wrote gives only its figures (a limit, a count, seconds to wait), which fill the English
//! template's `{}` in order. Each code lists its templates from the most to the least
//! specific; the first whose number of `{}` matches the figures is used, so a message never
//! shows a figure in the wrong place.

mod table;

use table::MESSAGES;

/// The problem's words in English, or None for a code without an entry.
pub fn message(code: &str, chinese: &str) -> Option<String> {
    let templates = MESSAGES
        .binary_search_by(|(c, _)| c.cmp(&code))
        .ok()
        .and_then(|i| MESSAGES.get(i))
        .map(|(_, t)| *t)?;
    let figures = figures(chinese);
    let template = templates
        .iter()
        .find(|t| t.matches("{}").count() == figures.len())
        .or_else(|| templates.iter().find(|t| !t.contains("{}")))?;
    let mut out = String::with_capacity(template.len() + 8);
    let mut figures = figures.iter();
    let mut parts = template.split("{}").peekable();
    while let Some(part) = parts.next() {
        out.push_str(part);
        if parts.peek().is_some() {
            out.push_str(figures.next().map_or("", |f| f.as_str()));
        }
    }
    Some(out)
}

/// The figures of a Chinese message, in order: runs of digits, with a decimal point inside.
fn figures(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() || (c == '.' && !current.is_empty()) {
            current.push(c);
        } else if !current.is_empty() {
            out.push(
                std::mem::take(&mut current)
                    .trim_end_matches('.')
                    .to_owned(),
            );
        }
    }
    if !current.is_empty() {
        out.push(current.trim_end_matches('.').to_owned());
    }
    out
}

/// The problem `title` per status, in English.
pub fn title(status: u16) -> &'static str {
    match status {
        400 => "Bad request",
        401 => "Not signed in",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        409 => "Conflict with existing data",
        412 => "Precondition failed",
        413 => "Payload too large",
        415 => "Unsupported media type",
        422 => "Invalid request content",
        429 => "Too many requests",
        503 => "Service unavailable",
        s if s >= 500 => "Internal server error",
        _ => "Request failed",
    }
}

#[cfg(test)]
mod tests;
