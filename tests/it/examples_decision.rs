//! Worked examples state every part of a decision (issue 12): what is payable after a cap, each
//! installment, a range, and that an exclusive group set a benefit aside (`不予兼得`). The
//! fixture `tests/cases/eval/examples_decision.policy` computes each amount by hand in comments;
//! here it passes, a copy with four expectations broken fails with expected against actual in
//! the policy's language, and every wrong use of the new clauses is a check error.

use std::path::PathBuf;
use std::process::Command;

const FIXTURE: &str = "tests/cases/eval/examples_decision.policy";

fn jiangbu(args: &[&str], dir: &str) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_jiangbu"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn root() -> &'static str {
    env!("CARGO_MANIFEST_DIR")
}

/// A scratch copy of `text`, named `name`, in a directory of this test's own.
fn scratch(tag: &str, name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jiangbu-exdec-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn fixture() -> String {
    std::fs::read_to_string(format!("{}/{FIXTURE}", root())).unwrap()
}

#[test]
fn the_fixtures_state_every_part_of_the_decision_and_pass() {
    for policy in [FIXTURE, "tests/cases/eval/cap_order.policy"] {
        let (code, out, err) = jiangbu(&["test", policy], root());
        assert_eq!(code, Some(0), "{policy}:\n{out}{err}");
        assert!(!out.contains("FAIL"), "{out}");
    }
}

/// The fixture with four expectations broken, and what each report line must say.
fn broken() -> String {
    let mut text = fixture();
    for (from, to) in [
        // 第一条 is paid 200,000 after the cap (not 400,000), in 60,000 + 60,000 + 80,000.
        ("可给予 20万元 分期", "可给予 40万元 分期"),
        ("\"2023年\" 8万元", "\"2023年\" 7万元"),
        // 第三条 wins take-highest (300,000 > 100,000): it is paid, not set aside.
        ("第四条 符合 10万元 不予兼得", "第三条 符合 30万元 不予兼得"),
        // The range is paid as it stands: 200,000 to 500,000.
        ("可给予 20万元 至 50万元", "可给予 20万元 至 40万元"),
    ] {
        assert!(text.contains(from), "{from}");
        text = text.replace(from, to);
    }
    text
}

#[test]
fn a_broken_example_reports_each_part_expected_against_actual_in_chinese() {
    let path = scratch("zh", "broken.policy", &broken());
    let dir = path.parent().unwrap().to_str().unwrap().to_owned();
    let (code, out, _) = jiangbu(&["test", "broken.policy"], &dir);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("  通过    分期不整除：余数落在最后一期\n"),
        "{out}"
    );
    assert!(
        out.contains("  失败    封顶后分期，区间，不予兼得\n        位于 broken.policy:60\n"),
        "{out}"
    );
    for line in [
        // 30% × 200,000 = 60,000 twice; the last 200,000 − 120,000 = 80,000.
        "期望：符合 400,000.00元 可给予 400,000.00元 分期 2021年 60,000.00元、2022年 60,000.00元、2023年 70,000.00元",
        "实际：符合 400,000.00元 可给予 200,000.00元 分期 2021年 60,000.00元、2022年 60,000.00元、2023年 80,000.00元",
        "期望：符合 300,000.00元 不予兼得",
        "实际：符合 300,000.00元 可给予 300,000.00元",
        "期望：符合 200,000.00元 – 500,000.00元 可给予 200,000.00元 – 400,000.00元",
        "实际：符合 200,000.00元 – 500,000.00元 可给予 200,000.00元 – 500,000.00元",
        // The evaluation as a whole: the range, the member set aside, the installments.
        "第一条.三期 符合 400,000.00 可给予 200,000.00 分期 2021年 60,000.00、2022年 60,000.00、2023年 80,000.00\n",
        "第二条.区间 符合 200,000.00 – 500,000.00\n",
        "第四条.低额 符合 100,000.00 不予兼得\n",
    ] {
        assert!(out.contains(line), "missing `{line}` in:\n{out}");
    }
    assert!(out.contains("共 3 个示例：通过 2 个，失败 1 个"), "{out}");
}

#[test]
fn a_broken_example_reports_each_part_in_english_keywords() {
    let zh = scratch("en", "broken.policy", &broken());
    let dir = zh.parent().unwrap().to_str().unwrap().to_owned();
    let (code, en, err) = jiangbu(&["fmt", "--to", "en", "--stdout", "broken.policy"], &dir);
    assert_eq!(code, Some(0), "{err}");
    assert!(en.contains("第三条 eligible 30万元 set aside\n"), "{en}");
    std::fs::write(zh.with_file_name("broken_en.policy"), &en).unwrap();
    let (code, out, _) = jiangbu(&["test", "broken_en.policy"], &dir);
    assert_eq!(code, Some(1), "{out}");
    for line in [
        "expected: eligible 400,000.00 yuan payable 400,000.00 yuan installments 2021年 60,000.00 yuan, 2022年 60,000.00 yuan, 2023年 70,000.00 yuan",
        "actual:   eligible 400,000.00 yuan payable 200,000.00 yuan installments 2021年 60,000.00 yuan, 2022年 60,000.00 yuan, 2023年 80,000.00 yuan",
        "expected: eligible 300,000.00 yuan set aside",
        "actual:   eligible 300,000.00 yuan payable 300,000.00 yuan",
        "expected: eligible 200,000.00 yuan – 500,000.00 yuan payable 200,000.00 yuan – 400,000.00 yuan",
    ] {
        assert!(out.contains(line), "missing `{line}` in:\n{out}");
    }
}

