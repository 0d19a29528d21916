//! Tests of the reader's fast paths (issue 18): each gives what the general path gives.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::str::FromStr;

use rust_decimal::Decimal;

use super::cell::plain_decimal;
use super::keys::{fingerprint, fingerprint_ascii};
use super::*;
use crate::schema::{FieldDef, FieldType, Schema};

use super::tests::field;

/// The general path's reading of a checked decimal text: `from_str_exact`, normalized.
fn exact(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap().normalize()
}

#[test]
fn plain_decimals_read_as_the_exact_parser_reads_them() {
    for text in [
        "0",
        "007",
        "5300000",
        "0.50",
        "123.456",
        "100.000",
        "999999999999999999",
        "0.00000000000000001",
    ] {
        let fast = plain_decimal(text.as_bytes()).unwrap();
        let slow = exact(text);
        // Equal values with the same representation (scale), as both are normalized.
        assert_eq!((fast, fast.scale()), (slow, slow.scale()), "{text}");
    }
    // Not plain: left to the general path (which accepts some and rejects others).
    for text in [
        "", ".", "1.", ".5", "1.2.3", "1,000", "-1", "12a", "１２", "1 2",
    ] {
        assert_eq!(plain_decimal(text.as_bytes()), None, "{text}");
    }
    // 19 digits could overflow the fast path's u64: left to the general path.
    assert_eq!(plain_decimal(b"1000000000000000000"), None);
}

#[test]
fn cells_of_every_form_read_the_same_by_either_path() {
    let money = field("m", FieldType::Money);
    let mut scaled = field("w", FieldType::Money);
    scaled.scale = Some(Decimal::from(10_000));
    let cases: [(&FieldDef, &str, Decimal); 8] = [
        // Fast path: plain digits; 5300万 = 5300 × 10000 = 53,000,000.
        (&money, "53000000", Decimal::from(53_000_000)),
        (&money, "5300万", Decimal::from(53_000_000)),
        // 530.5万 = 530.5 × 10000 = 5,305,000.
        (&money, "530.5万", Decimal::from(5_305_000)),
        // General path: separators, full-width digits, a unit of its own; 1,234.50 = 1234.5.
        (&money, "1,234.50", Decimal::from_str("1234.5").unwrap()),
        (&money, "５３００万", Decimal::from(53_000_000)),
        // A 万元 column: 1.5 × 10000 = 15,000; `2亿` overrides the column's unit: 2 × 10⁸.
        (&scaled, "1.5", Decimal::from(15_000)),
        (&scaled, "2亿", Decimal::from(200_000_000)),
        // A unit on a scaled column: 3万 is 30,000 yuan, not 3万 × 10000.
        (&scaled, "3万", Decimal::from(30_000)),
    ];
    for (field, text, want) in cases {
        assert_eq!(parse_cell(text, field), Ok(Cell::Num(want)), "{text}");
    }
    let count = field("c", FieldType::Count);
    assert_eq!(
        parse_cell("1200", &count),
        Ok(Cell::Num(Decimal::from(1200)))
    );
    assert_eq!(
        parse_cell("1,200人", &count),
        Ok(Cell::Num(Decimal::from(1200)))
    );
    assert_eq!(parse_cell("12.0", &count), Ok(Cell::Num(Decimal::from(12))));
    assert_eq!(parse_cell("12.5", &count), Err(Form::Count));
    let yes = field("b", FieldType::Bool);
    for (text, want) in [("是", true), ("否", false), ("Y", true), ("ｎ", false)] {
        assert_eq!(parse_cell(text, &yes), Ok(Cell::Bool(want)), "{text}");
    }
    let date = field("d", FieldType::Date);
    let march5 = Date::from_ymd(2021, 3, 5).unwrap();
    for text in [
        "2021-03-05",
        "2021/3/5",
        "2021年3月5日",
        "2021-03-05 00:00:00",
    ] {
        assert_eq!(parse_cell(text, &date), Ok(Cell::Date(march5)), "{text}");
    }
    // No 30 February, by either path.
    assert_eq!(parse_cell("2021-02-30", &date), Err(Form::Date));
    assert_eq!(parse_cell("2021年2月30日", &date), Err(Form::Date));
}

