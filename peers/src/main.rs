//! Notice 2021-7 in two other rule engines — zen-expression and regorus (Rego) — checked
//! against jiangbu record by record, then timed beside it.
//!
//! `cargo run --release --manifest-path peers/Cargo.toml -- [N] [RUNS]`: N generated records
//! (default 20000, seed 2021), RUNS timed passes per engine (default 5, at least 3).
//!
//! 1. Generate the sample CSV, read it with jiangbu's reader and the policy's schema, compile the
//!    policy and set its six parameters (as `benches/notice_2021_7.rs` does).
//! 2. Convert every row once into each engine's input value (not timed in the comparison).
//! 3. Agreement: per record, every benefit's status and amount, the award and its
//!    provisional flag of each engine against jiangbu's outcome.
//! 4. Timing: passes over all records, engines interleaved pass by pass so a change of load
//!    hits them alike; the median pass per record, and its ratio to jiangbu's.

// The hand-written Rust baseline of the main crate's bench, reused as is.
#[path = "../../benches/baseline/mod.rs"]
#[allow(dead_code, clippy::all)]
mod baseline;
mod decision;
mod record;
mod rego;
mod zen;

use std::hint::black_box;
use std::time::{Duration, Instant};

use jiangbu::data::{read_csv, Row};
use jiangbu::eval::plan::Plan;
use jiangbu::eval::value::Cell;

use decision::{Award, Decision, Status};

const POLICY: &str = include_str!("../../policies/changchun-2021-7.policy");
const SEED: u64 = 2021;
/// The parameters, as the bench's `SETS`: every amount is concrete.
const SETS: [(&str, &str); 6] = jiangbu::sample::PARAMETERS;
/// Disagreements printed in full per engine.
const SHOW: usize = 5;

fn plan() -> Plan {
    let mut plan =
        jiangbu::compile(POLICY).unwrap_or_else(|e| panic!("the shipped policy compiles: {e:?}"));
    for (name, value) in SETS {
        jiangbu::check::set_param(&mut plan, name, value)
            .unwrap_or_else(|e| panic!("--set {name}={value}: {e:?}"));
    }
    plan
}

fn rows(plan: &Plan, n: u64) -> (Vec<Row>, usize) {
    let mut csv = Vec::new();
    jiangbu::sample::write_csv(&mut csv, n, SEED).expect("writing to memory does not fail");
    let rows = read_csv(&csv[..], "sample.csv", &plan.schema)
        .expect("the sample has a valid header")
        .map(|r| r.expect("the sample's rows read"))
        .collect();
    (rows, csv.len())
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_string())
}

/// The baseline's outcome in the common shape.
fn of_baseline(o: &baseline::Outcome) -> Decision {
    let benefits = o
        .status
        .iter()
        .zip(&o.amount)
        .map(|(s, a)| {
            let status = match s {
                baseline::St::Eligible => Status::Eligible,
                baseline::St::Ineligible => Status::Ineligible,
                baseline::St::Undetermined => Status::Undetermined,
            };
            let amount = match a {
                baseline::Amt::Known(d) => Some(*d),
                _ => None,
            };
            (status, amount)
        })
        .collect::<Vec<_>>();
    let award = match o.award {
        baseline::Award::None => Award::None,
        baseline::Award::Pending => Award::Pending,
        baseline::Award::Awarded(m) => Award::Awarded {
            clause: decision::BENEFITS[m].clause.to_string(),
            amount: benefits[m].1,
        },
    };
    Decision {
        benefits,
        award,
        provisional: o.provisional,
    }
}

/// Compare an engine's decisions with jiangbu's; print the first few differences. Returns the
/// number of records that agree.
fn agreement(name: &str, labels: &[String], expected: &[Decision], actual: &[Decision]) -> usize {
    let mut agree = 0;
    let mut shown = 0;
    for ((label, e), a) in labels.iter().zip(expected).zip(actual) {
        if e == a {
            agree += 1;
            continue;
        }
        if shown < SHOW {
            shown += 1;
            println!("    {name}: {label} differs:");
            for line in decision::differences(e, a) {
                println!("  {line}");
            }
            println!("      jiangbu: {e}");
            println!("      {name}: {a}");
        }
    }
    println!(
        "    {name:<22} {agree} / {} agree{}",
        expected.len(),
        if agree == expected.len() {
            ""
        } else {
            "  <-- DISAGREEMENT"
        }
    );
    agree
}

