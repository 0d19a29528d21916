//! Typing expressions and compiling them to plan nodes, with units.

use super::{Binding, Scope};
use crate::diag::suggest::suggest;
use crate::diag::{text, CheckError, Text};
use crate::eval::plan::{Dim, Node, Ty};
use crate::span::Span;
use crate::syntax::ast::{ArithOp, CmpOp, Expr, ExprKind, Func, Literal, Unit};

/// Types expressions against a scope, collecting errors.
pub(super) struct Typer<'s> {
    pub(super) scope: &'s Scope,
}

/// A word as the user would call a type in a message.
pub(super) fn describe(ty: Ty, scope: &Scope) -> Text {
    match ty {
        Ty::Num(Dim::Money) => Text::new("money", "金额"),
        Ty::Num(Dim::Ratio) => Text::new("a percent", "比例"),
        Ty::Num(Dim::Count) => Text::new("a count", "数量"),
        Ty::Num(Dim::Plain) => Text::new("a number", "数值"),
        Ty::Bool => Text::new("yes/no", "是否值"),
        Ty::Date => Text::new("a date", "日期"),
        Ty::Duration => Text::new("a duration", "时长"),
        Ty::Text => Text::new("text", "文本"),
        Ty::Enum(e) => match scope.enums.get(e as usize) {
            Some(words) => {
                let words = words.join(" ");
                text!("one of {{{words}}}", "{{{words}}} 之一")
            }
            None => Text::new("a word", "选项词"),
        },
    }
}

/// A word for a type, without naming an enum's words.
pub(super) fn describe_plain(ty: Ty) -> Text {
    match ty {
        Ty::Enum(_) => Text::new("a word", "选项词"),
        other => describe(other, &Scope::default()),
    }
}

/// The type of a literal.
pub(super) fn literal_ty(lit: &Literal) -> Ty {
    match lit {
        Literal::Number(n) => Ty::Num(match n.unit {
            Some(Unit::Yuan | Unit::Qian | Unit::Wan | Unit::Yi) => Dim::Money,
            Some(Unit::Percent) => Dim::Ratio,
            Some(Unit::Count) => Dim::Count,
            None => Dim::Plain,
        }),
        Literal::Date(_) => Ty::Date,
        Literal::Duration(_) => Ty::Duration,
        Literal::Bool(_) => Ty::Bool,
        Literal::Text(_) => Ty::Text,
    }
}

/// The node of a literal; a duration has none (it has no value of its own: the checker
/// compiles it into the date arithmetic it stands in, see `check/dates.rs`).
pub(super) fn literal_node(lit: &Literal) -> Option<Node> {
    Some(match lit {
        Literal::Number(n) => Node::Num(n.value),
        Literal::Date(d) => Node::Date(*d),
        Literal::Duration(_) => return None,
        Literal::Bool(b) => Node::Bool(*b),
        Literal::Text(t) => Node::Text(t.clone()),
    })
}

/// The node of a literal in an expression: a number keeps the unit it is written with, so an
/// explanation shows `2万元` as written.
fn written_node(lit: &Literal) -> Option<Node> {
    match lit {
        Literal::Number(n) => Some(match n.unit {
            Some(unit) => Node::Lit(n.value, unit),
            None => Node::Num(n.value),
        }),
        other => literal_node(other),
    }
}

/// Two dimensions that may meet in `+`, `-` and comparisons: equal, or one is a plain number.
fn unify(a: Dim, b: Dim) -> Option<Dim> {
    a.unify(b)
}

fn multiply(a: Dim, b: Dim) -> Option<Dim> {
    a.times(b)
}

fn divide(a: Dim, b: Dim) -> Option<Dim> {
    a.over(b)
}

impl<'s> Typer<'s> {
    pub(super) fn new(scope: &'s Scope) -> Self {
        Typer { scope }
    }

    fn describe(&self, ty: Ty) -> Text {
        describe(ty, self.scope)
    }

