//! What the groups across clauses did: each member's standing, the resolution
//! (`就高：第二条 500,000.00元 > 第三条 300,000.00元，第三条不予兼得`), the award.

use super::decide::{undetermined_by_reason, Reader};
use super::{num, AwardNote, Explainer, GroupNote};
use crate::diag::{text, Word};
use crate::eval::amount::Amount;
use crate::eval::plan::GroupPlanKind;
use crate::eval::record::{Award, GroupOutcome};
use crate::eval::{Pay, Status};

/// What the exclusive groups did with benefit `b`, when it is an eligible member of one.
pub(super) fn membership(ex: &Explainer<'_, '_>, b: usize) -> Option<String> {
    let r = Reader::of(ex);
    if ex.outcome.benefits.get(b)?.status != Status::Eligible {
        return None;
    }
    let mut out = Vec::new();
    for (gp, go) in ex.plan.groups.iter().zip(&ex.outcome.groups) {
        if !gp.members.contains(&b) {
            continue;
        }
        let name = &gp.name;
        let (award, set_aside) = match go {
            GroupOutcome::Exclusive {
                award, set_aside, ..
            } => (award, set_aside),
            GroupOutcome::Cumulative { .. } => {
                let o = &ex.outcome.benefits[b];
                let g = ex.plan.groups.iter().position(|x| std::ptr::eq(x, gp));
                if g.is_some() && o.capped_by == g {
                    let before = o
                        .amount
                        .and_then(Amount::known)
                        .map(|d| num::money(d, ex.lang));
                    let after = o.pay.known().map(|d| num::money(d, ex.lang));
                    let (before, after) = (before.unwrap_or_default(), after.unwrap_or_default());
                    out.push(text!("cumulative cap ({name}): earlier members are paid first, this one is reduced from {before} to {after}", "累计上限“{name}”：按成员顺序先给予在前成员，本项由 {before} 减至 {after}").get(r.lang).to_string());
                }
                continue;
            }
        };
        out.push(match award {
            Award::Awarded(w) if *w == b => {
                text!("not cumulative ({name}): this one is awarded", "不可兼得“{name}”：由本项获奖").get(r.lang).to_string()
            }
            Award::Awarded(w) if set_aside.contains(&b) => {
                let winner = r.labelled(*w);
                text!("not cumulative ({name}): {winner} is awarded, this one is set aside", "不可兼得“{name}”：给予{winner}，本项不予兼得").get(r.lang).to_string()
            }
            Award::Pending(_) if set_aside.contains(&b) => {
                text!("not cumulative ({name}): its amount is below another member's, so it cannot be the highest; set aside", "不可兼得“{name}”：金额低于其他成员，不能就高胜出，不予兼得").get(r.lang).to_string()
            }
            Award::Pending(c) if c.contains(&b) => {
                let ids: Vec<String> = c.iter().map(|&m| r.label(m)).collect();
                let ids = r.join(&ids);
                text!(
                    "not cumulative ({name}): pending, the officer chooses among {ids}",
                    "不可兼得“{name}”：待选（{ids}），由业务部门择一"
                )
                .get(r.lang)
                .to_string()
            }
            _ => continue,
        });
    }
    (!out.is_empty()).then(|| out.join(Word::NoteSep.get(r.lang)))
}

/// The undetermined members of a group with why, members of one reason together:
/// `第一条、第二条（一季度产值2019为空）`.
fn undetermined(r: &Reader<'_, '_, '_>, members: &[usize]) -> Vec<String> {
    undetermined_by_reason(r, members)
        .into_iter()
        .map(|(ids, why)| {
            let ids = r.join(&ids);
            text!("{ids} ({why})", "{ids}（{why}）")
                .get(r.lang)
                .to_string()
        })
        .collect()
}

/// A group's resolution for the record.
pub(super) fn group(ex: &Explainer<'_, '_>, g: usize) -> Option<GroupNote> {
    let r = Reader::of(ex);
    let lang = r.lang;
    let gp = ex.plan.groups.get(g)?;
    let go = ex.outcome.groups.get(g)?;
    let money = |d| num::money(d, r.lang);
    let mut lines = Vec::new();
    let eligible: Vec<usize> = gp
        .members
        .iter()
        .copied()
        .filter(|&m| {
            ex.outcome
                .benefits
                .get(m)
                .is_some_and(|o| o.status == Status::Eligible)
        })
        .collect();
    let pending = undetermined(&r, &gp.members);
    let (kind, rule) = match (&gp.kind, go) {
        (
            GroupPlanKind::Exclusive { highest },
            GroupOutcome::Exclusive {
                award,
                provisional,
                set_aside,
            },
        ) => {
            if !eligible.is_empty() {
                let all: Vec<String> = eligible.iter().map(|&m| r.labelled(m)).collect();
                let all = r.join(&all);
                lines.push(
                    text!("eligible: {all}", "符合：{all}")
                        .get(lang)
                        .to_string(),
                );
            }
            if !pending.is_empty() {
                let pending = r.join(&pending);
                lines.push(
                    text!("undetermined: {pending}", "待查：{pending}")
                        .get(lang)
                        .to_string(),
                );
            }
            lines.push(resolution(&r, award, set_aside, *highest));
            if *provisional {
                lines.push(text!("provisional: some member is undetermined; completing the data may change the decision", "暂定：有成员待查，补全数据后结论可能改变").get(lang).to_string());
            }
            (
                "exclusive",
                Some(if *highest { "highest" } else { "choose" }),
            )
        }
        (
            GroupPlanKind::Cumulative { .. },
            GroupOutcome::Cumulative {
                total,
                cap,
                payable,
                provisional,
            },
        ) => {
            let cap = cap.map_or_else(|| text!("unknown", "未知").get(lang).to_string(), money);
            let payable = payable.map_or_else(
                || text!("not known yet", "未定").get(lang).to_string(),
                money,
            );
            let total = money(*total);
            lines.push(
                text!(
                    "together: known amounts add up to {total}, cap {cap}, payable {payable}",
                    "累计：已定金额合计 {total}，上限 {cap}，可给予 {payable}"
                )
                .get(lang)
                .to_string(),
            );
            if *provisional {
                lines.push(
                    text!(
                        "provisional: some member is undetermined or its amount is open",
                        "暂定：有成员待查或金额待定"
                    )
                    .get(lang)
                    .to_string(),
                );
            }
            ("cumulative", None)
        }
        _ => return None,
    };
    Some(GroupNote {
        name: gp.name.clone(),
        kind,
        rule,
        original: gp.original.clone(),
        resolution: lines,
        award: award(ex, g),
    })
}