/// jiangbu's decisions for these records.
fn jiangbu_decisions(plan: &Plan, cells: &[&[Cell]]) -> Vec<Decision> {
    cells
        .iter()
        .map(|c| Decision::of_jiangbu(plan, &jiangbu::evaluate(plan, c)))
        .collect()
}

/// Every other engine's decisions for these records, engines built for this plan's parameters.
fn peer_decisions(plan: &Plan, cells: &[&[Cell]]) -> Vec<(&'static str, Vec<Decision>)> {
    let layout = record::Layout::new(&plan.schema);
    let params = record::param_values(plan);
    let base_layout = baseline::Layout::new(&plan.schema);
    let base_params = baseline::params_of(plan);
    let expression = zen::compile();
    let mut zen_vm = zen_expression::vm::VM::new();
    let zen_params = zen::params(&params);
    let mut rego_vm = rego::rvm(&params);
    let mut rego_engine = rego::engine(&params);
    let rego_inputs = rego::Inputs::new(&layout, cells.iter().copied());
    vec![
        (
            "baseline (Rust)",
            cells
                .iter()
                .map(|c| {
                    let firm = baseline::Firm::from_cells(c, &base_layout);
                    of_baseline(&baseline::evaluate(&firm, &base_params))
                })
                .collect(),
        ),
        (
            "zen-expression",
            cells
                .iter()
                .map(|c| {
                    let input = zen::input(&layout, c, &zen_params);
                    zen::decision(&zen::evaluate(&expression, &mut zen_vm, &input))
                })
                .collect(),
        ),
        (
            "regorus RVM",
            rego_inputs
                .values
                .iter()
                .map(|i| rego::decision(&rego::evaluate_rvm(&mut rego_vm, i)))
                .collect(),
        ),
        (
            "regorus interpreter",
            rego_inputs
                .values
                .iter()
                .map(|i| rego::decision(&rego::evaluate_interpreter(&mut rego_engine, i)))
                .collect(),
        ),
    ]
}

/// Check every peer against jiangbu on these records; true when all agree on all.
fn check(plan: &Plan, cells: &[&[Cell]], labels: &[String]) -> bool {
    let expected = jiangbu_decisions(plan, cells);
    println!("    jiangbu's mix: {}", mix(&expected));
    let mut all = true;
    for (name, actual) in peer_decisions(plan, cells) {
        all &= agreement(name, labels, &expected, &actual) == expected.len();
    }
    all
}

