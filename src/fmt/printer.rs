//! Printing a policy's items: metadata, record, parameters, definitions, clauses, groups and
//! worked examples, each in the canonical layout of docs/fmt.md.

use super::comments::{braces_after, closer_after, find_keyword, next_code};
use super::layout::{Layout, Table};
use super::parts::{at, braced, end, LOGIC, SUM};
use crate::span::{Span, Spanned};
use crate::syntax::ast::*;
use crate::syntax::keywords::Lang;

const FIELD: Table = 1;
const META: Table = 2;
const PARAM: Table = 3;
const DEFINE: Table = 4;
const CELL: Table = 7;

/// Prints one policy.
pub(super) struct Printer<'s> {
    /// The output being built.
    pub l: Layout<'s>,
    /// The keyword language written.
    pub to: Lang,
    /// The keyword language of the source.
    pub from: Lang,
}

/// A top-level item, in source order.
enum Item<'a> {
    Meta(&'a Meta),
    Record(Span),
    Param(&'a Param),
    Define(&'a Define),
    Clause(&'a Clause),
    Group(&'a Group),
    Pool(&'a Pool),
    Example(&'a Example),
}

impl Printer<'_> {
    /// The `{ … }` after source offset `from`: its `{` and `}`.
    pub(super) fn braces_after(&self, from: usize) -> Option<(usize, usize)> {
        braces_after(self.l.src, from)
    }

    /// Print the whole policy.
    pub(super) fn policy(&mut self, p: &Policy) {
        let mut items: Vec<(usize, Item<'_>)> = Vec::new();
        if let Some(m) = &p.meta {
            items.push((at(m.title.span), Item::Meta(m)));
        }
        items.extend(p.record_spans.iter().map(|r| (at(r.0), Item::Record(r.0))));
        items.extend(p.params.iter().map(|x| (at(x.name.span), Item::Param(x))));
        items.extend(p.defines.iter().map(|x| (at(x.name.span), Item::Define(x))));
        items.extend(p.clauses.iter().map(|x| (at(x.id.span), Item::Clause(x))));
        items.extend(p.groups.iter().map(|x| (at(x.span.0), Item::Group(x))));
        items.extend(p.pools.iter().map(|x| (at(x.span.0), Item::Pool(x))));
        items.extend(
            p.examples
                .iter()
                .map(|x| (at(x.name.span), Item::Example(x))),
        );
        items.sort_by_key(|(pos, _)| *pos);
        let mut previous: Option<&Item<'_>> = None;
        for (_, item) in &items {
            let same_run = matches!(
                (previous, item),
                (Some(Item::Param(_)), Item::Param(_)) | (Some(Item::Define(_)), Item::Define(_))
            );
            if previous.is_some() && !same_run {
                self.l.separate();
            }
            match item {
                Item::Meta(m) => self.meta(m),
                Item::Record(span) => self.record(*span, &p.fields),
                Item::Param(x) => self.param(x),
                Item::Define(x) => self.define(x),
                Item::Clause(x) => self.clause(x),
                Item::Group(x) => self.group(x),
                Item::Pool(x) => self.pool(x),
                Item::Example(x) => self.example(x),
            }
            previous = Some(item);
        }
    }

    /// `解释 "…"` on a line of its own.
    fn note(&mut self, note: &Spanned<String>) {
        self.l.start(at(note.span));
        let text = format!(
            "{} {}",
            self.kw("kw_note"),
            self.string(&note.node, note.span)
        );
        self.l.text(&text);
        self.l.end(end(note.span));
    }

    /// `{` … `}` around `body`, or ` { }` when there is nothing in it, not even a comment.
    fn braced_block(&mut self, close: usize, empty: bool, body: impl FnOnce(&mut Self)) {
        if empty && !self.l.comment_before(close) {
            self.l.text(" { }");
            self.l.end(close + 1);
            return;
        }
        self.l.open_block();
        body(self);
        self.l.close_block(close);
        self.l.end(close + 1);
    }

    fn meta(&mut self, m: &Meta) {
        self.l.start(at(m.title.span));
        let text = format!(
            "{} {}",
            self.kw("kw_policy"),
            self.string(&m.title.node, m.title.span)
        );
        self.l.text(&text);
        let block = match next_code(self.l.src, end(m.title.span)) {
            Some((_, '{')) => self.braces_after(end(m.title.span)),
            _ => None,
        };
        // Entries need braces, so a policy block without them has none.
        let Some((_, close)) = block else {
            self.l.end(end(m.title.span));
            return;
        };
        if m.entries.is_empty() && !self.l.comment_before(close) {
            self.l.end(close + 1);
            return;
        }
        self.braced_block(close, false, |p| p.meta_entries(m));
    }

    fn meta_entries(&mut self, m: &Meta) {
        for (key, value) in &m.entries {
            self.l.start_table(at(key.span), META);
            self.l.text(&key.node);
            let value_text = self.string(&value.node, value.span);
            self.l.cell(&value_text);
            self.l.end(end(value.span));
        }
    }

    fn record(&mut self, span: Span, fields: &[Field]) {
        self.l.start(at(span));
        self.l.text(self.kw("kw_record"));
        let inside: Vec<&Field> = fields
            .iter()
            .filter(|f| at(f.name.span) >= at(span) && at(f.name.span) < end(span))
            .collect();
        let close = match self.l.src.get(end(span).saturating_sub(1)..) {
            Some(s) if s.starts_with('}') => end(span) - 1,
            _ => self.braces_after(at(span)).map_or(end(span), |(_, c)| c),
        };
        self.braced_block(close, inside.is_empty(), |p| {
            for f in inside {
                p.field(f);
            }
        });
    }

    /// A type keyword as written when it is a spelling of the output language (`户数`), else
    /// the output language's first spelling.
    fn type_kw(&self, rule: &str, span: Span) -> String {
        let written = span
            .text(self.l.src)
            .split_whitespace()
            .next()
            .unwrap_or("");
        // Keyword spellings of the policy language, not messages.
        let same = crate::syntax::keywords::by_rule(rule).is_some_and(|k| match self.to {
            Lang::Zh => k.zh.contains(&written),
            Lang::En => k.en.contains(&written),
        });
        if same && self.from == self.to {
            written.to_string()
        } else {
            self.kw(rule).to_string()
        }
    }

    fn type_expr(&self, ty: &Spanned<TypeExpr>) -> String {
        match &ty.node {
            TypeExpr::Money => self.kw("ty_money").to_string(),
            TypeExpr::Ratio => self.type_kw("ty_ratio", ty.span),
            TypeExpr::Count => self.type_kw("ty_count", ty.span),
            TypeExpr::Bool => self.kw("ty_bool").to_string(),
            TypeExpr::Date => self.kw("ty_date").to_string(),
            TypeExpr::Text => self.kw("ty_text").to_string(),
            TypeExpr::Enum(words) => {
                let words: Vec<String> = words.iter().map(|w| self.word(w)).collect();
                format!("{} {}", self.kw("ty_enum"), braced(&words))
            }
        }
    }

    fn field(&mut self, f: &Field) {
        self.l.start_table(at(f.name.span), FIELD);
        self.l.text(&f.name.node);
        let mut rest = self.type_expr(&f.ty);
        let mut last = end(f.ty.span).max(end(f.name.span));
        for (set, rule) in [
            (f.key, "kw_key"),
            (f.area, "kw_area"),
            (f.optional, "kw_optional"),
        ] {
            if set {
                rest.push(' ');
                rest.push_str(self.kw(rule));
            }
        }
        if let Some(label) = &f.label {
            rest.push_str(&format!(
                " {} {}",
                self.kw("kw_label"),
                self.string(&label.node, label.span)
            ));
            last = last.max(end(label.span));
        }
        if let Some(unit) = &f.unit {
            rest.push_str(&format!(
                " {} {}",
                self.kw("kw_unit"),
                self.number(&unit.node, unit.span)
            ));
            last = last.max(end(unit.span));
        }
        self.l.cell(&rest);
        self.l.end(last);
    }

    fn param(&mut self, x: &Param) {
        self.l.start_table(at(x.name.span), PARAM);
        let head = format!("{} {}", self.kw("kw_param"), x.name.node);
        self.l.text(&head);
        let ty = self.type_expr(&x.ty);
        self.l.cell(&ty);
        let value = match &x.default.node {
            None => self.kw("kw_tbd").to_string(),
            Some(lit) => self.literal(lit, x.default.span),
        };
        self.l.cell(&format!("= {value}"));
        self.l.end(end(x.default.span).max(end(x.ty.span)));
        if let Some(note) = &x.note {
            self.l.indent += 1;
            self.note(note);
            self.l.indent -= 1;
        }
    }

    fn define(&mut self, x: &Define) {
        self.l.start_table(at(x.name.span), DEFINE);
        let head = format!("{} {}", self.kw("kw_define"), x.name.node);
        self.l.text(&head);
        self.l.cell("= ");
        self.expr(&x.expr, LOGIC);
        self.l.end(end(x.expr.span));
        if let Some(note) = &x.note {
            self.l.indent += 1;
            self.note(note);
            self.l.indent -= 1;
        }
    }

    fn clause(&mut self, c: &Clause) {
        self.l.start(at(c.id.span));
        let mut head = format!("{} {}", self.kw("kw_clause"), c.id.node);
        let mut header_end = end(c.id.span);
        if let Some(title) = &c.title {
            head.push(' ');
            head.push_str(&self.string(&title.node, title.span));
            header_end = end(title.span);
        }
        self.l.text(&head);
        enum Part<'a> {
            Units,
            Original(&'a Spanned<String>),
            Note(&'a Spanned<String>),
            Benefit(&'a Benefit),
        }
        let mut parts: Vec<(usize, Part<'_>)> = Vec::new();
        if let Some(first) = c.units.first() {
            parts.push((at(first.span), Part::Units));
        }
        if let Some(o) = &c.original {
            parts.push((at(o.span), Part::Original(o)));
        }
        parts.extend(c.notes.iter().map(|n| (at(n.span), Part::Note(n))));
        parts.extend(
            c.benefits
                .iter()
                .map(|b| (at(b.name.span), Part::Benefit(b))),
        );
        parts.sort_by_key(|(pos, _)| *pos);
        let close = self
            .braces_after(header_end)
            .map_or(header_end, |(_, close)| close);
        self.braced_block(close, parts.is_empty(), |p| {
            for (_, part) in &parts {
                match part {
                    Part::Units => p.units(&c.units),
                    Part::Original(o) => p.original(o),
                    Part::Note(n) => p.note(n),
                    Part::Benefit(b) => p.benefit(b),
                }
            }
        });
    }

    fn units(&mut self, units: &[Spanned<String>]) {
        let (Some(first), Some(last)) = (units.first(), units.last()) else {
            return;
        };
        self.l.start(at(first.span));
        // Policy syntax (the list separator a policy is written with), not a message.
        let sep = match self.to {
            Lang::Zh => "、",
            Lang::En => ", ",
        };
        let list: Vec<String> = units.iter().map(|u| self.string(&u.node, u.span)).collect();
        let text = format!("{} {}", self.kw("kw_units"), list.join(sep));
        self.l.text(&text);
        self.l.end(end(last.span));
    }

    fn original(&mut self, o: &Spanned<String>) {
        self.l.start(at(o.span));
        let text = format!("{} {}", self.kw("kw_text"), self.string(&o.node, o.span));
        self.l.text(&text);
        self.l.end(end(o.span));
    }

    fn benefit(&mut self, b: &Benefit) {
        self.l.start(at(b.name.span));
        let kind = match b.kind {
            BenefitKind::Subsidy => "kw_subsidy",
            BenefitKind::Service => "kw_service",
        };
        let head = format!("{} {}", self.kw(kind), b.name.node);
        self.l.text(&head);
        enum Part<'a> {
            Condition(&'a Expr),
            Amount(&'a Amount),
            Installments,
            Funds,
            Content(&'a Spanned<String>),
            Note(&'a Spanned<String>),
        }
        let mut parts: Vec<(usize, Part<'_>)> = Vec::new();
        if let Some(c) = &b.condition {
            parts.push((at(c.span), Part::Condition(c)));
        }
        if let Some(a) = &b.amount {
            parts.push((at(a.span.0), Part::Amount(a)));
        }
        if let Some(first) = b.installments.first() {
            parts.push((at(first.label.span), Part::Installments));
        }
        if let Some(first) = b.funds.first() {
            parts.push((at(first.span), Part::Funds));
        }
        if let Some(c) = &b.content {
            parts.push((at(c.span), Part::Content(c)));
        }
        parts.extend(b.notes.iter().map(|n| (at(n.span), Part::Note(n))));
        parts.sort_by_key(|(pos, _)| *pos);
        let last = end(b.span.0).saturating_sub(1);
        let close = match self.l.src.get(last..) {
            Some(s) if s.starts_with('}') => last,
            _ => self
                .braces_after(end(b.name.span))
                .map_or(last, |(_, close)| close),
        };
        self.braced_block(close, parts.is_empty(), |p| {
            for (_, part) in &parts {
                match part {
                    Part::Condition(e) => {
                        p.l.start(at(e.span));
                        let kw = format!("{} ", p.kw("kw_when"));
                        p.l.text(&kw);
                        p.expr(e, LOGIC);
                        p.l.end(end(e.span));
                    }
                    Part::Amount(a) => {
                        p.l.start(at(a.span.0));
                        let kw = format!("{} ", p.kw("kw_amount"));
                        p.l.text(&kw);
                        p.amount(a);
                        p.l.end(end(a.span.0));
                    }
                    Part::Installments => p.installments(&b.installments),
                    Part::Funds => p.funds(&b.funds),
                    Part::Content(c) => {
                        p.l.start(at(c.span));
                        let text = format!("{} {}", p.kw("kw_content"), p.string(&c.node, c.span));
                        p.l.text(&text);
                        p.l.end(end(c.span));
                    }
                    Part::Note(n) => p.note(n),
                }
            }
        });
    }

    fn installments(&mut self, list: &[Installment]) {
        let Some(first) = list.first() else { return };
        self.l.start(at(first.label.span));
        let kw = format!("{} ", self.kw("kw_installments"));
        self.l.text(&kw);
        let mut last = 0;
        for (i, inst) in list.iter().enumerate() {
            if i > 0 {
                self.l.text(self.sep());
            }
            let label = format!("{} ", self.string(&inst.label.node, inst.label.span));
            self.l.text(&label);
            self.expr(&inst.share, SUM);
            last = end(inst.share.span);
        }
        self.l.end(last);
    }

    fn funds(&mut self, funds: &[Spanned<String>]) {
        let (Some(first), Some(last)) = (funds.first(), funds.last()) else {
            return;
        };
        self.l.start(at(first.span));
        let mut text = self.kw("kw_funds").to_string();
        for (i, f) in funds.iter().enumerate() {
            let lead = match (i, funds.len()) {
                (0, 1) => String::from(" "),
                (0, _) => format!(" {} ", self.kw("kw_first")),
                _ => format!("{}{} ", self.sep(), self.kw("kw_shortfall")),
            };
            text.push_str(&lead);
            text.push_str(&self.string(&f.node, f.span));
        }
        self.l.text(&text);
        self.l.end(end(last.span));
    }

    fn group(&mut self, g: &Group) {
        self.l.start(at(g.span.0));
        let kind = match g.kind {
            GroupKind::Exclusive { .. } => "kw_exclusive",
            GroupKind::Cumulative { .. } => "kw_cumulative",
        };
        let head = format!("{} {}", self.kw(kind), g.name.node);
        self.l.text(&head);
        enum Part<'a> {
            Original(&'a Spanned<String>),
            Note(&'a Spanned<String>),
            Members,
            Cap(&'a Expr),
            Order(&'a Spanned<CapOrder>),
            Rule(&'static str, usize),
        }
        let mut parts: Vec<(usize, Part<'_>)> = Vec::new();
        if let Some(o) = &g.original {
            parts.push((at(o.span), Part::Original(o)));
        }
        parts.extend(g.notes.iter().map(|n| (at(n.span), Part::Note(n))));
        if let Some(m) = g.members.first() {
            parts.push((at(m.clause.span), Part::Members));
        }
        if let GroupKind::Cumulative { cap, order } = &g.kind {
            if let Some(cap) = cap {
                parts.push((at(cap.span), Part::Cap(cap)));
            }
            if let Some(order) = order {
                parts.push((at(order.span), Part::Order(order)));
            }
        }
        let rule = match g.kind {
            GroupKind::Exclusive { highest: true } => Some("kw_highest"),
            GroupKind::Exclusive { highest: false } => Some("kw_choose"),
            GroupKind::Cumulative { .. } => None,
        };
        let head_end = end(g.span.0);
        let close = self
            .braces_after(head_end)
            .map_or(head_end, |(_, close)| close);
        if let Some(rule) = rule {
            // `就高` / `择一` have no span: find them in the block (at its end when not written).
            let written = crate::syntax::keywords::by_rule(rule).and_then(|k| {
                k.zh.iter()
                    .chain(k.en.iter())
                    .find_map(|s| find_keyword(self.l.src, head_end, close, s))
            });
            let (pos, written_end) = written.unwrap_or((close, close));
            parts.push((pos, Part::Rule(rule, written_end)));
        }
        parts.sort_by_key(|(pos, _)| *pos);
        self.braced_block(close, parts.is_empty(), |p| {
            for (pos, part) in &parts {
                match part {
                    Part::Original(o) => p.original(o),
                    Part::Note(n) => p.note(n),
                    Part::Members => p.members(&g.members),
                    Part::Cap(cap) => {
                        p.l.start(at(cap.span));
                        let kw = format!("{} ", p.kw("kw_not_more"));
                        p.l.text(&kw);
                        p.expr(cap, SUM);
                        p.l.end(end(cap.span));
                    }
                    Part::Order(order) => {
                        p.l.start(at(order.span));
                        let word = match order.node {
                            CapOrder::LastFirst => "kw_last_first",
                            CapOrder::LargestFirst => "kw_largest_first",
                            CapOrder::SmallestFirst => "kw_smallest_first",
                        };
                        let text = format!("{} {}", p.kw("kw_reduce"), p.kw(word));
                        p.l.text(&text);
                        p.l.end(end(order.span));
                    }
                    Part::Rule(rule, written_end) if *pos < close => {
                        p.l.start(*pos);
                        p.l.text(p.kw(rule));
                        p.l.end(*written_end);
                    }
                    Part::Rule(rule, _) => {
                        p.l.start_unanchored();
                        p.l.text(p.kw(rule));
                    }
                }
            }
        });
    }

    /// `资金总额 名称 { … }`: its parts in the order written.
    fn pool(&mut self, x: &Pool) {
        self.l.start(at(x.span.0));
        let head = format!("{} {}", self.kw("kw_pool"), x.name.node);
        self.l.text(&head);
        enum Part<'a> {
            Original(&'a Spanned<String>),
            Note(&'a Spanned<String>),
            Members,
            Total(&'a Expr),
            Rule(Span),
            Ranked(Span, &'a Expr, bool),
            UntilFull(&'a Spanned<Shortfall>),
            Remainder(&'a Spanned<Remainder>),
            Ties(&'a Spanned<Vec<TieKey>>),
            Quota(&'a Quota),
            RankAmounts(&'a RankAmounts),
        }
        let mut parts: Vec<(usize, Part<'_>)> = Vec::new();
        if let Some(o) = &x.original {
            parts.push((at(o.span), Part::Original(o)));
        }
        parts.extend(x.notes.iter().map(|n| (at(n.span), Part::Note(n))));
        if let Some(m) = x.members.first() {
            parts.push((at(m.clause.span), Part::Members));
        }
        if let Some(total) = &x.total {
            parts.push((at(total.span), Part::Total(total)));
        }
        if let Some(rule) = &x.rule {
            let part = match (rule.node, &x.rank_by) {
                (PoolRule::Ranked { highest_first }, Some(by)) => {
                    Part::Ranked(rule.span, by, highest_first)
                }
                _ => Part::Rule(rule.span),
            };
            parts.push((at(rule.span), part));
        }
        if let Some(u) = &x.until_full {
            parts.push((at(u.span), Part::UntilFull(u)));
        }
        if let Some(r) = &x.remainder {
            parts.push((at(r.span), Part::Remainder(r)));
        }
        if let Some(t) = &x.ties {
            parts.push((at(t.span), Part::Ties(t)));
        }
        parts.extend(x.quotas.iter().map(|q| (at(q.span.0), Part::Quota(q))));
        if let Some(r) = &x.rank_amounts {
            parts.push((at(r.span.0), Part::RankAmounts(r)));
        }
        parts.sort_by_key(|(pos, _)| *pos);
        let head_end = end(x.span.0);
        let close = self
            .braces_after(head_end)
            .map_or(head_end, |(_, close)| close);
        self.braced_block(close, parts.is_empty(), |p| {
            for (_, part) in &parts {
                match part {
                    Part::Original(o) => p.original(o),
                    Part::Note(n) => p.note(n),
                    Part::Members => p.members(&x.members),
                    Part::Total(total) => {
                        p.l.start(at(total.span));
                        let kw = format!("{} ", p.kw("kw_not_more"));
                        p.l.text(&kw);
                        p.expr(total, SUM);
                        p.l.end(end(total.span));
                    }
                    Part::Rule(span) => {
                        p.l.start(at(*span));
                        p.l.text(p.kw("kw_pro_rata"));
                        p.l.end(end(*span));
                    }
                    Part::Ranked(span, by, highest_first) => {
                        p.l.start(at(*span));
                        let kw = format!("{} ", p.kw("kw_rank_by"));
                        p.l.text(&kw);
                        p.expr(by, SUM);
                        let order = if *highest_first {
                            "kw_highest_first"
                        } else {
                            "kw_lowest_first"
                        };
                        let tail = format!(" {} {}", p.kw(order), p.kw("kw_on_merit"));
                        p.l.text(&tail);
                        p.l.end(end(*span));
                    }
                    Part::UntilFull(u) => {
                        let word = match u.node {
                            Shortfall::RestToNext => "kw_rest_to_next",
                            Shortfall::NoneIfShort => "kw_none_if_short",
                        };
                        let text = format!("{} {}", p.kw("kw_until_full"), p.kw(word));
                        p.l.start(at(u.span));
                        p.l.text(&text);
                        p.l.end(end(u.span));
                    }
                    Part::Ties(t) => {
                        p.l.start(at(t.span));
                        let head = format!("{} ", p.kw("kw_ties"));
                        p.l.text(&head);
                        // `并列 按 x 从高到低` / `ties by x highest first`: the short English
                        // spelling of `按`.
                        let by = match p.to {
                            Lang::Zh => p.kw("kw_rank_by"),
                            Lang::En => "by",
                        };
                        for (i, k) in t.node.iter().enumerate() {
                            if i > 0 {
                                let sep = p.sep();
                                p.l.text(sep);
                            }
                            let kw = format!("{by} ");
                            p.l.text(&kw);
                            p.expr(&k.by, SUM);
                            let order = if k.highest_first {
                                "kw_highest_first"
                            } else {
                                "kw_lowest_first"
                            };
                            let tail = format!(" {}", p.kw(order));
                            p.l.text(&tail);
                        }
                        p.l.end(end(t.span));
                    }
                    Part::Quota(q) => {
                        p.l.start(at(q.span.0));
                        let n = q.count.node.value;
                        // `名额 10 户` / `quota 10`: the unit is the Chinese reading's.
                        let mut text = match p.to {
                            Lang::Zh => format!("{} {n} 户", p.kw("kw_quota")),
                            Lang::En => format!("{} {n}", p.kw("kw_quota")),
                        };
                        if let Some(per) = &q.per {
                            text.push_str(&format!(" {} {}", p.kw("kw_each"), per.node));
                        }
                        p.l.text(&text);
                        p.l.end(end(q.span.0));
                    }
                    Part::RankAmounts(r) => {
                        p.l.start(at(r.span.0));
                        let n = r.count.node.value;
                        // `前 3 名分别给予 1100万元、800万元` / `top 3 get 1100万元, 800万元`.
                        let head = format!("{} {n} {} ", p.kw("kw_top"), p.kw("kw_each_get"));
                        let sep = match p.to {
                            Lang::Zh => "、",
                            Lang::En => ", ",
                        };
                        p.l.text(&head);
                        for (i, a) in r.amounts.iter().enumerate() {
                            if i > 0 {
                                p.l.text(sep);
                            }
                            p.expr(a, SUM);
                        }
                        p.l.end(end(r.span.0));
                    }
                    Part::Remainder(r) => {
                        let word = match r.node {
                            Remainder::LargestFirst => "kw_largest_first",
                            Remainder::Unspent => "kw_unspent",
                        };
                        let text = format!("{} {}", p.kw("kw_remainder"), p.kw(word));
                        p.l.start(at(r.span));
                        p.l.text(&text);
                        p.l.end(end(r.span));
                    }
                }
            }
        });
    }

    fn members(&mut self, members: &[Member]) {
        let Some(first) = members.first() else { return };
        self.l.start(at(first.clause.span));
        let list: Vec<String> = members.iter().map(|m| self.member(m)).collect();
        let text = format!("{} {}", self.kw("kw_members"), list.join(" "));
        self.l.text(&text);
        let last = members.last().map_or(0, member_end);
        self.l.end(last);
    }

    fn example(&mut self, x: &Example) {
        self.l.start(at(x.name.span));
        let head = format!(
            "{} {}",
            self.kw("kw_example"),
            self.string(&x.name.node, x.name.span)
        );
        self.l.text(&head);
        enum Part<'a> {
            Record(&'a ExampleRecord),
            Set(&'a (Ident, Spanned<Option<Literal>>)),
            Expect,
            Note(&'a Spanned<String>),
        }
        let mut parts: Vec<(usize, Part<'_>)> = Vec::new();
        parts.extend(x.records.iter().map(|r| (at(r.span.0), Part::Record(r))));
        parts.extend(x.sets.iter().map(|s| (at(s.0.span), Part::Set(s))));
        if let Some(e) = x.expects.first() {
            parts.push((expectation_span(e).0, Part::Expect));
        }
        parts.extend(x.notes.iter().map(|n| (at(n.span), Part::Note(n))));
        parts.sort_by_key(|(pos, _)| *pos);
        let head_end = end(x.name.span);
        let close = self
            .braces_after(head_end)
            .map_or(head_end, |(_, close)| close);
        self.braced_block(close, parts.is_empty(), |p| {
            for (_, part) in &parts {
                match part {
                    Part::Record(r) => p.example_record(r),
                    Part::Set((name, value)) => {
                        p.l.start(at(name.span));
                        let value_text = match &value.node {
                            None => p.kw("kw_tbd").to_string(),
                            Some(lit) => p.literal(lit, value.span),
                        };
                        let text = format!("{} {} = {}", p.kw("kw_set"), name.node, value_text);
                        p.l.text(&text);
                        p.l.end(end(value.span));
                    }
                    Part::Expect => p.expectations(x),
                    Part::Note(n) => p.note(n),
                }
            }
        });
    }

    fn example_record(&mut self, r: &ExampleRecord) {
        self.l.start(at(r.span.0));
        self.l.text(self.kw("kw_record"));
        // The record's `}` is the last character of its span.
        let close = end(r.span.0).saturating_sub(1);
        self.braced_block(close, r.cells.is_empty(), |p| {
            for (name, value) in &r.cells {
                p.l.start_table(at(name.span), CELL);
                p.l.text(&name.node);
                let text = match &value.node {
                    CellValue::Blank => p.kw("kw_blank").to_string(),
                    CellValue::Lit(lit) => p.literal(lit, value.span),
                    CellValue::Word(w) => w.clone(),
                };
                p.l.cell(&format!("= {text}"));
                p.l.end(end(value.span));
            }
        });
    }

    fn expectations(&mut self, x: &Example) {
        let Some(first) = x.expects.first() else {
            return;
        };
        self.l.start(expectation_span(first).0);
        self.l.text(self.kw("kw_expect"));
        let last = x.expects.last().map_or(0, |e| expectation_span(e).1);
        let close = closer_after(self.l.src, last).unwrap_or(last);
        self.l.open_block();
        for e in &x.expects {
            let (from, to) = expectation_span(e);
            self.l.start(from);
            let text = self.expectation(e);
            self.l.text(&text);
            self.l.end(to);
        }
        self.l.close_block(close);
        self.l.end(close + 1);
    }

    fn expected_amount(&self, amount: &Option<Spanned<Option<Number>>>) -> String {
        match amount {
            None => String::new(),
            Some(Spanned { node: None, .. }) => format!(" {}", self.kw("kw_tbd")),
            Some(Spanned {
                node: Some(n),
                span,
            }) => format!(" {}", self.number(n, *span)),
        }
    }

    fn expected_money(&self, money: &Option<Spanned<ExpectedMoney>>) -> String {
        match money {
            None => String::new(),
            Some(m) => match &m.node {
                ExpectedMoney::Tbd => format!(" {}", self.kw("kw_tbd")),
                ExpectedMoney::Known(n) => format!(" {}", self.number(n, m.span)),
                ExpectedMoney::Range(lo, hi) => format!(
                    " {} {} {}",
                    self.number(&lo.node, lo.span),
                    self.kw("kw_to"),
                    self.number(&hi.node, hi.span)
                ),
            },
        }
    }

    /// ` 分期 "2021年" 6万元，"2022年" 4万元`.
    fn expected_installments(&self, list: &[ExpectedInstallment]) -> String {
        if list.is_empty() {
            return String::new();
        }
        let parts: Vec<String> = list
            .iter()
            .map(|i| {
                format!(
                    "{} {}",
                    self.string(&i.label.node, i.label.span),
                    self.number(&i.amount.node, i.amount.span)
                )
            })
            .collect();
        format!(" {} {}", self.kw("kw_installments"), parts.join(self.sep()))
    }

    /// `"甲" ` or `记录 2 `: the record a batch example's expectation names, with a space after.
    fn record_ref(&self, record: &Option<Spanned<RecordRef>>) -> String {
        match record {
            None => String::new(),
            Some(Spanned {
                node: RecordRef::Key(k),
                span,
            }) => format!("{} ", self.string(k, *span)),
            Some(Spanned {
                node: RecordRef::Position(n),
                ..
            }) => format!("{} {n} ", self.kw("kw_record")),
        }
    }

    fn expectation(&self, e: &Expectation) -> String {
        match e {
            Expectation::Pool {
                name,
                allocated,
                unspent,
                cutoff,
                ..
            } => {
                let mut text = format!("{} {}", self.kw("kw_pool"), name.node);
                if allocated.is_some() {
                    text.push(' ');
                    text.push_str(self.kw("kw_allocated"));
                    text.push_str(&self.expected_amount(allocated));
                }
                if unspent.is_some() {
                    text.push(' ');
                    text.push_str(self.kw("kw_unspent"));
                    text.push_str(&self.expected_amount(unspent));
                }
                if let Some(c) = cutoff {
                    text.push_str(&format!(" {} {}", self.kw("kw_cutoff"), c.node));
                }
                text
            }
            Expectation::Benefit {
                record,
                member,
                status,
                amount,
                payable,
                set_aside,
                installments,
                allocated,
            } => {
                let status = match status {
                    ExpectedStatus::Eligible => "kw_eligible",
                    ExpectedStatus::Ineligible => "kw_ineligible",
                    ExpectedStatus::Undetermined => "kw_undetermined",
                };
                let payable = match payable {
                    Some(_) => {
                        format!(" {}{}", self.kw("kw_payable"), self.expected_money(payable))
                    }
                    None => String::new(),
                };
                let set_aside = match set_aside {
                    Some(_) => format!(" {}", self.kw("kw_set_aside")),
                    None => String::new(),
                };
                let allocated = match allocated {
                    Some(_) => format!(
                        " {}{}",
                        self.kw("kw_allocated"),
                        self.expected_amount(allocated)
                    ),
                    None => String::new(),
                };
                format!(
                    "{}{} {}{}{payable}{set_aside}{allocated}{}",
                    self.record_ref(record),
                    self.member(member),
                    self.kw(status),
                    self.expected_money(amount),
                    self.expected_installments(installments)
                )
            }
            Expectation::Award {
                record,
                award,
                provisional,
                ..
            } => {
                let mut text = self.record_ref(record);
                text.push_str(&match award {
                    ExpectedAward::Awarded(m, amount) => format!(
                        "{} {}{}",
                        self.kw("kw_award"),
                        self.member(m),
                        self.expected_amount(amount)
                    ),
                    ExpectedAward::None => self.kw("kw_no_award").to_string(),
                    ExpectedAward::Pending(members) => {
                        let list: Vec<String> = members.iter().map(|m| self.member(m)).collect();
                        format!("{} {}", self.kw("kw_pending"), braced(&list))
                    }
                });
                if *provisional {
                    text.push(' ');
                    text.push_str(self.kw("kw_provisional"));
                }
                text
            }
        }
    }
}

fn member_end(m: &Member) -> usize {
    m.benefit
        .as_ref()
        .map_or(end(m.clause.span), |b| end(b.span))
}

/// Where an expectation starts and ends in the source.
fn expectation_span(e: &Expectation) -> (usize, usize) {
    match e {
        Expectation::Benefit {
            record,
            member,
            amount,
            payable,
            set_aside,
            installments,
            allocated,
            ..
        } => {
            let to = amount
                .iter()
                .chain(payable)
                .map(|a| a.span)
                .chain(set_aside.map(|l| l.0))
                .chain(allocated.iter().map(|a| a.span))
                .chain(installments.iter().map(|i| i.amount.span))
                .fold(member_end(member), |to, s| end(s).max(to));
            let from = record.as_ref().map_or(member.clause.span, |r| r.span);
            (at(from), to)
        }
        Expectation::Award { span, .. } | Expectation::Pool { span, .. } => {
            (at(span.0), end(span.0))
        }
    }
}
