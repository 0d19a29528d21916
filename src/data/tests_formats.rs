//! Tests of the format-independent entry point and the Excel and JSON readers.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Workbook};

use super::*;
use crate::schema::{FieldType, Schema};

use super::tests::field;

/// 代码 (key), 产值 (money, labelled 工业总产值), 人数, 连续生产, 竣工日期 (optional), 增长.
fn schema() -> Schema {
    let mut key = field("代码", FieldType::Text);
    key.key = true;
    let mut output = field("产值", FieldType::Money);
    output.label = Some("工业总产值".to_owned());
    let mut date = field("竣工日期", FieldType::Date);
    date.optional = true;
    Schema {
        fields: vec![
            key,
            output,
            field("人数", FieldType::Count),
            field("连续生产", FieldType::Bool),
            date,
            field("增长", FieldType::Ratio),
        ],
    }
}

fn num(text: &str) -> Cell {
    Cell::Num(Decimal::from_str(text).unwrap())
}

/// A fresh scratch directory for one test, removed with everything in it when dropped.
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn scratch(test: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("jiangbu-data-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    Scratch(dir)
}

fn read_all(path: &Path, options: &ReadOptions) -> Vec<Row> {
    open_records(path, &schema(), options)
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn format_by_extension() {
    assert_eq!(InputFormat::of(Path::new("a.XLSX")), InputFormat::Excel);
    assert_eq!(InputFormat::of(Path::new("a.ods")), InputFormat::Excel);
    assert_eq!(InputFormat::of(Path::new("a.xls")), InputFormat::Excel);
    assert_eq!(InputFormat::of(Path::new("a.jsonl")), InputFormat::Json);
    assert_eq!(InputFormat::of(Path::new("a.json")), InputFormat::Json);
    assert_eq!(InputFormat::of(Path::new("a.tsv")), InputFormat::Tsv);
    assert_eq!(InputFormat::of(Path::new("a.csv")), InputFormat::Csv);
    assert_eq!(InputFormat::of(Path::new("a")), InputFormat::Csv);
}

/// A workbook with two title rows above the header, numbers as floats, a date cell, a serial
/// number in the date column, a text date and a blank row.
fn workbook(path: &Path) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("说明").unwrap();
    sheet.write_string(0, 0, "this sheet is not data").unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("企业").unwrap();
    sheet.write_string(0, 0, "2021年一季度企业名单").unwrap();
    let header = [
        "代码",
        "工业总产值",
        "人数",
        "连续生产",
        "竣工日期",
        "增长",
        "备注",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet
            .write_string(2, u16::try_from(c).unwrap(), *h)
            .unwrap();
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    // Row 4 (index 3).
    sheet.write_string(3, 0, "A1").unwrap();
    sheet.write_number(3, 1, 53_000_000.0).unwrap();
    sheet.write_number(3, 2, 45.0).unwrap();
    sheet.write_boolean(3, 3, true).unwrap();
    let day = rust_xlsxwriter::ExcelDateTime::from_ymd(2020, 3, 1).unwrap();
    sheet.write_datetime_with_format(3, 4, &day, &date).unwrap();
    sheet.write_number(3, 5, 0.065).unwrap();
    sheet.write_string(3, 6, "note").unwrap();
    // Row 5 is blank; row 6 (index 5).
    sheet.write_string(5, 0, "A2").unwrap();
    sheet.write_number(5, 1, 1234.5).unwrap();
    sheet.write_string(5, 2, "12人").unwrap();
    sheet.write_string(5, 3, "否").unwrap();
    sheet.write_number(5, 4, 43891.0).unwrap();
    sheet.write_string(5, 5, "6%").unwrap();
    // Row 7 (index 6): a float that is no whole count, and a text date.
    sheet.write_string(6, 0, "A3").unwrap();
    sheet.write_number(6, 2, 0.1 + 0.2).unwrap();
    sheet.write_string(6, 3, "1").unwrap();
    sheet.write_string(6, 4, "2021年3月5日").unwrap();
    // Row 8 (index 7): a cell right of the header.
    sheet.write_string(7, 0, "A4").unwrap();
    sheet.write_string(7, 8, "stray").unwrap();
    book.save(path).unwrap();
}

#[test]
fn excel_sheet_header_numbers_and_dates() {
    let dir = scratch("excel");
    let path = dir.join("企业.xlsx");
    workbook(&path);
    let options = ReadOptions {
        sheet: Some("企业".to_owned()),
        ..ReadOptions::default()
    };
    let records = open_records(&path, &schema(), &options).unwrap();
    assert_eq!(records.format(), InputFormat::Excel);
    assert_eq!(records.unknown_columns(), ["备注"]);
    let warning = records.unknown_columns_warning().unwrap();
    assert!(warning.to_string().contains("`备注`"), "{warning}");
    let rows: Vec<Row> = records.map(Result::unwrap).collect();
    assert_eq!(
        rows.iter().map(|r| r.line).collect::<Vec<_>>(),
        [4, 6, 7, 8]
    );
    let date = |y, m, d| Cell::Date(Date::from_ymd(y, m, d).unwrap());
    assert_eq!(
        rows[0].cells,
        [
            Cell::Text("A1".into()),
            num("53000000"),
            num("45"),
            Cell::Bool(true),
            date(2020, 3, 1),
            num("0.065"),
        ]
    );
    assert!(rows[0].errors.is_empty(), "{:?}", rows[0].errors);
    assert_eq!(rows[1].cells[1], num("1234.5"));
    assert_eq!(rows[1].cells[2], num("12"));
    assert_eq!(rows[1].cells[4], date(2020, 3, 1), "serial 43891");
    assert_eq!(rows[1].cells[5], num("0.06"));
    // The float 0.1 + 0.2 is written as the shortest decimal that reads back the same.
    let problems: Vec<String> = rows[2].errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        ["row 7, column `人数`: `0.30000000000000004` is not a whole number (zero or more), such as 12, 1,200 or 12人"]
    );
    assert_eq!(rows[2].cells[4], date(2021, 3, 5));
    assert_eq!(rows[3].errors.len(), 1);
    assert!(
        matches!(
            rows[3].errors[0].problem,
            super::CellProblem::RightOfHeader { .. }
        ),
        "{:?}",
        rows[3].errors
    );
}

#[test]
fn excel_first_sheet_and_header_row_option() {
    let dir = scratch("excel-first");
    let path = dir.join("企业.xlsx");
    workbook(&path);
    // The first visible sheet names no field: its first non-blank row is taken, and fails.
    let err = open_records(&path, &schema(), &ReadOptions::default())
        .err()
        .unwrap();
    assert!(matches!(err, ReadError::MissingColumns { .. }), "{err}");
    let options = ReadOptions {
        sheet: Some("企业".to_owned()),
        header_row: Some(3),
        ..ReadOptions::default()
    };
    assert_eq!(read_all(&path, &options).len(), 4);
    let options = ReadOptions {
        sheet: Some("企业".to_owned()),
        header_row: Some(2),
        ..ReadOptions::default()
    };
    let err = open_records(&path, &schema(), &options).err().unwrap();
    assert!(
        matches!(err, ReadError::HeaderRow { row: 2, .. }),
        "{err:?}"
    );
    let options = ReadOptions {
        sheet: Some("企 业".to_owned()),
        ..ReadOptions::default()
    };
    let err = open_records(&path, &schema(), &options).err().unwrap();
    let ReadError::Sheet { help, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(help, "did you mean `企业`?");
}

#[test]
fn excel_errors_name_the_file() {
    let dir = scratch("excel-broken");
    let path = dir.join("broken.xlsx");
    std::fs::write(&path, b"not a zip file").unwrap();
    let err = open_records(&path, &schema(), &ReadOptions::default())
        .err()
        .unwrap();
    assert!(matches!(err, ReadError::Excel { .. }), "{err:?}");
    assert!(err.to_string().contains("broken.xlsx"), "{err}");
    let missing = dir.join("missing.xlsx");
    let err = open_records(&missing, &schema(), &ReadOptions::default())
        .err()
        .unwrap();
    assert!(matches!(err, ReadError::Open { .. }), "{err:?}");
}

#[test]
fn excel_number_text_is_the_typed_decimal() {
    for (value, text) in [
        (53_000_000.0, "53000000"),
        (1234.5, "1234.5"),
        (0.06, "0.06"),
        (1e21, "1000000000000000000000"),
        (-200.0, "-200"),
    ] {
        assert_eq!(excel::number_text(value).as_deref(), Some(text));
    }
    assert_eq!(excel::number_text(f64::NAN), None);
}

#[test]
fn excel_error_cells_are_cell_errors() {
    let mut typer = typing::Typer::new(&schema(), &ReadOptions::default(), "t");
    let error = calamine::Data::Error(calamine::CellErrorType::Div0);
    let cells = [None, excel::source(&error, None)];
    let row = typer.row(5, &cells, Vec::new());
    assert_eq!(row.cells[1], Cell::Malformed);
    let problems: Vec<String> = row.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "row 5, column `产值`: the cell holds the spreadsheet error `#DIV/0!`; correct its formula or clear it",
            "row 5, column `代码`: the key is blank",
        ]
    );
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn json_array_and_lines_read_the_same() {
    let dir = scratch("json");
    let array = write(
        &dir,
        "a.json",
        "\u{feff}[{\"代码\":\"A1\",\"工业总产值\":53000000,\"人数\":45,\"连续生产\":true,\"竣工日期\":null,\"增长\":\"6%\",\"备注\":1},\n {\"代码\":\"A2\",\"产值\":1234.50,\"人数\":\"12\",\"连续生产\":false,\"增长\":6.5e-2}]".as_bytes(),
    );
    let lines = write(
        &dir,
        "a.jsonl",
        "{\"代码\":\"A1\",\"工业总产值\":53000000,\"人数\":45,\"连续生产\":true,\"竣工日期\":null,\"增长\":\"6%\",\"备注\":1}\n\n{\"代码\":\"A2\",\"产值\":1234.50,\"人数\":\"12\",\"连续生产\":false,\"增长\":6.5e-2}\n".as_bytes(),
    );
    let from_array = read_all(&array, &ReadOptions::default());
    let from_lines = read_all(&lines, &ReadOptions::default());
    assert_eq!(from_array, from_lines);
    assert_eq!(
        from_array.iter().map(|r| r.line).collect::<Vec<_>>(),
        [2, 3]
    );
    assert_eq!(
        from_array[0].cells,
        [
            Cell::Text("A1".into()),
            num("53000000"),
            num("45"),
            Cell::Bool(true),
            Cell::Blank,
            num("0.06"),
        ]
    );
    assert_eq!(from_array[1].cells[1], num("1234.5"));
    assert_eq!(
        from_array[1].cells[4],
        Cell::Blank,
        "a key left out is blank"
    );
    assert_eq!(from_array[1].cells[5], num("0.065"));
    let records = open_records(&lines, &schema(), &ReadOptions::default()).unwrap();
    assert_eq!(records.unknown_columns(), ["备注"]);
}

#[test]
fn json_numbers_keep_every_digit() {
    let dir = scratch("json-digits");
    let path = write(
        &dir,
        "d.jsonl",
        r#"{"代码":"A","产值":12345678901234567890.12,"人数":1,"连续生产":1,"竣工日期":"2021-03-05","增长":0.1}"#
            .as_bytes(),
    );
    let rows = read_all(&path, &ReadOptions::default());
    assert_eq!(rows[0].cells[1], num("12345678901234567890.12"));
    assert!(rows[0].errors.is_empty(), "{:?}", rows[0].errors);
}

#[test]
fn json_bad_values_are_cell_errors_and_bad_json_is_an_error() {
    let dir = scratch("json-bad");
    let path = write(
        &dir,
        "b.jsonl",
        "{\"代码\":\"A\",\"产值\":[1],\"人数\":\"abc\",\"连续生产\":\"maybe\",\"竣工日期\":null,\"增长\":null}\n{\"代码\":\"A\",\"产值\":1,\"产值\":2,\"人数\":1,\"连续生产\":1,\"竣工日期\":null,\"增长\":null}\n{\"代码\": oops}\n".as_bytes(),
    );
    let mut records = open_records(&path, &schema(), &ReadOptions::default()).unwrap();
    let first = records.next().unwrap().unwrap();
    let problems: Vec<String> = first.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "row 2, column `产值`: `[1]` is not money in yuan, such as 5000, 1,234.50, 5000万 or 1.2亿",
            "row 2, column `人数`: `abc` is not a whole number (zero or more), such as 12, 1,200 or 12人",
            "row 2, column `连续生产`: `maybe` is not yes or no, written 是/否, Y/N, yes/no, true/false or 1/0",
        ]
    );
    let second = records.next().unwrap().unwrap();
    let problems: Vec<String> = second.errors.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains("twice"), "{problems:?}");
    assert!(problems[1].contains("duplicate key `A`"), "{problems:?}");
    let err = records.next().unwrap().err().unwrap();
    assert!(
        matches!(err, ReadError::Json { line: 3, .. }),
        "{err:?}: {err}"
    );
    assert!(records.next().is_none());
}

