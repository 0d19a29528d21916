//! Tests of the template's description row (`schema --labels`): skipped when it is the first
//! record; otherwise the first record, read when the file is opened, is returned as before.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::template::{describe, note};
use super::*;
use crate::schema::{FieldType, Schema};
use crate::syntax::keywords::Lang;

use super::tests::field;

/// A key, a labelled money field in 万元 and an optional yes/no field.
fn schema() -> Schema {
    let mut money = field("产值", FieldType::Money);
    money.label = Some("2021年产值".to_owned());
    money.scale = Some(rust_decimal::Decimal::from(10_000));
    let mut yes_no = field("重点", FieldType::Bool);
    yes_no.optional = true;
    let mut key = field("编号", FieldType::Text);
    key.key = true;
    Schema {
        fields: vec![key, money, yes_no],
    }
}

fn rows(text: &str, schema: &Schema, options: &ReadOptions) -> (Vec<Row>, Option<u64>) {
    let records = read_csv_with(text.as_bytes(), "t.csv", schema, options).unwrap();
    let skipped = records.template_row();
    let rows = records.collect::<Result<Vec<_>, _>>().unwrap();
    (rows, skipped)
}

#[test]
fn the_notes_are_what_schema_labels_writes() {
    let schema = schema();
    let notes: Vec<String> = schema.fields.iter().map(|f| note(f, Lang::Zh)).collect();
    assert_eq!(
        notes,
        ["文本", "2021年产值；金额（万元）", "是否（是/否），可空"]
    );
    let notes: Vec<String> = schema.fields.iter().map(|f| note(f, Lang::En)).collect();
    assert_eq!(
        notes,
        [
            "text",
            "2021年产值; money (10,000 yuan)",
            "yesno (yes/no), may be blank"
        ]
    );
    assert_eq!(describe(&schema.fields[1], Lang::Zh), "金额（万元）");
}

#[test]
fn the_description_row_is_skipped_in_either_language_and_rows_keep_their_numbers() {
    let schema = schema();
    let options = ReadOptions::default();
    for notes in [
        "文本,2021年产值；金额（万元）,是否（是/否），可空",
        "text,\"2021年产值; money (10,000 yuan)\",\"yesno (yes/no), may be blank\"",
        // Cells are trimmed as every cell is; an unknown column may hold anything.
        " 文本 ,2021年产值；金额（万元）,是否（是/否），可空,anything",
    ] {
        let text = format!("编号,产值,重点,备注\n{notes}\nA,5,是,\n");
        let (rows, skipped) = rows(&text, &schema, &options);
        assert_eq!(skipped, Some(2), "{notes}");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].line, 3);
        assert!(rows[0].errors.is_empty(), "{:?}", rows[0].errors);
    }
}

#[test]
fn a_row_mixing_languages_or_differing_in_a_mapped_cell_is_data() {
    let schema = schema();
    let options = ReadOptions::default();
    for notes in [
        // Chinese but the last cell English.
        "文本,2021年产值；金额（万元）,\"yesno (yes/no), may be blank\"",
        // One mapped cell differs.
        "文本,2021年产值；金额（元）,是否（是/否），可空",
        // A mapped cell missing.
        "文本,2021年产值；金额（万元）",
    ] {
        let text = format!("编号,产值,重点\n{notes}\nA,5,是\n");
        let (rows, skipped) = rows(&text, &schema, &options);
        assert_eq!(skipped, None, "{notes}");
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].line, rows[1].line), (2, 3));
        // `2021年产值；…` is not money.
        assert!(rows[0].errors.iter().any(|e| e.column == "产值"), "{notes}");
    }
}

#[test]
fn only_the_first_record_is_compared() {
    let schema = schema();
    let text = "编号,产值,重点\nA,5,是\n文本,2021年产值；金额（万元）,是否（是/否），可空\n";
    let (rows, skipped) = rows(text, &schema, &ReadOptions::default());
    assert_eq!(skipped, None);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].line, 3);
}

#[test]
fn the_skipped_row_is_not_a_key_and_a_held_first_record_is_checked_in_file_order() {
    let schema = schema();
    // Two inputs sharing a key table, both opened before either is read (as `eval` opens
    // them): the second file's first record repeats the first file's key, so the duplicate is
    // the second file's, whatever order the files were opened in.
    let options = ReadOptions::default().for_one_run();
    let first = "编号,产值,重点\n文本,2021年产值；金额（万元）,是否（是/否），可空\nK,1,是\n";
    let second = "编号,产值,重点\nK,2,否\n文本,3,否\n";
    let a = read_csv_with(first.as_bytes(), "a.csv", &schema, &options).unwrap();
    let b = read_csv_with(second.as_bytes(), "b.csv", &schema, &options).unwrap();
    assert_eq!((a.template_row(), b.template_row()), (Some(2), None));
    let a: Vec<Row> = a.collect::<Result<_, _>>().unwrap();
    let b: Vec<Row> = b.collect::<Result<_, _>>().unwrap();
    assert!(a[0].errors.is_empty(), "{:?}", a[0].errors);
    assert_eq!(b[0].line, 2);
    let duplicate = &b[0].errors;
    assert_eq!(duplicate.len(), 1, "{duplicate:?}");
    assert!(matches!(
        duplicate[0].problem,
        CellProblem::DuplicateKey { first_row: 3, .. }
    ));
    // `文本` was skipped in a.csv, so it is no duplicate in b.csv.
    assert!(b[1].errors.is_empty(), "{:?}", b[1].errors);
}

#[test]
fn a_held_first_record_reads_the_same_by_next_and_by_next_raw() {
    let schema = schema();
    for text in [
        "编号,产值,重点\nA,x,是\nB,2,否\n",
        // The first record spans lines (a stray quote): split as before.
        "编号,产值,重点\n\"A,1,是\nB,2,否\n",
        // Blank lines before the first record keep their rows.
        "编号,产值,重点\n\n,,\nA,1,是\n",
    ] {
        let by_next: Vec<Row> = read_csv(text.as_bytes(), "t.csv", &schema)
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut records = read_csv(text.as_bytes(), "t.csv", &schema).unwrap();
        let typer = records.typer();
        let mut by_raw = Vec::new();
        while let Some(raw) = records.next_raw() {
            by_raw.push(typer.type_row(raw.unwrap()));
        }
        assert_eq!(by_next, by_raw, "{text}");
        assert!(!by_next.is_empty());
    }
}

#[test]
fn invalid_utf8_in_a_held_first_record_is_its_cells_error() {
    let schema = schema();
    // `编号,产值,重点` then `A,1\xff,是`: the money cell is not UTF-8 (sniffed as UTF-8 from
    // its BOM, so the bytes reach the cell as they are).
    let mut text = "\u{feff}编号,产值,重点\nA,1".as_bytes().to_vec();
    text.extend_from_slice(b"\xff,");
    text.extend_from_slice("是\n".as_bytes());
    let rows: Vec<Row> = read_csv(&text[..], "t.csv", &schema)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].line, 2);
    assert_eq!(rows[0].errors.len(), 1, "{:?}", rows[0].errors);
    assert_eq!(rows[0].errors[0].problem, CellProblem::NotUtf8);
}
