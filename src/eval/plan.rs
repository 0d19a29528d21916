//! The compiled plan: a checked policy with every name resolved to a slot.
//!
//! The checker builds it; `--set` overrides change parameter values in place; the evaluator only
//! reads it. Nothing in a plan is looked up by name while records stream through.

use rust_decimal::Decimal;

use crate::schema::Schema;
use crate::span::Span;
use crate::syntax::ast::BenefitKind;

use super::flat::{Flat, FlatArith};
pub use super::node::Node;

/// The value kinds expressions produce, as the checker infers them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// A number with a dimension.
    Num(Dim),
    /// Yes / no (a condition).
    Bool,
    /// A date.
    Date,
    /// A duration (`3年`): it stands only after a date (`成立日期 + 3年`) or compared with the
    /// difference of two dates; no value of its own is ever computed.
    Duration,
    /// Text.
    Text,
    /// A word of the closed set with this index in [`Plan::enums`].
    Enum(u16),
}

/// The dimension of a number, so money is never compared with a percent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dim {
    /// Yuan.
    Money,
    /// A ratio or percent.
    Ratio,
    /// A whole count (people, households).
    Count,
    /// A plain number, which fits any dimension (`2`, a factor).
    Plain,
}

impl Dim {
    /// The dimension of `a + b`, `a - b`, and of two sides compared: equal dimensions, or one is
    /// a plain number; `None` when they cannot meet.
    pub fn unify(self, other: Dim) -> Option<Dim> {
        match (self, other) {
            (x, y) if x == y => Some(x),
            (Dim::Plain, x) | (x, Dim::Plain) => Some(x),
            _ => None,
        }
    }

    /// The dimension of `a × b`; `None` for money × money.
    pub fn times(self, other: Dim) -> Option<Dim> {
        use Dim::*;
        match (self, other) {
            (Money, Money) => None,
            (Money, _) | (_, Money) => Some(Money),
            (Plain, x) | (x, Plain) => Some(x),
            (Count, Ratio) | (Ratio, Count) | (Count, Count) => Some(Count),
            (Ratio, Ratio) => Some(Ratio),
        }
    }

    /// The dimension of `a ÷ b`: like by like is a ratio (money ÷ money: how many times),
    /// money ÷ a count is money per head; `None` for the rest.
    pub fn over(self, other: Dim) -> Option<Dim> {
        use Dim::*;
        match (self, other) {
            (x, y) if x == y && x != Plain => Some(Ratio),
            (x, Plain) | (x, Ratio) => Some(x),
            (Money, Count) => Some(Money),
            _ => None,
        }
    }

    /// The dimension of a value of this one taken to a whole number (`向下取整`, `四舍五入`
    /// without decimals): the whole part of a ratio is a count (`向下取整(新增产值 ÷ 1000万元)`
    /// is how many whole 1000万元); money stays money.
    pub fn whole(self) -> Dim {
        match self {
            Dim::Ratio => Dim::Count,
            other => other,
        }
    }
}

/// A declared parameter and its current value.
#[derive(Clone, Debug)]
pub struct ParamInfo {
    /// Name.
    pub name: String,
    /// Type.
    pub ty: Ty,
    /// Current value; `None` is `待定`.
    pub value: Option<Node>,
    /// Interpretation note.
    pub note: Option<String>,
    /// Declaration.
    pub span: Span,
}

/// A named definition.
#[derive(Clone, Debug)]
pub struct DefInfo {
    /// Name.
    pub name: String,
    /// Type.
    pub ty: Ty,
    /// Expression.
    pub node: Node,
    /// Interpretation note.
    pub note: Option<String>,
}

/// A clause's metadata.
#[derive(Clone, Debug)]
pub struct ClauseInfo {
    /// Id (`第三条`).
    pub id: String,
    /// Heading.
    pub title: Option<String>,
    /// Responsible units.
    pub units: Vec<String>,
    /// The notice's text.
    pub original: Option<String>,
    /// Interpretation notes.
    pub notes: Vec<String>,
}

