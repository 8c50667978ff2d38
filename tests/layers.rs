//! Architecture rules from DESIGN.md, checked on the source text:
//! the pure core names no I/O, no clock and no UI crate, and layers only
//! depend downwards.

use std::fs;
use std::path::{Path, PathBuf};

/// Modules that must stay pure (no I/O, no clock, no global state).
const PURE: &[&str] = &["domain", "deadlines", "intake", "templates"];

/// Names that mean I/O, a system clock or a UI/network crate.
const IMPURE: &[&str] = &[
    "rusqlite",
    "lettre",
    "ratatui",
    "crossterm",
    "std::fs",
    "std::net",
    "std::env",
    "std::process",
    "std::io::stdin",
    "std::thread",
    "std::time::SystemTime",
    "SystemTime",
    "Instant::now",
    "Utc::now",
    "Local::now",
    "chrono::Local",
    "static mut",
    "thread_local!",
    "getrandom",
    "directories",
];

/// For each layer, the crate modules it must not use (they sit above it or beside it).
const FORBIDDEN_DEPS: &[(&str, &[&str])] = &[
    ("domain", &["store", "service", "cli", "tui", "config", "mail", "clock"]),
    ("deadlines", &["store", "service", "cli", "tui", "config", "mail", "clock"]),
    ("intake", &["store", "service", "cli", "tui", "config", "mail", "clock"]),
    ("templates", &["store", "service", "cli", "tui", "config", "mail", "clock"]),
    ("store", &["service", "cli", "tui", "config", "mail"]),
    ("config", &["service", "cli", "tui", "store", "mail"]),
    ("mail", &["service", "cli", "tui", "store", "config"]),
    ("service", &["cli", "tui"]),
    // Secrets and the commands that print them: a leaf every layer may use.
    (
        "secret",
        &["domain", "deadlines", "intake", "templates", "store", "config", "mail", "service", "cli", "tui", "clock"],
    ),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every .rs file of a module (`src/<name>.rs` or `src/<name>/**`).
fn module_files(name: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let single = src().join(format!("{name}.rs"));
    if single.is_file() {
        files.push(single);
    }
    let mut dirs = vec![src().join(name)];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                files.push(p);
            }
        }
    }
    files
}

/// Source without `//` comments, so a comment may explain what the code avoids.
fn code_of(text: &str) -> String {
    text.lines().map(|l| l.split_once("//").map_or(l, |(code, _)| code)).collect::<Vec<_>>().join("\n")
}

/// The forbidden names found in `code`, as "name" strings.
fn impure_names(code: &str) -> Vec<&'static str> {
    IMPURE.iter().copied().filter(|n| code.contains(n)).collect()
}

fn uses_module(code: &str, module: &str) -> bool {
    if code.contains(&format!("crate::{module}::")) || code.contains(&format!("crate::{module};")) {
        return true;
    }
    // `use crate::{a::X, module::Y}`: look at the path segments inside each group.
    code.match_indices("crate::{").any(|(at, _)| {
        let group = &code[at + "crate::".len()..];
        let mut depth = 0;
        let end = group
            .char_indices()
            .find(|&(_, c)| {
                depth += match c {
                    '{' => 1,
                    '}' => -1,
                    _ => 0,
                };
                depth == 0
            })
            .map_or(group.len(), |(i, _)| i);
        group[..end]
            .split(|c: char| c == '{' || c == ',' || c.is_whitespace())
            .any(|token| token == module || token.starts_with(&format!("{module}::")))
    })
}

#[test]
fn pure_modules_name_no_io_clock_or_ui() {
    let mut violations = Vec::new();
    for module in PURE {
        for file in module_files(module) {
            let code = code_of(&fs::read_to_string(&file).unwrap_or_default());
            for name in impure_names(&code) {
                violations.push(format!("{} names {name}", file.display()));
            }
        }
    }
    assert!(violations.is_empty(), "pure modules must stay pure:\n{}", violations.join("\n"));
}

#[test]
fn the_domain_module_exists_and_is_scanned() {
    // Guards against the scan silently passing because it found no files.
    assert!(module_files("domain").len() >= 5);
}

#[test]
fn layers_depend_only_downwards() {
    let mut violations = Vec::new();
    for (layer, forbidden) in FORBIDDEN_DEPS {
        for file in module_files(layer) {
            let code = code_of(&fs::read_to_string(&file).unwrap_or_default());
            for dep in forbidden.iter().filter(|d| uses_module(&code, d)) {
                violations.push(format!("{} ({layer}) uses crate::{dep}", file.display()));
            }
        }
    }
    assert!(violations.is_empty(), "layering violated:\n{}", violations.join("\n"));
}

#[test]
fn the_scanners_catch_what_they_look_for() {
    assert_eq!(impure_names("let now = chrono::Utc::now();"), vec!["Utc::now"]);
    assert_eq!(impure_names("use std::fs::File;"), vec!["std::fs"]);
    assert!(impure_names(&code_of("let x = 1; // not std::fs here")).is_empty());
    assert!(uses_module("use crate::store::Store;", "store"));
    assert!(uses_module("use crate::{domain::Case, store::Tx};", "store"));
    assert!(!uses_module("use crate::domain::Case;", "store"));
}
