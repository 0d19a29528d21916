//! Usage errors refused before any policy is compiled speak the language of the policy named,
//! like every other message of the run, not `LANG`'s: `-` given twice, and `fmt -o` with several
//! policies. (`LANG=zh_CN.UTF-8` below, so an English message proves the policy chose.)

use std::process::Command;

use serde_json::Value;

const ZH: &str = "policies/changchun-2021-7.policy";
const EN: &str = "policies/changchun-2021-7.en.policy";

/// Run with `LANG` set and JSON diagnostics: (exit status, the one diagnostic).
fn refused(args: &[&str], lang: &str) -> (Option<i32>, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_jiangbu"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .args(["--error-format", "json"])
        .env("LANG", lang)
        .output()
        .unwrap();
    let line = serde_json::from_slice(&out.stderr)
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), line)
}

fn is_chinese(v: &Value) -> bool {
    v["message"]
        .as_str()
        .unwrap()
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn stdin_twice_speaks_the_policy_language() {
    for (policy, lang, zh) in [(EN, "zh_CN.UTF-8", false), (ZH, "C", true)] {
        let (code, line) = refused(&["eval", policy, "-", "-"], lang);
        assert_eq!(code, Some(2));
        assert_eq!(line["code"], "jiangbu::cli::stdin_twice");
        assert_eq!(is_chinese(&line), zh, "{policy}: {line}");
    }
    // No policy file named: `LANG` decides.
    let (_, line) = refused(&["check", "-", "-"], "zh_CN.UTF-8");
    assert!(is_chinese(&line), "{line}");
    let (_, line) = refused(&["check", "-", "-"], "C");
    assert!(!is_chinese(&line), "{line}");
}

#[test]
fn fmt_o_with_several_policies_speaks_the_first_policy_language() {
    for (first, second, lang, zh) in [(EN, ZH, "zh_CN.UTF-8", false), (ZH, EN, "C", true)] {
        let (code, line) = refused(&["fmt", first, second, "-o", "out.policy"], lang);
        assert_eq!(code, Some(2));
        assert_eq!(line["code"], "jiangbu::cli::one_output");
        assert_eq!(is_chinese(&line), zh, "{first}: {line}");
    }
}
