//! Broken policies, one per file in `tests/cases/check/`, and policies with warnings, one per file
//! in `tests/cases/lint/`, each rendered as plain text in Chinese and in English into
//! `tests/snapshots/check/`.
//!
//! Every check fixture must fail — to compile, or at the `--set NAME=VALUE` its header names
//! (`# --set …`) — and every lint fixture must compile (a fixture that does neither tests
//! nothing). Syntax errors and checker errors share a folder because a policy officer meets them
//! the same way, from `jiangbu check`. Every code of the syntax, check and lint diagnostics has a
//! fixture; every code used in `src/` is unique and documented in docs/errors.md.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use jiangbu::diag::render_plain_in;
use jiangbu::syntax::keywords::Lang;

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

/// The `NAME=VALUE` of a `# --set NAME=VALUE` header line.
fn set_in_header(source: &str) -> Option<(String, String)> {
    source
        .lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.strip_prefix("# --set "))
        .and_then(|arg| arg.split_once('='))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
}

/// What `jiangbu check` (and `--set`) reports about a fixture in `lang`: errors, or warnings
/// when it compiles; `None` when there is nothing to report.
fn diagnostics(path: &Path, lang: Lang) -> Option<String> {
    let source = std::fs::read_to_string(path).unwrap();
    let name = relative(path);
    let policy = match jiangbu::parse(&source) {
        Ok(p) => p,
        Err(errors) => return Some(render_plain_in(errors, lang, &name, &source)),
    };
    let (mut plan, warnings) = match jiangbu::check::check_with_warnings(&policy, &source) {
        Ok(ok) => ok,
        Err(errors) => return Some(render_plain_in(errors, lang, &name, &source)),
    };
    if let Some((param, value)) = set_in_header(&source) {
        if let Err(e) = jiangbu::check::set_param(&mut plan, &param, &value) {
            return Some(render_plain_in(vec![e], lang, &name, &source));
        }
    }
    (!warnings.is_empty()).then(|| render_plain_in(warnings, lang, &name, &source))
}

/// Whether the fixture has errors (as opposed to warnings only, or nothing).
fn fails(path: &Path) -> bool {
    let source = std::fs::read_to_string(path).unwrap();
    let Ok(policy) = jiangbu::parse(&source) else {
        return true;
    };
    let Ok(mut plan) = jiangbu::check(&policy, &source) else {
        return true;
    };
    set_in_header(&source)
        .is_some_and(|(p, v)| jiangbu::check::set_param(&mut plan, &p, &v).is_err())
}

fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("../snapshots/check");
    settings
}

fn rendered(path: &Path, lang: Lang) -> String {
    diagnostics(path, lang)
        .unwrap_or_else(|| panic!("{} reports nothing, but a fixture must", relative(path)))
}

#[test]
fn check_diagnostics_zh() {
    settings().bind(|| {
        // The base is relative to this file; insta rejects `..` inside the pattern itself.
        insta::glob!("../cases/check", "*.policy", |path| {
            insta::assert_snapshot!(rendered(path, Lang::Zh));
        });
    });
}

#[test]
fn check_diagnostics_en() {
    settings().bind(|| {
        insta::glob!("../cases/check", "*.policy", |path| {
            insta::assert_snapshot!(rendered(path, Lang::En));
        });
    });
}

#[test]
fn lint_warnings_zh() {
    settings().bind(|| {
        insta::glob!("../cases/lint", "*.policy", |path| {
            insta::assert_snapshot!(
                diagnostics(path, Lang::Zh).unwrap_or_else(|| "(no warnings)".into())
            );
        });
    });
}

#[test]
fn lint_warnings_en() {
    settings().bind(|| {
        insta::glob!("../cases/lint", "*.policy", |path| {
            insta::assert_snapshot!(
                diagnostics(path, Lang::En).unwrap_or_else(|| "(no warnings)".into())
            );
        });
    });
}

