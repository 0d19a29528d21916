//! An amount's arithmetic in words, step by step, from the noted steps: the expression, the
//! values it used, bounds, rounding, tiers, bands and steps.

use rust_decimal::Decimal;

use super::tree::{self, BenefitTrace, Kind};
use super::{num, show, text, CondNote, Explainer};
use crate::diag::Word;
use crate::eval::amount::Amount;
use crate::eval::plan::{AmountPlan, Node};
use crate::eval::truth::Reason;
use crate::syntax::keywords::Lang;

/// The amount's arithmetic, step by step.
pub(super) fn calculation(ex: &Explainer<'_, '_>, b: usize, bt: &BenefitTrace<'_>) -> Vec<String> {
    let plan = ex.plan;
    let p = &plan.benefits[b];
    let zh = ex.zh();
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
            return vec![if zh {
                "金额：待定（标准另行确定）".into()
            } else {
                "amount: to be determined".into()
            }];
        }
        AmountPlan::Expr(node) => expr_chain(ex, node, raw),
        AmountPlan::Range(..) => match bt.amount {
            Some(Amount::Range(lo, hi)) if zh => {
                format!("由责任单位在 {} 至 {} 之间确定", money(lo), money(hi))
            }
            Some(Amount::Range(lo, hi)) => format!(
                "decided by the responsible unit between {} and {}",
                money(lo),
                money(hi)
            ),
            _ => String::new(),
        },
        AmountPlan::Tiers(tiers) => {
            for (i, c) in bt.tiers.iter().enumerate() {
                let note = ex.cond(c);
                let mark = text::mark(note.truth);
                let values = band_values(&note, ex.lang)
                    .map(|v| format!("：{v}"))
                    .unwrap_or_default();
                lines.push(if zh {
                    format!("第 {} 档 {mark} {}{values}", i + 1, note.text)
                } else {
                    format!(
                        "band {} {mark} {}{}",
                        i + 1,
                        note.text,
                        values.replace('：', ": ")
                    )
                });
            }
            match bt.tier {
                Some(Some(i)) => {
                    let value = tiers.get(i).map(|(_, v)| v);
                    let chain = match value {
                        Some(AmountPlan::Expr(v)) => expr_chain(ex, v, raw),
                        _ => String::new(),
                    };
                    let other = tiers.get(i).is_some_and(|(c, _)| c.is_none());
                    match (zh, other) {
                        (true, true) => format!("按“其他”档：{chain}"),
                        (true, false) => format!("按第 {} 档：{chain}", i + 1),
                        (false, true) => format!("by the “otherwise” band: {chain}"),
                        (false, false) => format!("by band {}: {chain}", i + 1),
                    }
                }
                Some(None) if zh => {
                    format!("各档均不成立，金额 {}", money(Decimal::ZERO))
                }
                Some(None) => format!("no band holds: {}", money(Decimal::ZERO)),
                None => String::new(),
            }
        }
        AmountPlan::Progressive(base, _, _) => {
            let base_text = ex.show.expr(base, Kind::Money);
            for (floor, top, rate, part) in &bt.bands {
                lines.push(if zh {
                    format!(
                        "{base_text} 中 {} 至 {} 的部分 × {} = {}",
                        money(*floor),
                        money(*top),
                        num::percent(*rate),
                        money(*part)
                    )
                } else {
                    format!(
                        "the part of {base_text} from {} to {} × {} = {}",
                        money(*floor),
                        money(*top),
                        num::percent(*rate),
                        money(*part)
                    )
                });
            }
            match (raw, zh) {
                (Some(r), true) => format!("各段合计 {}", money(r)),
                (Some(r), false) => format!("the parts add up to {}", money(r)),
                (None, _) => String::new(),
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
                if zh {
                    format!(
                        "{base_text} {bv}，每 {sv} 计 {each_shown}，满 {} 档，计 {}",
                        num::plain(count),
                        money(r)
                    )
                } else {
                    format!(
                        "{base_text} {bv}: {} whole steps of {sv}, {each_shown} each, = {}",
                        num::plain(count),
                        money(r)
                    )
                }
            }
            _ => String::new(),
        },
    };
    for (at_most, limit, before, after) in &bt.bounds {
        let applied = after != before;
        let phrase = match (zh, *at_most, applied) {
            (true, true, true) => {
                format!("超过上限 {}，按 {} 计", money(*limit), money(*after))
            }
            (true, true, false) => format!("未超过上限 {}", money(*limit)),
            (true, false, true) => {
                format!("低于下限 {}，按 {} 计", money(*limit), money(*after))
            }
            (true, false, false) => format!("不低于下限 {}", money(*limit)),
            (false, true, true) => {
                format!("above the cap of {}, so {}", money(*limit), money(*after))
            }
            (false, true, false) => format!("within the cap of {}", money(*limit)),
            (false, false, true) => {
                format!("below the floor of {}, so {}", money(*limit), money(*after))
            }
            (false, false, false) => format!("not below the floor of {}", money(*limit)),
        };
        push_clause(&mut main, &phrase, ex.lang);
    }
    let before_rounding = bt.bounds.last().map(|(_, _, _, after)| *after).or(raw);
    if let (Some(k), Some(r)) = (known, before_rounding) {
        if k != r {
            let phrase = if zh {
                format!("四舍五入到分为 {}", money(k))
            } else {
                format!("rounded to the fen: {}", money(k))
            };
            push_clause(&mut main, &phrase, ex.lang);
        }
    }
    if let Some(Amount::Open(r)) = bt.amount {
        let why = ex.show.reason(r);
        let tbd_param = match r {
            Reason::Tbd(Some(pi)) => plan.params.get(pi as usize),
            _ => None,
        };
        let phrase = match (zh, r) {
            // `第二条奖补 待定`: the parameter is the amount; its name says why.
            _ if tbd_param.is_some_and(|p| p.name == main) => {
                main.clear();
                why.clone()
            }
            (true, Reason::Tbd(_)) => format!("待定（{why}）"),
            (true, _) => format!("无法计算（{why}）"),
            (false, Reason::Tbd(_)) => {
                format!("to be determined ({why})")
            }
            (false, _) => format!("cannot be computed ({why})"),
        };
        main = if main.is_empty() {
            phrase
        } else {
            text!("{main}: {phrase}", "{main}：{phrase}")
                .get(ex.lang)
                .to_string()
        };
        if let Some(param) = tbd_param {
            if let Some(note) = &param.note {
                main.push_str(text!("; {note}", "；{note}").get(ex.lang));
            }
            main.push_str(&if zh {
                format!("；可用 --set {}=… 指定", param.name)
            } else {
                format!("; set it with --set {}=…", param.name)
            });
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
                    text::mark(part.truth),
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
