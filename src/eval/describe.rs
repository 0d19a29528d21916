//! Reasons in words: naming the policy's fields, parameters and definitions, in Chinese and
//! English side by side. Kept apart from [`super::truth`] so the truth values stay a leaf the plan
//! does not reach.

use super::plan::Plan;
use super::truth::Reason;
use crate::diag::{text, Text};
use crate::span::Span;
use crate::syntax::keywords::Lang;

impl Reason {
    /// The reason in words in `lang`, naming fields and quoting the policy.
    pub fn describe(self, plan: &Plan, lang: Lang) -> String {
        self.texts(plan).get(lang).to_string()
    }

    /// The reason in both languages: one arm per variant, its code being [`Reason::code`].
    pub fn texts(self, plan: &Plan) -> Text {
        let field = |slot: u16| plan.schema.field_name(slot as usize);
        let quote = |span: Span| span.text(&plan.source);
        match self {
            Reason::Blank(slot) => {
                let f = field(slot);
                text!("{f} is blank", "{f}为空")
            }
            Reason::Malformed(slot) => {
                let f = field(slot);
                text!("{f} is malformed", "{f}数据有误")
            }
            Reason::DivZero { divisor, def } => {
                let q = quote(divisor);
                match def.and_then(|d| plan.defs.get(d as usize)) {
                    Some(d) => {
                        let name = &d.name;
                        text!(
                            "{q} is 0: {name} cannot be computed",
                            "{q}为0，{name}无法计算"
                        )
                    }
                    None => text!("{q} is 0: division by zero", "{q}为0，无法相除"),
                }
            }
            Reason::Tbd(Some(p)) => match plan.params.get(p as usize) {
                Some(param) => {
                    let name = &param.name;
                    text!("{name} is to be determined", "{name}待定")
                }
                None => text!("to be determined", "待定"),
            },
            Reason::Tbd(None) => text!("the amount is to be determined", "金额待定"),
            Reason::Overflow(span) => {
                let q = quote(span);
                text!("arithmetic overflow in `{q}`", "“{q}”计算溢出")
            }
        }
    }
}
