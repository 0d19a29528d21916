//! Every command shown in README.md and docs/*.md runs, and every shipped policy checks.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The documents whose `sh` blocks are run.
fn documents() -> Vec<PathBuf> {
    let mut docs = vec![root().join("README.md")];
    if let Ok(entries) = std::fs::read_dir(root().join("docs")) {
        let mut more: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        more.sort();
        docs.extend(more);
    }
    docs
}

/// The jiangbu command lines (arguments only) of a document's `sh` blocks.
fn commands(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut in_sh = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            in_sh = !in_sh && trimmed == "```sh";
            continue;
        }
        if !in_sh {
            continue;
        }
        let args = trimmed
            .strip_prefix("cargo run --release -- ")
            .or_else(|| trimmed.strip_prefix("jiangbu "));
        if let Some(args) = args {
            out.push(args.split_whitespace().map(String::from).collect());
        }
    }
    out
}

#[test]
fn every_documented_command_runs() {
    let scratch = std::env::temp_dir().join(format!("jiangbu-docs-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap_or_default();
    let mut ran = 0;
    for doc in documents() {
        let text = std::fs::read_to_string(&doc).unwrap_or_default();
        for mut args in commands(&text) {
            // `serve` runs until stopped: it must start and print its URL on 127.0.0.1.
            if args.first().is_some_and(|a| a == "serve") {
                serves(&doc, &args);
                ran += 1;
                continue;
            }
            // Write `-o FILE` outputs into a scratch directory, not the repository.
            let mut output = None;
            if let Some(i) = args.iter().position(|a| a == "-o") {
                if let Some(file) = args.get_mut(i + 1) {
                    let path = scratch.join(file.as_str());
                    *file = path.display().to_string();
                    output = Some(path);
                }
            }
            let result = Command::new(env!("CARGO_BIN_EXE_jiangbu"))
                .args(&args)
                .current_dir(root())
                .env("NO_COLOR", "1")
                .output();
            let Ok(result) = result else {
                panic!(
                    "{}: `jiangbu {}` did not start",
                    doc.display(),
                    args.join(" ")
                );
            };
            // 0 = success; 3 = finished, with the example data's deliberate malformed cells.
            let code = result.status.code();
            assert!(
                matches!(code, Some(0 | 3)),
                "{}: `jiangbu {}` exited with {code:?}\n{}",
                doc.display(),
                args.join(" "),
                String::from_utf8_lossy(&result.stderr)
            );
            match output {
                Some(path) => assert!(
                    std::fs::metadata(&path).is_ok_and(|m| m.len() > 0),
                    "{}: `jiangbu {}` wrote nothing",
                    doc.display(),
                    args.join(" ")
                ),
                // `fmt --check` says nothing when the files are formatted.
                None if args.iter().any(|a| a == "--check") => {}
                None => assert!(
                    !result.stdout.is_empty(),
                    "`jiangbu {}` printed nothing",
                    args.join(" ")
                ),
            }
            ran += 1;
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    // README shows the set-up command and four more; docs/output.md one.
    assert!(ran >= 6, "only {ran} documented commands found");
}

/// Start a documented `jiangbu serve …` on a free port: it prints its URL, on 127.0.0.1; then
/// stop it.
fn serves(doc: &Path, args: &[String]) {
    use std::io::BufRead as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_jiangbu"))
        .args(args)
        .args(["--port", "0"])
        .current_dir(root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    if let Some(out) = child.stdout.take() {
        let _ = std::io::BufReader::new(out).read_line(&mut line);
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        line.contains("http://127.0.0.1:"),
        "{}: `jiangbu {}` printed {line:?}",
        doc.display(),
        args.join(" ")
    );
}

#[test]
fn every_shipped_policy_checks() {
    let mut checked = 0;
    let dirs = [root().join("policies"), root().join("policies/examples")];
    for entry in dirs.iter().flat_map(std::fs::read_dir).flatten().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "policy") {
            let source = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                jiangbu::compile(&source).is_ok(),
                "{} does not compile",
                path.display()
            );
            checked += 1;
        }
    }
    // The notice in two languages, the pro rata and the ranked examples.
    assert!(checked >= 4, "only {checked} shipped policies checked");
}
