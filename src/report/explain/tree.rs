//! Reading the transcript back into the shape of the policy: each benefit's condition tree
//! (from `Open`/`Close`), its definitions, the steps of its amount. Nothing here evaluates: every
//! value comes from an event the evaluator noted.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::eval::amount::Amount;
use crate::eval::plan::{Dim, Node, Plan, Ty};
use crate::eval::trace::{Event, Seen, Trace};
use crate::eval::truth::Truth;
use crate::schema::FieldType;
use crate::span::Span;
use crate::syntax::ast::{ArithOp, Func, Unit};

/// One condition as written, with what it saw and its truth.
#[derive(Debug)]
pub(super) struct CondTrace<'e> {
    /// Where it is written.
    pub span: Span,
    /// Its truth; `None` only for a transcript cut short.
    pub truth: Option<Truth>,
    /// The comparisons, tests and memberships it made itself (not its sub-conditions').
    pub seen: Vec<&'e Event>,
    /// Its sub-conditions, in the order written.
    pub children: Vec<CondTrace<'e>>,
}

impl CondTrace<'_> {
    /// How many of its innermost conditions hold.
    pub fn met(&self) -> usize {
        if self.children.is_empty() {
            usize::from(self.truth == Some(Truth::True))
        } else {
            self.children.iter().map(CondTrace::met).sum()
        }
    }

    /// The innermost conditions that made this one false (or unknown, with `unknown`): the
    /// failing parts of an `且`, every part of a failed `或`, or itself when no part explains it.
    pub fn culprits(&self, unknown: bool) -> Vec<&Self> {
        let wanted = |c: &CondTrace<'_>| match c.truth {
            Some(Truth::False) => !unknown,
            Some(Truth::Unknown(_)) => unknown,
            _ => false,
        };
        if !wanted(self) {
            return Vec::new();
        }
        let parts: Vec<&Self> = self.children.iter().filter(|c| wanted(c)).collect();
        if parts.is_empty() {
            return vec![self];
        }
        parts
            .into_iter()
            .flat_map(|c| c.culprits(unknown))
            .collect()
    }
}

/// An arithmetic step as noted: `lhs op rhs = result`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Step {
    pub op: ArithOp,
    pub lhs: Decimal,
    pub rhs: Decimal,
    pub result: Decimal,
}

/// What the transcript says about one benefit.
#[derive(Debug, Default)]
pub(super) struct BenefitTrace<'e> {
    /// Its condition (none: always granted).
    pub condition: Option<CondTrace<'e>>,
    /// Definitions it used, in the order first met, with their values.
    pub defs: Vec<(u16, &'e Seen)>,
    /// Tier conditions tried, in order.
    pub tiers: Vec<CondTrace<'e>>,
    /// The band chosen (`Some(None)`: none held).
    pub tier: Option<Option<usize>>,
    /// Progressive bands: `(floor, top, rate, part)`.
    pub bands: Vec<(Decimal, Decimal, Decimal, Decimal)>,
    /// Steps: `(base, step, count, each)`.
    pub steps: Option<(Decimal, Decimal, Decimal, Decimal)>,
    /// Bounds applied: `(at_most, limit, before, after)`.
    pub bounds: Vec<(bool, Decimal, Decimal, Decimal)>,
    /// The amount produced.
    pub amount: Option<Amount>,
    /// The amount's events, in order (a composed amount is explained by walking them).
    pub amount_events: &'e [Event],
}

/// Parse one condition from `Open` to its `Close`.
pub(super) fn parse_cond<'e>(events: &'e [Event], pos: &mut usize) -> Option<CondTrace<'e>> {
    let Some(Event::Open(span)) = events.get(*pos) else {
        return None;
    };
    *pos += 1;
    let mut cond = CondTrace {
        span: *span,
        truth: None,
        seen: Vec::new(),
        children: Vec::new(),
    };
    while let Some(event) = events.get(*pos) {
        match event {
            Event::Open(_) => {
                if let Some(child) = parse_cond(events, pos) {
                    cond.children.push(child);
                }
            }
            Event::Close(t) => {
                *pos += 1;
                cond.truth = Some(*t);
                return Some(cond);
            }
            Event::Compare { .. } | Event::Test(_) | Event::Member { .. } => {
                cond.seen.push(event);
                *pos += 1;
            }
            _ => *pos += 1,
        }
    }
    Some(cond)
}

