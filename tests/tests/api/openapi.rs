//! The committed spec (`openapi/openapi.json`) is what the code generates: regenerate it with
//! `make openapi` when this fails.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde_json::Value;

#[test]
fn committed_spec_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    let generated = youai_api::openapi_json();
    if committed != generated {
        let diff: Vec<String> = committed
            .lines()
            .zip(generated.lines())
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .take(10)
            .map(|(i, (a, b))| format!("line {}:\n  committed: {a}\n  generated: {b}", i + 1))
            .collect();
        panic!(
            "openapi/openapi.json differs from the code ({} vs {} lines); run `make openapi` and commit it.\n{}",
            committed.lines().count(),
            generated.lines().count(),
            diff.join("\n")
        );
    }
}

#[test]
fn every_operation_is_documented() {
    let spec: Value = serde_json::from_str(&youai_api::openapi_json()).unwrap();
    let mut ops = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            ops += 1;
            let id = op["operationId"].as_str().unwrap_or_default();
            assert!(!id.is_empty(), "{method} {path} has an operationId");
            assert!(
                op["summary"].is_string() || op["description"].is_string(),
                "{id} is described"
            );
            let responses = op["responses"].as_object().unwrap();
            assert!(
                responses.keys().any(|s| s.starts_with('2')),
                "{id} documents success"
            );
            let secured = op.get("security").is_some();
            if secured {
                assert!(
                    responses.contains_key("401"),
                    "{id} is secured, so documents 401"
                );
            }
            if path.contains('{') {
                assert!(
                    responses.contains_key("400"),
                    "{id} has path parameters, so documents 400"
                );
            }
            if op.get("requestBody").is_some() {
                for status in ["400", "413", "415", "422"] {
                    assert!(
                        responses.contains_key(status),
                        "{id} takes a body, so documents {status}"
                    );
                }
            }
        }
    }
    assert!(ops >= 20, "{ops} operations");
}

/// Every `$ref` points at something in the document, and string enums list their wire names
/// (what the API sends), so generated SDKs agree with the server.
#[test]
fn references_resolve_and_enums_use_wire_names() {
    let spec: Value = serde_json::from_str(&youai_api::openapi_json()).unwrap();
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    match (k.as_str(), v) {
                        ("$ref", Value::String(r)) => out.push(r.clone()),
                        _ => refs(v, out),
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    refs(&spec, &mut all);
    assert!(all.len() > 100);
    for r in &all {
        let pointer = r.trim_start_matches('#');
        assert!(spec.pointer(pointer).is_some(), "unresolvable {r}");
    }
    let wire = |name: &str| -> Vec<String> {
        spec["components"]["schemas"][name]["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("{name} has no enum"))
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    let names = |all: Vec<&'static str>| all.into_iter().map(String::from).collect::<Vec<_>>();
    use youai_types::{CheckMethod, RewardKind, SignUpStatus, TeamKind};
    assert_eq!(
        wire("TeamKind"),
        names(TeamKind::ALL.iter().map(|k| k.as_str()).collect())
    );
    assert_eq!(
        wire("RewardKind"),
        names(RewardKind::ALL.iter().map(|k| k.as_str()).collect())
    );
    assert_eq!(
        wire("SignUpStatus"),
        names(SignUpStatus::ALL.iter().map(|k| k.as_str()).collect())
    );
    assert_eq!(
        wire("CheckMethod"),
        names(CheckMethod::ALL.iter().map(|k| k.as_str()).collect())
    );
    assert!(wire("CheckMethod").contains(&"self".to_string()));
}
