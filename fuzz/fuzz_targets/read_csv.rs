//! Target (b): read any bytes as a CSV records file of notice 2021-7. No input may panic; every
//! row has one cell per field, a malformed cell comes with a data error, and every row evaluates.
#![no_main]

use std::sync::OnceLock;

use jiangbu::eval::plan::Plan;
use jiangbu::eval::value::Cell;
use libfuzzer_sys::fuzz_target;

const POLICY: &str = include_str!("../../policies/changchun-2021-7.policy");

fn plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| jiangbu::compile(POLICY).expect("the shipped policy compiles"))
}

fuzz_target!(|data: &[u8]| {
    let plan = plan();
    let Ok(records) = jiangbu::data::read_csv(data, "fuzz.csv", &plan.schema) else {
        return;
    };
    let mut last_line = 1;
    for row in records {
        let Ok(row) = row else { break };
        assert_eq!(row.cells.len(), plan.schema.fields.len());
        assert!(row.line > last_line, "row numbers increase");
        last_line = row.line;
        let malformed = row.cells.iter().filter(|c| **c == Cell::Malformed).count();
        assert!(row.errors.len() >= malformed, "{row:?}");
        for e in &row.errors {
            assert_eq!(e.row, row.line);
        }
        let outcome = jiangbu::evaluate(plan, &row.cells);
        assert_eq!(outcome.benefits.len(), plan.benefits.len());
    }
});
