//! The command line in English where issue 14 made a Chinese-only output follow the run's
//! language: `schema` of the English policy (labels, JSON Schema descriptions). The Chinese
//! forms are `cli.rs`'s `schema_csv_with_labels` and `schema_json`.

use std::process::Command;

use insta_cmd::assert_cmd_snapshot;

const EN: &str = "policies/changchun-2021-7.en.policy";

fn jiangbu() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jiangbu"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env("NO_COLOR", "1").env("LANG", "C");
    cmd
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_prepend_module_to_snapshot(false);
    s.set_snapshot_path("../snapshots/cli");
    s
}

#[test]
fn schema_csv_with_labels_in_english() {
    settings().bind(|| assert_cmd_snapshot!(jiangbu().args(["schema", EN, "--labels"])));
}

#[test]
fn schema_json_in_english() {
    settings().bind(|| assert_cmd_snapshot!(jiangbu().args(["schema", EN, "--format", "json"])));
}

/// `--lang en` turns the Chinese policy's labels English; the field names and labels of the
/// policy stay as written.
#[test]
fn schema_labels_follow_lang() {
    let out = jiangbu()
        .args([
            "schema",
            "policies/changchun-2021-7.policy",
            "--labels",
            "--lang",
            "en",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let labels = text.lines().nth(1).unwrap();
    assert!(
        labels.starts_with("text,text,text,是否重点企业; yesno (yes/no),"),
        "{labels}"
    );
    assert!(
        labels.contains("\"date (YYYY-MM-DD), may be blank\""),
        "{labels}"
    );
}
