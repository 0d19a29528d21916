//! The checker: names, types and units, cycles, groups, lints. Every error in the file is
//! reported.
//!
//! Its output is the compiled [`Plan`]: checking and resolving names are one pass, so a name
//! is looked up once, here, and never while records are evaluated.

mod dates;
mod declare;
mod defs;
mod example;
mod expr;
mod lints;
mod params;
mod pools;
mod rank_amounts;

use std::collections::HashMap;

use crate::diag::{text, CheckError, Text, Warning};
use crate::eval::plan::{Plan, Ty};
use crate::syntax::ast;

pub use params::set_param;

/// Check a parsed policy and compile it into a plan with the lints' warnings about it (see
/// [`Warning`]), or return every error found. Warnings are looked for only in a policy without
/// errors; they never prevent a plan.
pub fn check_with_warnings(
    policy: &ast::Policy,
    source: &str,
) -> Result<(Plan, Vec<Warning>), Vec<CheckError>> {
    let plan = check(policy, source)?;
    Ok((plan, lints::lints(policy, source)))
}

/// Check a parsed policy and compile it into a plan, or return every error found.
pub fn check(policy: &ast::Policy, source: &str) -> Result<Plan, Vec<CheckError>> {
    let mut errors = Vec::new();
    let mut scope = Scope::default();
    let (schema, enums) = declare::fields(policy, &mut scope, &mut errors);
    scope.enums = enums;
    let params = declare::params(policy, &mut scope, &mut errors);
    let defs = defs::definitions(policy, &mut scope, &mut errors);
    let (clauses, benefits) = declare::clauses(policy, &scope, &mut errors);
    let groups = declare::groups(policy, &clauses, &benefits, &scope, &mut errors);
    let mut by_rank_members = Vec::new();
    let pools = pools::pools(
        policy,
        &clauses,
        &benefits,
        &scope,
        &mut by_rank_members,
        &mut errors,
    );
    rank_amounts::by_rank_uses(&benefits, &groups, &by_rank_members, &mut errors);
    let main_group = groups
        .iter()
        .find(|g| matches!(g.kind, crate::eval::plan::GroupPlanKind::Exclusive { .. }))
        .map(|g| g.members.as_slice());
    let examples = example::examples(
        policy,
        &example::Context {
            scope: &scope,
            schema: &schema,
            params: &params,
            clauses: &clauses,
            declared: &policy.clauses,
            benefits: &benefits,
            main_group,
            groups: &groups,
            pools: &pools,
            source,
        },
        &mut errors,
    );
    if !errors.is_empty() {
        return Err(errors);
    }
    let (title, meta) = match &policy.meta {
        Some(m) => (
            m.title.node.clone(),
            m.entries
                .iter()
                .map(|(k, v)| (k.node.clone(), v.node.clone()))
                .collect(),
        ),
        None => (String::new(), Vec::new()),
    };
    let mut plan = Plan {
        source: source.to_string(),
        lang: policy.lang,
        title,
        meta,
        schema,
        enums: scope.enums,
        params,
        defs,
        clauses,
        benefits,
        groups,
        pools,
        examples,
        flat: Vec::new(),
        flat_defs: Vec::new(),
    };
    plan.flatten();
    Ok(plan)
}

/// The most fields, the most definitions and the most parameters a policy may declare (each
/// kind is numbered from 0 in a `u16` slot), and the most closed sets (`选项`).
pub const MAX_SLOTS: usize = u16::MAX as usize;

/// The error at the first declaration past [`MAX_SLOTS`] of one kind (`what`, plural).
fn too_many(what: Text, span: crate::span::Span) -> CheckError {
    let (en, zh, limit) = (&what.en, &what.zh, MAX_SLOTS);
    CheckError::Invalid {
        message: text!(
            "too many {en}: a policy may declare at most {limit}",
            "{zh}过多：一个政策最多声明 {limit} 个"
        ),
        span: span.into(),
        label: text!("{en} past the limit start here", "从这里起超出上限"),
        help: text!(
            "split the policy, or compute with fewer {en}",
            "拆分政策，或减少{zh}的数量"
        ),
    }
}

/// What a name means, for resolution.
#[derive(Clone, Copy, Debug)]
enum Binding {
    Field(usize),
    Def(usize),
    Param(usize),
}

/// Every name the policy declares and its type.
#[derive(Default)]
struct Scope {
    names: HashMap<String, (Binding, crate::span::Span)>,
    /// Each declared name by its UTS #39 skeleton, to find two names that look alike.
    skeletons: HashMap<String, (String, crate::span::Span)>,
    field_tys: Vec<Ty>,
    field_names: Vec<String>,
    /// `None` while unchecked, or when the definition is in a cycle.
    def_tys: Vec<Option<Ty>>,
    param_tys: Vec<Ty>,
    enums: Vec<Vec<String>>,
}

impl Scope {
    /// Declare a name; a second declaration is an error pointing at both.
    fn declare(
        &mut self,
        name: &ast::Ident,
        binding: Binding,
        errors: &mut Vec<CheckError>,
    ) -> bool {
        if let Some((_, first)) = self.names.get(&name.node) {
            errors.push(CheckError::Duplicate {
                name: name.node.clone(),
                span: name.span.into(),
                first: (*first).into(),
            });
            return false;
        }
        let skeleton: String = unicode_security::skeleton(&name.node).collect();
        match self.skeletons.get(&skeleton) {
            Some((other, first)) => errors.push(CheckError::Confusable {
                name: name.node.clone(),
                other: other.clone(),
                span: name.span.into(),
                first: (*first).into(),
            }),
            None => {
                self.skeletons
                    .insert(skeleton, (name.node.clone(), name.span));
            }
        }
        self.names.insert(name.node.clone(), (binding, name.span));
        true
    }
}
