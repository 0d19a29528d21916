//! The decision on a record in one line.

use super::decide::{undetermined_by_reason, Reader};
use super::Explainer;
use crate::diag::{text, Word};
use crate::eval::plan::Plan;
use crate::eval::record::Award;
use crate::eval::trace::Trace;
use crate::eval::{Due, Outcome, Status, Verdict};
use crate::syntax::ast::BenefitKind;
use crate::syntax::keywords::Lang;

/// The decision on a record in one line, from its outcome and transcript:
/// `获奖：第三条 300,000.00元`, `待选：第二条 金额待定、第三条 300,000.00元`,
/// `待查：第一条、第二条、第三条，一季度产值2019为空`, `不符合第二条：增长率 4.80% 低于 6.00%`;
/// in English when `lang` is [`Lang::En`].
pub fn one_line(plan: &Plan, outcome: &Outcome, trace: &Trace, lang: Lang) -> String {
    one_line_open(plan, outcome, trace, lang, &[])
}

/// [`one_line`], with the fund pools that keep a provisional record open in words
/// ([`crate::report::pools::open_for`]): told in its `暂定` note beside its own undetermined
/// subsidies.
pub fn one_line_open(
    plan: &Plan,
    outcome: &Outcome,
    trace: &Trace,
    lang: Lang,
    open: &[String],
) -> String {
    let ex = Explainer::new(plan, outcome, trace, lang);
    let r = Reader::of(&ex);
    let subsidies: Vec<usize> = (0..plan.benefits.len())
        .filter(|&b| plan.benefits[b].kind == BenefitKind::Subsidy)
        .collect();
    let (members, decided) = match outcome.award() {
        Some(view) => {
            let members = outcome
                .award_group
                .and_then(|g| plan.groups.get(g))
                .map_or_else(Vec::new, |g| g.members.clone());
            (members, Some((view.award, view.provisional)))
        }
        None => (subsidies.clone(), None),
    };
    let pending = undetermined_by_reason(&r, &members);
    // What keeps the decision provisional: `provisional` (the group's, or the record's) its own
    // undetermined subsidies; the record's, the fund pools other records keep open.
    let provisional_note = |provisional: bool| {
        let mut parts: Vec<String> = pending
            .iter()
            .filter(|_| provisional)
            .map(|(ids, why)| {
                let ids = r.join(ids);
                text!("{ids} undetermined: {why}", "{ids}待查，{why}")
                    .get(lang)
                    .to_string()
            })
            .collect();
        if outcome.provisional {
            parts.extend(open.iter().cloned());
        }
        if parts.is_empty() {
            String::new()
        } else {
            let parts = parts.join(Word::NoteSep.get(lang));
            text!(" (provisional: {parts})", "（暂定：{parts}）")
                .get(lang)
                .to_string()
        }
    };
    // A subsidy paid from a fund pool is told with its allocation: `第一条 300,000.00元，核定
    // 0.00元`.
    let labelled = |m: usize| {
        let base = r.labelled(m);
        let text = match outcome.benefits.get(m).map(|o| o.allocated) {
            Some(Due::Known(a)) => {
                let a = super::num::money(a, lang);
                text!("{base}, allocated {a}", "{base}，核定 {a}")
            }
            Some(Due::Unknown) => {
                text!(
                    "{base}, allocation to be determined",
                    "{base}，核定金额待定"
                )
            }
            _ => return base,
        };
        text.get(lang).to_string()
    };
    // Whether a subsidy the decision pays is paid something: not when its fund pool allocated
    // it nothing (eligible, nothing allocated).
    let funded = |m: usize| outcome.benefits.get(m).is_some_and(|o| o.funded());
    // The subsidies a fund pool allocated nothing, told apart after those paid:
    // `；符合但未获资金：第一条 0.00元，核定 0.00元`.
    let unfunded_tail = |list: &[usize]| {
        if list.is_empty() {
            return String::new();
        }
        let list: Vec<String> = list.iter().map(|&m| labelled(m)).collect();
        let list = r.join(&list);
        text!(
            "; eligible, nothing allocated: {list}",
            "；符合但未获资金：{list}"
        )
        .get(lang)
        .to_string()
    };
    // The head of a decision that pays: eligible with nothing allocated when every subsidy
    // paid comes from a fund pool that allocated it nothing (`Verdict::Unfunded`).
    let paid_head = || {
        if outcome.verdict == Verdict::Unfunded {
            text!("eligible, nothing allocated: ", "符合但未获资金：")
        } else {
            text!("awarded: ", "获奖：")
        }
    };
    // Every subsidy the decision pays besides the award, and what the record is paid in all
    // (told when more than one subsidy is paid), from the decision.
    let also = |award: Option<usize>, list: bool| {
        let paid: Vec<usize> = subsidies
            .iter()
            .copied()
            .filter(|&m| outcome.pay(m).paid().is_some())
            .collect();
        let (others, nothing): (Vec<usize>, Vec<usize>) = paid
            .iter()
            .copied()
            .filter(|&m| Some(m) != award)
            .partition(|&m| funded(m));
        let others: Vec<String> = others.iter().map(|&m| labelled(m)).collect();
        let mut tail = String::new();
        if list && !others.is_empty() {
            let others = r.join(&others);
            tail = text!("; also paid: {others}", "；另给予：{others}")
                .get(lang)
                .to_string();
        }
        if list {
            tail.push_str(&unfunded_tail(&nothing));
        }
        if paid.len() > 1 && outcome.verdict != Verdict::Pending {
            // What the record is paid, as the decision says it (allocations, with pools).
            let total = match outcome.paid() {
                Due::Known(d) => super::num::money(d, lang),
                Due::Unknown | Due::None => Word::Tbd.get(lang).to_string(),
            };
            tail.push_str(text!("; total payable {total}", "；合计应付 {total}").get(lang));
        }
        tail
    };
    match decided {
        Some((Award::Awarded(w), provisional)) => {
            // The award itself allocated nothing, though other subsidies are paid.
            let head = if funded(*w) {
                paid_head()
            } else {
                text!("eligible, nothing allocated: ", "符合但未获资金：")
            };
            let head = head.get(lang);
            format!(
                "{head}{}{}{}",
                labelled(*w),
                also(Some(*w), true),
                provisional_note(provisional)
            )
        }
        Some((Award::Pending(c), provisional)) => {
            let all: Vec<String> = c.iter().map(|&m| r.labelled(m)).collect();
            let head = text!("pending: ", "待选：");
            let head = head.get(lang);
            format!(
                "{head}{}{}{}",
                r.join(&all),
                also(None, true),
                provisional_note(provisional)
            )
        }
        _ => {
            // Without an award, the subsidies the decision pays (outside the group, if any).
            // Those funded first; those their fund pool allocated nothing apart, after them
            // (all of them, after the head, when none is funded: `Verdict::Unfunded`).
            let (paid, nothing): (Vec<usize>, Vec<usize>) = subsidies
                .iter()
                .copied()
                .filter(|&m| outcome.pay(m).paid().is_some())
                .partition(|&m| funded(m));
            let (paid, nothing) = if paid.is_empty() {
                (nothing, Vec::new())
            } else {
                (paid, nothing)
            };
            if !paid.is_empty() {
                let paid: Vec<String> = paid.iter().map(|&m| labelled(m)).collect();
                let head = paid_head();
                let head = head.get(lang);
                // The subsidies paid are all listed: only the total is added.
                let total = also(None, false);
                return format!(
                    "{head}{}{}{}{total}",
                    r.join(&paid),
                    provisional_note(outcome.provisional),
                    unfunded_tail(&nothing)
                );
            }
            if !pending.is_empty() {
                let parts: Vec<String> = pending
                    .iter()
                    .map(|(ids, why)| {
                        let ids = r.join(ids);
                        text!("{ids} — {why}", "{ids}，{why}").get(lang).to_string()
                    })
                    .collect();
                let parts = parts.join(Word::NoteSep.get(lang));
                return text!("undetermined: {parts}", "待查：{parts}")
                    .get(lang)
                    .to_string();
            }
            nearest_failure(&r, &members)
        }
    }
}

