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

/// Command lines clap refuses are told as jiangbu's own usage errors: a stable code, the run's
/// language (the policy's, with `LANG=zh_CN.UTF-8` for the English one), exit status 2.
#[test]
fn command_lines_clap_refuses_speak_the_policy_language() {
    const RECORDS: &str = "examples/enterprises.csv";
    let cases: [(&[&str], &str); 5] = [
        (&["--formt", "csv"], "jiangbu::cli::unknown_argument"),
        (&["--format", "xml"], "jiangbu::cli::invalid_value"),
        (&["--jobs", "abc"], "jiangbu::cli::invalid_value"),
        (&["--lang", "fr"], "jiangbu::cli::invalid_value"),
        (&["--input-format"], "jiangbu::cli::invalid_value"),
    ];
    for (policy, lang, zh) in [(EN, "zh_CN.UTF-8", false), (ZH, "C", true)] {
        for (extra, code) in cases {
            let mut args = vec!["eval", policy, RECORDS];
            args.extend(extra);
            let (status, line) = refused(&args, lang);
            assert_eq!(status, Some(2), "{args:?}");
            assert_eq!(line["code"], code, "{args:?}: {line}");
            // (`--lang fr` names no language: the policy's is kept.)
            assert_eq!(is_chinese(&line), zh, "{args:?}: {line}");
        }
        // A missing argument, with the policy named.
        let (status, line) = refused(&["eval", policy], lang);
        assert_eq!(status, Some(2));
        assert_eq!(line["code"], "jiangbu::cli::missing_argument");
        assert_eq!(is_chinese(&line), zh, "{line}");
    }
    // The value's list and clap's suggestion are kept: `--formt` → `--format`.
    let (_, line) = refused(&["eval", ZH, RECORDS, "--format", "xml"], "C");
    assert_eq!(
        line["help"],
        "请从以下取值中选一个：`table`、`json`、`jsonl`、`csv`、`xlsx`"
    );
    let (_, line) = refused(&["eval", EN, RECORDS, "--formt", "csv"], "C");
    assert_eq!(
        line["message"],
        "`jiangbu eval` takes no argument `--formt`"
    );
    assert_eq!(line["help"], "did you mean `--format`?");
    // `--lang` decides over the policy; with no policy named, `LANG` decides.
    let (_, line) = refused(&["eval", ZH, RECORDS, "--bogus", "--lang", "en"], "C");
    assert!(!is_chinese(&line), "{line}");
    let (_, line) = refused(&["evaluate", "x"], "zh_CN.UTF-8");
    assert_eq!(line["code"], "jiangbu::cli::unknown_command");
    assert_eq!(line["message"], "`jiangbu` 没有子命令 `evaluate`");
    assert_eq!(line["help"], "是否想写 `eval`？");
    let (_, line) = refused(&["evaluate", "x"], "C");
    assert_eq!(line["message"], "`jiangbu` has no command `evaluate`");
    // A flag given twice is not "in conflict with itself".
    let (status, line) = refused(&["eval", ZH, RECORDS, "--jobs", "1", "--jobs", "2"], "C");
    assert_eq!(status, Some(2));
    assert_eq!(line["code"], "jiangbu::cli::conflict");
    assert_eq!(line["message"], "`--jobs <N>` 给出了两次");
    assert_eq!(line["help"], "只给出一次");
}

/// The same, as people read them: one snapshot per language.
#[test]
fn command_lines_clap_refuses_read_as_diagnostics_in_both_languages() {
    let run = |args: &[&str], lang: &str| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_jiangbu"));
        cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(args)
            .env("LANG", lang)
            .env("NO_COLOR", "1");
        cmd
    };
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("../snapshots/cli");
    settings.bind(|| {
        insta_cmd::assert_cmd_snapshot!(
            "refused_value_zh",
            run(
                &["eval", ZH, "examples/enterprises.csv", "--format", "xml"],
                "C"
            )
        );
        insta_cmd::assert_cmd_snapshot!(
            "refused_value_en",
            run(
                &["eval", EN, "examples/enterprises.csv", "--format", "xml"],
                "zh_CN.UTF-8"
            )
        );
        insta_cmd::assert_cmd_snapshot!("refused_missing_zh", run(&["eval", ZH], "C"));
        insta_cmd::assert_cmd_snapshot!("refused_missing_en", run(&["eval", EN], "zh_CN.UTF-8"));
    });
}
