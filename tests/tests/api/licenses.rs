//! Dependency hygiene: every package in the lock file has a licence expression that the
//! committed allow-list (`licenses.allow`) satisfies, and none is missing one. Runs offline
//! from `cargo metadata`, so it needs no tool or network beyond cargo itself.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// Is the SPDX expression satisfied by the allowed identifiers? `AND` binds tighter than
/// `OR`; parentheses group; the old `/` separator means `OR`.
fn satisfied(expr: &str, allowed: &[String]) -> bool {
    let normal = expr.replace(" / ", " OR ").replace('/', " OR ");
    let tokens: Vec<String> = normal
        .replace('(', " ( ")
        .replace(')', " ) ")
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let mut pos = 0;
    parse_or(&tokens, &mut pos, allowed)
}

fn parse_or(t: &[String], pos: &mut usize, allowed: &[String]) -> bool {
    let mut ok = parse_and(t, pos, allowed);
    while t.get(*pos).map(String::as_str) == Some("OR") {
        *pos += 1;
        ok |= parse_and(t, pos, allowed);
    }
    ok
}

fn parse_and(t: &[String], pos: &mut usize, allowed: &[String]) -> bool {
    let mut ok = parse_atom(t, pos, allowed);
    while t.get(*pos).map(String::as_str) == Some("AND") {
        *pos += 1;
        ok &= parse_atom(t, pos, allowed);
    }
    ok
}

fn parse_atom(t: &[String], pos: &mut usize, allowed: &[String]) -> bool {
    match t.get(*pos).map(String::as_str) {
        Some("(") => {
            *pos += 1;
            let ok = parse_or(t, pos, allowed);
            *pos += 1; // ")"
            ok
        }
        Some(id) => {
            let mut id = id.to_owned();
            *pos += 1;
            if t.get(*pos).map(String::as_str) == Some("WITH") {
                id = format!("{id} WITH {}", t[*pos + 1]);
                *pos += 2;
            }
            allowed.contains(&id)
        }
        None => false,
    }
}

#[test]
fn the_expression_reader_follows_spdx() {
    let allowed = vec!["MIT".to_string(), "Apache-2.0".to_string()];
    assert!(satisfied("MIT OR Apache-2.0", &allowed));
    assert!(satisfied("MIT/Apache-2.0", &allowed));
    assert!(satisfied("GPL-3.0 OR MIT", &allowed));
    assert!(!satisfied("GPL-3.0", &allowed));
    assert!(!satisfied("MIT AND GPL-3.0", &allowed));
    assert!(satisfied("(MIT OR GPL-3.0) AND Apache-2.0", &allowed));
    assert!(!satisfied("Apache-2.0 WITH LLVM-exception", &allowed));
}

#[test]
fn every_dependency_has_an_allowed_licence() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let allowed: Vec<String> = std::fs::read_to_string(root.join("licenses.allow"))
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--offline"])
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n(`make test` runs `cargo fetch` first: every package of the lock file, for every \
         platform, must be in the local registry for an offline `cargo metadata`)",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: Value = serde_json::from_slice(&out.stdout).unwrap();
    let packages = meta["packages"].as_array().unwrap();
    assert!(packages.len() > 100);
    let refused: Vec<String> = packages
        .iter()
        .filter(|p| {
            !p["license"]
                .as_str()
                .is_some_and(|l| satisfied(l, &allowed))
        })
        .map(|p| format!("{} {}: {}", p["name"], p["version"], p["license"]))
        .collect();
    assert!(refused.is_empty(), "licences not allowed: {refused:#?}");
}
