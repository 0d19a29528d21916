//! Amounts by rank (`前 3 名分别给予 1100万元、800万元、600万元`, `金额 按名次`): the pool's list
//! typed as fixed money, its count, its one member paid `按名次`, and every subsidy paid
//! `按名次` kept to such a pool.

use super::expr::Typer;
use super::Scope;
use crate::diag::{text, CheckError, Text};
use crate::eval::plan::{BenefitPlan, Node};
use crate::syntax::ast;

/// A ranked pool's amounts by rank (`前 3 名分别给予 1100万元、800万元、600万元`): in a ranked
/// pool without a total, as many as `前 N 名` says, each fixed money; the pool pays exactly one
/// subsidy, whose amount is `按名次`.
pub(super) fn rank_amounts(
    p: &ast::Pool,
    ranked: bool,
    members: &[usize],
    benefits: &[BenefitPlan],
    typer: &Typer<'_>,
    scope: &Scope,
    errors: &mut Vec<CheckError>,
) -> Vec<Node> {
    let Some(r) = &p.rank_amounts else {
        return Vec::new();
    };
    let name = &p.name.node;
    let at = r.span.0;
    if !ranked {
        errors.push(CheckError::RankAmountPool {
            message: text!(
                "amounts by rank belong to a ranked fund pool; `{name}` is not ranked",
                "按名次给予的金额只用于择优的资金总额；`{name}` 不是择优"
            ),
            span: at.into(),
            label: Text::new("not ranked", "不是择优"),
            help: Text::new(
                "rank the claims with `按 … 从高到低 择优`: the ranks decide who gets which amount",
                "用 `按 … 从高到低 择优` 排序：按名次给予对应金额",
            ),
        });
    }
    if let Some(total) = &p.total {
        errors.push(CheckError::RankAmountPool {
            message: text!(
                "fund pool `{name}` pays amounts by rank and also states a total",
                "资金总额 `{name}` 已按名次给予金额，又写了总额"
            ),
            span: total.span.into(),
            label: Text::new("a total with amounts by rank", "按名次给予时不写总额"),
            help: Text::new(
                "remove `不超过 …`: the pool pays the listed amounts, and its total is their sum",
                "删去 `不超过 …`：资金总额按所列金额给予，总额即各名次金额之和",
            ),
        });
    }
    let n = &r.count.node;
    let listed = r.amounts.len();
    let whole =
        n.unit.is_none() && n.value.fract().is_zero() && n.value > rust_decimal::Decimal::ZERO;
    let count = whole.then(|| usize::try_from(n.value).ok()).flatten();
    if count != Some(listed) {
        let found = &n.value;
        errors.push(CheckError::RankAmountCount {
            message: text!(
                "fund pool `{name}` pays the top {found} ranks but lists {listed} amounts",
                "资金总额 `{name}` 给予前 {found} 名，却列了 {listed} 个金额"
            ),
            span: r.count.span.into(),
            label: text!("`{found}` ranks here", "此处为前 `{found}` 名"),
            help: Text::new(
                "list one amount per rank paid, best rank first: `前 3 名分别给予 1100万元、800万元、600万元`",
                "每个名次列一个金额，从第 1 名起：`前 3 名分别给予 1100万元、800万元、600万元`",
            ),
        });
    }
    let mut out = Vec::new();
    for a in &r.amounts {
        let typed = typer.expr(a, errors);
        match typed {
            Some((
                node @ (Node::Num(_) | Node::Lit(..) | Node::Param(_)),
                super::Ty::Num(crate::eval::plan::Dim::Money),
            )) => {
                out.push(node);
            }
            Some((_, ty)) => {
                let message = if ty == super::Ty::Num(crate::eval::plan::Dim::Money) {
                    text!(
                        "an amount by rank of fund pool `{name}` depends on the record; it must be a fixed amount of money",
                        "资金总额 `{name}` 按名次给予的金额随记录而变，应为确定的金额"
                    )
                } else {
                    let found = super::expr::describe(ty, scope);
                    let (fe, fz) = (&found.en, &found.zh);
                    text!(
                        "an amount by rank of fund pool `{name}` is {fe}, not a fixed amount of money",
                        "资金总额 `{name}` 按名次给予的金额是{fz}，不是确定的金额"
                    )
                };
                errors.push(CheckError::RankAmountType {
                    message,
                    span: a.span.into(),
                    label: Text::new("not fixed money", "不是确定的金额"),
                    help: Text::new(
                        "write the amount as money (`1100万元`) or name a `参数 … 金额` (`待定` allowed)",
                        "写成金额（如 `1100万元`），或引用 `参数 … 金额`（可为 `待定`）",
                    ),
                });
            }
            None => {}
        }
    }
    let by_rank = |b: &usize| {
        benefits
            .get(*b)
            .is_some_and(|x| matches!(x.amount, Some(crate::eval::plan::AmountPlan::ByRank)))
    };
    if members.len() != 1 || !members.iter().all(by_rank) {
        let count = members.len();
        errors.push(CheckError::RankAmountMembers {
            message: if members.len() == 1 {
                text!(
                    "fund pool `{name}` pays amounts by rank, but its subsidy's amount is not `按名次`",
                    "资金总额 `{name}` 按名次给予金额，但其奖补的金额不是 `按名次`"
                )
            } else {
                text!(
                    "fund pool `{name}` pays amounts by rank to {count} subsidies; it pays exactly one",
                    "资金总额 `{name}` 按名次给予 {count} 项奖补；只能给予一项"
                )
            },
            span: at.into(),
            label: Text::new("amounts by rank", "按名次给予"),
            help: Text::new(
                "make the pool's only member the subsidy the ranks pay, with `金额 按名次`",
                "资金总额只列按名次给予的那一项奖补，其金额写 `金额 按名次`",
            ),
        });
    }
    if out.len() == listed && count == Some(listed) {
        out
    } else {
        Vec::new()
    }
}