#[test]
fn trim_keeps_what_it_kept_and_drops_what_it_dropped() {
    for (text, want) in [
        ("abc", "abc"),
        (" abc\t", "abc"),
        ("\u{b}abc\u{c}", "abc"),
        ("\u{3000}是\u{3000}", "是"),
        ("\u{feff}a", "a"),
        ("a\u{200b}", "a"),
        ("\u{1c}a", "\u{1c}a"),
        // CJK at the ends is kept; blanks beyond ASCII (U+00A0, U+2009, U+3000) are trimmed.
        ("是", "是"),
        ("长春市 朝阳区", "长春市 朝阳区"),
        ("\u{a0}否\u{2009}", "否"),
        ("升级改造\u{3000}", "升级改造"),
        ("é", "é"),
        ("", ""),
    ] {
        assert_eq!(trim(text), want, "{text:?}");
    }
}

#[test]
fn an_ascii_key_is_fingerprinted_as_its_lowercase_text() {
    for key in [
        "91220101MA0Y",
        "abc",
        // Longer than the 32-byte chunk: the stream of chunks hashes as the whole.
        "91220101MA0Y91220101MA0Y91220101MA0Y-X",
        "",
    ] {
        assert_eq!(
            fingerprint_ascii(key),
            fingerprint(&key.to_ascii_lowercase()),
            "{key}"
        );
    }
}

#[test]
fn a_record_valid_as_a_whole_with_a_character_cut_between_cells_is_not_utf8() {
    // `是` is e6 98 af: its first byte ends cell `b`, the rest begins cell `c`. The record's
    // bytes (its cells joined) are valid UTF-8, but neither cell is.
    let schema = Schema {
        fields: vec![
            field("a", FieldType::Text),
            field("b", FieldType::Text),
            field("c", FieldType::Text),
        ],
    };
    // After 70 KiB of text, so the encoding is sniffed as UTF-8 (the sample ends before it).
    let mut input = b"a,b,c\n".to_vec();
    input.extend(std::iter::repeat_n(b'x', 70 * 1024));
    input.extend_from_slice(b",\xe6,\x98\xaf\n");
    let rows: Vec<Row> = read_csv(input.as_slice(), "cut.csv", &schema)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows[0].cells[0], Cell::Text("x".repeat(70 * 1024)));
    assert_eq!(rows[0].cells[1], Cell::Malformed);
    assert_eq!(rows[0].cells[2], Cell::Malformed);
    let problems: Vec<&CellProblem> = rows[0].errors.iter().map(|e| &e.problem).collect();
    assert_eq!(problems, [&CellProblem::NotUtf8, &CellProblem::NotUtf8]);
}

#[test]
fn a_utf8_file_with_a_bom_is_read_past_it_without_transcoding() {
    let schema = Schema {
        fields: vec![field("名称", FieldType::Text)],
    };
    // Invalid UTF-8 in a cell stays invalid (it is reported), as when the bytes passed
    // through the decoder; the BOM is not part of the header.
    let input = b"\xef\xbb\xbf\xe5\x90\x8d\xe7\xa7\xb0\n\xff\n";
    let records = read_csv(&input[..], "bom.csv", &schema).unwrap();
    assert_eq!(records.encoding(), "UTF-8");
    let rows: Vec<Row> = records.collect::<Result<_, _>>().unwrap();
    assert_eq!(rows[0].cells[0], Cell::Malformed);
    assert_eq!(rows[0].errors[0].problem, CellProblem::NotUtf8);
}

