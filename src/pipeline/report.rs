//! [`Report`]: the sink that writes an output format and adds up the totals.

use std::io::Write;

use super::{Batch, Sink};
use crate::data::ReadError;
use crate::eval::plan::Plan;
use crate::pool::{Allocations, PoolResult};
use crate::report::{Render, Summary, TotalsOverflow, Writer};

/// Where the records go.
enum Target<'a> {
    /// Rendered by the workers with `render`, the bytes written to `out`.
    Rendered {
        render: Box<dyn Render>,
        out: &'a mut dyn Write,
        /// Whether the head is written.
        started: bool,
    },
    /// Each record given to a writer on the calling thread (a workbook).
    Records(&'a mut dyn Writer),
}

/// A sink that writes one output format: the records as they come, then (with
/// [`Report::finish`]) the totals. It counts the records with data errors, and keeps a
/// [`Summary`] only when the format prints totals.
pub struct Report<'a> {
    target: Target<'a>,
    /// Whether the format prints totals.
    totals: bool,
    /// The totals, from the first record on (when the format prints them).
    summary: Option<Summary>,
    /// Records with data errors (or an arithmetic overflow).
    data_errors: u64,
    /// Records delivered.
    records: u64,
    /// A total past the decimal range: the run fails and prints no totals.
    overflow: Option<TotalsOverflow>,
    /// Inputs that could not be read on.
    read_errors: Vec<ReadError>,
    /// What the fund pools shared out (the summary reports them).
    pools: Vec<PoolResult>,
}

impl<'a> Report<'a> {
    /// Write records that `render` renders (on the worker threads) to `out`.
    pub fn rendered(render: Box<dyn Render>, out: &'a mut dyn Write) -> Self {
        Report::new(Target::Rendered {
            render,
            out,
            started: false,
        })
    }

    /// Give every record to `writer`, on the calling thread (a format that cannot render records
    /// apart, such as a workbook); it gets the totals at the end.
    pub fn records(writer: &'a mut dyn Writer) -> Self {
        Report::new(Target::Records(writer))
    }

    fn new(target: Target<'a>) -> Self {
        let totals = match &target {
            Target::Rendered { render, .. } => render.totals(),
            Target::Records(_) => true,
        };
        Report {
            target,
            totals,
            summary: None,
            data_errors: 0,
            records: 0,
            overflow: None,
            read_errors: Vec::new(),
            pools: Vec::new(),
        }
    }

    /// Report what the fund pools shared out beside the totals.
    pub fn with_pools(mut self, pools: Option<&Allocations>) -> Self {
        if let Some(pools) = pools {
            self.pools.clone_from(&pools.pools);
        }
        self
    }

    /// Fresh totals, with the pools.
    fn summary(&self, plan: &Plan) -> Summary {
        let mut summary = Summary::new(plan);
        summary.pools.clone_from(&self.pools);
        summary
    }

    /// Records with data errors (or an arithmetic overflow) so far.
    pub fn data_errors(&self) -> u64 {
        self.data_errors
    }

    /// Records written so far.
    pub fn records_written(&self) -> u64 {
        self.records
    }

    /// A total past the decimal range, if one was met: the totals are not written.
    pub fn overflow(&mut self) -> Option<TotalsOverflow> {
        self.overflow.take()
    }

    /// The errors of inputs that could not be read on.
    pub fn read_errors(&mut self) -> Vec<ReadError> {
        std::mem::take(&mut self.read_errors)
    }

    /// Write what comes after the records (the totals, unless one overflowed) and flush.
    pub fn finish(&mut self, plan: &Plan) -> std::io::Result<()> {
        if self.overflow.is_some() {
            return Ok(());
        }
        let summary = match self.summary.take() {
            Some(summary) => summary,
            None => self.summary(plan),
        };
        let summary = &summary;
        match &mut self.target {
            Target::Rendered {
                render,
                out,
                started,
            } => {
                let mut bytes = Vec::new();
                if !*started {
                    render.head(plan, &mut bytes)?;
                    *started = true;
                }
                let totals = self.totals.then_some(summary);
                render.tail(plan, totals, &mut bytes)?;
                out.write_all(&bytes)?;
                out.flush()
            }
            Target::Records(writer) => writer.finish(plan, summary),
        }
    }
}

impl Sink for Report<'_> {
    fn render(&self) -> Option<&dyn Render> {
        match &self.target {
            Target::Rendered { render, .. } => Some(render.as_ref()),
            Target::Records(_) => None,
        }
    }

    fn batch(&mut self, plan: &Plan, batch: &Batch) -> std::io::Result<()> {
        if self.totals && self.summary.is_none() {
            self.summary = Some(self.summary(plan));
        }
        for record in batch.records() {
            if record.error_count() > 0 {
                self.data_errors += 1;
            }
            if let (Some(summary), None) = (&mut self.summary, &self.overflow) {
                if let Err(overflow) = summary.add(plan, &record) {
                    self.overflow = Some(overflow);
                }
            }
        }
        match &mut self.target {
            Target::Rendered {
                render,
                out,
                started,
            } => {
                if !*started {
                    let mut head = Vec::new();
                    render.head(plan, &mut head)?;
                    out.write_all(&head)?;
                    *started = true;
                }
                out.write_all(batch.rendered())?;
            }
            Target::Records(writer) => {
                for record in batch.records() {
                    writer.record(plan, &record)?;
                }
            }
        }
        self.records += batch.len() as u64;
        Ok(())
    }

    fn read_error(&mut self, error: ReadError) {
        self.read_errors.push(error);
    }
}
