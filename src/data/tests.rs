//! Tests of cell typing and the CSV reader.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Read;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::*;
use crate::schema::{FieldDef, FieldType, Schema};

/// A required field of type `ty`, with no mark: the other test modules build their schemas
/// from it too.
pub(super) fn field(name: &str, ty: FieldType) -> FieldDef {
    FieldDef {
        name: name.to_owned(),
        ty,
        optional: false,
        key: false,
        area: false,
        label: None,
        scale: None,
    }
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn num(text: &str) -> Cell {
    Cell::Num(dec(text))
}

fn parse(text: &str, ty: FieldType) -> Result<Cell, super::Form> {
    parse_cell(text, &field("f", ty))
}

fn words() -> FieldType {
    FieldType::Enum(
        ["水", "电", "煤", "气", "热", "无"]
            .map(String::from)
            .to_vec(),
    )
}

#[test]
fn blank_is_blank_for_every_type() {
    let types = [
        FieldType::Money,
        FieldType::Ratio,
        FieldType::Count,
        FieldType::Bool,
        FieldType::Date,
        FieldType::Text,
        words(),
    ];
    for ty in types {
        for text in ["", "   ", "\u{3000}", " \t\u{3000} "] {
            assert_eq!(
                parse(text, ty.clone()),
                Ok(Cell::Blank),
                "{text:?} as {ty:?}"
            );
        }
    }
}

#[test]
fn money_forms() {
    let cases = [
        ("5000", "5000"),
        ("1,234.50", "1234.50"),
        ("1.2亿", "120000000"),
        ("5000万", "50000000"),
        ("5000万元", "50000000"),
        ("3千元", "3000"),
        ("1.5亿元", "150000000"),
        ("88元", "88"),
        ("¥1,000", "1000"),
        ("￥1,000.5", "1000.5"),
        ("-200", "-200"),
        ("-¥200", "-200"),
        ("¥-200", "-200"),
        ("  12.34 ", "12.34"),
        ("\u{3000}12\u{3000}", "12"),
        ("５０００万", "50000000"),
        ("1，234", "1234"),
        ("0.01万", "100"),
        ("-0", "0"),
        ("1,234,567.891", "1234567.891"),
    ];
    for (text, want) in cases {
        assert_eq!(parse(text, FieldType::Money), Ok(num(want)), "{text}");
    }
}

#[test]
fn money_near_misses() {
    for text in [
        "1.2.3",
        "abc",
        "5000万万",
        ",",
        "1,23",
        "1234,567",
        ",123",
        "1,",
        "12.",
        ".5",
        "1e5",
        "--5",
        "¥¥5",
        "5 000",
        "五千",
        "5000美元",
        "+5",
        "1.2亿万",
        "万",
    ] {
        assert_eq!(parse(text, FieldType::Money), Err(MONEY_FORM), "{text}");
    }
}

#[test]
fn money_scaled_column() {
    let mut f = field("产值", FieldType::Money);
    f.scale = Some(dec("10000"));
    assert_eq!(parse_cell("1.5", &f), Ok(num("15000")));
    assert_eq!(parse_cell("1,200", &f), Ok(num("12000000")));
    // an explicit unit wins over the column's
    assert_eq!(parse_cell("5000元", &f), Ok(num("5000")));
    assert_eq!(parse_cell("1亿", &f), Ok(num("100000000")));
    assert_eq!(parse_cell("abc", &f), Err(SCALED_MONEY_FORM));
}

#[test]
fn money_overflow_is_an_error() {
    let max = "79228162514264337593543950335";
    assert_eq!(parse(max, FieldType::Money), Ok(num(max)));
    assert_eq!(
        parse(&format!("{max}亿"), FieldType::Money),
        Err(TOO_LARGE_FORM)
    );
    assert_eq!(
        parse(&format!("{max}9"), FieldType::Money),
        Err(TOO_LARGE_FORM)
    );
    assert_eq!(
        parse(&"9".repeat(10_000), FieldType::Money),
        Err(TOO_LARGE_FORM)
    );
}

#[test]
fn money_exact_results() {
    let Ok(Cell::Num(n)) = parse("0.1万", FieldType::Money) else {
        panic!("not money")
    };
    assert_eq!(n.to_string(), "1000");
    let Ok(Cell::Num(n)) = parse("1,234.50", FieldType::Money) else {
        panic!("not money")
    };
    assert_eq!(n, dec("1234.5"));
}

#[test]
fn ratio_forms() {
    let cases = [
        ("6%", "0.06"),
        ("6.5%", "0.065"),
        ("６％", "0.06"),
        ("6 %", "0.06"),
        ("-3%", "-0.03"),
        ("150%", "1.5"),
        ("0.06", "0.06"),
        ("1", "1"),
        ("0", "0"),
        ("-0.5", "-0.5"),
    ];
    for (text, want) in cases {
        assert_eq!(parse(text, FieldType::Ratio), Ok(num(want)), "{text}");
    }
}

#[test]
fn ratio_near_misses() {
    for text in [
        "6", "1.5", "6%%", "%", "abc", "6.5.1%", "1,000%", "--6%", "6‰", ".5",
    ] {
        assert_eq!(parse(text, FieldType::Ratio), Err(RATIO_FORM), "{text}");
    }
}

#[test]
fn count_forms() {
    let cases = [
        ("12", "12"),
        ("1,200", "1200"),
        ("1200.0", "1200"),
        ("1200.00", "1200"),
        ("35人", "35"),
        ("12户", "12"),
        ("3个", "3"),
        ("8家", "8"),
        ("0", "0"),
        ("１２", "12"),
    ];
    for (text, want) in cases {
        assert_eq!(parse(text, FieldType::Count), Ok(num(want)), "{text}");
    }
}

#[test]
fn count_near_misses() {
    for text in ["12.5", "-1", "1.", "abc", "1,23", "12人人", "1e3", "12万"] {
        assert_eq!(parse(text, FieldType::Count), Err(COUNT_FORM), "{text}");
    }
}

#[test]
fn bool_forms() {
    for text in [
        "是", "Y", "y", "yes", "YES", "Yes", "true", "TRUE", "1", "Ｙ",
    ] {
        assert_eq!(parse(text, FieldType::Bool), Ok(Cell::Bool(true)), "{text}");
    }
    for text in ["否", "N", "n", "no", "No", "false", "False", "0"] {
        assert_eq!(
            parse(text, FieldType::Bool),
            Ok(Cell::Bool(false)),
            "{text}"
        );
    }
    for text in ["2", "ye", "是的", "t", "10", "有"] {
        assert_eq!(parse(text, FieldType::Bool), Err(BOOL_FORM), "{text}");
    }
}

#[test]
fn date_forms() {
    let want = Date::from_ymd(2021, 3, 5).unwrap();
    for text in [
        "2021-03-05",
        "2021/03/05",
        "2021/3/5",
        "2021年3月5日",
        "2021年03月05日",
        "2021 年 3 月 5 日",
        "2021/3/5 0:00",
        "2021-03-05 00:00:00",
    ] {
        assert_eq!(parse(text, FieldType::Date), Ok(Cell::Date(want)), "{text}");
    }
    let leap = Date::from_ymd(2020, 2, 29).unwrap();
    assert_eq!(
        parse("2020年2月29日", FieldType::Date),
        Ok(Cell::Date(leap))
    );
}

#[test]
fn date_near_misses() {
    for text in [
        "2021-02-30",
        "2021年2月29日",
        "2021年13月1日",
        "2021-3",
        "21-03-05",
        "2021年3月5",
        "2021/3/5 12:30",
        "20210305",
        "abc",
        "2021年3月32日",
    ] {
        assert_eq!(parse(text, FieldType::Date), Err(DATE_FORM), "{text}");
    }
}

#[test]
fn text_and_enum() {
    assert_eq!(
        parse("  甲公司 ", FieldType::Text),
        Ok(Cell::Text("甲公司".into()))
    );
    assert_eq!(parse("电", words()), Ok(Cell::Word(1)));
    assert_eq!(parse("\u{3000}无 ", words()), Ok(Cell::Word(5)));
    assert_eq!(parse("油", words()), Err(ENUM_FORM));
    let problem = super::typing::expected(&field("能源", words()), ENUM_FORM);
    assert_eq!(
        problem.text("油"),
        crate::diag::Text::new(
            "`油` is not one of 水, 电, 煤, 气, 热, 无",
            "`油` 无法识别，应为 水、电、煤、气、热、无 之一"
        )
    );
}

// --- CSV reader ---

fn schema() -> Schema {
    let mut key = field("企业名称", FieldType::Text);
    key.key = true;
    let mut output = field("一季度产值2021", FieldType::Money);
    output.scale = Some(dec("10000"));
    let mut staff = field("职工人数", FieldType::Count);
    staff.label = Some("人数".to_owned());
    Schema {
        fields: vec![key, output, staff, field("是否高新", FieldType::Bool)],
    }
}

fn read(text: &[u8]) -> Result<CsvRecords<&[u8]>, ReadError> {
    read_csv(text, "企业.csv", &schema())
}

fn rows(text: &[u8]) -> Vec<Row> {
    read(text).unwrap().collect::<Result<Vec<_>, _>>().unwrap()
}

const GOOD: &str =
    "企业名称,一季度产值2021,职工人数,是否高新\n甲公司,1.5,120,是\n乙公司,2亿,\"1,200人\",否\n";

#[test]
fn reads_typed_rows() {
    let csv = "企业名称,一季度产值2021,人数,是否高新,备注\n甲公司,1.5,120,是,x\n乙公司,2亿元,\"1,200\",否,\n";
    let mut records = read(csv.as_bytes()).unwrap();
    assert_eq!(records.unknown_columns(), ["备注"]);
    assert_eq!(records.encoding(), "UTF-8");
    let first = records.next().unwrap().unwrap();
    assert_eq!(first.line, 2);
    assert_eq!(
        first.cells,
        [
            Cell::Text("甲公司".into()),
            num("15000"),
            num("120"),
            Cell::Bool(true)
        ]
    );
    assert!(first.errors.is_empty(), "{:?}", first.errors);
    let second = records.next().unwrap().unwrap();
    assert_eq!(second.line, 3);
    assert_eq!(second.cells[1], num("200000000"));
    assert_eq!(second.cells[2], num("1200"));
    assert!(second.errors.is_empty(), "{:?}", second.errors);
    assert!(records.next().is_none());
}

#[test]
fn header_cells_are_trimmed_and_columns_reordered() {
    let csv = " 是否高新 ,\u{3000}职工人数,一季度产值2021 ,企业名称\r\n否,3,2,丙\r\n";
    let all = rows(csv.as_bytes());
    assert_eq!(
        all[0].cells,
        [
            Cell::Text("丙".into()),
            num("20000"),
            num("3"),
            Cell::Bool(false)
        ]
    );
}

#[test]
fn utf8_bom_is_stripped() {
    let mut bytes = vec![0xef, 0xbb, 0xbf];
    bytes.extend_from_slice("企业名称,一季度产值2021,职工人数,是否高新\n甲,1,2,否\n".as_bytes());
    let all = rows(&bytes);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].cells[0], Cell::Text("甲".into()));
}

