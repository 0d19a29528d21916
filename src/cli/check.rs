//! `jiangbu check POLICY…`: parse and check policies.

use std::path::PathBuf;

use super::{load, Diagnostics, Exit};
use crate::syntax::ast::BenefitKind;

/// Arguments of `jiangbu check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Policy files (.policy).
    #[arg(required = true)]
    pub policies: Vec<PathBuf>,
}

/// `jiangbu check POLICY…`.
pub fn check(args: &CheckArgs, diags: &Diagnostics) -> Exit {
    let mut exit = Exit::Ok;
    for path in &args.policies {
        match load(path, diags) {
            Some(plan) => {
                let subsidies = plan
                    .benefits
                    .iter()
                    .filter(|b| b.kind == BenefitKind::Subsidy)
                    .count();
                let services = plan.benefits.len() - subsidies;
                println!(
                    "{}: ok — {}, {}, {}, {}, {}",
                    path.display(),
                    count(plan.schema.fields.len(), "field", "fields"),
                    count(plan.clauses.len(), "clause", "clauses"),
                    count(subsidies, "subsidy", "subsidies"),
                    count(services, "service", "services"),
                    count(plan.groups.len(), "group", "groups"),
                );
            }
            None => exit = Exit::Failed,
        }
    }
    exit
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
