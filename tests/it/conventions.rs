//! Command-line conventions (issue 14): `-` for standard input and output, completions and the
//! manual page, usage errors (exit status 2) in both languages, record files that leave out an
//! optional column.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use insta_cmd::assert_cmd_snapshot;

const POLICY: &str = "policies/changchun-2021-7.policy";
const RECORDS: &str = "examples/enterprises.csv";

fn jiangbu() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jiangbu"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env("NO_COLOR", "1");
    cmd.env("LANG", "C");
    cmd
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_prepend_module_to_snapshot(false);
    s.set_snapshot_path("../snapshots/cli");
    s
}

/// Run `args` with `input` on standard input.
fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = jiangbu()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // A command that stops reading early closes the pipe: that is its business, not an error.
    let _ = stdin.write_all(input);
    drop(stdin);
    child.wait_with_output().unwrap()
}

fn run(args: &[&str]) -> Output {
    jiangbu().args(args).output().unwrap()
}

fn root(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

// ------------------------------------------------------------------------------ standard I/O

#[test]
fn records_on_standard_input_print_the_same_table() {
    let csv = std::fs::read(root(RECORDS)).unwrap();
    let piped = run_with_stdin(&["eval", POLICY, "-"], &csv);
    let named = run(&["eval", POLICY, RECORDS]);
    // 3: the example data's three malformed cells, as with the file named.
    assert_eq!(piped.status.code(), Some(3));
    assert_eq!(named.status.code(), Some(3));
    assert!(!piped.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&piped.stdout),
        String::from_utf8_lossy(&named.stdout)
    );
}

#[test]
fn the_policy_on_standard_input_checks_and_evaluates() {
    let policy = std::fs::read(root(POLICY)).unwrap();
    let piped = run_with_stdin(&["eval", "-", RECORDS, "--format", "jsonl"], &policy);
    let named = run(&["eval", POLICY, RECORDS, "--format", "jsonl"]);
    assert_eq!(piped.status.code(), Some(3));
    assert_eq!(piped.stdout, named.stdout);
    let checked = run_with_stdin(&["check", "-"], &policy);
    assert_eq!(checked.status.code(), Some(0));
    let out = String::from_utf8_lossy(&checked.stdout);
    // The success line is in the policy's language (Chinese): `<stdin>：通过 — …`.
    assert!(out.starts_with("<stdin>：通过"), "{out}");
}

#[test]
fn dash_output_is_standard_output() {
    let dash = run(&["eval", POLICY, RECORDS, "--format", "jsonl", "-o", "-"]);
    let plain = run(&["eval", POLICY, RECORDS, "--format", "jsonl"]);
    assert_eq!(dash.status.code(), Some(3));
    // 101 enterprises, one line each.
    assert_eq!(dash.stdout.iter().filter(|&&b| b == b'\n').count(), 101);
    assert_eq!(dash.stdout, plain.stdout);
    assert!(!root("-").exists(), "`-o -` wrote a file named `-`");
    // The line that ends a run with data errors (3 of the example records) points at what was
    // printed, as without `-o`, not at a file named `-`.
    let said = String::from_utf8(dash.stderr).unwrap();
    assert!(
        said.contains("3 户数据有误：见上方各记录的 `errors` 字段"),
        "{said}"
    );
    assert_eq!(said, String::from_utf8(plain.stderr).unwrap());
}