/// How an amount is computed: a tree, since amounts compose (a tier band holds any amount,
/// amounts add, subtract, scale and take bounds). Only the benefit's amount is rounded to the
/// fen, after its bounds; every part inside is exact.
#[derive(Clone, Debug)]
pub enum AmountPlan {
    /// To be determined.
    Tbd,
    /// `按名次`: what the subsidy's ranked pool gives the record's rank. Zero while the record
    /// is decided; the pool's allocation ([`crate::pool::Allocations::apply`]) writes the
    /// amount of its rank.
    ByRank,
    /// A range decided by the responsible unit.
    Range(Node, Node),
    /// First band whose condition holds (`None` = otherwise); a band holds any amount.
    Tiers(Vec<(Option<Node>, AmountPlan)>),
    /// Marginal rates over `base`: `(upper bound or None for the rest, rate)`; the span is the
    /// base's, named if the sum overflows.
    Progressive(Node, Vec<(Option<Node>, Node)>, Span),
    /// floor(base / step) × each.
    Steps(Node, Node, Node, Span),
    /// An arithmetic expression.
    Expr(Node),
    /// `a + b`, or `a - b` when `negate` (the span is the operator's, named on overflow).
    Add(Box<AmountPlan>, Box<AmountPlan>, bool, Span),
    /// An amount scaled by a number (a ratio, a count or a plain factor).
    Scale(Box<AmountPlan>, Node, Span),
    /// An amount under bounds `(at_most, value)`, applied in order, not rounded.
    Bounded(Box<AmountPlan>, Vec<(bool, Node)>),
}

impl AmountPlan {
    /// Whether the amount is one of the forms written on its own (not composed of others):
    /// everything but `Add`, `Scale`, `Bounded`, and tiers whose bands are all arithmetic.
    pub fn is_simple(&self) -> bool {
        match self {
            AmountPlan::Tiers(tiers) => tiers.iter().all(|(_, v)| matches!(v, AmountPlan::Expr(_))),
            AmountPlan::Add(..) | AmountPlan::Scale(..) | AmountPlan::Bounded(..) => false,
            _ => true,
        }
    }

    /// Whether the amount can come out as a range (a range somewhere inside it).
    pub fn may_be_range(&self) -> bool {
        match self {
            AmountPlan::Range(..) => true,
            AmountPlan::Tiers(tiers) => tiers.iter().any(|(_, v)| v.may_be_range()),
            AmountPlan::Add(a, b, ..) => a.may_be_range() || b.may_be_range(),
            AmountPlan::Scale(a, ..) | AmountPlan::Bounded(a, _) => a.may_be_range(),
            _ => false,
        }
    }

    /// Every tier condition inside the amount, nested tiers included, in policy order.
    pub fn tier_conditions(&self) -> Vec<&Node> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(plan) = stack.pop() {
            match plan {
                AmountPlan::Tiers(tiers) => {
                    for (c, v) in tiers.iter().rev() {
                        stack.push(v);
                        out.extend(c.iter());
                    }
                }
                AmountPlan::Add(a, b, ..) => stack.extend([b.as_ref(), a.as_ref()]),
                AmountPlan::Scale(a, ..) | AmountPlan::Bounded(a, _) => stack.push(a),
                _ => {}
            }
        }
        out
    }
}

