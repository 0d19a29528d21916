//! A composed amount's working (`10万元 + 阶梯 …`, tiers of marginal rates, `(…) × 50%`, a
//! bracketed amount under its own cap): the amount's tree is walked with the events its
//! evaluation noted, one line per part, inner parts first. Every value shown was noted by the
//! evaluation (`Event::Part` after each part); nothing is recomputed.

use rust_decimal::Decimal;

use super::tree::{self, BenefitTrace, Kind};
use super::{num, prose, show, Explainer};
use crate::diag::{text, Word};
use crate::eval::plan::{AmountPlan, Node};
use crate::eval::trace::Event;
use crate::eval::truth::Reason;
use crate::eval::value::Amount;

/// The working of a composed amount, as lines.
pub(super) fn calculation(
    ex: &Explainer<'_, '_>,
    form: &AmountPlan,
    bt: &BenefitTrace<'_>,
) -> Vec<String> {
    let mut walk = Walk {
        ex,
        events: bt.amount_events,
        pos: 0,
        lines: Vec::new(),
    };
    let raw = walk.part(form);
    let mut last = raw;
    // The benefit's own bounds, then rounding to the fen.
    while let Some(event) = walk.events.get(walk.pos) {
        walk.pos += 1;
        match event {
            Event::Bound {
                at_most,
                limit,
                before,
                after,
            } => {
                walk.lines
                    .push(walk.bound_line(*at_most, *limit, *before, *after));
                last = Some(Amount::Known(*after));
            }
            Event::Amount(a) => {
                let line = match (a, last) {
                    (Amount::Open(r), _) => walk.open_line(*r),
                    (a, Some(before)) if before != *a => {
                        let (b, a) = (walk.show(before), walk.show(*a));
                        text!("{b} rounded to the fen: {a}", "{b} 四舍五入到分为 {a}")
                            .get(ex.lang)
                            .to_string()
                    }
                    // The last line already shows the amount.
                    _ => break,
                };
                walk.lines.push(line);
                break;
            }
            _ => {}
        }
    }
    walk.lines
}

struct Walk<'x, 'p, 'e> {
    ex: &'x Explainer<'p, 'x>,
    events: &'e [Event],
    pos: usize,
    lines: Vec<String>,
}

impl<'e> Walk<'_, '_, 'e> {
    fn money(&self, d: Decimal) -> String {
        num::money(d, self.ex.lang)
    }

    /// An amount as an operand of `+`, `-`, `×`: a range in brackets.
    fn operand(&self, a: Amount) -> String {
        match a {
            Amount::Range(..) => format!("({})", self.show(a)),
            _ => self.show(a),
        }
    }

    /// An amount's value in words: a sum, a range, or `待定`.
    fn show(&self, a: Amount) -> String {
        let said = match a {
            Amount::Known(d) => return self.money(d),
            Amount::Range(lo, hi) => {
                let (lo, hi) = (self.money(lo), self.money(hi));
                text!("{lo} to {hi}", "{lo} 至 {hi}")
            }
            Amount::Open(_) => text!("undetermined", "待定"),
        };
        said.get(self.ex.lang).to_string()
    }

    fn open_line(&self, r: Reason) -> String {
        let why = self.ex.show.reason(r);
        match r {
            Reason::Tbd(_) => text!("to be determined ({why})", "待定（{why}）"),
            _ => text!("cannot be computed ({why})", "无法计算（{why}）"),
        }
        .get(self.ex.lang)
        .to_string()
    }

    fn bound_line(&self, at_most: bool, limit: Decimal, before: Decimal, after: Decimal) -> String {
        let (l, b, a) = (self.money(limit), self.money(before), self.money(after));
        match (at_most, before != after) {
            (true, true) => text!(
                "{b} is above the cap of {l}, so {a}",
                "{b} 超过上限 {l}，按 {a} 计"
            ),
            (true, false) => text!("{b} is within the cap of {l}", "{b} 未超过上限 {l}"),
            (false, true) => text!(
                "{b} is below the floor of {l}, so {a}",
                "{b} 低于下限 {l}，按 {a} 计"
            ),
            (false, false) => text!("{b} is not below the floor of {l}", "{b} 不低于下限 {l}"),
        }
        .get(self.ex.lang)
        .to_string()
    }