    /// Type an expression that must be a condition.
    pub(super) fn condition(&self, e: &Expr, errors: &mut Vec<CheckError>) -> Option<Node> {
        let (node, ty) = self.expr(e, errors)?;
        if ty == Ty::Bool {
            // Marked with its span: an explanation quotes each condition as written.
            Some(Node::Cond(e.span, Box::new(node)))
        } else {
            errors.push(CheckError::WrongType {
                expected: Text::new("a condition (yes/no)", "条件（是否值）"),
                found: self.describe(ty),
                span: e.span.into(),
                help: Some(Text::new(
                    "compare it with something, e.g. `… 不低于 5000万元`",
                    "把它与某个值比较，如 `… 不低于 5000万元`",
                )),
            });
            None
        }
    }

    /// Type an expression that must be money (an amount, a cap).
    pub(super) fn money(&self, e: &Expr, errors: &mut Vec<CheckError>) -> Option<Node> {
        self.number_of(e, Dim::Money, errors)
    }

    /// Type an expression that must be a number of `dim` (a plain number is accepted).
    pub(super) fn number_of(
        &self,
        e: &Expr,
        dim: Dim,
        errors: &mut Vec<CheckError>,
    ) -> Option<Node> {
        let (node, ty) = self.expr(e, errors)?;
        match ty {
            Ty::Num(d) if d == dim || (d == Dim::Plain && dim != Dim::Money) => Some(node),
            // A bare 0 is zero of any unit.
            Ty::Num(Dim::Plain) if node.constant().is_some_and(|n| n.is_zero()) => Some(node),
            _ => {
                let help = match (ty, dim) {
                    (Ty::Num(Dim::Count | Dim::Plain), Dim::Money) => Some(Text::new(
                        "write the rate with its unit, e.g. `300元 × 省外户籍员工数`",
                        "标准要带单位，如 `300元 × 省外户籍员工数`",
                    )),
                    _ => None,
                };
                errors.push(CheckError::WrongType {
                    expected: self.describe(Ty::Num(dim)),
                    found: self.describe(ty),
                    span: e.span.into(),
                    help,
                });
                None
            }
        }
    }

