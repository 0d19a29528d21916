//! The jsonl/json record contract, defined once: what `--format jsonl` and `--format json`
//! write per record, what `explain --format json` writes for an award, and what `jiangbu diff`
//! reads back from a saved result. One set of types, both directions; the jsonl byte writer
//! (`jsonl.rs`) writes exactly what serialising these gives (a test compares the two).
//!
//! Reading is lenient where older results lack a field (`paid`, `payable`, `name`): it is
//! `None` or empty, never an error.

use serde::{Deserialize, Serialize};

/// One record's result.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordJson {
    /// The key field's text.
    pub id: Option<String>,
    /// The spreadsheet row (the header is row 1).
    pub row: u64,
    /// The record's area, when a producer wrote it (jsonl does not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// Every benefit, in policy order.
    pub benefits: Vec<BenefitJson>,
    /// The first exclusive group's decision; `null` without one.
    #[serde(default)]
    pub award: Option<AwardJson>,
    /// What the record is paid in all (every paid subsidy's payable amount), in yuan; `null`
    /// while any of them is unknown or a choice is pending (absent in older results).
    #[serde(default)]
    pub payable: Option<String>,
    /// Policies with fund pools only: what the record is paid once the pools are shared out,
    /// in yuan — each pooled subsidy's allocation, any other paid subsidy's payable amount;
    /// `null` while any part is unknown; absent for a policy without pools.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub allocated: Option<Option<String>>,
    /// The record's verdict once every group and fund pool has been applied: `paid`,
    /// `pending` (an officer's choice awaits), `none`, or, with fund pools, `unfunded`
    /// (eligible, but its pools allocated it nothing); absent in older results.
    #[serde(default)]
    pub verdict: Option<String>,
    /// Whether completing the data may change the decision (shown `暂定`); absent in older
    /// results.
    #[serde(default)]
    pub provisional: Option<bool>,
    /// With `eval --explain`: the decision in one line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
    /// Every group's result, when the policy has several groups or a cumulative cap.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupJson>,
    /// Data errors and an arithmetic overflow.
    #[serde(default)]
    pub errors: Vec<ErrorJson>,
}

/// One benefit's result.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenefitJson {
    /// Its clause's id.
    pub clause: String,
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// `subsidy` or `service`.
    pub kind: String,
    /// `eligible`, `ineligible` or `undetermined`.
    pub status: String,
    /// The known amount the clause computes, in yuan with two decimals.
    #[serde(default)]
    pub amount: Option<String>,
    /// A range's two bounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<[String; 2]>,
    /// The installments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub installments: Vec<InstallmentJson>,
    /// Why undetermined, or why an eligible amount is open.
    #[serde(default)]
    pub reason: Option<String>,
    /// The reason's stable code (`blank`, `malformed`, `zero_divisor`, `tbd`, `overflow`), the
    /// same in every language (absent in older results).
    #[serde(default)]
    pub reason_code: Option<String>,
    /// Paid once every group has been applied (absent in results saved before it was written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid: Option<bool>,
    /// What is paid after every group, when known: with a fund pool, the claim on it.
    #[serde(default)]
    pub payable: Option<String>,
    /// What its fund pool (`资金总额`) allocates to it, in yuan: `null` while its claim or the
    /// pool's total is unknown; absent for a benefit not paid or in no pool.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub allocated: Option<Option<String>>,
    /// Funding sources, when a producer wrote them (jsonl does not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funds: Option<Vec<String>>,
}

/// A field that may be `null` and may be absent: present (`null` or a value) is `Some`.
fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

/// One installment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstallmentJson {
    /// The period (`2021年`).
    pub label: String,
    /// Its amount in yuan; `null` while the payable amount it splits is unknown.
    pub amount: Option<String>,
}

/// An exclusive group's decision.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwardJson {
    /// `awarded`, `pending` or `none`.
    pub status: String,
    /// The clause awarded.
    #[serde(default)]
    pub clause: Option<String>,
    /// The benefit awarded.
    #[serde(default)]
    pub name: Option<String>,
    /// Its amount as the clause computes it, when known.
    #[serde(default)]
    pub amount: Option<String>,
    /// Some member is undetermined: the decision may change when data is completed.
    #[serde(default)]
    pub provisional: bool,
    /// The clauses the officer chooses among (pending).
    #[serde(default)]
    pub candidates: Vec<String>,
    /// Eligible clauses not paid because of the group.
    #[serde(default)]
    pub set_aside: Vec<String>,
    /// What the awarded subsidy is paid after every cap, when known.
    #[serde(default)]
    pub payable: Option<String>,
    /// Why the awarded amount is open, when it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The reason's stable code, when there is a reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
}

/// One group's result: an exclusive group's award or a cumulative cap's sums.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupJson {
    /// The group's name.
    pub group: String,
    /// What it did.
    #[serde(flatten)]
    pub result: GroupResultJson,
}

/// What a group did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum GroupResultJson {
    /// `不可兼得`.
    Award(AwardJson),
    /// `累计上限`.
    Cap(CapJson),
}

/// A cumulative cap's sums.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapJson {
    /// The members' known paid amounts before the cap.
    pub total: String,
    /// The cap, when known.
    pub cap: Option<String>,
    /// What is paid in all, when known.
    pub payable: Option<String>,
    /// A member's amount or the cap is not known yet.
    pub provisional: bool,
}

/// A data error of a record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorJson {
    /// The row.
    pub row: u64,
    /// The column, `null` for an overflow.
    pub column: Option<String>,
    /// The cell's text, `null` for an overflow.
    pub value: Option<String>,
    /// What is wrong, as a stable code (`jiangbu::cell::money`, `jiangbu::eval::overflow`);
    /// empty in a result saved before codes were written.
    #[serde(default)]
    pub code: String,
    /// What is wrong, in the run's language.
    pub message: String,
}
