//! An amount's arithmetic in words, step by step, from the noted steps: the expression, the
//! values it used, bounds, rounding, tiers, bands and steps.

use rust_decimal::Decimal;

use super::tree::{self, BenefitTrace, Kind};
use super::{num, prose, show, CondNote, Explainer};
use crate::diag::{text, Word};
use crate::eval::amount::Amount;
use crate::eval::plan::{AmountPlan, Node};
use crate::eval::truth::Reason;
use crate::syntax::keywords::Lang;

/// The amount's arithmetic, step by step.
pub(super) fn calculation(ex: &Explainer<'_, '_>, b: usize, bt: &BenefitTrace<'_>) -> Vec<String> {
    let plan = ex.plan;
    let p = &plan.benefits[b];
    let lang = ex.lang;
    let money = |d| num::money(d, ex.lang);
    let Some(form) = &p.amount else {
        return Vec::new();
    };
    if !form.is_simple() {
        return super::compound::calculation(ex, form, bt);
    }
    let known = bt.amount.and_then(Amount::known);
    // The amount before bounds: the first bound's input, else the amount itex.
    let raw = bt.bounds.first().map(|(_, _, before, _)| *before).or(known);
    let mut lines = Vec::new();
    let mut main = match form {
        AmountPlan::Tbd => {
            return vec![
                text!("amount: to be determined", "金额：待定（标准另行确定）")
                    .get(lang)
                    .to_string(),
            ];
        }
        AmountPlan::ByRank => {
            return vec![text!(
                "by rank: what the fund pool gives the record's rank (below)",
                "按名次：由资金总额按名次给予（见下）"
            )
            .get(lang)
            .to_string()];
        }
        AmountPlan::Expr(node) => expr_chain(ex, node, raw),
        AmountPlan::Range(..) => match bt.amount {
            Some(Amount::Range(lo, hi)) => {
                let (lo, hi) = (money(lo), money(hi));
                text!(
                    "decided by the responsible unit between {lo} and {hi}",
                    "由责任单位在 {lo} 至 {hi} 之间确定"
                )
                .get(lang)
                .to_string()
            }
            _ => String::new(),
        },
        AmountPlan::Tiers(tiers) => {
            for (i, c) in bt.tiers.iter().enumerate() {
                let note = ex.cond(c);
                let mark = prose::mark(note.truth);
                let colon = Word::Colon.get(lang);
                let values = band_values(&note, lang)
                    .map(|v| format!("{colon}{v}"))
                    .unwrap_or_default();
                let (n, cond) = (i + 1, &note.text);
                lines.push(
                    text!(
                        "band {n} {mark} {cond}{values}",
                        "第 {n} 档 {mark} {cond}{values}"
                    )
                    .get(lang)
                    .to_string(),
                );
            }
            match bt.tier {
                Some(Some(i)) => {
                    let value = tiers.get(i).map(|(_, v)| v);
                    let chain = match value {
                        Some(AmountPlan::Expr(v)) => expr_chain(ex, v, raw),
                        _ => String::new(),
                    };
                    let other = tiers.get(i).is_some_and(|(c, _)| c.is_none());
                    let n = i + 1;
                    let phrase = if other {
                        text!("by the “otherwise” band: {chain}", "按“其他”档：{chain}")
                    } else {
                        text!("by band {n}: {chain}", "按第 {n} 档：{chain}")
                    };
                    phrase.get(lang).to_string()
                }
                Some(None) => {
                    let zero = money(Decimal::ZERO);
                    text!("no band holds: {zero}", "各档均不成立，金额 {zero}")
                        .get(lang)
                        .to_string()
                }
                None => String::new(),
            }
        }
        AmountPlan::Progressive(base, _, _) => {
            let base_text = ex.show.expr(base, Kind::Money);
            for (floor, top, rate, part) in &bt.bands {
                let (floor, top, rate, part) = (
                    money(*floor),
                    money(*top),
                    num::percent(*rate),
                    money(*part),
                );
                lines.push(
                    text!(
                        "the part of {base_text} from {floor} to {top} × {rate} = {part}",
                        "{base_text} 中 {floor} 至 {top} 的部分 × {rate} = {part}"
                    )
                    .get(lang)
                    .to_string(),
                );
            }
            match raw {
                Some(r) => {
                    let sum = money(r);
                    text!("the parts add up to {sum}", "各段合计 {sum}")
                        .get(lang)
                        .to_string()
                }
                None => String::new(),
            }
        }
        // Composed amounts are explained by `compound` (above).
        AmountPlan::Add(..) | AmountPlan::Scale(..) | AmountPlan::Bounded(..) => String::new(),
        AmountPlan::Steps(base, step_node, each_node, _) => match (bt.steps, raw) {
            (Some((base_value, step, count, each)), Some(r)) => {
                let base_text = ex.show.expr(base, Kind::Money);
                let kind = tree::kind_of(plan, base).unwrap_or(Kind::Money);
                let (bv, sv) = (
                    show::number(base_value, kind, ex.lang),
                    ex.show.value_of(step_node, step, kind),
                );
                let each_shown = ex.show.value_of(each_node, each, Kind::Money);
                let (count, total) = (num::plain(count), money(r));
                text!(
                    "{base_text} {bv}: {count} whole steps of {sv}, {each_shown} each, = {total}",
                    "{base_text} {bv}，每 {sv} 计 {each_shown}，满 {count} 档，计 {total}"
                )
                .get(lang)
                .to_string()
            }
            _ => String::new(),
        },
    };
    for (at_most, limit, before, after) in &bt.bounds {
        let applied = after != before;
        let (limit, after) = (money(*limit), money(*after));
        let phrase = match (*at_most, applied) {
            (true, true) => text!(
                "above the cap of {limit}, so {after}",
                "超过上限 {limit}，按 {after} 计"
            ),
            (true, false) => text!("within the cap of {limit}", "未超过上限 {limit}"),
            (false, true) => text!(
                "below the floor of {limit}, so {after}",
                "低于下限 {limit}，按 {after} 计"
            ),
            (false, false) => text!("not below the floor of {limit}", "不低于下限 {limit}"),
        };
        push_clause(&mut main, phrase.get(lang), lang);
    }
    let before_rounding = bt.bounds.last().map(|(_, _, _, after)| *after).or(raw);
    if let (Some(k), Some(r)) = (known, before_rounding) {
        if k != r {
            let rounded = money(k);
            let phrase = text!("rounded to the fen: {rounded}", "四舍五入到分为 {rounded}");
            push_clause(&mut main, phrase.get(lang), lang);
        }
    }
    if let Some(Amount::Open(r)) = bt.amount {
        let why = ex.show.reason(r);
        let tbd_param = match r {
            Reason::Tbd(Some(pi)) => plan.params.get(pi as usize),
            _ => None,
        };
        let phrase = match r {
            // `第二条奖补 待定`: the parameter is the amount; its name says why.
            _ if tbd_param.is_some_and(|p| p.name == main) => {
                main.clear();
                why.clone()
            }
            Reason::Tbd(_) => text!("to be determined ({why})", "待定（{why}）")
                .get(lang)
                .to_string(),
            _ => text!("cannot be computed ({why})", "无法计算（{why}）")
                .get(lang)
                .to_string(),
        };
        main = if main.is_empty() {
            phrase
        } else {
            text!("{main}: {phrase}", "{main}：{phrase}")
                .get(lang)
                .to_string()
        };
        if let Some(param) = tbd_param {
            if let Some(note) = &param.note {
                main.push_str(text!("; {note}", "；{note}").get(lang));
            }
            let name = &param.name;
            main.push_str(
                text!("; set it with --set {name}=…", "；可用 --set {name}=… 指定").get(lang),
            );
        }
    }
    if !main.is_empty() {
        lines.push(main);
    }
    lines
}

