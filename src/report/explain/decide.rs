//! Decisions in words: what a condition saw, why a benefit failed, the decision on a benefit.

use super::dates;
use super::show::{cmp_symbol, negate, number_pair, Show};
use super::tree::{self, benefit_trace, compare_kind, BenefitTrace, CondTrace, Kind};
use super::{num, Explainer};
use crate::diag::{text, Text, Word};
use crate::eval::amount::Amount;
use crate::eval::plan::{Node, Plan};
use crate::eval::trace::{Event, Seen, Trace};
use crate::eval::truth::{Reason, Truth};
use crate::eval::{Outcome, Status};
use crate::syntax::ast::{BenefitKind, CmpOp};
use crate::syntax::keywords::Lang;

/// What a decision needs to read the transcript: the plan, the outcome, the condition index.
pub(super) struct Reader<'a, 'p, 't> {
    pub(super) plan: &'p Plan,
    pub(super) outcome: &'t Outcome,
    pub(super) trace: &'t Trace,
    pub(super) show: &'a Show<'p, 't>,
    pub(super) conditions: &'a std::collections::HashMap<crate::span::Span, &'p Node>,
    pub(super) lang: Lang,
}

impl<'a, 'p, 't> Reader<'a, 'p, 't> {
    pub(super) fn of(ex: &'a Explainer<'p, 't>) -> Self {
        Reader {
            plan: ex.plan,
            outcome: ex.outcome,
            trace: ex.trace,
            show: &ex.show,
            conditions: &ex.conditions,
            lang: ex.lang,
        }
    }

    pub(super) fn inner(&self, c: &CondTrace<'_>) -> Option<&'p Node> {
        match self.conditions.get(&c.span) {
            Some(Node::Cond(_, inner)) => Some(&**inner),
            _ => None,
        }
    }

    /// A member's label: its clause id, with the benefit's name when its clause has several
    /// subsidies.
    pub(super) fn label(&self, b: usize) -> String {
        let plan = self.plan;
        let Some(p) = plan.benefits.get(b) else {
            return String::new();
        };
        let id = plan.clauses.get(p.clause).map_or("", |c| c.id.as_str());
        let siblings = plan
            .benefits
            .iter()
            .filter(|q| q.clause == p.clause && q.kind == p.kind)
            .count();
        if siblings > 1 {
            format!("{id}.{}", p.name)
        } else {
            id.to_string()
        }
    }

    /// A member's amount in words: money, a range, or why it is open.
    pub(super) fn amount(&self, b: usize) -> String {
        let money = |d| num::money(d, self.lang);
        let outcome = self.outcome.benefits.get(b);
        // What is paid (after every cap) when the benefit is paid, else the clause's amount.
        let shown = outcome.and_then(|o| o.pay.paid().or(o.amount));
        let capped = outcome.and_then(|o| Some((o.capped_by?, o.amount?.known()?)));
        let text = match shown {
            Some(Amount::Known(d)) => match capped {
                Some((g, before)) => {
                    let group = self.plan.groups.get(g).map_or("", |g| g.name.as_str());
                    let (paid, before) = (money(d), money(before));
                    text!(
                        "{paid} (reduced by cumulative cap {group} from {before})",
                        "{paid}（受累计上限「{group}」限制，原 {before}）"
                    )
                }
                None => return money(d),
            },
            Some(Amount::Range(lo, hi)) => {
                let (lo, hi) = (money(lo), money(hi));
                text!("{lo} to {hi}", "{lo} 至 {hi}")
            }
            Some(Amount::Open(Reason::Tbd(_))) => return Word::AmountTbd.get(self.lang).into(),
            Some(Amount::Open(_)) => text!("amount not computable", "金额无法计算"),
            None => return String::new(),
        };
        text.get(self.lang).to_string()
    }

    /// `第三条 300,000.00元`.
    pub(super) fn labelled(&self, b: usize) -> String {
        let amount = self.amount(b);
        if amount.is_empty() {
            self.label(b)
        } else {
            format!("{} {amount}", self.label(b))
        }
    }

    pub(super) fn join(&self, items: &[String]) -> String {
        items.join(Word::ListSep.get(self.lang))
    }

    /// The name a condition is about: its left operand, when that is a name.
    pub(super) fn subject(&self, node: &Node) -> Option<String> {
        match node {
            Node::Field(_) | Node::Def(_) | Node::Param(_) => {
                Some(self.show.expr(node, Kind::Other))
            }
            _ => None,
        }
    }

    /// Why a condition that failed did: `增长率 4.80% 低于 6.00%`.
    pub(super) fn failure(&self, c: &CondTrace<'_>) -> String {
        let text = super::one_spaced(c.span.text(&self.plan.source));
        let fallback = || {
            text!("not met: {text}", "不满足“{text}”")
                .get(self.lang)
                .to_string()
        };
        let inner = self.inner(c);
        match (inner, c.seen.as_slice()) {
            (Some(Node::Cmp(op, a, b)), [Event::Compare { left, right, .. }]) => {
                for side in [left, right] {
                    if let Seen::Absent(slot) = side {
                        let field = self.plan.schema.field_name(*slot as usize);
                        return text!("{field} is blank (none)", "{field}为空（无）")
                            .get(self.lang)
                            .to_string();
                    }
                }
                let kind = compare_kind(self.plan, a, b);
                let (l, r) = self.pair(left, right, kind);
                let (l, r) = (
                    dates::working(self.show, self.trace, a, l),
                    dates::working(self.show, self.trace, b, r),
                );
                let date = matches!(left, Seen::Date(_));
                let rel = relation(negate(*op), date, self.lang);
                match self.subject(a) {
                    // Chinese needs no verb here, so its side is placeholders only (which the
                    // catalogue test would take for an untranslated `text!`).
                    Some(s) => Text::new(
                        format!("{s} {l} is {rel} {r}"),
                        format!("{s} {l} {rel} {r}"),
                    ),
                    None => text!("{text}: {l} is {rel} {r}", "“{text}”：{l} {rel} {r}"),
                }
                .get(self.lang)
                .to_string()
            }
            (Some(Node::And(_)), [Event::Compare { .. }, Event::Compare { .. }]) => {
                dates::range_failure(self.show, inner, &c.seen, &text).unwrap_or_else(fallback)
            }
            (Some(node), [Event::Test(v)]) => {
                let kind = tree::kind_of(self.plan, node).unwrap_or(Kind::Other);
                let v = self.show.seen(v, kind);
                match self.subject(node) {
                    Some(s) => text!("{s} is {v}", "{s}为“{v}”").get(self.lang).to_string(),
                    None => fallback(),
                }
            }
            (Some(Node::In(subject, ..)), [Event::Member { value, .. }]) => {
                let kind = tree::kind_of(self.plan, subject).unwrap_or(Kind::Other);
                let v = self.show.seen(value, kind);
                match self.subject(subject) {
                    Some(s) => text!("{s} is {v}", "{s}为“{v}”").get(self.lang).to_string(),
                    None => fallback(),
                }
            }
            _ => fallback(),
        }
    }

    /// Two compared values, shown alike so that different numbers never read the same.
    pub(super) fn pair(&self, left: &Seen, right: &Seen, kind: Kind<'_>) -> (String, String) {
        match (left, right) {
            (Seen::Num(a), Seen::Num(b)) => number_pair(*a, *b, kind, self.lang),
            _ => (self.show.seen(left, kind), self.show.seen(right, kind)),
        }
    }

    /// The reasons that made a condition unknown, each once.
    pub(super) fn unknowns(&self, c: &CondTrace<'_>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for culprit in c.culprits(true) {
            if let Some(Truth::Unknown(r)) = culprit.truth {
                let why = self.show.reason(r);
                if !out.contains(&why) {
                    out.push(why);
                }
            }
        }
        out
    }