/// Why nothing was awarded, told by the subsidy that came nearest: the most conditions met;
/// among those meeting some, the fewest failed; then the earlier one. (A record meeting nothing
/// anywhere is told by the first subsidy, not by whichever has a single yes/no condition.)
fn nearest_failure(r: &Reader<'_, '_, '_>, members: &[usize]) -> String {
    // (member, failures, conditions met)
    let mut best: Option<(usize, Vec<String>, usize)> = None;
    for &m in members {
        if r.outcome.benefits.get(m).map(|o| o.status) != Some(Status::Ineligible) {
            continue;
        }
        let bt = r.benefit_trace(m);
        let Some(c) = &bt.condition else {
            continue;
        };
        let failures: Vec<String> = c
            .culprits(false)
            .into_iter()
            .map(|f| r.failure(f))
            .collect();
        let met = c.met();
        let nearer = match &best {
            None => true,
            Some((_, f, t)) => met > *t || (met == *t && met > 0 && failures.len() < f.len()),
        };
        if nearer {
            best = Some((m, failures, met));
        }
    }
    let text = match best {
        Some((m, failures, _)) => {
            let label = r.label(m);
            let (en, zh) = (failures.join("; "), failures.join("，"));
            text!("not eligible under {label}: {en}", "不符合{label}：{zh}")
        }
        None => text!("no subsidy", "无奖补"),
    };
    text.get(r.lang).to_string()
}