/// A benefit with its compiled condition and amount.
#[derive(Clone, Debug)]
pub struct BenefitPlan {
    /// Index of its clause in [`Plan::clauses`].
    pub clause: usize,
    /// Subsidy or service.
    pub kind: BenefitKind,
    /// Name.
    pub name: String,
    /// Condition; `None` always holds.
    pub condition: Option<Node>,
    /// Amount (subsidies).
    pub amount: Option<AmountPlan>,
    /// Bounds: `(at_most, value)`.
    pub bounds: Vec<(bool, Node)>,
    /// Installments: label and share (shares sum to 1).
    pub installments: Vec<(String, Decimal)>,
    /// Funding sources, in order of precedence.
    pub funds: Vec<String>,
    /// What a service provides.
    pub content: Option<String>,
    /// Interpretation notes.
    pub notes: Vec<String>,
    /// The benefit's keyword and name, named when its installments overflow.
    pub span: Span,
}

/// A group across clauses.
#[derive(Clone, Debug)]
pub struct GroupPlan {
    /// Name.
    pub name: String,
    /// Exclusive or cumulative.
    pub kind: GroupPlanKind,
    /// Member benefits (subsidies), in the group's order.
    pub members: Vec<usize>,
    /// The notice's text.
    pub original: Option<String>,
    /// The group's keyword and name, named when its sum overflows.
    pub span: Span,
}

/// What a group does.
#[derive(Clone, Debug)]
pub enum GroupPlanKind {
    /// At most one member is paid; `highest` picks the largest, otherwise the officer chooses.
    Exclusive {
        /// `就高`.
        highest: bool,
    },
    /// The members together are paid at most `cap`.
    Cumulative {
        /// The cap.
        cap: Option<Node>,
        /// Which members the cap reduces first.
        order: crate::syntax::ast::CapOrder,
    },
}

/// A fund pool (`资金总额`), compiled: the benefits whose payable amounts are claims on one
/// total, shared out after every record is decided ([`crate::pool`]).
#[derive(Clone, Debug)]
pub struct PoolPlan {
    /// Name.
    pub name: String,
    /// Member benefits (subsidies), in policy order.
    pub members: Vec<usize>,
    /// The total: a number or a parameter (checked); `None` for a ranked pool with a quota and
    /// no `不超过`, which pays every claim within its quota in full.
    pub total: Option<Node>,
    /// How an oversubscribed pool is shared.
    pub rule: crate::syntax::ast::PoolRule,
    /// Where the fens left over by rounding go.
    pub remainder: crate::syntax::ast::Remainder,
    /// A ranked pool's order: a number of the record (checked).
    pub rank_by: Option<Node>,
    /// A ranked pool's first claim that does not fit: what is left, or nothing.
    pub shortfall: crate::syntax::ast::Shortfall,
    /// A ranked pool's tie-breakers (`并列 按 …`), in turn: a number of the record and whether
    /// the highest value goes first. Record order breaks what they leave tied.
    pub ties: Vec<(Node, bool)>,
    /// A ranked pool's quota in all (`名额 10 户`): at most this many records paid.
    pub quota: Option<u64>,
    /// A ranked pool's quota per value of a field (`名额 2 户 每 所属地区`).
    pub quota_per: Option<AreaQuota>,
    /// A ranked pool's amounts by rank (`前 3 名分别给予 …`), best rank first: each a number or
    /// a money parameter (checked). Empty without; then the pool pays its claims.
    pub rank_amounts: Vec<Node>,
    /// The notice's text.
    pub original: Option<String>,
    /// The pool's keyword and name.
    pub span: Span,
}

/// A quota per value of a record field (`名额 2 户 每 所属地区`).
#[derive(Clone, Debug)]
pub struct AreaQuota {
    /// The field (checked: text or a word of a closed set).
    pub field: Node,
    /// The field's name, for reports.
    pub name: String,
    /// The field's closed set of words ([`Plan::enums`]), when it has one.
    pub words: Option<u16>,
    /// At most this many records paid per value.
    pub count: u64,
}

impl PoolPlan {
    /// The total with the parameters' current values; `None` while it is `待定`, or when the
    /// pool has no total ([`PoolPlan::capped`]).
    pub fn total(&self, params: &[ParamInfo]) -> Option<Decimal> {
        match self.total.as_ref()? {
            Node::Param(i) => params
                .get(usize::from(*i))
                .and_then(|p| p.value.as_ref())
                .and_then(Node::constant),
            other => other.constant(),
        }
    }

