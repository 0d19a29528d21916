//! The policy AST: what a policy file says, with spans, before names are resolved.

use rust_decimal::Decimal;

use crate::eval::dates::Duration;
use crate::eval::value::Date;
use crate::span::{Loc, Spanned};
use crate::syntax::keywords::Lang;

/// A name as written (field, definition, parameter, clause, benefit).
pub type Ident = Spanned<String>;

/// A whole policy file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Policy {
    /// The keyword language the file is written in.
    pub lang: Lang,
    /// `政策 "title" { 文号 "…" … }`.
    pub meta: Option<Meta>,
    /// The `记录 { … }` fields, in order.
    pub fields: Vec<Field>,
    /// Where the record block is (for "no record block" style errors).
    pub record_spans: Vec<Loc>,
    /// `参数` declarations.
    pub params: Vec<Param>,
    /// `定义` declarations.
    pub defines: Vec<Define>,
    /// `条款` blocks, in order.
    pub clauses: Vec<Clause>,
    /// `不可兼得` and `累计上限` groups.
    pub groups: Vec<Group>,
    /// `资金总额` fund pools.
    pub pools: Vec<Pool>,
    /// `示例` worked examples.
    pub examples: Vec<Example>,
}

/// Policy metadata: title and free `key "value"` entries such as `文号`.
#[derive(Clone, Debug, PartialEq)]
pub struct Meta {
    /// The policy's title.
    pub title: Spanned<String>,
    /// `文号 "长府办明电〔2021〕7号"` and the like, in order.
    pub entries: Vec<(Ident, Spanned<String>)>,
}

/// A field type as written.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeExpr {
    /// 金额
    Money,
    /// 比例
    Ratio,
    /// 人数 / 户数 / 数量
    Count,
    /// 是否
    Bool,
    /// 日期
    Date,
    /// 文本
    Text,
    /// 选项 { … }
    Enum(Vec<Ident>),
}

/// One record field: `一季度产值2021 金额 标签 "…" 单位 万元`.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Field name (= CSV header).
    pub name: Ident,
    /// Its type.
    pub ty: Spanned<TypeExpr>,
    /// `可选`: blank means absent.
    pub optional: bool,
    /// `主键`.
    pub key: bool,
    /// `地区`: totals are given per value of this field.
    pub area: bool,
    /// `标签 "…"`.
    pub label: Option<Spanned<String>>,
    /// `单位 万元`: the column's unit.
    pub unit: Option<Spanned<Number>>,
}

/// `参数 第一条奖补 金额 = 待定`.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Parameter name.
    pub name: Ident,
    /// Declared type.
    pub ty: Spanned<TypeExpr>,
    /// Default value; `None` is `待定`.
    pub default: Spanned<Option<Literal>>,
    /// `解释 "…"`.
    pub note: Option<Spanned<String>>,
}

/// `定义 增长率 = 净增产值 / 一季度产值2019`.
#[derive(Clone, Debug, PartialEq)]
pub struct Define {
    /// Definition name.
    pub name: Ident,
    /// Its expression.
    pub expr: Expr,
    /// `解释 "…"`.
    pub note: Option<Spanned<String>>,
}

/// `条款 第三条 "title" { … }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Clause {
    /// The clause id (`第三条`).
    pub id: Ident,
    /// Its heading.
    pub title: Option<Spanned<String>>,
    /// `责任单位`.
    pub units: Vec<Spanned<String>>,
    /// `原文` (the notice's text of this clause).
    pub original: Option<Spanned<String>>,
    /// `解释` interpretation notes.
    pub notes: Vec<Spanned<String>>,
    /// Subsidies and services, in order.
    pub benefits: Vec<Benefit>,
}

/// Subsidy (money) or service (non-monetary).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BenefitKind {
    /// `奖补`
    Subsidy,
    /// `服务`
    Service,
}

/// A benefit granted by a clause.
#[derive(Clone, Debug, PartialEq)]
pub struct Benefit {
    /// Subsidy or service.
    pub kind: BenefitKind,
    /// Its name.
    pub name: Ident,
    /// `条件 …`; none means always granted.
    pub condition: Option<Expr>,
    /// `金额 …` (subsidies only).
    pub amount: Option<Amount>,
    /// `分期 "2021年" 40%，"2022年" 60%`.
    pub installments: Vec<Installment>,
    /// `资金 先 "A"，不足部分 "B"`, in order of precedence.
    pub funds: Vec<Spanned<String>>,
    /// `内容 "…"` (services).
    pub content: Option<Spanned<String>>,
    /// `解释 "…"`.
    pub notes: Vec<Spanned<String>>,
    /// The whole block.
    pub span: Loc,
}

