//! Warnings: a policy that checks but probably does not say what its author meant.

use miette::{Severity, SourceSpan};

use super::localize::{english_diagnostic, text, Localize, Text, Texts};

/// Something a policy allows but its author very likely did not mean. Warnings never stop
/// evaluation; `jiangbu check --deny-warnings` fails on them.
#[derive(Debug)]
pub enum Warning {
    /// A field declared in `记录` that no clause, definition, group or example uses (the key
    /// and the area are used by every report, and never warned about).
    ///
    /// ## Resolution
    /// Use the field in a condition or an amount, or remove it from `记录`; a column the records
    /// carry but the policy does not need may simply be left out.
    UnusedField {
        /// The field.
        name: String,
        /// Its declaration.
        span: SourceSpan,
    },

    /// A parameter (`参数`) that no clause, definition or group uses.
    ///
    /// ## Resolution
    /// Use the parameter where the notice's amount belongs (`金额 第一条奖补`), or remove it.
    UnusedParam {
        /// The parameter.
        name: String,
        /// Its declaration.
        span: SourceSpan,
    },

    /// A band of `分档` that can never be chosen: the bands before it already take every value
    /// its condition holds for (the first band that holds wins).
    ///
    /// ## Resolution
    /// Put the narrower band first (`产值 >= 1亿元` before `产值 >= 5000万元`), or correct its
    /// bound.
    UnreachableBand {
        /// The band's condition.
        span: SourceSpan,
        /// The earlier band that covers it (the last one needed).
        earlier: SourceSpan,
    },

    /// A `分档` without `其他` whose bands leave some values of the compared name without a band
    /// (those records get 0). Only bands comparing one name with constants are analysed; the
    /// benefit's own `条件` narrows the values considered.
    ///
    /// ## Resolution
    /// If the values left out are not eligible, say so in the subsidy's `条件` (raise its floor,
    /// e.g. `条件 产值 >= 5000万元`); to pay them, add a band or `其他 : 金额`. `其他 : 0元` would
    /// make them eligible for 0元 instead of not eligible.
    TierGap {
        /// The values left without a band, such as `` `产值` < `5000万元` ``.
        gap: String,
        /// When the gap lies below every band: the floor that leaves it out, such as
        /// `` 产值 >= 5000万元 ``.
        floor: Option<String>,
        /// The tiers.
        span: SourceSpan,
    },

    /// A condition that never holds: within one `且` or `全部`, comparisons of one name with
    /// constants that no value satisfies together.
    ///
    /// ## Resolution
    /// Check the bounds and the direction of each comparison (`不低于` vs `不超过`); perhaps `或`
    /// was meant.
    NeverTrue {
        /// The name compared.
        name: String,
        /// The conjunction.
        span: SourceSpan,
        /// The comparison that contradicts the ones before it.
        culprit: SourceSpan,
    },

    /// A cap (`最高`) below the amount of a single unit: `300元 × 人数，最高 200元` pays the cap
    /// to everyone with at least one head, so the rate means nothing.
    ///
    /// ## Resolution
    /// Check the cap's unit (`最高 200万元`?) and the rate.
    CapBelowUnit {
        /// The cap as written.
        cap: String,
        /// Where.
        cap_span: SourceSpan,
        /// The unit amount as written.
        unit: String,
        /// Where.
        unit_span: SourceSpan,
    },
}

