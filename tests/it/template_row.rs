//! A records file that still holds the description row of `jiangbu schema --labels`' template
//! (row 2): the reader skips it with one warning (`jiangbu::data::template_row`), the other
//! rows keep their numbers, and the output is that of the file with row 2 left empty. A row 2
//! that differs from the template in one mapped cell is data, as before.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

const POLICY: &str = "policies/changchun-2021-7.policy";
const POLICY_EN: &str = "policies/changchun-2021-7.en.policy";
const RECORDS: &str = "examples/enterprises.csv";
const CODE: &str = "jiangbu::data::template_row";
const WARNING_ZH: &str = "第 2 行是 `jiangbu schema --labels` 模板的说明行，已跳过";
const WARNING_EN: &str =
    "row 2 is the description row of the `jiangbu schema --labels` template: skipped";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jiangbu-template-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn jiangbu(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_jiangbu"))
        .current_dir(root())
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The two lines `schema POLICY --labels` writes (header, description row), without the BOM.
fn template(policy: &str, extra: &[&str]) -> (String, String) {
    let mut args = vec!["schema", policy, "--labels"];
    args.extend_from_slice(extra);
    let out = jiangbu(&args);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let text = out.stdout.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    let header = lines.next().unwrap().to_owned();
    let notes = lines.next().unwrap().to_owned();
    assert_eq!(lines.next(), None);
    (header, notes)
}

/// The example records' lines after their header, which must be `header`.
fn example_records(header: &str) -> String {
    let text = std::fs::read_to_string(root().join(RECORDS)).unwrap();
    let (first, rest) = text.split_once('\n').unwrap();
    assert_eq!(first.trim_end_matches('\r'), header);
    rest.to_owned()
}

/// A row of empty cells as wide as `header`: a blank row 2, which every reader skips but
/// counts.
fn blank_row(header: &str) -> String {
    ",".repeat(header.matches(',').count())
}

/// Write `header`, `row2` and the example records as `name` in `dir`.
fn write(dir: &Path, name: &str, header: &str, row2: &str, records: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("{header}\n{row2}\n{records}")).unwrap();
    path
}

/// `eval POLICY FILE --format jsonl --jobs N ARGS…`.
fn eval(policy: &str, file: &Path, jobs: &str, args: &[&str]) -> Run {
    let file = file.to_str().unwrap();
    let mut all = vec!["eval", policy, file, "--format", "jsonl", "--jobs", jobs];
    all.extend_from_slice(args);
    jiangbu(&all)
}

/// The file with the template row and the one with row 2 left empty give the same jsonl and
/// the same exit status (3: the example data has 3 malformed cells), with or without `--jobs`
/// 2; the first only warns, once, with `warning` (in the run's language).
fn same_as_blank_row(policy: &str, with: &Path, blank: &Path, args: &[&str], warning: &str) {
    // Diagnostics as JSON lines, so a message is not wrapped to the terminal's width.
    let args = [args, &["--error-format", "json"]].concat();
    let args = args.as_slice();
    for jobs in ["1", "2"] {
        let skipped = eval(policy, with, jobs, args);
        let reference = eval(policy, blank, jobs, args);
        assert_eq!(reference.code, Some(3), "{}", reference.stderr);
        assert_eq!(skipped.code, reference.code, "{}", skipped.stderr);
        // Line by line, so a difference shows one record rather than the whole output.
        assert_eq!(
            skipped.stdout.lines().count(),
            reference.stdout.lines().count()
        );
        for (a, b) in skipped.stdout.lines().zip(reference.stdout.lines()) {
            assert_eq!(a, b, "--jobs {jobs}");
        }
        assert_eq!(
            skipped.stderr.matches(CODE).count(),
            1,
            "{}",
            skipped.stderr
        );
        let warned = skipped
            .stderr
            .lines()
            .find(|line| line.contains(CODE))
            .unwrap();
        let warned: serde_json::Value = serde_json::from_str(warned).unwrap();
        assert_eq!(warned["severity"], "warning");
        let message = warned["message"].as_str().unwrap();
        assert!(message.ends_with(warning), "{message}");
        assert!(!reference.stderr.contains(CODE), "{}", reference.stderr);
        // Row numbers are the file's: 101 enterprises on rows 3 to 103 (header row 1, the
        // skipped row 2), the first on row 3; `maybe` (line 27 of the example, one line
        // further down here) is reported on row 28.
        let lines: Vec<&str> = skipped.stdout.lines().collect();
        assert_eq!(lines.len(), 101);
        assert!(lines[0].contains("\"row\":3,"), "{}", lines[0]);
        assert!(lines[100].contains("\"row\":103,"), "{}", lines[100]);
        assert!(
            skipped
                .stdout
                .contains("{\"row\":28,\"column\":\"春节连续生产\",\"value\":\"maybe\""),
            "{}",
            skipped.stdout
        );
    }
}

