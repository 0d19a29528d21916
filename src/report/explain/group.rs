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
    let zh = r.zh();
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
                if zh {
                    format!("不可兼得“{name}”：待选（{}），由业务部门择一", r.join(&ids))
                } else {
                    format!(
                        "not cumulative ({name}): pending, the officer chooses among {}",
                        r.join(&ids)
                    )
                }
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
            if r.zh() {
                format!("{}（{why}）", r.join(&ids))
            } else {
                format!("{} ({why})", r.join(&ids))
            }
        })
        .collect()
}

/// A group's resolution for the record.
pub(super) fn group(ex: &Explainer<'_, '_>, g: usize) -> Option<GroupNote> {
    let r = Reader::of(ex);
    let zh = r.zh();
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
                lines.push(if zh {
                    format!("符合：{}", r.join(&all))
                } else {
                    format!("eligible: {}", r.join(&all))
                });
            }
            if !pending.is_empty() {
                lines.push(if zh {
                    format!("待查：{}", r.join(&pending))
                } else {
                    format!("undetermined: {}", r.join(&pending))
                });
            }
            lines.push(resolution(&r, award, set_aside, *highest));
            if *provisional {
                lines.push(if zh {
                    "暂定：有成员待查，补全数据后结论可能改变".to_string()
                } else {
                    "provisional: some member is undetermined; completing the data may change the decision".to_string()
                });
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
            let cap = cap.map_or_else(
                || {
                    if zh {
                        "未知".into()
                    } else {
                        "unknown".into()
                    }
                },
                money,
            );
            let payable = payable.map_or_else(
                || {
                    if zh {
                        "未定".into()
                    } else {
                        "not known yet".into()
                    }
                },
                money,
            );
            lines.push(if zh {
                format!(
                    "累计：已定金额合计 {}，上限 {cap}，可给予 {payable}",
                    money(*total)
                )
            } else {
                format!(
                    "together: known amounts add up to {}, cap {cap}, payable {payable}",
                    money(*total)
                )
            });
            if *provisional {
                lines.push(if zh {
                    "暂定：有成员待查或金额待定".to_string()
                } else {
                    "provisional: some member is undetermined or its amount is open".to_string()
                });
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
    let zh = r.zh();
    match award {
        Award::Awarded(w) if set_aside.is_empty() => {
            let known = r.outcome.benefits[*w]
                .amount
                .and_then(Amount::known)
                .is_some();
            match (zh, known) {
                (true, true) => format!("唯一符合：依据{}给予 {}", r.label(*w), r.amount(*w)),
                (true, false) => format!("唯一符合：依据{}给予，{}", r.label(*w), r.amount(*w)),
                (false, _) => format!(
                    "only eligible member: {} is awarded, {}",
                    r.label(*w),
                    r.amount(*w)
                ),
            }
        }
        Award::Awarded(w) => {
            let known = |m: usize| r.outcome.benefits[m].amount.and_then(Amount::known);
            let top = known(*w);
            let (ties, lower): (Vec<usize>, Vec<usize>) =
                set_aside.iter().partition(|&&m| known(m) == top);
            let mut s = if zh {
                format!("就高：{}", r.labelled(*w))
            } else {
                format!("take the highest: {}", r.labelled(*w))
            };
            if !ties.is_empty() {
                let t: Vec<String> = ties.iter().map(|&m| r.labelled(m)).collect();
                s.push_str(&format!(" = {}", r.join(&t)));
            }
            if !lower.is_empty() {
                let l: Vec<String> = lower.iter().map(|&m| r.labelled(m)).collect();
                s.push_str(&format!(" > {}", r.join(&l)));
            }
            let aside: Vec<String> = set_aside.iter().map(|&m| r.label(m)).collect();
            match (zh, ties.is_empty()) {
                (true, true) => s.push_str(&format!("，{}不予兼得", r.join(&aside))),
                (true, false) => s.push_str(&format!(
                    "，并列时取组内在前的{}；{}不予兼得",
                    r.label(*w),
                    r.join(&aside)
                )),
                (false, true) => s.push_str(&format!("; {} set aside", r.join(&aside))),
                (false, false) => s.push_str(&format!(
                    "; a tie goes to the member listed first, {}; {} set aside",
                    r.label(*w),
                    r.join(&aside)
                )),
            }
            s
        }
        Award::Pending(c) => {
            let all: Vec<String> = c.iter().map(|&m| r.labelled(m)).collect();
            let head = match (zh, highest) {
                (true, true) => format!(
                    "待选：{}——有金额未定，无法就高比较，由业务部门择一",
                    r.join(&all)
                ),
                (true, false) => format!("择一：{}，由业务部门选择", r.join(&all)),
                (false, true) => format!(
                    "pending: {} — an amount is open, so the highest cannot be taken; the officer chooses",
                    r.join(&all)
                ),
                (false, false) => format!("choose one: {}; the officer chooses", r.join(&all)),
            };
            if set_aside.is_empty() {
                return head;
            }
            let aside: Vec<String> = set_aside.iter().map(|&m| r.labelled(m)).collect();
            if zh {
                format!("{head}；{}金额较低，不能就高胜出，不予兼得", r.join(&aside))
            } else {
                format!(
                    "{head}; {} cannot be the highest (a lower amount), set aside",
                    r.join(&aside)
                )
            }
        }
        Award::None => {
            if zh {
                "无符合条件的成员，不予奖补".into()
            } else {
                "no member is eligible: nothing is awarded".into()
            }
        }
    }
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
