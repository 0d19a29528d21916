//! The working of the date forms in an explanation: a moved date shows what it was moved from
//! (`2021-06-01（成立日期 2018-06-01 + 3年）`), and `在 … 至 … 期间` shows both ends
//! (`2021-01-01 ≤ 2021-06-01 ≤ 2021-12-31`).

use std::cmp::Ordering;

use super::show::Show;
use super::tree::{compare_kind, Kind};
use crate::diag::text;
use crate::eval::plan::Node;
use crate::eval::trace::{Event, Seen, Trace};
use crate::syntax::ast::CmpOp;

/// `shown`, the value of `node`, with its working when `node` moved a date.
pub(super) fn working(show: &Show<'_, '_>, trace: &Trace, node: &Node, shown: String) -> String {
    let Node::Shift(inner, by, back, span) = node else {
        return shown;
    };
    let from = trace.events.iter().find_map(|e| match e {
        Event::Shift { span: s, from, .. } if s == span => Some(*from),
        _ => None,
    });
    let Some(from) = from else {
        return shown;
    };
    let by = super::show::duration(*by, show.lang);
    let sign = if *back { "-" } else { "+" };
    let origin = match &**inner {
        Node::Date(_) => format!("{from} {sign} {by}"),
        other => format!("{} {from} {sign} {by}", show.expr(other, Kind::Other)),
    };
    text!("{shown} ({origin})", "{shown}（{origin}）")
        .get(show.lang)
        .to_string()
}

/// The parts of `x 在 lo 至 hi 期间` as the checker compiles it (`lo ≤ x 且 x ≤ hi`, with no
/// condition of their own), and the values each comparison saw.
struct Range<'a> {
    subject: &'a Node,
    kind: Kind<'a>,
    x: &'a Seen,
    lo: &'a Seen,
    hi: &'a Seen,
}

fn range<'a>(
    show: &Show<'a, '_>,
    inner: Option<&'a Node>,
    seen: &[&'a Event],
) -> Option<Range<'a>> {
    let Some(Node::And(items)) = inner else {
        return None;
    };
    match (items.as_slice(), seen) {
        (
            [Node::Cmp(CmpOp::Ge, subject, low), Node::Cmp(CmpOp::Le, _, _)],
            [Event::Compare {
                left: x, right: lo, ..
            }, Event::Compare { right: hi, .. }],
        ) => Some(Range {
            subject,
            kind: compare_kind(show.plan, subject, low),
            x,
            lo,
            hi,
        }),
        _ => None,
    }
}

fn order(a: &Seen, b: &Seen) -> Option<Ordering> {
    match (a, b) {
        (Seen::Date(a), Seen::Date(b)) => Some(a.cmp(b)),
        (Seen::Num(a), Seen::Num(b)) => Some(a.cmp(b)),
        _ => None,
    }
}

/// The values of a date range condition: `2021-01-01 ≤ 2021-06-01 ≤ 2021-12-31` when it holds,
/// the end it missed when it does not (`2022-01-01 > 2021-12-31`); `None` when it is not one.
pub(super) fn range_values(
    show: &Show<'_, '_>,
    inner: Option<&Node>,
    seen: &[&Event],
) -> Option<String> {
    let r = range(show, inner, seen)?;
    let s = |v: &Seen| show.seen(v, r.kind);
    let (below, above) = (order(r.x, r.lo)?, order(r.x, r.hi)?);
    Some(match (below, above) {
        (Ordering::Less, _) => format!("{} < {}", s(r.x), s(r.lo)),
        (_, Ordering::Greater) => format!("{} > {}", s(r.x), s(r.hi)),
        _ => format!("{} ≤ {} ≤ {}", s(r.lo), s(r.x), s(r.hi)),
    })
}

/// Why a date range condition failed: `投产日期 2022-01-01 不在 2021-01-01 至 2021-12-31 期间`.
pub(super) fn range_failure(
    show: &Show<'_, '_>,
    inner: Option<&Node>,
    seen: &[&Event],
    text: &str,
) -> Option<String> {
    let r = range(show, inner, seen)?;
    order(r.x, r.lo)?;
    let s = |v: &Seen| show.seen(v, r.kind);
    let subject = match r.subject {
        Node::Field(_) | Node::Def(_) | Node::Param(_) => show.expr(r.subject, Kind::Other),
        _ => format!("“{text}”："),
    };
    let (x, lo, hi) = (s(r.x), s(r.lo), s(r.hi));
    let text = text!(
        "{subject} {x} is not within {lo} to {hi}",
        "{subject} {x} 不在 {lo} 至 {hi} 期间"
    );
    Some(text.get(show.lang).to_string())
}
