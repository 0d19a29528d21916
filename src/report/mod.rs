//! Writing results: jsonl (the machine contract), json, csv and the officer's table.

mod columns;
pub mod contract;
mod csv;
pub mod diff;
pub mod explain;
mod jsonl;
pub mod pools;
mod summary;
mod table;
#[cfg(test)]
mod tests_json;
pub mod text;
mod xlsx;

pub use self::csv::{neutralize, Csv, CsvWriter};
pub(crate) use columns::status_word;
pub use jsonl::{Json, JsonWriter, Jsonl, JsonlWriter};
pub use summary::{Summary, TotalsOverflow};
pub use table::{Table, TableWriter};
pub use xlsx::{XlsxWriter, RESULTS_SHEET, SUMMARY_SHEET};

use crate::data::CellError;
use crate::diag::{text, Word};
use crate::eval::amount::to_fen;
use crate::eval::plan::Plan;
use crate::eval::value::Cell;
use crate::eval::Outcome;
use crate::syntax::keywords::Lang;
use rust_decimal::Decimal;

/// One evaluated record, as the writers see it.
pub struct Evaluated<'a> {
    /// Spreadsheet row (header is row 1).
    pub line: u64,
    /// The typed cells.
    pub cells: &'a [Cell],
    /// Data errors of this record.
    pub errors: &'a [CellError],
    /// What was decided.
    pub outcome: &'a Outcome,
    /// With `eval --explain`: the decision in one line (`不符合第二条：增长率 4.80% 低于 6%`).
    pub explanation: Option<&'a str>,
}

impl Evaluated<'_> {
    /// The text of the cell in `slot`, if it holds text.
    pub fn text(&self, slot: Option<usize>) -> Option<&str> {
        match slot.and_then(|s| self.cells.get(s)) {
            Some(Cell::Text(t)) => Some(t),
            _ => None,
        }
    }

    /// The record's key (the `主键` field's text).
    pub fn key(&self, plan: &Plan) -> Option<&str> {
        self.text(plan.schema.key_slot())
    }

    /// The record's area (the `地区` field), as text.
    pub fn area<'p>(&'p self, plan: &'p Plan) -> Option<&'p str> {
        let slot = plan.schema.area_slot()?;
        match self.cells.get(slot)? {
            Cell::Text(t) => Some(t),
            Cell::Word(w) => match &plan.schema.fields[slot].ty {
                crate::schema::FieldType::Enum(words) => words.get(*w as usize).map(String::as_str),
                _ => None,
            },
            _ => None,
        }
    }

    /// Every error of the record as messages: data errors, then an arithmetic overflow.
    pub fn error_count(&self) -> usize {
        self.errors.len() + usize::from(self.outcome.overflow.is_some())
    }
}

/// A record writer for one output format, on the thread that writes: every record in order,
/// then the totals. A format that can render records apart also implements [`Render`], and
/// [`Streamed`] makes a writer of it.
pub trait Writer {
    /// Write one record.
    fn record(&mut self, plan: &Plan, record: &Evaluated<'_>) -> std::io::Result<()>;
    /// Finish: write anything held back (totals, closing brackets).
    fn finish(&mut self, plan: &Plan, summary: &Summary) -> std::io::Result<()>;
}

/// An output format that renders each record into bytes on its own, so any thread may render
/// a record: a head, every record, then a tail with the totals. A renderer may keep caches
/// (escaped constants), so each thread renders with its own, made by [`Render::fork`].
pub trait Render: Send {
    /// What comes before the first record (a header, an opening bracket).
    fn head(&mut self, plan: &Plan, out: &mut Vec<u8>) -> std::io::Result<()> {
        let _ = (plan, out);
        Ok(())
    }
    /// One record; `index` is its place in the output, counting from 0.
    fn record(
        &mut self,
        plan: &Plan,
        record: &Evaluated<'_>,
        index: u64,
        out: &mut Vec<u8>,
    ) -> std::io::Result<()>;
    /// What comes after the last record: the totals, closing brackets. `summary` is `None`
    /// when the format prints no totals ([`Render::totals`] is false).
    fn tail(
        &mut self,
        plan: &Plan,
        summary: Option<&Summary>,
        out: &mut Vec<u8>,
    ) -> std::io::Result<()> {
        let _ = (plan, summary, out);
        Ok(())
    }
    /// Whether [`Render::tail`] prints totals, so a run must add them up.
    fn totals(&self) -> bool;
    /// Another renderer like this one, for another thread.
    fn fork(&self) -> Box<dyn Render>;
}

impl Render for Box<dyn Render> {
    fn head(&mut self, plan: &Plan, out: &mut Vec<u8>) -> std::io::Result<()> {
        (**self).head(plan, out)
    }
    fn record(
        &mut self,
        plan: &Plan,
        record: &Evaluated<'_>,
        index: u64,
        out: &mut Vec<u8>,
    ) -> std::io::Result<()> {
        (**self).record(plan, record, index, out)
    }
    fn tail(
        &mut self,
        plan: &Plan,
        summary: Option<&Summary>,
        out: &mut Vec<u8>,
    ) -> std::io::Result<()> {
        (**self).tail(plan, summary, out)
    }
    fn totals(&self) -> bool {
        (**self).totals()
    }
    fn fork(&self) -> Box<dyn Render> {
        (**self).fork()
    }
}

/// A [`Render`] writing to `out` as records come: the [`Writer`] of any format that renders
/// records apart.
pub struct Streamed<R, W> {
    render: R,
    out: W,
    /// Records written so far.
    index: u64,
    /// The record being rendered, reused.
    buf: Vec<u8>,
}

impl<R: Render, W: std::io::Write> Streamed<R, W> {
    /// Write what `render` renders to `out`.
    pub fn with(render: R, out: W) -> Self {
        Streamed {
            render,
            out,
            index: 0,
            buf: Vec::new(),
        }
    }