/// One installment: its label and share.
#[derive(Clone, Debug, PartialEq)]
pub struct Installment {
    /// `"2021年"`.
    pub label: Spanned<String>,
    /// `40%`.
    pub share: Expr,
}

/// An amount: a form with optional `最高` / `最低` bounds that apply to the whole form. Amounts
/// nest: a tier band, an operand of `+`, `-`, `×` and a bracketed amount are amounts too.
#[derive(Clone, Debug, PartialEq)]
pub struct Amount {
    /// The form.
    pub core: AmountCore,
    /// `最高 30万元`, `最低 …`, in order.
    pub bounds: Vec<Bound>,
    /// The whole amount.
    pub span: Loc,
}

impl Amount {
    /// This amount and every amount nested in it (tier bands, operands, bracketed amounts),
    /// outermost first, in the order written.
    pub fn walk(&self) -> Vec<&Amount> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(a) = stack.pop() {
            out.push(a);
            match &a.core {
                AmountCore::Tiers(tiers) => stack.extend(tiers.iter().rev().map(|t| &t.value)),
                AmountCore::Arith(_, l, r) => stack.extend([r.as_ref(), l.as_ref()]),
                AmountCore::Nested(inner) => stack.push(inner),
                _ => {}
            }
        }
        out
    }
}

/// `最高 x` (at most) or `最低 x` (at least).
#[derive(Clone, Debug, PartialEq)]
pub struct Bound {
    /// True for `最高`.
    pub at_most: bool,
    /// The bound.
    pub value: Expr,
}

/// The forms an amount takes.
#[derive(Clone, Debug, PartialEq)]
pub enum AmountCore {
    /// `待定`: eligible, amount to be determined.
    Tbd,
    /// `20万元 至 50万元`: decided by the responsible unit within the range.
    Range(Expr, Expr),
    /// `分档 { cond : amount … 其他 : amount }`: the first band whose condition holds.
    Tiers(Vec<Tier>),
    /// `累进 base { 至 x : rate … 其余 : rate }`: marginal rates.
    Progressive {
        /// The amount the rates apply to.
        base: Expr,
        /// The bands, lowest first.
        bands: Vec<Band>,
    },
    /// `阶梯 base 每 step 计 amount`: floor(base / step) × amount.
    Steps {
        /// What is counted.
        base: Expr,
        /// One step.
        step: Expr,
        /// Paid per whole step.
        each: Expr,
    },
    /// Any arithmetic expression (fixed, rate × count, percent × base, min/max…).
    Expr(Expr),
    /// Two amounts added or subtracted (`10万元 + 阶梯 …`), or an amount scaled by a number
    /// (`分档 { … } × 50%`): `Add`, `Sub` or `Mul`, never `Div`.
    Arith(ArithOp, Box<Amount>, Box<Amount>),
    /// A bracketed amount with bounds of its own, under further bounds:
    /// `(阶梯 …，最高 100万元)，最低 5万元`.
    Nested(Box<Amount>),
    /// `按名次`: what the subsidy's ranked fund pool gives the record's rank
    /// ([`Pool::rank_amounts`]); always alone, without bounds.
    ByRank,
}

/// One band of a tier table; `None` condition is `其他`.
#[derive(Clone, Debug, PartialEq)]
pub struct Tier {
    /// When this band applies.
    pub condition: Option<Expr>,
    /// The amount: any amount form.
    pub value: Amount,
}

/// One band of a progressive table; `None` upper bound is `其余`.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// Upper bound of the band (inclusive).
    pub upto: Option<Expr>,
    /// Marginal rate.
    pub rate: Expr,
}

/// The two kinds of group across clauses.
#[derive(Clone, Debug, PartialEq)]
pub enum GroupKind {
    /// `不可兼得`: at most one member subsidy is paid.
    Exclusive {
        /// `就高` (take the highest) when true, `择一` (the officer chooses) when false.
        highest: bool,
    },
    /// `累计上限 … 不超过 x`: the members together are paid at most `x`.
    Cumulative {
        /// The cap (a number or a record field).
        cap: Option<Expr>,
        /// `核减 …`: which members the cap reduces first, when written.
        order: Option<Spanned<CapOrder>>,
    },
}