#[test]
fn the_chinese_template_row_is_skipped_with_a_chinese_warning_and_rows_keep_their_numbers() {
    let dir = scratch("zh");
    let (header, notes) = template(POLICY, &[]);
    // The Chinese template: `文本` for the key, `是否（是/否）` for a yes/no column.
    assert!(
        notes.starts_with("文本,文本,文本,是否重点企业；是否（是/否）,"),
        "{notes}"
    );
    let records = example_records(&header);
    let with = write(&dir, "with.csv", &header, &notes, &records);
    let blank = write(&dir, "blank.csv", &header, &blank_row(&header), &records);
    same_as_blank_row(POLICY, &with, &blank, &[], WARNING_ZH);
    // In English with `--lang en`; and an English template read in a Chinese run is skipped
    // too (either language, the whole row in one).
    same_as_blank_row(POLICY, &with, &blank, &["--lang", "en"], WARNING_EN);
    let (_, english) = template(POLICY, &["--lang", "en"]);
    assert!(english.starts_with("text,text,text,"), "{english}");
    let with_en = write(&dir, "with-en.csv", &header, &english, &records);
    same_as_blank_row(POLICY, &with_en, &blank, &[], WARNING_ZH);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_english_policys_template_row_is_skipped_with_an_english_warning() {
    let dir = scratch("en");
    let (header, notes) = template(POLICY_EN, &[]);
    assert!(notes.starts_with("text,text,text,"), "{notes}");
    let records = example_records(&header);
    let with = write(&dir, "with.csv", &header, &notes, &records);
    let blank = write(&dir, "blank.csv", &header, &blank_row(&header), &records);
    same_as_blank_row(POLICY_EN, &with, &blank, &[], WARNING_EN);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_workbook_with_the_template_row_is_read_as_without_it() {
    let dir = scratch("xlsx");
    let (header, notes) = template(POLICY, &[]);
    let records = example_records(&header);
    let with_csv = write(&dir, "with.csv", &header, &notes, &records);
    let blank_csv = write(&dir, "blank.csv", &header, &blank_row(&header), &records);
    let (with, blank) = (dir.join("with.xlsx"), dir.join("blank.xlsx"));
    let money = [
        "一季度产值2021",
        "一季度产值2019",
        "项目一季度产值",
        "省外户籍员工数",
    ];
    super::formats::to_xlsx(&with_csv, &with, &money, &["项目竣工日期"], 0);
    super::formats::to_xlsx(&blank_csv, &blank, &money, &["项目竣工日期"], 0);
    same_as_blank_row(POLICY, &with, &blank, &[], WARNING_ZH);
    same_as_blank_row(POLICY, &with, &blank, &["--lang", "en"], WARNING_EN);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_row_2_that_differs_in_one_cell_is_data() {
    let dir = scratch("changed");
    let (header, notes) = template(POLICY, &[]);
    let records = example_records(&header);
    // The key cell `文本` becomes `文本2`: every other cell is still the template's.
    let changed = notes.replacen("文本,", "文本2,", 1);
    assert_ne!(changed, notes);
    let file = write(&dir, "changed.csv", &header, &changed, &records);
    for jobs in ["1", "2"] {
        let out = eval(POLICY, &file, jobs, &[]);
        // Exit 3 as ever; no warning; the row is an enterprise on row 2 with its errors.
        assert_eq!(out.code, Some(3), "{}", out.stderr);
        assert!(!out.stderr.contains(CODE), "{}", out.stderr);
        // 102 records: the example's 101 and row 2.
        let lines: Vec<&str> = out.stdout.lines().collect();
        assert_eq!(lines.len(), 102);
        let first: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(first["id"], "文本2");
        assert_eq!(first["row"], 2);
        // 19 columns, 3 of them text (the key, the name, the area): the 16 others do not read
        // as their types (`是否（是/否）` is not yes or no, `金额（元）` not money, …).
        let errors = first["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 19 - 3, "{errors:?}");
        assert!(errors.iter().all(|e| e["row"] == 2));
        assert_eq!(errors[0]["column"], "重点企业");
        assert_eq!(errors[0]["value"], "是否重点企业；是否（是/否）");
        // 3 + 1 records with data errors.
        assert!(out.stderr.contains("4 户数据有误"), "{}", out.stderr);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `diff` reads the same file for both sides: the template row is skipped (the comparison is
/// that of the file without it: row 2 left blank) and said once.
#[test]
fn diff_skips_the_template_row_and_says_so_once() {
    let dir = scratch("diff");
    let (header, notes) = template(POLICY, &[]);
    let records = example_records(&header);
    let with = write(&dir, "with.csv", &header, &notes, &records);
    let blank = write(&dir, "blank.csv", &header, &blank_row(&header), &records);
    let diff = |file: &Path| {
        jiangbu(&[
            "diff",
            POLICY,
            POLICY,
            file.to_str().unwrap(),
            "--set-new",
            "第一条奖补=50万元",
            "--format",
            "json",
            "--error-format",
            "json",
        ])
    };
    let (skipped, reference) = (diff(&with), diff(&blank));
    assert_eq!(skipped.code, reference.code);
    assert_eq!(skipped.stdout, reference.stdout);
    assert_eq!(
        skipped.stderr.matches(WARNING_ZH).count(),
        1,
        "{}",
        skipped.stderr
    );
    assert!(
        !reference.stderr.contains(WARNING_ZH),
        "{}",
        reference.stderr
    );
    let _ = std::fs::remove_dir_all(&dir);
}