    /// The amounts by rank with the parameters' current values, best rank first: `None` for one
    /// still `待定`.
    pub fn rank_amounts(&self, params: &[ParamInfo]) -> Vec<Option<Decimal>> {
        self.rank_amounts
            .iter()
            .map(|n| match n {
                Node::Param(i) => params
                    .get(usize::from(*i))
                    .and_then(|p| p.value.as_ref())
                    .and_then(Node::constant),
                other => other.constant(),
            })
            .collect()
    }

    /// Whether the pool pays amounts by rank (`前 3 名分别给予 …`) rather than its claims.
    pub fn by_rank(&self) -> bool {
        !self.rank_amounts.is_empty()
    }

    /// Whether the pool has a total (`不超过 …`); a ranked pool with a quota may have none.
    pub fn capped(&self) -> bool {
        self.total.is_some()
    }

    /// Whether the pool limits how many records it pays (`名额`).
    pub fn has_quota(&self) -> bool {
        self.quota.is_some() || self.quota_per.is_some()
    }
}

/// A checked, compiled policy.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The policy's source text (reasons quote it).
    pub source: String,
    /// The keyword language the policy is written in (reports follow it).
    pub lang: crate::syntax::keywords::Lang,
    /// Title.
    pub title: String,
    /// `文号` and other metadata entries.
    pub meta: Vec<(String, String)>,
    /// The record schema.
    pub schema: Schema,
    /// The closed word sets of enum types.
    pub enums: Vec<Vec<String>>,
    /// Parameters.
    pub params: Vec<ParamInfo>,
    /// Definitions.
    pub defs: Vec<DefInfo>,
    /// Clauses.
    pub clauses: Vec<ClauseInfo>,
    /// Benefits of all clauses, in policy order.
    pub benefits: Vec<BenefitPlan>,
    /// Groups.
    pub groups: Vec<GroupPlan>,
    /// Fund pools.
    pub pools: Vec<PoolPlan>,
    /// Worked examples.
    pub examples: Vec<ExamplePlan>,
    /// Each benefit's condition in flat form, by benefit index, for evaluation without a
    /// trace. Built from [`BenefitPlan::condition`] by [`Plan::flatten`].
    pub(crate) flat: Vec<Flat>,
    /// Each definition in flat form when it is one operation on operands, by definition index.
    pub(crate) flat_defs: Vec<Option<FlatArith>>,
}

impl Plan {
    /// Build the flat forms of the benefits' conditions and of the definitions, which
    /// evaluation without a trace runs. The checker calls it; a program that changes
    /// [`Plan::benefits`] or [`Plan::defs`] afterwards must call it again.
    pub fn flatten(&mut self) {
        self.flat = self
            .benefits
            .iter()
            .map(|b| Flat::condition(b.condition.as_ref()))
            .collect();
        self.flat_defs = self.defs.iter().map(|d| FlatArith::of(&d.node)).collect();
    }

    /// The installment periods the policy names (`2021年`, `2022年`), in order of first
    /// appearance: the columns and per-period totals of the views.
    pub fn periods(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for (label, _) in self.benefits.iter().flat_map(|b| &b.installments) {
            if !out.contains(&label.as_str()) {
                out.push(label);
            }
        }
        out
    }

    /// How many periods [`Plan::periods`] lists, without allocating.
    pub fn period_count(&self) -> usize {
        let labels = self.benefits.iter().flat_map(|b| &b.installments);
        labels
            .clone()
            .enumerate()
            .filter(|(i, (l, _))| !labels.clone().take(*i).any(|(e, _)| e == l))
            .count()
    }