    /// Type and compile any expression.
    pub(super) fn expr(&self, e: &Expr, errors: &mut Vec<CheckError>) -> Option<(Node, Ty)> {
        match &e.node {
            ExprKind::Lit(Literal::Duration(_)) => self.lone_duration(e, errors),
            ExprKind::Lit(lit) => Some((written_node(lit)?, literal_ty(lit))),
            ExprKind::Name(name) => self.name(name, e.span, errors),
            ExprKind::Neg(inner) => {
                let (node, ty) = self.expr(inner, errors)?;
                match ty {
                    Ty::Num(_) => Some((Node::Neg(Box::new(node)), ty)),
                    _ => self.not_a_number(inner, ty, errors),
                }
            }
            ExprKind::Arith(op, a, b) => self.arith(*op, a, b, errors),
            ExprKind::Compare(op, a, b) => self.compare(*op, a, b, errors),
            ExprKind::And(a, b) | ExprKind::Or(a, b) => {
                let l = self.condition(a, errors);
                let r = self.condition(b, errors);
                let items = vec![l?, r?];
                let node = match e.node {
                    ExprKind::And(..) => Node::And(items),
                    _ => Node::Or(items),
                };
                Some((node, Ty::Bool))
            }
            ExprKind::Not(inner) => {
                let node = self.condition(inner, errors)?;
                Some((Node::Not(Box::new(node)), Ty::Bool))
            }
            ExprKind::All(items) | ExprKind::Any(items) => {
                let nodes: Vec<Option<Node>> =
                    items.iter().map(|i| self.condition(i, errors)).collect();
                let nodes: Option<Vec<Node>> = nodes.into_iter().collect();
                let nodes = nodes?;
                let node = match e.node {
                    ExprKind::All(_) => Node::And(nodes),
                    _ => Node::Or(nodes),
                };
                Some((node, Ty::Bool))
            }
            ExprKind::Member {
                expr,
                negated,
                words,
            } => {
                let (node, ty) = self.expr(expr, errors)?;
                match ty {
                    Ty::Enum(id) => {
                        let mut mask = 0u64;
                        let mut ok = true;
                        for w in words {
                            match self.word(id, &w.node) {
                                Some(i) => mask |= 1u64 << i,
                                None => {
                                    self.unknown_word(id, expr, &w.node, w.span, errors);
                                    ok = false;
                                }
                            }
                        }
                        ok.then(|| (Node::In(Box::new(node), mask, *negated), Ty::Bool))
                    }
                    // `产业类别代码 属于 { 1 2 3 }`: equal to one of the numbers.
                    Ty::Num(dim) => {
                        let mut alternatives = Vec::new();
                        for w in words {
                            match member_number(&w.node) {
                                Some((value, wty))
                                    if wty == Ty::Num(dim)
                                        || wty == Ty::Num(Dim::Plain) && dim != Dim::Money =>
                                {
                                    alternatives.push(Node::Cmp(
                                        CmpOp::Eq,
                                        Box::new(node.clone()),
                                        Box::new(Node::Num(value)),
                                    ));
                                }
                                found => errors.push(CheckError::WrongType {
                                    expected: self.describe(ty),
                                    found: match found {
                                        Some((_, wty)) => self.describe(wty),
                                        None => Text::new("a word", "选项词"),
                                    },
                                    span: w.span.into(),
                                    help: None,
                                }),
                            }
                        }
                        (alternatives.len() == words.len()).then(|| {
                            let any = Node::Or(alternatives);
                            let node = if *negated {
                                Node::Not(Box::new(any))
                            } else {
                                any
                            };
                            (node, Ty::Bool)
                        })
                    }
                    Ty::Text => {
                        let alternatives = words
                            .iter()
                            .map(|w| {
                                Node::Cmp(
                                    CmpOp::Eq,
                                    Box::new(node.clone()),
                                    Box::new(Node::Text(w.node.clone())),
                                )
                            })
                            .collect();
                        let any = Node::Or(alternatives);
                        let node = if *negated {
                            Node::Not(Box::new(any))
                        } else {
                            any
                        };
                        Some((node, Ty::Bool))
                    }
                    _ => {
                        errors.push(CheckError::WrongType {
                            expected: Text::new(
                                "a word of a `选项` field or text",
                                "`选项` 字段的选项词或文本",
                            ),
                            found: self.describe(ty),
                            span: expr.span.into(),
                            help: None,
                        });
                        None
                    }
                }
            }
            ExprKind::Call(func, args) => self.call(*func, args, e.span, errors),
            ExprKind::Pick(bands) => self.pick(bands, e.span, errors),
            ExprKind::Between { expr, low, high } => self.between(expr, low, high, errors),
        }
    }

    fn name(&self, name: &str, span: Span, errors: &mut Vec<CheckError>) -> Option<(Node, Ty)> {
        match self.scope.names.get(name).map(|(b, _)| *b) {
            // A slot past `u16::MAX` has no node: the declaration past the limit is already
            // an error (`MAX_SLOTS`), and a wrapped slot would read another name's value.
            Some(Binding::Field(slot)) => Some((
                Node::Field(u16::try_from(slot).ok()?),
                self.scope.field_tys[slot],
            )),
            // A definition in a cycle has no type; its error is already reported.
            Some(Binding::Def(i)) => {
                let slot = u16::try_from(i).ok()?;
                self.scope.def_tys[i].map(|ty| (Node::Def(slot), ty))
            }
            Some(Binding::Param(i)) => {
                Some((Node::Param(u16::try_from(i).ok()?), self.scope.param_tys[i]))
            }
            None => {
                let help = suggest(name, self.scope.names.keys().map(String::as_str))
                    .map(|s| text!("did you mean `{s}`?", "是否应为 `{s}`？"));
                errors.push(CheckError::UnknownName {
                    name: name.to_string(),
                    span: span.into(),
                    help,
                });
                None
            }
        }
    }

