//! Errors found by the checker, before any record is read.

use miette::SourceSpan;

use super::localize::{english_diagnostic, text, Localize, Text, Texts};

/// A policy that parses but does not make sense.
#[derive(Debug)]
pub enum CheckError {
    /// A name that is not a field, definition or parameter.
    ///
    /// ## Resolution
    /// Declare the field in `记录`, define it with `定义`, or correct the spelling.
    UnknownName {
        /// The name.
        name: String,
        /// Where.
        span: SourceSpan,
        /// "did you mean …", when a close name exists.
        help: Option<Text>,
    },

    /// Two values of different kinds or units meet in one operation.
    ///
    /// ## Resolution
    /// Compare and add like with like: money with money (元, 万元), percents with percents,
    /// counts with counts.
    UnitMismatch {
        /// What does not fit.
        message: Text,
        /// Left operand.
        left_span: SourceSpan,
        /// Its kind.
        left: Text,
        /// Right operand.
        right_span: SourceSpan,
        /// Its kind.
        right: Text,
        /// How to fix it, when something better than the general rule is known.
        help: Option<Text>,
    },

    /// A value of the wrong kind where a particular kind is required.
    ///
    /// ## Resolution
    /// Use a value of the expected kind here.
    WrongType {
        /// What is required.
        expected: Text,
        /// What was written.
        found: Text,
        /// Where.
        span: SourceSpan,
        /// How to fix it, when something better than "write …" is known.
        help: Option<Text>,
    },

    /// Definitions that refer to each other in a circle.
    ///
    /// ## Resolution
    /// Break the circle: one of the definitions must be computed from fields only.
    Cycle {
        /// The definition.
        name: String,
        /// Where it is declared.
        span: SourceSpan,
        /// The circle, `a → b → a`.
        path: String,
    },

    /// A name declared twice.
    ///
    /// ## Resolution
    /// Rename or remove one of the two declarations.
    Duplicate {
        /// The name.
        name: String,
        /// The second declaration.
        span: SourceSpan,
        /// The first declaration.
        first: SourceSpan,
    },

    /// A group member or an expectation that names no clause (or no benefit of that clause).
    ///
    /// ## Resolution
    /// Name a clause id declared with `条款`, or `条款.奖补名称`.
    UnknownClause {
        /// The member as written.
        name: String,
        /// Where.
        span: SourceSpan,
        /// "did you mean …" or the clause's benefits.
        help: Option<Text>,
    },

    /// A word that is not in the field's closed set.
    ///
    /// ## Resolution
    /// Use one of the words the field declares with `选项 { … }`.
    UnknownWord {
        /// The word.
        word: String,
        /// The field (or type) it was compared with.
        field: String,
        /// Where.
        span: SourceSpan,
        /// The words allowed, and the closest one.
        help: Text,
    },

    /// A declaration that is incomplete or contradicts itself.
    ///
    /// ## Resolution
    /// Follow the help line: it names the missing or contradicting part.
    Invalid {
        /// What is wrong.
        message: Text,
        /// Where.
        span: SourceSpan,
        /// What the label says.
        label: Text,
        /// How to fix it.
        help: Text,
    },

    /// A fund pool part that does not go with the pool's sharing rule: `额满为止`, `并列` or
    /// `名额` in a pool shared pro rata, a ranked pool with a total and no `额满为止`, or
    /// `额满为止` in a ranked pool with only a quota.
    ///
    /// ## Resolution
    /// `并列`, `名额` and `额满为止` belong to a ranked pool (`按 … 从高到低 择优`); a ranked pool
    /// with a total says what the first claim that does not fit gets (`额满为止 余额给下一户` or
    /// `额满为止 不足则不予`); without a total there is nothing to fill.
    PoolRule {
        /// What is wrong.
        message: Text,
        /// Where.
        span: SourceSpan,
        /// What the label says.
        label: Text,
        /// How to fix it.
        help: Text,
    },

