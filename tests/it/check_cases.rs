//! Broken policies, one per file in `tests/cases/check/`, each compiled and its diagnostics
//! rendered as plain text into `tests/snapshots/check/`.
//!
//! Every fixture must fail to compile: a fixture that compiles tests nothing. Syntax errors and
//! checker errors share this folder because a policy officer meets them the same way, from
//! `jiangbu check`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use jiangbu::diag::render_plain;
use jiangbu::PolicyErrors;

/// The fixture's path relative to the crate root, with `/` separators, so snapshots do not
/// depend on where the repository is checked out.
fn relative(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let rel = path.strip_prefix(&root).unwrap_or(&path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Compile a fixture and render every error, or `None` when it compiles.
fn diagnostics(path: &Path) -> Option<String> {
    let source = std::fs::read_to_string(path).unwrap();
    let name = relative(path);
    match jiangbu::compile(&source) {
        Ok(_) => None,
        Err(PolicyErrors::Syntax(errors)) => Some(render_plain(errors, &name, &source)),
        Err(PolicyErrors::Check(errors)) => Some(render_plain(errors, &name, &source)),
    }
}

fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("../snapshots/check");
    settings
}

#[test]
fn check_diagnostics() {
    settings().bind(|| {
        // The base is relative to this file; insta rejects `..` inside the pattern itself.
        insta::glob!("../cases/check", "*.policy", |path| {
            let rendered = diagnostics(path).unwrap_or_else(|| {
                panic!("{} compiles, but a check fixture must fail", relative(path))
            });
            insta::assert_snapshot!(rendered);
        });
    });
}

/// Every `.policy` fixture in `tests/cases/check/`.
fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/check");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "policy"))
        .collect();
    out.sort();
    out
}

#[test]
fn every_check_fixture_fails_to_compile() {
    let fixtures = fixtures();
    assert!(!fixtures.is_empty(), "no fixtures in tests/cases/check");
    let compiling: Vec<String> = fixtures
        .iter()
        .filter(|p| diagnostics(p).is_none())
        .map(|p| relative(p))
        .collect();
    assert!(
        compiling.is_empty(),
        "these fixtures compile, but must fail: {compiling:?}"
    );
}

#[test]
fn every_check_fixture_says_what_it_checks() {
    for path in fixtures() {
        let source = std::fs::read_to_string(&path).unwrap();
        assert!(
            source.starts_with('#'),
            "{} must start with a `#` comment saying what it checks",
            relative(&path)
        );
    }
}

/// The `code(jiangbu::…)` strings of one Rust source file.
fn codes_in(source: &str) -> Vec<String> {
    const START: &str = "code(jiangbu::";
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find(START) {
        let after = &rest[at + "code(".len()..];
        let end = after.find(')').unwrap_or(after.len());
        out.push(after[..end].trim().to_string());
        rest = &after[end..];
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn error_codes_are_unique() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/diag"),
        &mut files,
    );
    files.sort();
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut duplicates = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap();
        for code in codes_in(&source) {
            if let Some((_, first)) = seen.iter().find(|(c, _)| *c == code) {
                duplicates.push(format!("`{code}` in {} and {first}", relative(file)));
            } else {
                seen.push((code, relative(file)));
            }
        }
    }
    assert!(
        seen.len() >= 10,
        "found only {} codes: {seen:?}",
        seen.len()
    );
    assert!(
        duplicates.is_empty(),
        "duplicate error codes: {duplicates:?}"
    );
}