/// The transcript of benefit `b`, read into its parts. `with_amount`: the benefit is an eligible
/// subsidy, so its amount's events follow the condition's.
pub(super) fn benefit_trace<'e>(
    plan: &Plan,
    trace: &'e Trace,
    b: usize,
    with_amount: bool,
) -> BenefitTrace<'e> {
    let events = trace.benefit(b);
    let mut out = BenefitTrace::default();
    let mut pos = 0;
    let has_condition = plan.benefits.get(b).is_some_and(|p| p.condition.is_some());
    if has_condition {
        while pos < events.len() && !matches!(events[pos], Event::Open(_)) {
            pos += 1;
        }
        let start = pos;
        out.condition = parse_cond(events, &mut pos);
        collect_defs(&events[start..pos], &mut out.defs);
    }
    if !with_amount {
        return out;
    }
    let start = pos;
    while let Some(event) = events.get(pos) {
        match event {
            Event::Open(_) => {
                if let Some(c) = parse_cond(events, &mut pos) {
                    out.tiers.push(c);
                }
                continue;
            }
            Event::Tier(t) => out.tier = Some(*t),
            Event::Band {
                floor,
                top,
                rate,
                part,
            } => out.bands.push((*floor, *top, *rate, *part)),
            Event::Steps {
                base,
                step,
                count,
                each,
            } => out.steps = Some((*base, *step, *count, *each)),
            Event::Bound {
                at_most,
                limit,
                before,
                after,
            } => out.bounds.push((*at_most, *limit, *before, *after)),
            Event::Amount(a) => {
                out.amount = Some(*a);
                pos += 1;
                break;
            }
            _ => {}
        }
        pos += 1;
    }
    let stop = pos.min(events.len());
    out.amount_events = events.get(start..stop).unwrap_or_default();
    collect_defs(&events[start..stop], &mut out.defs);
    out
}

fn collect_defs<'e>(events: &'e [Event], defs: &mut Vec<(u16, &'e Seen)>) {
    for event in events {
        if let Event::Def { def, value } = event {
            if !defs.iter().any(|(d, _)| d == def) {
                defs.push((*def, value));
            }
        }
    }
}

/// Every arithmetic step of the record, by the span it is noted with (the right operand's).
/// A span always computes the same values on one record, so the first note stands for all.
pub(super) fn steps(trace: &Trace) -> HashMap<Span, Step> {
    let mut out = HashMap::new();
    for event in &trace.events {
        if let Event::Arith {
            span,
            op,
            lhs,
            rhs,
            result,
        } = event
        {
            out.entry(*span).or_insert(Step {
                op: *op,
                lhs: *lhs,
                rhs: *rhs,
                result: *result,
            });
        }
    }
    out
}

/// A function call as noted: its arguments' values and its result.
#[derive(Clone, Debug)]
pub(super) struct CallStep<'e> {
    pub args: &'e [Decimal],
    pub result: Decimal,
}

/// Every function call of the record, by the call's span (the first note stands for all, as for
/// [`steps`]).
pub(super) fn calls(trace: &Trace) -> HashMap<Span, CallStep<'_>> {
    let mut out = HashMap::new();
    for event in &trace.events {
        if let Event::Call {
            span, args, result, ..
        } = event
        {
            out.entry(*span).or_insert(CallStep {
                args,
                result: *result,
            });
        }
    }
    out
}

/// Every definition's value as noted, by index (the first note; they never differ on a record).
pub(super) fn def_values(trace: &Trace) -> HashMap<u16, &Seen> {
    let mut out = HashMap::new();
    for event in &trace.events {
        if let Event::Def { def, value } = event {
            out.entry(*def).or_insert(value);
        }
    }
    out
}

/// Every condition node of the plan (benefit conditions and tier conditions) by its span, so a
/// condition in the transcript can be matched with what it compares.
pub(super) fn conditions(plan: &Plan) -> HashMap<Span, &Node> {
    let mut out = HashMap::new();
    let mut stack: Vec<&Node> = Vec::new();
    for b in &plan.benefits {
        stack.extend(b.condition.iter());
        if let Some(amount) = &b.amount {
            stack.extend(amount.tier_conditions());
        }
    }
    while let Some(node) = stack.pop() {
        match node {
            Node::Cond(span, inner) => {
                out.entry(*span).or_insert(node);
                stack.push(inner);
            }
            Node::And(items) | Node::Or(items) => stack.extend(items.iter()),
            Node::Not(inner) => stack.push(inner),
            _ => {}
        }
    }
    out
}

