//! `jiangbu test POLICY…`: run the worked examples kept in the policies.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::usage::stdin_once;
use super::{load, output_failed, DiagArgs, Diagnostics, Exit};
use crate::diag::{text, Word};
use crate::eval::amount::Amount;
use crate::eval::decision::Pay;
use crate::eval::outcome::Due;
use crate::eval::plan::{ExamplePlan, Plan};
use crate::eval::Outcome;
use crate::example::{run_example, ExampleRun, Mismatch};
use crate::output::Output;
// Money as the table, the summaries and explain print it, with thousands separators.
use crate::report::yuan_grouped as yuan;
use crate::syntax::ast::BenefitKind;
use crate::syntax::keywords::Lang;

/// Report formats of `jiangbu test`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TestFormat {
    /// Pass / fail per example; a failure shows expected against actual.
    Text,
    /// JUnit XML, for CI systems.
    Junit,
}

/// Arguments of `jiangbu test`.
#[derive(Debug, clap::Args)]
pub struct TestArgs {
    /// Policy files whose examples (`示例`) to run (`-`: standard input).
    #[arg(required = true)]
    pub policies: Vec<PathBuf>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = TestFormat::Text)]
    pub format: TestFormat,
    /// Write the report to a file instead of standard output (`-`: standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Language and format of diagnostics.
    #[command(flatten)]
    pub diag: DiagArgs,
}

struct Suite {
    path: String,
    plan: Plan,
    runs: Vec<ExampleRun>,
}

/// Run every example of every policy; exit 1 when one fails or a policy is invalid.
pub fn test(args: &TestArgs, diags: &Diagnostics) -> Exit {
    let diags = &diags.with_args(&args.diag);
    if let Err(exit) = stdin_once(args.policies.iter().map(PathBuf::as_path), diags) {
        return exit;
    }
    let mut suites = Vec::new();
    let mut exit = Exit::Ok;
    // One language for the whole run: `--lang`, else the first policy's, else `LANG`.
    let mut run_lang = None;
    for path in &args.policies {
        let Some(plan) = load(path, diags) else {
            // Its errors were printed in its own language: so is the run's summary.
            run_lang.get_or_insert_with(|| super::usage::usage_lang(diags, path));
            exit = Exit::Failed;
            continue;
        };
        let lang = *run_lang.get_or_insert_with(|| diags.lang(Some(plan.lang)));
        let runs = plan
            .examples
            .iter()
            .map(|e| run_example(&plan, e, lang))
            .collect();
        suites.push(Suite {
            path: path.display().to_string(),
            plan,
            runs,
        });
    }
    if suites
        .iter()
        .any(|s| s.runs.iter().any(|r| !r.mismatches.is_empty()))
    {
        exit = Exit::Failed;
    }
    let lang = run_lang.unwrap_or_else(|| diags.lang(None));
    let out = match args.format {
        TestFormat::Text => report(&suites, lang),
        TestFormat::Junit => junit(&suites, lang),
    };
    let inputs: Vec<&Path> = args.policies.iter().map(PathBuf::as_path).collect();
    let written =
        Output::to(args.output.as_deref(), &inputs).and_then(|o| o.write_all(out.as_bytes()));
    match written {
        Ok(()) => exit,
        // A closed pipe: the examples' result stands.
        Err(error) => match output_failed(error, diags, lang) {
            Exit::Ok => exit,
            failed => failed,
        },
    }
}

fn report(suites: &[Suite], lang: Lang) -> String {
    let w = |word: Word| word.get(lang);
    let mut out = String::new();
    let (mut passed, mut failed) = (0, 0);
    for s in suites {
        let _ = writeln!(out, "{}", s.path);
        if s.plan.examples.is_empty() {
            let _ = writeln!(out, "  {}", w(Word::NoExamples));
        }
        for (example, run) in s.plan.examples.iter().zip(&s.runs) {
            if run.mismatches.is_empty() {
                passed += 1;
                let _ = writeln!(out, "  {:<6}{}", w(Word::TestOk), example.name);
                continue;
            }
            failed += 1;
            let line = line_of(&s.plan.source, example.span.start as usize);
            let _ = writeln!(out, "  {:<6}{}", w(Word::TestFail), example.name);
            let path = &s.path;
            let at = text!("at {path}:{line}", "位于 {path}:{line}");
            let _ = writeln!(out, "        {}", at.get(lang));
            for m in &run.mismatches {
                let _ = writeln!(out, "        {}", expectation_line(m, lang));
                let _ = writeln!(out, "          {}{}", w(Word::TestExpected), m.expected);
                let _ = writeln!(out, "          {}{}", w(Word::TestActual), m.actual);
            }
            out.push_str(&actual_result(run, example, lang));
        }
    }
    let total = passed + failed;
    let line = match total {
        1 => text!(
            "1 example: {passed} passed, {failed} failed",
            "共 1 个示例：通过 {passed} 个，失败 {failed} 个"
        ),
        _ => text!(
            "{total} examples: {passed} passed, {failed} failed",
            "共 {total} 个示例：通过 {passed} 个，失败 {failed} 个"
        ),
    };
    let _ = writeln!(out, "\n{}", line.get(lang));
    out
}

/// The expectation as written, naming its record when it is about one record of several and
/// names it by its place (`2 第一条 …`) rather than its key.
fn expectation_line(m: &Mismatch, lang: Lang) -> String {
    match &m.record {
        Some(label) if !m.expectation.starts_with(&format!("\"{label}\"")) => {
            let (expectation, record) = (&m.expectation, Word::ExampleRecord.get(lang));
            text!(
                "{expectation} ({record} \"{label}\")",
                "{expectation}（{record} \"{label}\"）"
            )
            .get(lang)
            .to_string()
        }
        _ => m.expectation.clone(),
    }
}

