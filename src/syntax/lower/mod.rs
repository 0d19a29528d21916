//! Lowering: pest pairs to the typed AST, one function per grammar rule.
//!
//! Siblings are lowered independently and their errors merged, so one run reports every broken
//! literal in the file.

use pest::iterators::Pair;
use pest::Parser;

use super::ast::*;
use super::errors::{pest_error, prescan};
use super::keywords::{self, Lang};
use super::limits;
use super::names::rule_name;
use super::{PolicyParser, Rule};
use crate::diag::SyntaxError;
use crate::span::{Loc, Span, Spanned};

/// The deepest bracket nesting a policy may use; deeper input is rejected before parsing so that
/// no input can overflow the stack.
pub const MAX_NESTING: usize = 64;
/// The most grammar nodes one expression may have.
pub const MAX_EXPR_NODES: usize = 4000;
/// The deepest expression tree allowed (a chain `a + b + …` of 200 terms is 200 deep).
pub const MAX_DEPTH: usize = 200;

mod amounts;
mod declarations;
mod examples;
mod expressions;
mod literals;
mod pools;

use declarations::{clause, define, group, param, policy_meta, record};
use examples::example;
pub use literals::{lower_literal, parse_duration};

type Result<T> = std::result::Result<T, Vec<SyntaxError>>;

/// A part the grammar accepted but that could not be read into the AST: a located error, so
/// lowering never fails without saying where.
fn malformed(part: &str, at: Span) -> SyntaxError {
    SyntaxError::Malformed {
        part: part.to_string(),
        span: at.into(),
    }
}

/// Parse a policy's text into its AST, or every syntax error found.
pub fn parse(source: &str) -> Result<Policy> {
    limits::check_text(source)?;
    prescan(source, MAX_NESTING)?;
    let mut pairs =
        PolicyParser::parse(Rule::policy, source).map_err(|e| vec![pest_error(e, source)])?;
    limits::check_names(pairs.clone())?;
    match pairs.next() {
        Some(pair) => policy(pair),
        None => Ok(Policy::default()),
    }
}

/// The pair's span without the whitespace and comments pest leaves at its end after a failed
/// optional or repeated part.
fn span(pair: &Pair<'_, Rule>) -> Span {
    let s = pair.as_span();
    Span::new(s.start(), s.start() + trim_trivia(pair.as_str()).len())
}

/// `text` without trailing whitespace and trailing `#` comments (quoted text is skipped, so a
/// `#` inside 「…」 is kept).
fn trim_trivia(text: &str) -> &str {
    let mut close: Option<char> = None;
    let mut comment = false;
    let mut end = 0;
    for (at, c) in text.char_indices() {
        if comment {
            comment = c != '\n';
            continue;
        }
        match close {
            Some(q) if c == q => close = None,
            Some(_) => {}
            None => match c {
                '#' => {
                    comment = true;
                    continue;
                }
                '"' => close = Some('"'),
                '「' => close = Some('」'),
                '“' => close = Some('”'),
                _ => {}
            },
        }
        if !c.is_whitespace() {
            end = at + c.len_utf8();
        }
    }
    &text[..end]
}

fn spanned_str(pair: &Pair<'_, Rule>) -> Spanned<String> {
    Spanned::new(pair.as_str().to_string(), span(pair))
}

/// Run `f` on every pair, keeping all successes or all errors.
fn all<'i, T>(
    pairs: impl Iterator<Item = Pair<'i, Rule>>,
    mut f: impl FnMut(Pair<'i, Rule>) -> Result<T>,
) -> Result<Vec<T>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for pair in pairs {
        match f(pair) {
            Ok(v) => out.push(v),
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The file's keyword language: that of its first keyword. A keyword of the other language is
/// an error naming both (the message is written as for a Chinese file, the usual case).
fn language(pair: &Pair<'_, Rule>) -> Result<Lang> {
    let mut first: Option<(Lang, Pair<'_, Rule>)> = None;
    for p in pair.clone().into_inner().flatten() {
        let name = format!("{:?}", p.as_rule());
        if !(name.starts_with("kw_") || name.starts_with("ty_")) {
            continue;
        }
        let lang = Lang::of(p.as_str());
        match &first {
            None => first = Some((lang, p)),
            Some((l, f)) if *l != lang => {
                let suggestion = keywords::by_rule(&name).map_or("", |k| k.spelling(*l));
                let (message_first, message_second) = (f.as_str(), p.as_str());
                return Err(vec![SyntaxError::MixedKeywords {
                    first: message_first.to_string(),
                    first_span: span(f).into(),
                    second: message_second.to_string(),
                    span: span(&p).into(),
                    suggestion: suggestion.to_string(),
                }]);
            }
            Some(_) => {}
        }
    }
    Ok(first.map_or(Lang::Zh, |(l, _)| l))
}

fn policy(pair: Pair<'_, Rule>) -> Result<Policy> {
    let mut out = Policy {
        lang: language(&pair)?,
        ..Policy::default()
    };
    let mut errors = Vec::new();
    for item in pair.into_inner() {
        let result = match item.as_rule() {
            Rule::policy_meta => policy_meta(item).map(|m| out.meta = Some(m)),
            Rule::record => {
                out.record_spans.push(Loc(span(&item)));
                record(item).map(|f| out.fields.extend(f))
            }
            Rule::param => param(item).map(|p| out.params.push(p)),
            Rule::define => define(item).map(|d| out.defines.push(d)),
            Rule::clause => clause(item).map(|c| out.clauses.push(c)),
            Rule::exclusive | Rule::cumulative => group(item).map(|g| out.groups.push(g)),
            Rule::pool => pools::pool(item).map(|p| out.pools.push(p)),
            Rule::example => example(item).map(|e| out.examples.push(e)),
            Rule::EOI => Ok(()),
            other => Err(vec![unexpected_rule(other, &item)]),
        };
        if let Err(e) = result {
            errors.extend(e);
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// A grammar rule where the lowering did not expect one: a bug in the grammar/lowering pairing,
/// reported as a syntax error rather than a panic.
fn unexpected_rule(rule: Rule, pair: &Pair<'_, Rule>) -> SyntaxError {
    SyntaxError::Unexpected {
        found: rule_name(rule).to_string(),
        span: span(pair).into(),
        expected: "something else".to_string(),
        open: None,
        help: None,
    }
}