/// `expression = values = result` for an amount expression whose value before bounds is
/// `raw` (as noted).
fn expr_chain(ex: &Explainer<'_, '_>, node: &Node, raw: Option<Decimal>) -> String {
    let value = ex.show.top_value(node).or(raw);
    if let (Node::Num(_) | Node::Lit(..), Some(v)) = (node, value) {
        // A fixed sum: its value says it all.
        return num::money(v, ex.lang);
    }
    let mut parts = vec![ex.show.expr(node, Kind::Money)];
    parts.extend(ex.show.working(node, value, Kind::Money));
    parts.extend(value.map(|v| num::money(v, ex.lang)));
    ex.show.chain(parts)
}

/// The values a band's condition saw: its own, or for a compound condition (`新建企业 且 主营业务收入
/// 超过 5000万元`) each part's, marked with its truth (`✓ 新建企业：是；✗ 主营业务收入 超过 5000万元：
/// 50,000,000.00元 ≤ 50,000,000.00元`), in the reader's punctuation.
pub(super) fn band_values(note: &CondNote, lang: Lang) -> Option<String> {
    if note.values.is_some() || note.children.is_empty() {
        return note.values.clone();
    }
    let mut parts = Vec::new();
    let mut stack: Vec<&CondNote> = note.children.iter().rev().collect();
    while let Some(part) = stack.pop() {
        match &part.values {
            Some(v) => {
                let colon = Word::Colon.get(lang);
                parts.push(format!(
                    "{} {}{colon}{v}",
                    prose::mark(part.truth),
                    part.text
                ));
            }
            None => stack.extend(part.children.iter().rev()),
        }
    }
    (!parts.is_empty()).then(|| parts.join(Word::NoteSep.get(lang)))
}

/// Append a phrase to a sentence with the language's comma.
fn push_clause(sentence: &mut String, phrase: &str, lang: Lang) {
    if !sentence.is_empty() {
        sentence.push_str(Word::Comma.get(lang));
    }
    sentence.push_str(phrase);
}