/// How a value is shown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Kind<'p> {
    /// Yuan.
    Money,
    /// A percent: a ratio the policy treats as one (a `比例` field, parameter or definition, a
    /// percent literal, or what is compared with one).
    Ratio,
    /// A ratio of like quantities (money ÷ money, a count ÷ a count) not named as a percent,
    /// shown as a plain number: how many times (`14.67`).
    Quotient,
    /// A whole count, with its unit in Chinese (`人`, `户`, or none).
    Count(&'static str),
    /// A plain number.
    Plain,
    /// A word of this set.
    Words(&'p [String]),
    /// Anything else (yes/no, dates, text), shown by its own form.
    Other,
}

impl Kind<'_> {
    fn of_dim(dim: Dim) -> Kind<'static> {
        match dim {
            Dim::Money => Kind::Money,
            Dim::Ratio => Kind::Ratio,
            Dim::Count => Kind::Count(""),
            Dim::Plain => Kind::Plain,
        }
    }

    /// The checker's dimension of a value shown so (`None`: not a number).
    fn dim(self) -> Option<Dim> {
        match self {
            Kind::Money => Some(Dim::Money),
            Kind::Ratio | Kind::Quotient => Some(Dim::Ratio),
            Kind::Count(_) => Some(Dim::Count),
            Kind::Plain => Some(Dim::Plain),
            Kind::Words(_) | Kind::Other => None,
        }
    }

    /// The kind of a literal written with `unit`; a count takes its word from `context`.
    pub(super) fn of_unit(unit: Unit, context: Kind<'_>) -> Kind<'static> {
        match unit {
            Unit::Yuan | Unit::Qian | Unit::Wan | Unit::Yi => Kind::Money,
            Unit::Percent => Kind::Ratio,
            Unit::Count => match context {
                Kind::Count(word) => Kind::Count(word),
                _ => Kind::Count(""),
            },
        }
    }
}

/// The unit of a count field, guessed from its name for Chinese display.
fn count_unit(name: &str) -> &'static str {
    if name.contains('人') || name.contains("员工") {
        "人"
    } else if name.contains("户数") {
        "户"
    } else {
        ""
    }
}

pub(super) fn kind_of_ty(plan: &Plan, ty: Ty) -> Kind<'_> {
    match ty {
        Ty::Num(d) => Kind::of_dim(d),
        Ty::Enum(e) => plan
            .enums
            .get(e as usize)
            .map_or(Kind::Other, |w| Kind::Words(w)),
        Ty::Bool | Ty::Date | Ty::Duration | Ty::Text => Kind::Other,
    }
}