#[test]
fn gbk_input_is_decoded() {
    let text = "企业名称,一季度产值2021,职工人数,是否高新\n甲公司,1.5,120,是\n乙公司,2亿,3人,否\n";
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err());
    let mut records = read(&bytes).unwrap();
    assert_eq!(records.encoding(), "GB18030");
    let all: Vec<Row> = records.by_ref().map(Result::unwrap).collect();
    assert_eq!(all[0].cells[0], Cell::Text("甲公司".into()));
    assert_eq!(
        all[1].cells,
        [
            Cell::Text("乙公司".into()),
            num("200000000"),
            num("3"),
            Cell::Bool(false)
        ]
    );
    assert!(all.iter().all(|r| r.errors.is_empty()));
}

#[test]
fn utf8_char_cut_at_the_sniff_boundary_is_still_utf8() {
    // pad so that a three-byte character straddles the 64 KiB sniff boundary
    let mut text = String::from("企业名称,一季度产值2021,职工人数,是否高新\n");
    let filler = "x".repeat(64 * 1024 - text.len() - 1);
    text.push_str(&filler);
    text.push_str("甲,1,2,否\n");
    let all = rows(text.as_bytes());
    assert_eq!(all[0].cells[0], Cell::Text(format!("{filler}甲")));
}

#[test]
fn utf16_with_bom_is_decoded() {
    let mut bytes = vec![0xff, 0xfe];
    for unit in GOOD.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let mut records = read(&bytes).unwrap();
    assert_eq!(records.encoding(), "UTF-16LE");
    assert_eq!(records.next().unwrap().unwrap().cells[1], num("15000"));
}