#[test]
fn raw_records_typed_elsewhere_are_the_rows_the_iterator_gives() {
    let mut key = field("企业名称", FieldType::Text);
    key.key = true;
    let mut output = field("一季度产值2021", FieldType::Money);
    output.scale = Some(Decimal::from(10_000));
    let schema = Schema {
        fields: vec![
            key,
            output,
            field("职工人数", FieldType::Count),
            field("是否高新", FieldType::Bool),
        ],
    };
    // Clean rows, a malformed cell, a short and a long row, a blank and a repeated key, blank
    // lines, a stray quote that swallows the next lines, and a line break inside a cell. (Not
    // invalid UTF-8: in a file this short it makes the whole file read as GB18030.)
    let input = "企业名称,一季度产值2021,职工人数,是否高新\n\
                 甲,1.5,120,是\n\
                 乙,abc,12,否\n\
                 丙,1\n\
                 丁,1,2,是,x\n\
                 ,1,2,是\n\
                 甲,2,3,否\n\
                 \n\
                 戊,\"1,4,是\n\
                 己,2,5,否\n\
                 庚,1,\"2\n3\",是\n";
    let input = input.as_bytes();
    let want: Vec<Row> = read_csv(input, "raw.csv", &schema)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut records = read_csv(input, "raw.csv", &schema).unwrap();
    let typer = records.typer();
    let mut raws = Vec::new();
    while let Some(raw) = records.next_raw() {
        raws.push(raw.unwrap());
    }
    // Typed on another thread, as a worker would.
    let got: Vec<Row> =
        std::thread::spawn(move || raws.into_iter().map(|raw| typer.type_row(raw)).collect())
            .join()
            .unwrap();
    assert_eq!(got, want);
    // Typed in place, two records at a time, each read into the buffer of one typed before
    // (as the pipeline's batches do): the same rows.
    let mut records = read_csv(input, "raw.csv", &schema).unwrap();
    let typer = records.typer();
    let (mut used, mut batch, mut reused) = (Vec::new(), Vec::new(), Vec::new());
    while let Some(raw) = records.next_raw_reusing(&mut used) {
        batch.push(raw.unwrap());
        if batch.len() == 2 {
            reused.extend(batch.iter_mut().map(|raw| typer.type_in_place(raw)));
            used.append(&mut batch);
        }
    }
    reused.extend(batch.iter_mut().map(|raw| typer.type_in_place(raw)));
    assert_eq!(reused, want);
    // The input has each kind of problem it is meant to have.
    let problems: Vec<&CellProblem> = want
        .iter()
        .flat_map(|row| row.errors.iter().map(|e| &e.problem))
        .collect();
    let has = |f: fn(&CellProblem) -> bool| problems.iter().any(|p| f(p));
    assert!(has(|p| *p == CellProblem::Expected(Form::ScaledMoney)));
    assert!(has(|p| matches!(p, CellProblem::ShortRow { .. })));
    assert!(has(|p| matches!(p, CellProblem::LongRow { .. })));
    assert!(has(|p| *p == CellProblem::BlankKey));
    assert!(has(|p| matches!(p, CellProblem::DuplicateKey { .. })));
    assert!(has(|p| matches!(
        p,
        CellProblem::SpansRows { .. } | CellProblem::SpansOneRecord { .. }
    )));
}

