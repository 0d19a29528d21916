//! Hostile policies (issue 15): more declarations than a slot can number, lines too long for a
//! diagnostic to be drawn, names long enough to make "did you mean" quadratic, policies of tens
//! of megabytes, and names that look like other names.
//!
//! The generated cases build their syntax tree directly where they can (parsing 65,536
//! definitions takes tens of seconds in a debug build), so each runs in well under a few
//! seconds.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use jiangbu::diag::{render_plain_in, CheckError, SyntaxError};
use jiangbu::eval::amount::Amount;
use jiangbu::eval::value::Cell;
use jiangbu::syntax::ast::{ExprKind, Literal, Number, Policy, Unit};
use jiangbu::syntax::keywords::Lang;
use rust_decimal::Decimal;

/// A fresh folder for this test's files.
fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jiangbu-hostile-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Run `jiangbu ARGS…`: (exit status, stdout, stderr).
fn jiangbu(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_jiangbu"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn parse(src: &str) -> Policy {
    jiangbu::parse(src).unwrap_or_else(|e| panic!("{e:?}"))
}

fn yuan(value: i64) -> ExprKind {
    ExprKind::Lit(Literal::Number(Number {
        value: Decimal::from(value),
        unit: Some(Unit::Yuan),
    }))
}

// ------------------------------------------------------------------------------ slots (item 4)

/// A policy of `n` definitions `d0 = 100000元`, `d1 = 100元`, … `d{i} = (i + 99)元`, the last one
/// named `dlast`, and one subsidy paying `dlast`.
fn definitions(n: usize) -> Policy {
    let mut policy = parse(
        "记录 {\n  企业名称 文本 主键\n}\n定义 d0 = 100000元\n定义 dlast = 1元\n\
         条款 第一条 {\n  奖补 甲 {\n    条件 是\n    金额 dlast\n  }\n}\n",
    );
    let template = policy.defines[1].clone();
    policy.defines.truncate(1);
    for i in 1..n {
        let mut d = template.clone();
        if i + 1 < n {
            d.name.node = format!("d{i}");
        }
        d.expr.node = yuan(i as i64 + 99);
        policy.defines.push(d);
    }
    policy
}

fn is_too_many(e: &CheckError, what: &str) -> bool {
    matches!(e, CheckError::Invalid { message, .. }
        if message.en == format!("too many {what}: a policy may declare at most 65535"))
}