#[test]
fn json_first_record_must_name_every_required_field() {
    let dir = scratch("json-missing");
    let path = write(&dir, "m.json", r#"[{"代码":"A","产值数":1}]"#.as_bytes());
    let err = open_records(&path, &schema(), &ReadOptions::default())
        .err()
        .unwrap();
    let ReadError::MissingColumns { missing, .. } = &err else {
        panic!("{err:?}")
    };
    // 竣工日期 is optional (`可选`): a file may leave its column out.
    assert_eq!(missing, &["产值", "人数", "连续生产", "增长"]);
    let empty = write(&dir, "e.jsonl", b"\n \n");
    let err = open_records(&empty, &schema(), &ReadOptions::default())
        .err()
        .unwrap();
    assert!(matches!(err, ReadError::Empty { .. }), "{err:?}");
    let not_objects = write(&dir, "n.json", b"[1, 2]");
    let err = open_records(&not_objects, &schema(), &ReadOptions::default())
        .err()
        .unwrap();
    assert!(err.to_string().contains("expected a JSON object"), "{err}");
}

const HEADER: &str = "代码,产值,人数,连续生产,竣工日期,增长\n";

#[test]
fn tsv_by_extension_and_delimiter_option() {
    let dir = scratch("tsv");
    let text = "代码\t产值\t人数\t连续生产\t竣工日期\t增长\nA\t1,234\t3\t是\t\t6%\n";
    let tsv = write(&dir, "a.tsv", text.as_bytes());
    let rows = read_all(&tsv, &ReadOptions::default());
    assert_eq!(rows[0].cells[1], num("1234"));
    let semi = write(
        &dir,
        "a.csv",
        "代码;产值;人数;连续生产;竣工日期;增长\nA;1,234;3;是;;6%\n".as_bytes(),
    );
    let options = ReadOptions {
        delimiter: Some(b';'),
        ..ReadOptions::default()
    };
    assert_eq!(read_all(&semi, &options), rows);
}

#[test]
fn forced_encodings() {
    let dir = scratch("encoding");
    let text = format!("{HEADER}A,1,1,是,,6%\n");
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let path = write(&dir, "gbk.csv", &gbk);
    let sniffed = read_all(&path, &ReadOptions::default());
    assert_eq!(sniffed[0].cells[3], Cell::Bool(true));
    for encoding in [TextEncoding::Gbk, TextEncoding::Gb18030] {
        let options = ReadOptions {
            encoding: Some(encoding),
            ..ReadOptions::default()
        };
        assert_eq!(read_all(&path, &options), sniffed);
    }
    // Forced UTF-8: the GBK header is not read as the field names.
    let options = ReadOptions {
        encoding: Some(TextEncoding::Utf8),
        ..ReadOptions::default()
    };
    let err = open_records(&path, &schema(), &options).err().unwrap();
    assert!(matches!(err, ReadError::MissingColumns { .. }), "{err:?}");
}

#[test]
fn csv_header_row_option_counts_rows_as_a_spreadsheet() {
    let dir = scratch("csv-header-row");
    let text = format!("企业名单,,\n\n{HEADER}A,1,1,是,,6%\n\nB,2,2,否,,1%\n");
    let path = write(&dir, "h.csv", text.as_bytes());
    let options = ReadOptions {
        header_row: Some(3),
        ..ReadOptions::default()
    };
    let rows = read_all(&path, &options);
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [4, 6]);
    let options = ReadOptions {
        header_row: Some(2),
        ..ReadOptions::default()
    };
    let err = open_records(&path, &schema(), &options).err().unwrap();
    assert!(
        matches!(err, ReadError::HeaderRow { row: 2, .. }),
        "{err:?}"
    );
    let options = ReadOptions {
        header_row: Some(30),
        ..ReadOptions::default()
    };
    let err = open_records(&path, &schema(), &options).err().unwrap();
    assert!(
        matches!(err, ReadError::HeaderRow { row: 30, .. }),
        "{err:?}"
    );
}