#[test]
fn json_records_on_standard_input_are_told_by_their_first_byte() {
    // The first two records of the example data, as JSON Lines.
    let jsonl = run(&["eval", POLICY, RECORDS, "--format", "jsonl"]);
    assert_eq!(jsonl.status.code(), Some(3));
    let records = concat!(
        r#"{"统一社会信用代码":"A1","企业名称":"甲","所属地区":"朝阳区","重点企业":"否","一季度产值2021":"8000000","一季度产值2019":"7500000","春节连续生产":"否","省外户籍员工数":5,"组织职工培训":"否","融资需求":"否","新升规":"否","保供类型":"无","保供突出":"否","热电联产":"否","用煤短缺":"否","停产半停产":"否","脱困方式":"无"}"#,
        "\n"
    );
    let piped = run_with_stdin(
        &["eval", POLICY, "-", "--format", "jsonl"],
        records.as_bytes(),
    );
    assert_eq!(
        piped.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&piped.stderr)
    );
    let out = String::from_utf8_lossy(&piped.stdout);
    assert!(out.starts_with(r#"{"id":"A1","row":2,"#), "{out}");
}

#[test]
fn standard_input_twice_is_a_usage_error() {
    for lang in ["en", "zh"] {
        let name = format!("stdin_twice_{lang}");
        settings().bind(|| {
            assert_cmd_snapshot!(
                name,
                jiangbu()
                    .args(["eval", "-", "-", "--lang", lang])
                    .stdin(Stdio::null())
            )
        });
    }
}

// ------------------------------------------------------------------------- flags that apply

#[test]
fn flags_for_another_format_are_refused() {
    for lang in ["en", "zh"] {
        let cases: [(&str, &[&str]); 4] = [
            ("no_bom_without_csv", &["eval", POLICY, RECORDS, "--no-bom"]),
            (
                "explain_with_xlsx",
                &[
                    "eval",
                    POLICY,
                    RECORDS,
                    "--format",
                    "xlsx",
                    "-o",
                    "r.xlsx",
                    "--explain",
                ],
            ),
            (
                "schema_json_labels",
                &["schema", POLICY, "--format", "json", "--labels"],
            ),
            (
                "sheet_without_a_workbook",
                &["eval", POLICY, RECORDS, "--sheet", "企业"],
            ),
        ];
        for (case, args) in cases {
            let name = format!("{case}_{lang}");
            settings()
                .bind(|| assert_cmd_snapshot!(name, jiangbu().args(args).args(["--lang", lang])));
        }
    }
    assert!(!root("r.xlsx").exists(), "a refused run wrote its output");
}

#[test]
fn fmt_writes_one_policy_to_o_and_refuses_two() {
    let dir = std::env::temp_dir().join(format!("jiangbu-conventions-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let target = dir.join("en.policy");
    let out = run(&["fmt", "--to", "en", POLICY, "-o", target.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.contains("clause 第一条"), "not translated");
    // The policy itself is untouched.
    assert!(std::fs::read_to_string(root(POLICY))
        .unwrap()
        .contains("条款 第一条"));
    let two = run(&[
        "fmt",
        POLICY,
        POLICY,
        "-o",
        target.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(two.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&two.stderr).contains("jiangbu::cli::one_output"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_of_an_empty_policy_warns_that_it_holds_no_clause() {
    for lang in ["en", "zh"] {
        let name = format!("check_empty_policy_{lang}");
        settings().bind(|| {
            assert_cmd_snapshot!(
                name,
                jiangbu()
                    .args(["check", "-", "--lang", lang])
                    .stdin(Stdio::null())
            )
        });
    }
    let denied = run_with_stdin(&["check", "-", "--deny-warnings"], b"");
    assert_eq!(denied.status.code(), Some(1));
}

// ------------------------------------------------------------------- completions and manual

#[test]
fn completion_scripts_are_generated_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = run(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        // Every subcommand is completed.
        for sub in [
            "check", "eval", "explain", "diff", "fmt", "schema", "sample", "man",
        ] {
            assert!(script.contains(sub), "{shell}: `{sub}` missing");
        }
    }
}

/// Whether `program` can be run here.
fn installed(program: &str) -> bool {
    Command::new(program)
        .arg("-c")
        .arg("exit 0")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn completion_scripts_parse_in_their_shell() {
    // bash is everywhere CI runs; zsh and fish where installed (.ci/run installs them).
    let mut checked = 0;
    for shell in ["bash", "zsh", "fish"] {
        if shell != "bash" && !installed(shell) {
            continue;
        }
        let script = run(&["completions", shell]).stdout;
        let path =
            std::env::temp_dir().join(format!("jiangbu-completion-{}.{shell}", std::process::id()));
        std::fs::write(&path, &script).unwrap();
        let parsed = Command::new(shell).arg("-n").arg(&path).output().unwrap();
        let _ = std::fs::remove_file(&path);
        assert!(
            parsed.status.success(),
            "{shell} -n: {}",
            String::from_utf8_lossy(&parsed.stderr)
        );
        checked += 1;
    }
    assert!(checked >= 1);
}

#[test]
fn the_manual_page_is_roff_with_every_subcommand() {
    let out = run(&["man"]);
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(page.contains(".TH jiangbu 1"), "{page}");
    for sub in [
        "check", "eval", "explain", "test", "diff", "fmt", "schema", "sample",
    ] {
        assert!(
            page.contains(&format!("jiangbu\\-{sub}(1)")),
            "`{sub}` missing"
        );
    }
    let eval = run(&["man", "eval"]);
    let page = String::from_utf8_lossy(&eval.stdout);
    assert!(page.contains(".TH jiangbu-eval 1"), "{page}");
    assert!(page.contains("\\-\\-input\\-format"), "{page}");
    let unknown = run(&["man", "evaluate"]);
    assert_eq!(unknown.status.code(), Some(2), "clap's usage error");
}

#[test]
fn help_names_no_internal_api() {
    let mut pages = vec![run(&["--help"]).stdout];
    for sub in [
        "check",
        "eval",
        "explain",
        "test",
        "diff",
        "fmt",
        "schema",
        "sample",
        "completions",
        "man",
    ] {
        pages.push(run(&[sub, "--help"]).stdout);
    }
    for page in pages {
        let page = String::from_utf8_lossy(&page);
        for internal in ["jiangbu::", "::", "Localize", "Writer", "fn "] {
            assert!(!page.contains(internal), "`{internal}` in help:\n{page}");
        }
    }
}

// --------------------------------------------------------------------- optional columns

/// The example records whose optional cells (项目竣工日期, 项目一季度产值) are blank, with and
/// without those two columns.
fn without_optional_columns() -> (String, String) {
    let text = std::fs::read_to_string(root(RECORDS)).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let optional: Vec<usize> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| ["项目竣工日期", "项目一季度产值"].contains(h))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(optional.len(), 2);
    let keep = |cells: &[&str]| -> String {
        cells
            .iter()
            .enumerate()
            .filter(|(i, _)| !optional.contains(i))
            .map(|(_, c)| *c)
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut with = vec![header.join(",")];
    let mut without = vec![keep(&header)];
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        if cells.len() == header.len() && optional.iter().all(|&i| cells[i].is_empty()) {
            with.push(line.to_string());
            without.push(keep(&cells));
        }
    }
    (with.join("\n") + "\n", without.join("\n") + "\n")
}

#[test]
fn a_csv_may_leave_out_an_optional_column() {
    let (with, without) = without_optional_columns();
    let records = with.lines().count() - 1;
    assert!(
        records > 20,
        "only {records} records with blank optional cells"
    );
    let a = run_with_stdin(&["eval", POLICY, "-", "--format", "jsonl"], with.as_bytes());
    let b = run_with_stdin(
        &["eval", POLICY, "-", "--format", "jsonl"],
        without.as_bytes(),
    );
    assert!(
        matches!(b.status.code(), Some(0 | 3)),
        "{}",
        String::from_utf8_lossy(&b.stderr)
    );
    assert_eq!(a.status.code(), b.status.code());
    assert_eq!(b.stdout.iter().filter(|&&c| c == b'\n').count(), records);
    assert_eq!(
        a.stdout, b.stdout,
        "a left-out column must read as blank cells"
    );
}

#[test]
fn json_lines_and_a_workbook_may_leave_out_an_optional_column() {
    let (_, without) = without_optional_columns();
    let mut lines = without.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    // JSON Lines: every value as text, as a CSV cell would be.
    let mut jsonl = String::new();
    for row in &rows {
        let object: serde_json::Map<String, serde_json::Value> = header
            .iter()
            .zip(row)
            .map(|(h, c)| (h.to_string(), serde_json::Value::from(*c)))
            .collect();
        jsonl.push_str(&serde_json::Value::Object(object).to_string());
        jsonl.push('\n');
    }
    let from_csv = run_with_stdin(
        &["eval", POLICY, "-", "--format", "jsonl"],
        without.as_bytes(),
    );
    let from_json = run_with_stdin(
        &["eval", POLICY, "-", "--format", "jsonl"],
        jsonl.as_bytes(),
    );
    assert_eq!(
        from_json.status.code(),
        from_csv.status.code(),
        "{}",
        String::from_utf8_lossy(&from_json.stderr)
    );
    assert_eq!(from_json.stdout, from_csv.stdout);
    // A workbook with the same cells, as text.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in header.iter().enumerate() {
        sheet
            .write_string(0, u16::try_from(c).unwrap(), *h)
            .unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (u32::try_from(r + 1).unwrap(), u16::try_from(c).unwrap());
            sheet.write_string(r, c, *cell).unwrap();
        }
    }
    let bytes = book.save_to_buffer().unwrap();
    let from_xlsx = run_with_stdin(&["eval", POLICY, "-", "--format", "jsonl"], &bytes);
    assert_eq!(
        from_xlsx.status.code(),
        from_csv.status.code(),
        "{}",
        String::from_utf8_lossy(&from_xlsx.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&from_xlsx.stdout),
        String::from_utf8_lossy(&from_csv.stdout)
    );
}