    fn word(&self, enum_id: u16, word: &str) -> Option<u16> {
        self.scope
            .enums
            .get(enum_id as usize)?
            .iter()
            .position(|w| w == word)
            .and_then(|i| u16::try_from(i).ok())
    }

    fn unknown_word(
        &self,
        enum_id: u16,
        subject: &Expr,
        word: &str,
        span: Span,
        errors: &mut Vec<CheckError>,
    ) {
        let words = self
            .scope
            .enums
            .get(enum_id as usize)
            .cloned()
            .unwrap_or_default();
        let field = match &subject.node {
            ExprKind::Name(n) => n.clone(),
            _ => "the value".into(),
        };
        let (list_en, list_zh) = (words.join(", "), words.join("、"));
        let help = match suggest(word, words.iter().map(String::as_str)) {
            Some(s) => text!(
                "did you mean `{s}`? the words are: {list_en}",
                "是否应为 `{s}`？可选的词：{list_zh}"
            ),
            None => text!("the words are: {list_en}", "可选的词：{list_zh}"),
        };
        errors.push(CheckError::UnknownWord {
            word: word.to_string(),
            field,
            span: span.into(),
            help,
        });
    }

    fn not_a_number(&self, e: &Expr, ty: Ty, errors: &mut Vec<CheckError>) -> Option<(Node, Ty)> {
        let help = (ty == Ty::Bool).then(|| {
            Text::new(
                "a yes/no value is a condition, not a number",
                "是否值是条件，不是数",
            )
        });
        errors.push(CheckError::WrongType {
            expected: Text::new("a number", "数值"),
            found: self.describe(ty),
            span: e.span.into(),
            help,
        });
        None
    }

    fn arith(
        &self,
        op: ArithOp,
        a: &Expr,
        b: &Expr,
        errors: &mut Vec<CheckError>,
    ) -> Option<(Node, Ty)> {
        if let Some(shifted) = self.date_shift(op, a, b, errors) {
            return shifted;
        }
        let l = self.expr(a, errors);
        let r = self.expr(b, errors);
        let ((ln, lt), (rn, rt)) = (l?, r?);
        let (ld, rd) = match (lt, rt) {
            (Ty::Num(x), Ty::Num(y)) => (x, y),
            (Ty::Date, _) | (_, Ty::Date) => {
                return self.date_arith_error(op, a, lt, b, rt, errors)
            }
            (Ty::Num(_), _) => return self.not_a_number(b, rt, errors),
            _ => return self.not_a_number(a, lt, errors),
        };
        let dim = match op {
            ArithOp::Add | ArithOp::Sub => unify(ld, rd),
            ArithOp::Mul => multiply(ld, rd),
            ArithOp::Div => divide(ld, rd),
        };
        let Some(dim) = dim else {
            let (lw, rw) = (self.describe(lt), self.describe(rt));
            let (l, r, lz, rz) = (&lw.en, &rw.en, &lw.zh, &rw.zh);
            let message = match op {
                ArithOp::Add => text!("cannot add {l} and {r}", "{lz}与{rz}不能相加"),
                ArithOp::Sub => text!("cannot subtract {l} and {r}", "{lz}与{rz}不能相减"),
                ArithOp::Mul => text!("cannot multiply {l} by {r}", "{lz}与{rz}不能相乘"),
                ArithOp::Div => text!("cannot divide {l} by {r}", "{lz}不能除以{rz}"),
            };
            errors.push(CheckError::UnitMismatch {
                message,
                left_span: a.span.into(),
                left: lw,
                right_span: b.span.into(),
                right: rw,
                help: Some(match op {
                    ArithOp::Add | ArithOp::Sub => Text::new(
                        "money is added to money, counts to counts, percents to percents",
                        "金额与金额、数量与数量、比例与比例相加减",
                    ),
                    ArithOp::Mul => Text::new(
                        "multiply money by a count or a percent, e.g. `300元 × 人数`",
                        "金额乘以数量或比例，如 `300元 × 人数`",
                    ),
                    ArithOp::Div => Text::new(
                        "divide money by money (a ratio) or by a count (per head)",
                        "金额除以金额（得比例）或除以数量（得人均）",
                    ),
                }),
            });
            return None;
        };
        Some((
            Node::Arith(op, Box::new(ln), Box::new(rn), b.span),
            Ty::Num(dim),
        ))
    }

