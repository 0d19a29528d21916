//! Records as bureaus hold them: the same data as UTF-8 CSV, GBK CSV, JSON, JSON Lines, an
//! Excel workbook and a CSV in 万元 must give byte-identical `--format jsonl` output, row numbers
//! included; and the outputs made for Excel (`--format csv` with a BOM, `--format xlsx`).
//!
//! Fixtures are under `tests/cases/data/` (`small.*`, with the policies `small.policy` and
//! `small-wan.policy`); workbooks and the conversions of `examples/enterprises.csv` are made
//! here, in a scratch directory.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

use calamine::{open_workbook_auto, Data, Reader};
use rust_decimal::Decimal;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const POLICY: &str = "policies/changchun-2021-7.policy";
const RECORDS: &str = "examples/enterprises.csv";
const SMALL: &str = "tests/cases/data/small.policy";
const SMALL_WAN: &str = "tests/cases/data/small-wan.policy";

/// The money columns of the shipped policy.
const MONEY: [&str; 3] = ["一季度产值2021", "一季度产值2019", "项目一季度产值"];
/// Its count and date columns.
const COUNT: &str = "省外户籍员工数";
const DATE: &str = "项目竣工日期";

struct Output {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `jiangbu eval POLICY RECORDS ARGS…` from the repository root.
fn eval(policy: &str, records: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_jiangbu"))
        .current_dir(root())
        .env("NO_COLOR", "1")
        .arg("eval")
        .arg(policy)
        .arg(records)
        .args(args)
        .output()
        .unwrap();
    Output {
        code: out.status.code(),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `--format jsonl` output, checking the run finished (0, or 3 for data errors).
fn jsonl(policy: &str, records: &Path) -> String {
    let out = eval(policy, records, &["--format", "jsonl"]);
    assert!(
        matches!(out.code, Some(0 | 3)),
        "{}: exit {:?}\n{}",
        records.display(),
        out.code,
        out.stderr
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A fresh scratch directory for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jiangbu-formats-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A CSV file's records (the header first), each with its line number.
fn read_csv(path: &Path) -> Vec<(u64, Vec<String>)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(root().join(path))
        .unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let line = r.position().unwrap().line();
            (line, r.iter().map(String::from).collect())
        })
        .collect()
}

/// A plain decimal number (`-12.5`, `1000`), as a spreadsheet would hold it as a number.
fn is_plain_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let mut parts = digits.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// `YYYY-MM-DD` as a valid date.
fn as_date(text: &str) -> Option<ExcelDateTime> {
    if !is_calendar_date(text) {
        return None;
    }
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    ExcelDateTime::from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// Whether `YYYY-MM-DD` names a day of the calendar.
fn is_calendar_date(text: &str) -> bool {
    let parts: Vec<u32> = text.split('-').filter_map(|p| p.parse().ok()).collect();
    let [y, m, d] = parts[..] else { return false };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    (1..=12).contains(&m) && d >= 1 && d <= days[(m - 1) as usize]
}

/// Write a CSV file as a workbook, each record on its own line's row (row numbers kept):
/// numeric columns as numbers, dates as Excel dates, 是/否 as booleans, the rest as text.
/// `numeric` and `dates` name the columns to convert; `above` title rows are put first.
pub(crate) fn to_xlsx(csv: &Path, out: &Path, numeric: &[&str], dates: &[&str], above: u32) {
    let rows = read_csv(csv);
    let header = rows[0].1.clone();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    for r in 0..above {
        sheet.write_string(r, 0, format!("标题行 {r}")).unwrap();
    }
    for (line, cells) in &rows {
        let row = u32::try_from(*line).unwrap() - 1 + above;
        for (c, text) in cells.iter().enumerate() {
            let column = header[c].as_str();
            let col = u16::try_from(c).unwrap();
            if text.is_empty() {
                continue;
            }
            if *line > 1 && numeric.contains(&column) && is_plain_number(text) {
                sheet
                    .write_number(row, col, f64::from_str(text).unwrap())
                    .unwrap();
            } else if let Some(date) = as_date(text).filter(|_| dates.contains(&column)) {
                sheet
                    .write_datetime_with_format(row, col, &date, &date_format)
                    .unwrap();
            } else if *line > 1 && (text == "是" || text == "否") {
                sheet.write_boolean(row, col, text == "是").unwrap();
            } else {
                sheet.write_string(row, col, text).unwrap();
            }
        }
    }
    book.save(out).unwrap();
}

/// One JSON object per record: numeric columns as JSON numbers (their text as it is), 是/否 as
/// booleans, blanks as null, the rest as strings.
fn json_objects(csv: &Path, numeric: &[&str]) -> Vec<String> {
    let rows = read_csv(csv);
    let header = rows[0].1.clone();
    rows[1..]
        .iter()
        .map(|(_, cells)| {
            let members: Vec<String> = header
                .iter()
                .zip(cells)
                .map(|(h, text)| {
                    let value = if text.is_empty() {
                        "null".to_string()
                    } else if numeric.contains(&h.as_str()) && is_plain_number(text) {
                        text.clone()
                    } else if text == "是" || text == "否" {
                        (text == "是").to_string()
                    } else {
                        serde_json::to_string(text).unwrap()
                    };
                    format!("{}: {value}", serde_json::to_string(h).unwrap())
                })
                .collect();
            format!("{{{}}}", members.join(", "))
        })
        .collect()
}

/// A money cell in 万元: a plain (possibly comma-grouped) number divided by 10,000 exactly; a
/// cell with a unit of its own, or malformed, as it is.
fn in_wan(text: &str) -> String {
    let plain = text.replace(',', "");
    if !is_plain_number(&plain) {
        return text.to_string();
    }
    let yuan = Decimal::from_str(&plain).unwrap();
    (yuan / Decimal::from(10_000)).normalize().to_string()
}

/// The CSV with the `money` columns rewritten in 万元.
fn to_wan_csv(csv: &Path, out: &Path, money: &[&str]) {
    let rows = read_csv(csv);
    let header = rows[0].1.clone();
    let mut writer = csv::Writer::from_path(out).unwrap();
    for (line, cells) in &rows {
        let cells: Vec<String> = cells
            .iter()
            .zip(&header)
            .map(|(text, h)| {
                if *line > 1 && money.contains(&h.as_str()) {
                    in_wan(text)
                } else {
                    text.clone()
                }
            })
            .collect();
        writer.write_record(&cells).unwrap();
    }
    writer.flush().unwrap();
}

/// Put the yuan form back: "`abc` is not <scaled form>" → "`abc` is not <yuan form>".
fn yuan_form(jsonl: &str, count: usize) -> String {
    // The form in either language: the message follows the run's language.
    let (scaled, plain) = (
        jiangbu::data::SCALED_MONEY_FORM.text(),
        jiangbu::data::MONEY_FORM.text(),
    );
    assert_eq!(
        jsonl.matches(scaled.0).count() + jsonl.matches(scaled.1).count(),
        count,
        "{jsonl}"
    );
    // The code too: `jiangbu::cell::scaled_money` is the 万元 column's form of `money`.
    let codes = [
        jiangbu::data::SCALED_MONEY_FORM.code(),
        jiangbu::data::MONEY_FORM.code(),
    ];
    jsonl
        .replace(scaled.0, plain.0)
        .replace(scaled.1, plain.1)
        .replace(codes[0], codes[1])
}

#[test]
fn small_fixtures_in_every_format_give_the_same_jsonl() {
    let reference = jsonl(SMALL, Path::new("tests/cases/data/small.csv"));
    // Hand-computed: A 净增 3000万 × 1% = 30万 (≤ 50万), beats 稳岗 100 × 300 = 3万; C 净增 7000万
    // → 70万, capped at 50万; D 产值 `abc` leaves 第一条 undetermined, so 稳岗 3 × 300 = 900 is
    // provisional; E 净增 10000000.25 × 1% = 100000.0025 → 100000.00.
    let lines: Vec<serde_json::Value> = reference
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let awards: Vec<(&str, u64, &str, bool)> = lines
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap(),
                r["row"].as_u64().unwrap(),
                r["award"]["amount"].as_str().unwrap_or("-"),
                r["award"]["provisional"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        awards,
        [
            ("A", 2, "300000.00", false),
            ("B", 3, "-", false),
            ("C", 4, "500000.00", false),
            ("D", 5, "900.00", true),
            ("E", 6, "100000.00", false),
        ]
    );
    for file in ["small-gbk.csv", "small.json", "small.jsonl"] {
        let path = Path::new("tests/cases/data").join(file);
        assert_eq!(jsonl(SMALL, &path), reference, "{file}");
    }
    let wan = jsonl(SMALL_WAN, Path::new("tests/cases/data/small-wan.csv"));
    assert_eq!(yuan_form(&wan, 1), reference, "small-wan.csv");
    let dir = scratch("small");
    let xlsx = dir.join("small.xlsx");
    to_xlsx(
        Path::new("tests/cases/data/small.csv"),
        &xlsx,
        &["2021年一季度工业总产值", "产值2019", "员工数"],
        &[],
        0,
    );
    assert_eq!(jsonl(SMALL, &xlsx), reference, "small.xlsx");
}

#[test]
fn example_data_in_every_format_gives_the_same_jsonl() {
    let records = Path::new(RECORDS);
    let reference = jsonl(POLICY, records);
    let dir = scratch("example");
    let numeric: Vec<&str> = MONEY.iter().copied().chain([COUNT]).collect();

    let xlsx = dir.join("enterprises.xlsx");
    to_xlsx(records, &xlsx, &numeric, &[DATE], 0);
    assert_eq!(jsonl(POLICY, &xlsx), reference, "xlsx");

    let text = std::fs::read_to_string(root().join(RECORDS)).unwrap();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    let gbk_csv = dir.join("enterprises-gbk.csv");
    std::fs::write(&gbk_csv, &gbk).unwrap();
    assert_eq!(jsonl(POLICY, &gbk_csv), reference, "GBK csv");

    let objects = json_objects(records, &numeric);
    let json = dir.join("enterprises.json");
    std::fs::write(&json, format!("[\n{}\n]\n", objects.join(",\n"))).unwrap();
    assert_eq!(jsonl(POLICY, &json), reference, "json");
    let lines = dir.join("enterprises.jsonl");
    std::fs::write(&lines, objects.join("\n") + "\n").unwrap();
    assert_eq!(jsonl(POLICY, &lines), reference, "jsonl");

    let wan_csv = dir.join("enterprises-wan.csv");
    to_wan_csv(records, &wan_csv, &MONEY);
    let policy = std::fs::read_to_string(root().join(POLICY)).unwrap();
    let mut wan_policy = policy.clone();
    for field in MONEY {
        let start = wan_policy.find(&format!("\n  {field} ")).unwrap() + 1;
        let end = start + wan_policy[start..].find('\n').unwrap();
        wan_policy.insert_str(end, " 单位 万元");
    }
    assert_eq!(wan_policy.matches("单位 万元").count(), 3);
    let wan_policy_path = dir.join("changchun-2021-7-wan.policy");
    std::fs::write(&wan_policy_path, wan_policy).unwrap();
    let wan = jsonl(wan_policy_path.to_str().unwrap(), &wan_csv);
    // The example's one malformed money cell (`abc`) is described with the 万元 column's form.
    assert_eq!(yuan_form(&wan, 1), reference, "万元 csv");
}

#[test]
fn excel_header_row_is_found_below_title_rows_and_rows_keep_sheet_numbers() {
    let dir = scratch("header");
    let xlsx = dir.join("titled.xlsx");
    to_xlsx(
        Path::new("tests/cases/data/small.csv"),
        &xlsx,
        &["2021年一季度工业总产值", "产值2019", "员工数"],
        &[],
        2,
    );
    let rows = |out: &str| -> Vec<u64> {
        out.lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["row"]
                    .as_u64()
                    .unwrap()
            })
            .collect()
    };
    assert_eq!(rows(&jsonl(SMALL, &xlsx)), [4, 5, 6, 7, 8]);
    let given = eval(SMALL, &xlsx, &["--format", "jsonl", "--header-row", "3"]);
    assert_eq!(
        rows(&String::from_utf8(given.stdout).unwrap()),
        [4, 5, 6, 7, 8]
    );
    let wrong = eval(SMALL, &xlsx, &["--header-row", "2"]);
    assert_eq!(wrong.code, Some(1));
    assert!(
        wrong.stderr.contains("jiangbu::data::missing_columns"),
        "{}",
        wrong.stderr
    );
    let sheet = eval(SMALL, &xlsx, &["--sheet", "Sheet2"]);
    assert_eq!(sheet.code, Some(1));
    assert!(
        // The policy is Chinese, so is the message.
        sheet.stderr.contains("中没有工作表 `Sheet2`"),
        "{}",
        sheet.stderr
    );
    assert!(
        // Its help too (issue 14: it was in English only).
        sheet.stderr.contains("是否指 `Sheet1`？"),
        "{}",
        sheet.stderr
    );
}

#[test]
fn unknown_columns_are_warned_once_per_file_without_changing_the_exit_status() {
    let dir = scratch("unknown");
    let clean = dir.join("clean.csv");
    std::fs::write(
        &clean,
        "编号,所属地区,产值2021,产值2019,连续生产,员工数,备注,联系人\nA,朝阳区,6000万,3000万,是,100,,张三\nB,朝阳区,1,1,否,1,x,李四\n",
    )
    .unwrap();
    let out = eval(SMALL, &clean, &["--format", "jsonl"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(
        out.stderr.matches("jiangbu::data::unknown_columns").count(),
        1
    );
    // In the run's language: the policy is Chinese (issue 14: the warning was in English only).
    for part in ["有政策不认识的列", "`备注`", "`联系人`"] {
        assert!(out.stderr.contains(part), "{}", out.stderr);
    }
    // Two files: one warning each.
    let both = Command::new(env!("CARGO_BIN_EXE_jiangbu"))
        .current_dir(root())
        .env("NO_COLOR", "1")
        .args(["eval", SMALL])
        .arg(&clean)
        .arg("tests/cases/data/small.jsonl")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&both.stderr);
    assert_eq!(
        stderr.matches("jiangbu::data::unknown_columns").count(),
        2,
        "{stderr}"
    );
}

#[test]
fn csv_output_has_a_bom_unless_no_bom() {
    let records = Path::new("tests/cases/data/small.csv");
    let with = eval(SMALL, records, &["--format", "csv"]);
    // The policy is Chinese, so are the headers: 行 (the row), then the key field's name.
    assert!(
        with.stdout.starts_with("\u{feff}行,编号,".as_bytes()),
        "{:?}",
        &with.stdout[..8]
    );
    let without = eval(SMALL, records, &["--format", "csv", "--no-bom"]);
    assert!(without.stdout.starts_with("行,编号,".as_bytes()));
    assert_eq!(&with.stdout[3..], &without.stdout[..]);
}

#[test]
fn csv_options_encoding_and_delimiter() {
    let dir = scratch("options");
    let reference = jsonl(SMALL, Path::new("tests/cases/data/small.csv"));
    let gbk = Path::new("tests/cases/data/small-gbk.csv");
    let forced = eval(SMALL, gbk, &["--format", "jsonl", "--encoding", "gbk"]);
    assert_eq!(String::from_utf8(forced.stdout).unwrap(), reference);
    let as_utf8 = eval(SMALL, gbk, &["--format", "jsonl", "--encoding", "utf-8"]);
    assert_eq!(
        as_utf8.code,
        Some(1),
        "GBK bytes are not the field names in UTF-8"
    );
    let text = std::fs::read_to_string(root().join("tests/cases/data/small.csv")).unwrap();
    let tsv = dir.join("small.tsv");
    std::fs::write(
        &tsv,
        text.replace(",\"1,234.50\",", ",1234.50,")
            .replace(',', "\t"),
    )
    .unwrap();
    assert_eq!(jsonl(SMALL, &tsv), reference, "tsv");
    let semi = dir.join("small-semicolon.csv");
    std::fs::write(
        &semi,
        text.replace(",\"1,234.50\",", ",1234.50,")
            .replace(',', ";"),
    )
    .unwrap();
    let out = eval(SMALL, &semi, &["--format", "jsonl", "--delimiter", ";"]);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), reference);
    let bad = eval(SMALL, &semi, &["--delimiter", "ab"]);
    assert_eq!(bad.code, Some(2), "a usage error");
    // In the policy's language (Chinese), not clap's English.
    assert!(
        bad.stderr.contains("jiangbu::cli::delimiter"),
        "{}",
        bad.stderr
    );
    assert!(bad.stderr.contains("`ab` 不是分隔符"), "{}", bad.stderr);
}

