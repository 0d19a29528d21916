//! `jiangbu explain` on composed amounts (docs/language.md, "Composing amounts"): every part of
//! a nested amount shows its working, inner parts first. The figures are those of the fixtures'
//! tests in `eval_cases.rs`, where each is computed by hand.

use jiangbu::cli::{explain_output, Diagnostics, Exit, ExplainArgs, ExplainFormat, ExplainLang};

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_prepend_module_to_snapshot(false);
    s.set_snapshot_path("../snapshots/explain");
    s
}

/// `jiangbu explain tests/cases/eval/{fixture}.policy … --id {id}` as text.
fn text(name: &str, fixture: &str, id: &str, lang: Option<ExplainLang>) {
    let args = ExplainArgs {
        policy: format!("tests/cases/eval/{fixture}.policy").into(),
        records: vec![format!("tests/cases/eval/{fixture}.csv").into()],
        id: id.into(),
        clause: None,
        format: ExplainFormat::Text,
        lang,
        set: Vec::new(),
        ..ExplainArgs::default()
    };
    let (out, exit) = match explain_output(&args, &Diagnostics::default()) {
        Ok(out) => out,
        Err(exit) => panic!("explain {fixture} {id} failed with {exit:?}"),
    };
    assert_eq!(exit, Exit::Ok, "{name}: unexpected exit");
    settings().bind(|| insta::assert_snapshot!(name, out));
}

/// E: 1,460,000,000 → 146 steps × 20,000 = 2,920,000; + 100,000 = 3,020,000, above the cap of
/// 3,000,000 in 第一条 (capped), paid in full in 第二条; 第三条 146 × 120,000 = 17,520,000;
/// 第四条 100,000 − 2,920,000 below the floor 0.
#[test]
fn base_plus_steps_capped() {
    text("compose_base_steps_E", "compose_base_steps", "E", None);
}

/// C: 产值2019 499,999,999.99 fails band 1 (≥ 5亿), holds band 2 (≥ 1亿): 1% of the first
/// 10,000,000 = 100,000, 1.2% of the next 15,000,000 = 180,000, together 280,000.
#[test]
fn tiers_of_marginal_rates() {
    text(
        "compose_marginal_tiers_C",
        "compose_marginal_tiers",
        "C",
        None,
    );
}

/// A, in English: a range shifted by a fixed sum, 待定 absorbing a range, a range capped at
/// both ends, a range chosen by a band, a range halved, range minus range, a tiered amount
/// split into installments.
#[test]
fn open_amounts_composed_in_english() {
    text(
        "compose_open_A_en",
        "compose_open",
        "A",
        Some(ExplainLang::En),
    );
}