    /// A subsidy whose amount is `按名次` that no ranked pool with amounts by rank pays, or that is
    /// also in a `不可兼得` or `累计上限` group, or paid in installments (`分期`).
    ///
    /// ## Resolution
    /// List the subsidy as the member of a ranked pool that states its amounts by rank
    /// (`前 3 名分别给予 …`), and keep it out of groups and installments: the pool alone decides
    /// what it pays.
    RankAmountOutside {
        /// What is wrong.
        message: Text,
        /// Where.
        span: SourceSpan,
        /// What the label says.
        label: Text,
        /// The group that lists it, when one does, and what its label says.
        group: Option<(SourceSpan, Text)>,
        /// How to fix it.
        help: Text,
    },

    /// A ranked pool with amounts by rank (`前 3 名分别给予 …`) that does not pay exactly one subsidy,
    /// or whose subsidy's amount is not `按名次`.
    ///
    /// ## Resolution
    /// Make the pool's only member the subsidy the ranks pay, and write its amount as `金额 按名次`.
    RankAmountMembers {
        /// What is wrong.
        message: Text,
        /// Where.
        span: SourceSpan,
        /// What the label says.
        label: Text,
        /// How to fix it.
        help: Text,
    },

    /// Amounts by rank whose count (`前 N 名`) is not a whole number above zero or does not match the
    /// number of amounts listed.
    ///
    /// ## Resolution
    /// List one amount per rank paid, best rank first: `前 3 名分别给予 1100万元、800万元、600万元`.
    RankAmountCount {
        /// What is wrong.
        message: Text,
        /// Where.
        span: SourceSpan,
        /// What the label says.
        label: Text,
        /// How to fix it.
        help: Text,
    },

    /// An amount by rank that is not a fixed amount of money: a number without a money unit, a
    /// percent, a record field or an expression.
    ///
    /// ## Resolution
    /// Write each amount as money (`1100万元`) or name a `参数 … 金额` (`待定` allowed).
    RankAmountType {
        /// What is wrong.
        message: Text,
        /// Where.
        span: SourceSpan,
        /// What the label says.
        label: Text,
        /// How to fix it.
        help: Text,
    },

    /// Amounts by rank in a pool that is not ranked (`按 … 从高到低 择优`), or together with a total
    /// (`不超过`): the amounts by rank are the pool's money.
    ///
    /// ## Resolution
    /// Rank the pool's claims with `按 … 从高到低 择优` and remove `不超过` (and `额满为止`): the pool
    /// pays the listed amounts, and its total is their sum.
    RankAmountPool {
        /// What is wrong.
        message: Text,
        /// Where.
        span: SourceSpan,
        /// What the label says.
        label: Text,
        /// How to fix it.
        help: Text,
    },

    /// A ranked pool's quota (`名额`) that is not a whole number of records above zero, is
    /// stated twice, or is per something other than a text field of the record.
    ///
    /// ## Resolution
    /// Write how many records at most (`名额 10 户`), at most one quota in all and one per field,
    /// and name a text field for the quota per value (`名额 2 户 每 所属地区`).
    PoolQuota {
        /// What is wrong.
        message: Text,
        /// Where.
        span: SourceSpan,
        /// What the label says.
        label: Text,
        /// How to fix it.
        help: Text,
    },

    /// A ranked pool ordered, or its ties broken, by something other than a number of the
    /// record.
    ///
    /// ## Resolution
    /// Rank by a number: a money, percent or count field, a definition or arithmetic
    /// (`按 净增产值 从高到低 择优`, `并列 按 产值 从高到低`).
    PoolOrder {
        /// The pool.
        pool: String,
        /// What the order is.
        found: Text,
        /// The order.
        span: SourceSpan,
    },

    /// A subsidy listed in two fund pools (`资金总额`): its claim would be shared out twice.
    ///
    /// ## Resolution
    /// List each subsidy in one pool; split the clause by subsidy (`第一条.技改补贴`) if its
    /// subsidies draw on different funds.
    PoolOverlap {
        /// The subsidy, as `clause.subsidy`.
        name: String,
        /// The second pool's member.
        span: SourceSpan,
        /// The first pool's member.
        first: SourceSpan,
    },