#[test]
fn quick_cells_are_the_cells_the_general_path_gives() {
    use super::cell::quick_cell;
    let money = field("m", FieldType::Money);
    let mut scaled = field("w", FieldType::Money);
    scaled.scale = Some(Decimal::from(10_000));
    let count = field("c", FieldType::Count);
    let yes = field("b", FieldType::Bool);
    let date = field("d", FieldType::Date);
    let words = ["无", "水", "电", " 气"].map(String::from).to_vec();
    let word = field("e", FieldType::Enum(words));
    let name = field("n", FieldType::Text);
    // What the quick path reads, worked out by hand: 5300万 = 5300 × 10000 = 53,000,000; 1.5
    // in a 万元 column = 15,000; `水` is the enum's second word (index 1).
    let quick = [
        (&money, "53000000", Cell::Num(Decimal::from(53_000_000))),
        (&money, "5300万", Cell::Num(Decimal::from(53_000_000))),
        (&scaled, "1.5", Cell::Num(Decimal::from(15_000))),
        (&count, "1200", Cell::Num(Decimal::from(1200))),
        (&yes, "是", Cell::Bool(true)),
        (&yes, "否", Cell::Bool(false)),
        (
            &date,
            "2021-03-05",
            Cell::Date(Date::from_ymd(2021, 3, 5).unwrap()),
        ),
        (&word, "水", Cell::Word(1)),
        (&name, "", Cell::Blank),
        (&money, "", Cell::Blank),
    ];
    for (field, text, want) in quick {
        assert_eq!(
            quick_cell(text.as_bytes(), field),
            Some(want.clone()),
            "{text}"
        );
        assert_eq!(parse_cell(text, field), Ok(want), "{text}");
    }
    // Left to the general path: other forms, blanks around the text, text fields, errors
    // (a day that does not exist, a word with a blank `trim` removes).
    let general: [(&FieldDef, &str); 14] = [
        (&money, "1,234.50"),
        (&money, " 5300"),
        (&money, "５３００"),
        (&money, "12元"),
        (&count, "12.0"),
        (&count, "12人"),
        (&yes, "Y"),
        (&yes, "是 "),
        (&yes, "\u{3000}否"),
        (&date, "2021/3/5"),
        (&date, "2021-02-30"),
        (&word, " 气"),
        (&word, "风"),
        (&name, "长春市汇丰电力设备有限公司"),
    ];
    for (field, text) in general {
        assert_eq!(quick_cell(text.as_bytes(), field), None, "{text}");
    }
    // Whatever the quick path reads, the general path reads the same.
    let fields = [&money, &scaled, &count, &yes, &date, &word, &name];
    let texts = [
        "0",
        "007",
        "0.50",
        "1.",
        ".5",
        "-1",
        "1e5",
        "99999999999999999999",
        "5300万",
        "万",
        "是",
        "否",
        "是否",
        "无",
        "水",
        "电",
        "2021-13-01",
        "2021-12-31",
        "0000-01-01",
    ];
    for field in fields {
        for text in texts {
            if let Some(cell) = quick_cell(text.as_bytes(), field) {
                assert_eq!(
                    parse_cell(text, field),
                    Ok(cell),
                    "{text} as {}",
                    field.name
                );
            }
        }
    }
    // Bytes that are not UTF-8 are never read quickly.
    for field in fields {
        assert_eq!(quick_cell(b"\xe6\x98", field), None);
    }
}

#[test]
fn rows_typed_into_rows_used_before_are_the_rows_the_iterator_gives() {
    let schema = Schema {
        fields: vec![
            field("企业名称", FieldType::Text),
            field("一季度产值2021", FieldType::Money),
            field("是否高新", FieldType::Bool),
        ],
    };
    // Text where there was text, blank where there was text, malformed cells and a short row,
    // so a reused row's cells and errors change kind from one record to the next.
    let input = "企业名称,一季度产值2021,是否高新\n\
                 长春市汇丰电力设备有限公司,1.5,是\n\
                 ,abc,否\n\
                 乙,2\n\
                 丙丙丙,3,x\n\
                 丁,,是\n";
    let want: Vec<Row> = read_csv(input.as_bytes(), "reuse.csv", &schema)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(want.len(), 5);
    let mut records = read_csv(input.as_bytes(), "reuse.csv", &schema).unwrap();
    let typer = records.typer();
    let mut row = Row {
        line: 0,
        cells: vec![Cell::Text("an earlier record's name".into()); 7],
        errors: Vec::new(),
    };
    let mut got = Vec::new();
    while let Some(raw) = records.next_raw() {
        typer.type_into(&mut raw.unwrap(), &mut row);
        got.push(row.clone());
    }
    assert_eq!(got, want);
}