/// Which members of a cumulative group its cap reduces first. Members are paid one after
/// another, each what is left under the cap, so the member paid last is reduced first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CapOrder {
    /// `从后到前`: paid in the order the group lists them; the last listed is reduced first.
    #[default]
    LastFirst,
    /// `从大到小`: paid from the smallest amount up; the largest is reduced first (between
    /// equal amounts, the later listed first).
    LargestFirst,
    /// `从小到大`: paid from the largest amount down; the smallest is reduced first (between
    /// equal amounts, the later listed first).
    SmallestFirst,
}

/// A group across clauses.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// What kind.
    pub kind: GroupKind,
    /// Group name.
    pub name: Ident,
    /// Members: a clause (`第三条`, all its subsidies) or one subsidy (`第三条.稳岗留工补贴`).
    pub members: Vec<Member>,
    /// `原文`.
    pub original: Option<Spanned<String>>,
    /// `解释`.
    pub notes: Vec<Spanned<String>>,
    /// The group's keyword and name.
    pub span: Loc,
}

/// A fund pool (`资金总额`): a total its members' payable amounts (the claims) share once every
/// record is decided.
#[derive(Clone, Debug, PartialEq)]
pub struct Pool {
    /// Pool name.
    pub name: Ident,
    /// The benefits it pays: a clause (all its subsidies) or one subsidy, as in a group.
    pub members: Vec<Member>,
    /// `不超过 x`: the total (a number or a parameter).
    pub total: Option<Expr>,
    /// How an oversubscribed pool is shared (`按比例核减`), when written.
    pub rule: Option<Spanned<PoolRule>>,
    /// `尾差 …`: where the fens left over by rounding go, when written.
    pub remainder: Option<Spanned<Remainder>>,
    /// `按 x 从高到低 择优`: the expression a ranked pool orders its claims by.
    pub rank_by: Option<Expr>,
    /// `额满为止 …`: what a ranked pool does with the first claim that does not fit.
    pub until_full: Option<Spanned<Shortfall>>,
    /// `并列 按 x 从高到低，…`: how a ranked pool breaks ties, in turn (then record order).
    pub ties: Option<Spanned<Vec<TieKey>>>,
    /// `名额 N 户 [每 字段]`: a ranked pool's quotas, as written.
    pub quotas: Vec<Quota>,
    /// `前 3 名分别给予 1100万元、800万元、600万元`: a ranked pool's amounts by rank.
    pub rank_amounts: Option<RankAmounts>,
    /// `原文`.
    pub original: Option<Spanned<String>>,
    /// `解释`.
    pub notes: Vec<Spanned<String>>,
    /// The pool's keyword and name.
    pub span: Loc,
}

/// One tie-breaker of a ranked pool: `按 x 从高到低` (or `从低到高`).
#[derive(Clone, Debug, PartialEq)]
pub struct TieKey {
    /// The value compared.
    pub by: Expr,
    /// `从高到低`: the highest value first.
    pub highest_first: bool,
}

/// A ranked pool's quota (`名额 10 户`, `名额 2 户 每 所属地区`): at most `count` records paid,
/// in all or per value of a field.
#[derive(Clone, Debug, PartialEq)]
pub struct Quota {
    /// How many records at most (`10户`, `10 户` or `10`, all read as `10` without a unit; a
    /// money or percent unit is kept): the checker wants a whole count above zero.
    pub count: Spanned<Number>,
    /// `每 字段`: the field whose values each have the quota.
    pub per: Option<Ident>,
    /// The whole clause.
    pub span: Loc,
}

/// A ranked pool's amounts by rank (`前 3 名分别给予 1100万元、800万元、600万元`): the N-th
/// ranked record gets the N-th amount, a record ranked below the list nothing.
#[derive(Clone, Debug, PartialEq)]
pub struct RankAmounts {
    /// How many ranks are paid, as written (`前 3 名`): the checker wants the list's length.
    pub count: Spanned<Number>,
    /// The amounts, best rank first (numbers or parameters; checked as money).
    pub amounts: Vec<Expr>,
    /// The whole clause.
    pub span: Loc,
}

/// How an oversubscribed pool is shared.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PoolRule {
    /// `按比例核减`: each claim × total ÷ the sum of the claims.
    #[default]
    ProRata,
    /// `按 x 从高到低|从低到高 择优`: the claims in order of `x` (equal values: record order,
    /// then benefit order), each paid in full while it fits.
    Ranked {
        /// `从高到低`: the highest value first; `从低到高`: the lowest.
        highest_first: bool,
    },
}

