//! The readers' own help texts and the unknown-columns warning, in both languages (issue 14).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;
use crate::diag::Localize;
use crate::schema::{FieldType, Schema};

use super::tests::field;

fn schema() -> Schema {
    Schema {
        fields: vec![
            field("企业名称", FieldType::Text),
            field("一季度产值2021", FieldType::Money),
        ],
    }
}

#[test]
fn a_missing_column_is_suggested_in_both_languages() {
    // `一季度产值2020` is one edit from the field `一季度产值2021`.
    let err = read_csv(
        "企业名称,一季度产值2020\n甲,1\n".as_bytes(),
        "a.csv",
        &schema(),
    )
    .err()
    .unwrap();
    let help = err.texts().help;
    assert_eq!(
        help.en,
        "for `一季度产值2021` the closest header is `一季度产值2020`"
    );
    assert_eq!(help.zh, "`一季度产值2021` 最接近的表头是 `一季度产值2020`");
    // Nothing close: the unmatched columns are listed, in each language's way.
    let err = read_csv(
        "企业名称,备注,地址\n甲,x,y\n".as_bytes(),
        "a.csv",
        &schema(),
    )
    .err()
    .unwrap();
    let help = err.texts().help;
    assert_eq!(
        help.en,
        "the header row must name every field of the policy's record; unmatched columns: 备注, 地址"
    );
    assert_eq!(
        help.zh,
        "表头行须写出政策记录的每个字段；未对应的列：备注、地址"
    );
}

#[test]
fn an_empty_input_says_what_the_first_row_must_be_in_both_languages() {
    let err = read_csv("".as_bytes(), "a.csv", &schema()).err().unwrap();
    let help = err.texts().help;
    assert_eq!(
        help.en,
        "the first row must name the columns: 企业名称,一季度产值2021"
    );
    assert_eq!(help.zh, "第一行须是列名：企业名称,一季度产值2021");
}

#[test]
fn unknown_columns_are_warned_of_in_both_languages() {
    let warning = UnknownColumns {
        name: "a.csv".to_owned(),
        columns: vec!["备注".to_owned(), "地址".to_owned()],
    };
    let texts = warning.texts();
    assert!(texts.code.ends_with("::data::unknown_columns"));
    assert_eq!(
        texts.message.en,
        "`a.csv` has columns the policy does not know: `备注` and `地址`"
    );
    assert_eq!(texts.message.zh, "`a.csv` 有政策不认识的列：`备注`、`地址`");
    // The English is what the `miette` rendering (kept for other callers) says.
    assert_eq!(texts.message.en, warning.to_string());
    let help = miette::Diagnostic::help(&warning).unwrap().to_string();
    assert_eq!(help, texts.help.en);
    let code = miette::Diagnostic::code(&warning).unwrap().to_string();
    assert_eq!(code, texts.code);
    assert!(texts.help.zh.contains("不读取"));
    // Past twenty columns the rest are counted: 25 − 20 = 5 more.
    let many = UnknownColumns {
        name: "a.csv".to_owned(),
        columns: (1..=25).map(|i| format!("c{i}")).collect(),
    };
    let texts = many.texts();
    assert!(
        texts.message.en.ends_with("`c20` and 5 more"),
        "{}",
        texts.message.en
    );
    assert!(
        texts.message.zh.ends_with("`c20` 等，另有 5 列"),
        "{}",
        texts.message.zh
    );
}