/// The 1-based line of byte offset `at` in `source`.
fn line_of(source: &str, at: usize) -> usize {
    1 + source
        .as_bytes()
        .iter()
        .take(at)
        .filter(|&&b| b == b'\n')
        .count()
}

/// The actual result of a failed example: every subsidy's status, amount and reason, record by
/// record in an example of several; and each fund pool's outcome.
fn actual_result(run: &ExampleRun, example: &ExamplePlan, lang: Lang) -> String {
    let w = |word: Word| word.get(lang);
    let mut out = format!("        {}\n", w(Word::TestGave));
    let batch = example.records.len() > 1;
    for (record, outcome) in example.records.iter().zip(&run.outcomes) {
        let indent = if batch {
            let _ = writeln!(
                out,
                "          {} \"{}\"",
                w(Word::ExampleRecord),
                record.label
            );
            "            "
        } else {
            "          "
        };
        benefits(&mut out, &run.plan, outcome, indent, lang);
    }
    if let Some(pools) = &run.pools {
        for p in &pools.pools {
            let money = |d: Option<rust_decimal::Decimal>| match d {
                Some(d) => yuan(d),
                None => w(Word::Tbd).to_string(),
            };
            let cutoff = match p.cutoff {
                Some(rank) => format!(" {} {rank}", w(Word::ExampleCutoff)),
                None => String::new(),
            };
            // A pool without a total (a quota, or amounts by rank) leaves nothing unspent.
            let unspent = match p.capped {
                true => format!(" {} {}", w(Word::ExampleUnspent), money(p.unspent)),
                false => String::new(),
            };
            let _ = writeln!(
                out,
                "          {} {} {}{unspent}{cutoff}",
                p.name,
                w(Word::ExampleAllocated),
                money(p.allocated),
            );
        }
    }
    out
}

/// One record's subsidies: status, amount, what is paid and allocated, installments, reason.
fn benefits(out: &mut String, plan: &Plan, outcome: &Outcome, indent: &str, lang: Lang) {
    let w = |word: Word| word.get(lang);
    for (p, b) in plan.benefits.iter().zip(&outcome.benefits) {
        let clause = plan.clauses.get(p.clause).map_or("", |c| c.id.as_str());
        let amount = match b.amount {
            Some(Amount::Known(a)) if p.kind == BenefitKind::Subsidy => format!(" {}", yuan(a)),
            Some(Amount::Range(lo, hi)) => format!(" {} – {}", yuan(lo), yuan(hi)),
            _ => String::new(),
        };
        // What the decision pays, where a group changed it.
        let paid = match (b.pay, b.pay.known(), b.amount.and_then(|a| a.known())) {
            (Pay::SetAside(_), _, _) => format!(" {}", w(Word::SetAside)),
            (_, Some(p), Some(a)) if p != a => {
                format!(" {} {}", w(Word::ExamplePayable), yuan(p))
            }
            _ => String::new(),
        };
        // What its fund pool allocates it.
        let allocated = match b.allocated {
            Due::Known(a) => format!(" {} {}", w(Word::ExampleAllocated), yuan(a)),
            Due::Unknown => format!(" {} {}", w(Word::ExampleAllocated), w(Word::Tbd)),
            Due::None => String::new(),
        };
        let installments: Vec<String> = p
            .installments
            .iter()
            .zip(&b.installments)
            .map(|((label, _), part)| match part {
                Some(part) => format!("{label} {}", yuan(*part)),
                None => format!("{label} {}", w(Word::Tbd)),
            })
            .collect();
        let installments = if installments.is_empty() {
            String::new()
        } else {
            format!(
                " {} {}",
                w(Word::ExampleInstallments),
                installments.join(w(Word::ListSep))
            )
        };
        let amount = format!("{amount}{paid}{allocated}{installments}");
        let reason = b
            .reason
            .map(|r| {
                let why = r.describe(plan, lang);
                text!(" ({why})", "（{why}）").get(lang).to_string()
            })
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{indent}{clause}.{} {}{amount}{reason}",
            p.name,
            w(crate::report::status_word(b.status))
        );
    }
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A mismatch on one line, for JUnit: `第三条 金额 36000：expected …, actual …`.
fn mismatch_line(m: &Mismatch, lang: Lang) -> String {
    let expectation = expectation_line(m, lang);
    let (expected, actual) = (&m.expected, &m.actual);
    text!(
        "{expectation}: expected {expected}, actual {actual}",
        "{expectation}：期望 {expected}，实际 {actual}"
    )
    .get(lang)
    .to_string()
}

fn junit(suites: &[Suite], lang: Lang) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    for s in suites {
        let failures = s.runs.iter().filter(|r| !r.mismatches.is_empty()).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\">",
            xml(&s.path),
            s.runs.len()
        );
        for (example, run) in s.plan.examples.iter().zip(&s.runs) {
            let _ = write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\"",
                xml(&s.path),
                xml(&example.name)
            );
            if run.mismatches.is_empty() {
                out.push_str("/>\n");
                continue;
            }
            let mut body = String::new();
            for m in &run.mismatches {
                let _ = writeln!(body, "{}", mismatch_line(m, lang));
            }
            body.push_str(&actual_result(run, example, lang));
            let first = mismatch_line(&run.mismatches[0], lang);
            let _ = write!(
                out,
                ">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                xml(&first),
                xml(&body)
            );
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