/// What a ranked pool (`额满为止`) does with the first claim that does not fit in what is left.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Shortfall {
    /// `余额给下一户`: it gets what is left.
    #[default]
    RestToNext,
    /// `不足则不予`: it gets nothing.
    NoneIfShort,
}

/// Where the fens left over by rounding each share down go.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Remainder {
    /// `尾差 从大到小`: one fen each to the largest remainders (equal remainders: the larger
    /// claim, then the earlier record, then the earlier benefit), so the pool pays exactly its
    /// total.
    #[default]
    LargestFirst,
    /// `尾差 留存`: nowhere; the pool reports them as unspent.
    Unspent,
}

/// A group member.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// Clause id.
    pub clause: Ident,
    /// Optional benefit name within it.
    pub benefit: Option<Ident>,
}

/// A number literal with its unit as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Number {
    /// The digits, scaled by the unit into base units: yuan, ratio (6% → 0.06), count.
    pub value: Decimal,
    /// The unit as written.
    pub unit: Option<Unit>,
}

/// Units a literal may carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// 元
    Yuan,
    /// 千元
    Qian,
    /// 万 / 万元
    Wan,
    /// 亿 / 亿元
    Yi,
    /// %
    Percent,
    /// 人, 户, 家, 个
    Count,
}

/// A literal.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// `300元`, `6%`, `1000人`, `2`.
    Number(Number),
    /// `2020-01-01`.
    Date(Date),
    /// `3年`, `12个月`, `30日`: stands after a date (`投产日期 - 3年`) or is compared with the
    /// difference of two dates (`投产日期 - 成立日期 不满 3年`).
    Duration(Duration),
    /// `是` / `否`.
    Bool(bool),
    /// `"…"`.
    Text(String),
}

/// An expression with its span.
pub type Expr = Spanned<ExprKind>;

/// Arithmetic operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `×`
    Mul,
    /// `÷`
    Div,
}

/// Comparison operators (the Chinese comparatives lower to these).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `>=`, `不低于`, `达到…以上`
    Ge,
    /// `>`, `超过`
    Gt,
    /// `<=`, `不超过`, `…以下`
    Le,
    /// `<`, `不足`, `不满`
    Lt,
    /// `=`
    Eq,
    /// `!=`
    Ne,
}

/// Built-in functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Func {
    /// `最小(a, b, …)`
    Min,
    /// `最大(a, b, …)`
    Max,
    /// `向下取整(x)`: to a whole number (yuan for money).
    Floor,
    /// `四舍五入(x)` or `四舍五入(x, 位数)`: half-up.
    Round,
}

/// Expressions: arithmetic, comparisons and logic share one tree; the checker types them.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A literal.
    Lit(Literal),
    /// A field, definition or parameter (or an enum word, resolved by the checker).
    Name(String),
    /// `-x`
    Neg(Box<Expr>),
    /// `a + b` …
    Arith(ArithOp, Box<Expr>, Box<Expr>),
    /// `a >= b` …
    Compare(CmpOp, Box<Expr>, Box<Expr>),
    /// `a 且 b`
    And(Box<Expr>, Box<Expr>),
    /// `a 或 b`
    Or(Box<Expr>, Box<Expr>),
    /// `非 a`
    Not(Box<Expr>),
    /// `全部 { … }`
    All(Vec<Expr>),
    /// `任一 { … }`
    Any(Vec<Expr>),
    /// `x 属于 { … }` / `x 不属于 { … }`
    Member {
        /// The tested value.
        expr: Box<Expr>,
        /// `不属于`.
        negated: bool,
        /// The words.
        words: Vec<Ident>,
    },
    /// `最大(a, b)` …
    Call(Func, Vec<Expr>),
    /// `分档 { 条件 : 值 … 其他 : 值 }` outside an amount: the value of the first band whose
    /// condition holds; `None` is `其他` (the checker requires it last).
    Pick(Vec<(Option<Expr>, Expr)>),
    /// `x 在 a 至 b 期间`: `a <= x <= b`, both ends included.
    Between {
        /// The tested value.
        expr: Box<Expr>,
        /// The first day (or lowest value) included.
        low: Box<Expr>,
        /// The last day (or highest value) included.
        high: Box<Expr>,
    },
}

