//! One language per run (issue 14): every command and format, run on the shipped Chinese policy
//! and on its English twin, speaks the policy's language only. What may appear in the other
//! script is data, not words of ours: the names, quoted texts and literal amounts of the policy,
//! the cells of the records, paths, and (in an English run) the units and yes/no spellings that a
//! cell may be written with (`5000万`, `是/否`). Everything else of the other language fails.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use calamine::{open_workbook_auto, Data, Reader};
use jiangbu::syntax::keywords::is_keyword;
use serde_json::Value;

const ZH: &str = "policies/changchun-2021-7.policy";
const EN: &str = "policies/changchun-2021-7.en.policy";
const RECORDS: &str = "examples/enterprises.csv";
/// A record with a malformed yes/no cell (`maybe`): an error, a provisional award, an
/// undetermined clause.
const MALFORMED: &str = "91220171MAJMKCL0TX";
/// A saved result without areas or funds, so a diff against it carries both notes.
const SAVED: &str = "tests/cases/diff/growth8-no-area.jsonl";
/// The records `SAVED` was evaluated on.
const CLEAN: &str = "tests/cases/diff/clean.csv";

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// `jiangbu ARGS` with `LANG=C`, so the policy chooses the language: (stdout, stderr).
fn run(args: &[&str]) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_jiangbu"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .env("LANG", "C")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (text(out.stdout), text(out.stderr))
}

/// `jiangbu ARGS` with `LANG=C`: (exit status, stderr).
fn run_status(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_jiangbu"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .env("LANG", "C")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

/// The folder the tests write to.
fn scratch() -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("languages");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// The data of a run: every quoted text and every name-like token of the policy (keywords
/// excluded, comments skipped), every cell of the records, and the paths given.
fn data(policy: &str) -> Vec<String> {
    let source = read(policy);
    let mut out: BTreeSet<String> = BTreeSet::new();
    for line in source.lines() {
        let line = line.split('#').next().unwrap_or("");
        // Quoted texts, whole.
        for (open, close) in [('"', '"'), ('“', '”'), ('「', '」')] {
            let mut rest = line;
            while let Some(at) = rest.find(open) {
                let after = &rest[at + open.len_utf8()..];
                let Some(end) = after.find(close) else { break };
                out.insert(after[..end].to_string());
                rest = &after[end + close.len_utf8()..];
            }
        }
        let tokens = line.split(|c: char| {
            c.is_whitespace() || "{}()=,，:：×、\"“”「」；;+-*/<>≥≤≠！".contains(c)
        });
        for token in tokens {
            if token.chars().any(is_han) && !is_keyword(token) {
                out.insert(token.to_string());
            }
        }
    }
    for line in read(RECORDS).lines() {
        for cell in line.split(',') {
            out.insert(cell.trim_matches('"').to_string());
        }
    }
    out.extend([policy, RECORDS, SAVED, CLEAN].map(str::to_string));
    // The files a run writes or reads in the scratch folder.
    let stem = Path::new(policy).file_stem().unwrap().to_string_lossy();
    let name = Path::new(policy).file_name().unwrap().to_string_lossy();
    for file in [format!("{stem}.xlsx"), name.into_owned()] {
        out.insert(scratch().join(file).display().to_string());
    }
    let mut out: Vec<String> = out.into_iter().filter(|s| !s.is_empty()).collect();
    // Longest first, so a name is removed before a shorter one inside it.
    out.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    out
}

/// `text` with every piece of data removed.
fn without_data(text: &str, data: &[String]) -> String {
    let mut text = text.to_string();
    for d in data {
        text = text.replace(d.as_str(), " ");
    }
    text
}

/// The lines of `text` (data removed) that hold words of the other language than `zh` says.
fn foreign(text: &str, data: &[String], zh: bool) -> Vec<String> {
    let text = without_data(text, data);
    let mut bad = Vec::new();
    for line in text.lines() {
        let found = if zh {
            // English words: a run of three or more ASCII letters not on the list of what a
            // Chinese run may show (cell spellings, formats, a flag, the program's name, and the
            // `help` label miette writes before a diagnostic's help), outside paths and
            // diagnostic codes (`jiangbu::data::errors`) and flags (`--delimiter`), which are
            // keys, like the formats and the `tab` a flag takes.
            const ALLOWED: [&str; 15] = [
                "yes", "no", "true", "false", "UTF", "Excel", "WPS", "jsonl", "csv", "jiangbu",
                "set", "help", "xlsx", "json", "tab",
            ];
            // Code in backticks (a command, a flag, a contract's key or status) is a key too.
            let line: String = line.split('`').step_by(2).collect::<Vec<_>>().join(" ");
            line.split(|c: char| c.is_whitespace() || "[]".contains(c))
                .filter(|token| !token.contains('/') && !token.contains("::"))
                .filter(|token| !token.starts_with('-'))
                .flat_map(|token| token.split(|c: char| !c.is_ascii_alphabetic()))
                .any(|w| w.len() >= 3 && !ALLOWED.contains(&w))
        } else {
            // Han characters, but for the units and yes/no spellings a cell may be written with.
            let line = line.replace("是/否", " ");
            line.chars()
                .any(|c| is_han(c) && !"万亿元人户个家年月日".contains(c))
        };
        if found {
            bad.push(line.to_string());
        }
    }
    bad
}

/// The keys of json whose strings are human texts: reasons and messages, a diagnostic's help and
/// labels, explain's rendered steps and conditions, a JSON Schema's descriptions.
const PROSE: [&str; 7] = [
    "reason",
    "message",
    "help",
    "label",
    "text",
    "source",
    "description",
];

/// The human texts of a json / jsonl run: every string under a key of [`PROSE`].
fn prose(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    (k, Value::String(s)) if PROSE.contains(&k) => {
                        out.push_str(s);
                        out.push('\n');
                    }
                    _ => prose(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| prose(v, out)),
        _ => {}
    }
}

