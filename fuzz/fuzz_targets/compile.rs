//! Target (a): parse and check any policy text. No input may panic, hang or overflow the stack;
//! a policy that compiles must also evaluate a record of blank cells.
#![no_main]

use jiangbu::eval::value::Cell;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(plan) = jiangbu::compile(text) {
        let blank = vec![Cell::Blank; plan.schema.fields.len()];
        let outcome = jiangbu::evaluate(&plan, &blank);
        assert_eq!(outcome.benefits.len(), plan.benefits.len());
        assert_eq!(outcome.groups.len(), plan.groups.len());
    }
});