impl Localize for Warning {
    fn texts(&self) -> Texts {
        match self {
            Warning::UnusedField { name, span } => Texts {
                code: "jiangbu::lint::unused_field",
                message: text!("field `{name}` is never used", "字段 `{name}` 未被使用"),
                labels: vec![(
                    *span,
                    text!(
                        "no clause, definition, group or example uses it",
                        "没有条款、定义、组或示例用到它"
                    ),
                )],
                help: text!(
                    "use it in a condition or an amount, or remove it from `记录`",
                    "在条件或金额中使用它，或从 `记录` 中删去"
                ),
            },
            Warning::UnusedParam { name, span } => Texts {
                code: "jiangbu::lint::unused_param",
                message: text!("parameter `{name}` is never used", "参数 `{name}` 未被使用"),
                labels: vec![(*span, text!("declared here", "声明于此"))],
                help: text!(
                    "use it where the notice's amount belongs, e.g. `金额 {name}`, or remove it",
                    "在通知规定金额处使用它，如 `金额 {name}`，或删去它"
                ),
            },
            Warning::UnreachableBand { span, earlier } => Texts {
                code: "jiangbu::lint::unreachable_band",
                message: text!("this band is never chosen", "这一档永远不会被选中"),
                labels: vec![
                    (
                        *span,
                        text!(
                            "every value it holds for is taken by an earlier band",
                            "它成立的值都已被前面的档次取走"
                        ),
                    ),
                    (*earlier, text!("taken here", "在此被取走")),
                ],
                help: text!(
                    "the first band that holds wins: put the narrower band first, or correct its bound",
                    "按第一个成立的档次计算：把范围较窄的档次放在前面，或修改其界限"
                ),
            },
            Warning::TierGap { gap, floor, span } => Texts {
                code: "jiangbu::lint::tier_gap",
                message: text!(
                    "no band for {gap} and no `其他`",
                    "{gap} 时没有对应档次，也没有 `其他`"
                ),
                labels: vec![(*span, text!("these bands leave out {gap}", "这些档次漏掉了 {gap}"))],
                help: match floor {
                    Some(floor) => text!(
                        "if these are not eligible, put the floor in the subsidy's condition: `条件 {floor}`; to pay them, add a band or `其他 : 金额` (`其他 : 0元` would make them eligible for 0元)",
                        "若这些企业不符合条件，请把下限写进奖补的条件：`条件 {floor}`；若要给予奖补，请增加一档或写 `其他 : 金额`（写 `其他 : 0元` 会让它们“符合、金额 0元”）"
                    ),
                    None => Text::new(
                        "if these are not eligible, leave them out in the subsidy's `条件`; to pay them, add a band or `其他 : 金额` (`其他 : 0元` would make them eligible for 0元)",
                        "若这些企业不符合条件，请在奖补的 `条件` 中排除它们；若要给予奖补，请增加一档或写 `其他 : 金额`（写 `其他 : 0元` 会让它们“符合、金额 0元”）",
                    ),
                },
            },
            Warning::NeverTrue {
                name,
                span,
                culprit,
            } => Texts {
                code: "jiangbu::lint::never_true",
                message: text!("this condition never holds", "这个条件永远不成立"),
                labels: vec![
                    (
                        *culprit,
                        text!(
                            "no value of `{name}` satisfies this and the rest",
                            "`{name}` 没有同时满足此项和其余各项的值"
                        ),
                    ),
                    (*span, text!("all of these together", "这些条件须同时成立")),
                ],
                help: text!(
                    "check the bounds and the direction of each comparison (`不低于`, `不超过`); perhaps `或` was meant",
                    "检查各比较的界限和方向（`不低于`、`不超过`）；也许应为 `或`"
                ),
            },
            Warning::CapBelowUnit {
                cap,
                cap_span,
                unit,
                unit_span,
            } => Texts {
                code: "jiangbu::lint::cap_below_unit",
                message: text!(
                    "cap `{cap}` is below one unit's amount `{unit}`",
                    "上限 `{cap}` 低于单个单位的金额 `{unit}`"
                ),
                labels: vec![
                    (*cap_span, text!("the cap", "上限")),
                    (*unit_span, text!("one unit already gets more", "一个单位就已超过上限")),
                ],
                help: text!(
                    "everyone is paid the cap; check its unit (`万元`?) and the rate",
                    "所有符合者都只得上限金额；请核对上限的单位（`万元`？）和标准"
                ),
            },
        }
    }

    fn severity(&self) -> Severity {
        Severity::Warning
    }
}

english_diagnostic!(Warning);
