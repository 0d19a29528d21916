//! `--set NAME=VALUE`: overriding a parameter before evaluation.

use pest::Parser;

use super::declare::fits;
use super::expr::{describe_plain, literal_node, literal_ty};
use crate::diag::suggest::suggest;
use crate::diag::{text, CheckError, Text};
use crate::eval::plan::Plan;
use crate::syntax::{lower_literal, PolicyParser, Rule};

/// Set parameter `name` of `plan` to `value`, written like a literal of its type (`50万元`, `6%`,
/// `2020-01-01`, `是`) or `待定`.
pub fn set_param(plan: &mut Plan, name: &str, value: &str) -> Result<(), CheckError> {
    let Some(index) = plan.params.iter().position(|p| p.name == name) else {
        let names: Vec<&str> = plan.params.iter().map(|p| p.name.as_str()).collect();
        let help = match suggest(name, names.iter().copied()) {
            Some(s) => text!("did you mean `{s}`?", "是否应为 `{s}`？"),
            None if names.is_empty() => {
                Text::new("this policy declares no parameters", "这个政策没有声明参数")
            }
            None => {
                let (en, zh) = (names.join(", "), names.join("、"));
                text!("the parameters are: {en}", "参数有：{zh}")
            }
        };
        return Err(CheckError::UnknownParam {
            name: name.to_string(),
            help,
        });
    };
    let param = &plan.params[index];
    let problem = |problem: Text| {
        let (want, example) = (describe_plain(param.ty), example(param.ty));
        let (en, zh, example_en, example_zh) = (&want.en, &want.zh, &example.en, &example.zh);
        CheckError::ParamValue {
            name: name.to_string(),
            value: value.to_string(),
            problem,
            span: param.span.into(),
            help: text!("write {en} such as {example_en}", "写{zh}，如 {example_zh}"),
        }
    };
    let text = value.trim();
    let parsed = PolicyParser::parse(Rule::param_value, text)
        .ok()
        .and_then(|mut pairs| pairs.next())
        .filter(|pair| pair.as_str().len() == text.len());
    let Some(pair) = parsed else {
        return Err(problem(Text::new("not a value", "不是一个值")));
    };
    let literal = match pair.into_inner().next() {
        Some(p) if p.as_rule() == Rule::tbd => None,
        Some(p) => {
            Some(lower_literal(p).map_err(|_| problem(Text::new("not a value", "不是一个值")))?)
        }
        None => None,
    };
    let node = match literal {
        None => None,
        Some(lit) => {
            let ty = literal_ty(&lit);
            if !fits(ty, param.ty) {
                let found = describe_plain(ty);
                let (en, zh) = (&found.en, &found.zh);
                return Err(problem(text!("that is {en}", "那是{zh}")));
            }
            literal_node(&lit)
        }
    };
    plan.params[index].value = node;
    Ok(())
}

fn example(ty: crate::eval::plan::Ty) -> Text {
    use crate::eval::plan::{Dim, Ty};
    match ty {
        Ty::Num(Dim::Money) => Text::new("`50万元` or `500000`", "`50万元` 或 `500000`"),
        Ty::Num(Dim::Ratio) => Text::new("`6%`", "`6%`"),
        Ty::Num(_) => Text::new("`100`", "`100`"),
        Ty::Bool => Text::new("`是` or `否`", "`是` 或 `否`"),
        Ty::Date => Text::new("`2020-01-01`", "`2020-01-01`"),
        Ty::Duration => Text::new("`3年`", "`3年`"),
        Ty::Text | Ty::Enum(_) => Text::new("`\"…\"`", "`\"…\"`"),
    }
}
