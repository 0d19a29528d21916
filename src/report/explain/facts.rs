//! Building `explain --format json` (types in [`super::json`]): one record's explanation as data. Every item is a fact read from
//! the transcript and the decision — statuses, reason codes with their parameters, the values
//! each condition saw, each step of an amount — so it reads the same whatever `--lang` says.
//! Prose stays beside the facts only in fields named `text`. The award, each benefit's
//! status, amounts and payable, each group's result and the errors are the jsonl contract's
//! own types ([`crate::report::contract`]), taken from the record's contract object, never
//! worked out again.

use rust_decimal::Decimal;

use super::json::{
    BenefitFacts, BenefitText, Check, CondFacts, DefFacts, ErrorFacts, GroupFacts, Membership, Num,
    Operand, ParamJson, ReasonParams, StepFacts,
};
use super::tree::{self, compare_kind, operand_kinds, BenefitTrace, CondTrace, Kind};
use super::{one_spaced, BenefitNote, CondNote, Explainer};
use crate::data::Row;
use crate::eval::amount::Amount;
use crate::eval::plan::{AmountPlan, Node, Plan};
use crate::eval::record::{Award, GroupOutcome};
use crate::eval::trace::{Event, Seen};
use crate::eval::truth::{Reason, Truth};
use crate::eval::Status;
use crate::report::contract::{GroupResultJson, RecordJson};
use crate::span::Span;
use crate::syntax::ast::{ArithOp, BenefitKind, CmpOp, Func};
use crate::syntax::keywords::Lang;

/// A value's unit, from how it is shown: `yuan`, `ratio` (a fraction: `0.06` is 6%), `count`,
/// `number`, `word`, `bool`, `date`, `text`.
pub fn unit(kind: Kind<'_>, seen: Option<&Seen>) -> &'static str {
    match (kind, seen) {
        (_, Some(Seen::Bool(_))) => "bool",
        (_, Some(Seen::Date(_))) => "date",
        (_, Some(Seen::Text(_))) => "text",
        (_, Some(Seen::Word(_))) => "word",
        (Kind::Money, _) => "yuan",
        (Kind::Ratio | Kind::Quotient, _) => "ratio",
        (Kind::Count(_), _) => "count",
        (Kind::Words(_), _) => "word",
        (Kind::Plain | Kind::Other, _) => "number",
    }
}

/// A comparison's operator as data.
fn cmp_op(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Ge => ">=",
        CmpOp::Gt => ">",
        CmpOp::Le => "<=",
        CmpOp::Lt => "<",
        CmpOp::Eq => "=",
        CmpOp::Ne => "!=",
    }
}

/// An exact decimal as data: no separators, no trailing zeros.
fn dec(d: Decimal) -> String {
    d.normalize().to_string()
}

fn num(d: Decimal, kind: Kind<'_>) -> Num {
    Num {
        value: dec(d),
        unit: unit(kind, None),
    }
}

/// The 1-based policy line where `span` starts.
fn line(plan: &Plan, span: Span) -> usize {
    plan.source
        .get(..span.start as usize)
        .map_or(0, |s| s.matches('\n').count())
        + 1
}

/// The name of the field, definition or parameter a node is.
fn name_of(plan: &Plan, node: &Node) -> Option<String> {
    match node {
        Node::Field(s) => Some(plan.schema.field_name(*s as usize).to_string()),
        Node::Def(i) => plan.defs.get(*i as usize).map(|d| d.name.clone()),
        Node::Param(i) => plan.params.get(*i as usize).map(|p| p.name.clone()),
        _ => None,
    }
}

/// A reason's parameters.
fn reason_params(plan: &Plan, record: &Row, r: Reason) -> ReasonParams {
    match r {
        Reason::Blank(slot) => ReasonParams {
            field: Some(plan.schema.field_name(slot as usize).to_string()),
            value: Some(String::new()),
            ..ReasonParams::default()
        },
        Reason::Malformed(slot) => {
            let field = plan.schema.field_name(slot as usize).to_string();
            let value = record
                .errors
                .iter()
                .find(|e| e.column == field)
                .map(|e| e.value.clone());
            ReasonParams {
                field: Some(field),
                value,
                ..ReasonParams::default()
            }
        }
        Reason::DivZero { divisor, def } => ReasonParams {
            divisor: Some(one_spaced(divisor.text(&plan.source))),
            definition: def
                .and_then(|d| plan.defs.get(d as usize))
                .map(|d| d.name.clone()),
            line: Some(line(plan, divisor)),
            ..ReasonParams::default()
        },
        Reason::Tbd(p) => {
            let param = p.and_then(|p| plan.params.get(p as usize));
            ReasonParams {
                parameter: param.map(|p| p.name.clone()),
                line: param.map(|p| line(plan, p.span)),
                ..ReasonParams::default()
            }
        }
        Reason::Overflow(span) => ReasonParams {
            expression: Some(one_spaced(span.text(&plan.source))),
            line: Some(line(plan, span)),
            ..ReasonParams::default()
        },
    }
}