/// The case: the 65,537th definition read definition 0's slot (its `u16` index wrapped)
/// and paid 100000.00 instead of its own amount. Now a definition past 65,535 is an error.
#[test]
fn definitions_past_the_slot_limit_are_refused_not_wrapped() {
    let started = Instant::now();
    let policy = definitions(65_537);
    let Err(errors) = jiangbu::check(&policy, "") else {
        panic!("compiled past the slot limit");
    };
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(is_too_many(&errors[0], "definitions"), "{errors:?}");
    // The error is at the 65,536th definition (index 65,535, named `d65535`).
    let CheckError::Invalid { span, .. } = &errors[0] else {
        unreachable!()
    };
    assert_eq!(span, &policy.defines[65_535].name.span.into());

    // 65,535 definitions are within the limit: the subsidy pays the last one, index 65,534,
    // which is 65,534 + 99 = 65,633 元 — not definition 0's 100,000 元.
    let plan = jiangbu::check(&definitions(65_535), "").unwrap();
    let outcome = jiangbu::evaluate(&plan, &[Cell::Text("甲".into())]);
    assert_eq!(
        outcome.benefits[0].amount,
        Some(Amount::Known(Decimal::from(65_633)))
    );
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[test]
fn fields_past_the_slot_limit_are_refused() {
    let mut policy =
        parse("记录 {\n  企业名称 文本 主键\n  f 金额 可选\n}\n条款 c {\n  服务 s {\n    条件 是\n    内容 \"x\"\n  }\n}\n");
    let template = policy.fields[1].clone();
    // 1 key + 65,535 fields = 65,536 fields: one past the limit.
    for i in 1..65_535 {
        let mut f = template.clone();
        f.name.node = format!("f{i}");
        policy.fields.push(f);
    }
    assert_eq!(policy.fields.len(), 65_536);
    let Err(errors) = jiangbu::check(&policy, "") else {
        panic!("compiled past the slot limit");
    };
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(is_too_many(&errors[0], "fields"), "{errors:?}");
    policy.fields.pop();
    assert!(jiangbu::check(&policy, "").is_ok());
}

#[test]
fn parameters_past_the_slot_limit_are_refused() {
    let mut policy =
        parse("参数 p0 金额 = 1元\n条款 c {\n  服务 s {\n    条件 p0 不低于 1元\n    内容 \"x\"\n  }\n}\n");
    let template = policy.params[0].clone();
    for i in 1..65_536 {
        let mut p = template.clone();
        p.name.node = format!("p{i}");
        policy.params.push(p);
    }
    let Err(errors) = jiangbu::check(&policy, "") else {
        panic!("compiled past the slot limit");
    };
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(is_too_many(&errors[0], "parameters"), "{errors:?}");
    policy.params.pop();
    assert!(jiangbu::check(&policy, "").is_ok());
}

// ------------------------------------------------------------------- long lines (item 10)

/// An error on a line of 70,000 characters: miette used to panic drawing a label past column
/// 65,535 ("Formatting argument out of range"). Now the line itself is the error, reported by
/// its number without drawing it, and `check` exits 1.
#[test]
fn an_error_on_a_seventy_thousand_character_line_is_reported_not_a_panic() {
    let line = format!("    条件 {}未知字段 不低于 5000万元", " ".repeat(70_000));
    let chars = line.chars().count();
    // 4 spaces + 条件 (2) + 1 space + 70,000 spaces + 未知字段 (4) + 1 + 不低于 (3) + 1 + 5000万元 (6).
    assert_eq!(chars, 70_022);
    let src =
        format!("记录 {{\n  产值 金额\n}}\n条款 第一条 {{\n  奖补 甲 {{\n{line}\n    金额 10万元\n  }}\n}}\n");
    let errors = jiangbu::parse(&src).unwrap_err();
    assert_eq!(errors.len(), 1);
    let rendered = render_plain_in(errors, Lang::En, "long.policy", &src);
    // The message quotes the line's first 24 characters: 4 spaces, 条件, 1 + 17 spaces.
    let quoted = format!(
        "line 6 (`    条件 {}…`) has 70022 characters",
        " ".repeat(17)
    );
    assert!(
        rendered.contains(&format!("{quoted}; the most is 16000")),
        "{rendered}"
    );

    let dir = temp_dir("long-line");
    let path = dir.join("long.policy");
    std::fs::write(&path, &src).unwrap();
    let (status, _, stderr) = jiangbu(&["check", path.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(status, 1, "{stderr}");
    assert!(stderr.contains("jiangbu::syntax::too_large"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    std::fs::remove_dir_all(dir).unwrap();
}

/// The limit is where drawing is still safe: an error at the end of a line of exactly 16,000
/// characters, all but the name tabs (4 columns each, the widest character miette draws), sits
/// near column 64,000 and is drawn; one more character and the line is refused.
#[test]
fn a_line_at_the_limit_is_drawn_and_one_past_it_is_refused() {
    let head = "定义 d = ";
    let name = "未知名称";
    let tabs = 16_000 - head.chars().count() - name.chars().count();
    let at_limit = format!("{head}{}{name}\n", "\t".repeat(tabs));
    let policy = parse(&at_limit);
    let errors = jiangbu::check(&policy, &at_limit).unwrap_err();
    assert!(matches!(&errors[0], CheckError::UnknownName { name: n, .. } if n == name));
    let rendered = render_plain_in(errors, Lang::En, "tabs.policy", &at_limit);
    assert!(rendered.contains("unknown name `未知名称`"), "{rendered}");

    let past = format!("{head}\t{}{name}\n", "\t".repeat(tabs));
    let errors = jiangbu::parse(&past).unwrap_err();
    assert!(
        matches!(&errors[..], [SyntaxError::TooLarge { message, at: None, .. }]
            if message.en.ends_with("has 16001 characters; the most is 16000")),
        "{errors:?}"
    );
}

// ------------------------------------------------------------ "did you mean" (item 10)

/// A typo in a 100,000-character name filled a 100,001 × 100,001 table (80 GB). Such names are
/// refused (100 characters at most), and `suggest` itself never compares names that long.
#[test]
fn a_typo_in_a_hundred_thousand_character_name_costs_nothing() {
    let started = Instant::now();
    let long = "产".repeat(100_000);
    let typo = format!("{}值", "产".repeat(99_999));
    assert_eq!(
        jiangbu::diag::suggest::suggest(&typo, [long.as_str()]),
        None
    );
    // Many candidates of the same (allowed) length: bounded by the work budget, not their count.
    let names: Vec<String> = (0..200_000).map(|i| format!("{i:0>100}")).collect();
    let typo = format!("{:0>99}x", 7);
    let _ = jiangbu::diag::suggest::suggest(&typo, names.iter().map(String::as_str));

    // In a policy, the name does not get that far: its line is too long (one name a line of
    // 100,000 characters), and a shorter one is too long a name.
    let src = format!("记录 {{\n  {long} 金额\n}}\n定义 d = {typo}\n");
    let errors = jiangbu::parse(&src).unwrap_err();
    assert!(
        matches!(&errors[..], [SyntaxError::TooLarge { .. }]),
        "{errors:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(20));
}

// ------------------------------------------------------------------- policy size (item 11)

/// A 50 MB policy took 2.2 GB to parse. It is refused before pest sees it.
#[test]
fn a_fifty_megabyte_policy_is_refused_quickly() {
    let started = Instant::now();
    let mut src = String::from("记录 {\n  产值 金额\n}\n");
    let filler = "# 这是一行注释，用来把文件撑大。\n";
    while src.len() < 50_000_000 {
        src.push_str(filler);
    }
    let errors = jiangbu::parse(&src).unwrap_err();
    let [SyntaxError::TooLarge {
        message, at: None, ..
    }] = &errors[..]
    else {
        panic!("{errors:?}")
    };
    let size = src.len();
    assert_eq!(
        message.en,
        format!("the policy is {size} bytes; the most is 4194304 bytes (4 MiB)")
    );

    let dir = temp_dir("big");
    let path = dir.join("big.policy");
    std::fs::write(&path, &src).unwrap();
    let (status, stdout, stderr) = jiangbu(&["check", path.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(status, 1);
    assert_eq!(stdout, "");
    assert!(stderr.contains("jiangbu::syntax::too_large"), "{stderr}");
    // No line of the file is echoed: the message is all there is.
    assert!(stderr.len() < 1_000, "{stderr}");
    std::fs::remove_dir_all(dir).unwrap();
    assert!(started.elapsed() < Duration::from_secs(30));
}

// ---------------------------------------------------------------- look-alikes (item 13)

/// What parsing and checking a one-field policy that declares `declared` and uses `used` says:
/// `ok`, or the code of the first error.
fn verdict(declared: &str, used: &str) -> String {
    use jiangbu::diag::Localize;
    let src = format!(
        "记录 {{\n  {declared} 金额\n}}\n条款 c {{\n  服务 s {{\n    条件 {used} 不低于 1元\n    内容 \"x\"\n  }}\n}}\n"
    );
    match jiangbu::parse(&src) {
        Err(errors) => errors[0].texts().code.to_string(),
        Ok(policy) => match jiangbu::check(&policy, &src) {
            Err(errors) => errors[0].texts().code.to_string(),
            Ok(_) => "ok".to_string(),
        },
    }
}

#[test]
fn names_that_look_like_other_names_are_refused() {
    let cases: &[(&str, &str, &str)] = &[
        // Zero-width and other invisible characters inside a name.
        ("营业收入", "营业\u{200D}收入", "jiangbu::syntax::invisible"),
        ("营业收入", "营业\u{200C}收入", "jiangbu::syntax::invisible"),
        ("营业收入", "营业\u{200B}收入", "jiangbu::syntax::invisible"),
        ("营业收入", "营业\u{2060}收入", "jiangbu::syntax::invisible"),
        ("营业收入", "营业\u{FEFF}收入", "jiangbu::syntax::invisible"),
        ("营业收入", "营业\u{00AD}收入", "jiangbu::syntax::invisible"),
        ("营业收入", "营业收入\u{3164}", "jiangbu::syntax::invisible"),
        // Full-width letters and digits, and a compatibility ideograph (U+F90A for 金).
        ("revenue", "ｒｅｖｅｎｕｅ", "jiangbu::syntax::compat_name"),
        ("产值2021", "产值２０２１", "jiangbu::syntax::compat_name"),
        ("金额合计", "\u{F90A}额合计", "jiangbu::syntax::compat_name"),
        // Mixed-script confusables: Cyrillic е, Greek ο, Cyrillic а among Chinese and Latin.
        ("revenue", "r\u{0435}venue", "jiangbu::syntax::mixed_script"),
        ("profit", "pr\u{03BF}fit", "jiangbu::syntax::mixed_script"),
        ("GDP产值", "GDP产\u{0430}", "jiangbu::syntax::mixed_script"),
        // Bidirectional controls, even where they would be harmless in a name.
        ("营业收入", "营业收入\u{202E}", "jiangbu::syntax::bidi"),
        (
            "营业收入",
            "\u{2066}营业收入\u{2069}",
            "jiangbu::syntax::bidi",
        ),
        // Same-script look-alikes declared side by side are checked below.
        // Names as policies write them stay accepted.
        ("一季度产值2021", "一季度产值2021", "ok"),
        ("GDP增速", "GDP增速", "ok"),
        ("売上高2021", "売上高2021", "ok"),
        ("매출액", "매출액", "ok"),
        ("выручка", "выручка", "ok"),
        ("revenue_2021", "revenue_2021", "ok"),
    ];
    for (declared, used, expected) in cases {
        assert_eq!(&verdict(declared, used), expected, "{declared} / {used:?}");
    }
}

/// Clause ids are named by group members and expectations: two that look alike are refused too.
#[test]
fn two_clause_ids_with_one_skeleton_are_refused() {
    use jiangbu::diag::Localize;
    let src = "条款 art1 {\n  服务 s {\n    条件 是\n    内容 \"x\"\n  }\n}\n\
               条款 artl {\n  服务 s {\n    条件 是\n    内容 \"x\"\n  }\n}\n";
    let errors = jiangbu::check(&parse(src), src).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        errors[0].texts().message.en,
        "`artl` looks like `art1` but is a different name"
    );
}

#[test]
fn two_declared_names_with_one_skeleton_are_refused() {
    use jiangbu::diag::Localize;
    for (a, b) in [("产值2021", "产值2O21"), ("产值l", "产值1"), ("сор", "cop")] {
        let src = format!("记录 {{\n  {a} 金额\n  {b} 金额\n}}\n");
        let policy = parse(&src);
        let errors = jiangbu::check(&policy, &src).unwrap_err();
        assert_eq!(
            errors[0].texts().code,
            "jiangbu::check::confusable",
            "{a} / {b}"
        );
        assert_eq!(
            errors[0].texts().message.en,
            format!("`{b}` looks like `{a}` but is a different name")
        );
    }
}

/// The case: a parameter `rеvenue` (Cyrillic е) compared with the field `revenue` made a
/// condition always true and passed `check --deny-warnings`.
#[test]
fn check_deny_warnings_fails_on_a_cyrillic_e() {
    let dir = temp_dir("cyrillic");
    let path = dir.join("p.policy");
    std::fs::write(
        &path,
        "记录 {\n  企业名称 文本 主键\n  revenue 金额\n}\n参数 r\u{0435}venue 金额 = 0元\n\
         条款 第一条 {\n  奖补 甲 {\n    条件 revenue 不低于 r\u{0435}venue\n    金额 10万元\n  }\n}\n",
    )
    .unwrap();
    let (status, stdout, stderr) = jiangbu(&[
        "check",
        path.to_str().unwrap(),
        "--deny-warnings",
        "--lang",
        "en",
    ]);
    assert_eq!(status, 1, "{stdout}{stderr}");
    assert!(stderr.contains("jiangbu::syntax::mixed_script"), "{stderr}");
    assert!(
        stderr.contains(
            "name `r\u{0435}venue` mixes scripts whose letters look alike: Latin, Cyrillic"
        ),
        "{stderr}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// `fmt` puts an expression on one line. A sum of 199 names of 100 characters, one a line in the
/// source, would become a line of 7 (`定义 d = `) + 199 × 100 + 198 × 3 (` + `) = 20,501
/// characters — past the line limit, so the formatted file would not parse. `fmt` refuses
/// instead of writing it. (Line 203: `记录 {`, 199 fields, `}`, a blank line, then `定义`.)
#[test]
fn fmt_never_writes_a_line_the_parser_refuses() {
    let name = |i: usize| format!("{}{i:03}", "产".repeat(97));
    let fields: Vec<String> = (0..199).map(|i| format!("  {} 金额", name(i))).collect();
    let terms: Vec<String> = (0..199).map(name).collect();
    let src = format!(
        "记录 {{\n{}\n}}\n定义 d = {}\n",
        fields.join("\n"),
        terms.join(" +\n")
    );
    // The source itself is a policy.
    jiangbu::check(&parse(&src), &src).unwrap();
    let Err(jiangbu::PolicyErrors::Syntax(errors)) = jiangbu::fmt::format(&src, None) else {
        panic!("formatted into a line too long to parse");
    };
    let [SyntaxError::TooLarge { message, .. }] = &errors[..] else {
        panic!("{errors:?}")
    };
    assert_eq!(
        message.en,
        "formatted, line 203 would have 20501 characters; the most is 16000"
    );
}