    fn compare(
        &self,
        op: CmpOp,
        a: &Expr,
        b: &Expr,
        errors: &mut Vec<CheckError>,
    ) -> Option<(Node, Ty)> {
        if let Some(difference) = self.date_difference(op, a, b, errors) {
            return difference;
        }
        // A bare word compared with an enum field is that field's word (`保供类型 = 无`).
        let l = self.word_or_expr(a, b, errors);
        let r = self.word_or_expr(b, a, errors);
        self.compare_typed(op, (l?, a), (r?, b), errors)
    }

    /// A comparison of two typed operands: they must be like (or the error says why).
    pub(super) fn compare_typed(
        &self,
        op: CmpOp,
        ((ln, lt), a): ((Node, Ty), &Expr),
        ((rn, rt), b): ((Node, Ty), &Expr),
        errors: &mut Vec<CheckError>,
    ) -> Option<(Node, Ty)> {
        let ordered = matches!(op, CmpOp::Ge | CmpOp::Gt | CmpOp::Le | CmpOp::Lt);
        let fits = match (lt, rt) {
            (Ty::Num(x), Ty::Num(y)) => unify(x, y).is_some(),
            (Ty::Date, Ty::Date) => true,
            (Ty::Bool, Ty::Bool) | (Ty::Text, Ty::Text) => !ordered,
            (Ty::Enum(x), Ty::Enum(y)) => x == y && !ordered,
            _ => false,
        };
        if !fits {
            let (lw, rw) = (self.describe(lt), self.describe(rt));
            let (l, r, lz, rz) = (&lw.en, &rw.en, &lw.zh, &rw.zh);
            let (message, help) = if lt == rt || matches!((lt, rt), (Ty::Enum(_), Ty::Enum(_))) {
                let help = Text::new(
                    "only numbers and dates are compared with `>`, `不低于` and the like; use `=` or `≠`",
                    "只有数和日期能用 `>`、`不低于` 等比较大小；请用 `=` 或 `≠`",
                );
                (text!("cannot order {l}", "{lz}不能比较大小"), Some(help))
            } else {
                let help = match (lt, rt) {
                    (Ty::Num(Dim::Ratio), Ty::Num(Dim::Money)) | (Ty::Num(Dim::Money), Ty::Num(Dim::Ratio)) => {
                        Some(Text::new(
                            "a growth rate is compared with a percent (`6%`), an output with money (`5000万元`)",
                            "增长率与比例（`6%`）比较，产值与金额（`5000万元`）比较",
                        ))
                    }
                    _ => None,
                };
                (
                    text!("cannot compare {l} with {r}", "{lz}不能与{rz}比较"),
                    help,
                )
            };
            errors.push(CheckError::UnitMismatch {
                message,
                left_span: a.span.into(),
                left: lw,
                right_span: b.span.into(),
                right: rw,
                help,
            });
            return None;
        }
        Some((Node::Cmp(op, Box::new(ln), Box::new(rn)), Ty::Bool))
    }