#[test]
fn short_row_is_blank_padded() {
    let all = rows("企业名称,一季度产值2021,职工人数,是否高新\n甲,1\n".as_bytes());
    let row = &all[0];
    assert_eq!(row.cells[2..], [Cell::Blank, Cell::Blank]);
    assert_eq!(row.errors.len(), 1);
    assert_eq!(
        row.errors[0].to_string(),
        "row 2: the row has 2 cells but the header has 4; the missing cells are read as blank"
    );
}

#[test]
fn long_row_extra_cells_are_ignored() {
    let all = rows(
        "企业名称,一季度产值2021,职工人数,是否高新\n甲,1,2,是,多余,x\n乙,1,2,是,,\n".as_bytes(),
    );
    assert_eq!(all[0].cells[3], Cell::Bool(true));
    assert_eq!(all[0].errors.len(), 1);
    assert_eq!(all[0].errors[0].value, "多余,x");
    assert!(all[0].errors[0]
        .to_string()
        .contains("the extra cells are ignored"));
    // blank extra cells (a trailing comma) are not worth a message
    assert!(all[1].errors.is_empty());
}

#[test]
fn duplicate_and_blank_keys() {
    let csv =
        "企业名称,一季度产值2021,职工人数,是否高新\n甲,1,2,是\n乙,1,2,是\n ,1,2,是\n甲 ,3,4,否\n";
    let all = rows(csv.as_bytes());
    assert!(all[0].errors.is_empty() && all[1].errors.is_empty());
    assert_eq!(
        all[2].errors[0].to_string(),
        "row 4, column `企业名称`: the key is blank"
    );
    assert_eq!(
        all[3].errors[0].to_string(),
        "row 5, column `企业名称`: duplicate key `甲`, first seen at row 2"
    );
    assert_eq!(all[3].cells[1], num("30000"));

    // Unchecked, the repeat passes and the blank key is still reported.
    let options = ReadOptions {
        unchecked_keys: true,
        ..ReadOptions::default()
    };
    let all: Vec<Row> = read_csv_with(csv.as_bytes(), "企业.csv", &schema(), &options)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(
        all[2].errors[0].to_string(),
        "row 4, column `企业名称`: the key is blank"
    );
    assert!(all[3].errors.is_empty(), "{:?}", all[3].errors);
}