/// Builds the facts of one record from an [`Explainer`] (whose prose fills the `text` fields)
/// and the record's contract object.
pub(super) struct Facts<'a, 'p, 't> {
    pub ex: &'a Explainer<'p, 't>,
    pub record: &'a Row,
    pub contract: &'a RecordJson,
}

impl Facts<'_, '_, '_> {
    fn params(&self, r: Reason) -> ReasonParams {
        reason_params(self.ex.plan, self.record, r)
    }

    /// A value as seen, named by `node` when it names something.
    fn operand(&self, v: &Seen, kind: Kind<'_>, node: Option<&Node>) -> Operand {
        let plan = self.ex.plan;
        let (value, state, reason_code) = match v {
            Seen::Num(n) => (Some(dec(*n)), None, None),
            Seen::Bool(b) => (Some(b.to_string()), None, None),
            Seen::Date(d) => (Some(d.to_string()), None, None),
            Seen::Text(t) => (Some(t.clone()), None, None),
            Seen::Word(w) => {
                let word = match kind {
                    Kind::Words(words) => words.get(*w as usize).cloned(),
                    _ => None,
                };
                (Some(word.unwrap_or_else(|| format!("#{w}"))), None, None)
            }
            Seen::Absent(_) => (None, Some("absent"), None),
            Seen::Unknown(r) => (None, Some("unknown"), Some(r.code())),
        };
        let name = match (node, v) {
            (Some(n), _) => name_of(plan, n),
            (None, Seen::Absent(slot)) => Some(plan.schema.field_name(*slot as usize).to_string()),
            _ => None,
        };
        Operand {
            name,
            value,
            unit: unit(kind, Some(v)),
            state,
            reason_code,
        }
    }

    /// A condition's facts, beside its note (built from the same transcript).
    pub fn cond(&self, c: &CondTrace<'_>, note: &CondNote) -> CondFacts {
        let ex = self.ex;
        let plan = ex.plan;
        let inner = match ex.conditions.get(&c.span) {
            Some(Node::Cond(_, inner)) => Some(&**inner),
            _ => None,
        };
        let combine = match inner {
            Some(Node::And(_)) if !c.children.is_empty() => Some("all"),
            Some(Node::Or(_)) if !c.children.is_empty() => Some("any"),
            Some(Node::Not(_)) if !c.children.is_empty() => Some("not"),
            _ => None,
        };
        let (truth, reason) = match c.truth {
            Some(Truth::True) => ("true", None),
            Some(Truth::False) => ("false", None),
            Some(Truth::Unknown(r)) => ("unknown", Some(r)),
            None => ("unknown", None),
        };
        let single = c.seen.len() == 1;
        let checks = c
            .seen
            .iter()
            .filter_map(|event| match (event, inner) {
                (Event::Compare { op, left, right }, Some(Node::Cmp(_, a, b))) if single => {
                    let kind = compare_kind(plan, a, b);
                    Some(Check::Compare {
                        left: self.operand(left, kind, Some(a)),
                        op: cmp_op(*op),
                        right: self.operand(right, kind, Some(b)),
                    })
                }
                (Event::Compare { op, left, right }, _) => Some(Check::Compare {
                    left: self.operand(left, Kind::Other, None),
                    op: cmp_op(*op),
                    right: self.operand(right, Kind::Other, None),
                }),
                (Event::Test(v), Some(node)) => Some(Check::Test {
                    value: self.operand(
                        v,
                        tree::kind_of(plan, node).unwrap_or(Kind::Other),
                        Some(node),
                    ),
                }),
                (Event::Test(v), None) => Some(Check::Test {
                    value: self.operand(v, Kind::Other, None),
                }),
                (Event::Member { value, found }, Some(Node::In(subject, ..))) => {
                    Some(Check::Member {
                        value: self.operand(
                            value,
                            tree::kind_of(plan, subject).unwrap_or(Kind::Other),
                            Some(subject),
                        ),
                        found: *found,
                    })
                }
                (Event::Member { value, found }, _) => Some(Check::Member {
                    value: self.operand(value, Kind::Other, None),
                    found: *found,
                }),
                _ => None,
            })
            .collect();
        CondFacts {
            source: one_spaced(c.span.text(&plan.source)),
            line: line(plan, c.span),
            combine,
            truth,
            reason_code: reason.map(Reason::code),
            reason_params: reason.map(|r| self.params(r)),
            checks,
            children: c
                .children
                .iter()
                .zip(&note.children)
                .map(|(c, n)| self.cond(c, n))
                .collect(),
            text: note.values.clone(),
        }
    }

    /// The arithmetic steps of `node` as noted, innermost first; `want` is its kind.
    fn arith(&self, node: &Node, want: Kind<'_>, out: &mut Vec<StepFacts>) {
        let plan = self.ex.plan;
        match node {
            Node::Arith(op, a, b, span) => {
                let (ka, kb) = operand_kinds(plan, *op, a, b, want);
                self.arith(a, ka, out);
                self.arith(b, kb, out);
                if let Some(step) = self.ex.show.steps.get(span) {
                    let result = tree::kind_of(plan, node).unwrap_or(want);
                    out.push(StepFacts::Arith {
                        op: match step.op {
                            ArithOp::Add => "add",
                            ArithOp::Sub => "sub",
                            ArithOp::Mul => "mul",
                            ArithOp::Div => "div",
                        },
                        lhs: num(step.lhs, ka),
                        rhs: num(step.rhs, kb),
                        result: num(step.result, result),
                        line: line(plan, *span),
                    });
                }
            }
            Node::Neg(inner) => self.arith(inner, want, out),
            Node::Call(func, args, span) => {
                let kinds: Vec<Kind<'_>> = args
                    .iter()
                    .map(|a| tree::kind_of(plan, a).unwrap_or(want))
                    .collect();
                for (a, kind) in args.iter().zip(&kinds) {
                    self.arith(a, *kind, out);
                }
                if let Some(call) = self.ex.show.calls.get(span) {
                    let rounding = matches!(func, Func::Floor | Func::Round);
                    out.push(StepFacts::Call {
                        func: match func {
                            Func::Floor => "floor",
                            Func::Round => "round",
                            Func::Min => "min",
                            Func::Max => "max",
                        },
                        args: call
                            .args
                            .iter()
                            .zip(&kinds)
                            .enumerate()
                            .map(|(i, (v, kind))| match (rounding, i) {
                                // The decimal places of `四舍五入(x, 2)`: a plain number.
                                (true, 1..) => num(*v, Kind::Plain),
                                _ => num(*v, *kind),
                            })
                            .collect(),
                        result: num(call.result, tree::kind_of(plan, node).unwrap_or(want)),
                        line: line(plan, *span),
                    });
                }
            }
            _ => {}
        }
    }

    /// The tier tests a transcript noted, then the band chosen: a compound band's prose gives
    /// each part's values, as the note does, for tiers on their own and inside a composed amount.
    fn tier_steps(&self, bt: &BenefitTrace<'_>, out: &mut Vec<StepFacts>) {
        let ex = self.ex;
        for (i, c) in bt.tiers.iter().enumerate() {
            let mut note = ex.cond(c);
            note.values = super::amount::band_values(&note, ex.lang);
            out.push(StepFacts::TierTest {
                band: i + 1,
                condition: self.cond(c, &note),
            });
        }
        if let Some(chosen) = bt.tier {
            out.push(StepFacts::Tier {
                band: chosen.map(|i| i + 1),
            });
        }
    }

    /// The steps of benefit `b`'s amount, from its transcript.
    fn amount_steps(&self, b: usize, bt: &BenefitTrace<'_>) -> Vec<StepFacts> {
        let ex = self.ex;
        let mut out = Vec::new();
        let Some(form) = &ex.plan.benefits[b].amount else {
            return out;
        };
        match form {
            AmountPlan::Tbd | AmountPlan::ByRank | AmountPlan::Range(..) => {}
            AmountPlan::Expr(node) => self.arith(node, Kind::Money, &mut out),
            AmountPlan::Tiers(tiers) => {
                self.tier_steps(bt, &mut out);
                if let Some(chosen) = bt.tier {
                    if let Some((_, AmountPlan::Expr(value))) = chosen.and_then(|i| tiers.get(i)) {
                        self.arith(value, Kind::Money, &mut out);
                    }
                }
            }
            // A composed amount: the tier tests, bands and steps its parts noted, in order.
            AmountPlan::Add(..) | AmountPlan::Scale(..) | AmountPlan::Bounded(..) => {
                self.tier_steps(bt, &mut out);
                for (floor, top, rate, part) in &bt.bands {
                    out.push(StepFacts::Band {
                        floor: num(*floor, Kind::Money),
                        top: num(*top, Kind::Money),
                        rate: num(*rate, Kind::Ratio),
                        part: num(*part, Kind::Money),
                    });
                }
                if let Some((base, step, count, each)) = bt.steps {
                    out.push(StepFacts::Steps {
                        base: num(base, Kind::Money),
                        size: num(step, Kind::Money),
                        count: num(count, Kind::Count("")),
                        each: num(each, Kind::Money),
                    });
                }
            }
            AmountPlan::Progressive(base, ..) => {
                self.arith(base, Kind::Money, &mut out);
                for (floor, top, rate, part) in &bt.bands {
                    out.push(StepFacts::Band {
                        floor: num(*floor, Kind::Money),
                        top: num(*top, Kind::Money),
                        rate: num(*rate, Kind::Ratio),
                        part: num(*part, Kind::Money),
                    });
                }
            }
            AmountPlan::Steps(base, ..) => {
                let kind = tree::kind_of(ex.plan, base).unwrap_or(Kind::Money);
                self.arith(base, kind, &mut out);
                if let Some((base, step, count, each)) = bt.steps {
                    out.push(StepFacts::Steps {
                        base: num(base, kind),
                        size: num(step, kind),
                        count: num(count, Kind::Count("")),
                        each: num(each, Kind::Money),
                    });
                }
            }
        }
        for (at_most, limit, before, after) in &bt.bounds {
            out.push(StepFacts::Bound {
                kind: if *at_most { "at_most" } else { "at_least" },
                limit: num(*limit, Kind::Money),
                before: num(*before, Kind::Money),
                after: num(*after, Kind::Money),
            });
        }
        // Rounding, as the text explanation reads it: the last value noted before the amount.
        let known = bt.amount.and_then(Amount::known);
        let raw = bt.bounds.first().map(|(_, _, before, _)| *before).or(known);
        let raw = match form {
            AmountPlan::Expr(node) => ex.show.top_value(node).or(raw),
            _ => raw,
        };
        let before_rounding = bt.bounds.last().map(|(_, _, _, after)| *after).or(raw);
        if let (Some(k), Some(r)) = (known, before_rounding) {
            if k != r {
                out.push(StepFacts::Round {
                    before: num(r, Kind::Money),
                    after: num(k, Kind::Money),
                });
            }
        }
        out
    }

    /// Benefit `b`'s part in each group it belongs to.
    fn memberships(&self, b: usize) -> Vec<Membership> {
        let ex = self.ex;
        let o = &ex.outcome.benefits[b];
        ex.plan
            .groups
            .iter()
            .zip(&ex.outcome.groups)
            .enumerate()
            .filter(|(_, (gp, _))| gp.members.contains(&b))
            .map(|(g, (gp, go))| {
                let role = match go {
                    GroupOutcome::Exclusive {
                        award, set_aside, ..
                    } => match award {
                        Award::Awarded(w) if *w == b => "awarded",
                        _ if set_aside.contains(&b) => "set_aside",
                        Award::Pending(c) if c.contains(&b) => "candidate",
                        _ => "member",
                    },
                    GroupOutcome::Cumulative { .. } if o.capped_by == Some(g) => "capped",
                    GroupOutcome::Cumulative { .. } => "member",
                };
                Membership {
                    group: gp.name.clone(),
                    role,
                }
            })
            .collect()
    }

    /// Benefit `b`'s facts.
    pub fn benefit(&self, b: usize) -> BenefitFacts {
        let ex = self.ex;
        let plan = ex.plan;
        let p = &plan.benefits[b];
        let o = &ex.outcome.benefits[b];
        let bt = ex.benefit_trace(b);
        let note: BenefitNote = ex.benefit(b);
        let mut result = self.contract.benefits.get(b).cloned().unwrap_or_default();
        if !p.funds.is_empty() {
            result.funds = Some(p.funds.clone());
        }
        let condition = match (&bt.condition, &note.condition) {
            (Some(c), Some(n)) => Some(self.cond(c, n)),
            _ => None,
        };
        let definitions = bt
            .defs
            .iter()
            .zip(&note.definitions)
            .map(|((d, v), n)| self.definition(*d, v, n.calculation.clone()))
            .collect();
        let eligible_subsidy = o.status == Status::Eligible && p.kind == BenefitKind::Subsidy;
        BenefitFacts {
            result,
            reason_params: o.reason.map(|r| self.params(r)),
            capped_by: note.capped_by.clone(),
            groups: self.memberships(b),
            condition,
            definitions,
            steps: if eligible_subsidy {
                self.amount_steps(b, &bt)
            } else {
                Vec::new()
            },
            content: p.content.clone(),
            notes: p.notes.clone(),
            text: BenefitText {
                decision: note.decision,
                calculation: note.calculation,
                group: note.group,
            },
        }
    }

    fn definition(&self, d: u16, value: &Seen, text: String) -> DefFacts {
        let plan = self.ex.plan;
        let Some(def) = plan.defs.get(d as usize) else {
            return DefFacts {
                name: String::new(),
                value: self.operand(value, Kind::Other, None),
                steps: Vec::new(),
                reason_params: None,
                note: None,
                text,
            };
        };
        let kind = tree::kind_of(plan, &Node::Def(d)).unwrap_or(Kind::Other);
        let mut steps = Vec::new();
        self.arith(&def.node, kind, &mut steps);
        DefFacts {
            name: def.name.clone(),
            value: self.operand(value, kind, None),
            steps,
            reason_params: match value {
                Seen::Unknown(r) => Some(self.params(*r)),
                _ => None,
            },
            note: def.note.clone(),
            text,
        }
    }

    /// Group `g`'s facts; its result is the record contract's.
    pub fn group(&self, g: usize) -> Option<GroupFacts> {
        let ex = self.ex;
        let gp = ex.plan.groups.get(g)?;
        let note = ex.group(g)?;
        let result = self
            .contract
            .groups
            .iter()
            .find(|j| j.group == gp.name)
            .map(|j| j.result.clone())
            .or_else(|| {
                (ex.outcome.award_group == Some(g))
                    .then(|| self.contract.award.clone().map(GroupResultJson::Award))
                    .flatten()
            });
        Some(GroupFacts {
            name: gp.name.clone(),
            kind: note.kind,
            rule: note.rule,
            original: gp.original.clone(),
            members: gp
                .members
                .iter()
                .map(|&m| ex.clause_id(m).to_string())
                .collect(),
            result,
            text: note.resolution,
        })
    }

    /// The parameters and their values.
    pub fn parameters(&self) -> Vec<ParamJson> {
        let plan = self.ex.plan;
        plan.params
            .iter()
            .map(|p| {
                let kind = tree::kind_of_ty(plan, p.ty);
                let (value, unit) = match &p.value {
                    None => (None, unit(kind, None)),
                    Some(Node::Num(n)) => (Some(dec(*n)), unit(kind, None)),
                    Some(Node::Bool(b)) => (Some(b.to_string()), "bool"),
                    Some(Node::Date(d)) => (Some(d.to_string()), "date"),
                    Some(Node::Text(t)) => (Some(t.clone()), "text"),
                    Some(Node::Word(w)) => (
                        Some(match kind {
                            Kind::Words(words) => words
                                .get(*w as usize)
                                .cloned()
                                .unwrap_or_else(|| format!("#{w}")),
                            _ => format!("#{w}"),
                        }),
                        "word",
                    ),
                    Some(other) => (Some(ex_expr(self.ex, other)), unit(kind, None)),
                };
                ParamJson {
                    name: p.name.clone(),
                    value,
                    unit,
                }
            })
            .collect()
    }

    /// The record's errors: the contract's, each with its message in the reader's language.
    pub fn errors(&self) -> Vec<ErrorFacts> {
        let notes = self.ex.errors(self.record);
        self.contract
            .errors
            .iter()
            .zip(notes)
            .map(|(e, n)| ErrorFacts {
                error: e.clone(),
                text: n.message,
            })
            .collect()
    }
}

/// A parameter's value that is an expression, as written in the policy's own terms (the
/// expression is the policy's, so it does not depend on the reader's language).
fn ex_expr(ex: &Explainer<'_, '_>, node: &Node) -> String {
    let show = super::show::Show {
        plan: ex.plan,
        lang: Lang::Zh,
        steps: Default::default(),
        calls: Default::default(),
        defs: Default::default(),
    };
    show.expr(node, Kind::Other)
}
