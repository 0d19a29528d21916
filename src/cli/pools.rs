//! The fund pools' pass of `jiangbu eval`, `explain` and `diff` over record files: the library's
//! [`crate::pool::FirstPass`] over every record before anything is rendered. The rendering pass
//! then writes every record with its allocation ([`crate::pool::Allocations::apply`]).
//!
//! The records are read twice, so they must come from files: standard input (`-`) is refused
//! for a policy with pools rather than held in memory or spooled.

use std::path::PathBuf;

use super::{Diagnostics, Exit};
use crate::data::{is_stdin, open_records, ReadOptions};
use crate::diag::localize::english_diagnostic;
use crate::diag::{text, Localize, Texts};
use crate::eval::plan::Plan;
use crate::pool::{Allocations, FirstPass};
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
    let Some(mut pass) = FirstPass::new(plan) else {
        return Ok(None);
    };
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
            pass.add(plan, row.line, &row.cells);
        }
    }
    match pass.finish(plan) {
        Ok(allocations) => Ok(Some(allocations)),
        Err(too_large) => {
            diags.emit_in(too_large, lang, None);
            Err(Exit::Failed)
        }
    }
}
