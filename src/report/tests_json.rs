//! The json format's direct writer against serde: whole documents, through the pipeline (with
//! the fund pools' first pass where the policy has pools), equal byte for byte to documents
//! whose records serde serialises from `RecordJson`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::jsonl::record_json;
use super::{Evaluated, Json, Render, Summary};
use crate::data::{read_csv, CsvRecords};
use crate::eval::plan::Plan;
use crate::pipeline::{run, Options, Report};
use crate::pool::{Allocations, FirstPass};
use crate::syntax::keywords::Lang;

/// The json format as it was: each record serialised by serde from `RecordJson`.
struct Serde(Json, Lang);

impl Render for Serde {
    fn head(&mut self, plan: &Plan, out: &mut Vec<u8>) -> std::io::Result<()> {
        self.0.head(plan, out)
    }

    fn record(
        &mut self,
        plan: &Plan,
        record: &Evaluated<'_>,
        index: u64,
        out: &mut Vec<u8>,
    ) -> std::io::Result<()> {
        out.extend_from_slice(if index == 0 { b"\n" } else { b",\n" });
        serde_json::to_writer(&mut *out, &record_json(plan, record, self.1))?;
        Ok(())
    }

    fn tail(
        &mut self,
        plan: &Plan,
        summary: Option<&Summary>,
        out: &mut Vec<u8>,
    ) -> std::io::Result<()> {
        self.0.tail(plan, summary, out)
    }

    fn totals(&self) -> bool {
        true
    }

    fn fork(&self) -> Box<dyn Render> {
        Box::new(Serde(Json::new(self.1), self.1))
    }
}

/// The records of `csv`.
fn records<'a>(csv: &'a str, plan: &Plan) -> CsvRecords<&'a [u8]> {
    read_csv(csv.as_bytes(), "x.csv", &plan.schema).unwrap()
}

/// The plan's pools shared out over `csv`, as `eval`'s first pass shares them.
fn pools(plan: &Plan, csv: &str) -> Option<Allocations> {
    let mut pass = FirstPass::new(plan)?;
    for row in records(csv, plan) {
        let row = row.unwrap();
        pass.add(plan, row.line, &row.cells);
    }
    Some(pass.finish(plan).unwrap())
}

/// The json document of `csv` under `policy`, rendered by `render`.
fn document(plan: &Plan, csv: &str, render: Box<dyn Render>, options: &Options<'_>) -> String {
    let mut out = Vec::new();
    let mut report = Report::rendered(render, &mut out).with_pools(options.pools);
    run(plan, [records(csv, plan)], options, &mut report).unwrap();
    report.finish(plan).unwrap();
    drop(report);
    String::from_utf8(out).unwrap()
}

/// Every record and the summary, in both languages, with and without explanations, on one
/// thread and three: the direct writer's document is serde's.
fn agree(policy: &str, csv: &str) -> usize {
    let plan = crate::compile(policy).unwrap();
    let allocations = pools(&plan, csv);
    let mut records = 0;
    for lang in [Lang::Zh, Lang::En] {
        for explain in [None, Some(lang)] {
            for jobs in [1, 3] {
                let options = Options {
                    jobs,
                    explain,
                    pools: allocations.as_ref(),
                    start: 0,
                };
                let direct = document(&plan, csv, Box::new(Json::new(lang)), &options);
                let serde = document(&plan, csv, Box::new(Serde(Json::new(lang), lang)), &options);
                assert_eq!(direct, serde, "{lang:?} explain {explain:?} jobs {jobs}");
                let value: serde_json::Value = serde_json::from_str(&direct).unwrap();
                records = value["records"].as_array().unwrap().len();
            }
        }
    }
    records
}

#[test]
fn the_shipped_examples_render_as_serde_renders_them() {
    let notice = include_str!("../../policies/changchun-2021-7.policy");
    assert_eq!(
        agree(notice, include_str!("../../examples/enterprises.csv")),
        101
    );
    let mut sample = Vec::new();
    crate::sample::write_csv(&mut sample, 2500, 18).unwrap();
    assert_eq!(agree(notice, &String::from_utf8(sample).unwrap()), 2500);
    // The pooled example: every record's `allocated` and the summary's pools.
    let pooled = include_str!("../../policies/examples/pro-rata.policy");
    let csv = include_str!("../../examples/pro-rata.csv");
    let plan = crate::compile(pooled).unwrap();
    assert!(pools(&plan, csv).is_some(), "the example has a pool");
    let rows = csv.lines().skip(1).filter(|l| !l.trim().is_empty()).count();
    assert_eq!(agree(pooled, csv), rows);
    let allocations = pools(&plan, csv);
    let options = Options {
        pools: allocations.as_ref(),
        ..Options::default()
    };
    let direct = document(&plan, csv, Box::new(Json::new(Lang::Zh)), &options);
    assert!(direct.contains("\"allocated\":"), "{direct}");
    assert!(direct.contains("\"pools\":"), "{direct}");
}

#[test]
fn hostile_text_renders_as_serde_renders_it() {
    let policy = "记录 {\n  编号 文本 主键\n  名称 文本\n  投资额 金额\n}\n\
                  条款 第一条 {\n  奖补 补助 {\n    条件 投资额 > 0\n    金额 10% × 投资额\n  }\n}\n";
    // Keys and malformed cells (quoted in the errors) with quotes, backslashes, control
    // characters (C0, DEL, C1, an escape sequence), line and paragraph separators, and
    // characters outside the basic plane (an emoji, a musical symbol, a CJK extension B ideograph).
    let csv = "编号,名称,投资额\n\
               \"a\"\"b\\c\",引号,100\n\
               \"\u{1}\u{1f}\u{7f}\u{85}\t制表\",控制,\u{1b}[31m红\n\
               😀𝄞𠀀,非基本平面,𠀀万元\n\
               \u{2028}\u{2029},分隔,\"1\u{0}\"\n\
               \"</script>\",脚本,\"\"\"\"\n";
    assert_eq!(agree(policy, csv), 5);
    let plan = crate::compile(policy).unwrap();
    let direct = document(
        &plan,
        csv,
        Box::new(Json::new(Lang::En)),
        &Options::default(),
    );
    // Serde's escapes: `"` and `\` escaped, control characters as \u00XX, the rest as is.
    assert!(direct.contains(r#""id":"a\"b\\c""#), "{direct}");
    assert!(direct.contains(r#""id":"\u0001\u001f"#), "{direct}");
    assert!(direct.contains("\"id\":\"😀𝄞𠀀\""), "{direct}");
}
