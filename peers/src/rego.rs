//! Notice 2021-7 in Rego, run by regorus (`changchun-2021-7.rego` beside this file).
//!
//! Two ways of running it are timed:
//! - the **RVM**: the policy compiled once to a `CompiledPolicy` and then to an RVM program
//!   (register-based bytecode); one `RegoVM` is reused, only the input is set per record;
//! - the **interpreter**: `Engine::eval_rule` on an engine holding the parsed policy and the
//!   data, with the input set per record (regorus' classic tree-walking path).
//!
//! Numbers: Rego numbers are integers (exact, arbitrary size) or `f64`. Money is passed as an
//! integer when the decimal is whole (every amount the sample generator writes is), else as the
//! nearest `f64`; [`Inputs::inexact`] counts those. The growth division is an `f64` quotient
//! (Rego has no exact decimal); with whole-yuan operands below 2^53 the comparison with 6% still
//! decides exactly (see the README).

use std::sync::Arc;

use jiangbu::eval::value::Cell;
use regorus::languages::rego::compiler::Compiler;
use regorus::rvm::program::Program;
use regorus::rvm::vm::RegoVM;
use regorus::{Engine, Value};
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;

use crate::decision::{Award, Decision, Status, BENEFITS};
use crate::record::{Field, Layout};

/// The policy text.
pub const POLICY: &str = include_str!("changchun-2021-7.rego");

/// The policy evaluated: the file above, or the one named by `PEERS_REGO` (to try a variant of
/// the policy without rebuilding; the agreement check still applies to it).
fn policy() -> String {
    match std::env::var("PEERS_REGO") {
        Ok(path) => std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("PEERS_REGO={path} cannot be read: {e}")),
        Err(_) => POLICY.to_string(),
    }
}

/// The rule that holds the decision.
pub const ENTRY_POINT: &str = "data.changchun.result";

