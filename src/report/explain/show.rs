//! Showing values, expressions and reasons in the reader's language.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::num;
use super::tree::{kind_of, operand_kinds, CallStep, Kind, Step};
use crate::diag::{text, Text, Word};
use crate::eval::dates::Duration;
use crate::eval::plan::{Node, Plan};
use crate::eval::trace::Seen;
use crate::eval::truth::Reason;
use crate::span::Span;
use crate::syntax::ast::{ArithOp, CmpOp, Func, Unit};
use crate::syntax::keywords::Lang;

/// What showing needs: the plan, the language, and the record's noted arithmetic.
pub(super) struct Show<'p, 't> {
    pub plan: &'p Plan,
    pub lang: Lang,
    pub steps: HashMap<Span, Step>,
    pub calls: HashMap<Span, CallStep<'t>>,
    pub defs: HashMap<u16, &'t Seen>,
}

/// Yes / no in the reader's language.
pub(super) fn yes_no(b: bool, lang: Lang) -> &'static str {
    if b { Word::ExplainYes } else { Word::ExplainNo }.get(lang)
}

/// A moved date's duration in the reader's language (`3年` / `3 years`).
pub(super) fn duration(by: Duration, lang: Lang) -> String {
    Text::new(by.english(), by.to_string())
        .get(lang)
        .to_string()
}

/// The symbol of a comparison.
pub(super) fn cmp_symbol(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Ge => "≥",
        CmpOp::Gt => ">",
        CmpOp::Le => "≤",
        CmpOp::Lt => "<",
        CmpOp::Eq => "=",
        CmpOp::Ne => "≠",
    }
}

/// The comparison that holds when `op` does not.
pub(super) fn negate(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Ge => CmpOp::Lt,
        CmpOp::Gt => CmpOp::Le,
        CmpOp::Le => CmpOp::Gt,
        CmpOp::Lt => CmpOp::Ge,
        CmpOp::Eq => CmpOp::Ne,
        CmpOp::Ne => CmpOp::Eq,
    }
}

fn arith_symbol(op: ArithOp) -> &'static str {
    match op {
        ArithOp::Add => "+",
        ArithOp::Sub => "−",
        ArithOp::Mul => "×",
        ArithOp::Div => "÷",
    }
}

fn precedence(op: ArithOp) -> u8 {
    match op {
        ArithOp::Add | ArithOp::Sub => 1,
        ArithOp::Mul | ArithOp::Div => 2,
    }
}

/// Whether operand `child` of `parent` needs brackets to be read as computed.
fn needs_brackets(parent: ArithOp, child: &Node, right: bool) -> bool {
    match child {
        Node::Arith(op, ..) => {
            precedence(*op) < precedence(parent)
                || (right
                    && precedence(*op) == precedence(parent)
                    && matches!(parent, ArithOp::Sub | ArithOp::Div))
        }
        _ => false,
    }
}

fn bracket(s: String, yes: bool) -> String {
    if yes {
        format!("({s})")
    } else {
        s
    }
}

/// A number shown as `kind`.
pub(super) fn number(d: Decimal, kind: Kind<'_>, lang: Lang) -> String {
    match kind {
        Kind::Money => num::money(d, lang),
        Kind::Ratio => num::percent(d),
        Kind::Quotient => num::quotient(d),
        Kind::Count(unit) => num::count(d, unit, lang),
        Kind::Plain | Kind::Words(_) | Kind::Other => num::plain(d),
    }
}

/// A number shown as `kind` with exactly `dp` decimals (for setting two values apart).
pub(super) fn number_dp(d: Decimal, kind: Kind<'_>, dp: u32, lang: Lang) -> String {
    match kind {
        Kind::Money => num::money_dp(d, dp, lang),
        Kind::Ratio => num::percent_dp(d, dp),
        Kind::Quotient => num::fixed(d, dp),
        _ => number(d, kind, lang),
    }
}

