//! `jiangbu explain POLICY RECORDS… --id KEY`: one record's decision note, clause by clause.

use std::path::PathBuf;

use super::usage::{refuse, stdin_once, usage_lang};
use super::{apply_sets, load, DiagArgs, DiagLang, Diagnostics, ErrorFormat, Exit, ReadArgs};
use crate::data::{open_records, ReadOptions, Row};
use crate::diag::localize::english_diagnostic;
use crate::diag::suggest::suggest;
use crate::diag::{detect_lang, text, Localize, Texts};
use crate::eval::evaluate_traced;
use crate::eval::plan::Plan;
use crate::eval::value::Cell;
use crate::output::Output;
use crate::report::explain::{explain_json, explain_text};
use crate::syntax::keywords::Lang;

/// Output formats of `jiangbu explain`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ExplainFormat {
    /// A decision note for an officer.
    #[default]
    Text,
    /// The same, as one JSON document.
    Json,
}

/// The language of an explanation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExplainLang {
    /// Chinese.
    Zh,
    /// English.
    En,
}

/// Arguments of `jiangbu explain`.
#[derive(Debug, Default, clap::Args)]
pub struct ExplainArgs {
    /// The policy file (`-`: standard input).
    pub policy: PathBuf,
    /// Record files, searched in order (CSV, Excel or JSON, as for `eval`; `-`: standard
    /// input).
    #[arg(required = true)]
    pub records: Vec<PathBuf>,
    /// The key (`主键`) of the record to explain.
    #[arg(long, value_name = "KEY")]
    pub id: String,
    /// Explain only this clause (e.g. `第三条`) and the groups it belongs to.
    #[arg(long, value_name = "ID")]
    pub clause: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
    /// Language of the explanation and of errors (default: the language of the policy's
    /// keywords).
    #[arg(long, value_enum)]
    pub lang: Option<ExplainLang>,
    /// How errors are printed on stderr: `human`, or `json` (one object per line).
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ErrorFormat::Human)]
    pub error_format: ErrorFormat,
    /// Override a parameter: `--set 第一条奖补=50万元` (repeatable).
    #[arg(long, value_name = "NAME=VALUE")]
    pub set: Vec<String>,
    /// Write the explanation to a file instead of standard output (`-`: standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// How record files are read.
    #[command(flatten)]
    pub read: ReadArgs,
}

/// No record has the key asked for.
#[derive(Debug)]
pub struct UnknownId {
    id: String,
    /// The nearest key read, if one is near.
    nearest: Option<String>,
    /// The key field's name.
    field: String,
    /// How many records were read.
    read: usize,
}

impl Localize for UnknownId {
    fn texts(&self) -> Texts {
        let (id, field, read) = (&self.id, &self.field, self.read);
        Texts {
            code: "jiangbu::explain::unknown_id",
            message: text!("no record has the key `{id}`", "没有主键为 `{id}` 的记录"),
            labels: Vec::new(),
            help: match &self.nearest {
                Some(near) => text!("did you mean `{near}`?", "是否应为 `{near}`？"),
                None => text!(
                    "the key is the `{field}` column; {read} records were read",
                    "主键是 `{field}` 列；已读取 {read} 条记录"
                ),
            },
        }
    }
}

english_diagnostic!(UnknownId);

/// The clause asked for is not in the policy.
#[derive(Debug)]
pub struct UnknownClause {
    clause: String,
    /// The nearest clause id, if one is near.
    nearest: Option<String>,
    /// Every clause id.
    all: Vec<String>,
}

impl Localize for UnknownClause {
    fn texts(&self) -> Texts {
        let clause = &self.clause;
        let (en_all, zh_all) = (self.all.join(", "), self.all.join("、"));
        Texts {
            code: "jiangbu::explain::unknown_clause",
            message: text!(
                "the policy has no clause `{clause}`",
                "政策中没有条款 `{clause}`"
            ),
            labels: Vec::new(),
            help: match &self.nearest {
                Some(near) => text!("did you mean `{near}`?", "是否应为 `{near}`？"),
                None => text!("the clauses are: {en_all}", "条款有：{zh_all}"),
            },
        }
    }
}

english_diagnostic!(UnknownClause);

/// The policy declares no key field, so no record can be named.
#[derive(Debug)]
pub struct NoKey;

impl Localize for NoKey {
    fn texts(&self) -> Texts {
        Texts {
            code: "jiangbu::explain::no_key",
            message: text!("the policy declares no key field", "政策的记录没有主键字段"),
            labels: Vec::new(),
            help: text!(
                "mark the field that identifies a record with `主键` in the `记录` block",
                "在 `记录` 中用 `主键` 标出识别记录的字段"
            ),
        }
    }
}

english_diagnostic!(NoKey);

