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

/// A documented command: its arguments and the file it reads on standard input, if any.
struct Documented {
    args: Vec<String>,
    stdin: Option<String>,
}

/// The jiangbu command lines of a document's `sh` blocks: `jiangbu ARGS`, with standard input
/// from a file as `cat FILE | jiangbu ARGS` or `jiangbu ARGS < FILE`.
fn commands(text: &str) -> Vec<Documented> {
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
        let (mut stdin, mut line) = (None, trimmed);
        if let Some((cat, rest)) = trimmed.split_once(" | ") {
            if let Some(file) = cat.strip_prefix("cat ") {
                stdin = Some(file.trim().to_string());
                line = rest.trim();
            }
        }
        if let Some((command, file)) = line.split_once(" < ") {
            stdin = Some(file.trim().to_string());
            line = command.trim();
        }
        let args = line
            .strip_prefix("cargo run --release -- ")
            .or_else(|| line.strip_prefix("jiangbu "));
        if let Some(args) = args {
            let args = args.split_whitespace().map(String::from).collect();
            out.push(Documented { args, stdin });
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
        for Documented { mut args, stdin } in commands(&text) {
            // `serve` runs until stopped: it must start and print its URL on 127.0.0.1.
            if args.first().is_some_and(|a| a == "serve") {
                serves(&doc, &args);
                ran += 1;
                continue;
            }
            // Write `-o FILE` outputs into a scratch directory, not the repository (`-o -` is
            // standard output).
            let mut output = None;
            if let Some(i) = args.iter().position(|a| a == "-o") {
                if let Some(file) = args.get_mut(i + 1).filter(|f| f.as_str() != "-") {
                    let path = scratch.join(file.as_str());
                    *file = path.display().to_string();
                    output = Some(path);
                }
            }
            let result = run_documented(&args, stdin.as_deref());
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

/// Run `jiangbu ARGS` in the repository, with `stdin` (a file of the repository) on standard
/// input when given.
fn run_documented(args: &[String], stdin: Option<&str>) -> std::io::Result<std::process::Output> {
    use std::io::Write as _;
    use std::process::Stdio;
    let mut command = Command::new(env!("CARGO_BIN_EXE_jiangbu"));
    command.args(args).current_dir(root()).env("NO_COLOR", "1");
    let Some(file) = stdin else {
        return command.output();
    };
    let input = std::fs::read(root().join(file))?;
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    if let Some(mut pipe) = child.stdin.take() {
        pipe.write_all(&input)?;
    }
    child.wait_with_output()
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

/// The README's conventions are among the commands run: records piped on standard input, and
/// `-o -` left as standard output (issue 14).
#[test]
fn the_readme_pipes_records_and_writes_jsonl_to_standard_output() {
    let text = std::fs::read_to_string(root().join("README.md")).unwrap();
    let documented = commands(&text);
    let piped = documented.iter().find(|d| {
        d.stdin.as_deref() == Some("examples/enterprises.csv")
            && d.args == ["eval", "policies/changchun-2021-7.policy", "-"]
    });
    assert!(
        piped.is_some(),
        "no `cat examples/enterprises.csv | jiangbu eval … -`"
    );
    let dash = documented
        .iter()
        .find(|d| d.args.windows(2).any(|w| w == ["-o", "-"]))
        .expect("no `-o -` in README.md");
    let out = run_documented(&dash.args, None).unwrap();
    // 101 enterprises in the example data, one jsonl line each, on standard output.
    let lines = String::from_utf8(out.stdout).unwrap();
    assert_eq!(lines.lines().count(), 101, "{}", dash.args.join(" "));
    assert!(lines
        .lines()
        .all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()));
    let out = run_documented(&piped.unwrap().args, piped.unwrap().stdin.as_deref()).unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("按条款汇总"), "{table}");
}