/// A small deterministic generator (xorshift) for the mangling tests.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Flip, drop and insert bytes of `bytes`.
fn mangle(rng: &mut Rng, bytes: &[u8]) -> Vec<u8> {
    let mut bytes = bytes.to_vec();
    for _ in 0..=rng.below(8) {
        let at = rng.below(bytes.len());
        match rng.below(3) {
            0 => bytes[at] = rng.next().to_le_bytes()[0],
            1 => bytes.truncate(at.max(1)),
            _ => bytes.insert(at, rng.next().to_le_bytes()[0]),
        }
    }
    bytes
}

#[test]
fn mangled_workbooks_and_json_never_panic() {
    let dir = scratch("mangled");
    let good = dir.join("good.xlsx");
    workbook(&good);
    let xlsx = std::fs::read(&good).unwrap();
    let json = "[{\"代码\":\"A1\",\"工业总产值\":53000000,\"人数\":45,\"连续生产\":true,\"竣工日期\":null,\"增长\":\"6%\"},\n{\"代码\":\"A2\",\"产值\":1e400,\"人数\":-1,\"连续生产\":[],\"竣工日期\":{},\"增长\":1E-99999}]";
    let options = ReadOptions {
        sheet: Some("企业".to_owned()),
        ..ReadOptions::default()
    };
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut rows = 0;
    for i in 0..300 {
        let (name, bytes) = match i % 3 {
            0 => ("m.xlsx", mangle(&mut rng, &xlsx)),
            1 => ("m.json", mangle(&mut rng, json.as_bytes())),
            _ => (
                "m.jsonl",
                mangle(&mut rng, json.replace(",\n", "\n").as_bytes()),
            ),
        };
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        if let Ok(records) = open_records(&path, &schema(), &options) {
            rows += records.take(50).count();
        }
    }
    assert!(rows > 0);
}
