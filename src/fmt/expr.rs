//! Printing expressions, amounts and literals.
//!
//! Parentheses are written only where the grammar needs them to read the same tree back. The
//! spelling of a comparison (`>=`, `不低于`, `达到 … 以上`, `… 以上`) and of a number (`30万`,
//! `30万元`, `20户`) is not in the AST; it is read back from the source through the spans, so that
//! the notice's wording stays as the officer wrote it.

use pest::Parser;
use rust_decimal::Decimal;

use super::comments::strip;
use super::layout::Table;
use super::parts::{at, braced, end, LOGIC, SUM};
use super::printer::Printer;
use crate::eval::dates::Duration;
use crate::span::Span;
use crate::syntax::ast::*;
use crate::syntax::keywords::{self, Lang};
use crate::syntax::{PolicyParser, Rule};

/// Lines of a tier table (`分档`).
const TIER: Table = 5;
/// Lines of a progressive table (`累进`).
const BAND: Table = 6;

/// Binding strength, loosest first: what an operand below its operator's level needs brackets.
fn level(e: &ExprKind) -> u8 {
    match e {
        ExprKind::Or(..) => 1,
        ExprKind::And(..) => 2,
        ExprKind::Not(..) => 3,
        ExprKind::Compare(..)
        | ExprKind::Member { .. }
        | ExprKind::Between { .. }
        | ExprKind::All(_)
        | ExprKind::Any(_) => 4,
        ExprKind::Arith(ArithOp::Add | ArithOp::Sub, ..) => 5,
        ExprKind::Arith(ArithOp::Mul | ArithOp::Div, ..) => 6,
        ExprKind::Neg(_) => 7,
        ExprKind::Lit(_) | ExprKind::Name(_) | ExprKind::Call(..) | ExprKind::Pick(_) => 8,
    }
}

/// Whether `e` prints on one line (it holds no `全部 { … }` / `任一 { … }`).
pub(super) fn inline(e: &Expr) -> bool {
    match &e.node {
        ExprKind::All(_) | ExprKind::Any(_) => false,
        ExprKind::Lit(_) | ExprKind::Name(_) => true,
        ExprKind::Neg(x) | ExprKind::Not(x) => inline(x),
        ExprKind::Member { expr, .. } => inline(expr),
        ExprKind::Between { expr, low, high } => inline(expr) && inline(low) && inline(high),
        ExprKind::Arith(_, a, b)
        | ExprKind::Compare(_, a, b)
        | ExprKind::And(a, b)
        | ExprKind::Or(a, b) => inline(a) && inline(b),
        ExprKind::Call(_, args) => args.iter().all(inline),
        ExprKind::Pick(bands) => bands
            .iter()
            .all(|(c, v)| c.as_ref().is_none_or(inline) && inline(v)),
    }
}

/// Whether `e` is printed starting with a minus sign (which would join it to what precedes it:
/// `a` then `-b` on the next line reads as `a - b`).
fn starts_with_minus(e: &Expr) -> bool {
    match &e.node {
        ExprKind::Neg(_) => true,
        ExprKind::Arith(_, a, _)
        | ExprKind::Compare(_, a, _)
        | ExprKind::And(a, _)
        | ExprKind::Or(a, _) => starts_with_minus(a),
        ExprKind::Member { expr, .. } | ExprKind::Between { expr, .. } => starts_with_minus(expr),
        _ => false,
    }
}

/// The level to print an item at that follows another with only white space between them.
fn after_item(e: &Expr, min: u8) -> u8 {
    if starts_with_minus(e) {
        8
    } else {
        min
    }
}

