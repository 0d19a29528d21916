//! The evaluation pipeline: records in, decisions out, in input order, on as many threads as
//! asked. Every front end (the CLI's `eval` and `diff`, a server, a program embedding jiangbu)
//! runs this one loop.
//!
//! The calling thread reads records into batches of [`BATCH`] (a CSV record tokenized, its key
//! checked, but not typed: see [`Source`]); worker threads type each batch's cells, evaluate
//! it (and explain it, with [`Options::explain`]) and, when a [`Render`] is given, render its
//! records into bytes; the calling thread hands the batches to a [`Sink`] in input order. A sink
//! is where a front end's work after the decisions goes: [`Report`] adds up the totals and
//! writes an output format; a sink that keeps what it needs of every decision (a fund pool's
//! claims, a diff's lines) can run a second pass over the records once it has seen them all.
//!
//! ```
//! use jiangbu::data::read_csv;
//! use jiangbu::pipeline::{run, Options, Report};
//! use jiangbu::report::Jsonl;
//! use jiangbu::syntax::keywords::Lang;
//!
//! let policy = r#"
//!   记录 { 员工数 人数  连续生产 是否 }
//!   条款 第一条 {
//!     奖补 稳岗补贴 {
//!       条件 连续生产
//!       金额 300元 × 员工数，最高 30万元
//!     }
//!   }
//! "#;
//! let plan = jiangbu::compile(policy).expect("a valid policy");
//! let csv = "员工数,连续生产\n1200,是\n5,否\n";
//! let records = read_csv(csv.as_bytes(), "x.csv", &plan.schema).expect("a header");
//! let mut out = Vec::new();
//! let mut report = Report::rendered(Box::new(Jsonl::new(Lang::En)), &mut out);
//! let options = Options { jobs: 2, ..Options::default() };
//! run(&plan, [records], &options, &mut report).expect("written");
//! report.finish(&plan).expect("written");
//! drop(report);
//! let text = String::from_utf8(out).expect("utf-8");
//! // One line per record, in input order: 1200 people × 300元 = 36万元, capped at 30万元.
//! assert_eq!(text.lines().count(), 2);
//! assert!(text.lines().next().is_some_and(|l| l.contains("\"payable\":\"300000.00\"")));
//! ```

mod report;
mod source;
#[cfg(test)]
mod tests;

pub use report::Report;
pub use source::{Source, Typed};

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::sync::{mpsc, Mutex};

use crate::data::{RawRecord, ReadError, Row, RowTyper};
use crate::eval::plan::Plan;
use crate::eval::{evaluate_into, evaluate_traced, Outcome};
use crate::pool::Allocations;
use crate::report::explain::one_line;
use crate::report::{Evaluated, Render};
use crate::syntax::keywords::Lang;
use source::Reader;

/// Records evaluated together: large enough that handing a batch between threads costs little
/// beside its work, small enough that the batches in flight (their records, rows and rendered
/// bytes, about 0.6 MiB a batch of jsonl) stay in the cores' caches. 256 rather than 1,024 took
/// `--jobs 2`'s CPU time at a million records down by about a sixth (docs/performance.md).
pub const BATCH: usize = 256;

/// The most batches read ahead of the sink, and the most worker threads, whatever
/// [`Options::jobs`]: each batch holds its rows, outcomes and rendered output (under a MiB), and
/// reading, on one thread, keeps no more than a few workers busy, so a machine with many cores
/// gains nothing from more. Peak memory stays near 50 MiB however many cores there are.
pub const MAX_IN_FLIGHT: usize = 8;

/// How a run evaluates.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options<'a> {
    /// Worker threads; 1 (or 0) evaluates on the calling thread. The default: one thread, no
    /// explanations, no fund pools.
    pub jobs: usize,
    /// Explain every decision in one line, in this language (`eval --explain`).
    pub explain: Option<Lang>,
    /// The policy's fund pools, shared out by a first pass over the same inputs
    /// (`jiangbu::pool`): each record is given its allocations after it is decided and before
    /// it is rendered. `None` for a policy without pools.
    pub pools: Option<&'a Allocations>,
    /// The place in the input of the run's first record, counting from 0: non-zero for a run
    /// that continues another over the same records (`diff` runs once per file), so each
    /// record meets its own share of the pools.
    pub start: u64,
}

/// Where decided batches go, in input order, on the thread that called [`run`].
pub trait Sink {
    /// The renderer the workers render each record with, if this sink writes a format that
    /// renders records apart; each worker gets its own [`Render::fork`].
    fn render(&self) -> Option<&dyn Render> {
        None
    }
    /// One batch: its records decided (and rendered, with [`Sink::render`]).
    fn batch(&mut self, plan: &Plan, batch: &Batch) -> std::io::Result<()>;
    /// An input that cannot be read on: the run goes on with the next one.
    fn read_error(&mut self, error: ReadError);
}