#[test]
fn malformed_cell_keeps_the_row() {
    let csv = "企业名称,一季度产值2021,职工人数,是否高新\n甲,1,2,是\n乙,abc,12.5,也许\n丙,2,3,否\n";
    let all = rows(csv.as_bytes());
    assert_eq!(all.len(), 3);
    let row = &all[1];
    assert_eq!(row.line, 3);
    assert_eq!(
        row.cells,
        [
            Cell::Text("乙".into()),
            Cell::Malformed,
            Cell::Malformed,
            Cell::Malformed
        ]
    );
    assert_eq!(row.errors.len(), 3);
    let first = &row.errors[0];
    assert_eq!(
        (first.row, first.column.as_str(), first.value.as_str()),
        (3, "一季度产值2021", "abc")
    );
    assert_eq!(
        first.problem,
        super::CellProblem::Expected(SCALED_MONEY_FORM)
    );
    assert_eq!(
        first.to_string(),
        format!("row 3, column `一季度产值2021`: `abc` is not {SCALED_MONEY_FORM}")
    );
    assert_eq!(all[2].cells[1], num("20000"));
}

#[test]
fn enum_error_lists_the_words() {
    let schema = Schema {
        fields: vec![field("能源", words())],
    };
    let mut records = read_csv("能源\n油\n".as_bytes(), "x.csv", &schema).unwrap();
    let row = records.next().unwrap().unwrap();
    assert_eq!(
        row.errors[0].to_string(),
        "row 2, column `能源`: `油` is not one of 水, 电, 煤, 气, 热, 无"
    );
}

#[test]
fn missing_columns_are_all_named_with_suggestions() {
    let err = read("企业名,产值2021,职工人数,备注\n甲,1,2,x\n".as_bytes())
        .err()
        .unwrap();
    assert_eq!(
        err.to_string(),
        "`企业.csv` has no column for `企业名称`, `一季度产值2021` and `是否高新`"
    );
    let help = miette::Diagnostic::help(&err).unwrap().to_string();
    assert_eq!(
        help,
        "for `企业名称` the closest header is `企业名`; \
         for `一季度产值2021` the closest header is `产值2021`"
    );
}

#[test]
fn missing_columns_without_close_headers_list_the_unmatched_ones() {
    let err = read("备注甲乙丙丁戊己,编号\n甲,1\n".as_bytes())
        .err()
        .unwrap();
    let help = miette::Diagnostic::help(&err).unwrap().to_string();
    assert_eq!(
        help,
        "the header row must name every field of the policy's record; unmatched columns: 备注甲乙丙丁戊己, 编号"
    );
}

