//! Reading a saved result — what `jiangbu eval … --format jsonl` (or `--format json`) wrote —
//! back into [`Decision`]s, so it can be the OLD side of a diff.

use std::collections::HashSet;
use std::io::Read;
use std::path::Path;

use crate::report::contract::{AwardJson, GroupResultJson, RecordJson};
use rust_decimal::Decimal;
use serde_json::Value;

use crate::diag::localize::english_diagnostic;
use crate::diag::{text, Localize, Text, Texts};

use super::{AwardState, AwardStatus, BenefitInfo, BenefitState, Decision, Layout, Money, Note};
use crate::eval::Status;

/// Why a saved result cannot be read.
#[derive(Debug)]
pub enum SavedResultError {
    /// The file cannot be read.
    Read {
        /// The path as given.
        path: String,
        /// The operating system's error.
        error: std::io::Error,
    },
    /// It is not JSON.
    Json {
        /// The path as given.
        path: String,
        /// The record's position, from 1.
        record: usize,
        /// What is wrong (a JSON reader's message is the same in both: its own words).
        message: Text,
    },
    /// A record lacks a key or holds a value the contract does not allow.
    Record {
        /// The path as given.
        path: String,
        /// The record's position, from 1.
        record: usize,
        /// Its `row`.
        row: u64,
        /// What is wrong.
        message: Text,
    },
    /// It holds no record.
    Empty {
        /// The path as given.
        path: String,
    },
}

impl Localize for SavedResultError {
    fn texts(&self) -> Texts {
        let saved_help = || {
            text!(
                "OLD must be a policy file, or the output of `jiangbu eval POLICY RECORDS --format jsonl`",
                "`OLD` 须是政策文件，或 `jiangbu eval POLICY RECORDS --format jsonl` 的输出"
            )
        };
        let (code, message, help) = match self {
            SavedResultError::Read { path, error } => (
                "jiangbu::diff::saved_read",
                {
                    let crate::diag::Text { en, zh } = crate::diag::os_text(error);
                    text!("cannot read `{path}`: {en}", "无法读取 `{path}`：{zh}")
                },
                text!(
                    "check the path and that the file may be read",
                    "检查路径是否正确、文件是否可读"
                ),
            ),
            SavedResultError::Json {
                path,
                record,
                message: Text { en, zh },
            } => (
                "jiangbu::diff::saved_json",
                text!(
                    "`{path}` is not a saved result: record {record}: {en}",
                    "`{path}` 不是已保存的评估结果：第 {record} 条记录：{zh}"
                ),
                saved_help(),
            ),
            SavedResultError::Record {
                path,
                record,
                row,
                message,
            } => {
                let (en, zh) = (&message.en, &message.zh);
                (
                    "jiangbu::diff::saved_record",
                    text!(
                        "`{path}`, record {record} (row {row}): {en}",
                        "`{path}` 第 {record} 条记录（第 {row} 行）：{zh}"
                    ),
                    saved_help(),
                )
            }
            SavedResultError::Empty { path } => (
                "jiangbu::diff::saved_empty",
                text!("`{path}` holds no record", "`{path}` 中没有记录"),
                text!(
                    "save a result with `jiangbu eval POLICY RECORDS --format jsonl -o OLD.jsonl`",
                    "先用 `jiangbu eval POLICY RECORDS --format jsonl -o OLD.jsonl` 保存评估结果"
                ),
            ),
        };
        Texts {
            code,
            message,
            labels: Vec::new(),
            help,
        }
    }
}

english_diagnostic!(SavedResultError);

/// A saved record: the contract's own type ([`RecordJson`]), read leniently.
type SavedRecord = RecordJson;

/// A saved result, read whole: its benefits and every record's decisions, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedResult {
    /// The policy's title, when the file is a `--format json` document.
    pub title: Option<String>,
    /// The benefits, as the first record lists them.
    pub layout: Layout,
    /// The records.
    pub records: Vec<Decision>,
    /// What the file does not say and the diff has to infer.
    pub notes: Vec<Note>,
}