/// `jiangbu explain`: print one record's explanation. Exit 3 when that record has data errors.
pub fn explain(args: &ExplainArgs, diags: &Diagnostics) -> Exit {
    let (text, exit) = match explain_output(args, diags) {
        Ok(done) => done,
        Err(exit) => return exit,
    };
    let diags = &diags.with_args(&diag_args(args));
    // `--lang`, else the policy's keyword language (standard input is read by now).
    let lang = match args.lang {
        Some(ExplainLang::Zh) => Some(Lang::Zh),
        Some(ExplainLang::En) => Some(Lang::En),
        None => std::fs::read_to_string(&args.policy)
            .ok()
            .and_then(|source| detect_lang(&source)),
    };
    let mut read = vec![args.policy.as_path()];
    read.extend(args.records.iter().map(PathBuf::as_path));
    let written = Output::to(args.output.as_deref(), &read)
        .and_then(|output| output.write_all(text.as_bytes()));
    match written {
        Ok(()) => exit,
        // A closed pipe: the record's status stands.
        Err(error) if error.is_broken_pipe() => exit,
        Err(error) => {
            diags.emit_in(error, diags.lang(lang), None);
            Exit::Failed
        }
    }
}

/// One `--lang` speaks for the explanation and for any diagnostic on the way.
fn diag_args(args: &ExplainArgs) -> DiagArgs {
    DiagArgs {
        // The same choice in two flag types, not a message.
        lang: args.lang.map(|l| match l {
            ExplainLang::Zh => DiagLang::Zh,
            ExplainLang::En => DiagLang::En,
        }),
        error_format: args.error_format,
    }
}

/// What `jiangbu explain` prints and its exit status; `Err` when it cannot run (the
/// diagnostics are already printed).
pub fn explain_output(args: &ExplainArgs, diags: &Diagnostics) -> Result<(String, Exit), Exit> {
    let diags = &diags.with_args(&diag_args(args));
    let inputs =
        std::iter::once(args.policy.as_path()).chain(args.records.iter().map(PathBuf::as_path));
    stdin_once(inputs, diags)?;
    if let Some(usage) = args.read.misapplied(&args.records) {
        return Err(refuse(usage, diags, usage_lang(diags, &args.policy)));
    }
    let Some(mut plan) = load(&args.policy, diags) else {
        return Err(Exit::Failed);
    };
    apply_sets(&mut plan, &args.set, &args.policy, diags)?;
    // `--lang` (passed into `diags` above), else the policy's keyword language.
    let diag_lang = diags.lang(Some(plan.lang));
    if let Some(clause) = &args.clause {
        if !plan.clauses.iter().any(|c| &c.id == clause) {
            let ids = plan.clauses.iter().map(|c| c.id.as_str());
            let error = UnknownClause {
                clause: clause.clone(),
                nearest: suggest(clause, ids).map(String::from),
                all: plan.clauses.iter().map(|c| c.id.clone()).collect(),
            };
            diags.emit_in(error, diag_lang, None);
            return Err(Exit::Usage);
        }
    }
    let Some(key_slot) = plan.schema.key_slot() else {
        diags.emit_in(NoKey, diag_lang, None);
        return Err(Exit::Failed);
    };
    let (row, ordinal) = match find(&plan, args, key_slot) {
        Ok(found) => found,
        Err(Missing::Read(e)) => {
            diags.emit_in(e, diag_lang, None);
            return Err(Exit::Failed);
        }
        Err(Missing::Id(e)) => {
            diags.emit_in(e, diag_lang, None);
            return Err(Exit::Failed);
        }
    };
    // A policy with fund pools: every record is decided and the pools shared out first, so the
    // record's allocation can be explained.
    let read = args.read.options(true);
    let pools = super::pools::first_pass(&plan, &args.records, &read, diags, diag_lang)?;
    let (mut outcome, trace) = evaluate_traced(&plan, &row.cells);
    let lang = match args.lang {
        Some(ExplainLang::Zh) => Lang::Zh,
        Some(ExplainLang::En) => Lang::En,
        None => plan.lang,
    };
    let clause = args.clause.as_deref();
    let notes = |outcome: &mut crate::eval::Outcome, money: fn(_) -> String| match &pools {
        Some(pools) => {
            pools.apply(ordinal, outcome);
            crate::report::pools::explain(&plan, ordinal, outcome, pools, lang, money)
        }
        None => Vec::new(),
    };
    let text = match args.format {
        ExplainFormat::Text => {
            let notes = notes(&mut outcome, crate::report::yuan_grouped);
            let mut text =
                explain_text(&plan, &row, &outcome, &trace, lang, clause, pools.as_ref());
            text.push_str(&crate::report::pools::explain_section(&notes, lang));
            text
        }
        ExplainFormat::Json => {
            let notes = notes(&mut outcome, crate::report::yuan);
            let e = explain_json(&plan, &row, &outcome, &trace, lang, clause, pools.as_ref());
            // INVARIANT: the explanation holds only strings, numbers, booleans and string-keyed
            // objects, which always serialise.
            let mut json = if notes.is_empty() {
                serde_json::to_string_pretty(&e).unwrap_or_default()
            } else {
                // The explanation's keys in its own order, then `pools`.
                serde_json::to_string_pretty(&WithPools {
                    explanation: &e,
                    pools: &notes,
                })
                .unwrap_or_default()
            };
            json.push('\n');
            json
        }
    };
    let exit = if row.errors.is_empty() && outcome.overflow.is_none() {
        Exit::Ok
    } else {
        Exit::DataErrors
    };
    Ok((text, exit))
}