    /// The index in [`Plan::periods`] of the period `label`, without allocating.
    pub fn period_of(&self, label: &str) -> Option<usize> {
        let labels = self.benefits.iter().flat_map(|b| &b.installments);
        let mut distinct = 0usize;
        for (i, (l, _)) in labels.clone().enumerate() {
            // Counted at its first appearance only.
            if labels.clone().take(i).any(|(e, _)| e == l) {
                continue;
            }
            if l == label {
                return Some(distinct);
            }
            distinct += 1;
        }
        None
    }

    /// The index of the first exclusive group, whose award is the record's `award`.
    pub fn main_group(&self) -> Option<usize> {
        self.groups
            .iter()
            .position(|g| matches!(g.kind, GroupPlanKind::Exclusive { .. }))
    }
}

/// A worked example, compiled: a full record and what is expected of it.
#[derive(Clone, Debug)]
pub struct ExamplePlan {
    /// Its name.
    pub name: String,
    /// Where it is declared.
    pub span: Span,
    /// Its records, in the order written (one, or several for a batch evaluated together
    /// through the fund pools).
    pub records: Vec<ExampleRecord>,
    /// Parameter values for this example: `(parameter index, value or 待定)`.
    pub sets: Vec<(usize, Option<Node>)>,
    /// What is expected, in the order written.
    pub expects: Vec<ExpectPlan>,
}

/// One record of a worked example.
#[derive(Clone, Debug)]
pub struct ExampleRecord {
    /// How reports name it: its key when the example names one, else its place (`2`).
    pub label: String,
    /// One cell per field (defaults filled in).
    pub cells: Vec<super::value::Cell>,
}

/// One expectation of an example.
#[derive(Clone, Debug)]
pub struct ExpectPlan {
    /// The record it is about, by index in [`ExamplePlan::records`] (`None`: the example's
    /// only record, or a pool's outcome).
    pub record: Option<usize>,
    /// What is expected.
    pub kind: ExpectKind,
    /// The expectation as written, for reports.
    pub text: String,
}

/// What an expectation says.
#[derive(Clone, Debug)]
pub enum ExpectKind {
    /// Benefit `benefit` has this status and, if `Some`, this amount (`Some(None)`: no amount).
    Benefit {
        /// Index in [`Plan::benefits`].
        benefit: usize,
        /// The status.
        status: crate::eval::Status,
        /// The amount, when stated (`Some(None)`: `待定`; else a known amount or a range).
        amount: Option<Option<crate::eval::value::Amount>>,
        /// What it is paid after every group, when stated (`Some(None)`: no known amount).
        payable: Option<Option<crate::eval::value::Amount>>,
        /// Whether an exclusive group is expected to set it aside (`不予兼得`).
        set_aside: bool,
        /// Installments stated: the index of each in the benefit's installments, and its amount.
        installments: Vec<(usize, Decimal)>,
        /// What its fund pool allocates it, when stated (`Some(None)`: `待定`).
        allocated: Option<Option<Decimal>>,
    },
    /// The award of the policy's first exclusive group.
    Award {
        /// The decision.
        award: ExpectedAward,
        /// Whether it is provisional.
        provisional: bool,
    },
    /// A fund pool's outcome over the example's records.
    Pool {
        /// Index in [`Plan::pools`].
        pool: usize,
        /// The sum of its allocations, when stated (`Some(None)`: `待定`).
        allocated: Option<Option<Decimal>>,
        /// Its total less what it allocates, when stated (`Some(None)`: `待定`).
        unspent: Option<Option<Decimal>>,
        /// A ranked pool's cut-off rank, when stated.
        cutoff: Option<u64>,
    },
}

/// An expected award.
#[derive(Clone, Debug)]
pub enum ExpectedAward {
    /// This benefit, with this amount when stated (`Some(None)`: no amount).
    Awarded(usize, Option<Option<Decimal>>),
    /// No award.
    None,
    /// The officer chooses among these benefits.
    Pending(Vec<usize>),
}