    /// Events up to and including the next `Part`, which is `plan`'s value; `None` when the
    /// transcript ends first (evaluation stopped).
    fn until_part(&mut self) -> (Vec<&'e Event>, Option<Amount>) {
        let mut seen = Vec::new();
        let events = self.events;
        while let Some(event) = events.get(self.pos) {
            self.pos += 1;
            match event {
                Event::Part(a) => return (seen, Some(*a)),
                Event::Amount(_) => {
                    self.pos -= 1;
                    return (seen, None);
                }
                other => seen.push(other),
            }
        }
        (seen, None)
    }

    /// Explain one part of the amount and return its value.
    fn part(&mut self, plan: &AmountPlan) -> Option<Amount> {
        let lang = self.ex.lang;
        match plan {
            AmountPlan::Add(a, b, negate, _) => {
                let va = self.part(a)?;
                if let Amount::Open(_) = va {
                    return self.until_part().1;
                }
                let vb = self.part(b)?;
                let v = self.until_part().1?;
                let sign = if *negate { "-" } else { "+" };
                let (sa, sb, sv) = (self.operand(va), self.operand(vb), self.show(v));
                self.lines.push(format!("{sa} {sign} {sb} = {sv}"));
                Some(v)
            }
            AmountPlan::Scale(a, factor, _) => {
                let va = self.part(a)?;
                let (_, v) = self.until_part();
                let v = v?;
                if !matches!(va, Amount::Open(_)) {
                    let f = self.ex.show.expr(factor, Kind::Ratio);
                    let (sa, sv) = (self.operand(va), self.show(v));
                    self.lines.push(format!("{sa} × {f} = {sv}"));
                }
                Some(v)
            }
            AmountPlan::Bounded(a, _) => {
                self.part(a)?;
                let (seen, v) = self.until_part();
                for event in seen {
                    if let Event::Bound {
                        at_most,
                        limit,
                        before,
                        after,
                    } = event
                    {
                        let line = self.bound_line(*at_most, *limit, *before, *after);
                        self.lines.push(line);
                    }
                }
                v
            }
            AmountPlan::Tiers(tiers) => {
                let mut chosen = None;
                let mut band = 0;
                while let Some(event) = self.events.get(self.pos) {
                    match event {
                        Event::Open(_) => {
                            band += 1;
                            if let Some(c) = tree::parse_cond(self.events, &mut self.pos) {
                                let note = self.ex.cond(&c);
                                let mark = prose::mark(note.truth);
                                let colon = Word::Colon.get(lang);
                                let values = note
                                    .values
                                    .map(|v| format!("{colon}{v}"))
                                    .unwrap_or_default();
                                let cond = &note.text;
                                self.lines.push(
                                    text!(
                                        "band {band} {mark} {cond}{values}",
                                        "第 {band} 档 {mark} {cond}{values}"
                                    )
                                    .get(lang)
                                    .to_string(),
                                );
                            }
                            continue;
                        }
                        Event::Tier(t) => {
                            self.pos += 1;
                            chosen = Some(*t);
                            break;
                        }
                        Event::Part(_) | Event::Amount(_) => break,
                        _ => self.pos += 1,
                    }
                }
                let label = |i: usize, other: bool| {
                    let n = i + 1;
                    if other {
                        text!("by the “otherwise” band", "按“其他”档")
                    } else {
                        text!("by band {n}", "按第 {n} 档")
                    }
                    .get(lang)
                    .to_string()
                };
                match chosen {
                    Some(Some(i)) => {
                        let (condition, value) = tiers.get(i)?;
                        let head = label(i, condition.is_none());
                        if let AmountPlan::Expr(node) = value {
                            let v = self.until_part().1?;
                            let chain = self.chain(node, v);
                            self.lines
                                .push(format!("{head}{}{chain}", Word::Colon.get(self.ex.lang)));
                            return Some(v);
                        }
                        self.lines.push(head);
                        self.part(value)?;
                        self.until_part().1
                    }
                    Some(None) => {
                        let v = self.until_part().1;
                        let zero = self.money(Decimal::ZERO);
                        self.lines.push(
                            text!("no band holds: {zero}", "各档均不成立，金额 {zero}")
                                .get(lang)
                                .to_string(),
                        );
                        v
                    }
                    None => self.until_part().1,
                }
            }
            // `待定` shows in the line that uses it, and in the amount's last line.
            AmountPlan::Tbd | AmountPlan::ByRank => self.until_part().1,
            AmountPlan::Expr(node) => {
                let v = self.until_part().1?;
                // A fixed sum shows in the line that uses it.
                if !matches!(node, Node::Num(_) | Node::Lit(..)) {
                    let line = self.chain(node, v);
                    self.lines.push(line);
                }
                Some(v)
            }
            AmountPlan::Range(..) => {
                let v = self.until_part().1?;
                if let Amount::Range(lo, hi) = v {
                    let (lo, hi) = (self.money(lo), self.money(hi));
                    self.lines.push(
                        text!(
                            "decided by the responsible unit between {lo} and {hi}",
                            "由责任单位在 {lo} 至 {hi} 之间确定"
                        )
                        .get(self.ex.lang)
                        .to_string(),
                    );
                }
                Some(v)
            }
            AmountPlan::Progressive(base, ..) => {
                let (seen, v) = self.until_part();
                let base_text = self.ex.show.expr(base, Kind::Money);
                for event in seen {
                    if let Event::Band {
                        floor,
                        top,
                        rate,
                        part,
                    } = event
                    {
                        let (f, t, r, p) = (
                            self.money(*floor),
                            self.money(*top),
                            num::percent(*rate),
                            self.money(*part),
                        );
                        self.lines.push(
                            text!(
                                "the part of {base_text} from {f} to {t} × {r} = {p}",
                                "{base_text} 中 {f} 至 {t} 的部分 × {r} = {p}"
                            )
                            .get(self.ex.lang)
                            .to_string(),
                        );
                    }
                }
                let v = v?;
                let s = self.show(v);
                self.lines.push(
                    text!("the parts add up to {s}", "各段合计 {s}")
                        .get(self.ex.lang)
                        .to_string(),
                );
                Some(v)
            }
            AmountPlan::Steps(base, step_node, each_node, _) => {
                let (seen, v) = self.until_part();
                let v = v?;
                let steps = seen.iter().find_map(|e| match e {
                    Event::Steps {
                        base,
                        step,
                        count,
                        each,
                    } => Some((*base, *step, *count, *each)),
                    _ => None,
                });
                if let Some((base_value, step, count, each)) = steps {
                    let base_text = self.ex.show.expr(base, Kind::Money);
                    let kind = tree::kind_of(self.ex.plan, base).unwrap_or(Kind::Money);
                    // A step and a sum per step the policy writes keep their units, as in a
                    // lone `阶梯` (`amount.rs`).
                    let (bv, sv) = (
                        show::number(base_value, kind, self.ex.lang),
                        self.ex.show.value_of(step_node, step, kind),
                    );
                    let e = self.ex.show.value_of(each_node, each, Kind::Money);
                    let (c, s) = (num::plain(count), self.show(v));
                    self.lines.push(
                        text!(
                            "{base_text} {bv}: {c} whole steps of {sv}, {e} each, = {s}",
                            "{base_text} {bv}，每 {sv} 计 {e}，满 {c} 档，计 {s}"
                        )
                        .get(self.ex.lang)
                        .to_string(),
                    );
                }
                Some(v)
            }
        }
    }

    /// `expression = values = result` for an arithmetic part worth `v`.
    fn chain(&self, node: &Node, v: Amount) -> String {
        let value = self.ex.show.top_value(node).or(v.known());
        if let (Node::Num(_) | Node::Lit(..), Some(d)) = (node, value) {
            return self.money(d);
        }
        let mut parts = vec![self.ex.show.expr(node, Kind::Money)];
        parts.extend(self.ex.show.working(node, value, Kind::Money));
        parts.extend(value.map(|d| self.money(d)));
        self.ex.show.chain(parts)
    }
}