#[test]
fn label_maps_and_duplicate_columns_are_refused() {
    let err = read("企业名称,一季度产值2021,职工人数,人数,是否高新\n".as_bytes())
        .err()
        .unwrap();
    assert_eq!(
        err.to_string(),
        "`企业.csv` has two columns for field `职工人数`: `职工人数` and `人数`"
    );
}

#[test]
fn empty_input_is_an_error() {
    for input in ["", "\n", "\u{feff}", " , \n"] {
        let err = read(input.as_bytes()).err().unwrap();
        assert!(matches!(err, ReadError::Empty { .. }), "{input:?}: {err}");
        assert_eq!(err.to_string(), "`企业.csv` is empty: it has no header row");
    }
}

#[test]
fn blank_rows_are_skipped_but_counted() {
    let csv = "企业名称,一季度产值2021,职工人数,是否高新\n,,,\n\n甲,1,2,是\n , ,\u{3000},\n";
    let all = rows(csv.as_bytes());
    assert_eq!(all.len(), 1);
    // `,,,` is row 2, the empty line row 3, as a spreadsheet shows them
    assert_eq!(all[0].line, 4, "{all:?}");
}

#[test]
fn a_line_break_inside_a_cell_is_a_data_error_and_its_cells_from_there_on_are_not_used() {
    // `"甲\n公司"` spans rows 2–3: the two pieces are not rows as wide as the header (4), so
    // the record stays one, with an error naming the rows; the cells from 企业名称 on are
    // malformed, the next record is numbered by the file's lines (row 4).
    let csv = "企业名称,一季度产值2021,职工人数,是否高新\n\"甲\n公司\",1,2,是\n乙,x,2,是\n";
    let all = rows(csv.as_bytes());
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].line, 2);
    assert_eq!(all[0].cells, vec![Cell::Malformed; 4]);
    assert_eq!(
        all[0].errors[0].to_string(),
        "row 2, column `企业名称`: a quoted cell in `企业名称` spans rows 2\u{2013}3 (2 lines); check for a stray quote, or a line break inside the cell; the lines are read as one record, and its cells from `企业名称` on are not used"
    );
    assert_eq!(all[1].line, 4);
    assert_eq!(all[1].errors[0].row, 4);
    // with CRLF endings, a quoted CRLF, and an empty line before a record: 乙 on line 5, 丙 on 6
    let csv = "企业名称,一季度产值2021,职工人数,是否高新\r\n\"甲\r\n公司\",1,2,是\r\n\r\n乙,x,2,是\r\n丙,1,2,是";
    let lines: Vec<u64> = rows(csv.as_bytes()).iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 5, 6]);
}

/// `n` record lines `Kk,k,k,是` (k = 1..=n, on rows 2..=n+1), the name of row `open` starting
/// with a quote and that of row `close` (if any) ending with one.
fn stray_quote_file(n: u64, open: u64, close: Option<u64>) -> String {
    let mut csv = String::from("企业名称,一季度产值2021,职工人数,是否高新\n");
    for k in 1..=n {
        let row = k + 1;
        let q1 = if row == open { "\"" } else { "" };
        let q2 = if Some(row) == close { "\"" } else { "" };
        csv.push_str(&format!("{q1}K{k}{q2},{k},{k},是\n"));
    }
    csv
}

#[test]
fn a_stray_quote_never_merges_rows() {
    // 30 records on rows 2–31; 企业名称 opens a quote on row 11 and closes one on row 21. The
    // parser reads rows 11–21 as one record; each of those 11 lines is read back as its own
    // record with the error, and all 30 come out, each with its own figures.
    let csv = stray_quote_file(30, 11, Some(21));
    let all = rows(csv.as_bytes());
    assert_eq!(all.len(), 30);
    let lines: Vec<u64> = all.iter().map(|r| r.line).collect();
    assert_eq!(lines, (2..=31).collect::<Vec<u64>>());
    for row in &all {
        let k = row.line - 1;
        assert_eq!(row.cells[0], Cell::Text(format!("K{k}")), "{row:?}");
        // 一季度产值2021 is in 万元: k × 10000 yuan
        assert_eq!(row.cells[1], Cell::Num(Decimal::from(k * 10_000)));
        let spanned = (11..=21).contains(&row.line);
        assert_eq!(row.errors.len(), usize::from(spanned), "{row:?}");
        if spanned {
            assert_eq!(
                row.errors[0].problem(crate::syntax::keywords::Lang::En),
                "a quoted cell spans rows 11\u{2013}21 (11 lines); check for a stray quote in `企业名称`; each line is read as its own record"
            );
        }
    }
}

