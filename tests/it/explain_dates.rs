//! `jiangbu explain` on the date forms (`tests/cases/eval/dates.policy`): a moved date shows what
//! it was moved from, a date range both its ends, a blank date why the clause is undetermined.
//! The dates in each snapshot were worked out by hand in the comments of
//! `eval_cases::dates_move_by_durations_with_the_month_end_rule_and_ranges_include_both_ends`.

use jiangbu::cli::{explain_output, Diagnostics, Exit, ExplainArgs, ExplainFormat, ExplainLang};

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_prepend_module_to_snapshot(false);
    s.set_snapshot_path("../snapshots/explain");
    s
}

fn explain(id: &str, lang: Option<ExplainLang>) -> String {
    let args = ExplainArgs {
        policy: "tests/cases/eval/dates.policy".into(),
        records: vec!["tests/cases/eval/dates.csv".into()],
        id: id.into(),
        clause: None,
        format: ExplainFormat::Text,
        lang,
        set: Vec::new(),
        ..ExplainArgs::default()
    };
    let (out, exit) = explain_output(&args, &Diagnostics::default())
        .unwrap_or_else(|exit| panic!("explain {id} failed with {exit:?}"));
    assert_eq!(exit, Exit::Ok, "{id}");
    out
}

/// EXACT3: 成立日期 2018-06-01 + 3年 = 2021-06-01, not later than 投产日期 2021-06-01, so not
/// "less than 3 years"; 投产日期 2021-06-01 + 12个月 = 2022-06-01 ≥ 竣工日期 2022-06-01; the range
/// shows both ends.
#[test]
fn dates_exactly_three_years() {
    settings().bind(|| insta::assert_snapshot!("dates_exact3_zh", explain("EXACT3", None)));
}

/// LEAPDAY: 成立日期 2020-02-29 + 3年 = 2023-02-28 (no 29 February in 2023) = 投产日期: not less
/// than three years; 2023-02-28 is past the range's last day 2021-12-31.
#[test]
fn dates_from_29_february_in_english() {
    let out = explain("LEAPDAY", Some(ExplainLang::En));
    settings().bind(|| insta::assert_snapshot!("dates_leapday_en", out));
}

/// BLANK: 成立日期 is blank, so clauses 1 and 4 are undetermined and say so.
#[test]
fn dates_blank_founding_date() {
    settings().bind(|| insta::assert_snapshot!("dates_blank_zh", explain("BLANK", None)));
}
