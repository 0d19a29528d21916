//! Reasons in words: naming the policy's fields, parameters and definitions, in Chinese or
//! English. Kept apart from [`super::truth`] so the truth values stay a leaf the plan does not
//! reach.

use std::fmt::Write;

use super::plan::Plan;
use super::truth::Reason;
use crate::span::Span;
use crate::syntax::keywords::Lang;

impl Reason {
    /// The reason in words, in English, naming fields and quoting the policy.
    pub fn describe(self, plan: &Plan) -> String {
        self.describe_in(plan, Lang::En)
    }

    /// The reason in words in `lang`, naming fields and quoting the policy.
    pub fn describe_in(self, plan: &Plan, lang: Lang) -> String {
        let field = |slot: u16| plan.schema.field_name(slot as usize);
        let quote = |span: Span| span.text(&plan.source);
        match lang {
            Lang::En => match self {
                Reason::Blank(slot) => format!("{} is blank", field(slot)),
                Reason::Malformed(slot) => format!("{} is malformed", field(slot)),
                Reason::DivZero { divisor, def } => {
                    let mut out = format!("{} is 0", quote(divisor));
                    if let Some(d) = def.and_then(|d| plan.defs.get(d as usize)) {
                        let _ = write!(out, ": {} cannot be computed", d.name);
                    } else {
                        out.push_str(": division by zero");
                    }
                    out
                }
                Reason::Tbd(Some(p)) => match plan.params.get(p as usize) {
                    Some(param) => format!("{} is to be determined (待定)", param.name),
                    None => "to be determined (待定)".into(),
                },
                Reason::Tbd(None) => "the amount is to be determined (待定)".into(),
                Reason::Overflow(span) => format!("arithmetic overflow in `{}`", quote(span)),
            },
            Lang::Zh => match self {
                Reason::Blank(slot) => format!("{}为空", field(slot)),
                Reason::Malformed(slot) => format!("{}数据有误", field(slot)),
                Reason::DivZero { divisor, def } => {
                    match def.and_then(|d| plan.defs.get(d as usize)) {
                        Some(d) => format!("{}为0，{}无法计算", quote(divisor), d.name),
                        None => format!("{}为0，无法相除", quote(divisor)),
                    }
                }
                Reason::Tbd(Some(p)) => match plan.params.get(p as usize) {
                    Some(param) => format!("{}待定", param.name),
                    None => "金额待定".into(),
                },
                Reason::Tbd(None) => "金额待定".into(),
                Reason::Overflow(span) => format!("“{}”计算溢出", quote(span)),
            },
        }
    }
}