/// What a JUnit report says in words: the text between its tags and its `message` attributes,
/// entities decoded.
fn junit_words(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open..open + close];
        if let Some(at) = tag.find("message=\"") {
            let value = &tag[at + "message=\"".len()..];
            out.push_str(value.split('"').next().unwrap_or(""));
            out.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// Every text cell of every sheet of a workbook.
fn workbook_text(path: &Path) -> String {
    let mut book = open_workbook_auto(path).unwrap();
    let mut out = String::new();
    for name in book.sheet_names() {
        out.push_str(&name);
        out.push('\n');
        let range = book.worksheet_range(&name).unwrap();
        for row in range.rows() {
            for cell in row {
                if let Data::String(s) = cell {
                    out.push_str(s);
                    out.push('\t');
                }
            }
            out.push('\n');
        }
    }
    out
}

/// Every output of every command and format for `policy`, by name.
fn outputs(policy: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut add = |name: &str, (stdout, stderr): (String, String)| {
        out.push((format!("{name} (stdout)"), stdout));
        out.push((format!("{name} (stderr)"), stderr));
    };
    add("check", run(&["check", policy]));
    add("test", run(&["test", policy]));
    add("eval table", run(&["eval", policy, RECORDS]));
    add(
        "eval csv",
        run(&["eval", policy, RECORDS, "--format", "csv"]),
    );
    add(
        "explain",
        run(&["explain", policy, RECORDS, "--id", MALFORMED]),
    );
    for format in ["jsonl", "json"] {
        let (stdout, stderr) = run(&["eval", policy, RECORDS, "--format", format]);
        let mut text = String::new();
        let values: Vec<Value> = if format == "json" {
            vec![serde_json::from_str(&stdout).unwrap()]
        } else {
            stdout
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect()
        };
        values.iter().for_each(|v| prose(v, &mut text));
        assert!(!text.is_empty(), "{format}: no reason or message");
        add(&format!("eval {format}"), (text, stderr));
    }
    for format in ["table", "json"] {
        // Against itself with one parameter set on NEW: decisions change; against a saved
        // result without areas or funds: both notes.
        for args in [
            &[
                "diff",
                policy,
                policy,
                RECORDS,
                "--set-new",
                "第一条奖补=1000",
            ][..],
            &["diff", SAVED, policy, CLEAN],
        ] {
            let mut args = args.to_vec();
            args.extend(["--format", format]);
            let (stdout, stderr) = run(&args);
            let stdout = if format == "json" {
                let mut text = String::new();
                prose(&serde_json::from_str(&stdout).unwrap(), &mut text);
                text
            } else {
                stdout
            };
            // (Two policies leave the json's notes empty: it has no prose then.)
            let prose_expected = format == "table" || args[1] == SAVED;
            assert!(!prose_expected || !stdout.is_empty(), "{args:?}: {stderr}");
            add(&format!("{args:?}"), (stdout, stderr));
        }
    }
    let lang = if policy == ZH { "zh" } else { "en" };
    for format in ["csv", "json"] {
        let (stdout, stderr) = run(&["schema", policy, "--format", format]);
        let stdout = if format == "json" {
            let mut text = String::new();
            prose(&serde_json::from_str(&stdout).unwrap(), &mut text);
            assert!(!text.is_empty(), "schema json: no description");
            text
        } else {
            stdout
        };
        add(&format!("schema {format}"), (stdout, stderr));
    }
    add(
        "schema csv --labels",
        run(&["schema", policy, "--format", "csv", "--labels"]),
    );
    // `sample` writes records (data) under the 2021-7 fields: its header and stderr are checked.
    let (stdout, stderr) = run(&["sample", "3", "--lang", lang]);
    let header = stdout.lines().next().unwrap_or("").to_string();
    add("sample", (header, stderr));
    let (stdout, stderr) = run(&[
        "explain", policy, RECORDS, "--id", MALFORMED, "--format", "json",
    ]);
    let mut text = String::new();
    prose(&serde_json::from_str(&stdout).unwrap(), &mut text);
    assert!(!text.is_empty(), "explain json: no prose");
    add("explain json", (text, stderr));
    // JUnit of the policy with the growth threshold at 8%: some examples fail, and what a
    // failure says is read (the XML's own names are keys).
    let failing = scratch().join(format!(
        "failing-{}",
        Path::new(policy).file_name().unwrap().to_string_lossy()
    ));
    let source = read(policy);
    let changed = source
        .replace("达到 6% 以上", "达到 8% 以上")
        .replace("reaches 6% or more", "reaches 8% or more");
    assert_ne!(changed, source, "{policy}: no growth threshold to change");
    std::fs::write(&failing, changed).unwrap();
    let (stdout, stderr) = run(&["test", failing.to_str().unwrap(), "--format", "junit"]);
    let words = junit_words(&stdout);
    assert!(words.contains("第"), "junit: no failure in\n{stdout}");
    add("test junit", (words, stderr));
    // A broken policy (an unknown name) checked with JSON diagnostics.
    let broken = scratch().join(format!(
        "broken-{}",
        Path::new(policy).file_name().unwrap().to_string_lossy()
    ));
    let source = read(policy);
    let at = source.find("一季度产值2019").unwrap();
    std::fs::write(
        &broken,
        format!(
            "{}一季度产值2019x{}",
            &source[..at],
            &source[at + "一季度产值2019".len()..]
        ),
    )
    .unwrap();
    let broken = broken.to_str().unwrap();
    let (stdout, stderr) = run(&["check", broken, "--error-format", "json"]);
    let mut text = String::new();
    for line in stderr.lines() {
        prose(&serde_json::from_str(line).unwrap(), &mut text);
    }
    assert!(!text.is_empty(), "check json: no diagnostic");
    add("check --error-format json", (text, stdout));
    // The same rendered for people: its own words, not the policy's lines it quotes.
    let (stdout, stderr) = run(&["check", broken]);
    assert!(stderr.contains("jiangbu::check::"), "check: {stderr}");
    add(
        "check (errors)",
        (stdout, diagnostic_words(&stderr, broken)),
    );
    // `test` with failing examples, for people.
    let failing = failing.to_str().unwrap();
    let (stdout, stderr) = run(&["test", failing]);
    assert!(stdout.contains("第"), "test: no failure in\n{stdout}");
    add("test (failures)", (stdout.replace(failing, " "), stderr));
    // Read errors: a key no record has, a file without the policy's columns, a missing file, a
    // saved result with a wrong status.
    let (_, stderr) = run(&["explain", policy, RECORDS, "--id", "NOPE"]);
    assert!(stderr.contains("`NOPE`"), "unknown id: {stderr}");
    add(
        "explain unknown id",
        (String::new(), stderr.replace("NOPE", " ")),
    );
    let missing = scratch().join("missing-columns.csv");
    std::fs::write(&missing, "统一社会信用代码,企业名称\nX,Y\n").unwrap();
    let missing = missing.to_str().unwrap();
    let (_, stderr) = run(&["eval", policy, missing]);
    assert!(
        stderr.contains("jiangbu::data::"),
        "missing columns: {stderr}"
    );
    add(
        "eval missing columns",
        (String::new(), stderr.replace(missing, " ")),
    );
    let (_, stderr) = run(&["eval", policy, "no-such-file.csv"]);
    assert!(stderr.contains("jiangbu::"), "missing file: {stderr}");
    // The operating system's own words are its data, not ours (a Chinese run glosses them).
    let os = std::fs::File::open("no-such-file.csv")
        .unwrap_err()
        .to_string();
    let stderr = stderr.replace("no-such-file.csv", " ").replace(&os, " ");
    add("eval missing file", (String::new(), stderr));
    let bad_status = "tests/cases/diff/bad-status.jsonl";
    let (_, stderr) = run(&["diff", bad_status, policy, CLEAN]);
    assert!(stderr.contains("jiangbu::diff::"), "saved result: {stderr}");
    add(
        "diff saved result error",
        (String::new(), stderr.replace(bad_status, " ")),
    );
    // `explain` in words on one record of each kind of decision, with the amounts open (choices
    // left to the officer) and with every amount set (the highest taken, others set aside).
    for (label, id, stdout) in explained(policy) {
        add(&format!("explain {label} --id {id}"), stdout);
    }
    let file = scratch().join(format!(
        "{}.xlsx",
        Path::new(policy).file_stem().unwrap().to_string_lossy()
    ));
    let (_, stderr) = run(&[
        "eval",
        policy,
        RECORDS,
        "--format",
        "xlsx",
        "-o",
        file.to_str().unwrap(),
    ]);
    add("eval xlsx", (workbook_text(&file), stderr));
    // Usage errors (exit status 2), refused before the policy is compiled: in its language all
    // the same.
    let usage: [&[&str]; 4] = [
        &["eval", policy, RECORDS, "--format", "xlsx"],
        &["eval", policy, RECORDS, "--delimiter", "ab"],
        &["eval", policy, RECORDS, "--no-bom"],
        &["schema", policy, "--format", "json", "--labels"],
    ];
    for args in usage {
        let (code, stderr) = run_status(args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("jiangbu::cli::"), "{args:?}: {stderr}");
        out.push((format!("usage error {args:?} (stderr)"), stderr));
    }
    out
}

/// A rendered diagnostic without the policy lines it quotes (`185 │ …`) and with `path` removed.
fn diagnostic_words(rendered: &str, path: &str) -> String {
    rendered
        .lines()
        .filter(|l| {
            let gutter = l.split('│').next().unwrap_or("").trim();
            !(l.contains('│') && !gutter.is_empty() && gutter.chars().all(|c| c.is_ascii_digit()))
        })
        .map(|l| format!("{}\n", l.replace(path, " ")))
        .collect()
}

/// Every amount parameter of the 2021-7 policies set, so that every award is decided.
const ALL_SET: [&str; 12] = [
    "--set",
    "第一条奖补=50万元",
    "--set",
    "第二条奖补=20万元",
    "--set",
    "第四条奖补=30万元",
    "--set",
    "第六条奖补=10万元",
    "--set",
    "第七条奖补=5万元",
    "--set",
    "第八条奖补=100000",
];

/// `explain` on the first record of each kind of decision (award status, set-aside members,
/// provisional, an undetermined or a capped benefit), with amounts open and with every amount
/// set: (which run, the key, (stdout, stderr)).
fn explained(policy: &str) -> Vec<(&'static str, String, (String, String))> {
    let mut out = Vec::new();
    for (label, sets) in [("amounts open", &[][..]), ("amounts set", &ALL_SET[..])] {
        let mut args = vec!["eval", policy, RECORDS, "--format", "jsonl"];
        args.extend(sets);
        let (stdout, _) = run(&args);
        let mut kinds = BTreeSet::new();
        for line in stdout.lines() {
            let record: Value = serde_json::from_str(line).unwrap();
            let award = &record["award"];
            let statuses: BTreeSet<String> = record["benefits"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|b| b["status"].to_string())
                .collect();
            let kind = (
                award["status"].to_string(),
                award["set_aside"].as_array().is_some_and(|a| !a.is_empty()),
                award["provisional"].to_string(),
                statuses,
            );
            if !kinds.insert(kind) {
                continue;
            }
            let id = record["id"].as_str().unwrap().to_string();
            let mut args = vec!["explain", policy, RECORDS, "--id", &id];
            args.extend(sets);
            let said = run(&args);
            assert!(!said.0.is_empty(), "explain --id {id}: {}", said.1);
            out.push((label, id.clone(), said));
        }
    }
    // Both runs found several kinds, so the phrases of groups and amounts are all seen.
    assert!(
        out.len() >= 8,
        "{policy}: only {} kinds of decision",
        out.len()
    );
    out
}

fn assert_one_language(policy: &str, zh: bool) {
    let data = data(policy);
    let mut failures = Vec::new();
    for (name, text) in outputs(policy) {
        let bad = foreign(&text, &data, zh);
        if !bad.is_empty() {
            failures.push(format!("{name}:\n  {}", bad.join("\n  ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{policy}: text of the other language in\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_command_and_format_speaks_chinese_for_the_chinese_policy() {
    assert_one_language(ZH, true);
}

#[test]
fn every_command_and_format_speaks_english_for_the_english_policy() {
    assert_one_language(EN, false);
}

/// The check is not vacuous: the Chinese run's words are caught in an English run and the other
/// way round.
#[test]
fn the_check_finds_the_other_language() {
    let en = data(EN);
    assert!(!foreign("3 户数据有误", &en, false).is_empty());
    assert!(foreign("3 records: 一季度产值2019 is blank", &en, false).is_empty());
    let zh = data(ZH);
    assert!(!foreign("一季度产值2019 is blank", &zh, true).is_empty());
    assert!(foreign("一季度产值2019为空", &zh, true).is_empty());
    // Code in backticks is a key in a Chinese run; the same words outside them are not.
    assert!(foreign("`status` 不是 `eligible` 或 `undetermined`", &zh, true).is_empty());
    assert!(!foreign("`status` 不是 eligible 或 undetermined", &zh, true).is_empty());
}

/// `fmt` reports a syntax error as `check` does, in the policy's language.
#[test]
fn fmt_reports_syntax_errors_in_the_language_check_uses() {
    let dir = scratch();
    for (policy, zh) in [(ZH, true), (EN, false)] {
        // An unclosed block: the last closing brace removed.
        let source = read(policy);
        let at = source.rfind('}').unwrap();
        let broken = format!("{}{}", &source[..at], &source[at + 1..]);
        let path = dir.join(Path::new(policy).file_name().unwrap());
        std::fs::write(&path, broken).unwrap();
        let path = path.to_str().unwrap();
        let (_, checked) = run(&["check", path]);
        let (_, formatted) = run(&["fmt", "--check", path]);
        assert!(!checked.is_empty());
        assert_eq!(formatted, checked, "{policy}");
        // The diagnostic's own words: the quoted source lines (`│ …`) are the policy's.
        let words: String = checked
            .lines()
            .filter(|l| !l.contains('│'))
            .map(|l| format!("{l}\n"))
            .collect();
        let bad = foreign(&words, &data(policy), zh);
        assert!(bad.is_empty(), "{policy}: {bad:?}");
    }
}