/// An engine with the policy and the parameters loaded.
pub fn engine(params: &[(&'static str, Option<Decimal>)]) -> Engine {
    let mut engine = Engine::new();
    engine
        .add_policy("changchun-2021-7.rego".to_string(), policy())
        .unwrap_or_else(|e| panic!("regorus parses the policy: {e}"));
    engine
        .add_data(data(params))
        .unwrap_or_else(|e| panic!("regorus takes the data document: {e}"));
    engine
}

/// The data document: `{"params": {"p1": …, …}}`.
pub fn data(params: &[(&'static str, Option<Decimal>)]) -> Value {
    let mut inexact = 0;
    let mut p = Value::new_object();
    for &(key, value) in params {
        let v = value.map_or(Value::Null, |d| number(d, &mut inexact));
        p.as_object_mut()
            .expect("an object")
            .insert(Value::from(key), v);
    }
    let mut data = Value::new_object();
    data.as_object_mut()
        .expect("an object")
        .insert(Value::from("params"), p);
    data
}

/// The policy compiled to an RVM program, and a VM loaded with it and the data.
pub fn rvm(params: &[(&'static str, Option<Decimal>)]) -> RegoVM {
    let mut engine = engine(params);
    let entry: regorus::Rc<str> = ENTRY_POINT.into();
    let compiled = engine
        .compile_with_entrypoint(&entry)
        .unwrap_or_else(|e| panic!("regorus compiles the policy: {e}"));
    let program: Arc<Program> = Compiler::compile_from_policy(&compiled, &[ENTRY_POINT])
        .unwrap_or_else(|e| panic!("regorus compiles the policy to an RVM program: {e}"));
    let mut vm = RegoVM::new();
    vm.load_program(program);
    vm.set_data(data(params))
        .unwrap_or_else(|e| panic!("the RVM takes the data document: {e}"));
    vm
}

/// A decimal as a Rego number: an integer when whole, else the nearest `f64` (counted).
fn number(d: Decimal, inexact: &mut u64) -> Value {
    if d.fract().is_zero() {
        if let Some(i) = d.to_i64() {
            return Value::from(i);
        }
    }
    *inexact += 1;
    Value::from(d.to_f64().expect("a decimal has a nearest f64"))
}

/// Records as Rego input values, built once before timing.
pub struct Inputs {
    pub values: Vec<Value>,
    /// Money cells that are not whole yuan and were passed as `f64`.
    pub inexact: u64,
}

impl Inputs {
    pub fn new<'a>(layout: &Layout, rows: impl Iterator<Item = &'a [Cell]>) -> Inputs {
        let mut inexact = 0;
        let values = rows
            .map(|cells| input(layout, cells, &mut inexact))
            .collect();
        Inputs { values, inexact }
    }
}

fn input(layout: &Layout, cells: &[Cell], inexact: &mut u64) -> Value {
    let mut value = Value::new_object();
    let object = value.as_object_mut().expect("an object");
    for (key, field) in layout.fields(cells) {
        let v = match field {
            // An absent optional field is left out: `input.project_date` is undefined.
            Field::Absent => continue,
            Field::Unknown => Value::Null,
            Field::Num(d) => number(d, inexact),
            Field::Bool(b) => Value::from(b),
            Field::Date(d) => Value::from(d.to_string()),
            Field::Word(w) => Value::from(w),
        };
        object.insert(Value::from(key), v);
    }
    value
}

/// Evaluate one record on the RVM: what is timed.
pub fn evaluate_rvm(vm: &mut RegoVM, input: &Value) -> Value {
    vm.set_input(input.clone());
    vm.execute()
        .unwrap_or_else(|e| panic!("the RVM evaluates the policy: {e}"))
}

/// Evaluate one record with the interpreter: what is timed.
pub fn evaluate_interpreter(engine: &mut Engine, input: &Value) -> Value {
    engine.set_input(input.clone());
    engine
        .eval_rule(ENTRY_POINT.to_string())
        .unwrap_or_else(|e| panic!("regorus evaluates the policy: {e}"))
}

fn amount(v: &Value, what: &str) -> Option<Decimal> {
    match v {
        Value::Null => None,
        Value::Number(_) => Some(match v.as_i64() {
            Ok(i) => Decimal::from(i),
            Err(_) => v
                .as_f64()
                .ok()
                .and_then(Decimal::from_f64)
                .unwrap_or_else(|| panic!("{what} is a finite number")),
        }),
        other => panic!("{what} is a number or null, got {other:?}"),
    }
}

fn text<'a>(v: &'a Value, what: &str) -> &'a str {
    v.as_string()
        .unwrap_or_else(|_| panic!("{what} is a string, got {v:?}"))
}

/// Rego's result in the common shape.
pub fn decision(result: &Value) -> Decision {
    let list = result["benefits"]
        .as_array()
        .unwrap_or_else(|_| panic!("result.benefits is an array, got {result:?}"));
    assert_eq!(list.len(), BENEFITS.len(), "one entry per benefit");
    let benefits = list
        .iter()
        .zip(&BENEFITS)
        .map(|(b, expected)| {
            assert_eq!(text(&b["name"], "a benefit's name"), expected.name);
            let status = match text(&b["status"], "a status") {
                "eligible" => Status::Eligible,
                "ineligible" => Status::Ineligible,
                "undetermined" => Status::Undetermined,
                other => panic!("unexpected status {other}"),
            };
            (status, amount(&b["amount"], "an amount"))
        })
        .collect();
    let award = &result["award"];
    let award = match text(&award["status"], "award.status") {
        "none" => Award::None,
        "pending" => Award::Pending,
        "awarded" => Award::Awarded {
            clause: text(&award["clause"], "award.clause").to_string(),
            amount: amount(&award["amount"], "award.amount"),
        },
        other => panic!("unexpected award status {other}"),
    };
    let provisional = *result["provisional"]
        .as_bool()
        .unwrap_or_else(|_| panic!("result.provisional is a boolean, got {result:?}"));
    Decision {
        benefits,
        award,
        provisional,
    }
}