    pub(super) fn benefit_trace(&self, b: usize) -> BenefitTrace<'t> {
        benefit_trace(self.plan, self.trace, b, false)
    }
}

/// The relation that holds, in words: `低于`, `不低于` …; dates read `早于`, `晚于` ….
fn relation(op: CmpOp, date: bool, lang: Lang) -> &'static str {
    match (date, op) {
        (false, CmpOp::Lt) => Word::CmpBelow,
        (false, CmpOp::Le) => Word::CmpNotAbove,
        (false, CmpOp::Gt) => Word::CmpAbove,
        (false, CmpOp::Ge) => Word::CmpNotBelow,
        (true, CmpOp::Lt) => Word::CmpBefore,
        (true, CmpOp::Le) => Word::CmpNotAfter,
        (true, CmpOp::Gt) => Word::CmpAfter,
        (true, CmpOp::Ge) => Word::CmpNotBefore,
        (_, CmpOp::Eq) => Word::CmpEqual,
        (_, CmpOp::Ne) => Word::CmpNotEqual,
    }
    .get(lang)
}

/// The values a condition saw, shown: `53,000,000.00元 ≥ 50,000,000.00元`, `是`, `电`.
pub(super) fn values(ex: &Explainer<'_, '_>, c: &CondTrace<'_>, inner: Option<&Node>) -> String {
    let r = Reader::of(ex);
    let plan = ex.plan;
    let mut out: Vec<String> = Vec::new();
    let single = c.seen.len() == 1;
    if let Some(range) = dates::range_values(r.show, inner, &c.seen) {
        return range;
    }
    for event in &c.seen {
        let shown = match (event, inner) {
            (Event::Compare { left, right, .. }, _)
                if matches!(left, Seen::Absent(_)) || matches!(right, Seen::Absent(_)) =>
            {
                // An absent optional field makes the comparison false: say it is blank.
                r.show.seen(&Seen::Absent(0), Kind::Other)
            }
            (Event::Compare { op, left, right }, Some(Node::Cmp(_, a, b))) if single => {
                let kind = compare_kind(plan, a, b);
                let (l, rt) = r.pair(left, right, kind);
                let (l, rt) = (
                    dates::working(r.show, r.trace, a, l),
                    dates::working(r.show, r.trace, b, rt),
                );
                let op = match c.truth {
                    Some(Truth::False) => negate(*op),
                    _ => *op,
                };
                format!("{l} {} {rt}", cmp_symbol(op))
            }
            (Event::Compare { left, .. }, _) => {
                let s = r.show.seen(left, Kind::Other);
                if out.contains(&s) {
                    continue;
                }
                s
            }
            (Event::Test(v), Some(node)) => r
                .show
                .seen(v, tree::kind_of(plan, node).unwrap_or(Kind::Other)),
            (Event::Member { value, .. }, Some(Node::In(subject, ..))) => r
                .show
                .seen(value, tree::kind_of(plan, subject).unwrap_or(Kind::Other)),
            (Event::Test(v), None) | (Event::Member { value: v, .. }, _) => {
                r.show.seen(v, Kind::Other)
            }
            _ => continue,
        };
        out.push(shown);
    }
    out.join(Word::NoteSep.get(ex.lang))
}