#[test]
fn the_new_clauses_round_trip_through_fmt_in_both_languages() {
    for policy in [FIXTURE, "tests/cases/eval/cap_order.policy"] {
        let text = std::fs::read_to_string(format!("{}/{policy}", root())).unwrap();
        let (code, en, err) = jiangbu(&["fmt", "--to", "en", "--stdout", policy], root());
        assert_eq!(code, Some(0), "{err}");
        for word in [
            "set aside",
            "installments \"2021年\"",
            " to 50万元",
            "reduce largest first",
        ] {
            if policy == FIXTURE && word.starts_with("reduce") {
                continue;
            }
            if policy != FIXTURE && !word.starts_with("reduce") {
                continue;
            }
            assert!(en.contains(word), "{policy}: `{word}` missing from\n{en}");
        }
        let path = scratch("rt", "en.policy", &en);
        let dir = path.parent().unwrap().to_str().unwrap().to_owned();
        let (code, back, err) = jiangbu(&["fmt", "--to", "zh", "--stdout", "en.policy"], &dir);
        assert_eq!(code, Some(0), "{err}");
        assert_eq!(back, text, "{policy}: zh → en → zh changed the file");
        let (code, out, _) = jiangbu(&["test", "en.policy"], &dir);
        assert_eq!(code, Some(0), "{policy} in English:\n{out}");
    }
}

/// Each wrong use: an expectation added to the fixture's second example, and what the check
/// error says (Chinese and English both checked through `--lang`).
#[test]
fn wrong_uses_of_the_new_clauses_are_check_errors() {
    let anchor = "第四条 符合 10万元 不予兼得";
    let cases: [(&str, &str, &str, &str); 7] = [
        (
            "第一条 符合 分期 \"2024年\" 1元",
            "unknown installment",
            "has no installment \"2024年\"",
            "没有分期 \"2024年\"",
        ),
        (
            "第一条 符合 分期 \"2021年\" 1元，\"2021年\" 2元",
            "installment twice",
            "2021年",
            "2021年",
        ),
        (
            "第三条 符合 分期 \"2021年\" 1元",
            "installments on a benefit paid in one sum",
            "paid in one sum",
            "一次性给予",
        ),
        (
            "第一条 符合 不予兼得",
            "set aside outside any exclusive group",
            "is in no exclusive group",
            "不在任何不可兼得组中",
        ),
        (
            "第二条 符合 50万元 至 20万元",
            "range bounds reversed",
            "lower bound is above its upper bound",
            "下限高于上限",
        ),
        (
            "第四条 符合 可给予 10万元 不予兼得",
            "payable and set aside together",
            "",
            "",
        ),
        ("第一条 符合 分期 2021年 1元", "an unquoted label", "", ""),
    ];
    for (i, (line, what, en, zh)) in cases.iter().enumerate() {
        let text = fixture().replace(anchor, &format!("{anchor}\n    {line}"));
        let path = scratch(&format!("bad{i}"), "bad.policy", &text);
        let dir = path.parent().unwrap().to_str().unwrap().to_owned();
        for (lang, needle) in [("en", en), ("zh", zh)] {
            let (code, out, err) = jiangbu(&["test", "bad.policy", "--lang", lang], &dir);
            assert_eq!(code, Some(1), "{what}: {out}{err}");
            assert!(!err.contains("panicked"), "{what}: {err}");
            assert!(
                err.contains(needle),
                "{what} ({lang}): `{needle}` missing from\n{err}"
            );
        }
    }
}

/// `核减` in the wrong place, twice, or with a word it does not take.
#[test]
fn wrong_uses_of_the_reduce_order_are_syntax_errors() {
    let policy =
        std::fs::read_to_string(format!("{}/tests/cases/eval/cap_order.policy", root())).unwrap();
    let cases = [
        (
            "  核减 从大到小\n}",
            "  核减 从大到小\n  核减 从小到大\n}",
            "twice",
        ),
        ("  核减 从大到小\n}", "  核减 最大\n}", "an unknown word"),
        ("  核减 从大到小\n}", "  核减\n}", "no word"),
    ];
    for (i, (from, to, what)) in cases.iter().enumerate() {
        assert!(policy.contains(from));
        let text = policy.replacen(from, to, 1);
        let path = scratch(&format!("order{i}"), "bad.policy", &text);
        let dir = path.parent().unwrap().to_str().unwrap().to_owned();
        let (code, out, err) = jiangbu(&["check", "bad.policy"], &dir);
        assert_ne!(code, Some(0), "{what}: {out}{err}");
        assert!(!err.contains("panicked"), "{what}: {err}");
        assert!(err.contains("bad.policy:"), "{what}: {err}");
    }
    // In an exclusive group.
    let text = format!("{policy}\n不可兼得 组 {{\n  成员 第一条 第二条\n  核减 从大到小\n}}\n");
    let path = scratch("order-ex", "bad.policy", &text);
    let dir = path.parent().unwrap().to_str().unwrap().to_owned();
    let (code, _, err) = jiangbu(&["check", "bad.policy"], &dir);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("`核减 …` 用于累计上限组")
            || err.contains("orders the cap of a cumulative group"),
        "{err}"
    );
}