impl SavedResult {
    /// Read the file at `path`.
    pub fn read(path: &Path) -> Result<Self, SavedResultError> {
        let shown = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|error| SavedResultError::Read {
            path: shown.clone(),
            error,
        })?;
        Self::from_reader(&shown, std::io::BufReader::new(file))
    }

    /// Read a saved result from `reader`; `name` is used in messages.
    pub fn from_reader<R: Read>(name: &str, reader: R) -> Result<Self, SavedResultError> {
        let mut reading = Reading {
            path: name.to_string(),
            result: SavedResult {
                title: None,
                layout: Layout::default(),
                records: Vec::new(),
                notes: Vec::new(),
            },
            area: true,
            funds: true,
            paid: true,
        };
        let stream = serde_json::Deserializer::from_reader(reader).into_iter::<Value>();
        for value in stream {
            let value = value.map_err(|e| reading.json_error(reader_said(&e)))?;
            match value {
                Value::Object(mut doc) if doc.contains_key("records") => {
                    // A `--format json` document: `{"policy": …, "records": [ … ], "summary": …}`.
                    reading.result.title = doc
                        .get("policy")
                        .and_then(Value::as_str)
                        .map(str::to_string);
                    let Some(Value::Array(records)) = doc.remove("records") else {
                        return Err(reading
                            .json_error(text!("`records` is not an array", "`records` 不是数组")));
                    };
                    for record in records {
                        reading.record(record)?;
                    }
                }
                record => reading.record(record)?,
            }
        }
        reading.finish()
    }
}

/// The state of reading one file.
struct Reading {
    path: String,
    result: SavedResult,
    /// Every record so far had `area`, every benefit `funds`, every benefit `paid`.
    area: bool,
    funds: bool,
    paid: bool,
}

impl Reading {
    fn json_error(&self, message: Text) -> SavedResultError {
        SavedResultError::Json {
            path: self.path.clone(),
            record: self.result.records.len() + 1,
            message,
        }
    }

    fn record_error(&self, row: u64, message: Text) -> SavedResultError {
        SavedResultError::Record {
            path: self.path.clone(),
            record: self.result.records.len() + 1,
            row,
            message,
        }
    }

    fn record(&mut self, value: Value) -> Result<(), SavedResultError> {
        self.area &= value.get("area").is_some();
        let saved: SavedRecord =
            serde_json::from_value(value).map_err(|e| self.json_error(reader_said(&e)))?;
        let row = saved.row;
        let layout: Vec<BenefitInfo> = saved
            .benefits
            .iter()
            .map(|b| BenefitInfo {
                clause: b.clause.clone(),
                name: b.name.clone(),
                subsidy: b.kind == "subsidy",
                funds: b.funds.clone().unwrap_or_default(),
            })
            .collect();
        if self.result.records.is_empty() {
            self.result.layout = Layout { benefits: layout };
        } else if !same_benefits(&self.result.layout.benefits, &layout) {
            return Err(self.record_error(
                row,
                text!(
                    "its benefits differ from the first record's: the file mixes results of different policies",
                    "其奖补项目与第一条记录不同：文件混有不同政策的评估结果"
                ),
            ));
        }
        // Subsidies an exclusive group set aside or left to the officer's choice are not paid.
        let mut withheld: HashSet<&str> = HashSet::new();
        // (A result saved before `paid` was written; newer ones say `paid` per benefit.)
        let group_awards = saved.groups.iter().filter_map(|g| match &g.result {
            GroupResultJson::Award(a) => Some(a),
            GroupResultJson::Cap(_) => None,
        });
        for award in saved.award.iter().chain(group_awards) {
            withheld.extend(award.set_aside.iter().map(String::as_str));
            if award.status == "pending" {
                withheld.extend(award.candidates.iter().map(String::as_str));
            }
        }
        let mut benefits = Vec::with_capacity(saved.benefits.len());
        for b in &saved.benefits {
            let status = status(&b.status).ok_or_else(|| {
                let status = &b.status;
                self.record_error(
                    row,
                    text!(
                        "`status` `{status}` is not `eligible`, `ineligible` or `undetermined`",
                        "`status` `{status}` 不是 `eligible`、`ineligible` 或 `undetermined`"
                    ),
                )
            })?;
            let subsidy = b.kind == "subsidy";
            let amount = match (&b.range, &b.amount) {
                (Some([lo, hi]), _) => Money::Range(self.money(row, lo)?, self.money(row, hi)?),
                (None, Some(a)) => Money::Known(self.money(row, a)?),
                (None, None) if subsidy && status == Status::Eligible => Money::Open,
                (None, None) => Money::None,
            };
            self.funds &= b.funds.is_some() || !subsidy;
            self.paid &= b.paid.is_some();
            let paid = b.paid.unwrap_or(
                subsidy && status == Status::Eligible && !withheld.contains(b.clause.as_str()),
            );
            // What is paid: the saved `payable` (after every cap), or, in a result saved before
            // it was written, the amount.
            let payable = match (&b.payable, paid) {
                (_, false) => Money::None,
                (Some(p), true) => Money::Known(self.money(row, p)?),
                (None, true) => amount,
            };
            let allocated = match &b.allocated {
                None => Money::None,
                Some(None) => Money::Open,
                Some(Some(a)) => Money::Known(self.money(row, a)?),
            };
            benefits.push(BenefitState {
                status,
                amount,
                paid,
                payable,
                allocated,
            });
        }
        let award = match &saved.award {
            None => None,
            Some(a) => Some(self.award(row, a)?),
        };
        self.result.records.push(Decision {
            id: saved.id,
            row,
            name: None,
            area: saved.area,
            benefits,
            award,
        });
        Ok(())
    }