#[test]
fn an_unclosed_quote_loses_no_record() {
    // The quote on row 40 never closes: it runs to the end of the file (rows 40–101).
    let csv = stray_quote_file(100, 40, None);
    let all = rows(csv.as_bytes());
    assert_eq!(all.len(), 100);
    assert_eq!(all.iter().filter(|r| !r.errors.is_empty()).count(), 62);
    assert!(all[38].errors[0]
        .problem(crate::syntax::keywords::Lang::En)
        .starts_with("a quoted cell spans rows 40\u{2013}101 (62 lines)"));
    assert_eq!(all[99].cells[0], Cell::Text("K100".into()));
}

#[test]
fn open_csv_reports_the_path() {
    let path = std::path::Path::new("/nonexistent/企业.csv");
    let err = open_csv(path, &schema()).err().unwrap();
    let text = err.to_string();
    assert!(
        text.starts_with("cannot open `/nonexistent/企业.csv`: "),
        "{text}"
    );
}

#[test]
fn open_csv_reads_a_file() {
    let dir = std::env::temp_dir().join(format!("jiangbu-data-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("a.csv");
    std::fs::write(&path, GOOD).unwrap();
    let rows: Vec<Row> = open_csv(&path, &schema())
        .unwrap()
        .map(Result::unwrap)
        .collect();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].cells[2], num("1200"));
}

#[test]
fn read_errors_end_the_iteration() {
    struct Failing(usize);
    impl Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let header = "企业名称,一季度产值2021,职工人数,是否高新\n甲,1,2,是\n".as_bytes();
            if self.0 < header.len() {
                let n = buf.len().min(header.len() - self.0);
                buf[..n].copy_from_slice(&header[self.0..self.0 + n]);
                self.0 += n;
                return Ok(n);
            }
            Err(std::io::Error::other("disk on fire"))
        }
    }
    let err = read_csv(Failing(0), "f.csv", &schema()).err().unwrap();
    assert_eq!(err.to_string(), "cannot read `f.csv`: disk on fire");
}

#[test]
fn never_panics_on_arbitrary_bytes() {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let alphabet: &[u8] = b",,\"\n\r 1.%-\xe5\xa5\xbd\xff\xfe\xef\xbb\xbf\x81\x40aY";
    for _ in 0..2_000 {
        let len = (next() % 200) as usize;
        let bytes: Vec<u8> = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        let mut input = b"\xe4\xbc\x81\xe4\xb8\x9a\xe5\x90\x8d\xe7\xa7\xb0,".to_vec();
        input.extend_from_slice(&bytes);
        if let Ok(records) = read_csv(input.as_slice(), "fuzz", &schema()) {
            for row in records.take(1_000) {
                let _ = row.map(|r| r.errors.iter().map(ToString::to_string).count());
            }
        }
        let schema = Schema {
            fields: vec![field("a", FieldType::Money)],
        };
        let mut with_header = b"a\n".to_vec();
        with_header.extend_from_slice(&bytes);
        for row in read_csv(with_header.as_slice(), "fuzz", &schema).unwrap() {
            let _ = row;
        }
    }
}

#[test]
fn huge_cells_and_invalid_utf8_later_in_the_file() {
    let mut input = "企业名称,一季度产值2021,职工人数,是否高新\n"
        .as_bytes()
        .to_vec();
    input.extend(std::iter::repeat_n(b'a', 70 * 1024));
    input.extend_from_slice(b",1,2,\xff\xfe\n");
    let all = rows(&input);
    assert_eq!(all[0].cells[3], Cell::Malformed);
    assert!(all[0].errors[0].problem == super::CellProblem::NotUtf8);
    let mut huge = "企业名称,一季度产值2021,职工人数,是否高新\n甲,"
        .as_bytes()
        .to_vec();
    huge.extend(std::iter::repeat_n(b'9', 1 << 20));
    huge.extend_from_slice(",1,是\n".as_bytes());
    let all = rows(&huge);
    assert_eq!(all[0].cells[1], Cell::Malformed);
    assert!(all[0].errors[0].to_string().chars().count() < 300);
}