/// Every subsidy whose amount is `按名次` is the member of a pool with amounts by rank, and in
/// no group and paid in no installments: the pool alone decides what it pays.
pub(super) fn by_rank_uses(
    benefits: &[BenefitPlan],
    groups: &[crate::eval::plan::GroupPlan],
    by_rank_members: &[usize],
    errors: &mut Vec<CheckError>,
) {
    for (b, x) in benefits.iter().enumerate() {
        if !matches!(x.amount, Some(crate::eval::plan::AmountPlan::ByRank)) {
            continue;
        }
        let name = &x.name;
        let pooled = by_rank_members.contains(&b);
        let in_group = groups.iter().find(|g| g.members.contains(&b));
        let mut help = Text::new(
            "list it as the only member of a ranked pool with `前 N 名分别给予 …`, outside `不可兼得`, `累计上限` and `分期`",
            "把它列为含 `前 N 名分别给予 …` 的择优资金总额的唯一成员，且不列入不可兼得、累计上限，不分期",
        );
        let (message, label) = if !pooled {
            (
                text!(
                    "subsidy `{name}` is paid `按名次`, but no ranked fund pool with amounts by rank pays it",
                    "奖补 `{name}` 的金额为 `按名次`，但没有按名次给予金额的资金总额支付它"
                ),
                Text::new("no amounts by rank for it", "没有对应的名次金额"),
            )
        } else if in_group.is_some() {
            // Its amount is known only once every record is ranked, after the groups have
            // decided each record: a group cannot weigh it.
            let exclusive = in_group.is_some_and(|g| {
                matches!(g.kind, crate::eval::plan::GroupPlanKind::Exclusive { .. })
            });
            help = match exclusive {
                true => Text::new(
                    "a group decides each record before the ranks are known, so it cannot weigh an amount by rank; take it out of the group: when every amount by rank is higher than what the group's other members pay, `就高` always keeps it and the group can be left out with a `解释` saying so; otherwise settle the group after the run (docs/language.md, \"Amounts by rank\")",
                    "组合规则在排名之前逐户决定，无法比较按名次给予的金额；请把它移出该组：若每个名次金额都高于组内其他成员应付的金额，“就高”总会保留它，可去掉该组并在 `解释` 中说明；否则在运行后另行处理该组（见 docs/language.md 的“Amounts by rank”一节）",
                ),
                false => Text::new(
                    "a group decides each record before the ranks are known, so it cannot cap an amount by rank; take it out of the group (docs/language.md, \"Amounts by rank\")",
                    "组合规则在排名之前逐户决定，无法对按名次给予的金额设累计上限；请把它移出该组（见 docs/language.md 的“Amounts by rank”一节）",
                ),
            };
            (
                text!(
                    "subsidy `{name}` is paid `按名次` and is also in a group; its pool alone decides what it pays",
                    "奖补 `{name}` 的金额为 `按名次`，又列入了组合规则；其金额只由资金总额按名次决定"
                ),
                Text::new("paid by rank", "按名次给予"),
            )
        } else if !x.installments.is_empty() {
            (
                text!(
                    "subsidy `{name}` is paid `按名次` in installments, which are not supported",
                    "奖补 `{name}` 的金额为 `按名次`，不支持分期"
                ),
                Text::new("paid by rank", "按名次给予"),
            )
        } else {
            continue;
        };
        errors.push(CheckError::RankAmountOutside {
            message,
            span: x.span.into(),
            label,
            group: in_group.map(|g| {
                (
                    g.span.into(),
                    Text::new("the group that lists it", "列入它的组合规则"),
                )
            }),
            help,
        });
    }
}
