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
    run_in(args, None)
}

/// `ARGS` with `--lang LANG` after them, unless they name a language already.
fn with_lang<'a>(args: &[&'a str], lang: Option<&'a str>) -> Vec<&'a str> {
    let mut args = args.to_vec();
    if let Some(lang) = lang.filter(|_| !args.contains(&"--lang")) {
        args.extend(["--lang", lang]);
    }
    args
}

/// `jiangbu ARGS [--lang LANG]` with `LANG=C`: (stdout, stderr).
fn run_in(args: &[&str], lang: Option<&str>) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_jiangbu"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(with_lang(args, lang))
        .env("LANG", "C")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (text(out.stdout), text(out.stderr))
}

/// `jiangbu ARGS [--lang LANG]` with `LANG=C`: (exit status, stderr).
fn run_status_in(args: &[&str], lang: Option<&str>) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_jiangbu"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(with_lang(args, lang))
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
/// excluded, comments skipped), each of its lines as written (what explain and test quote: a
/// condition, an amount, an expectation), every cell of the records, and the paths given.
fn data(policy: &str) -> Vec<String> {
    data_of(policy, RECORDS, "")
}

/// [`data`] of `policy` on `records`, for a run whose scratch files are tagged `tag`.
fn data_of(policy: &str, records: &str, tag: &str) -> Vec<String> {
    let source = read(policy);
    let mut out: BTreeSet<String> = BTreeSet::new();
    for line in source.lines() {
        let line = line.split('#').next().unwrap_or("");
        // The line as written, and what follows its keyword (`条件 …`, `金额 …`, `期望 …`).
        // (A block's first line, `全部 {`, is quoted as it opens.)
        let quoted = |s: &str| s.chars().count() > 6 || (s.ends_with('{') && s.len() > 2);
        let written = line.trim();
        if quoted(written) {
            out.insert(written.to_string());
        }
        if let Some((_, rest)) = written.split_once(char::is_whitespace) {
            let rest = rest.trim();
            if quoted(rest) {
                out.insert(rest.to_string());
            }
            // An amount quoted up to its cap (`10% × 设备投资额`), an operand of `且` / `and`.
            let parts = rest.split(['，', ',']).flat_map(|p| {
                p.split(" 且 ")
                    .flat_map(|p| p.split(" 或 "))
                    .flat_map(|p| p.split(" and "))
                    .flat_map(|p| p.split(" or "))
            });
            for part in parts {
                if part.trim().chars().count() > 6 {
                    out.insert(part.trim().to_string());
                }
            }
        }
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
    for line in read(records).lines() {
        for cell in line.split(',') {
            out.insert(cell.trim_matches('"').to_string());
        }
    }
    out.extend([policy, records, SAVED, CLEAN].map(str::to_string));
    // The files a run writes or reads in the scratch folder.
    let stem = Path::new(policy).file_stem().unwrap().to_string_lossy();
    let name = Path::new(policy).file_name().unwrap().to_string_lossy();
    for file in [format!("{stem}{tag}.xlsx"), name.into_owned()] {
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
        // Code in backticks (a command, a flag, a contract's key or status, a keyword of the
        // policy's own language to write) is a key.
        let line: String = line.split('`').step_by(2).collect::<Vec<_>>().join(" ");
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

/// Every output of every command and format for `policy`, by name, each run with `--lang LANG`
/// when `lang` is given.
fn outputs(policy: &str, lang: Option<&str>) -> Vec<(String, String)> {
    let run = |args: &[&str]| run_in(args, lang);
    let run_status = |args: &[&str]| run_status_in(args, lang);
    let tag = lang.map_or(String::new(), |l| format!("-{l}"));
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
    let words = lang.unwrap_or(if policy == ZH { "zh" } else { "en" });
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
    let (stdout, stderr) = run(&["sample", "3", "--lang", words]);
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
        "failing{tag}-{}",
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
        "broken{tag}-{}",
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
    let missing = scratch().join(format!("missing-columns{tag}.csv"));
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
    for (label, id, stdout) in explained(policy, lang) {
        add(&format!("explain {label} --id {id}"), stdout);
    }
    let file = scratch().join(format!(
        "{}{tag}.xlsx",
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
fn explained(policy: &str, lang: Option<&str>) -> Vec<(&'static str, String, (String, String))> {
    let run = |args: &[&str]| run_in(args, lang);
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

/// Every output for `policy` (with `--lang LANG` when given) is in its language only.
fn assert_one_language(policy: &str, lang: Option<&str>) {
    let zh = lang.map_or(policy == ZH, |l| l == "zh");
    let tag = lang.map_or(String::new(), |l| format!("-{l}"));
    let data = data_of(policy, RECORDS, &tag);
    let mut failures = Vec::new();
    for (name, text) in outputs(policy, lang) {
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
    assert_one_language(ZH, None);
}

#[test]
fn every_command_and_format_speaks_english_for_the_chinese_policy_with_lang_en() {
    assert_one_language(ZH, Some("en"));
}

#[test]
fn every_command_and_format_speaks_chinese_for_the_english_policy_with_lang_zh() {
    assert_one_language(EN, Some("zh"));
}

#[test]
fn every_command_and_format_speaks_english_for_the_english_policy() {
    assert_one_language(EN, None);
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

/// What a run's data hides is data only: every word of the catalogue in the other language is
/// still found, against the data of each shipped policy (its lines as written included).
#[test]
fn the_data_hides_no_word_of_the_catalogue() {
    use jiangbu::diag::Word;
    let mut sets = vec![(ZH, data(ZH)), (EN, data(EN))];
    for (policy, records) in POOLED {
        sets.push((policy, data_of(policy, records, "")));
    }
    for (policy, data) in &sets {
        for &word in Word::ALL {
            let (en, zh) = word.texts();
            // A word that is itself a value of the data (`无`, a choice of 保供类型) is data.
            if data.iter().any(|d| d == zh || d == en) {
                continue;
            }
            // A Chinese word caught in an English run, unless it is only units, the yes/no
            // spellings or punctuation (which an English run may show anyway).
            if !foreign(zh, &[], false).is_empty() {
                assert!(!foreign(zh, data, false).is_empty(), "{policy}: {word:?}");
            }
            // An English word caught in a Chinese run, unless only short or allowed words.
            if !foreign(en, &[], true).is_empty() {
                assert!(!foreign(en, data, true).is_empty(), "{policy}: {word:?}");
            }
        }
    }
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

/// The shipped examples with a fund pool, written with Chinese keywords, and their records.
const POOLED: [(&str, &str); 2] = [
    ("policies/examples/pro-rata.policy", "examples/pro-rata.csv"),
    ("policies/examples/ranked.policy", "examples/ranked.csv"),
];

/// Every output of every command and format for a pooled example `policy` on `records`, with
/// `--lang LANG` when given: the pools' sections of the table, csv, json, xlsx and explain, a
/// diff that changes the pool's total, and `test` with a batch example that fails.
fn pooled_outputs(policy: &str, records: &str, lang: Option<&str>) -> Vec<(String, String)> {
    let run = |args: &[&str]| run_in(args, lang);
    let tag = lang.map_or(String::new(), |l| format!("-{l}"));
    let file_name = Path::new(policy).file_name().unwrap().to_string_lossy();
    let mut out = Vec::new();
    let mut add = |name: &str, (stdout, stderr): (String, String)| {
        out.push((format!("{name} (stdout)"), stdout));
        out.push((format!("{name} (stderr)"), stderr));
    };
    add("check", run(&["check", policy]));
    add("test", run(&["test", policy]));
    let (table, stderr) = run(&["eval", policy, records]);
    // The pools' section is there to be read.
    assert!(
        table.contains("资金") || table.contains("fund pool"),
        "{table}"
    );
    add("eval table", (table, stderr));
    add(
        "eval csv",
        run(&["eval", policy, records, "--format", "csv"]),
    );
    for format in ["jsonl", "json"] {
        let (stdout, stderr) = run(&["eval", policy, records, "--format", format]);
        let mut text = String::new();
        for line in stdout.lines().filter(|l| !l.trim().is_empty()) {
            if format == "jsonl" {
                prose(&serde_json::from_str(line).unwrap(), &mut text);
            }
        }
        if format == "json" {
            prose(&serde_json::from_str(&stdout).unwrap(), &mut text);
        }
        add(&format!("eval {format}"), (text, stderr));
    }
    let xlsx = scratch().join(format!("pooled{tag}-{file_name}.xlsx"));
    let (_, stderr) = run(&[
        "eval",
        policy,
        records,
        "--format",
        "xlsx",
        "-o",
        xlsx.to_str().unwrap(),
    ]);
    add("eval xlsx", (workbook_text(&xlsx), stderr));
    // Explain every record, in words and as json.
    for line in read(records).lines().skip(1) {
        let id = line.split(',').next().unwrap();
        let (stdout, stderr) = run(&["explain", policy, records, "--id", id]);
        assert!(!stdout.is_empty(), "explain --id {id}: {stderr}");
        add(&format!("explain --id {id}"), (stdout, stderr));
        let (stdout, stderr) = run(&["explain", policy, records, "--id", id, "--format", "json"]);
        let mut text = String::new();
        prose(&serde_json::from_str(&stdout).unwrap(), &mut text);
        add(&format!("explain json --id {id}"), (text, stderr));
    }
    // The pool's total raised: allocations change.
    for format in ["table", "json"] {
        let (stdout, stderr) = run(&[
            "diff",
            policy,
            policy,
            records,
            "--set-new",
            "奖补资金总额=600万元",
            "--format",
            format,
        ]);
        let stdout = if format == "json" {
            let mut text = String::new();
            prose(&serde_json::from_str(&stdout).unwrap(), &mut text);
            text
        } else {
            stdout
        };
        add(&format!("diff --format {format}"), (stdout, stderr));
    }
    for format in ["csv", "json"] {
        let (stdout, stderr) = run(&["schema", policy, "--format", format]);
        let stdout = if format == "json" {
            let mut text = String::new();
            prose(&serde_json::from_str(&stdout).unwrap(), &mut text);
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
    // A batch example that fails: its pool is said to leave 1元 where it leaves nothing.
    let source = read(policy);
    let pool_line = source
        .lines()
        .find(|l| l.trim_start().starts_with("资金总额 ") && l.contains("留存 0元"))
        .unwrap_or_else(|| panic!("{policy}: no batch example of a pool"));
    let failing = source.replacen(pool_line, &pool_line.replace("留存 0元", "留存 1元"), 1);
    let failing_path = scratch().join(format!("failing{tag}-{file_name}"));
    std::fs::write(&failing_path, failing).unwrap();
    let failing_path = failing_path.to_str().unwrap();
    // (The expectation changed is quoted as written: the policy's text.)
    let changed = pool_line.trim().replace("留存 0元", "留存 1元");
    let (stdout, stderr) = run(&["test", failing_path]);
    assert!(stdout.contains(&changed), "test: no failure in\n{stdout}");
    let stdout = stdout.replace(failing_path, " ").replace(&changed, " ");
    add("test (failing batch)", (stdout, stderr));
    let (stdout, stderr) = run(&["test", failing_path, "--format", "junit"]);
    let words = junit_words(&stdout).replace(&changed, " ");
    add("test junit (failing batch)", (words, stderr));
    // The pool's total misspelt: an unknown name, for people and as json.
    let broken = source.replacen("不超过 奖补资金总额", "不超过 奖补资金总额x", 1);
    assert_ne!(broken, source, "{policy}: no pool total");
    let broken_path = scratch().join(format!("broken{tag}-{file_name}"));
    std::fs::write(&broken_path, broken).unwrap();
    let broken_path = broken_path.to_str().unwrap();
    let (stdout, stderr) = run(&["check", broken_path]);
    assert!(stderr.contains("jiangbu::check::"), "check: {stderr}");
    add(
        "check (errors)",
        (stdout, diagnostic_words(&stderr, broken_path)),
    );
    let (stdout, stderr) = run(&["check", broken_path, "--error-format", "json"]);
    let mut text = String::new();
    for line in stderr.lines() {
        prose(&serde_json::from_str(line).unwrap(), &mut text);
    }
    add("check --error-format json", (text, stdout));
    // A syntax error (the last closing brace removed), for `check` and `fmt`.
    let at = source.rfind('}').unwrap();
    let unclosed = format!("{}{}", &source[..at], &source[at + 1..]);
    let unclosed_path = scratch().join(format!("unclosed{tag}-{file_name}"));
    std::fs::write(&unclosed_path, unclosed).unwrap();
    let unclosed_path = unclosed_path.to_str().unwrap();
    for command in ["check", "fmt"] {
        let (stdout, stderr) = run(&[command, unclosed_path]);
        assert!(stderr.contains("jiangbu::syntax::"), "{command}: {stderr}");
        add(
            &format!("{command} (syntax error)"),
            (stdout, diagnostic_words(&stderr, unclosed_path)),
        );
    }
    // `test` of a policy that `check` refuses: its summary line speaks the run's language too.
    let (stdout, stderr) = run(&["test", broken_path]);
    assert!(stdout.contains('0'), "test: {stdout}");
    add(
        "test (invalid policy)",
        (stdout, diagnostic_words(&stderr, broken_path)),
    );
    // `fmt --check` of a file that is not formatted: the line naming it (the lines after it
    // quote the policy).
    let messy = source.replacen("{\n", "{   \n", 1);
    assert_ne!(messy, source, "{policy}: no opening brace");
    let messy_path = scratch().join(format!("messy{tag}-{file_name}"));
    std::fs::write(&messy_path, messy).unwrap();
    let (stdout, stderr) = run(&["fmt", "--check", messy_path.to_str().unwrap()]);
    let head = stdout.lines().next().unwrap_or_default().to_string();
    assert!(head.contains("messy"), "fmt --check: {stdout}");
    add("fmt --check (not formatted)", (head, stderr));
    out
}

/// Every output for a pooled example is in the run's language only.
fn assert_pooled_in_one_language(lang: Option<&str>) {
    let zh = lang != Some("en");
    let tag = lang.map_or(String::new(), |l| format!("-{l}"));
    let mut failures = Vec::new();
    for (policy, records) in POOLED {
        let data = data_of(policy, records, &tag);
        for (name, text) in pooled_outputs(policy, records, lang) {
            let bad = foreign(&text, &data, zh);
            if !bad.is_empty() {
                failures.push(format!("{policy} {name}:\n  {}", bad.join("\n  ")));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "text of the other language in\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_pooled_examples_speak_chinese() {
    assert_pooled_in_one_language(None);
}

#[test]
fn the_pooled_examples_speak_english_with_lang_en() {
    assert_pooled_in_one_language(Some("en"));
}