/// How a comparison was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    /// `>=`, `<`, `=` …
    Symbol,
    /// A comparative keyword: `不低于`, `超过`, `不满` … (the grammar rule's name).
    Word(&'static str),
    /// `达到 x 以上` / `在 x 以下`: the first keyword's rule, and whether it is `以上`.
    Reach(&'static str, bool),
    /// `x 以上` / `x 以下`: whether it is `以上`.
    Bare(bool),
}

/// The rule of the keyword `text` (spaces removed) among `rules`.
fn keyword_rule(text: &str, rules: &[&'static str]) -> Option<&'static str> {
    rules.iter().copied().find(|r| {
        keywords::by_rule(r).is_some_and(|k| {
            k.zh.iter()
                .chain(k.en.iter())
                .any(|s| s.replace(' ', "") == text)
        })
    })
}

/// Whether `word` can be written bare, as a name.
pub(super) fn is_name(word: &str) -> bool {
    PolicyParser::parse(Rule::name, word)
        .ok()
        .and_then(|mut p| p.next())
        .is_some_and(|p| p.as_str().len() == word.len())
}

/// The digits and unit of a number literal, scaled as the lowering does.
fn read_number(text: &str) -> Option<Number> {
    let cut = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(cut);
    let raw = if digits.is_empty() {
        Decimal::ONE
    } else {
        Decimal::from_str_exact(digits).ok()?
    };
    let unit = match unit {
        "" if !digits.is_empty() => {
            return Some(Number {
                value: raw,
                unit: None,
            })
        }
        "元" => Unit::Yuan,
        "千元" => Unit::Qian,
        "万" | "万元" => Unit::Wan,
        "亿" | "亿元" => Unit::Yi,
        "%" | "％" => Unit::Percent,
        "人" | "户" | "家" | "个" => Unit::Count,
        _ => return None,
    };
    Some(Number {
        value: raw.checked_mul(factor(unit))?,
        unit: Some(unit),
    })
}

fn factor(unit: Unit) -> Decimal {
    match unit {
        Unit::Yuan | Unit::Count => Decimal::ONE,
        Unit::Qian => Decimal::from(1_000),
        Unit::Wan => Decimal::from(10_000),
        Unit::Yi => Decimal::from(100_000_000),
        Unit::Percent => Decimal::new(1, 2),
    }
}

fn unit_text(unit: Unit) -> &'static str {
    match unit {
        Unit::Yuan => "元",
        Unit::Qian => "千元",
        Unit::Wan => "万元",
        Unit::Yi => "亿元",
        Unit::Percent => "%",
        Unit::Count => "人",
    }
}

/// `"…"` text with its escapes.
fn escaped(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Printer<'_> {
    /// A keyword in the output language, by its grammar rule.
    pub(super) fn kw(&self, rule: &str) -> &'static str {
        keywords::by_rule(rule).map_or("", |k| k.spelling(self.to))
    }

    /// The separator between list items (`，` in Chinese, `, ` in English).
    pub(super) fn sep(&self) -> &'static str {
        // Policy syntax, not a message.
        match self.to {
            Lang::Zh => "，",
            Lang::En => ", ",
        }
    }

    /// Text as written: `「…」` and `“…”` keep their quotes (and `「…」` its bytes), anything else
    /// is `"…"` with escapes.
    pub(super) fn string(&self, text: &str, span: Span) -> String {
        match self.l.src.get(at(span)..).and_then(|s| s.chars().next()) {
            Some('「') if !text.contains('」') => format!("「{text}」"),
            Some('“') if !text.contains('”') => format!("“{text}”"),
            _ => escaped(text),
        }
    }

    /// A word of a closed set: bare when it can be a name, or when it was written bare (a
    /// keyword, which is a word inside `{ … }`); quoted otherwise.
    pub(super) fn word(&self, word: &Ident) -> String {
        let bare = word.span.text(self.l.src).trim() == word.node;
        if is_name(&word.node) || bare {
            word.node.clone()
        } else {
            self.string(&word.node, word.span)
        }
    }

    /// A number as written when its text reads back the same, else in canonical form.
    pub(super) fn number(&self, n: &Number, span: Span) -> String {
        let written = span.text(self.l.src).trim();
        if !written.is_empty() && read_number(written).as_ref() == Some(n) {
            return written.to_string();
        }
        match n.unit {
            None => n.value.normalize().to_string(),
            Some(u) => {
                let raw = n.value.checked_div(factor(u)).unwrap_or(n.value);
                format!("{}{}", raw.normalize(), unit_text(u))
            }
        }
    }

    /// A duration: as written when it is in the output language (`12个月` stays, not `12月`),
    /// else canonical (`3年`, `3 years`).
    fn duration(&self, d: Duration, span: Span) -> String {
        let written = span.text(self.l.src).trim();
        // Policy syntax (a duration as a policy spells it), not a message.
        let (canonical, same_language) = match self.to {
            Lang::Zh => (d.to_string(), !written.is_ascii()),
            Lang::En => (d.english(), written.is_ascii()),
        };
        let reads_back = crate::syntax::parse_duration(written) == Some(d);
        if same_language && reads_back {
            written.to_string()
        } else {
            canonical
        }
    }

    /// A literal.
    pub(super) fn literal(&self, lit: &Literal, span: Span) -> String {
        match lit {
            Literal::Number(n) => self.number(n, span),
            Literal::Date(d) => d.to_string(),
            Literal::Duration(d) => self.duration(*d, span),
            Literal::Bool(true) => self.kw("kw_yes").to_string(),
            Literal::Bool(false) => self.kw("kw_no").to_string(),
            Literal::Text(t) => self.string(t, span),
        }
    }

    /// A group member, `第三条` or `第三条.稳岗留工补贴`.
    pub(super) fn member(&self, m: &Member) -> String {
        match &m.benefit {
            Some(b) => format!("{}.{}", m.clause.node, b.node),
            None => m.clause.node.clone(),
        }
    }

    /// Print `e`, in brackets if it binds more loosely than `min`.
    pub(super) fn expr(&mut self, e: &Expr, min: u8) {
        let bracket = level(&e.node) < min;
        if bracket {
            self.l.text("(");
        }
        match &e.node {
            ExprKind::Lit(lit) => {
                let text = self.literal(lit, e.span);
                self.l.text(&text);
            }
            ExprKind::Name(n) => self.l.text(n),
            ExprKind::Neg(x) => {
                self.l.text("-");
                self.expr(x, 7);
            }
            ExprKind::Arith(op, a, b) => {
                let (left, right, sym) = match op {
                    ArithOp::Add => (5, 6, " + "),
                    ArithOp::Sub => (5, 6, " - "),
                    ArithOp::Mul => (6, 7, " × "),
                    ArithOp::Div => (6, 7, " ÷ "),
                };
                self.expr(a, left);
                self.l.text(sym);
                self.expr(b, right);
            }
            ExprKind::Compare(op, a, b) => self.compare(e, *op, a, b),
            ExprKind::And(a, b) => {
                self.expr(a, 2);
                let kw = format!(" {} ", self.kw("kw_and"));
                self.l.text(&kw);
                self.expr(b, 3);
            }
            ExprKind::Or(a, b) => {
                self.expr(a, 1);
                let kw = format!(" {} ", self.kw("kw_or"));
                self.l.text(&kw);
                self.expr(b, 2);
            }
            ExprKind::Not(x) => {
                let kw = format!("{} ", self.kw("kw_not"));
                self.l.text(&kw);
                self.expr(x, 3);
            }
            ExprKind::All(items) => self.block(e, "kw_all", items),
            ExprKind::Any(items) => self.block(e, "kw_any", items),
            ExprKind::Member {
                expr,
                negated,
                words,
            } => {
                self.expr(expr, SUM);
                let kw = if *negated { "kw_not_in" } else { "kw_in" };
                let words: Vec<String> = words.iter().map(|w| self.word(w)).collect();
                let text = format!(" {} {}", self.kw(kw), braced(&words));
                self.l.text(&text);
            }
            ExprKind::Between { expr, low, high } => {
                self.expr(expr, SUM);
                let kw = format!(" {} ", self.kw("kw_at"));
                self.l.text(&kw);
                self.expr(low, SUM);
                let kw = format!(" {} ", self.kw("kw_to"));
                self.l.text(&kw);
                self.expr(high, SUM);
                let kw = format!(" {}", self.kw("kw_during"));
                self.l.text(&kw);
            }
            ExprKind::Call(func, args) => {
                let rule = match func {
                    Func::Min => "kw_min",
                    Func::Max => "kw_max",
                    Func::Floor => "kw_floor",
                    Func::Round => "kw_round",
                };
                self.l.text(self.kw(rule));
                self.l.text("(");
                for (i, arg) in args.iter().enumerate() {
                    if i > 0 {
                        self.l.text(", ");
                    }
                    self.expr(arg, LOGIC);
                }
                self.l.text(")");
            }
            ExprKind::Pick(bands) => {
                // On one line, bands separated as the policy's language writes a list.
                let tiers = self.kw("kw_tiers");
                let sep = if tiers == "分档" { "；" } else { "; " };
                self.l.text(tiers);
                self.l.text(" { ");
                for (i, (cond, value)) in bands.iter().enumerate() {
                    if i > 0 {
                        self.l.text(sep);
                    }
                    match cond {
                        Some(c) => self.expr(c, LOGIC),
                        None => self.l.text(self.kw("kw_otherwise")),
                    }
                    self.l.text(" : ");
                    self.expr(value, LOGIC);
                }
                self.l.text(" }");
            }
        }
        if bracket {
            self.l.text(")");
        }
    }

    /// `全部 { … }` / `任一 { … }`: one condition per line.
    fn block(&mut self, e: &Expr, rule: &str, items: &[Expr]) {
        self.l.text(self.kw(rule));
        let close = self.closing_brace(e.span);
        if items.is_empty() && !self.l.comment_before(close) {
            self.l.text(" { }");
            return;
        }
        self.l.open_block();
        for (i, item) in items.iter().enumerate() {
            self.l.start(at(item.span));
            self.expr(
                item,
                if i == 0 {
                    LOGIC
                } else {
                    after_item(item, LOGIC)
                },
            );
            self.l.end(end(item.span));
        }
        self.l.close_block(close);
    }

    /// The `}` that ends the text of `span`.
    fn closing_brace(&self, span: Span) -> usize {
        let last = end(span).saturating_sub(1);
        if self.l.src.get(last..).is_some_and(|s| s.starts_with('}')) {
            last
        } else {
            self.braces_after(at(span)).map_or(last, |(_, c)| c)
        }
    }

    /// How the comparison `e` was written, if its source says so and agrees with `op`.
    fn form(&self, e: &Expr, op: CmpOp, a: &Expr, b: &Expr) -> Form {
        let compact = |from: usize, to: usize| -> String {
            strip(self.l.src, from, to)
                .chars()
                .filter(|c| !c.is_whitespace() && !"()（）".contains(*c))
                .collect()
        };
        let mid = compact(end(a.span), at(b.span));
        let tail = compact(end(b.span), end(e.span));
        let above = match keyword_rule(&tail, &["kw_above", "kw_below"]) {
            Some("kw_above") => Some(true),
            Some(_) => Some(false),
            None => None,
        };
        let form = match (mid.as_str(), above) {
            (_, Some(up)) if mid.is_empty() => Form::Bare(up),
            (_, Some(up)) => match keyword_rule(&mid, &["kw_reach", "kw_at"]) {
                Some(rule) => Form::Reach(rule, up),
                None => Form::Symbol,
            },
            (_, None) => keyword_rule(
                &mid,
                &[
                    "kw_not_less",
                    "kw_not_more",
                    "kw_more",
                    "kw_less",
                    "kw_under",
                ],
            )
            .map_or(Form::Symbol, Form::Word),
        };
        let fits = match form {
            Form::Symbol => true,
            Form::Bare(up) | Form::Reach(_, up) => op == if up { CmpOp::Ge } else { CmpOp::Le },
            Form::Word(rule) => {
                op == match rule {
                    "kw_not_less" => CmpOp::Ge,
                    "kw_not_more" => CmpOp::Le,
                    "kw_more" => CmpOp::Gt,
                    _ => CmpOp::Lt,
                }
            }
        };
        if fits {
            form
        } else {
            Form::Symbol
        }
    }

    fn compare(&mut self, e: &Expr, op: CmpOp, a: &Expr, b: &Expr) {
        let form = self.form(e, op, a, b);
        let direction = |up: bool| if up { "kw_above" } else { "kw_below" };
        self.expr(a, SUM);
        match form {
            Form::Symbol => {
                let sym = match op {
                    CmpOp::Ge => " >= ",
                    CmpOp::Gt => " > ",
                    CmpOp::Le => " <= ",
                    CmpOp::Lt => " < ",
                    CmpOp::Eq => " = ",
                    CmpOp::Ne => " != ",
                };
                self.l.text(sym);
                self.expr(b, SUM);
            }
            Form::Word(rule) => {
                let kw = format!(" {} ", self.kw(rule));
                self.l.text(&kw);
                self.expr(b, SUM);
            }
            Form::Reach(rule, up) => {
                let kw = format!(" {} ", self.kw(rule));
                self.l.text(&kw);
                self.expr(b, SUM);
                let kw = format!(" {}", self.kw(direction(up)));
                self.l.text(&kw);
            }
            Form::Bare(up) => {
                self.l.text(" ");
                // `a -b 以上` would read as `(a - b) 以上`: keep `b` apart in brackets.
                self.expr(b, after_item(b, SUM));
                let kw = format!(" {}", self.kw(direction(up)));
                self.l.text(&kw);
            }
        }
    }

    /// An amount: its form, then its bounds (`，最高 30万元`).
    pub(super) fn amount(&mut self, a: &Amount) {
        match &a.core {
            AmountCore::Tbd => self.l.text(self.kw("kw_tbd")),
            AmountCore::ByRank => self.l.text(self.kw("kw_by_rank")),
            // A `+` or `-` at a range's end, or at the end of the steps' pay, would be ambiguous
            // unbracketed (`jiangbu::syntax::ambiguous_amount`): a sum there keeps its brackets.
            AmountCore::Range(lo, hi) => {
                self.expr(lo, SUM + 1);
                let kw = format!(" {} ", self.kw("kw_to"));
                self.l.text(&kw);
                self.expr(hi, SUM + 1);
            }
            AmountCore::Tiers(tiers) => self.tiers(a, tiers),
            AmountCore::Progressive { base, bands } => self.progressive(base, bands),
            AmountCore::Steps { base, step, each } => {
                let kw = format!("{} ", self.kw("kw_steps"));
                self.l.text(&kw);
                self.expr(base, SUM);
                let kw = format!(" {} ", self.kw("kw_each"));
                self.l.text(&kw);
                self.expr(step, SUM);
                let kw = format!(" {} ", self.kw("kw_gives"));
                self.l.text(&kw);
                self.expr(each, SUM + 1);
            }
            AmountCore::Expr(e) => self.expr(e, SUM),
            AmountCore::Nested(inner) => self.amount_operand(inner, u8::MAX),
            AmountCore::Arith(op, lhs, rhs) => {
                let (left, right, sym) = match op {
                    ArithOp::Add => (5, 6, " + "),
                    ArithOp::Sub => (5, 6, " - "),
                    ArithOp::Mul | ArithOp::Div => (6, 7, " × "),
                };
                // A product beside `+` or `-` is bracketed: unbracketed, a sum next to its `×`
                // would be ambiguous.
                let product = |a: &Amount| matches!(a.core, AmountCore::Arith(ArithOp::Mul, ..));
                let is_sum = matches!(op, ArithOp::Add | ArithOp::Sub);
                self.amount_operand(
                    lhs,
                    if is_sum && product(lhs) {
                        u8::MAX
                    } else {
                        left
                    },
                );
                self.l.text(sym);
                self.amount_operand(
                    rhs,
                    if is_sum && product(rhs) {
                        u8::MAX
                    } else {
                        right
                    },
                );
            }
        }
        for bound in &a.bounds {
            let rule = if bound.at_most {
                "kw_at_most"
            } else {
                "kw_at_least"
            };
            let text = format!("{}{} ", self.sep(), self.kw(rule));
            self.l.text(&text);
            self.expr(&bound.value, SUM);
        }
    }

    /// An operand of `+`, `-` or `×` between amounts, bracketed when it binds looser than
    /// `min` or does not end on its own: a range, steps and an amount with bounds end in a sum
    /// that would take what follows, so they are always bracketed (the canonical bracketing).
    fn amount_operand(&mut self, a: &Amount, min: u8) {
        let level = match &a.core {
            AmountCore::Arith(ArithOp::Add | ArithOp::Sub, ..) => 5,
            AmountCore::Arith(..) => 6,
            AmountCore::Range(..) | AmountCore::Steps { .. } | AmountCore::Nested(_) => 0,
            AmountCore::Expr(e) if a.bounds.is_empty() => {
                self.expr(e, min);
                return;
            }
            AmountCore::Tbd
            | AmountCore::ByRank
            | AmountCore::Tiers(_)
            | AmountCore::Progressive { .. } => u8::MAX,
            AmountCore::Expr(_) => 0,
        };
        let bracket = level < min || !a.bounds.is_empty();
        if bracket {
            self.l.text("(");
        }
        self.amount(a);
        if bracket {
            self.l.text(")");
        }
    }

    fn tiers(&mut self, a: &Amount, tiers: &[Tier]) {
        self.l.text(self.kw("kw_tiers"));
        let Some((_, close)) = self.braces_after(at(a.span.0)) else {
            return;
        };
        if tiers.is_empty() && !self.l.comment_before(close) {
            self.l.text(" { }");
            return;
        }
        self.l.open_block();
        for (i, tier) in tiers.iter().enumerate() {
            let anchor = tier
                .condition
                .as_ref()
                .map_or(tier.value.span.0, |c| c.span);
            let table = tier.condition.as_ref().is_none_or(inline);
            if table {
                self.l.start_table(at(anchor), TIER);
            } else {
                self.l.start(at(anchor));
            }
            match &tier.condition {
                Some(c) => self.expr(c, if i == 0 { LOGIC } else { after_item(c, LOGIC) }),
                None => self.l.text(self.kw("kw_otherwise")),
            }
            if table {
                self.l.cell(": ");
            } else {
                self.l.text(" : ");
            }
            self.amount(&tier.value);
            self.l.end(end(tier.value.span.0));
        }
        self.l.close_block(close);
    }

    fn progressive(&mut self, base: &Expr, bands: &[Band]) {
        let kw = format!("{} ", self.kw("kw_progressive"));
        self.l.text(&kw);
        self.expr(base, SUM);
        let Some((_, close)) = self.braces_after(end(base.span)) else {
            return;
        };
        if bands.is_empty() && !self.l.comment_before(close) {
            self.l.text(" { }");
            return;
        }
        self.l.open_block();
        for band in bands {
            let anchor = band.upto.as_ref().map_or(band.rate.span, |u| u.span);
            self.l.start_table(at(anchor), BAND);
            match &band.upto {
                Some(upto) => {
                    let kw = format!("{} ", self.kw("kw_to"));
                    self.l.text(&kw);
                    self.expr(upto, SUM);
                }
                None => self.l.text(self.kw("kw_rest")),
            }
            self.l.cell(": ");
            self.expr(&band.rate, SUM);
            self.l.end(end(band.rate.span));
        }
        self.l.close_block(close);
    }
}
