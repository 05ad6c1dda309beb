//! The hand-written client against the spec: every method and path the client sends must be
//! an operation of `openapi/openapi.json`, so a renamed or removed endpoint fails here and not
//! in a browser.

use std::path::Path;

/// One request the client's source makes: where, the verb, and the path as written.
#[derive(Debug)]
struct Call {
    site: String,
    method: &'static str,
    path: String,
}

/// The string literal starting at `text[0]` (a `"`), without its quotes.
fn literal(text: &str) -> Option<&str> {
    let rest = text.strip_prefix('"')?;
    rest.find('"').map(|end| &rest[..end])
}

/// Every `/…` string literal in `text`.
fn path_literals(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('"') {
        let Some(value) = literal(&rest[start..]) else {
            break;
        };
        if value.starts_with('/') {
            out.push(value.to_owned());
        }
        rest = &rest[start + value.len() + 2..];
    }
    out
}

/// The calls in one file: each `Verb::X, <path>` with the path a literal, a `format!` or a
/// variable bound by the nearest `let <name> =` above (all its `/…` literals: an `if` may
/// choose between two).
fn calls_in(file: &str, text: &str) -> Vec<Call> {
    let mut calls = Vec::new();
    for (at, _) in text.match_indices("Verb::") {
        let after = &text[at + "Verb::".len()..];
        let verb: String = after
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        let Some(arg) = after[verb.len()..].trim_start().strip_prefix(',') else {
            // The enum itself, or a `match` over it.
            continue;
        };
        let method = match verb.as_str() {
            "Get" => "get",
            "Post" | "Upload" => "post",
            "Patch" => "patch",
            "Put" => "put",
            "Delete" => "delete",
            other => panic!("{file}: unknown verb Verb::{other}"),
        };
        let line = text[..at].lines().count();
        let function = text[..at]
            .rfind("fn ")
            .map(|f| text[f + 3..].split('(').next().unwrap_or_default().trim())
            .unwrap_or("?");
        let site = format!("api/{file}:{line} ({function})");
        let arg = arg.trim_start().trim_start_matches('&');
        let paths = if let Some(value) = literal(arg) {
            vec![value.to_owned()]
        } else if let Some(inner) = arg.strip_prefix("format!(") {
            literal(inner.trim_start())
                .map(str::to_owned)
                .into_iter()
                .collect()
        } else {
            let name: String = arg
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let binding = format!("let {name} =");
            match text[..at].rfind(&binding) {
                Some(start) => path_literals(&text[start..at]),
                None => Vec::new(),
            }
        };
        assert!(
            !paths.is_empty(),
            "{site}: cannot read the path of this call"
        );
        calls.extend(paths.into_iter().map(|path| Call {
            site: site.clone(),
            method,
            path,
        }));
    }
    calls
}

/// The path's segments as the spec would template them: `{…}` for a value, the query left
/// out (`/areas{}` with a query string appended is `/areas`).
fn segments(path: &str) -> Vec<String> {
    let path = path.split('?').next().unwrap_or_default();
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| match s.find('{') {
            Some(0) => "{}".to_owned(),
            Some(i) => s[..i].to_owned(),
            None => s.to_owned(),
        })
        .collect()
}

/// Whether the client's path (`{}` for a value) is the spec's (`{id}` for a value).
fn matches(client: &[String], spec: &[String]) -> bool {
    client.len() == spec.len()
        && client.iter().zip(spec).all(|(c, s)| {
            if c == "{}" {
                s.starts_with('{') && s.ends_with('}')
            } else {
                c == s
            }
        })
}

#[test]
fn every_call_of_the_client_is_in_the_spec() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("../openapi/openapi.json"))
            .expect("openapi/openapi.json is readable"),
    )
    .expect("the spec is JSON");
    let operations: Vec<(String, Vec<String>)> = spec["paths"]
        .as_object()
        .expect("the spec has paths")
        .iter()
        .filter_map(|(path, item)| {
            let path = path.strip_prefix(super::BASE)?;
            let methods = item.as_object()?.keys().cloned();
            Some(methods.map(move |m| (m, path.to_owned())))
        })
        .flatten()
        .map(|(method, path)| {
            let segments = path
                .split('/')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            (method, segments)
        })
        .collect();

    let mut files: Vec<_> = std::fs::read_dir(root.join("src/api"))
        .expect("src/api is readable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs") && !p.ends_with("spec_check.rs"))
        .collect();
    files.sort();
    let mut calls = Vec::new();
    for file in files {
        let name = file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&file).expect("a client file is readable");
        calls.extend(calls_in(&name, &text));
    }
    // The client makes some fifty calls: finding few means the scan broke, not the client.
    assert!(
        calls.len() >= 45,
        "found only {} calls: {calls:#?}",
        calls.len()
    );

    let missing: Vec<String> = calls
        .iter()
        .filter(|call| {
            let path = segments(&call.path);
            !operations
                .iter()
                .any(|(method, spec)| method == call.method && matches(&path, spec))
        })
        .map(|call| {
            format!(
                "{}: {} {}",
                call.site,
                call.method.to_uppercase(),
                call.path
            )
        })
        .collect();
    assert!(
        missing.is_empty(),
        "the client calls what openapi/openapi.json does not have:\n{}",
        missing.join("\n")
    );
}

#[test]
fn paths_are_read_as_the_spec_templates_them() {
    let text = r#"
        fn a() { self.json(Verb::Get, &format!("/areas/{id}"), None) }
        fn b() { let path = format!("/areas{}", Query::new().opt("x", Some("y")).finish());
                 self.json(Verb::Post, &path, None) }
        fn c() { let path = if x { format!("/vouchers/{code}/redeem") } else { format!("/vouchers/{code}/cancel") };
                 self.json(Verb::Post, &path, body) }
        match verb { Verb::Get => get(), Verb::Post => post() }
    "#;
    let calls = calls_in("t.rs", text);
    let seen: Vec<(&str, Vec<String>)> = calls
        .iter()
        .map(|c| (c.method, segments(&c.path)))
        .collect();
    let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        seen,
        vec![
            ("get", s(&["areas", "{}"])),
            ("post", s(&["areas"])),
            ("post", s(&["vouchers", "{}", "redeem"])),
            ("post", s(&["vouchers", "{}", "cancel"])),
        ]
    );
    assert!(calls[0].site.contains("(a)"));
    assert!(matches(&s(&["areas", "{}"]), &s(&["areas", "{id}"])));
    assert!(!matches(&s(&["areas", "{}"]), &s(&["areas", "tree"])));
    assert!(!matches(
        &s(&["areas", "{}", "tree"]),
        &s(&["areas", "{id}"])
    ));
}