/// The policy's worked examples (示例), each evaluated with its own parameter values (设定).
fn check_examples(plan: &Plan) -> bool {
    let mut expected = Vec::new();
    let mut actual: Vec<(&'static str, Vec<Decision>)> = Vec::new();
    let mut labels = Vec::new();
    for example in &plan.examples {
        let mut own = plan.clone();
        for (index, value) in &example.sets {
            if let Some(p) = own.params.get_mut(*index) {
                p.value = value.clone();
            }
        }
        let cells = [example.cells.as_slice()];
        expected.extend(jiangbu_decisions(&own, &cells));
        for (i, (name, mut decisions)) in peer_decisions(&own, &cells).into_iter().enumerate() {
            match actual.get_mut(i) {
                Some((_, all)) => all.append(&mut decisions),
                None => actual.push((name, decisions)),
            }
        }
        labels.push(format!("示例 \"{}\"", example.name));
    }
    println!("    jiangbu's mix: {}", mix(&expected));
    let mut all = true;
    for (name, decisions) in &actual {
        all &= agreement(name, &labels, &expected, decisions) == expected.len();
    }
    all
}

/// The rows with about 8% of the cells the notice reads made blank (4%) or malformed (4%),
/// chosen by a fixed hash of row and field: unknown values everywhere, optional fields that are
/// malformed (unknown) rather than blank (absent), so the three-valued corners are exercised.
fn perturb(rows: &[Row], schema: &jiangbu::schema::Schema) -> Vec<Vec<Cell>> {
    let slots: Vec<usize> = record::FIELDS
        .iter()
        .map(|(_, name)| schema.slot(name).expect("a field of the record"))
        .collect();
    rows.iter()
        .enumerate()
        .map(|(r, row)| {
            let mut cells = row.cells.clone();
            for (f, &slot) in slots.iter().enumerate() {
                // SplitMix64 of (row, field).
                let mut z = (r as u64) << 8 | f as u64;
                z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
                z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
                z ^= z >> 31;
                match z % 100 {
                    0..=3 => cells[slot] = Cell::Blank,
                    4..=7 => cells[slot] = Cell::Malformed,
                    _ => {}
                }
            }
            cells
        })
        .collect()
}

/// An engine to time: one pass over all records.
struct Timed<'a> {
    name: &'static str,
    pass: Box<dyn FnMut() + 'a>,
    times: Vec<Duration>,
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: u64 = args
        .next()
        .map(|a| {
            a.parse()
                .expect("N, the number of records, is a whole number")
        })
        .unwrap_or(20_000);
    let runs: usize = args
        .next()
        .map(|a| a.parse().expect("RUNS is a whole number"))
        .unwrap_or(5)
        .max(3);
    println!("load average (1, 5, 15 min) at start: {}", load());

    let plan = plan();
    decision::check_benefits(&plan);
    let (rows, csv_bytes) = rows(&plan, n);
    let cells: Vec<&[Cell]> = rows.iter().map(|r| r.cells.as_slice()).collect();
    println!(
        "{} records (seed {SEED}, {csv_bytes} bytes of CSV), parameters set: {}",
        rows.len(),
        SETS.map(|(k, v)| format!("{k}={v}")).join(" ")
    );

    // Engines, compiled once.
    let layout = record::Layout::new(&plan.schema);
    let params = record::param_values(&plan);
    let zen_expression = zen::compile();
    let mut zen_vm = zen_expression::vm::VM::new();
    let mut rego_vm = rego::rvm(&params);
    let mut rego_engine = rego::engine(&params);
    let base_layout = baseline::Layout::new(&plan.schema);
    let base_params = baseline::params_of(&plan);

    // Inputs, converted once (not part of the timed evaluation).
    let t = Instant::now();
    let zen_params = zen::params(&params);
    let zen_inputs: Vec<zen_expression::Variable> = cells
        .iter()
        .map(|c| zen::input(&layout, c, &zen_params))
        .collect();
    let zen_conversion = t.elapsed();
    let t = Instant::now();
    let rego_inputs = rego::Inputs::new(&layout, cells.iter().copied());
    let rego_conversion = t.elapsed();
    let t = Instant::now();
    let firms: Vec<baseline::Firm> = cells
        .iter()
        .map(|c| baseline::Firm::from_cells(c, &base_layout))
        .collect();
    let baseline_conversion = t.elapsed();
    let per = |d: Duration| d.as_nanos() as f64 / rows.len().max(1) as f64;
    println!(
        "input conversion, once, not timed below (ns/record): zen {:.0}, rego {:.0}, baseline {:.0}",
        per(zen_conversion),
        per(rego_conversion),
        per(baseline_conversion)
    );
    if rego_inputs.inexact > 0 {
        println!(
            "  note: {} money cells are not whole yuan and reach Rego as f64",
            rego_inputs.inexact
        );
    }

    // Agreement, before any timing: the timed workload first, then harder inputs.
    println!(
        "\nagreement with jiangbu (status and amount of all 12 benefits, award, provisional):"
    );
    let labels: Vec<String> = rows.iter().map(|r| format!("row {}", r.line)).collect();
    let tbd = jiangbu::compile(POLICY).unwrap_or_else(|e| panic!("the policy compiles: {e:?}"));
    let perturbed = perturb(&rows, &plan.schema);
    let perturbed_cells: Vec<&[Cell]> = perturbed.iter().map(Vec::as_slice).collect();
    let suites: [(&str, &Plan, &[&[Cell]]); 4] = [
        (
            "the sample, parameters set (the timed workload)",
            &plan,
            &cells,
        ),
        ("the sample, parameters 待定", &tbd, &cells),
        (
            "the sample with ~8% of the cells read made blank or malformed, parameters set",
            &plan,
            &perturbed_cells,
        ),
        (
            "the same perturbed sample, parameters 待定",
            &tbd,
            &perturbed_cells,
        ),
    ];
    let mut all_agree = true;
    for (title, suite_plan, suite_cells) in suites {
        println!("- {title}:");
        all_agree &= check(suite_plan, suite_cells, &labels);
    }
    println!(
        "- the policy's {} worked examples (示例), each with its own 设定:",
        tbd.examples.len()
    );
    all_agree &= check_examples(&tbd);
    describe(&jiangbu_decisions(&plan, &cells));

    // Timing. jiangbu evaluates into one reused `Outcome`, as `jiangbu eval` does.
    let mut outcome = jiangbu::eval::Outcome::default();
    let mut engines = vec![
        Timed {
            name: "jiangbu",
            pass: Box::new(|| {
                for c in &cells {
                    jiangbu::eval::evaluate_into(&plan, black_box(c), &mut outcome);
                    black_box(&outcome);
                }
            }),
            times: Vec::new(),
        },
        Timed {
            name: "baseline (Rust)",
            pass: Box::new(|| {
                for f in &firms {
                    black_box(baseline::evaluate(black_box(f), &base_params));
                }
            }),
            times: Vec::new(),
        },
        Timed {
            name: "zen-expression",
            pass: Box::new(|| {
                for i in &zen_inputs {
                    black_box(zen::evaluate(&zen_expression, &mut zen_vm, black_box(i)));
                }
            }),
            times: Vec::new(),
        },
        Timed {
            name: "regorus RVM",
            pass: Box::new(|| {
                for i in &rego_inputs.values {
                    black_box(rego::evaluate_rvm(&mut rego_vm, black_box(i)));
                }
            }),
            times: Vec::new(),
        },
        Timed {
            name: "regorus interpreter",
            pass: Box::new(|| {
                for i in &rego_inputs.values {
                    black_box(rego::evaluate_interpreter(&mut rego_engine, black_box(i)));
                }
            }),
            times: Vec::new(),
        },
    ];
    println!("\ntiming: 1 warm-up pass + {runs} timed passes per engine, interleaved ...");
    for e in &mut engines {
        (e.pass)();
    }
    for _ in 0..runs {
        for e in &mut engines {
            let t = Instant::now();
            (e.pass)();
            e.times.push(t.elapsed());
        }
    }
    let jiangbu_median = per(median(&engines[0].times));
    println!(
        "\n| engine | median ns/record | min | max | ratio to jiangbu (median) |\n|---|---|---|---|---|"
    );
    for e in &engines {
        let (m, lo, hi) = (
            per(median(&e.times)),
            per(*e.times.iter().min().expect("at least 3 passes")),
            per(*e.times.iter().max().expect("at least 3 passes")),
        );
        println!(
            "| {} | {m:.0} | {lo:.0} | {hi:.0} | {:.2}× |",
            e.name,
            m / jiangbu_median
        );
    }
    println!("\nload average (1, 5, 15 min) at end: {}", load());
    if !all_agree {
        println!("\nSOME ENGINE DISAGREES WITH JIANGBU: see above");
        std::process::exit(1);
    }
}