    /// What it wrote to.
    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<R: Render, W: std::io::Write> Writer for Streamed<R, W> {
    fn record(&mut self, plan: &Plan, record: &Evaluated<'_>) -> std::io::Result<()> {
        self.buf.clear();
        if self.index == 0 {
            self.render.head(plan, &mut self.buf)?;
        }
        self.render
            .record(plan, record, self.index, &mut self.buf)?;
        self.index += 1;
        self.out.write_all(&self.buf)
    }

    fn finish(&mut self, plan: &Plan, summary: &Summary) -> std::io::Result<()> {
        self.buf.clear();
        if self.index == 0 {
            self.render.head(plan, &mut self.buf)?;
        }
        let summary = self.render.totals().then_some(summary);
        self.render.tail(plan, summary, &mut self.buf)?;
        self.out.write_all(&self.buf)?;
        self.out.flush()
    }
}

/// The columns of the totals per clause, in the table and in the xlsx summary sheet.
/// The last counts paid records whose payable amount is not known yet (not in 给予金额).
pub(crate) const CLAUSE_TOTALS: [Word; 11] = [
    Word::Clause,
    Word::Kind,
    Word::Eligible,
    Word::Ineligible,
    Word::Undetermined,
    Word::AmountKnown,
    Word::KnownSumYuan,
    Word::AmountTbd,
    Word::Paid,
    Word::PaidSumYuan,
    Word::PaidTbd,
];

/// An amount as a decimal string in yuan with two decimals.
pub fn yuan(d: Decimal) -> String {
    format!("{:.2}", to_fen(d))
}

/// An amount in yuan with two decimals and thousands separators, as an officer reads it in the
/// table and the summaries: `1,234,567.80`.
pub fn yuan_grouped(d: Decimal) -> String {
    // [`yuan`]'s spelling (ASCII: a sign, digits, a point), written without formatting.
    let mut plain = Vec::with_capacity(48);
    if write_yuan(&mut plain, d).is_err() {
        // Writing into a `Vec` does not fail.
        plain = yuan(d).into_bytes();
    }
    let (sign, rest) = match plain.split_first() {
        Some((b'-', rest)) => ("-", rest),
        _ => ("", plain.as_slice()),
    };
    let (int, frac) = match rest.iter().position(|&b| b == b'.') {
        Some(at) => rest.split_at(at),
        None => (rest, &[][..]),
    };
    let mut out = String::with_capacity(plain.len() + int.len() / 3);
    out.push_str(sign);
    for (i, &b) in int.iter().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(char::from(b));
    }
    // `frac` is the point and the digits after it.
    out.extend(frac.iter().map(|&b| char::from(b)));
    out
}

/// Write an amount as [`yuan`] spells it, without building a string: the digits come from the
/// fen-rounded mantissa (an `i128`, so scaling it to two places cannot overflow).
pub fn write_yuan(out: &mut impl std::io::Write, d: Decimal) -> std::io::Result<()> {
    let fen = to_fen(d);
    let scale = fen.scale();
    if fen.is_zero() || scale > 2 {
        // A zero keeps its sign in Decimal's own spelling; leave that case to it.
        return write!(out, "{fen:.2}");
    }
    let cents = fen.mantissa().unsigned_abs() * 10u128.pow(2 - scale);
    let mut digits = [0u8; 48];
    let mut at = digits.len();
    let mut rest = cents;
    loop {
        at -= 1;
        // `rest % 10` is a digit, so the conversion cannot fail.
        digits[at] = u8::try_from(rest % 10).map_or(b'0', |d| b'0' + d);
        rest /= 10;
        if rest == 0 && at <= digits.len() - 3 {
            break;
        }
        if at == digits.len() - 2 {
            at -= 1;
            digits[at] = b'.';
        }
    }
    if fen.is_sign_negative() {
        at -= 1;
        digits[at] = b'-';
    }
    out.write_all(&digits[at..])
}

/// Write a whole number in decimal, without building a string.
pub(crate) fn write_u64(out: &mut impl std::io::Write, n: u64) -> std::io::Result<()> {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        // `rest % 10` is a digit, so the conversion cannot fail.
        digits[at] = u8::try_from(rest % 10).map_or(b'0', |d| b'0' + d);
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.write_all(&digits[at..])
}

/// The message for an arithmetic overflow on a record, in `lang`.
pub fn overflow_message(plan: &Plan, outcome: &Outcome, lang: Lang) -> Option<String> {
    outcome.overflow.map(|span| {
        let q = span.text(&plan.source);
        text!(
            "arithmetic overflow in `{q}`: the numbers of this record are too large",
            "“{q}”计算溢出：本记录的数值过大"
        )
        .get(lang)
        .to_string()
    })
}