/// The decision on one benefit, citing its clause: `依据第三条，稳岗留工补贴：符合，金额 …`.
pub(super) fn decision(ex: &Explainer<'_, '_>, b: usize, bt: &BenefitTrace<'_>) -> String {
    let r = Reader::of(ex);
    let lang = r.lang;
    let p = &ex.plan.benefits[b];
    let o = &ex.outcome.benefits[b];
    let clause = ex.clause_id(b);
    let service = p.kind == BenefitKind::Service;
    let name = &p.name;
    let head = if service {
        text!(
            "Under {clause}, {name} (service): ",
            "依据{clause}，{name}（服务）："
        )
    } else {
        text!("Under {clause}, {name}: ", "依据{clause}，{name}：")
    };
    let body = match o.status {
        Status::Eligible if service => text!("granted", "给予"),
        Status::Eligible => {
            let why = o.reason.map(|x| ex.show.reason(x)).unwrap_or_default();
            match o.amount {
                Some(Amount::Known(d)) => {
                    let amount = num::money(d, lang);
                    text!("eligible, {amount}", "符合，金额 {amount}")
                }
                Some(Amount::Range(lo, hi)) => {
                    let (lo, hi) = (num::money(lo, lang), num::money(hi, lang));
                    text!(
                        "eligible, the responsible unit decides between {lo} and {hi}",
                        "符合，金额由责任单位在 {lo} 至 {hi} 之间确定"
                    )
                }
                Some(Amount::Open(Reason::Tbd(_))) => text!(
                    "eligible, amount to be determined ({why})",
                    "符合，金额待定（{why}）"
                ),
                _ => text!(
                    "eligible, but the amount cannot be computed ({why})",
                    "符合，但金额无法计算（{why}）"
                ),
            }
        }
        Status::Ineligible => {
            let failures: Vec<String> = bt
                .condition
                .as_ref()
                .map(|c| {
                    c.culprits(false)
                        .into_iter()
                        .map(|f| r.failure(f))
                        .collect()
                })
                .unwrap_or_default();
            let failures = failures.join(Word::NoteSep.get(lang));
            match (service, failures.is_empty()) {
                (true, true) => text!("not granted", "不给予"),
                (false, true) => text!("not eligible", "不符合"),
                (true, false) => text!("not granted — {failures}", "不给予——{failures}"),
                (false, false) => text!("not eligible — {failures}", "不符合——{failures}"),
            }
        }
        Status::Undetermined => {
            let mut why = bt
                .condition
                .as_ref()
                .map(|c| r.unknowns(c))
                .unwrap_or_default();
            if why.is_empty() {
                why.extend(o.reason.map(|x| ex.show.reason(x)));
            }
            let why = why.join(Word::NoteSep.get(lang));
            text!("undetermined — {why}", "待查——{why}")
        }
    };
    format!("{}{}", head.get(lang), body.get(lang))
}

/// Undetermined members grouped by reason, in member order: `([第一条, 第二条], 一季度产值2019为空)`.
pub(super) fn undetermined_by_reason(
    r: &Reader<'_, '_, '_>,
    members: &[usize],
) -> Vec<(Vec<String>, String)> {
    let mut groups: Vec<(Vec<String>, String)> = Vec::new();
    for &m in members {
        let Some(o) = r.outcome.benefits.get(m) else {
            continue;
        };
        if o.status != Status::Undetermined {
            continue;
        }
        let why = o.reason.map(|x| r.show.reason(x)).unwrap_or_default();
        match groups.iter_mut().find(|(_, w)| *w == why) {
            Some((ids, _)) => ids.push(r.label(m)),
            None => groups.push((vec![r.label(m)], why)),
        }
    }
    groups
}