    /// Type `e`; when it is an unknown name or text and `other` is of an enum type, read it as a
    /// word of that enum.
    fn word_or_expr(
        &self,
        e: &Expr,
        other: &Expr,
        errors: &mut Vec<CheckError>,
    ) -> Option<(Node, Ty)> {
        let word = match &e.node {
            ExprKind::Name(n) if !self.scope.names.contains_key(n) => Some(n),
            ExprKind::Lit(Literal::Text(t)) => Some(t),
            _ => None,
        };
        if let Some(word) = word {
            let mut scratch = Vec::new();
            if let Some((_, Ty::Enum(id))) = self.expr(other, &mut scratch) {
                return match self.word(id, word) {
                    Some(i) => Some((Node::Word(i), Ty::Enum(id))),
                    None => {
                        self.unknown_word(id, other, word, e.span, errors);
                        None
                    }
                };
            }
        }
        self.expr(e, errors)
    }

    /// `分档 { 条件 : 值 … 其他 : 值 }` as a value: every condition yes/no, every value of one
    /// type (numbers of one unit), and `其他` last, so the value is always defined.
    fn pick(
        &self,
        bands: &[(Option<Expr>, Expr)],
        span: Span,
        errors: &mut Vec<CheckError>,
    ) -> Option<(Node, Ty)> {
        let before = errors.len();
        let mut typed = Vec::with_capacity(bands.len());
        let mut ty: Option<(Ty, Span)> = None;
        for (cond, value) in bands {
            let cond = cond.as_ref().map(|c| self.condition(c, errors));
            let Some((node, vty)) = self.expr(value, errors) else {
                continue;
            };
            let joined = match (ty, vty) {
                (None, t) => Some(t),
                (Some((Ty::Num(a), _)), Ty::Num(b)) => unify(a, b).map(Ty::Num),
                (Some((a, _)), b) if a == b => Some(a),
                _ => None,
            };
            match joined {
                Some(t) => ty = Some((t, ty.map_or(value.span, |(_, s)| s))),
                None => {
                    let (first, first_span) = ty.map_or((vty, value.span), |t| t);
                    let (l, r) = (self.describe(first), self.describe(vty));
                    let (lz, rz) = (&l.zh, &r.zh);
                    let (l, r) = (&l.en, &r.en);
                    errors.push(CheckError::UnitMismatch {
                        message: text!(
                            "the bands of `分档` give {l} and {r}",
                            "`分档` 的各档分别给出{lz}和{rz}"
                        ),
                        left_span: first_span.into(),
                        left: Text::new(l.clone(), lz.clone()),
                        right_span: value.span.into(),
                        right: Text::new(r.clone(), rz.clone()),
                        help: Some(Text::new(
                            "every band of a `分档` gives a value of the same type and unit",
                            "`分档` 的每一档应给出同一类型、同一单位的值",
                        )),
                    });
                    continue;
                }
            }
            typed.push((cond, node));
        }
        let otherwise_last = matches!(bands.last(), Some((None, _)))
            && bands.iter().filter(|(c, _)| c.is_none()).count() == 1;
        if !otherwise_last {
            errors.push(CheckError::Invalid {
                message: Text::new(
                    "a `分档` used as a value needs `其他 : 值` as its last band",
                    "作为值的 `分档` 要以 `其他 : 值` 作最后一档",
                ),
                span: span.into(),
                label: Text::new("this `分档`", "这个 `分档`"),
                help: Text::new(
                    "end the bands with `其他 : 值` (the value when no band holds), and write it once",
                    "在最后写一次 `其他 : 值`（没有一档成立时的值）",
                ),
            });
        }
        if errors.len() > before {
            return None;
        }
        let (ty, _) = ty?;
        let mut nodes = Vec::with_capacity(typed.len());
        for (cond, value) in typed {
            match cond {
                None => nodes.push((None, value)),
                Some(Some(c)) => nodes.push((Some(c), value)),
                // A condition that did not type has reported its error.
                Some(None) => return None,
            }
        }
        let bands = nodes;
        Some((Node::Pick(bands), ty))
    }