/// Why no record could be explained.
#[derive(Debug)]
enum Missing {
    /// A file could not be read.
    Read(crate::data::ReadError),
    /// No record has the key.
    Id(UnknownId),
}

/// The first record whose key is `args.id`, reading the files in order, and its place among
/// the records read (counting from 0).
fn find(plan: &Plan, args: &ExplainArgs, key_slot: usize) -> Result<(Row, u64), Missing> {
    let options = ReadOptions {
        shared_keys: None,
        ..args.read.options(false)
    };
    let wanted = args.id.trim();
    let mut seen: Vec<String> = Vec::new();
    let mut ordinal = 0u64;
    for path in &args.records {
        let records = open_records(path, &plan.schema, &options).map_err(Missing::Read)?;
        for row in records {
            let row = row.map_err(Missing::Read)?;
            if let Some(Cell::Text(key)) = row.cells.get(key_slot) {
                if key.trim() == wanted {
                    return Ok((row, ordinal));
                }
                seen.push(key.clone());
            }
            ordinal += 1;
        }
    }
    Err(Missing::Id(unknown_id(plan, key_slot, &args.id, &seen)))
}

/// The error for a key no record has, suggesting the nearest key seen.
fn unknown_id(plan: &Plan, key_slot: usize, id: &str, seen: &[String]) -> UnknownId {
    UnknownId {
        id: id.to_string(),
        nearest: suggest(id.trim(), seen.iter().map(String::as_str)).map(String::from),
        field: plan
            .schema
            .fields
            .get(key_slot)
            .map_or_else(String::new, |f| f.name.clone()),
        read: seen.len(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn args(id: &str) -> ExplainArgs {
        ExplainArgs {
            policy: "policies/changchun-2021-7.policy".into(),
            records: vec!["examples/enterprises.csv".into()],
            id: id.into(),
            clause: None,
            format: ExplainFormat::Text,
            lang: None,
            set: Vec::new(),
            ..ExplainArgs::default()
        }
    }

    fn plan() -> Plan {
        let source = std::fs::read_to_string("policies/changchun-2021-7.policy").unwrap();
        crate::compile(&source).unwrap()
    }

    #[test]
    fn a_mistyped_key_suggests_the_nearest_one() {
        let plan = plan();
        let slot = plan.schema.key_slot().unwrap();
        // The last two characters of 91220174MABTE3G8FJ swapped.
        let Err(Missing::Id(e)) = find(&plan, &args("91220174MABTE3G8JF"), slot) else {
            panic!("expected an unknown key");
        };
        assert_eq!(e.to_string(), "no record has the key `91220174MABTE3G8JF`");
        assert_eq!(e.texts().help.en, "did you mean `91220174MABTE3G8FJ`?");
        assert_eq!(e.texts().help.zh, "是否应为 `91220174MABTE3G8FJ`？");
    }

    #[test]
    fn a_key_far_from_every_other_names_the_key_column() {
        let plan = plan();
        let slot = plan.schema.key_slot().unwrap();
        let Err(Missing::Id(e)) = find(&plan, &args("nobody"), slot) else {
            panic!("expected an unknown key");
        };
        assert_eq!(
            e.texts().help.en,
            "the key is the `统一社会信用代码` column; 101 records were read"
        );
    }

    #[test]
    fn a_key_is_found_with_spaces_around_it() {
        let plan = plan();
        let slot = plan.schema.key_slot().unwrap();
        let (row, ordinal) = find(&plan, &args(" 91220174MABTE3G8FJ "), slot).unwrap();
        assert_eq!(row.line, 93);
        // Row 93 under a header on row 1: the 92nd record, counting from 0.
        assert_eq!(ordinal, 91);
    }
}

/// An explanation with its fund pools' notes after its own keys, which keep their order.
#[derive(serde::Serialize)]
struct WithPools<'a, E: serde::Serialize> {
    #[serde(flatten)]
    explanation: &'a E,
    pools: &'a [crate::report::pools::PoolNote],
}