/// `就高：第二条 500,000.00元 > 第三条 300,000.00元，第三条不予兼得`, and the other outcomes.
fn resolution(r: &Reader<'_, '_, '_>, award: &Award, set_aside: &[usize], highest: bool) -> String {
    let lang = r.lang;
    let said = match award {
        Award::Awarded(w) if set_aside.is_empty() => {
            let known = r.outcome.benefits[*w]
                .amount
                .and_then(Amount::known)
                .is_some();
            let (label, amount) = (r.label(*w), r.amount(*w));
            if known {
                text!(
                    "only eligible member: {label} is awarded, {amount}",
                    "唯一符合：依据{label}给予 {amount}"
                )
            } else {
                text!(
                    "only eligible member: {label} is awarded, {amount}",
                    "唯一符合：依据{label}给予，{amount}"
                )
            }
        }
        Award::Awarded(w) => {
            let known = |m: usize| r.outcome.benefits[m].amount.and_then(Amount::known);
            let top = known(*w);
            let (ties, lower): (Vec<usize>, Vec<usize>) =
                set_aside.iter().partition(|&&m| known(m) == top);
            let winner = r.labelled(*w);
            let mut s = text!("take the highest: {winner}", "就高：{winner}")
                .get(lang)
                .to_string();
            if !ties.is_empty() {
                let t: Vec<String> = ties.iter().map(|&m| r.labelled(m)).collect();
                s.push_str(&format!(" = {}", r.join(&t)));
            }
            if !lower.is_empty() {
                let l: Vec<String> = lower.iter().map(|&m| r.labelled(m)).collect();
                s.push_str(&format!(" > {}", r.join(&l)));
            }
            let aside: Vec<String> = set_aside.iter().map(|&m| r.label(m)).collect();
            let (first, aside) = (r.label(*w), r.join(&aside));
            let tail = if ties.is_empty() {
                text!("; {aside} set aside", "，{aside}不予兼得")
            } else {
                text!(
                    "; a tie goes to the member listed first, {first}; {aside} set aside",
                    "，并列时取组内在前的{first}；{aside}不予兼得"
                )
            };
            s.push_str(tail.get(lang));
            return s;
        }
        Award::Pending(c) => {
            let all: Vec<String> = c.iter().map(|&m| r.labelled(m)).collect();
            let all = r.join(&all);
            let head = if highest {
                text!(
                    "pending: {all} — an amount is open, so the highest cannot be taken; the officer chooses",
                    "待选：{all}——有金额未定，无法就高比较，由业务部门择一"
                )
            } else {
                text!(
                    "choose one: {all}; the officer chooses",
                    "择一：{all}，由业务部门选择"
                )
            };
            let head = head.get(lang);
            if set_aside.is_empty() {
                return head.to_string();
            }
            let aside: Vec<String> = set_aside.iter().map(|&m| r.labelled(m)).collect();
            let aside = r.join(&aside);
            text!(
                "{head}; {aside} cannot be the highest (a lower amount), set aside",
                "{head}；{aside}金额较低，不能就高胜出，不予兼得"
            )
        }
        Award::None => text!(
            "no member is eligible: nothing is awarded",
            "无符合条件的成员，不予奖补"
        ),
    };
    said.get(lang).to_string()
}

/// An exclusive group's decision in the words of the jsonl contract.
pub(super) fn award(ex: &Explainer<'_, '_>, g: usize) -> Option<AwardNote> {
    let GroupOutcome::Exclusive {
        award,
        provisional,
        set_aside,
    } = ex.outcome.groups.get(g)?
    else {
        return None;
    };
    let ids = |list: &[usize]| list.iter().map(|&b| ex.clause_id(b).to_string()).collect();
    Some(match award {
        Award::Awarded(b) => AwardNote {
            status: "awarded".into(),
            clause: Some(ex.clause_id(*b).to_string()),
            name: ex.plan.benefits.get(*b).map(|p| p.name.clone()),
            amount: ex.outcome.benefits[*b]
                .amount
                .and_then(Amount::known)
                .map(super::super::yuan),
            provisional: *provisional,
            candidates: Vec::new(),
            set_aside: ids(set_aside),
            payable: ex.outcome.pay(*b).known().map(super::super::yuan),
            reason: match ex.outcome.pay(*b) {
                Pay::Paid(Amount::Open(reason)) => Some(ex.show.reason(reason)),
                _ => None,
            },
            reason_code: match ex.outcome.pay(*b) {
                Pay::Paid(Amount::Open(reason)) => Some(reason.code().to_string()),
                _ => None,
            },
        },
        Award::Pending(c) => AwardNote {
            status: "pending".into(),
            provisional: *provisional,
            candidates: ids(c),
            set_aside: ids(set_aside),
            ..AwardNote::default()
        },
        Award::None => AwardNote {
            status: "none".into(),
            provisional: *provisional,
            ..AwardNote::default()
        },
    })
}