/// A one-line summary of decisions: how many benefit statuses are undetermined, the awards.
fn mix(decisions: &[Decision]) -> String {
    let undetermined = decisions
        .iter()
        .flat_map(|d| &d.benefits)
        .filter(|(s, _)| *s == Status::Undetermined)
        .count();
    let mut awards = [0u64; 3];
    for d in decisions {
        awards[match d.award {
            Award::Awarded { .. } => 0,
            Award::Pending => 1,
            Award::None => 2,
        }] += 1;
    }
    let provisional = decisions.iter().filter(|d| d.provisional).count();
    format!(
        "{undetermined} undetermined benefit statuses; awards [awarded, pending, none] {awards:?}, \
         {provisional} provisional"
    )
}

/// The sample's mix of statuses and awards (parameters set), so the timing's workload is on
/// record.
fn describe(expected: &[Decision]) {
    let mut counts = [[0u64; 3]; 12];
    let mut awards = [0u64; 3];
    let mut provisional = 0;
    for d in expected {
        for (c, (s, _)) in counts.iter_mut().zip(&d.benefits) {
            c[*s as usize] += 1;
        }
        awards[match d.award {
            Award::Awarded { .. } => 0,
            Award::Pending => 1,
            Award::None => 2,
        }] += 1;
        provisional += u64::from(d.provisional);
    }
    println!("sample mix per benefit [eligible, ineligible, undetermined]:");
    for (b, c) in decision::BENEFITS.iter().zip(counts) {
        println!("  {} {}: {c:?}", b.clause, b.name);
    }
    println!("award [awarded, pending, none]: {awards:?}, provisional: {provisional}");
}
