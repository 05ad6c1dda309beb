use super::*;

#[test]
fn figures_fill_the_template_that_has_room_for_them() {
    assert_eq!(
        message(
            "too_many_login_failures",
            "密码错误次数过多，请 300 秒后再试"
        )
        .as_deref(),
        Some("Too many wrong passwords: try again in 300 seconds.")
    );
    assert_eq!(
        message("out_of_range", "limit 须在 1 到 100 之间").as_deref(),
        Some("Must be between 1 and 100.")
    );
    assert_eq!(
        message("out_of_range", "库存变动过大").as_deref(),
        Some("Out of range.")
    );
    assert_eq!(
        message("required", "不能为空").as_deref(),
        Some("Required.")
    );
    assert_eq!(message("no_such_code", "？"), None);
}

#[test]
fn the_table_is_sorted_for_lookup() {
    for pair in MESSAGES.windows(2) {
        if let [a, b] = pair {
            assert!(a.0 < b.0, "{} before {}", a.0, b.0);
        }
    }
}

#[test]
fn every_code_in_the_sources_has_english() {
    let codes = codes_in_sources();
    assert!(codes.len() > 100, "the scan finds the codes: {codes:?}");
    let missing: Vec<&String> = codes
        .iter()
        .filter(|code| {
            MESSAGES
                .binary_search_by(|(c, _)| c.cmp(&code.as_str()))
                .is_err()
        })
        .collect();
    assert!(missing.is_empty(), "codes without English: {missing:?}");
}

#[test]
fn every_code_has_words_without_figures() {
    for (code, templates) in MESSAGES {
        assert!(templates.iter().any(|t| !t.contains("{}")), "{code}");
        assert!(message(code, "").is_some(), "{code}");
    }
}

/// Every problem or field code the API and the domain write: a snake_case literal followed
/// by a Chinese message (`"code", "……"` or `"code", format!("……")`), every literal of a
/// `fn code`, and each constraint's code (`taken(name, sqlite, code, field, message)`).
fn codes_in_sources() -> std::collections::BTreeSet<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut codes = std::collections::BTreeSet::new();
    for dir in ["youai-api/src", "youai-domain/src"] {
        for path in rust_files(&root.join(dir)) {
            let text = std::fs::read_to_string(&path).expect("readable source");
            let text = text.split("#[cfg(test)]").next().unwrap_or_default();
            let constraints = path.ends_with("constraints.rs");
            scan(text, constraints, &mut codes);
        }
    }
    codes
}

fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

fn is_code(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn scan(text: &str, constraints: bool, codes: &mut std::collections::BTreeSet<String>) {
    let found = literals(text);
    for pair in found.windows(2) {
        let [(_, end, code), (start, _, words)] = pair else {
            continue;
        };
        let between = text.get(*end..*start).unwrap_or_default();
        let joined = between
            .trim()
            .trim_start_matches(',')
            .trim()
            .trim_start_matches('&')
            .trim_start_matches("format!(")
            .trim();
        let chinese = words
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        if !constraints && is_code(code) && joined.is_empty() && between.contains(',') && chinese {
            codes.insert(code.clone());
        }
    }
    for (at, _) in text.match_indices("fn code(") {
        let body = text.get(at..).unwrap_or_default();
        let end = body.find("\n    }").unwrap_or(body.len());
        for (_, _, lit) in literals(body.get(..end).unwrap_or_default()) {
            if is_code(&lit) {
                codes.insert(lit);
            }
        }
    }
    if constraints {
        for (at, _) in text.match_indices("= taken(\n") {
            let lits = literals(text.get(at..).unwrap_or_default());
            if let Some((_, _, code)) = lits.get(2) {
                codes.insert(code.clone());
            }
        }
    }
}

/// `(start, end, content)` of each string literal (char literals skipped).
fn literals(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\'' => {
                // '"' and '\"' are chars, not the start of a string.
                let rest = text.get(i..).unwrap_or_default();
                if rest.starts_with("'\"'") || rest.starts_with("'\\\"'") {
                    let skip = if rest.starts_with("'\"'") { 2 } else { 3 };
                    for _ in 0..skip {
                        chars.next();
                    }
                }
            }
            '"' => {
                let mut content = String::new();
                let mut end = text.len();
                while let Some((j, d)) = chars.next() {
                    match d {
                        '\\' => {
                            chars.next();
                        }
                        '"' => {
                            end = j + 1;
                            break;
                        }
                        _ => content.push(d),
                    }
                }
                out.push((i, end, content));
            }
            _ => {}
        }
    }
    out
}
