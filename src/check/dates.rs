//! Typing the date forms: a date moved by a duration (`投产日期 - 3年`), the difference of two
//! dates compared with a duration (`投产日期 - 成立日期 不满 3年`), and `x 在 a 至 b 期间`.
//!
//! A duration has no value of its own. `a - b OP n` is compiled to `a OP b + n`: the difference
//! of two dates is compared with a duration by moving the earlier date by it, with the month-end
//! rule of `eval::dates` (so `2023-06-01 - 2020-06-01 不满 3年` is `2023-06-01 < 2023-06-01`:
//! false, exactly three years is not less than three years).

use super::expr::Typer;
use crate::diag::{text, CheckError, Text};
use crate::eval::dates::Duration;
use crate::eval::plan::{Node, Ty};
use crate::syntax::ast::{ArithOp, CmpOp, Expr, ExprKind, Literal};

/// The duration `e` is, when it is a duration literal.
fn duration(e: &Expr) -> Option<Duration> {
    match &e.node {
        ExprKind::Lit(Literal::Duration(d)) => Some(*d),
        _ => None,
    }
}

/// The two dates of `a - b`, when `e` is written so.
fn difference(e: &Expr) -> Option<(&Expr, &Expr)> {
    match &e.node {
        ExprKind::Arith(ArithOp::Sub, a, b) => Some((a, b)),
        _ => None,
    }
}

/// The help every date message ends with.
fn date_help() -> Text {
    Text::new(
        "move a date by a duration (`成立日期 + 3年`, `投产日期 - 12个月`, `30日`), or compare the difference of two dates with one (`投产日期 - 成立日期 不满 3年`)",
        "日期加减时长（`成立日期 + 3年`、`投产日期 - 12个月`、`30日`），或把两个日期之差与时长比较（`投产日期 - 成立日期 不满 3年`）",
    )
}

