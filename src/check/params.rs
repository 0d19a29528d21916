//! `--set NAME=VALUE`: overriding a parameter before evaluation.

use pest::Parser;

use super::declare::fits;
use super::expr::{describe_plain, literal_node, literal_ty};
use crate::diag::suggest::suggest;
use crate::diag::CheckError;
use crate::eval::plan::Plan;
use crate::syntax::{lower_literal, PolicyParser, Rule};

/// Set parameter `name` of `plan` to `value`, written like a literal of its type (`50万元`, `6%`,
/// `2020-01-01`, `是`) or `待定`.
pub fn set_param(plan: &mut Plan, name: &str, value: &str) -> Result<(), CheckError> {
    let Some(index) = plan.params.iter().position(|p| p.name == name) else {
        let names: Vec<&str> = plan.params.iter().map(|p| p.name.as_str()).collect();
        let help = match suggest(name, names.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None if names.is_empty() => "this policy declares no parameters".into(),
            None => format!("the parameters are: {}", names.join(", ")),
        };
        return Err(CheckError::UnknownParam {
            name: name.to_string(),
            help,
        });
    };
    let param = &plan.params[index];
    let problem = |problem: String| CheckError::ParamValue {
        name: name.to_string(),
        value: value.to_string(),
        problem,
        span: param.span.into(),
        help: format!(
            "write {} such as {}",
            describe_plain(param.ty),
            example(param.ty)
        ),
    };
    let text = value.trim();
    let parsed = PolicyParser::parse(Rule::param_value, text)
        .ok()
        .and_then(|mut pairs| pairs.next())
        .filter(|pair| pair.as_str().len() == text.len());
    let Some(pair) = parsed else {
        return Err(problem("not a value".into()));
    };
    let literal = match pair.into_inner().next() {
        Some(p) if p.as_rule() == Rule::tbd => None,
        Some(p) => Some(lower_literal(p).map_err(|_| problem("not a value".into()))?),
        None => None,
    };
    let node = match literal {
        None => None,
        Some(lit) => {
            let ty = literal_ty(&lit);
            if !fits(ty, param.ty) {
                return Err(problem(format!("that is {}", describe_plain(ty))));
            }
            Some(literal_node(&lit))
        }
    };
    plan.params[index].value = node;
    Ok(())
}

fn example(ty: crate::eval::plan::Ty) -> &'static str {
    use crate::eval::plan::{Dim, Ty};
    match ty {
        Ty::Num(Dim::Money) => "`50万元` or `500000`",
        Ty::Num(Dim::Ratio) => "`6%`",
        Ty::Num(_) => "`100`",
        Ty::Bool => "`是` or `否`",
        Ty::Date => "`2020-01-01`",
        Ty::Text | Ty::Enum(_) => "`\"…\"`",
    }
}