#[test]
fn xlsx_needs_an_output_file() {
    let out = eval(
        SMALL,
        Path::new("tests/cases/data/small.csv"),
        &["--format", "xlsx"],
    );
    assert_eq!(out.code, Some(2), "a usage error");
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr.contains("jiangbu::cli::xlsx_output"),
        "{}",
        out.stderr
    );
    // The policy is Chinese: the refusal is too.
    assert!(out.stderr.contains("-o 结果.xlsx"), "{}", out.stderr);
}

/// A sheet's rows as text (numbers in their shortest form).
fn sheet_text(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut book = open_workbook_auto(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) => format!("{f}"),
                    Data::Int(i) => i.to_string(),
                    Data::Bool(b) => b.to_string(),
                    other => format!("{other:?}"),
                })
                .collect()
        })
        .collect()
}

/// An amount as the table prints it (two decimals), from the workbook's number.
fn fen(text: &str) -> String {
    format!("{:.2}", Decimal::from_str(text).unwrap())
}

#[test]
fn xlsx_output_holds_the_table_totals() {
    let sets = crate::common::SET_ALL;
    let records = Path::new(RECORDS);
    let table = eval(POLICY, records, &sets);
    let table = String::from_utf8(table.stdout).unwrap();
    let dir = scratch("xlsx-out");
    let out = dir.join("results.xlsx");
    let mut args = vec!["--format", "xlsx", "-o", out.to_str().unwrap()];
    args.extend(sets);
    let run = eval(POLICY, records, &args);
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    assert!(run.stdout.is_empty());

    // A Chinese policy's workbook: sheets 结果 and 汇总, headers in Chinese, the key, name and
    // area columns headed by their fields.
    let results = sheet_text(&out, "结果");
    assert_eq!(results.len(), 1 + 101);
    assert_eq!(
        results[0][..4],
        ["行", "统一社会信用代码", "企业名称", "所属地区"]
    );
    assert_eq!(results[1][0], "2");
    assert_eq!(results[101][0], "102");

    let summary = sheet_text(&out, "汇总");
    let value = |label: &str| -> String {
        summary
            .iter()
            .find(|r| r[0] == label)
            .unwrap_or_else(|| panic!("no `{label}` row"))[1]
            .clone()
    };
    // The table's last line: 共 N 户：… 已定给予金额合计 X 元；数据有误 M 户.
    let last = table.lines().rfind(|l| l.starts_with("共 ")).unwrap();
    let words: Vec<&str> = last.split([' ', '：', '，', '；']).collect();
    let after = |w: &str| words[words.iter().position(|x| *x == w).unwrap() + 1];
    assert_eq!(value("企业"), after("共"));
    // The table groups thousands; the workbook's cell is a number.
    assert_eq!(
        fen(&value("已定给予金额合计（元）")),
        after("已定给予金额合计").replace(',', "")
    );
    assert_eq!(value("数据有误"), after("数据有误"));
    assert!(
        after("已定给予金额合计") != "0.00",
        "the sets make the total non-zero"
    );

    // Per clause and per area: the table's rows, by their first cells.
    let table_row = |first: &str| -> Vec<String> {
        table
            .lines()
            .find(|l| l.starts_with(first))
            .unwrap_or_else(|| panic!("no table row `{first}`"))
            .split_whitespace()
            .map(String::from)
            .collect()
    };
    let clause_rows: Vec<&Vec<String>> = summary
        .iter()
        .filter(|r| r[0].starts_with('第') && r[1] == "奖补")
        .collect();
    // The subsidies of clauses 1, 2, 3, 4, 6, 7 and 8.
    assert_eq!(clause_rows.len(), 7);
    for row in clause_rows {
        let printed = table_row(&row[0]);
        // 条款 (two words), 类别, 符合 … 给予金额, 给予金额待定: the paid sum is the second last
        // column, the count of records paid an amount not known yet the last.
        assert_eq!(
            fen(&row[9]),
            printed[printed.len() - 2].replace(',', ""),
            "{row:?}"
        );
        assert_eq!(
            &fen(&row[10]),
            &format!("{}.00", printed[printed.len() - 1]),
            "{row:?}"
        );
        assert_eq!(&row[8], &printed[printed.len() - 3], "{row:?}");
    }
    let areas = summary
        .iter()
        .skip_while(|r| r[0] != "按地区汇总")
        .skip(2)
        .take_while(|r| !r[0].is_empty());
    let mut seen = 0;
    for row in areas {
        let printed = table_row(&row[0]);
        assert_eq!(printed[1], row[1], "{row:?}");
        assert_eq!(printed[3].replace(',', ""), fen(&row[3]), "{row:?}");
        seen += 1;
    }
    assert!(seen >= 10, "{seen} areas");
}
