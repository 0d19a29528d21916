//! The pipeline types CSV records on its workers: what the sinks see is what reading typed rows
//! on the calling thread gives, whatever the mix of inputs in a batch and the number of threads.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::{run, Batch, Options, Sink, Typed};
use crate::data::{read_records, CellError, CellProblem, Form, ReadError, ReadOptions, Records};
use crate::eval::plan::Plan;
use crate::eval::value::Cell;

/// Every record as the sink saw it: its row, cells and errors.
#[derive(Default)]
struct Seen(Vec<(u64, Vec<Cell>, Vec<CellError>)>, usize);

impl Sink for Seen {
    fn batch(&mut self, _: &Plan, batch: &Batch) -> std::io::Result<()> {
        for record in batch.records() {
            self.0
                .push((record.line, record.cells.to_vec(), record.errors.to_vec()));
        }
        Ok(())
    }

    fn read_error(&mut self, _: ReadError) {
        self.1 += 1;
    }
}

const POLICY: &str = "记录 {\n  编号 文本 主键\n  投资额 金额\n}\n\
                      条款 第一条 {\n  奖补 补助 {\n    条件 投资额 > 0\n    金额 10% × 投资额\n  }\n}\n";

/// A CSV input, a JSON Lines one and a CSV one again, sharing one key table: a malformed cell,
/// a short row, a repeated key within an input and across inputs, a cell spanning lines.
fn inputs(plan: &Plan) -> Vec<Records> {
    let texts = [
        "编号,投资额\na,100\nb,abc\nc\na,5\n\"d\n\",7\n",
        "{\"编号\":\"e\",\"投资额\":\"10\"}\n{\"编号\":\"a\",\"投资额\":\"x\"}\n",
        "编号,投资额\nf,1万元\ne,2\n",
    ];
    let options = ReadOptions::default().for_one_run();
    texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let input = Box::new(std::io::Cursor::new(text.as_bytes().to_vec()));
            read_records(input, &format!("{i}"), &plan.schema, &options).unwrap()
        })
        .collect()
}

#[test]
fn rows_typed_on_the_workers_are_the_rows_read_typed() {
    let plan = crate::compile(POLICY).unwrap();
    // Typed on the calling thread, by each reader's `next`.
    let mut want = Seen::default();
    let typed: Vec<Typed<Records>> = inputs(&plan).into_iter().map(Typed).collect();
    run(&plan, typed, &Options::default(), &mut want).unwrap();
    // 5 CSV records, 2 JSON, 2 CSV; among the errors: `abc`, the short row, `a` twice more
    // (once in the first file, once in the JSON), `e` again in the third file, `x`.
    assert_eq!(want.0.len(), 9);
    let problems: Vec<&CellProblem> = want
        .0
        .iter()
        .flat_map(|(_, _, errors)| errors.iter().map(|e| &e.problem))
        .collect();
    let count = |f: fn(&CellProblem) -> bool| problems.iter().filter(|p| f(p)).count();
    assert_eq!(count(|p| matches!(p, CellProblem::DuplicateKey { .. })), 3);
    assert_eq!(count(|p| *p == CellProblem::Expected(Form::Money)), 2);
    assert_eq!(count(|p| matches!(p, CellProblem::ShortRow { .. })), 1);
    assert_eq!(
        count(|p| matches!(p, CellProblem::SpansOneRecord { .. })),
        1
    );
    for jobs in [1, 2, 3] {
        let mut got = Seen::default();
        let options = Options {
            jobs,
            ..Options::default()
        };
        run(&plan, inputs(&plan), &options, &mut got).unwrap();
        assert!(got.0 == want.0, "--jobs {jobs}");
        assert_eq!(got.1, want.1);
    }
}
