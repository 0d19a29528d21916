//! The fund pools' pass of `jiangbu eval`: before anything is rendered, decide every record once,
//! keep its claims on each pool (a few numbers per claim, never the rows) and share each pool
//! out. The rendering pass then writes every record with its allocation
//! ([`crate::pool::Allocations::apply`]).
//!
//! The records are read twice, so they must come from files: standard input (`-`) is refused
//! for a policy with pools rather than held in memory or spooled.

use std::path::PathBuf;

use super::{Diagnostics, Exit};
use crate::data::{is_stdin, open_records, ReadOptions};
use crate::diag::localize::english_diagnostic;
use crate::diag::{text, Localize, Texts};
use crate::eval::plan::Plan;
use crate::eval::{evaluate_into, Outcome};
use crate::pool::{rank_values, Allocations, PoolOverflow, Pools};
use crate::syntax::keywords::Lang;

/// Records on standard input for a policy with fund pools.
#[derive(Debug)]
pub struct PoolsNeedFiles;

impl Localize for PoolsNeedFiles {
    fn texts(&self) -> Texts {
        Texts {
            code: "jiangbu::cli::pools_need_files",
            message: text!(
                "a policy with fund pools (`资金总额`) reads its records twice, so they cannot come from standard input",
                "含资金总额（`资金总额`）的政策需要读取两遍记录，不能从标准输入读取"
            ),
            labels: Vec::new(),
            help: text!(
                "save the records to a file and name it: every record is decided before any pool is shared out",
                "请先把记录保存为文件再指定它：所有记录都判定后才能分配资金总额"
            ),
        }
    }
}

english_diagnostic!(PoolsNeedFiles);

/// A pool whose claims add up past what exact arithmetic can hold.
#[derive(Debug)]
struct PoolTooLarge {
    name: String,
}

impl Localize for PoolTooLarge {
    fn texts(&self) -> Texts {
        let name = &self.name;
        Texts {
            code: "jiangbu::eval::pool_overflow",
            message: text!(
                "the claims on fund pool `{name}` add up past what can be computed exactly",
                "资金总额 `{name}` 的申报额合计超出可精确计算的范围"
            ),
            labels: Vec::new(),
            help: text!(
                "check the records' amounts and the pool's total for a misplaced unit (万元 read as 元)",
                "请检查记录金额和资金总额是否写错单位（如把万元当作元）"
            ),
        }
    }
}

english_diagnostic!(PoolTooLarge);

/// Share out the plan's pools over `records`: `None` for a policy without pools (it runs in
/// one pass, as ever). A read error ends that file here as in the rendering pass, which reports
/// it; both passes see the same records in the same order.
pub(super) fn first_pass(
    plan: &Plan,
    records: &[PathBuf],
    read: &ReadOptions,
    diags: &Diagnostics,
    lang: Lang,
) -> Result<Option<Allocations>, Exit> {
    if plan.pools.is_empty() {
        return Ok(None);
    }
    if records.iter().any(|p| is_stdin(p)) {
        diags.emit_in(PoolsNeedFiles, lang, None);
        return Err(Exit::Usage);
    }
    // Keys are checked (and duplicates reported) by the rendering pass.
    let read = ReadOptions {
        unchecked_keys: true,
        shared_keys: None,
        ..read.clone()
    };
    let mut pools = Pools::new(plan);
    let mut outcome = Outcome::default();
    let mut ordinal = 0u64;
    let mut ranks: Vec<Option<rust_decimal::Decimal>> = Vec::new();
    for path in records {
        let input = match open_records(path, &plan.schema, &read) {
            Ok(input) => input,
            Err(e) => {
                diags.emit_in(e, lang, None);
                return Err(Exit::Failed);
            }
        };
        for row in input {
            let Ok(row) = row else { break };
            evaluate_into(plan, &row.cells, &mut outcome);
            let key = plan.schema.key_slot().and_then(|s| match row.cells.get(s) {
                Some(crate::eval::value::Cell::Text(t)) => Some(t.as_str()),
                _ => None,
            });
            rank_values(plan, &row.cells, &mut ranks);
            pools.collect(ordinal, row.line, key, &outcome, &ranks);
            ordinal += 1;
        }
    }
    match pools.allocate(plan) {
        Ok(allocations) => Ok(Some(allocations)),
        Err(PoolOverflow { span }) => {
            let name = plan
                .pools
                .iter()
                .find(|p| p.span == span)
                .map_or_else(String::new, |p| p.name.clone());
            diags.emit_in(PoolTooLarge { name }, lang, None);
            Err(Exit::Failed)
        }
    }
}
