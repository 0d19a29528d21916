//! Tests of the bounds on hostile records: workbook limits, key normalization, the header
//! limits and the unknown-columns warning.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use rust_xlsxwriter::Workbook;

use super::excel::open_excel_within;
use super::excel::workbook::Limits;
use super::*;
use crate::schema::{FieldDef, FieldType, Schema};

fn schema() -> Schema {
    let field = |name: &str, key: bool| FieldDef {
        name: name.to_owned(),
        ty: FieldType::Text,
        optional: false,
        key,
        area: false,
        label: None,
        scale: None,
    };
    Schema {
        fields: vec![field("代码", true), field("名称", false)],
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jiangbu-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// A workbook with the header 代码, 名称 and `rows` records whose 名称 is `name`.
fn workbook(file: &str, rows: u32, name: &str) -> PathBuf {
    let path = scratch(file);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "代码").unwrap();
    sheet.write_string(0, 1, "名称").unwrap();
    for row in 1..=rows {
        sheet.write_string(row, 0, format!("K{row}")).unwrap();
        sheet.write_string(row, 1, format!("{name}{row}")).unwrap();
    }
    book.save(&path).unwrap();
    path
}

fn open(path: &std::path::Path, limits: Limits) -> Result<ExcelRecords, ReadError> {
    open_excel_within(path, &schema(), &ReadOptions::default(), limits)
}

#[test]
fn a_part_unpacking_past_the_limit_is_refused() {
    // 1,000 distinct strings of 2,000 characters: the shared strings unpack to about 2 MB
    // (more with the XML) but compress to little. A 1 MiB part limit refuses the workbook.
    let path = workbook("big-strings.xlsx", 1_000, &"x".repeat(2_000));
    let small = Limits {
        part: 1024 * 1024,
        ..Limits::default()
    };
    let error = open(&path, small).err().unwrap().to_string();
    assert!(
        error.ends_with("its part `xl/sharedStrings.xml` unpacks to more than 1 MiB"),
        "{error}"
    );
    // All parts together: a 1 MiB total limit with parts of up to 3 MiB.
    let total = Limits {
        part: 3 * 1024 * 1024,
        total: 1024 * 1024,
        ..Limits::default()
    };
    let error = open(&path, total).err().unwrap().to_string();
    assert!(
        error.ends_with("its parts unpack to more than 1 MiB in all"),
        "{error}"
    );
    // Under the default limits it reads.
    assert_eq!(open(&path, Limits::default()).unwrap().count(), 1_000);
}

#[test]
fn a_sheet_past_the_cell_limit_is_refused() {
    // Header 2 cells + 10 records × 2 cells = 22 cells; 21 are allowed.
    let path = workbook("cells.xlsx", 10, "n");
    let limits = Limits {
        cells: 21,
        ..Limits::default()
    };
    let error = open(&path, limits).err().unwrap().to_string();
    assert!(
        error.ends_with("its sheet has more than 21 cells"),
        "{error}"
    );
    let limits = Limits {
        cells: 22,
        ..Limits::default()
    };
    assert_eq!(open(&path, limits).unwrap().count(), 10);
}

#[test]
fn declared_string_counts_are_read_from_the_table_root() {
    let limits = Limits {
        strings: 100,
        ..Limits::default()
    };
    let check =
        |head: &str| super::excel::workbook::check_parts_head_for_test(head.as_bytes(), limits);
    assert!(check(r#"<?xml version="1.0"?><sst xmlns="x" count="5" uniqueCount="100">"#).is_ok());
    for refused in [
        r#"<sst uniqueCount="101">"#,
        r#"<sst count='101' uniqueCount='3'>"#,
        r#"<x:sst xmlns:x="y" uniqueCount = "99999999999999999999999">"#,
        r#"<!-- note --><sst  uniqueCount="1000000000000" >"#,
    ] {
        assert!(check(refused).is_err(), "{refused}");
    }
    // The root pushed past the first 64 KiB by a comment is refused rather than searched for.
    let padded = format!("<!--{}--><sst uniqueCount=\"1\">", " ".repeat(70_000));
    assert!(check(&padded[..64 * 1024]).is_err());
}

#[test]
fn keys_are_compared_in_a_normal_form() {
    for (text, normal) in [
        ("91220104MAXRUM85LQ", "91220104maxrum85lq"),
        ("９１２２ＭＡ", "9122ma"),
        ("MA\u{200d}X", "max"),
        ("M\u{2060}A\u{ad}X\u{feff}", "max"),
        ("\u{3000} MAX \u{200b}", "max"),
        ("甲公司", "甲公司"),
        ("\u{f90a}", "\u{91d1}"),
        ("\u{200d}", ""),
    ] {
        assert_eq!(normalize_key(text), normal, "{text:?}");
    }
}

#[test]
fn unknown_columns_are_listed_up_to_twenty() {
    let columns: Vec<String> = (1..=25).map(|i| format!("c{i}")).collect();
    let warning = UnknownColumns {
        name: "a.csv".into(),
        columns,
    };
    let text = warning.to_string();
    assert!(text.ends_with("`c19`, `c20` and 5 more"), "{text}");
    // A header of 1,000 characters is cut to 60 in the warning.
    let warning = UnknownColumns {
        name: "a.csv".into(),
        columns: vec!["备".repeat(1_000)],
    };
    assert_eq!(
        warning.to_string(),
        format!(
            "`a.csv` has columns the policy does not know: `{}…`",
            "备".repeat(60)
        )
    );
}