    /// A fund pool's total that is not an amount of money fixed before the records are read (a
    /// number of yuan or a money parameter).
    ///
    /// ## Resolution
    /// Write the total as money (`不超过 3000万元`) or name a `参数 … 金额` (`待定` allowed).
    PoolTotal {
        /// The pool.
        pool: String,
        /// The total.
        span: SourceSpan,
    },

    /// Two fields carry a mark only one field may carry (`主键`, `地区`).
    ///
    /// ## Resolution
    /// Keep the mark on one field: a record has one key and one area.
    TwoMarked {
        /// The mark.
        mark: String,
        /// The second field.
        span: SourceSpan,
        /// The first field.
        first: SourceSpan,
    },

    /// Two different names that look the same: their UTS #39 skeletons are equal (`产值2O21`
    /// with a letter O and `产值2021`, `l` and `1`, a Cyrillic and a Latin spelling).
    ///
    /// ## Resolution
    /// Rename one of the two so that they can be told apart at a glance.
    Confusable {
        /// The second name.
        name: String,
        /// The name it looks like.
        other: String,
        /// The second declaration.
        span: SourceSpan,
        /// The first declaration.
        first: SourceSpan,
    },

    /// `--set` names a parameter the policy does not declare.
    ///
    /// ## Resolution
    /// Use one of the parameters declared with `参数`.
    UnknownParam {
        /// The name given.
        name: String,
        /// "did you mean …" or the list of parameters.
        help: Text,
    },

    /// `--set` gives a parameter a value of the wrong kind, or a value that cannot be read.
    ///
    /// ## Resolution
    /// Write the value like a literal of the parameter's type: `50万元`, `6%`, `2020-01-01`, `是`.
    ParamValue {
        /// The parameter.
        name: String,
        /// The value given.
        value: String,
        /// Why it does not fit.
        problem: Text,
        /// The parameter's declaration.
        span: SourceSpan,
        /// How to write it.
        help: Text,
    },
}

