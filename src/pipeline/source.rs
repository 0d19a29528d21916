//! [`Source`]: where the pipeline reads records from, and [`Reader`], which fills batches from a
//! run's sources in order.
//!
//! A source gives each record as a [`RawRecord`]: a CSV record tokenized, numbered and its key
//! checked on the reading thread but not yet typed (typing is most of a record's reading, and it
//! runs on the workers, at the start of [`super::Batch::evaluate`]), or a row typed already
//! (every other format). Either way the worker's [`RowTyper::type_in_place`] gives the row that
//! the source's [`Iterator::next`] would have given.

use std::io::Read;

use super::{Batch, BATCH};
use crate::data::{CsvRecords, RawRecord, ReadError, Records, Row, RowTyper};

/// One input of a run: its records in order.
pub trait Source {
    /// The next record, typed or to type; `used` holds records already typed, whose buffers the
    /// source may read into. After an `Err` the source has ended.
    fn next_record(&mut self, used: &mut Vec<RawRecord>) -> Option<Result<RawRecord, ReadError>>;

    /// What types the records this source leaves untyped; `None` when it types them all.
    fn typer(&self) -> Option<RowTyper>;
}

impl Source for Records {
    fn next_record(&mut self, used: &mut Vec<RawRecord>) -> Option<Result<RawRecord, ReadError>> {
        self.next_raw_reusing(used)
    }

    fn typer(&self) -> Option<RowTyper> {
        Records::typer(self)
    }
}

impl<R: Read> Source for CsvRecords<R> {
    fn next_record(&mut self, used: &mut Vec<RawRecord>) -> Option<Result<RawRecord, ReadError>> {
        self.next_raw_reusing(used)
    }

    fn typer(&self) -> Option<RowTyper> {
        Some(CsvRecords::typer(self))
    }
}

/// Rows typed already, from any iterator (rows kept in memory, a reader of one's own).
pub struct Typed<I>(pub I);

impl<I> Source for Typed<I>
where
    I: Iterator<Item = Result<Row, ReadError>>,
{
    fn next_record(&mut self, _: &mut Vec<RawRecord>) -> Option<Result<RawRecord, ReadError>> {
        self.0.next().map(|row| row.map(RawRecord::from))
    }

    fn typer(&self) -> Option<RowTyper> {
        None
    }
}

/// Reads a run's sources one after the other into batches: an input that cannot be read on ends
/// (its error is kept) and the next one is read.
pub(super) struct Reader<'a, I: Iterator> {
    inputs: &'a mut I,
    current: Option<I::Item>,
    errors: &'a mut Vec<ReadError>,
}

impl<'a, I> Reader<'a, I>
where
    I: Iterator,
    I::Item: Source,
{
    pub(super) fn new(inputs: &'a mut I, errors: &'a mut Vec<ReadError>) -> Self {
        let current = inputs.next();
        Reader {
            inputs,
            current,
            errors,
        }
    }

    /// Empty `batch` and read up to [`BATCH`] records into it, with the typer of each input
    /// they come from; `false` when there were none left.
    pub(super) fn fill(&mut self, batch: &mut Batch) -> bool {
        batch.raws.clear();
        batch.typers.clear();
        // Whether the current input's typer is in the batch's list.
        let mut typer_listed = false;
        while batch.raws.len() < BATCH {
            let Some(records) = self.current.as_mut() else {
                break;
            };
            if !typer_listed {
                if let Some(typer) = records.typer() {
                    batch.typers.push((batch.raws.len(), typer));
                }
                typer_listed = true;
            }
            match records.next_record(&mut batch.used) {
                Some(Ok(raw)) => batch.raws.push(raw),
                Some(Err(e)) => {
                    self.errors.push(e);
                    self.current = self.inputs.next();
                    typer_listed = false;
                }
                None => {
                    self.current = self.inputs.next();
                    typer_listed = false;
                }
            }
        }
        !batch.raws.is_empty()
    }
}
