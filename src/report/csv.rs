//! `--format csv`: one row per record, for spreadsheets.

use std::io::Write;

use super::summary::Summary;
use super::{overflow_message, yuan, Evaluated, Writer};
use crate::eval::amount::Amount;
use crate::eval::plan::Plan;
use crate::eval::record::{Award, GroupOutcome};
use crate::syntax::ast::BenefitKind;

/// Writes a header, then one row per record.
pub struct CsvWriter<W: Write> {
    out: csv::Writer<W>,
    header: bool,
}

impl<W: Write> CsvWriter<W> {
    /// Write to `out`.
    pub fn new(out: W) -> Self {
        CsvWriter {
            out: csv::Writer::from_writer(out),
            header: false,
        }
    }
}

fn io(e: csv::Error) -> std::io::Error {
    std::io::Error::other(e)
}

impl<W: Write> Writer for CsvWriter<W> {
    fn record(&mut self, plan: &Plan, record: &Evaluated<'_>) -> std::io::Result<()> {
        if !self.header {
            let mut header = super::result_columns(plan, false);
            if record.explanation.is_some() {
                header.push("explanation".to_string());
            }
            self.out.write_record(&header).map_err(io)?;
            self.header = true;
        }
        let outcome = record.outcome;
        let mut row = vec![
            record.line.to_string(),
            record.key(plan).unwrap_or("").to_string(),
        ];
        for (p, b) in plan.benefits.iter().zip(&outcome.benefits) {
            row.push(b.status.as_str().to_string());
            if p.kind == BenefitKind::Subsidy {
                row.push(
                    b.amount
                        .and_then(Amount::known)
                        .map(yuan)
                        .unwrap_or_default(),
                );
            }
        }
        let clause = |b: usize| {
            plan.benefits
                .get(b)
                .and_then(|p| plan.clauses.get(p.clause))
                .map_or(String::new(), |c| c.id.clone())
        };
        let join = |list: &[usize]| {
            list.iter()
                .map(|&b| clause(b))
                .collect::<Vec<_>>()
                .join(" ")
        };
        match outcome.award(plan) {
            Some(GroupOutcome::Exclusive {
                award,
                provisional,
                set_aside,
            }) => {
                let (status, who, amount, candidates) = match award {
                    Award::Awarded(b) => (
                        "awarded",
                        clause(*b),
                        outcome.benefits[*b]
                            .amount
                            .and_then(Amount::known)
                            .map(yuan)
                            .unwrap_or_default(),
                        String::new(),
                    ),
                    Award::Pending(c) => ("pending", String::new(), String::new(), join(c)),
                    Award::None => ("none", String::new(), String::new(), String::new()),
                };
                row.extend([
                    status.to_string(),
                    who,
                    amount,
                    provisional.to_string(),
                    candidates,
                    join(set_aside),
                ]);
            }
            _ => row.extend(std::iter::repeat_n(String::new(), 6)),
        }
        let mut errors: Vec<String> = record.errors.iter().map(ToString::to_string).collect();
        errors.extend(overflow_message(plan, outcome));
        row.push(errors.join("; "));
        if let Some(line) = record.explanation {
            row.push(line.to_string());
        }
        self.out.write_record(&row).map_err(io)
    }

    fn finish(&mut self, _plan: &Plan, _summary: &Summary) -> std::io::Result<()> {
        self.out.flush()
    }

    fn totals(&self) -> bool {
        false
    }
}