/// Two numbers compared, shown so that different values never look equal: when the usual
/// decimals would make them read the same, both get as many as it takes (each no more than it
/// has).
pub(super) fn number_pair(a: Decimal, b: Decimal, kind: Kind<'_>, lang: Lang) -> (String, String) {
    let (sa, sb) = (number(a, kind, lang), number(b, kind, lang));
    if sa != sb || a == b || !matches!(kind, Kind::Money | Kind::Ratio | Kind::Quotient) {
        return (sa, sb);
    }
    // The decimals a value has as shown: a ratio is shown in percent, which takes two of its
    // decimals (counted, not multiplied, so that no value is too large to count).
    let own = |d: Decimal| {
        let scale = d.normalize().scale();
        match kind {
            Kind::Ratio => scale.saturating_sub(2),
            _ => scale,
        }
    };
    for dp in 3..=20 {
        if number_dp(a, kind, dp, lang) != number_dp(b, kind, dp, lang) {
            return (
                number_dp(a, kind, own(a).clamp(2, dp), lang),
                number_dp(b, kind, own(b).clamp(2, dp), lang),
            );
        }
    }
    (sa, sb)
}

impl<'p> Show<'p, '_> {
    /// A value as the evaluator saw it.
    pub fn seen(&self, v: &Seen, kind: Kind<'_>) -> String {
        let lang = self.lang;
        match v {
            Seen::Num(n) => number(*n, kind, lang),
            Seen::Bool(b) => yes_no(*b, lang).into(),
            Seen::Date(d) => d.to_string(),
            Seen::Text(t) => text!("\"{t}\"", "“{t}”").get(lang).to_string(),
            Seen::Word(w) => match kind {
                Kind::Words(words) => words
                    .get(*w as usize)
                    .cloned()
                    .unwrap_or_else(|| format!("#{w}")),
                _ => format!("#{w}"),
            },
            Seen::Absent(_) => Word::BlankNone.get(lang).into(),
            Seen::Unknown(_) => Word::Unknown.get(lang).into(),
        }
    }

    /// Why something is unknown, in the reader's language.
    pub fn reason(&self, r: Reason) -> String {
        r.describe(self.plan, self.lang)
    }

    /// A literal number written compactly (`300元`, `6%`, `1,000人`).
    fn literal(&self, d: Decimal, kind: Kind<'_>) -> String {
        match kind {
            Kind::Money => {
                let n = num::plain(d);
                text!("{n} yuan", "{n}元").get(self.lang).to_string()
            }
            Kind::Ratio => match d.checked_mul(Decimal::ONE_HUNDRED) {
                Some(p) => format!("{}%", num::plain(p)),
                None => num::plain(d),
            },
            Kind::Count(unit) => num::count(d, unit, self.lang),
            _ => num::plain(d),
        }
    }

    /// A literal as the policy writes it, with its unit (`2万元`, `1,000万元`, `6%`, `300元`);
    /// a count takes its word from `want`.
    /// `grouped`: with thousands separators, as values in the working are (`1,000万元`);
    /// without, as in the expression (`1000万元`).
    fn written(&self, d: Decimal, unit: Unit, want: Kind<'_>, grouped: bool) -> String {
        let digits = |d: Decimal| {
            if grouped {
                num::plain(d)
            } else {
                d.normalize().to_string()
            }
        };
        let scaled = |per: i64| d.checked_div(Decimal::from(per)).map(digits);
        // `unit`: the officer's unit, kept in both languages (it is how the policy reads);
        // `None` for plain yuan, which is translated.
        let money = |digits: Option<String>, unit: Option<&str>| match (digits, unit) {
            (Some(n), Some(unit)) => format!("{n}{unit}"),
            (Some(n), None) => text!("{n} yuan", "{n}元").get(self.lang).to_string(),
            (None, _) => num::money(d, self.lang),
        };
        match unit {
            Unit::Yuan => money(Some(digits(d)), None),
            Unit::Qian => money(scaled(1_000), Some("千元")),
            Unit::Wan => money(scaled(10_000), Some("万元")),
            Unit::Yi => money(scaled(100_000_000), Some("亿元")),
            Unit::Percent => match d.checked_mul(Decimal::ONE_HUNDRED) {
                Some(p) => format!("{}%", digits(p)),
                None => num::percent(d),
            },
            Unit::Count => match Kind::of_unit(unit, want) {
                Kind::Count(word) => num::counted(digits(d), word, self.lang),
                _ => digits(d),
            },
        }
    }

    /// A value noted for `node`: as written when the node is a literal with a unit (`2万元`),
    /// else shown as `kind`.
    pub fn value_of(&self, node: &Node, v: Decimal, kind: Kind<'_>) -> String {
        match node {
            Node::Lit(n, unit) if *n == v => self.written(*n, *unit, kind, true),
            _ => number(v, kind, self.lang),
        }
    }

    fn func(&self, f: Func) -> &'static str {
        match f {
            Func::Min => Word::FnMin,
            Func::Max => Word::FnMax,
            Func::Floor => Word::FnFloor,
            Func::Round => Word::FnRound,
        }
        .get(self.lang)
    }

    /// An expression written out with names (`300元 × 省外户籍员工数`); `want` is the kind the
    /// whole must have, which bare literals take.
    pub fn expr(&self, node: &Node, want: Kind<'p>) -> String {
        let plan = self.plan;
        match node {
            Node::Num(n) => self.literal(*n, want),
            Node::Lit(n, unit) => self.written(*n, *unit, want, false),
            Node::Bool(b) => yes_no(*b, self.lang).into(),
            Node::Date(d) => d.to_string(),
            Node::Text(t) => format!("“{t}”"),
            Node::Word(w) => match want {
                Kind::Words(words) => words.get(*w as usize).cloned().unwrap_or_default(),
                _ => format!("#{w}"),
            },
            Node::Field(slot) => plan
                .schema
                .fields
                .get(*slot as usize)
                .map_or_else(|| "?".into(), |f| f.name.clone()),
            Node::Def(i) => plan
                .defs
                .get(*i as usize)
                .map_or_else(|| "?".into(), |d| d.name.clone()),
            Node::Param(i) => plan
                .params
                .get(*i as usize)
                .map_or_else(|| "?".into(), |p| p.name.clone()),
            Node::Neg(inner) => format!("-{}", self.expr(inner, want)),
            Node::Arith(op, a, b, _) => {
                let (ka, kb) = operand_kinds(plan, *op, a, b, want);
                format!(
                    "{} {} {}",
                    bracket(self.expr(a, ka), needs_brackets(*op, a, false)),
                    arith_symbol(*op),
                    bracket(self.expr(b, kb), needs_brackets(*op, b, true))
                )
            }
            Node::Call(f, args, _) => {
                let args: Vec<String> = args.iter().map(|a| self.expr(a, want)).collect();
                format!("{}({})", self.func(*f), args.join(", "))
            }
            Node::Shift(inner, by, back, _) => {
                let by = duration(*by, self.lang);
                let sign = if *back { "-" } else { "+" };
                format!("{} {sign} {by}", self.expr(inner, Kind::Other))
            }
            Node::Cond(span, _) => span.text(&plan.source).to_string(),
            Node::Cmp(op, a, b) => {
                let k = super::tree::compare_kind(plan, a, b);
                format!(
                    "{} {} {}",
                    self.expr(a, k),
                    cmp_symbol(*op),
                    self.expr(b, k)
                )
            }
            Node::And(items) | Node::Or(items) => {
                let joint = match node {
                    Node::And(_) => Word::JoinAnd,
                    _ => Word::JoinOr,
                }
                .get(self.lang);
                let parts: Vec<String> = items.iter().map(|i| self.expr(i, Kind::Other)).collect();
                parts.join(joint)
            }
            Node::Not(inner) => {
                let inner = self.expr(inner, Kind::Other);
                text!("not {inner}", "非 {inner}")
                    .get(self.lang)
                    .to_string()
            }
            Node::In(inner, _, _) => self.expr(inner, Kind::Other),
            Node::Pick(bands) => {
                let (tiers, otherwise, sep) = (
                    Word::Tiers.get(self.lang),
                    Word::Otherwise.get(self.lang),
                    Word::NoteSep.get(self.lang),
                );
                let parts: Vec<String> = bands
                    .iter()
                    .map(|(cond, value)| {
                        let c = cond
                            .as_ref()
                            .map_or_else(|| otherwise.to_string(), |c| self.expr(c, Kind::Other));
                        format!("{c} : {}", self.expr(value, want))
                    })
                    .collect();
                format!("{tiers} {{ {} }}", parts.join(sep))
            }
        }
    }

    /// The working of an expression whose value is `value`: the values the evaluator used in
    /// place of names, with each `向下取整`/`四舍五入` showing its argument's working
    /// (`2万元 × 向下取整(146,700,000.00元 ÷ 1,000万元 = 14.67)`), then the same with each
    /// function by its result (`2万元 × 14`) when that reads differently. Empty when some value
    /// was not noted (it was unknown).
    pub fn working(&self, node: &Node, value: Option<Decimal>, want: Kind<'p>) -> Vec<String> {
        let full = self.substituted_as(node, value, want, false);
        let collapsed = self.substituted_as(node, value, want, true);
        full.into_iter()
            .chain(collapsed)
            .fold(Vec::new(), |mut out, part| {
                if out.last() != Some(&part) {
                    out.push(part);
                }
                out
            })
    }

    /// The expression with the values the evaluator used in place of names (`300元 × 1,200人`),
    /// or `None` when some value was not noted (it was unknown); `value` is the node's own
    /// value, when its parent's step noted it. With `collapse`, a function whose result was
    /// noted is shown by it.
    fn substituted_as(
        &self,
        node: &Node,
        value: Option<Decimal>,
        want: Kind<'p>,
        collapse: bool,
    ) -> Option<String> {
        let plan = self.plan;
        match node {
            Node::Lit(n, unit) => Some(self.written(*n, *unit, want, true)),
            Node::Arith(op, a, b, span) => {
                let step = self.steps.get(span)?;
                let (ka, kb) = operand_kinds(plan, *op, a, b, want);
                Some(format!(
                    "{} {} {}",
                    bracket(
                        self.substituted_as(a, Some(step.lhs), ka, collapse)?,
                        needs_brackets(*op, a, false)
                    ),
                    arith_symbol(step.op),
                    bracket(
                        self.substituted_as(b, Some(step.rhs), kb, collapse)?,
                        needs_brackets(*op, b, true)
                    )
                ))
            }
            Node::Call(f, args, span) => {
                let kind = kind_of(plan, node).unwrap_or(want);
                let result = self.calls.get(span).map(|c| c.result).or(value);
                if let (true, Some(v)) = (collapse, result) {
                    return Some(number(v, kind, self.lang));
                }
                // Each argument by its noted value where it has one (`min(10,000.00元, …)`);
                // the argument of a rounding with its own working (`向下取整(… ÷ … = 14.67)`).
                let rounding = matches!(f, Func::Floor | Func::Round);
                let noted = self.calls.get(span).map(|c| c.args);
                let shown: Option<Vec<String>> = args
                    .iter()
                    .enumerate()
                    .map(|(i, a)| {
                        let kind = kind_of(plan, a).unwrap_or(want);
                        let v = self
                            .top_value(a)
                            .or_else(|| noted.and_then(|n| n.get(i).copied()));
                        match (a, v) {
                            (Node::Lit(..) | Node::Num(_), _) if rounding && i > 0 => {
                                // Decimal places, as written.
                                Some(a.constant().map_or_else(String::new, num::plain))
                            }
                            (Node::Arith(..), Some(v)) if rounding => {
                                let work = self.substituted_as(a, Some(v), kind, false)?;
                                Some(format!("{work} = {}", number(v, kind, self.lang)))
                            }
                            (Node::Lit(..), _) => self.substituted_as(a, v, kind, collapse),
                            (_, Some(v)) => Some(number(v, kind, self.lang)),
                            (_, None) => self.substituted_as(a, None, kind, collapse),
                        }
                    })
                    .collect();
                match shown {
                    Some(parts) => Some(format!("{}({})", self.func(*f), parts.join(", "))),
                    None => result.map(|v| number(v, kind, self.lang)),
                }
            }
            Node::Def(i) => {
                let v = value.or_else(|| match self.defs.get(i) {
                    Some(Seen::Num(n)) => Some(*n),
                    _ => None,
                })?;
                Some(number(v, kind_of(plan, node).unwrap_or(want), self.lang))
            }
            _ => {
                let v = value?;
                Some(number(v, kind_of(plan, node).unwrap_or(want), self.lang))
            }
        }
    }

    /// The value an expression's top step noted, if it is a step or a function.
    pub fn top_value(&self, node: &Node) -> Option<Decimal> {
        match node {
            Node::Arith(_, _, _, span) => self.steps.get(span).map(|s| s.result),
            Node::Call(_, _, span) => self.calls.get(span).map(|c| c.result),
            Node::Def(i) => match self.defs.get(i) {
                Some(Seen::Num(n)) => Some(*n),
                _ => None,
            },
            _ => None,
        }
    }

    /// `name = expression = values = result`, leaving out the parts that repeat.
    pub fn chain(&self, parts: Vec<String>) -> String {
        let mut out: Vec<String> = Vec::with_capacity(parts.len());
        for p in parts {
            if out.last() != Some(&p) {
                out.push(p);
            }
        }
        out.join(" = ")
    }
}