    fn money(&self, row: u64, text: &str) -> Result<Decimal, SavedResultError> {
        Decimal::from_str_exact(text).map_err(|_| {
            self.record_error(
                row,
                text!(
                    "`{text}` is not an amount in yuan",
                    "`{text}` 不是以元为单位的金额"
                ),
            )
        })
    }

    fn award(&self, row: u64, a: &AwardJson) -> Result<AwardState, SavedResultError> {
        let status = match Some(a.status.as_str()) {
            Some("awarded") => AwardStatus::Awarded,
            Some("pending") => AwardStatus::Pending,
            Some("none") => AwardStatus::None,
            other => {
                let status = other.unwrap_or("null");
                return Err(self.record_error(
                    row,
                    text!(
                        "award `status` `{status}` is not awarded, pending or none",
                        "award 的 `status` `{status}` 不是 awarded、pending 或 none"
                    ),
                ));
            }
        };
        // What the award pays (after every cap), or, in a result saved before `payable` was
        // written, its amount.
        let amount = match a.payable.as_ref().or(a.amount.as_ref()) {
            Some(text) => Some(self.money(row, text)?),
            None => None,
        };
        Ok(AwardState {
            status,
            clause: a.clause.clone(),
            name: a.name.clone(),
            amount,
            provisional: a.provisional,
            candidates: a.candidates.clone(),
        })
    }

    fn finish(mut self) -> Result<SavedResult, SavedResultError> {
        if self.result.records.is_empty() {
            return Err(SavedResultError::Empty { path: self.path });
        }
        if !self.area {
            self.result.notes.push(Note::AreaFromRecords);
        }
        if !self.funds {
            self.result.notes.push(Note::FundsFromNew);
        }
        let benefits = &self.result.layout.benefits;
        let shared_clause = benefits.iter().enumerate().any(|(i, a)| {
            a.subsidy
                && benefits[i + 1..]
                    .iter()
                    .any(|b| b.subsidy && b.clause == a.clause)
        });
        if !self.paid && shared_clause {
            self.result.notes.push(Note::PaidByClause);
        }
        Ok(self.result)
    }
}

/// What the JSON reader said, which has no Chinese of its own: the same in both languages.
fn reader_said(error: &serde_json::Error) -> Text {
    let said = error.to_string();
    Text::new(said.clone(), said)
}

fn same_benefits(a: &[BenefitInfo], b: &[BenefitInfo]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.clause == y.clause && x.name == y.name && x.subsidy == y.subsidy)
}

fn status(text: &str) -> Option<Status> {
    match text {
        "eligible" => Some(Status::Eligible),
        "ineligible" => Some(Status::Ineligible),
        "undetermined" => Some(Status::Undetermined),
        _ => None,
    }
}