impl Localize for CheckError {
    fn texts(&self) -> Texts {
        match self {
            CheckError::UnknownName { name, span, help } => Texts {
                code: "jiangbu::check::unknown_name",
                message: text!("unknown name `{name}`", "未知名称 `{name}`"),
                labels: vec![(
                    *span,
                    text!("not a field, definition or parameter", "不是字段、定义或参数"),
                )],
                help: help.clone().unwrap_or_else(|| {
                    text!(
                        "declare it as a field in `记录`, or name it with `定义` or `参数`",
                        "在 `记录` 中声明该字段，或用 `定义`、`参数` 声明它"
                    )
                }),
            },
            CheckError::UnitMismatch {
                message,
                left_span,
                left,
                right_span,
                right,
                help,
            } => Texts {
                code: "jiangbu::check::unit_mismatch",
                message: message.clone(),
                labels: vec![(*left_span, left.clone()), (*right_span, right.clone())],
                help: help.clone().unwrap_or_else(|| {
                    text!(
                        "use values of one unit here: money with money, percents with percents, counts with counts",
                        "此处应使用同一单位的值：金额对金额，比例对比例，人数对人数"
                    )
                }),
            },
            CheckError::WrongType {
                expected,
                found,
                span,
                help,
            } => {
                let (expected_zh, found_zh, found_en) = (&expected.zh, &found.zh, &found.en);
                let expected_en = &expected.en;
                Texts {
                    code: "jiangbu::check::wrong_type",
                    message: text!(
                        "expected {expected_en}, found {found_en}",
                        "应为{expected_zh}，实为{found_zh}"
                    ),
                    labels: vec![(*span, text!("this is {found_en}", "这是{found_zh}"))],
                    help: help.clone().unwrap_or_else(|| {
                        text!("write {expected_en} here", "此处应写{expected_zh}")
                    }),
                }
            }
            CheckError::Cycle { name, span, path } => Texts {
                code: "jiangbu::check::cycle",
                message: text!(
                    "definition `{name}` depends on itself",
                    "定义 `{name}` 依赖它自身"
                ),
                labels: vec![(*span, text!("`{path}`", "`{path}`"))],
                help: text!(
                    "one of these definitions must be computed without the others",
                    "其中一个定义必须不依赖其他几个来计算"
                ),
            },
            CheckError::Duplicate { name, span, first } => Texts {
                code: "jiangbu::check::duplicate",
                message: text!("`{name}` is declared twice", "`{name}` 声明了两次"),
                labels: vec![
                    (*span, text!("declared again here", "此处再次声明")),
                    (*first, text!("first declared here", "首次声明于此")),
                ],
                help: text!(
                    "rename or remove one of the two declarations",
                    "重命名或删除其中一处声明"
                ),
            },
            CheckError::UnknownClause { name, span, help } => Texts {
                code: "jiangbu::check::unknown_clause",
                message: text!("unknown clause `{name}`", "未知条款 `{name}`"),
                labels: vec![(*span, text!("no such clause or subsidy", "没有这个条款或奖补"))],
                help: help.clone().unwrap_or_else(|| {
                    text!(
                        "name a clause declared with `clause` (`条款`), or `clause.subsidy`",
                        "写出用 `条款` 声明过的条款编号，或写 `条款.奖补名称`"
                    )
                }),
            },
            CheckError::UnknownWord {
                word,
                field,
                span,
                help,
            } => Texts {
                code: "jiangbu::check::unknown_word",
                message: text!(
                    "`{word}` is not one of the words of `{field}`",
                    "`{word}` 不是 `{field}` 的选项"
                ),
                labels: vec![(*span, text!("not a word of `{field}`", "不是 `{field}` 的选项"))],
                help: help.clone(),
            },
            CheckError::Invalid {
                message,
                span,
                label,
                help,
            } => Texts {
                code: "jiangbu::check::invalid",
                message: message.clone(),
                labels: vec![(*span, label.clone())],
                help: help.clone(),
            },
            CheckError::PoolRule {
                message,
                span,
                label,
                help,
            } => Texts {
                code: "jiangbu::check::pool_rule",
                message: message.clone(),
                labels: vec![(*span, label.clone())],
                help: help.clone(),
            },
            CheckError::RankAmountOutside {
                message,
                span,
                label,
                group,
                help,
            } => Texts {
                code: "jiangbu::check::rank_amount_outside",
                message: message.clone(),
                labels: std::iter::once((*span, label.clone()))
                    .chain(group.clone())
                    .collect(),
                help: help.clone(),
            },
            CheckError::RankAmountMembers {
                message,
                span,
                label,
                help,
            } => Texts {
                code: "jiangbu::check::rank_amount_members",
                message: message.clone(),
                labels: vec![(*span, label.clone())],
                help: help.clone(),
            },
            CheckError::RankAmountCount {
                message,
                span,
                label,
                help,
            } => Texts {
                code: "jiangbu::check::rank_amount_count",
                message: message.clone(),
                labels: vec![(*span, label.clone())],
                help: help.clone(),
            },
            CheckError::RankAmountType {
                message,
                span,
                label,
                help,
            } => Texts {
                code: "jiangbu::check::rank_amount_type",
                message: message.clone(),
                labels: vec![(*span, label.clone())],
                help: help.clone(),
            },
            CheckError::RankAmountPool {
                message,
                span,
                label,
                help,
            } => Texts {
                code: "jiangbu::check::rank_amount_pool",
                message: message.clone(),
                labels: vec![(*span, label.clone())],
                help: help.clone(),
            },
            CheckError::PoolQuota {
                message,
                span,
                label,
                help,
            } => Texts {
                code: "jiangbu::check::pool_quota",
                message: message.clone(),
                labels: vec![(*span, label.clone())],
                help: help.clone(),
            },
            CheckError::PoolOrder { pool, found, span } => {
                let (found_en, found_zh) = (&found.en, &found.zh);
                Texts {
                    code: "jiangbu::check::pool_order",
                    message: text!(
                        "ranked fund pool `{pool}` is ordered by {found_en}, not a number",
                        "择优的资金总额 `{pool}` 按{found_zh}排序，应为数值"
                    ),
                    labels: vec![(*span, text!("not a number", "不是数值"))],
                    help: text!(
                        "rank by a number of the record, e.g. `按 净增产值 从高到低 择优` or `并列 按 产值 从高到低`",
                        "按记录的数值排序，如 `按 净增产值 从高到低 择优` 或 `并列 按 产值 从高到低`"
                    ),
                }
            }
            CheckError::PoolOverlap { name, span, first } => Texts {
                code: "jiangbu::check::pool_overlap",
                message: text!(
                    "`{name}` is paid from two fund pools",
                    "`{name}` 列入了两个资金总额"
                ),
                labels: vec![
                    (*span, text!("listed again here", "此处再次列入")),
                    (*first, text!("first listed here", "首次列入于此")),
                ],
                help: text!(
                    "list each subsidy in one pool, or its claim would be shared out twice",
                    "每项奖补只列入一个资金总额，否则同一申报额会被分配两次"
                ),
            },
            CheckError::PoolTotal { pool, span } => Texts {
                code: "jiangbu::check::pool_total",
                message: text!(
                    "the total of fund pool `{pool}` is not a fixed amount of money",
                    "资金总额 `{pool}` 的总额不是确定的金额"
                ),
                labels: vec![(
                    *span,
                    text!("a number of yuan or a money parameter", "应为金额或金额参数"),
                )],
                help: text!(
                    "write `不超过 3000万元`, or name a `参数 … 金额` (it may be `待定`)",
                    "写 `不超过 3000万元`，或引用一个 `参数 … 金额`（可为 `待定`）"
                ),
            },
            CheckError::TwoMarked { mark, span, first } => Texts {
                code: "jiangbu::check::two_marked",
                message: text!("two fields are marked `{mark}`", "两个字段都标为 `{mark}`"),
                labels: vec![
                    (*span, text!("marked again here", "此处再次标注")),
                    (*first, text!("first marked here", "首次标注于此")),
                ],
                help: text!(
                    "a record has one `{mark}` field",
                    "一条记录只有一个 `{mark}` 字段"
                ),
            },
            CheckError::Confusable {
                name,
                other,
                span,
                first,
            } => Texts {
                code: "jiangbu::check::confusable",
                message: text!(
                    "`{name}` looks like `{other}` but is a different name",
                    "`{name}` 看起来与 `{other}` 相同，却是另一个名称"
                ),
                labels: vec![
                    (*span, text!("looks like `{other}`", "看起来像 `{other}`")),
                    (*first, text!("`{other}` declared here", "`{other}` 声明于此")),
                ],
                help: text!(
                    "rename one of the two so that they can be told apart at a glance",
                    "把其中一个改名，让两者一眼就能分清"
                ),
            },
            CheckError::UnknownParam { name, help } => Texts {
                code: "jiangbu::check::unknown_param",
                message: text!(
                    "unknown parameter `{name}` in --set",
                    "--set 中的参数 `{name}` 未声明"
                ),
                labels: Vec::new(),
                help: help.clone(),
            },
            CheckError::ParamValue {
                name,
                value,
                problem,
                span,
                help,
            } => {
                let (problem_en, problem_zh) = (&problem.en, &problem.zh);
                Texts {
                    code: "jiangbu::check::param_value",
                    message: text!(
                        "cannot set `{name}` to `{value}`: {problem_en}",
                        "不能把 `{name}` 设为 `{value}`：{problem_zh}"
                    ),
                    labels: vec![(*span, text!("declared here", "声明于此"))],
                    help: help.clone(),
                }
            }
        }
    }
}

english_diagnostic!(CheckError);