/// A batch of records and what was decided for each.
pub struct Batch {
    /// Its place in the input, counting from 0.
    seq: u64,
    /// The place of its first record in the input, counting from 0.
    first: u64,
    /// The records as read, to type.
    raws: Vec<RawRecord>,
    /// The typer of the records from each place on (the place of the first record of each input
    /// that leaves records untyped).
    typers: Vec<(usize, RowTyper)>,
    /// Records typed in an earlier use of the batch: the reading thread reads into their
    /// buffers.
    used: Vec<RawRecord>,
    /// The typed rows, one per record.
    rows: Vec<Row>,
    /// The rows of the batch's last use, delivered: typed into again, so their buffers are
    /// reused.
    spare: Vec<Row>,
    /// One per row (kept between batches, so their lists are reused).
    outcomes: Vec<Outcome>,
    /// With [`Options::explain`], one per row.
    explanations: Vec<String>,
    /// The records rendered, when a renderer was given.
    rendered: Vec<u8>,
    /// Rendering failed.
    failed: Option<std::io::Error>,
    /// The worker's evaluation panicked (it cannot: evaluation does not panic); the calling
    /// thread evaluates the batch again.
    redo: bool,
    /// The rows are those of the batch's last use, delivered: the worker types the new records
    /// into them (reusing and freeing a batch's rows is work the reading thread is spared).
    delivered: bool,
}

impl Batch {
    fn new() -> Self {
        Batch {
            seq: 0,
            first: 0,
            raws: Vec::new(),
            typers: Vec::new(),
            used: Vec::new(),
            rows: Vec::new(),
            spare: Vec::new(),
            outcomes: Vec::new(),
            explanations: Vec::new(),
            rendered: Vec::new(),
            failed: None,
            redo: false,
            delivered: false,
        }
    }

    /// The evaluated records, in order.
    pub fn records(&self) -> impl Iterator<Item = Evaluated<'_>> {
        self.rows
            .iter()
            .zip(&self.outcomes)
            .enumerate()
            .map(|(i, (row, outcome))| Evaluated {
                line: row.line,
                cells: &row.cells,
                errors: &row.errors,
                outcome,
                explanation: self.explanations.get(i).map(String::as_str),
            })
    }

    /// The records as the sink's renderer rendered them (empty without one).
    pub fn rendered(&self) -> &[u8] {
        &self.rendered
    }

    /// The number of records.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether it holds no record.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The place of its first record in the run, counting from 0.
    pub fn first(&self) -> u64 {
        self.first
    }

    /// Type every record not typed yet (from the first without a row on, so that a batch whose
    /// typing was cut short types the rest), then keep the records' buffers for the reader.
    fn type_rows(&mut self) {
        if self.delivered {
            // The delivered rows become the spares; spares a batch of typed rows left are dropped.
            std::mem::swap(&mut self.rows, &mut self.spare);
            self.rows.clear();
            self.delivered = false;
        }
        let mut typers = self.typers.iter().peekable();
        let mut typer = None;
        while let Some(raw) = self.raws.get_mut(self.rows.len()) {
            let place = self.rows.len();
            while let Some((_, next)) = typers.next_if(|(start, _)| *start <= place) {
                typer = Some(next);
            }
            let row = match (raw.take_row(), typer) {
                (Some(row), _) => row,
                (None, Some(typer)) => match self.spare.pop() {
                    Some(mut row) => {
                        typer.type_into(raw, &mut row);
                        row
                    }
                    None => typer.type_in_place(raw),
                },
                // INVARIANT: a source that leaves records untyped gives its typer
                // (`Source::typer`), listed from its first record on: unreachable.
                (None, None) => Row {
                    line: raw.line(),
                    cells: Vec::new(),
                    errors: Vec::new(),
                },
            };
            self.rows.push(row);
        }
        self.used.clear();
        self.used.append(&mut self.raws);
    }

    /// Type every record, evaluate it (and explain it, with `explain`); with `render`, render
    /// it.
    fn evaluate(
        &mut self,
        plan: &Plan,
        options: &Options<'_>,
        render: Option<&mut (dyn Render + 'static)>,
    ) {
        self.type_rows();
        let explain = options.explain;
        self.outcomes.resize_with(self.rows.len(), Outcome::default);
        self.explanations.clear();
        for (row, outcome) in self.rows.iter().zip(&mut self.outcomes) {
            match explain {
                None => evaluate_into(plan, &row.cells, outcome),
                Some(lang) => {
                    let (traced, trace) = evaluate_traced(plan, &row.cells);
                    self.explanations
                        .push(one_line(plan, &traced, &trace, lang));
                    *outcome = traced;
                }
            }
        }
        // After the decisions, before rendering: each record's share of the fund pools.
        if let Some(pools) = options.pools {
            for (index, outcome) in (self.first..).zip(&mut self.outcomes) {
                pools.apply(index, outcome);
            }
        }
        self.rendered.clear();
        self.failed = None;
        if let Some(render) = render {
            let mut rendered = std::mem::take(&mut self.rendered);
            let first = self.first;
            let result = self
                .records()
                .zip(first..)
                .try_for_each(|(record, index)| render.record(plan, &record, index, &mut rendered));
            self.failed = result.err();
            self.rendered = rendered;
        }
    }

    /// Hand the evaluated batch to `sink` and empty it for reuse.
    fn deliver(&mut self, plan: &Plan, sink: &mut dyn Sink) -> std::io::Result<()> {
        if let Some(error) = self.failed.take() {
            return Err(error);
        }
        sink.batch(plan, self)?;
        self.delivered = true;
        Ok(())
    }
}