/// Renaming any one field where the record block declares it, in either shipped policy, reports
/// each use of the old name as unknown and nothing else: no example is told, in follow-on, that a
/// clause "grants several benefits" with an empty list to choose from (issue 14's bare
/// `指明其中一项：`), or that it lacks a benefit that only failed to check.
#[test]
fn renaming_a_field_of_a_shipped_policy_reports_only_its_uses() {
    use jiangbu::diag::Localize;
    for file in [
        "policies/changchun-2021-7.policy",
        "policies/changchun-2021-7.en.policy",
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        let source = std::fs::read_to_string(&path).unwrap();
        let policy = jiangbu::parse(&source).unwrap();
        for field in &policy.fields {
            let (start, end) = (field.name.span.start as usize, field.name.span.end as usize);
            let old = &field.name.node;
            let renamed = format!("{}{old}X{}", &source[..start], &source[end..]);
            let parsed = jiangbu::parse(&renamed).unwrap();
            let Err(errors) = jiangbu::check(&parsed, &renamed) else {
                // A field no clause, definition or example names (the area) breaks nothing.
                continue;
            };
            for error in &errors {
                let texts = error.texts();
                assert_eq!(
                    texts.code, "jiangbu::check::unknown_name",
                    "{file}, `{old}` renamed: {}",
                    texts.message.en
                );
                assert_eq!(
                    texts.message.en,
                    format!("unknown name `{old}`"),
                    "{file}, `{old}` renamed"
                );
                for help in [&texts.help.en, &texts.help.zh] {
                    assert!(
                        !help.trim_end().ends_with(':') && !help.ends_with('：'),
                        "{file}, `{old}` renamed: a help ends with an empty list: {help}"
                    );
                }
            }
        }
    }
}

/// Every `.policy` fixture in `tests/cases/<dir>/`.
fn fixtures(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases")
        .join(dir);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "policy"))
        .collect();
    out.sort();
    out
}

#[test]
fn every_check_fixture_fails() {
    let fixtures = fixtures("check");
    assert!(!fixtures.is_empty(), "no fixtures in tests/cases/check");
    let passing: Vec<String> = fixtures
        .iter()
        .filter(|p| !fails(p))
        .map(|p| relative(p))
        .collect();
    assert!(
        passing.is_empty(),
        "these fixtures compile (and pass their --set), but must fail: {passing:?}"
    );
}

#[test]
fn every_lint_fixture_compiles() {
    let fixtures = fixtures("lint");
    assert!(!fixtures.is_empty(), "no fixtures in tests/cases/lint");
    let failing: Vec<String> = fixtures
        .iter()
        .filter(|p| fails(p))
        .map(|p| relative(p))
        .collect();
    assert!(
        failing.is_empty(),
        "these lint fixtures have errors, but must compile: {failing:?}"
    );
}

#[test]
fn every_fixture_says_what_it_checks() {
    for path in fixtures("check").into_iter().chain(fixtures("lint")) {
        let source = std::fs::read_to_string(&path).unwrap();
        assert!(
            source.starts_with('#'),
            "{} must start with a `#` comment saying what it checks",
            relative(&path)
        );
    }
}

/// Every message, label and help line exists in both languages: the Chinese rendering of a
/// fixture differs from the English one, and says `help`.
#[test]
fn every_diagnostic_has_help_in_both_languages() {
    for path in fixtures("check").into_iter().chain(fixtures("lint")) {
        let Some(en) = diagnostics(&path, Lang::En) else {
            continue;
        };
        let zh = diagnostics(&path, Lang::Zh).unwrap();
        assert_ne!(en, zh, "{}: the same in both languages", relative(&path));
        let reports = |s: &str| s.matches("jiangbu::").count();
        let helps = |s: &str| s.matches("help: ").count();
        assert_eq!(
            helps(&en),
            reports(&en),
            "{}: a report without help",
            relative(&path)
        );
        assert_eq!(
            helps(&zh),
            reports(&zh),
            "{}: a report without help",
            relative(&path)
        );
    }
}

/// The codes in one Rust source file: `code(jiangbu::a::b)` (miette's derive) and
/// `"jiangbu::a::b"` (a [`jiangbu::diag::Localize`] implementation); comments are skipped.
fn codes_in(source: &str) -> Vec<String> {
    let code: String = source
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Vec::new();
    for start in ["code(jiangbu::", "\"jiangbu::"] {
        let mut rest = code.as_str();
        while let Some(at) = rest.find(start) {
            let after = &rest[at + start.len() - "jiangbu::".len()..];
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(after.len());
            let code = &after[..end];
            // A module path in a doc or a `use` has one `::`; a code has two.
            if code.matches("::").count() == 2 && !code.ends_with(':') {
                out.push(code.to_string());
            }
            rest = &after[end..];
        }
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

/// Every code used in `src/`, with the file it is in.
fn codes_in_src() -> Vec<(String, String)> {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    files.sort();
    let mut out = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap();
        out.extend(codes_in(&source).into_iter().map(|c| (c, relative(file))));
    }
    out
}

/// The codes docs/errors.md documents: its `` ## `jiangbu::…` `` headings.
fn documented_codes() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/errors.md");
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .filter_map(|l| l.strip_prefix("### `"))
        .filter_map(|l| l.strip_suffix('`'))
        .map(str::to_string)
        .collect()
}