    fn call(
        &self,
        func: Func,
        args: &[Expr],
        span: Span,
        errors: &mut Vec<CheckError>,
    ) -> Option<(Node, Ty)> {
        let typed: Vec<Option<(Node, Ty)>> = args.iter().map(|a| self.expr(a, errors)).collect();
        let typed: Vec<(Node, Ty)> = typed.into_iter().collect::<Option<_>>()?;
        let arity_error = |expected: Text, errors: &mut Vec<CheckError>| {
            let (en, zh) = (&expected.en, &expected.zh);
            errors.push(CheckError::Invalid {
                message: text!(
                    "wrong number of arguments: expected {en}",
                    "参数个数不对：应为{zh}"
                ),
                span: span.into(),
                label: Text::new("this call", "这次调用"),
                help: text!(
                    "give this function {en} argument(s), separated by `,`",
                    "给这个函数{zh}参数，用 `,` 分隔"
                ),
            });
        };
        let mut dim = Dim::Plain;
        for ((_, ty), arg) in typed.iter().zip(args) {
            match ty {
                Ty::Num(d) => match unify(dim, *d) {
                    Some(u) if matches!(func, Func::Min | Func::Max) => dim = u,
                    _ if matches!(func, Func::Min | Func::Max) => {
                        errors.push(CheckError::UnitMismatch {
                            message: Text::new("arguments of different units", "参数的单位不同"),
                            left_span: args[0].span.into(),
                            left: self.describe(Ty::Num(dim)),
                            right_span: arg.span.into(),
                            right: self.describe(*ty),
                            help: None,
                        });
                        return None;
                    }
                    _ => {}
                },
                _ => return self.not_a_number(arg, *ty, errors),
            }
        }
        let first_ty = typed.first().map(|(_, t)| *t);
        match func {
            Func::Min | Func::Max if typed.is_empty() => {
                arity_error(Text::new("at least one", "至少一个"), errors);
                None
            }
            Func::Floor if typed.len() != 1 => {
                arity_error(Text::new("one", "一个"), errors);
                None
            }
            Func::Round if typed.is_empty() || typed.len() > 2 => {
                arity_error(Text::new("one or two", "一个或两个"), errors);
                None
            }
            Func::Min | Func::Max => {
                let nodes = typed.into_iter().map(|(n, _)| n).collect();
                Some((Node::Call(func, nodes, span), Ty::Num(dim)))
            }
            Func::Floor | Func::Round => {
                if let Some((places, _)) = typed.get(1) {
                    let valid = places
                        .constant()
                        .is_some_and(|n| n.is_integer() && n >= 0.into() && n <= 10.into());
                    if !valid {
                        errors.push(CheckError::WrongType {
                            expected: Text::new(
                                "a whole number of decimal places from 0 to 10",
                                "0 到 10 之间的整数位小数",
                            ),
                            found: Text::new("something else", "其他值"),
                            span: args[1].span.into(),
                            help: None,
                        });
                        return None;
                    }
                }
                // To a whole number, a ratio becomes a count (`向下取整(新增产值 ÷ 1000万元)`:
                // how many whole 1000万元); with decimals it keeps its dimension.
                let whole = typed.len() == 1;
                let nodes = typed.into_iter().map(|(n, _)| n).collect();
                let ty = match first_ty {
                    Some(Ty::Num(d)) if whole => Ty::Num(d.whole()),
                    Some(ty) => ty,
                    None => Ty::Num(Dim::Plain),
                };
                Some((Node::Call(func, nodes, span), ty))
            }
        }
    }
}

/// A word of `属于 { … }` read as a number literal (`3`, `10万元`, `5%`): its value and type.
fn member_number(word: &str) -> Option<(rust_decimal::Decimal, Ty)> {
    use pest::Parser;
    let pair = crate::syntax::PolicyParser::parse(crate::syntax::Rule::number, word)
        .ok()?
        .next()
        .filter(|p| p.as_str().len() == word.len())?;
    let lit = crate::syntax::lower_literal(pair).ok()?;
    match &lit {
        Literal::Number(n) => Some((n.value, literal_ty(&lit))),
        _ => None,
    }
}