/// Evaluate every record of `inputs`, in order, into `sink`. With [`Options::jobs`] > 1 the
/// calling thread reads and delivers while worker threads evaluate (and render), at most
/// `2 × jobs` (and at most [`MAX_IN_FLIGHT`]) batches in flight so memory stays flat. An input
/// that fails part way is reported to [`Sink::read_error`] and the next one is read; an error
/// writing (from the sink or a renderer) stops the run.
pub fn run<I>(plan: &Plan, inputs: I, options: &Options, sink: &mut dyn Sink) -> std::io::Result<()>
where
    I: IntoIterator,
    I::Item: Source,
{
    let mut own = sink.render().map(Render::fork);
    let mut errors = Vec::new();
    let mut inputs = inputs.into_iter();
    let jobs = options.jobs.clamp(1, MAX_IN_FLIGHT);
    let result = if jobs <= 1 {
        let mut batch = Batch::new();
        let mut sent = 0u64;
        let mut result = Ok(());
        let mut reader = Reader::new(&mut inputs, &mut errors);
        while reader.fill(&mut batch) {
            batch.first = options.start + sent;
            sent += batch.raws.len() as u64;
            batch.evaluate(plan, options, own.as_deref_mut());
            result = batch.deliver(plan, sink);
            if result.is_err() {
                break;
            }
        }
        result
    } else {
        let renders: Vec<Option<Box<dyn Render>>> =
            (0..jobs).map(|_| sink.render().map(Render::fork)).collect();
        parallel(plan, &mut inputs, &mut errors, options, renders, own, sink)
    };
    for error in errors {
        sink.read_error(error);
    }
    result
}

/// [`run`] on worker threads, one renderer each (`renders`), `own` the calling thread's.
fn parallel<I>(
    plan: &Plan,
    inputs: &mut I,
    errors: &mut Vec<ReadError>,
    options: &Options<'_>,
    renders: Vec<Option<Box<dyn Render>>>,
    mut own: Option<Box<dyn Render>>,
    sink: &mut dyn Sink,
) -> std::io::Result<()>
where
    I: Iterator,
    I::Item: Source,
{
    let in_flight = (2 * renders.len()).min(MAX_IN_FLIGHT) as u64;
    let (job_tx, job_rx) = mpsc::channel::<Batch>();
    let job_rx = Mutex::new(job_rx);
    std::thread::scope(|scope| -> std::io::Result<()> {
        let (done_tx, done_rx) = mpsc::channel::<Batch>();
        for mut render in renders {
            let (job_rx, done_tx) = (&job_rx, done_tx.clone());
            scope.spawn(move || loop {
                let job = match job_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok(mut batch) = job else { return };
                let render = render.as_deref_mut();
                let evaluate = AssertUnwindSafe(|| batch.evaluate(plan, options, render));
                batch.redo = std::panic::catch_unwind(evaluate).is_err();
                if done_tx.send(batch).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);
        let mut sent = 0u64;
        let mut records = 0u64;
        let mut delivered = 0u64;
        let mut ready: BTreeMap<u64, Batch> = BTreeMap::new();
        let mut spare: Vec<Batch> = Vec::new();
        // Deliver the batches that are next in order; keep the emptied ones for reuse.
        let mut deliver = |ready: &mut BTreeMap<u64, Batch>,
                           delivered: &mut u64,
                           spare: &mut Vec<Batch>|
         -> std::io::Result<()> {
            while let Some(mut batch) = ready.remove(delivered) {
                if batch.redo {
                    batch.redo = false;
                    batch.evaluate(plan, options, own.as_deref_mut());
                }
                batch.deliver(plan, sink)?;
                *delivered += 1;
                spare.push(batch);
            }
            Ok(())
        };
        let stopped = || std::io::Error::other("an evaluation thread stopped");
        let mut reader = Reader::new(inputs, errors);
        loop {
            let mut batch = spare.pop().unwrap_or_else(Batch::new);
            if !reader.fill(&mut batch) {
                break;
            }
            batch.seq = sent;
            batch.first = options.start + records;
            records += batch.raws.len() as u64;
            job_tx.send(batch).map_err(|_| stopped())?;
            sent += 1;
            while let Ok(batch) = done_rx.try_recv() {
                ready.insert(batch.seq, batch);
            }
            deliver(&mut ready, &mut delivered, &mut spare)?;
            while sent - delivered >= in_flight {
                let batch = done_rx.recv().map_err(|_| stopped())?;
                ready.insert(batch.seq, batch);
                deliver(&mut ready, &mut delivered, &mut spare)?;
            }
        }
        drop(job_tx);
        while delivered < sent {
            let batch = done_rx.recv().map_err(|_| stopped())?;
            ready.insert(batch.seq, batch);
            deliver(&mut ready, &mut delivered, &mut spare)?;
        }
        Ok(())
    })
}