#[test]
fn error_codes_are_unique() {
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut duplicates = Vec::new();
    for (code, file) in codes_in_src() {
        if let Some((_, first)) = seen.iter().find(|(c, _)| *c == code) {
            duplicates.push(format!("`{code}` in {file} and {first}"));
        } else {
            seen.push((code, file));
        }
    }
    assert!(
        seen.len() >= 20,
        "found only {} codes: {seen:?}",
        seen.len()
    );
    assert!(
        duplicates.is_empty(),
        "duplicate error codes: {duplicates:?}"
    );
    let documented = documented_codes();
    let mut twice = documented.clone();
    twice.sort();
    twice.dedup();
    assert_eq!(
        twice.len(),
        documented.len(),
        "a code documented twice in docs/errors.md"
    );
}

#[test]
fn every_code_is_documented_and_every_documented_code_is_used() {
    let used: Vec<String> = codes_in_src().into_iter().map(|(c, _)| c).collect();
    let documented = documented_codes();
    let missing: Vec<&String> = used.iter().filter(|c| !documented.contains(c)).collect();
    let unused: Vec<&String> = documented.iter().filter(|c| !used.contains(c)).collect();
    assert!(
        missing.is_empty(),
        "used in src/ but not in docs/errors.md: {missing:?}"
    );
    assert!(
        unused.is_empty(),
        "in docs/errors.md but used nowhere in src/: {unused:?}"
    );
}

/// docs/errors.md gives each variant's `## Resolution` paragraph (from its `///` docs in
/// `src/diag/`) under its code.
#[test]
fn documented_resolutions_match_the_source() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs = std::fs::read_to_string(root.join("docs/errors.md")).unwrap();
    let mut checked = 0;
    for file in ["syntax.rs", "check.rs", "lint.rs"] {
        let source = std::fs::read_to_string(root.join("src/diag").join(file)).unwrap();
        for (variant, resolution) in resolutions(&source) {
            let code = code_of(&source, &variant)
                .unwrap_or_else(|| panic!("no code for {variant} in src/diag/{file}"));
            let section = docs
                .split("\n### `")
                .find(|s| s.starts_with(&format!("{code}`")))
                .unwrap_or_else(|| panic!("`{code}` has no section in docs/errors.md"));
            let section = section.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                section.contains(&resolution),
                "docs/errors.md `{code}` must say its resolution: {resolution}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} resolutions found");
}

/// `(variant, resolution)` for each variant documented with `/// ## Resolution`.
fn resolutions(source: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let lines: Vec<&str> = source.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() == "/// ## Resolution" {
            let mut text = Vec::new();
            i += 1;
            while let Some(doc) = lines.get(i).and_then(|l| l.trim().strip_prefix("///")) {
                text.push(doc.trim());
                i += 1;
            }
            let variant = lines
                .get(i)
                .map(|l| l.trim().trim_end_matches(['{', ',', ' ']).to_string())
                .unwrap_or_default();
            out.push((variant, text.join(" ")));
        }
        i += 1;
    }
    out
}

/// The code a `Localize` match arm gives `variant`: the first `code: "…"` after `::Variant {`.
fn code_of(source: &str, variant: &str) -> Option<String> {
    let at = source.find(&format!("::{variant} {{"))?;
    let rest = &source[at..];
    let code = rest.split("code: \"").nth(1)?;
    Some(code.split('"').next()?.to_string())
}

#[test]
fn every_diagnostic_code_has_a_fixture() {
    let mut rendered = String::new();
    for path in fixtures("check").into_iter().chain(fixtures("lint")) {
        rendered.push_str(&diagnostics(&path, Lang::En).unwrap_or_default());
    }
    let missing: Vec<String> = codes_in_src()
        .into_iter()
        .map(|(c, _)| c)
        .filter(|c| {
            ["jiangbu::syntax::", "jiangbu::check::", "jiangbu::lint::"]
                .iter()
                .any(|stage| c.starts_with(stage))
        })
        .filter(|c| !rendered.contains(&format!("{c}\n")))
        // A guard no policy text reaches (the grammar and the reader agree); documented as such.
        .filter(|c| c != "jiangbu::syntax::malformed")
        .collect();
    assert!(missing.is_empty(), "codes without a fixture: {missing:?}");
}