/// A worked example: `示例 "name" { 记录 { … } 设定 … 期望 { … } }`; with several `记录`, a
/// batch evaluated together (through the fund pools).
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// Its name.
    pub name: Spanned<String>,
    /// Its records, in the order written.
    pub records: Vec<ExampleRecord>,
    /// Parameter values for this example.
    pub sets: Vec<(Ident, Spanned<Option<Literal>>)>,
    /// What is expected.
    pub expects: Vec<Expectation>,
    /// `解释` notes.
    pub notes: Vec<Spanned<String>>,
}

/// One `记录 { … }` of an example.
#[derive(Clone, Debug, PartialEq)]
pub struct ExampleRecord {
    /// The whole `记录 { … }`.
    pub span: Loc,
    /// Its cells; fields not named take neutral defaults.
    pub cells: Vec<(Ident, Spanned<CellValue>)>,
}

/// Which record of a batch example an expectation is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordRef {
    /// `"甲"`: the record whose key is this.
    Key(String),
    /// `记录 2`: the record in this place (from 1).
    Position(u64),
}

/// The value of a cell in an example.
#[derive(Clone, Debug, PartialEq)]
pub enum CellValue {
    /// `空`: the cell is blank.
    Blank,
    /// A literal (`5300万元`, `是`, `2020-01-01`, `"…"`).
    Lit(Literal),
    /// A bare word of a closed set (`电`).
    Word(String),
}

/// An expected status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpectedStatus {
    /// `符合`
    Eligible,
    /// `不符合`
    Ineligible,
    /// `待查`
    Undetermined,
}

/// One expectation of an example.
#[derive(Clone, Debug, PartialEq)]
pub enum Expectation {
    /// `第三条 符合 30万元`: a benefit's status and, optionally, its amount (`None` inside is
    /// `待定`: no amount).
    Benefit {
        /// The record it is about (`None`: the example's only record).
        record: Option<Spanned<RecordRef>>,
        /// The benefit.
        member: Member,
        /// Its status.
        status: ExpectedStatus,
        /// Its amount, if stated.
        amount: Option<Spanned<ExpectedMoney>>,
        /// `可给予 X`: what it is paid after every group, if stated (`待定`: not paid a known
        /// amount or range).
        payable: Option<Spanned<ExpectedMoney>>,
        /// `不予兼得`: an exclusive group set it aside (the keyword's span).
        set_aside: Option<Loc>,
        /// `分期 "2021年" 6万元、…`: installments stated, by the policy's labels.
        installments: Vec<ExpectedInstallment>,
        /// `核定 118.17万元`: what its fund pool allocates it, if stated (`None` inside:
        /// `待定`).
        allocated: Option<Spanned<Option<Number>>>,
    },
    /// `获奖 第三条 30万元`, `无奖补`, `待选 { 第一条 第二条 }`, with `暂定` for provisional.
    Award {
        /// The record it is about (`None`: the example's only record).
        record: Option<Spanned<RecordRef>>,
        /// The decision.
        award: ExpectedAward,
        /// `暂定`.
        provisional: bool,
        /// The whole expectation.
        span: Loc,
    },
    /// `资金总额 技改奖补资金 核定 500万元 留存 0元 截止名次 3`: a fund pool's outcome over the
    /// example's records.
    Pool {
        /// The pool.
        name: Ident,
        /// `核定 …`: the sum of its allocations (`None` inside: `待定`).
        allocated: Option<Spanned<Option<Number>>>,
        /// `留存 …`: its total less what it allocates (`None` inside: `待定`).
        unspent: Option<Spanned<Option<Number>>>,
        /// `截止名次 3`: a ranked pool's cut-off rank.
        cutoff: Option<Spanned<u64>>,
        /// The whole expectation.
        span: Loc,
    },
}

/// An amount an example expects.
#[derive(Clone, Debug, PartialEq)]
pub enum ExpectedMoney {
    /// `待定`: no known amount.
    Tbd,
    /// `30万元`.
    Known(Number),
    /// `20万元 至 50万元`.
    Range(Spanned<Number>, Spanned<Number>),
}

/// One installment an example expects: `"2021年" 6万元`.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpectedInstallment {
    /// The installment's label, as the subsidy's `分期` names it.
    pub label: Spanned<String>,
    /// Its amount.
    pub amount: Spanned<Number>,
}

/// An expected award.
#[derive(Clone, Debug, PartialEq)]
pub enum ExpectedAward {
    /// This subsidy, with this amount if stated.
    Awarded(Member, Option<Spanned<Option<Number>>>),
    /// No award.
    None,
    /// The officer chooses among these.
    Pending(Vec<Member>),
}
