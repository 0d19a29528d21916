//! The fund pools' first pass, for any front end (the CLI's `eval`, `explain` and `diff`, the
//! workbench): decide every record once, keep its claims on each pool (a few numbers per claim,
//! never the rows) and share each pool out. The rendering pass then gives every record its
//! allocation ([`super::Allocations::apply`], `pipeline::Options::pools`).

use super::{Allocations, PoolOverflow, Pools};
use crate::diag::localize::english_diagnostic;
use crate::diag::{text, Localize, Texts};
use crate::eval::plan::Plan;
use crate::eval::value::Cell;
use crate::eval::{evaluate_into, Outcome};

/// A pool whose claims add up past what exact arithmetic can hold.
#[derive(Debug)]
pub struct PoolTooLarge {
    /// The pool's name.
    pub name: String,
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

/// The first pass over a run's records: [`FirstPass::add`] each record, in the order the
/// rendering pass will see them, then [`FirstPass::finish`].
#[derive(Debug)]
pub struct FirstPass {
    pools: Pools,
    outcome: Outcome,
    ordinal: u64,
    /// The record's values of the ranked pools' orders and areas (reused between records).
    ranks: super::RankValues,
}

impl FirstPass {
    /// A pass for `plan`'s pools: `None` for a policy without pools (it runs in one pass).
    pub fn new(plan: &Plan) -> Option<Self> {
        (!plan.pools.is_empty()).then(|| FirstPass {
            pools: Pools::new(plan),
            outcome: Outcome::default(),
            ordinal: 0,
            ranks: super::RankValues::default(),
        })
    }

    /// Decide the next record (row `line`, cells `cells`) and keep its claims.
    pub fn add(&mut self, plan: &Plan, line: u64, cells: &[Cell]) {
        evaluate_into(plan, cells, &mut self.outcome);
        let key = plan.schema.key_slot().and_then(|s| match cells.get(s) {
            Some(Cell::Text(t)) => Some(t.as_str()),
            _ => None,
        });
        super::rank_values(plan, cells, &mut self.ranks);
        self.pools
            .collect(self.ordinal, line, key, &self.outcome, &self.ranks);
        self.ordinal += 1;
    }

    /// Share each pool out over the claims added.
    pub fn finish(self, plan: &Plan) -> Result<Allocations, PoolTooLarge> {
        self.pools.allocate(plan).map_err(|PoolOverflow { span }| {
            let name = plan
                .pools
                .iter()
                .find(|p| p.span == span)
                .map_or_else(String::new, |p| p.name.clone());
            PoolTooLarge { name }
        })
    }
}