impl Typer<'_> {
    /// A duration where a value is wanted: it has none on its own.
    pub(super) fn lone_duration(
        &self,
        e: &Expr,
        errors: &mut Vec<CheckError>,
    ) -> Option<(Node, Ty)> {
        errors.push(CheckError::Invalid {
            message: Text::new(
                "a duration stands only next to a date",
                "时长只能与日期一起使用",
            ),
            span: e.span.into(),
            label: Text::new("a duration", "时长"),
            help: date_help(),
        });
        None
    }

    /// `date ± duration` (and `duration + date`): `None` when neither side is a duration
    /// literal (ordinary arithmetic).
    pub(super) fn date_shift(
        &self,
        op: ArithOp,
        a: &Expr,
        b: &Expr,
        errors: &mut Vec<CheckError>,
    ) -> Option<Option<(Node, Ty)>> {
        let (date, by, back) = match (duration(a), duration(b), op) {
            (None, Some(d), ArithOp::Add | ArithOp::Sub) => (a, (d, b), op == ArithOp::Sub),
            (Some(d), None, ArithOp::Add) => (b, (d, a), false),
            (None, None, _) => return None,
            _ => {
                let (span, other) = if duration(a).is_some() {
                    (a, b)
                } else {
                    (b, a)
                };
                // The other side's own errors (an unknown name) are reported first.
                let found = match duration(other) {
                    Some(_) => Ty::Duration,
                    None => match self.expr(other, errors) {
                        Some((_, ty)) => ty,
                        None => return Some(None),
                    },
                };
                return Some(self.duration_mismatch(op, span, other, Some(found), errors));
            }
        };
        let Some((node, ty)) = self.expr(date, errors) else {
            return Some(None);
        };
        if ty != Ty::Date {
            return Some(self.duration_mismatch(op, by.1, date, Some(ty), errors));
        }
        Some(Some((
            Node::Shift(Box::new(node), by.0, back, by.1.span),
            Ty::Date,
        )))
    }

    /// A duration meeting something other than a date, or an operator other than `+`/`-`.
    fn duration_mismatch(
        &self,
        op: ArithOp,
        dur: &Expr,
        other: &Expr,
        other_ty: Option<Ty>,
        errors: &mut Vec<CheckError>,
    ) -> Option<(Node, Ty)> {
        let other_ty = other_ty.unwrap_or(Ty::Duration);
        let found = super::expr::describe(other_ty, self.scope);
        let (en, zh) = (&found.en, &found.zh);
        let message = match op {
            // `3年 - 成立日期`: the date comes first.
            ArithOp::Sub if other_ty == Ty::Date => Text::new(
                "a date cannot be subtracted from a duration: write the date first (`成立日期 - 3年`)",
                "不能用时长减去日期：日期写在前面（`成立日期 - 3年`）",
            ),
            ArithOp::Add | ArithOp::Sub => text!(
                "a duration is added to or subtracted from a date, not {en}",
                "时长只能与日期相加减，不能与{zh}相加减"
            ),
            ArithOp::Mul | ArithOp::Div => {
                Text::new("a duration cannot be multiplied or divided", "时长不能乘除")
            }
        };
        errors.push(CheckError::UnitMismatch {
            message,
            left_span: other.span.into(),
            left: found,
            right_span: dur.span.into(),
            right: Text::new("a duration", "时长"),
            help: Some(date_help()),
        });
        None
    }

    /// Arithmetic on a date without a duration: `投产日期 - 成立日期` on its own, `成立日期 +
    /// 10万元`.
    pub(super) fn date_arith_error(
        &self,
        op: ArithOp,
        a: &Expr,
        lt: Ty,
        b: &Expr,
        rt: Ty,
        errors: &mut Vec<CheckError>,
    ) -> Option<(Node, Ty)> {
        let (lw, rw) = (
            super::expr::describe(lt, self.scope),
            super::expr::describe(rt, self.scope),
        );
        let (l, r, lz, rz) = (&lw.en, &rw.en, &lw.zh, &rw.zh);
        let message = match (op, lt, rt) {
            (ArithOp::Sub, Ty::Date, Ty::Date) => Text::new(
                "the difference of two dates is a duration, not a number: compare it with a duration",
                "两个日期之差是时长，不是数：请与时长比较",
            ),
            (ArithOp::Add, _, _) => text!("cannot add {l} and {r}", "{lz}与{rz}不能相加"),
            (ArithOp::Sub, _, _) => text!("cannot subtract {r} from {l}", "{lz}不能减去{rz}"),
            (ArithOp::Mul, _, _) => text!("cannot multiply {l} by {r}", "{lz}与{rz}不能相乘"),
            (ArithOp::Div, _, _) => text!("cannot divide {l} by {r}", "{lz}不能除以{rz}"),
        };
        errors.push(CheckError::UnitMismatch {
            message,
            left_span: a.span.into(),
            left: lw,
            right_span: b.span.into(),
            right: rw,
            help: Some(date_help()),
        });
        None
    }

    /// `a - b OP n` (or `n OP a - b`) with `a`, `b` dates and `n` a duration, compiled to
    /// `a OP b + n` (`b + n OP a`); `None` when the comparison is not written so.
    pub(super) fn date_difference(
        &self,
        op: CmpOp,
        left: &Expr,
        right: &Expr,
        errors: &mut Vec<CheckError>,
    ) -> Option<Option<(Node, Ty)>> {
        let (diff, dur, dur_left) = match (difference(left), duration(right)) {
            (Some(diff), Some(d)) => (diff, (d, right), false),
            _ => match (duration(left), difference(right)) {
                (Some(d), Some(diff)) => (diff, (d, left), true),
                _ => return None,
            },
        };
        let (later, earlier) = diff;
        let l = self.expr(later, errors);
        let r = self.expr(earlier, errors);
        let ((ln, lt), (rn, rt)) = match (l, r) {
            (Some(l), Some(r)) => (l, r),
            _ => return Some(None),
        };
        if lt != Ty::Date || rt != Ty::Date {
            let (bad, ty) = if lt != Ty::Date {
                (later, lt)
            } else {
                (earlier, rt)
            };
            return Some(self.duration_mismatch(ArithOp::Sub, dur.1, bad, Some(ty), errors));
        }
        let moved = Node::Shift(Box::new(rn), dur.0, false, dur.1.span);
        let node = if dur_left {
            Node::Cmp(op, Box::new(moved), Box::new(ln))
        } else {
            Node::Cmp(op, Box::new(ln), Box::new(moved))
        };
        Some(Some((node, Ty::Bool)))
    }

    /// `x 在 a 至 b 期间`: `a <= x 且 x <= b`, each end included.
    pub(super) fn between(
        &self,
        x: &Expr,
        low: &Expr,
        high: &Expr,
        errors: &mut Vec<CheckError>,
    ) -> Option<(Node, Ty)> {
        let subject = self.expr(x, errors);
        let lo = self.expr(low, errors);
        let hi = self.expr(high, errors);
        let (subject, lo, hi) = (subject?, lo?, hi?);
        let from = self.compare_typed(CmpOp::Ge, (subject.clone(), x), (lo, low), errors);
        let to = self.compare_typed(CmpOp::Le, (subject, x), (hi, high), errors);
        Some((Node::And(vec![from?.0, to?.0]), Ty::Bool))
    }
}