/// The kind of a node's value, when the node itself says (a bare number literal does not: it
/// takes the kind of its context). The dimensions follow the checker's algebra ([`Dim`]), so a
/// value is shown with the unit the checker gave it: money ÷ money is a ratio (shown as how
/// many times, not in yuan), the whole part of a ratio is a count.
pub(super) fn kind_of<'p>(plan: &'p Plan, node: &Node) -> Option<Kind<'p>> {
    match node {
        Node::Num(_) => None,
        Node::Lit(_, unit) => Some(Kind::of_unit(*unit, Kind::Other)),
        Node::Field(slot) => {
            let f = plan.schema.fields.get(*slot as usize)?;
            Some(match &f.ty {
                FieldType::Money => Kind::Money,
                FieldType::Ratio => Kind::Ratio,
                FieldType::Count => Kind::Count(count_unit(&f.name)),
                FieldType::Enum(words) => Kind::Words(words),
                FieldType::Bool | FieldType::Date | FieldType::Text => Kind::Other,
            })
        }
        Node::Def(i) => plan.defs.get(*i as usize).map(|d| match (&d.node, d.ty) {
            // A named count of a measure (`倍数 = 新增产值 ÷ 1000万元`), read off its top
            // operation only (definitions may share parts many levels deep).
            (Node::Arith(ArithOp::Div, _, b, _), Ty::Num(Dim::Ratio)) if measure(plan, b) => {
                Kind::Quotient
            }
            _ => kind_of_ty(plan, d.ty),
        }),
        Node::Param(i) => plan.params.get(*i as usize).map(|p| kind_of_ty(plan, p.ty)),
        Node::Neg(inner) => kind_of(plan, inner),
        Node::Arith(op, a, b, _) => {
            let (ka, kb) = (kind_of(plan, a), kind_of(plan, b));
            if ka.is_none() && kb.is_none() {
                return None;
            }
            let (da, db) = (
                ka.map_or(Some(Dim::Plain), Kind::dim)?,
                kb.map_or(Some(Dim::Plain), Kind::dim)?,
            );
            let count_word = [ka, kb].into_iter().find_map(|k| match k {
                Some(Kind::Count(word)) => Some(word),
                _ => None,
            });
            let dim = match op {
                ArithOp::Add | ArithOp::Sub => da.unify(db),
                ArithOp::Mul => da.times(db),
                ArithOp::Div => da.over(db),
            }?;
            // Like divided by a measure the policy fixes (`新增产值 ÷ 1000万元`), or such a
            // quotient scaled by a plain number, is shown as how many times; a share of a
            // quantity of the record (`净增产值 ÷ 一季度产值2019`) or anything with a percent
            // in it, as a percent.
            let quotient = match op {
                ArithOp::Div => da == db && measure(plan, b),
                _ => {
                    let plain = |k: Option<Kind<'_>>| {
                        matches!(k, None | Some(Kind::Plain | Kind::Quotient))
                    };
                    plain(ka) && plain(kb)
                }
            };
            Some(match dim {
                Dim::Ratio if quotient => Kind::Quotient,
                Dim::Count => Kind::Count(count_word.unwrap_or("")),
                other => Kind::of_dim(other),
            })
        }
        Node::Call(func, args, _) => {
            let first = args.iter().find_map(|a| kind_of(plan, a))?;
            // To a whole number, a ratio is a count (how many whole times).
            let whole = matches!(func, Func::Floor | Func::Round) && args.len() == 1;
            Some(match first {
                Kind::Ratio | Kind::Quotient if whole => Kind::Count(""),
                other => other,
            })
        }
        Node::Word(_) => None,
        Node::Bool(_) | Node::Date(_) | Node::Text(_) | Node::Shift(..) => Some(Kind::Other),
        Node::Cmp(..) | Node::And(_) | Node::Or(_) | Node::Not(_) | Node::In(..) => {
            Some(Kind::Other)
        }
        Node::Cond(..) => Some(Kind::Other),
        // Every band has the same type: the first that says its kind.
        Node::Pick(bands) => bands.iter().find_map(|(_, v)| kind_of(plan, v)),
    }
}

/// Whether `node` is a measure the policy fixes, with a unit: a literal with one (`1000万元`,
/// `6%`) or a parameter that is not a plain number. Dividing by it counts how many times it fits.
fn measure(plan: &Plan, node: &Node) -> bool {
    match node {
        Node::Lit(..) => true,
        Node::Param(i) => plan
            .params
            .get(*i as usize)
            .is_some_and(|p| matches!(p.ty, Ty::Num(d) if d != Dim::Plain)),
        _ => false,
    }
}

/// The kinds of the two operands of `a op b`, where a bare literal takes its kind from the
/// context: the other operand, or what the whole must be (`want`).
pub(super) fn operand_kinds<'p>(
    plan: &'p Plan,
    op: ArithOp,
    a: &Node,
    b: &Node,
    want: Kind<'p>,
) -> (Kind<'p>, Kind<'p>) {
    let (ka, kb) = (kind_of(plan, a), kind_of(plan, b));
    match op {
        ArithOp::Add | ArithOp::Sub => {
            let k = ka.or(kb).unwrap_or(want);
            (ka.unwrap_or(k), kb.unwrap_or(k))
        }
        // A bare number beside a quantity is a plain factor or divisor (`2 × 人数`).
        ArithOp::Mul | ArithOp::Div => match (ka, kb) {
            (Some(x), Some(y)) => (x, y),
            (Some(x), None) => (x, Kind::Plain),
            (None, Some(y)) => (Kind::Plain, y),
            (None, None) => (want, Kind::Plain),
        },
    }
}

/// The kind both sides of a comparison are shown in: whichever side says.
pub(super) fn compare_kind<'p>(plan: &'p Plan, a: &Node, b: &Node) -> Kind<'p> {
    match (kind_of(plan, a), kind_of(plan, b)) {
        // A quotient compared with a percent is read as one (`净增产值 ÷ 基数 达到 6% 以上`).
        (Some(Kind::Quotient), Some(Kind::Ratio)) | (Some(Kind::Ratio), Some(Kind::Quotient)) => {
            Kind::Ratio
        }
        (Some(k), _) if k != Kind::Plain && k != Kind::Other => k,
        (_, Some(k)) if k != Kind::Plain && k != Kind::Other => k,
        (Some(k), _) | (_, Some(k)) => k,
        (None, None) => Kind::Plain,
    }
}
