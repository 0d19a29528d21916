//! The grammar (`grammar/policy.pest`) rule by rule, its lowering to the AST, and its limits.
//!
//! Each grammar rule has a small test that accepts whole inputs and rejects their near misses
//! (tera's `tests/lexer.rs`). Lowering is tested through `jiangbu::parse`: precedence, the
//! Chinese comparatives, exact number values, span-free equality and error collection.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

use jiangbu::diag::SyntaxError;
use jiangbu::eval::value::Date;
use jiangbu::span::{Span, Spanned};
use jiangbu::syntax::ast::{
    Amount, AmountCore, ArithOp, BenefitKind, CmpOp, Expr, ExprKind, Func, GroupKind, Literal,
    Number, Policy, TypeExpr, Unit,
};
use jiangbu::syntax::keywords::CONTEXTUAL;
use jiangbu::syntax::{PolicyParser, Rule};
use pest::Parser;
use rust_decimal::Decimal;

const CHANGCHUN: &str = include_str!("../../policies/changchun-2021-7.policy");

// ------------------------------------------------------------------------------------- helpers

/// The text `rule` matches at the start of `input`, or `None` when it does not match.
fn matched(rule: Rule, input: &str) -> Option<&str> {
    let mut pairs = PolicyParser::parse(rule, input).ok()?;
    Some(pairs.next().map_or("", |p| p.as_str()))
}

/// `rule` matches the whole of `input`.
fn accepts(rule: Rule, input: &str) {
    match PolicyParser::parse(rule, input) {
        Ok(mut pairs) => {
            let end = pairs.next().map_or(0, |p| p.as_span().end());
            assert_eq!(
                end,
                input.len(),
                "{rule:?} matched only {:?} of {input:?}",
                &input[..end]
            );
        }
        Err(e) => panic!("{rule:?} should accept {input:?}:\n{e}"),
    }
}

/// `rule` fails on `input` or does not consume all of it.
fn rejects(rule: Rule, input: &str) {
    if let Ok(mut pairs) = PolicyParser::parse(rule, input) {
        let end = pairs.next().map_or(0, |p| p.as_span().end());
        assert_ne!(end, input.len(), "{rule:?} should reject {input:?}");
    }
}

fn accepts_all(rule: Rule, inputs: &[&str]) {
    for input in inputs {
        accepts(rule, input);
    }
}

fn rejects_all(rule: Rule, inputs: &[&str]) {
    for input in inputs {
        rejects(rule, input);
    }
}

/// `jiangbu::parse`, expecting success.
fn parse(src: &str) -> Policy {
    jiangbu::parse(src).unwrap_or_else(|e| panic!("{src:?} should parse: {e:?}"))
}

/// `jiangbu::parse`, expecting failure.
fn parse_errors(src: &str) -> Vec<SyntaxError> {
    match jiangbu::parse(src) {
        Ok(p) => panic!("{src:?} should not parse, got {p:?}"),
        Err(e) => e,
    }
}

/// The lowered expression of `定义 d = {src}`.
fn expr(src: &str) -> ExprKind {
    let policy = parse(&format!("定义 d = {src}"));
    policy.defines[0].expr.node.clone()
}

/// The lowered amount of a subsidy `金额 {src}`.
fn amount(src: &str) -> Amount {
    let policy = parse(&format!("条款 c {{ 奖补 b {{ 金额 {src} }} }}"));
    policy.clauses[0].benefits[0].amount.clone().unwrap()
}

/// The number literal `参数 p 金额 = {src}` lowers to.
fn number(src: &str) -> Number {
    let policy = parse(&format!("参数 p 金额 = {src}"));
    match policy.params[0].default.node.clone() {
        Some(Literal::Number(n)) => n,
        other => panic!("{src:?} lowered to {other:?}"),
    }
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

// AST builders; spans are left empty, which equality ignores.
fn sp(kind: ExprKind) -> Expr {
    Spanned::new(kind, Span::default())
}
fn name(n: &str) -> Expr {
    sp(ExprKind::Name(n.to_string()))
}
fn int(v: i64) -> Expr {
    sp(ExprKind::Lit(Literal::Number(Number {
        value: Decimal::from(v),
        unit: None,
    })))
}
fn arith(op: ArithOp, a: Expr, b: Expr) -> Expr {
    sp(ExprKind::Arith(op, Box::new(a), Box::new(b)))
}
fn cmp(op: CmpOp, a: Expr, b: Expr) -> ExprKind {
    ExprKind::Compare(op, Box::new(a), Box::new(b))
}
fn and(a: Expr, b: Expr) -> Expr {
    sp(ExprKind::And(Box::new(a), Box::new(b)))
}
fn or(a: Expr, b: Expr) -> Expr {
    sp(ExprKind::Or(Box::new(a), Box::new(b)))
}
fn not(a: Expr) -> Expr {
    sp(ExprKind::Not(Box::new(a)))
}
fn neg(a: Expr) -> Expr {
    sp(ExprKind::Neg(Box::new(a)))
}

// ------------------------------------------------------------------------------------- LEXICAL

/// Every `kw_*` and `ty_*` rule with each of its spellings.
/// Every spelling of every keyword, with the grammar rule that matches it, from the library's
/// keyword table (`jiangbu::syntax::keywords::KEYWORDS`).
fn keywords() -> Vec<(Rule, &'static str)> {
    let mut out = Vec::new();
    for k in jiangbu::syntax::keywords::KEYWORDS {
        let rule = Rule::all_rules()
            .iter()
            .copied()
            .find(|r| format!("{r:?}") == k.rule)
            .unwrap_or_else(|| panic!("no grammar rule `{}`", k.rule));
        out.extend(k.zh.iter().chain(k.en.iter()).map(|w| (rule, *w)));
    }
    out
}

/// The keywords that are never names: all but the contextual ones.
fn reserved() -> Vec<(Rule, &'static str)> {
    keywords()
        .into_iter()
        .filter(|(r, _)| !CONTEXTUAL.contains(&format!("{r:?}").as_str()))
        .collect()
}

#[test]
fn durations_and_date_ranges() {
    accepts_all(
        Rule::duration,
        &[
            "3年", "12个月", "12月", "30日", "30天", "3 years", "1 year", "2 months", "1 day",
        ],
    );
    // A duration is a whole number written against its unit (English: one space).
    rejects_all(
        Rule::duration,
        &["1.5年", "3 年", "年", "3yearsx", "3 yearly", "3个"],
    );
    accepts(Rule::comparison, "投产日期 - 成立日期 不满 3年");
    accepts(
        Rule::comparison,
        "投产日期 在 2021-01-01 至 2021-12-31 期间",
    );
    accepts(
        Rule::comparison,
        "started is 2021-01-01 to 2021-12-31 inclusive",
    );
    // `在 … 以上` still reads as before.
    accepts(Rule::comparison, "产值 在 100万元 以上");
    rejects(Rule::comparison, "投产日期 在 2021-01-01 至 2021-12-31");
}

#[test]
fn contextual_keywords_are_names_elsewhere() {
    for (rule, kw) in keywords() {
        if CONTEXTUAL.contains(&format!("{rule:?}").as_str()) {
            accepts(Rule::name, kw);
            rejects(Rule::keyword, kw);
        }
    }
    // A band's `其他` is the keyword only before `:`; a field or an option word may be named so.
    accepts(Rule::tier, "其他 : 0元");
    accepts(Rule::tier, "其他 = 1 : 0元");
    accepts(Rule::band, "其余 : 3%");
    accepts(Rule::field, "地区 文本");
    accepts(Rule::field, "所属地区 文本 地区");
    accepts(Rule::record, "记录 { 所属地区 文本 地区\n 地区 文本 }");
    accepts(Rule::record, "记录 { 编号 文本\n 地区 文本 地区 }");
    accepts(Rule::enum_type, "选项 { 水 电 其他 }");
    // In a set of words every keyword is a word, but `是`/`否`, which are values.
    accepts(Rule::word_set, "{ 分期 其他 且 不属于 }");
    rejects(Rule::word_set, "{ 水 是 }");
}

#[test]
fn keyword_table_covers_every_kw_and_ty_rule() {
    for rule in Rule::all_rules() {
        let debug = format!("{rule:?}");
        if (debug.starts_with("kw_") && debug != "kw_end") || debug.starts_with("ty_") {
            assert!(
                keywords().iter().any(|(r, _)| r == rule),
                "{debug} has no entry in KEYWORDS"
            );
        }
    }
}

#[test]
fn each_keyword_rule_accepts_its_spelling_alone_or_before_a_digit() {
    for (rule, kw) in keywords() {
        accepts(rule, kw);
        // `最高30万元`: a keyword may be followed by an ASCII digit…
        assert_eq!(matched(rule, &format!("{kw}30")), Some(kw), "{rule:?}");
        // …or by anything that cannot continue a name.
        for next in [" x", "(", "{", "，", "%"] {
            assert_eq!(matched(rule, &format!("{kw}{next}")), Some(kw), "{rule:?}");
        }
    }
}

#[test]
fn each_keyword_rule_rejects_its_spelling_glued_to_a_name() {
    for (rule, kw) in keywords() {
        // `条件春节` is not `条件` followed by `春节`.
        for glued in ["春节", "a", "_", "Ａ"] {
            assert_eq!(
                matched(rule, &format!("{kw}{glued}")),
                None,
                "{rule:?} {kw}{glued}"
            );
        }
        rejects(rule, "");
        rejects(rule, &format!(" {kw}"));
    }
}

#[test]
fn keyword_rules_do_not_confuse_overlapping_spellings() {
    rejects(Rule::kw_in, "不属于");
    rejects(Rule::kw_more, "不超过");
    rejects(Rule::kw_less, "不足部分");
    rejects(Rule::kw_yes, "是否");
    rejects(Rule::kw_not_less, "不低");
    rejects(Rule::ty_bool, "是");
    rejects(Rule::ty_ratio, "百分");
    rejects(Rule::kw_not_in, "不 属于");
    accepts(Rule::kw_not_in, "不属于");
    accepts(Rule::kw_shortfall, "不足部分");
}

#[test]
fn keyword_accepts_every_spelling_and_no_name() {
    for (_, kw) in reserved() {
        accepts(Rule::keyword, kw);
        rejects(Rule::keyword, &format!("{kw}春"));
    }
    rejects_all(Rule::keyword, &["春节", "企业", "不", "第一条", ""]);
}

#[test]
fn name_accepts_identifiers() {
    accepts_all(
        Rule::name,
        &[
            "净增产值",
            "一季度产值2021",
            "第三条",
            "_x",
            "abc_1",
            "统一社会信用代码",
            // A keyword glued to more name characters is a name.
            "条件春节",
            "是否重点企业",
            "非重点企业",
            "在建项目",
            "金额合计",
            "万元",
        ],
    );
}

#[test]
fn name_rejects_keywords_and_non_names() {
    for (_, kw) in reserved() {
        rejects(Rule::name, kw);
    }
    rejects_all(
        Rule::name,
        &[
            "",
            "2021年",
            "1abc",
            "a.b",
            "a b",
            "a-b",
            "%",
            "\"a\"",
            "第三条.稳岗留工补贴",
        ],
    );
}

/// A keyword followed by a digit is still a keyword (so `最高30万元` works), which makes names
/// like `金额2021` impossible: they lex as `金额` `2021`.
#[test]
fn name_cannot_be_a_keyword_followed_by_digits() {
    rejects_all(Rule::name, &["金额2021", "人数1", "是1", "在2020"]);
    accepts(Rule::name, "产值2021");
}

#[test]
fn whitespace_includes_the_ideographic_space_and_comments_run_to_end_of_line() {
    accepts(Rule::logic, "a\u{3000}且\u{3000}b");
    accepts(Rule::logic, "a\t且\r\nb");
    accepts(Rule::policy, "# 只有注释\n");
    accepts(Rule::policy, "定义 d = a # 行尾注释\n# 又一行\n定义 e = b");
    // `#` in a string is text, not a comment.
    let policy = parse("参数 p 文本 = \"a # b\"");
    assert_eq!(
        policy.params[0].default.node,
        Some(Literal::Text("a # b".into()))
    );
    rejects(Rule::policy, "定义 d = # a\n");
}

// ------------------------------------------------------------------------------------ LITERALS

#[test]
fn string_accepts_all_three_quote_styles() {
    accepts_all(
        Rule::string,
        &[
            "\"\"",
            "\"专项资金\"",
            "\"a \\\" b\"",
            "\"a\\\\\"",
            "\"a\\nb\"",
            "“”",
            "“工业企业结构调整专项奖补资金用于稳定就业”",
            "“含\"直引号\"的”",
            "「」",
            "「对2021年一季度……给予“专项资金”奖补支持。」",
            "「多\n行」",
        ],
    );
}

#[test]
fn string_rejects_unterminated_and_mismatched_quotes() {
    rejects_all(
        Rule::string,
        &[
            "\"abc",
            "\"abc\\\"",
            "“abc",
            "「abc",
            "“abc\"",
            "\"a\nb\"",
            "「abc”",
            "\"a\"b\"",
            "'abc'",
            "‘abc’",
            "abc",
            "「a」」",
        ],
    );
}

#[test]
fn strings_lower_to_their_text() {
    let text = |src: &str| match parse(&format!("参数 p 文本 = {src}")).params[0]
        .default
        .node
        .clone()
    {
        Some(Literal::Text(t)) => t,
        other => panic!("{src}: {other:?}"),
    };
    assert_eq!(text(r#""a\"b""#), "a\"b");
    assert_eq!(text(r#""a\\b""#), "a\\b");
    assert_eq!(text(r#""a\nb\tc""#), "a\nb\tc");
    assert_eq!(text("“a\"b”"), "a\"b");
    // Only straight-quoted strings have escapes.
    assert_eq!(text(r"「a\nb」"), r"a\nb");
    assert_eq!(text(r"“a\nb”"), r"a\nb");
    assert_eq!(text("\"\""), "");
}

#[test]
fn unclosed_text_is_an_error_not_a_panic() {
    for src in [
        "参数 p 文本 = \"abc",
        "参数 p 文本 = “abc",
        "条款 c { 原文 「abc }",
        "参数 p 文本 = \"abc\\\"",
        "参数 p 文本 = \"a\nb\"",
    ] {
        assert!(!parse_errors(src).is_empty(), "{src}");
    }
}

#[test]
fn date_accepts_yyyy_mm_dd_tokens() {
    accepts_all(
        Rule::date,
        &[
            "2020-01-01",
            "2021-12-31",
            "2020-02-29",
            "2021-13-01",
            "0000-00-00",
        ],
    );
    rejects_all(
        Rule::date,
        &[
            "2021-1-01",
            "21-01-01",
            "2021/01/01",
            "2021-01-01T",
            "2021-01-011",
            "2021 - 01 - 01",
            "２０２１-01-01",
            "20210101",
        ],
    );
}

#[test]
fn dates_lower_to_calendar_days_and_bad_days_are_errors() {
    let policy = parse("参数 起始 日期 = 2020-02-29");
    assert_eq!(
        policy.params[0].default.node,
        Some(Literal::Date(Date::parse("2020-02-29").unwrap()))
    );
    for bad in [
        "2021-13-01",
        "2021-02-29",
        "2021-04-31",
        "2021-00-10",
        "2021-01-00",
    ] {
        let errors = parse_errors(&format!("参数 起始 日期 = {bad}"));
        assert!(
            matches!(&errors[..], [SyntaxError::BadDate { text, .. }] if text == bad),
            "{bad}: {errors:?}"
        );
    }
    let errors = parse_errors("定义 d = 项目竣工日期 不低于 2021-13-01");
    assert!(matches!(&errors[..], [SyntaxError::BadDate { .. }]));
}

const UNITS: &[&str] = &[
    "元", "千元", "万", "万元", "亿", "亿元", "%", "％", "人", "户", "家", "个",
];

#[test]
fn number_accepts_digits_with_every_unit() {
    accepts_all(Rule::number, &["0", "30", "1.5", "0.06", "2021"]);
    for unit in UNITS {
        accepts(Rule::number, &format!("30{unit}"));
        accepts(Rule::number, &format!("1.25{unit}"));
    }
}

#[test]
fn number_rejects_near_misses() {
    rejects_all(
        Rule::number,
        &[
            "30万万元",
            "30万元元",
            "30 万元",
            "30千",
            "30美元",
            ".5",
            "5.",
            "1.2.3",
            "３０",
            "-5",
            "+5",
            "1e5",
            "1,000",
            "30%%",
            "万元",
            "",
        ],
    );
}

#[test]
fn numbers_lower_to_exact_base_unit_values() {
    let cases: &[(&str, &str, Option<Unit>)] = &[
        ("2", "2", None),
        ("0.5", "0.5", None),
        ("300元", "300", Some(Unit::Yuan)),
        ("5千元", "5000", Some(Unit::Qian)),
        ("0.5千元", "500", Some(Unit::Qian)),
        ("30万", "300000", Some(Unit::Wan)),
        ("30万元", "300000", Some(Unit::Wan)),
        ("2000万元", "20000000", Some(Unit::Wan)),
        ("0.0001万元", "1", Some(Unit::Wan)),
        ("1.2亿", "120000000", Some(Unit::Yi)),
        ("1.2亿元", "120000000", Some(Unit::Yi)),
        ("6%", "0.06", Some(Unit::Percent)),
        ("6％", "0.06", Some(Unit::Percent)),
        ("0.5%", "0.005", Some(Unit::Percent)),
        ("100%", "1", Some(Unit::Percent)),
        ("100人", "100", Some(Unit::Count)),
        ("3户", "3", Some(Unit::Count)),
        ("12家", "12", Some(Unit::Count)),
        ("7个", "7", Some(Unit::Count)),
        ("0.1", "0.1", None),
        ("0.3亿元", "30000000", Some(Unit::Yi)),
    ];
    for &(src, value, unit) in cases {
        let n = number(src);
        assert_eq!(n.value, dec(value), "{src}");
        assert_eq!(n.unit, unit, "{src}");
    }
    // Decimal, not binary floating point: 0.1 + 0.2 parts stay exact.
    assert_eq!(number("0.1万元").value, dec("1000"));
}

#[test]
fn numbers_out_of_range_are_errors() {
    for big in [
        "99999999999999999999999999999",
        "79228162514264337593543950335亿元",
        "79228162514264337593543950335万",
    ] {
        let errors = parse_errors(&format!("参数 p 金额 = {big}"));
        assert!(
            matches!(&errors[..], [SyntaxError::NumberRange { text, .. }] if text == big),
            "{big}: {errors:?}"
        );
    }
    // The largest decimal itself is fine.
    assert_eq!(number("79228162514264337593543950335").value, Decimal::MAX);
}

/// `numbers have at most 28 significant digits` (the NumberRange help) — yet a literal with more
/// fractional digits than a decimal holds is silently rounded by the `Decimal::from_str` fallback
/// in `lower/literals.rs::number` instead of being reported.
#[test]

fn numbers_with_too_many_digits_are_errors_not_rounded() {
    let src = "参数 p 比例 = 1.00000000000000000000000000001";
    match jiangbu::parse(src) {
        Err(errors) => assert!(matches!(&errors[..], [SyntaxError::NumberRange { .. }])),
        Ok(policy) => panic!("rounded silently to {:?}", policy.params[0].default.node),
    }
}

#[test]
fn yes_and_no_are_the_booleans() {
    accepts(Rule::yes, "是");
    accepts(Rule::no, "否");
    rejects_all(Rule::yes, &["是否", "是的", "否", "no", "true", "yess"]);
    rejects_all(Rule::no, &["否则", "是", "yes"]);
    assert_eq!(
        parse("参数 开关 是否 = 是").params[0].default.node,
        Some(Literal::Bool(true))
    );
    assert_eq!(
        parse("参数 开关 是否 = 否").params[0].default.node,
        Some(Literal::Bool(false))
    );
}

// --------------------------------------------------------------------------------- EXPRESSIONS

#[test]
fn logic_accepts_and_or_not_in_both_spellings() {
    accepts_all(
        Rule::logic,
        &[
            "a",
            "a 且 b",
            "a && b",
            "a 或 b",
            "a || b",
            "非 a",
            "!a",
            "! a",
            "非 非 a",
            "非 a 且 b 或 c",
            "全部 { a b } 或 任一 { c d }",
            "(a 或 b) 且 c",
            "（a 或 b）且 c",
            "保供类型 不属于 { 无 } 且 保供突出",
            "a 且 b 达到 5 以上 或 c > 1",
        ],
    );
}

#[test]
fn logic_rejects_dangling_and_glued_operators() {
    rejects_all(
        Rule::logic,
        &[
            "",
            "a 且",
            "且 a",
            "a 或",
            "非",
            "a 且 且 b",
            "a 且b",
            "a且 b",
            "a 和 b",
            "a & b",
            "a | b",
            "a 且 (b",
            "(a 且 b",
            "(a 且 b）",
        ],
    );
}

#[test]
fn comparison_accepts_every_form() {
    accepts_all(
        Rule::comparison,
        &[
            "x",
            "x >= 5",
            "x ≥ 5",
            "x 不低于 5000万元",
            "x > 5",
            "x 超过 5",
            "x <= 5",
            "x ≤ 5",
            "x 不超过 5",
            "x < 5",
            "x 不足 5",
            "x 不满 5",
            "x = 5",
            "x == 5",
            "x != 5",
            "x ≠ 5",
            "x 达到 6% 以上",
            "x 达到6%以上",
            "x 在 5 以上",
            "x 在 5 以下",
            "x 1000万元 以上",
            "x 1000万元以上",
            "x 5 以下",
            "a + b 达到 c × 2 以上",
            "x>=5",
            "x 不低于5000万元",
            "x 属于 { 水 电 }",
            "x 不属于 { 无 }",
            "项目竣工日期 不低于 2020-01-01",
        ],
    );
}

#[test]
fn comparison_rejects_incomplete_tails() {
    rejects_all(
        Rule::comparison,
        &[
            "x 达到 6%",
            "x 达到 以上",
            "x 在 5",
            "x 以上",
            "x 以下",
            "x >",
            "x 不低于",
            "x => 5",
            "x =< 5",
            "x >= 5 >= 6",
            "x 低于",
            "x 超过 5 以上",
            "x 达到 5 以上 以上",
            "x 属于",
            "x 属于 水",
            "x 不低于5000万元以上",
            ">= 5",
        ],
    );
}

#[test]
fn cmp_member_accepts_word_sets() {
    accepts_all(
        Rule::cmp_member,
        &[
            "属于 { 升级改造 资产重组 债务重组 }",
            "不属于 { 无 }",
            "属于 {水、电、煤，气；热}",
            "属于 { \"是\" “其他” 「否」 }",
            "属于 {}",
            "属于{ 水 }",
            // Contextual or not, a keyword is a word inside `{ … }` (but `是`/`否` are values).
            "属于 { 其他 }",
            "属于 { 分期 至 }",
            "属于 { 13 26 36 }",
            "属于 { 10万元、20万元 }",
        ],
    );
    rejects_all(
        Rule::cmp_member,
        &[
            "属于 水",
            "属于 { 是 }",
            "属于 { 水 电",
            "不 属于 { 水 }",
            "属于 ( 水 )",
            "属于水",
            "包含 { 水 }",
        ],
    );
}

#[test]
fn all_and_any_blocks_accept_items_with_any_separator() {
    for (rule, kw) in [(Rule::all_block, "全部"), (Rule::any_block, "任一")] {
        accepts(rule, &format!("{kw} {{ a b }}"));
        accepts(rule, &format!("{kw} {{ a；b; c, d，e、f }}"));
        accepts(
            rule,
            &format!("{kw} {{\n  净增产值 达到 2000万元 以上\n  增长率 达到 6% 以上\n}}"),
        );
        accepts(rule, &format!("{kw} {{ 全部 {{ a b }} 任一 {{ c }} }}"));
        accepts(rule, &format!("{kw} {{}}"));
        accepts(rule, &format!("{kw}{{ a }}"));
        rejects(rule, &format!("{kw} a"));
        rejects(rule, &format!("{kw} {{ a"));
        rejects(rule, &format!("{kw} ( a )"));
        rejects(rule, &format!("{kw} {{ a 且 }}"));
        rejects(rule, &format!("{kw} {{ ; }}"));
    }
    rejects(Rule::all_block, "任一 { a }");
    rejects(Rule::any_block, "全部 { a }");
}

#[test]
fn blocks_lower_to_all_and_any() {
    assert_eq!(
        expr("全部 { a；b 或 c }"),
        ExprKind::All(vec![name("a"), or(name("b"), name("c"))])
    );
    assert_eq!(
        expr("任一 { a  非 b }"),
        ExprKind::Any(vec![name("a"), not(name("b"))])
    );
    assert_eq!(expr("全部 {}"), ExprKind::All(vec![]));
}

#[test]
fn sum_accepts_arithmetic() {
    accepts_all(
        Rule::sum,
        &[
            "a",
            "a + b × c",
            "a*b/c-d",
            "a ÷ b",
            "-a",
            "- - a",
            "a - -b",
            "(a + b) × c",
            "（a + b）× c",
            "300元 × 省外户籍员工数",
            "一季度产值2021 - 一季度产值2019",
            "最大(a, b) + 1",
            "2021-01-01",
            "是",
            "\"文本\"",
        ],
    );
    rejects_all(
        Rule::sum,
        &[
            "",
            "a +",
            "+ a",
            "a ++ b",
            "a × × b",
            "a + b)",
            "(a + b",
            "（a + b)",
            "a x b",
            "a ^ b",
            "最高",
        ],
    );
}

#[test]
fn arithmetic_precedence_and_associativity() {
    use ArithOp::{Add, Div, Mul, Sub};
    let (a, b, c) = (name("a"), name("b"), name("c"));
    assert_eq!(
        expr("a + b × c"),
        arith(Add, a.clone(), arith(Mul, b.clone(), c.clone())).node
    );
    assert_eq!(
        expr("a × b + c"),
        arith(Add, arith(Mul, a.clone(), b.clone()), c.clone()).node
    );
    assert_eq!(
        expr("a - b - c"),
        arith(Sub, arith(Sub, a.clone(), b.clone()), c.clone()).node
    );
    assert_eq!(
        expr("a ÷ b * c"),
        arith(Mul, arith(Div, a.clone(), b.clone()), c.clone()).node
    );
    assert_eq!(
        expr("(a + b) × c"),
        arith(Mul, arith(Add, a.clone(), b.clone()), c.clone()).node
    );
    assert_eq!(expr("-a × b"), arith(Mul, neg(a.clone()), b.clone()).node);
    assert_eq!(expr("a - -b"), arith(Sub, a.clone(), neg(b.clone())).node);
    assert_eq!(
        expr("300元 × 省外户籍员工数"),
        arith(
            Mul,
            sp(ExprKind::Lit(Literal::Number(Number {
                value: dec("300"),
                unit: Some(Unit::Yuan)
            }))),
            name("省外户籍员工数")
        )
        .node
    );
    assert_eq!(expr("a + 2"), arith(Add, a, int(2)).node);
}

#[test]
fn logic_precedence_not_binds_tightest_then_and_then_or() {
    let (a, b, c) = (name("a"), name("b"), name("c"));
    assert_eq!(
        expr("非 a 且 b 或 c"),
        or(and(not(a.clone()), b.clone()), c.clone()).node
    );
    assert_eq!(
        expr("a 或 b 且 c"),
        or(a.clone(), and(b.clone(), c.clone())).node
    );
    assert_eq!(
        expr("a || b && !c"),
        or(a.clone(), and(b.clone(), not(c.clone()))).node
    );
    assert_eq!(expr("非 (a 或 b)"), not(or(a.clone(), b.clone())).node);
    assert_eq!(expr("非 非 a"), not(not(a.clone())).node);
    assert_eq!(
        expr("a 且 b 且 c"),
        and(and(a.clone(), b.clone()), c.clone()).node
    );
    // A comparison is one operand of `且`.
    assert_eq!(
        expr("a > 1 且 b"),
        and(sp(cmp(CmpOp::Gt, a.clone(), int(1))), b.clone()).node
    );
    // `非` glued to a name is part of the name, not a negation.
    assert_eq!(expr("非重点企业"), ExprKind::Name("非重点企业".into()));
}

#[test]
fn chinese_comparatives_lower_to_the_right_operator() {
    use CmpOp::{Eq, Ge, Gt, Le, Lt, Ne};
    let cases: &[(&str, CmpOp)] = &[
        ("x >= 5", Ge),
        ("x ≥ 5", Ge),
        ("x 不低于 5", Ge),
        ("x 达到 5 以上", Ge),
        ("x 在 5 以上", Ge),
        ("x 5 以上", Ge),
        ("x > 5", Gt),
        ("x 超过 5", Gt),
        ("x <= 5", Le),
        ("x ≤ 5", Le),
        ("x 不超过 5", Le),
        ("x 在 5 以下", Le),
        ("x 5 以下", Le),
        ("x < 5", Lt),
        ("x 不足 5", Lt),
        ("x 不满 5", Lt),
        ("x = 5", Eq),
        ("x == 5", Eq),
        ("x != 5", Ne),
        ("x ≠ 5", Ne),
    ];
    for &(src, op) in cases {
        assert_eq!(expr(src), cmp(op, name("x"), int(5)), "{src}");
    }
    let pct = |v: &str| {
        sp(ExprKind::Lit(Literal::Number(Number {
            value: dec(v),
            unit: Some(Unit::Percent),
        })))
    };
    assert_eq!(
        expr("增长率 达到6%以上"),
        cmp(Ge, name("增长率"), pct("0.06"))
    );
}

#[test]
fn membership_lowers_to_member_with_its_words() {
    let words = |ws: &[&str]| -> Vec<Spanned<String>> {
        ws.iter()
            .map(|w| Spanned::new(w.to_string(), Span::default()))
            .collect()
    };
    assert_eq!(
        expr("脱困方式 属于 { 升级改造 资产重组、“债务重组” }"),
        ExprKind::Member {
            expr: Box::new(name("脱困方式")),
            negated: false,
            words: words(&["升级改造", "资产重组", "债务重组"]),
        }
    );
    assert_eq!(
        expr("保供类型 不属于 { 无 }"),
        ExprKind::Member {
            expr: Box::new(name("保供类型")),
            negated: true,
            words: words(&["无"]),
        }
    );
}

#[test]
fn call_accepts_the_four_functions() {
    accepts_all(
        Rule::call,
        &[
            "最小(a, b)",
            "最小（a，b，c）",
            "最大(a)",
            "最大 (a, 30万元)",
            "向下取整(a ÷ 3)",
            "四舍五入(a, 2)",
            "四舍五入(最小(a, b) × 5%, 0)",
        ],
    );
    rejects_all(
        Rule::call,
        &[
            "最小()",
            "最小 a",
            "最小(a,)",
            "最小(a b)",
            "最小(a",
            "最少(a)",
            "mini(a)",
            "最小",
            "最小{a}",
        ],
    );
}

#[test]
fn calls_lower_to_their_function_and_arguments() {
    let (a, b) = (name("a"), name("b"));
    assert_eq!(
        expr("最小(a, b)"),
        ExprKind::Call(Func::Min, vec![a.clone(), b.clone()])
    );
    assert_eq!(
        expr("最大（a，b）"),
        ExprKind::Call(Func::Max, vec![a.clone(), b.clone()])
    );
    assert_eq!(
        expr("向下取整(a)"),
        ExprKind::Call(Func::Floor, vec![a.clone()])
    );
    assert_eq!(
        expr("四舍五入(a, 2)"),
        ExprKind::Call(Func::Round, vec![a, int(2)])
    );
}

// ------------------------------------------------------------------------------------- AMOUNTS

#[test]
fn amount_accepts_every_form() {
    accepts_all(
        Rule::amount,
        &[
            "待定",
            "30万元",
            "第一条奖补",
            "20万元 至 50万元",
            "分档 { 员工数 >= 100 : 10万元；其他 ： 5万元 }",
            "分档 { 全部 { a b } : 1万元 }",
            "分档 {}",
            "累进 利润 { 至 100万元 : 5%; 至 500万元 ： 3%; 其余 : 1% }",
            "阶梯 净增产值 每 100万元 计 1万元",
            "300元 × 省外户籍员工数，最高 30万元",
            "300元 × 省外户籍员工数 最高30万元",
            "a × 5% 最低 1万元 最高 30万元",
            "20万元 至 50万元，最高 40万元",
            "最小(a, 30万元)",
            "10万元 + 阶梯 x 每 1000万元 计 2万元，最高 300万元",
            "(阶梯 x 每 1000万元 计 2万元) + 10万元",
            "（阶梯 x 每 1000万元 计 2万元） - 1万元",
            "分档 { a > 1 : 累进 x { 至 y : 1% 其余 : 1.2% } 其他 : 待定 }",
            "分档 { a : 20万元 至 50万元，最高 40万元 } × 50%",
            "50% × 分档 { a : 1万元 }",
            "(20万元 至 50万元，最高 40万元)，最低 25万元",
            "待定 + 1万元",
        ],
    );
}

#[test]
fn amount_sum_rejects_near_misses() {
    rejects_all(
        Rule::amount,
        &[
            "10万元 +",
            "+ 阶梯 x 每 y 计 z",
            "(阶梯 x 每 y 计 z",
            "阶梯 x 每 y 计 z +",
            "分档 { a : } + 1万元",
            "(最高 1万元)",
        ],
    );
}

#[test]
fn amounts_compose_with_times_before_plus() {
    // `a + (分档 {…} × 50%) - b` is `(a + (分档 × 50%)) - b`; `×` binds first.
    let a = amount("1万元 + (分档 { x > 1 : 2万元 } × 50%) - 3万元");
    let AmountCore::Arith(ArithOp::Sub, sum, last) = a.core else {
        panic!("not a difference")
    };
    assert_eq!(
        last.core,
        AmountCore::Expr(sp(ExprKind::Lit(Literal::Number(Number {
            value: Decimal::from(30_000),
            unit: Some(Unit::Wan),
        }))))
    );
    let AmountCore::Arith(ArithOp::Add, first, product) = sum.core else {
        panic!("not a sum")
    };
    assert!(matches!(first.core, AmountCore::Expr(_)));
    let AmountCore::Arith(ArithOp::Mul, tiers, _) = product.core else {
        panic!("not a product")
    };
    assert!(matches!(tiers.core, AmountCore::Tiers(_)));
    // Without brackets too: `分档 × 50% + 分档` is `(分档 × 50%) + 分档`.
    let b = amount("分档 { x > 1 : 2万元 } × 50% + 分档 { x > 2 : 1万元 }");
    let AmountCore::Arith(ArithOp::Add, product, _) = b.core else {
        panic!("not a sum")
    };
    assert!(matches!(
        product.core,
        AmountCore::Arith(ArithOp::Mul, _, _)
    ));
}

#[test]
fn bounds_apply_to_the_whole_amount_and_nest_in_brackets() {
    let a = amount("10万元 + (阶梯 x 每 1000万元 计 2万元)，最高 300万元");
    assert!(matches!(a.core, AmountCore::Arith(ArithOp::Add, _, _)));
    assert_eq!(a.bounds.len(), 1);
    let nested = amount("(20万元 至 50万元，最高 40万元)，最低 25万元");
    let AmountCore::Nested(inner) = nested.core else {
        panic!("not nested")
    };
    assert!(inner.bounds[0].at_most);
    assert!(!nested.bounds[0].at_most);
}

#[test]
fn a_plus_after_steps_or_at_a_range_end_is_ambiguous() {
    for (src, one, other) in [
        (
            "阶梯 x 每 1000万元 计 2万元 + 10万元",
            "(阶梯 x 每 1000万元 计 2万元) + 10万元",
            "阶梯 x 每 1000万元 计 (2万元 + 10万元)",
        ),
        (
            "20万元 至 50万元 - 1万元",
            "(20万元 至 50万元) - 1万元",
            "20万元 至 (50万元 - 1万元)",
        ),
        (
            "10万元 + 20万元 至 50万元",
            "10万元 + (20万元 至 50万元)",
            "(10万元 + 20万元) 至 50万元",
        ),
        // A sum beside an amount's `×` would take the `+` or `-` into the factor.
        (
            "分档 { x > 1 : 2万元 } × 50% - 3万元",
            "(分档 { x > 1 : 2万元 } × 50%) - 3万元",
            "分档 { x > 1 : 2万元 } × (50% - 3万元)",
        ),
        (
            "1万元 + 2 × 分档 { x > 1 : 2万元 }",
            "1万元 + (2 × 分档 { x > 1 : 2万元 })",
            "(1万元 + 2) × 分档 { x > 1 : 2万元 }",
        ),
    ] {
        let errors = parse_errors(&format!("条款 c {{ 奖补 b {{ 金额 {src} }} }}"));
        assert!(
            matches!(
                errors.as_slice(),
                [SyntaxError::AmbiguousAmount { one: o, other: t, .. }] if o == one && t == other
            ),
            "{src}: {errors:?}"
        );
        // Each bracketing the help offers is accepted.
        amount(one);
        amount(other);
    }
    // Inside brackets the sum is the step's pay: not ambiguous.
    amount("阶梯 x 每 1000万元 计 (2万元 + 10万元)");
    // `×` gives the same amount either way: not ambiguous.
    amount("阶梯 x 每 1000万元 计 2万元 × 2");
}

#[test]
fn amount_rejects_near_misses() {
    rejects_all(
        Rule::amount,
        &[
            "",
            "最高 30万元",
            "20万元 至",
            "至 50万元",
            "20万元 到 50万元",
            "分档 { 其他 5万元 }",
            "分档 { a : }",
            "分档 a : 5万元",
            "累进 { 至 100万元 : 5% }",
            "累进 利润 { 100万元 : 5% }",
            "阶梯 x 每 y",
            "阶梯 x 计 z",
            "阶梯 x 每 y 计",
            "30万元，最高",
            "30万元 最多 40万元",
            "待定 待定",
            "30万万元",
        ],
    );
}

#[test]
fn amounts_lower_to_their_core_and_bounds() {
    let wan = |v: i64| {
        sp(ExprKind::Lit(Literal::Number(Number {
            value: Decimal::from(v * 10_000),
            unit: Some(Unit::Wan),
        })))
    };
    let pct = |v: i64| {
        sp(ExprKind::Lit(Literal::Number(Number {
            value: Decimal::new(v, 2),
            unit: Some(Unit::Percent),
        })))
    };
    assert_eq!(amount("待定").core, AmountCore::Tbd);
    assert!(amount("待定").bounds.is_empty());
    assert_eq!(
        amount("20万元 至 50万元").core,
        AmountCore::Range(wan(20), wan(50))
    );
    let tiers = amount("分档 { 员工数 >= 100 : 10万元；其他 ： 5万元 }").core;
    let AmountCore::Tiers(tiers) = tiers else {
        panic!("{tiers:?}")
    };
    assert_eq!(tiers.len(), 2);
    assert_eq!(
        tiers[0].condition.as_ref().map(|c| c.node.clone()),
        Some(cmp(CmpOp::Ge, name("员工数"), int(100)))
    );
    assert_eq!(tiers[0].value.core, AmountCore::Expr(wan(10)));
    assert_eq!(tiers[1].condition, None);
    assert_eq!(tiers[1].value.core, AmountCore::Expr(wan(5)));

    let AmountCore::Progressive { base, bands } =
        amount("累进 利润 { 至 100万元 : 5%; 其余 : 3% }").core
    else {
        panic!("not progressive")
    };
    assert_eq!(base, name("利润"));
    assert_eq!(bands.len(), 2);
    assert_eq!(bands[0].upto, Some(wan(100)));
    assert_eq!(bands[0].rate, pct(5));
    assert_eq!(bands[1].upto, None);
    assert_eq!(bands[1].rate, pct(3));

    assert_eq!(
        amount("阶梯 净增产值 每 100万元 计 1万元").core,
        AmountCore::Steps {
            base: name("净增产值"),
            step: wan(100),
            each: wan(1),
        }
    );

    let capped = amount("300元 × 省外户籍员工数，最高 30万元 最低 1万元");
    assert!(matches!(
        &capped.core,
        AmountCore::Expr(e) if matches!(e.node, ExprKind::Arith(ArithOp::Mul, _, _))
    ));
    assert_eq!(capped.bounds.len(), 2);
    assert!(capped.bounds[0].at_most);
    assert_eq!(capped.bounds[0].value, wan(30));
    assert!(!capped.bounds[1].at_most);
    assert_eq!(capped.bounds[1].value, wan(1));
    // `最高30万元`: the keyword may touch the digits.
    assert_eq!(amount("a 最高30万元").bounds[0].value, wan(30));
}

// -------------------------------------------------------------------------------- DECLARATIONS

#[test]
fn field_type_accepts_every_type() {
    accepts_all(
        Rule::field_type,
        &[
            "金额",
            "比例",
            "百分比",
            "人数",
            "户数",
            "数量",
            "是否",
            "日期",
            "文本",
            "选项 { 水 电 煤 气 热 无 }",
            "选项 { 升级改造、资产重组 }",
            "选项 { \"是\" \"否\" }",
            "选项{}",
        ],
    );
    rejects_all(
        Rule::field_type,
        &[
            "",
            "字符串",
            "选项",
            "选项 水 电",
            "选项 { 是 }",
            "选项 { 水",
            "是",
            "金额2",
            "文本文本",
        ],
    );
}

#[test]
fn field_types_lower_to_type_exprs() {
    let policy = parse(
        "记录 { a 金额 b 比例 c 百分比 d 人数 e 户数 f 数量 g 是否 h 日期 i 文本 j 选项 { 水 “电” } }",
    );
    let types: Vec<TypeExpr> = policy.fields.iter().map(|f| f.ty.node.clone()).collect();
    assert_eq!(
        types,
        vec![
            TypeExpr::Money,
            TypeExpr::Ratio,
            TypeExpr::Ratio,
            TypeExpr::Count,
            TypeExpr::Count,
            TypeExpr::Count,
            TypeExpr::Bool,
            TypeExpr::Date,
            TypeExpr::Text,
            TypeExpr::Enum(vec![
                Spanned::new("水".into(), Span::default()),
                Spanned::new("电".into(), Span::default()),
            ]),
        ]
    );
}

#[test]
fn field_attr_accepts_each_attribute() {
    accepts_all(
        Rule::field_attr,
        &[
            "可选",
            "主键",
            "地区",
            "标签 \"是否重点企业\"",
            "标签 「x」",
            "单位 1万元",
        ],
    );
    rejects_all(
        Rule::field_attr,
        &[
            "",
            "标签",
            "标签 x",
            "单位",
            "单位 x",
            "单位 1 万元",
            "必填",
            "可选可选",
        ],
    );
}

#[test]
fn field_accepts_a_name_a_type_and_attributes() {
    accepts_all(
        Rule::field,
        &[
            "企业名称 文本",
            "统一社会信用代码 文本 主键",
            "所属地区 文本 地区",
            "重点企业 是否 标签 \"是否重点企业\"",
            "项目竣工日期 日期 可选",
            "一季度产值2021 金额 标签 \"2021年一季度工业总产值\" 可选 单位 1万元",
            "保供类型 选项 { 水 电 煤 气 热 无 }",
        ],
    );
    rejects_all(
        Rule::field,
        &[
            "企业名称",
            "企业名称 字符串",
            "金额 金额",
            "重点企业 是否 标签",
            "企业名称文本",
            "文本 企业名称",
        ],
    );
}

#[test]
fn fields_lower_with_their_attributes() {
    let policy = parse(
        "记录 {\n  代码 文本 主键\n  地区名 文本 地区\n  产值 金额 标签 \"产值\" 可选 单位 1万元\n}",
    );
    let f = &policy.fields;
    assert_eq!(f.len(), 3);
    assert!(f[0].key && !f[0].optional && !f[0].area);
    assert!(f[1].area && !f[1].key);
    assert!(f[2].optional);
    assert_eq!(f[2].label.as_ref().map(|l| l.node.as_str()), Some("产值"));
    assert_eq!(
        f[2].unit.as_ref().map(|u| u.node.clone()),
        Some(Number {
            value: dec("10000"),
            unit: Some(Unit::Wan)
        })
    );
}

/// The checker's help for a bad column unit says "write e.g. `一季度产值2021 金额 单位 万元`":
/// a bare unit is one of it.
#[test]
fn field_unit_accepts_a_bare_unit() {
    accepts_all(
        Rule::field_attr,
        &["单位 万元", "单位 元", "单位 亿元", "单位 %"],
    );
    accepts(Rule::field, "一季度产值2021 金额 单位 万元");
    rejects_all(
        Rule::field_attr,
        &["单位 万万元", "单位 美元", "单位 万 元"],
    );
    let unit = |src: &str| {
        parse(&format!("记录 {{ a 金额 单位 {src} }}")).fields[0]
            .unit
            .clone()
    };
    for (src, value) in [
        ("万元", "10000"),
        ("1万元", "10000"),
        ("亿元", "100000000"),
        ("元", "1"),
    ] {
        assert_eq!(unit(src).map(|u| u.node.value), Some(dec(value)), "{src}");
    }
}

#[test]
fn record_accepts_fields() {
    accepts_all(
        Rule::record,
        &[
            "记录 {}",
            "记录 { a 文本 }",
            "记录 {\n a 文本 主键\n b 金额\n}",
        ],
    );
    rejects_all(
        Rule::record,
        &[
            "记录",
            "记录 { a }",
            "记录 { a 文本",
            "记录 { a 文本, b 文本 }",
        ],
    );
}

#[test]
fn param_accepts_a_typed_literal_or_tbd() {
    accepts_all(
        Rule::param,
        &[
            "参数 第一条奖补 金额 = 待定",
            "参数 第一条奖补 金额 = 待定  解释 \"标准另行确定\"",
            "参数 上限 金额 = 30万元",
            "参数 比率 比例 = 6%",
            "参数 起始 日期 = 2020-01-01",
            "参数 开关 是否 = 是",
            "参数 名称 文本 = \"x\"",
            "参数 类型 选项 { 甲 乙 } = \"甲\"",
        ],
    );
    rejects_all(
        Rule::param,
        &[
            "参数 x = 待定",
            "参数 x 金额 待定",
            "参数 x 金额 =",
            "参数 x 金额 = a",
            "参数 x 金额 = 1 + 2",
            "参数 x 金额 = -5",
            "参数 金额 金额 = 待定",
            "参数 x 金额 = 待定 解释",
            "参数x 金额 = 待定",
        ],
    );
}

#[test]
fn params_lower_with_default_and_note() {
    let policy = parse("参数 第一条奖补 金额 = 待定 解释 \"另行确定\"\n参数 上限 金额 = 30万元");
    assert_eq!(policy.params.len(), 2);
    assert_eq!(policy.params[0].name.node, "第一条奖补");
    assert_eq!(policy.params[0].ty.node, TypeExpr::Money);
    assert_eq!(policy.params[0].default.node, None);
    assert_eq!(
        policy.params[0].note.as_ref().map(|n| n.node.as_str()),
        Some("另行确定")
    );
    assert_eq!(
        policy.params[1].default.node,
        Some(Literal::Number(Number {
            value: dec("300000"),
            unit: Some(Unit::Wan)
        }))
    );
    assert_eq!(policy.params[1].note, None);
}

#[test]
fn define_accepts_a_name_and_an_expression() {
    accepts_all(
        Rule::define,
        &[
            "定义 净增产值 = 一季度产值2021 - 一季度产值2019",
            "定义 增长率 = 净增产值 / 一季度产值2019\n  解释 \"与2019年同期相比\"",
            "定义 合格 = a 且 b 达到 5 以上",
            "定义 合格 = 全部 { a b }",
        ],
    );
    rejects_all(
        Rule::define,
        &[
            "定义 d a",
            "定义 d =",
            "定义 = a",
            "定义 条件 = a",
            "定义 d == a",
            "定义 d = a 解释",
            "定义d = a",
        ],
    );
}

#[test]
fn clause_accepts_its_items_in_any_order() {
    accepts_all(
        Rule::clause,
        &[
            "条款 第一条 {}",
            "条款 第一条 \"鼓励企业增产扩能\" {}",
            "条款 第一条 「标题」 { 解释 \"a\" 解释 \"b\" }",
            "条款 第一条 { 责任单位 \"市工信局\"、\"市财政局\"，\"各县（市）区政府\" }",
            "条款 第一条 { 责任单位 \"a\" \"b\" }",
            "条款 第一条 { 原文 「对……给予支持。」 }",
            "条款 第一条 { 奖补 a {} 服务 b {} 解释 \"n\" 原文 \"t\" }",
        ],
    );
    rejects_all(
        Rule::clause,
        &[
            "条款 {}",
            "条款 第一条",
            "条款 第一条 {",
            "条款 第一条 { 金额 5 }",
            "条款 第一条 { 条件 a }",
            "条款 第一条 \"t\" \"u\" {}",
            "条款 \"第一条\" {}",
            "条款 第一条 { 责任单位 }",
            "条款 第一条 { 责任单位 市工信局 }",
            "条款 第一条 { 定义 d = a }",
        ],
    );
}

#[test]
fn subsidy_accepts_condition_amount_funds_installments_and_notes() {
    accepts_all(
        Rule::subsidy,
        &[
            "奖补 增产扩能奖补 {}",
            "奖补 增产扩能奖补 { 条件 a 金额 第一条奖补 资金 \"专项资金\" }",
            "奖补 稳岗留工补贴 {\n 条件 全部 { a b }\n 金额 300元 × 员工数，最高 30万元\n 资金 先 \"A\"，不足部分 \"B\"\n}",
            "奖补 x { 金额 10万元 分期 \"2021年\" 40%，\"2022年\" 60% 解释 \"n\" }",
        ],
    );
    rejects_all(
        Rule::subsidy,
        &[
            "奖补 {}",
            "奖补 x",
            "奖补 x { 内容 \"服务内容\" }",
            "奖补 x { 条件 }",
            "奖补 x { 金额 }",
            "奖补 x { 原文 \"t\" }",
            "奖补 x { a }",
        ],
    );
}

#[test]
fn service_accepts_condition_content_and_notes() {
    accepts_all(
        Rule::service,
        &[
            "服务 包保服务 {}",
            "服务 包保服务 { 内容 \"“万人助万企”全方位包保服务\" }",
            "服务 银企对接 { 条件 融资需求 内容 \"纳入银企对接活动\" 解释 \"n\" }",
        ],
    );
    rejects_all(
        Rule::service,
        &[
            "服务 x { 资金 \"A\" }",
            "服务 x { 内容 }",
            "服务 x { 内容 文本 }",
            "服务 {}",
        ],
    );
}

#[test]
fn funds_accepts_a_first_source_and_shortfall_sources() {
    accepts_all(
        Rule::funds,
        &[
            "资金 \"专项资金\"",
            "资金 先 \"A\"，不足部分 \"B\"",
            "资金 先 \"A\"；不足部分 \"B\"、\"C\"",
            "资金 \"A\" \"B\"",
            "资金 “A” 不足部分 「B」",
        ],
    );
    rejects_all(
        Rule::funds,
        &[
            "资金",
            "资金 A",
            "资金 先",
            "资金 不足部分 \"B\"",
            "资金 先 先 \"A\"",
            "资金 \"A\"，不足部分",
            "资金 \"A\"，",
            "资金先\"A\"",
        ],
    );
    let policy = parse("条款 c { 奖补 b { 资金 先 \"A\"，不足部分 \"B\" } }");
    let funds: Vec<&str> = policy.clauses[0].benefits[0]
        .funds
        .iter()
        .map(|f| f.node.as_str())
        .collect();
    assert_eq!(funds, ["A", "B"]);
}

#[test]
fn installments_accepts_labelled_shares() {
    accepts_all(
        Rule::installments,
        &[
            "分期 \"一次性\" 100%",
            "分期 \"2021年\" 40%，\"2022年\" 60%",
            "分期 \"a\" 1 ÷ 3 \"b\" 2 ÷ 3",
        ],
    );
    rejects_all(
        Rule::installments,
        &[
            "分期",
            "分期 40%",
            "分期 \"2021年\"",
            "分期 2021年 40%",
            "分期 \"2021年\" 40%，",
            "分期 \"2021年\"：40%",
        ],
    );
    let policy = parse("条款 c { 奖补 b { 分期 \"2021年\" 40%，\"2022年\" 60% } }");
    let parts = &policy.clauses[0].benefits[0].installments;
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[1].label.node, "2022年");
    assert_eq!(
        parts[1].share.node,
        ExprKind::Lit(Literal::Number(Number {
            value: dec("0.6"),
            unit: Some(Unit::Percent)
        }))
    );
}

#[test]
fn members_accepts_clauses_and_clause_dot_benefit() {
    accepts_all(
        Rule::members,
        &[
            "成员 第三条",
            "成员 第三条.稳岗留工补贴",
            "成员 第一条 第二条 第三条",
            "成员 第一条、第二条，第三条.稳岗留工补贴；第四条",
        ],
    );
    rejects_all(
        Rule::members,
        &[
            "成员",
            "成员 第三条 . 稳岗留工补贴",
            "成员 第三条 .稳岗留工补贴",
            "成员 第三条.",
            "成员 .稳岗留工补贴",
            "成员 第三条.稳岗留工补贴.x",
            "成员 \"第三条\"",
            "成员 就高",
        ],
    );
    accepts(Rule::member, "第三条.稳岗留工补贴");
    rejects(Rule::member, "第三条 .稳岗留工补贴");
}

#[test]
fn exclusive_accepts_members_and_a_rule() {
    accepts_all(
        Rule::exclusive,
        &[
            "不可兼得 奖补资金 {}",
            "不可兼得 奖补资金 { 成员 第一条 第二条 就高 }",
            "不可兼得 奖补资金 { 原文 「不可兼得。」 解释 \"n\" 成员 第一条 择一 }",
        ],
    );
    rejects_all(
        Rule::exclusive,
        &[
            "不可兼得 {}",
            "不可兼得 x",
            "不可兼得 x { 成员 }",
            "不可兼得 x { 金额 5 }",
            "不可兼得 x { 成员 a 就高 就高",
            "不可兼得 x { 条件 a }",
        ],
    );
}

#[test]
fn cumulative_accepts_members_and_a_cap() {
    accepts_all(
        Rule::cumulative,
        &[
            "累计上限 单户上限 {}",
            "累计上限 单户上限 { 成员 第一条 第三条.稳岗留工补贴 不超过 100万元 }",
            "累计上限 单户上限 { 成员 第一条 不超过 上年纳税额 × 50% }",
        ],
    );
    rejects_all(
        Rule::cumulative,
        &[
            "累计上限 x { 不超过 }",
            "累计上限 x { 最高 100万元 }",
            "累计上限 {}",
        ],
    );
}

#[test]
fn groups_lower_with_kind_members_and_cap() {
    let policy = parse(
        "不可兼得 甲 { 成员 第一条 第三条.稳岗留工补贴 择一 }\n\
         不可兼得 乙 { 成员 第一条 }\n\
         累计上限 丙 { 成员 第二条 不超过 100万元 }",
    );
    let g = &policy.groups;
    assert_eq!(g.len(), 3);
    assert_eq!(g[0].kind, GroupKind::Exclusive { highest: false });
    assert_eq!(g[0].name.node, "甲");
    assert_eq!(g[0].members.len(), 2);
    assert_eq!(g[0].members[0].clause.node, "第一条");
    assert_eq!(g[0].members[0].benefit, None);
    assert_eq!(g[0].members[1].clause.node, "第三条");
    assert_eq!(
        g[0].members[1].benefit.as_ref().map(|b| b.node.as_str()),
        Some("稳岗留工补贴")
    );
    // `就高` is the default rule.
    assert_eq!(g[1].kind, GroupKind::Exclusive { highest: true });
    let GroupKind::Cumulative { cap: Some(cap), .. } = &g[2].kind else {
        panic!("{:?}", g[2].kind)
    };
    assert_eq!(
        cap.node,
        ExprKind::Lit(Literal::Number(Number {
            value: dec("1000000"),
            unit: Some(Unit::Wan)
        }))
    );
}

/// `group_item` lets every group hold `就高`/`择一` and `不超过 x`, but `lower/declarations.rs::group` keeps
/// the cap only for `累计上限` and the rule only for `不可兼得`: the other is dropped without a
/// word, so `不可兼得 g { … 不超过 1万元 }` compiles and caps nothing.
#[test]

fn group_items_of_the_other_kind_are_not_silently_dropped() {
    let base = "记录 { a 是否 }\n条款 c { 奖补 s { 条件 a 金额 5万元 } }\n条款 d { 奖补 t { 条件 a 金额 6万元 } }\n";
    for group in [
        "不可兼得 g { 成员 c d 不超过 1万元 }",
        "累计上限 h { 成员 c d 择一 不超过 8万元 }",
    ] {
        let src = format!("{base}{group}");
        assert!(
            jiangbu::compile(&src).is_err(),
            "`{group}` compiles, losing part of what it says"
        );
    }
}

#[test]
fn policy_meta_accepts_a_title_and_entries() {
    accepts_all(
        Rule::policy_meta,
        &[
            "政策 \"长春市人民政府办公厅关于稳定一季度工业经济运行工作的通知\"",
            "政策 「标题」 {}",
            "政策 \"t\" {\n  文号 \"长府办明电〔2021〕7号\"\n  等级 \"特急\"\n}",
        ],
    );
    rejects_all(
        Rule::policy_meta,
        &[
            "政策",
            "政策 标题",
            "政策 \"t\" { 文号 }",
            "政策 \"t\" { 文号 x }",
            "政策 \"t\" { \"文号\" \"x\" }",
            "政策 \"t\" {",
        ],
    );
    // A keyword may touch punctuation: `"` cannot continue a name.
    accepts(Rule::policy_meta, "政策\"t\"");
    let meta = parse("政策 \"t\" { 文号 \"7号\" 等级 \"特急\" }")
        .meta
        .unwrap();
    assert_eq!(meta.title.node, "t");
    let entries: Vec<(&str, &str)> = meta
        .entries
        .iter()
        .map(|(k, v)| (k.node.as_str(), v.node.as_str()))
        .collect();
    assert_eq!(entries, [("文号", "7号"), ("等级", "特急")]);
}

#[test]
fn policy_accepts_whole_files_only() {
    accepts_all(
        Rule::policy,
        &[
            "",
            "  \n\t\u{3000}",
            "# 注释",
            CHANGCHUN,
            "定义 a = b\n参数 p 金额 = 待定\n记录 { b 是否 }",
        ],
    );
    rejects_all(
        Rule::policy,
        &[
            "定义 a = b garbage",
            "记录 {",
            "}",
            "a",
            "政策 \"t\" 政策",
            "条款 第一条 {} }",
            "奖补 x {}",
        ],
    );
}

#[test]
fn the_changchun_notice_lowers_completely() {
    let policy = parse(CHANGCHUN);
    let meta = policy.meta.as_ref().unwrap();
    assert!(meta.title.node.starts_with("长春市人民政府办公厅"));
    assert_eq!(meta.entries.len(), 3);
    assert_eq!(policy.fields.len(), 19);
    assert_eq!(policy.params.len(), 6);
    assert_eq!(policy.defines.len(), 2);
    assert_eq!(policy.clauses.len(), 9);
    assert_eq!(policy.groups.len(), 1);
    let third = &policy.clauses[2];
    assert_eq!(third.id.node, "第三条");
    assert_eq!(third.units.len(), 4);
    assert_eq!(third.notes.len(), 2);
    assert_eq!(third.benefits.len(), 2);
    assert_eq!(third.benefits[0].kind, BenefitKind::Subsidy);
    assert_eq!(third.benefits[1].kind, BenefitKind::Service);
    assert_eq!(third.benefits[0].funds.len(), 2);
    let bound = &third.benefits[0].amount.as_ref().unwrap().bounds[0];
    assert!(bound.at_most);
    assert_eq!(
        bound.value.node,
        ExprKind::Lit(Literal::Number(Number {
            value: dec("300000"),
            unit: Some(Unit::Wan)
        }))
    );
    assert_eq!(policy.groups[0].members.len(), 7);
}

// ----------------------------------------------------------------------------- LOWERING: SPANS

const COMPACT: &str = "记录{a 金额 b 是否}定义 d=a+1 参数 p 金额=待定 条款 c{奖补 s{条件 b 且 d 达到 5 以上 金额 d，最高 30万元}}不可兼得 g{成员 c.s 就高}";
const SPREAD: &str = "# 同一政策，另一种排版\n\n记录 {\n  a  金额\n  b  是否\n}\n\n定义 d = a + 1   # 注释\n参数 p 金额 = 待定\n\n条款 c {\n  奖补 s {\n    条件 b 且 d 达到5以上\n    金额 d ，最高30万元\n  }\n}\n\n不可兼得 g {\n  成员 c.s\n  就高\n}\n";

/// The shipped policy, de-indented and shifted by a leading comment.
fn changchun_relaid() -> String {
    let dedented: Vec<&str> = CHANGCHUN.lines().map(str::trim_start).collect();
    format!("# 前置注释\n\n{}", dedented.join("\n"))
}

#[test]
fn spanned_equality_ignores_spans() {
    let at = |start, end| Spanned::new("x".to_string(), Span::new(start, end));
    assert_eq!(at(0, 1), at(10, 11));
    assert_ne!(at(0, 1), Spanned::new("y".to_string(), Span::new(0, 1)));

    let (a, b) = (parse(COMPACT), parse(SPREAD));
    // Every part built from `Spanned` nodes compares equal across layouts…
    assert_eq!(a.fields, b.fields);
    assert_eq!(a.params, b.params);
    assert_eq!(a.defines, b.defines);
    let (sa, sb) = (&a.clauses[0].benefits[0], &b.clauses[0].benefits[0]);
    assert_eq!(sa.condition, sb.condition);
    let (aa, ab) = (sa.amount.as_ref().unwrap(), sb.amount.as_ref().unwrap());
    assert_eq!(aa.core, ab.core);
    assert_eq!(aa.bounds, ab.bounds);
    assert_eq!(a.groups[0].members, b.groups[0].members);
    // …although the spans themselves differ.
    assert_ne!(a.defines[0].expr.span, b.defines[0].expr.span);
    assert_eq!(a.defines[0].expr.span.text(COMPACT), "a+1");
    assert_eq!(b.defines[0].expr.span.text(SPREAD), "a + 1");

    let (c, d) = (parse(CHANGCHUN), parse(&changchun_relaid()));
    assert_eq!(c.meta, d.meta);
    assert_eq!(c.fields, d.fields);
    assert_eq!(c.params, d.params);
    assert_eq!(c.defines, d.defines);
    // A real change is still a difference.
    let changed = parse(&CHANGCHUN.replace("最高 30万元", "最高 20万元"));
    let bounds = |p: &Policy| {
        p.clauses[2].benefits[0]
            .amount
            .as_ref()
            .unwrap()
            .bounds
            .clone()
    };
    assert_ne!(bounds(&c), bounds(&changed));
}

/// `span.rs` promises that "two parses of the same policy laid out differently compare equal",
/// but `Policy::record_spans: Vec<Span>`, `Benefit::span`, `Amount::span` and `Group::span` are
/// bare `Span`s, and `Span`'s derived `PartialEq` compares offsets.
#[test]

fn whole_policies_laid_out_differently_compare_equal() {
    assert_eq!(parse(COMPACT), parse(SPREAD));
    assert_eq!(parse(CHANGCHUN), parse(&changchun_relaid()));
}

#[test]
fn spans_point_at_the_source_text() {
    let src = "定义 净增产值 = 一季度产值2021 - 一季度产值2019";
    let policy = parse(src);
    let d = &policy.defines[0];
    assert_eq!(d.name.span.text(src), "净增产值");
    assert_eq!(d.expr.span.text(src), "一季度产值2021 - 一季度产值2019");
    let ExprKind::Arith(_, lhs, rhs) = &d.expr.node else {
        panic!("{:?}", d.expr)
    };
    assert_eq!(lhs.span.text(src), "一季度产值2021");
    assert_eq!(rhs.span.text(src), "一季度产值2019");
}

// ---------------------------------------------------------------------------- LOWERING: ERRORS

const BAD_DATE_1: &str = "2021-13-01";
const BAD_DATE_2: &str = "2021-02-30";
const BIG: &str = "99999999999999999999999999999元";

fn bad_dates(errors: &[SyntaxError]) -> Vec<&str> {
    errors
        .iter()
        .filter_map(|e| match e {
            SyntaxError::BadDate { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

#[test]
fn every_bad_literal_in_a_file_is_reported() {
    let two_defines = format!("定义 a = x > {BAD_DATE_1}\n定义 b = x > {BAD_DATE_2}");
    assert_eq!(
        bad_dates(&parse_errors(&two_defines)),
        [BAD_DATE_1, BAD_DATE_2]
    );

    let two_params = format!("参数 p 日期 = {BAD_DATE_1}\n参数 q 日期 = {BAD_DATE_2}");
    assert_eq!(
        bad_dates(&parse_errors(&two_params)),
        [BAD_DATE_1, BAD_DATE_2]
    );

    let two_clauses = format!(
        "条款 一 {{ 奖补 a {{ 条件 x > {BAD_DATE_1} }} }}\n条款 二 {{ 奖补 b {{ 条件 x > {BAD_DATE_2} }} }}"
    );
    assert_eq!(
        bad_dates(&parse_errors(&two_clauses)),
        [BAD_DATE_1, BAD_DATE_2]
    );

    let mixed =
        format!("定义 a = x > {BAD_DATE_1}\n参数 p 金额 = {BIG}\n记录 {{ c 金额 单位 {BIG} }}");
    let errors = parse_errors(&mixed);
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert_eq!(bad_dates(&errors), [BAD_DATE_1]);
    let ranges = errors
        .iter()
        .filter(|e| matches!(e, SyntaxError::NumberRange { .. }))
        .count();
    assert_eq!(ranges, 2);
}

/// Constructs whose two bad parts are both reported today.
#[test]
fn both_bad_parts_of_one_expression_are_reported() {
    let cases = [
        format!("定义 d = x > {BAD_DATE_1} 且 x > {BAD_DATE_2}"),
        format!("定义 d = x > {BAD_DATE_1} 或 x > {BAD_DATE_2}"),
        format!("定义 d = 全部 {{ x > {BAD_DATE_1}  x > {BAD_DATE_2} }}"),
        format!("定义 d = {BIG} + {BIG}"),
        format!("定义 d = 最小({BIG}, {BIG})"),
        format!("条款 c {{ 奖补 b {{ 条件 x > {BAD_DATE_1} 金额 {BIG} }} }}"),
        format!("条款 c {{ 奖补 b {{ 金额 {BIG}，最高 {BIG} }} }}"),
        format!("条款 c {{ 奖补 b {{ 分期 \"a\" {BIG}，\"b\" {BIG} }} }}"),
        format!("记录 {{ a 金额 单位 {BIG} b 金额 单位 {BIG} }}"),
    ];
    for src in &cases {
        let errors = parse_errors(src);
        assert_eq!(errors.len(), 2, "{src}: {errors:?}");
    }
}

/// `syntax/lower/` returns early with `?` on the first side of these constructs, so the second bad
/// literal goes unreported until the first is fixed.
#[test]

fn both_bad_parts_of_comparisons_and_amount_forms_are_reported() {
    let cases = [
        (
            "comparison",
            format!("定义 d = {BAD_DATE_1} < {BAD_DATE_2}"),
        ),
        (
            "comparison 达到…以上",
            format!("定义 d = {BIG} 达到 {BIG} 以上"),
        ),
        (
            "range",
            format!("条款 c {{ 奖补 b {{ 金额 {BIG} 至 {BIG} }} }}"),
        ),
        (
            "steps",
            format!("条款 c {{ 奖补 b {{ 金额 阶梯 x 每 {BIG} 计 {BIG} }} }}"),
        ),
        (
            "tier",
            format!("条款 c {{ 奖补 b {{ 金额 分档 {{ x > {BAD_DATE_1} : {BIG} }} }} }}"),
        ),
        (
            "progressive base",
            format!("条款 c {{ 奖补 b {{ 金额 累进 {BIG} {{ 其余 : {BIG} }} }} }}"),
        ),
        (
            "progressive band",
            format!("条款 c {{ 奖补 b {{ 金额 累进 x {{ 至 {BIG} : {BIG} }} }} }}"),
        ),
    ];
    let mut lost = Vec::new();
    for (what, src) in &cases {
        let errors = parse_errors(src);
        if errors.len() != 2 {
            lost.push(format!("{what}: {} error(s) for `{src}`", errors.len()));
        }
    }
    assert!(lost.is_empty(), "errors lost:\n{}", lost.join("\n"));
}

#[test]
fn a_syntax_error_names_what_was_expected() {
    let errors = parse_errors("条款 第一条 { 金额 5 }");
    let [SyntaxError::Unexpected { found, .. }] = &errors[..] else {
        panic!("{errors:?}")
    };
    assert!(found.contains("金额"), "{found}");
    let errors = parse_errors("条件春节连续生产");
    assert!(matches!(&errors[..], [SyntaxError::Unexpected { .. }]));
}

// -------------------------------------------------------------------------------------- LIMITS

fn assert_too_deep(src: &str) {
    let errors = parse_errors(src);
    assert!(
        errors
            .iter()
            .any(|e| matches!(e, SyntaxError::TooDeep { .. })),
        "{errors:?}"
    );
}

#[test]
fn ten_thousand_nested_parentheses_are_an_error() {
    // One bracket a line: a line has at most 16,000 characters (`syntax::limits`).
    let n = 10_000;
    assert_too_deep(&format!("定义 d = {}a{}", "(\n".repeat(n), ")\n".repeat(n)));
    assert_too_deep(&format!(
        "定义 d = {}a{}",
        "（\n".repeat(n),
        "）\n".repeat(n)
    ));
    // Unclosed, too.
    assert_too_deep(&format!("定义 d = {}a", "(".repeat(n)));
}

#[test]
fn ten_thousand_nots_are_an_error() {
    // One operator a line: a line has at most 16,000 characters (`syntax::limits`).
    assert_too_deep(&format!("定义 d = {}a", "非\n".repeat(10_000)));
    assert_too_deep(&format!("定义 d = {}a", "!".repeat(10_000)));
    assert_too_deep(&format!("定义 d = {}a", "-\n".repeat(10_000)));
}

#[test]
fn ten_thousand_braces_are_an_error() {
    let n = 10_000;
    assert_too_deep(&"{".repeat(n));
    assert_too_deep(&format!(
        "定义 d = {}a{}",
        "全部 {\n".repeat(n),
        "}\n".repeat(n)
    ));
    assert_too_deep(&format!("条款 c {}", "{".repeat(n)));
}

#[test]
fn nesting_limit_counts_code_brackets_only() {
    // 60 levels of parentheses are fine…
    parse(&format!("定义 d = {}a{}", "(".repeat(60), ")".repeat(60)));
    // …and one past the limit is not.
    assert_too_deep(&format!("定义 d = {}a{}", "(".repeat(65), ")".repeat(65)));
    // Brackets in strings and comments do not count.
    let deep = "(".repeat(200);
    parse(&format!(
        "参数 p 文本 = \"{deep}\"\n# {deep}\n条款 c {{ 原文 「{deep}」 解释 “{deep}” }}"
    ));
}

/// Name of this module's test `subprocess_entry` as libtest knows it (without the crate).
fn entry_test_name() -> String {
    let module = module_path!();
    let module = module.split_once("::").map_or(module, |(_, rest)| rest);
    format!("{module}::subprocess_entry")
}

const CHILD_SOURCE: &str = "JIANGBU_GRAMMAR_TEST_SOURCE";

/// Not a test of its own: when a test below re-runs this binary with `CHILD_SOURCE` set, parse
/// that source on a thread with the default 2 MiB stack and print the outcome. A stack overflow
/// aborts only that child process.
#[test]
fn subprocess_entry() {
    let Ok(src) = std::env::var(CHILD_SOURCE) else {
        return;
    };
    let outcome = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || match jiangbu::parse(&src) {
            Ok(_) => "ok".to_string(),
            Err(errors) => errors
                .iter()
                .map(|e| match e {
                    SyntaxError::TooDeep { .. } => "too_deep",
                    _ => "other",
                })
                .collect::<Vec<_>>()
                .join(","),
        })
        .unwrap()
        .join()
        .unwrap();
    println!("CHILD-OUTCOME: {outcome}");
}

/// Parse `src` in a child process; `None` when the child crashed (e.g. overflowed its stack).
fn parse_in_child(src: &str) -> Option<String> {
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            &entry_test_name(),
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_SOURCE, src)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    // libtest prints `test … ... ` on the same line before the child's output.
    let outcome = stdout
        .split_once("CHILD-OUTCOME: ")
        .and_then(|(_, rest)| rest.lines().next())
        .map(str::to_string);
    if out.status.success() {
        outcome
    } else {
        None
    }
}

#[test]
fn the_child_process_helper_reports_outcomes() {
    assert_eq!(parse_in_child("定义 d = a").as_deref(), Some("ok"));
    assert_eq!(
        parse_in_child(&format!("定义 d = {}a", "(".repeat(100))).as_deref(),
        Some("too_deep")
    );
}

/// The nesting pre-scan skips `"…"` text and must honour its `\"` escapes: when it did not, the
/// escaped quote ended the text early, the closing quote opened a new one, and the nesting after
/// it went uncounted (a few hundred levels then overflowed a 2 MiB stack).
#[test]
fn an_escaped_quote_does_not_hide_deep_nesting() {
    for n in [100, 400] {
        let src = format!(
            "定义 d = \"5\\\" 英寸\" 且 {}a{}",
            "(".repeat(n),
            ")".repeat(n)
        );
        assert_eq!(
            parse_in_child(&src).as_deref(),
            Some("too_deep"),
            "{n} levels after an escaped quote"
        );
    }
}

/// `MAX_EXPR_NODES` (4000) bounds the pairs of an expression, but a unary minus is one pair per
/// level, so a chain of a few thousand `-` passes the bound and the recursive lowering overflows
/// a 2 MiB stack. (`非` costs two pairs per level and stops at about 2,000.)
#[test]

fn a_long_unary_minus_chain_does_not_overflow() {
    let outcome = parse_in_child(&format!("定义 d = {}1", "- ".repeat(3_990)));
    assert!(
        matches!(outcome.as_deref(), Some("ok" | "too_deep")),
        "child crashed or failed: {outcome:?}"
    );
}

/// A batch example's expectations: a record named by key or place, `核定`, a pool's outcome.
#[test]
fn batch_expectations_accept_their_forms_and_reject_near_misses() {
    accepts_all(
        Rule::expect_benefit,
        &[
            "\"甲\" 第一条 符合 200万元 核定 118.17万元",
            "记录 2 第一条 符合 核定 待定",
            "record 2 第一条 eligible allocated 1.5万元",
            "第一条 符合 200万元 可给予 200万元 核定 160万元 分期 \"2021年\" 80万元",
        ],
    );
    rejects_all(
        Rule::expect_benefit,
        &[
            // A place without `记录` would read as the amount of the expectation before it.
            "2 第一条 符合",
            "记录 第一条 符合",
            "记录 2.5 第一条 符合",
            // `核定` comes after `可给予`, before `分期`.
            "第一条 符合 核定 1万元 可给予 1万元",
            "第一条 符合 核定",
        ],
    );
    accepts_all(
        Rule::expect_pool,
        &[
            "资金总额 技改奖补资金 核定 500万元 留存 0元",
            "资金总额 择优资金 核定 100万元 留存 30万元 截止名次 3",
            "pool 择优资金 cutoff 3",
            "资金总额 技改奖补资金 核定 待定",
        ],
    );
    rejects_all(
        Rule::expect_pool,
        &[
            "资金总额 核定 500万元",
            "资金总额 择优资金 截止名次 第3名",
            "资金总额 择优资金 截止名次 3.5",
            "资金总额 择优资金 留存 0元 核定 1万元",
        ],
    );
    accepts(Rule::expect_award, "\"甲\" 获奖 第三条 30万元 暂定");
    let p = parse(
        "示例 \"两户\" { 记录 { 甲 = 1 } 记录 { } \
         期望 { 记录 2 第一条 不符合 \"x\" 第一条 符合 核定 1万元 资金总额 池 留存 0元 截止名次 1 } }",
    );
    let e = &p.examples[0];
    assert_eq!(e.records.len(), 2);
    assert_eq!(e.records[0].cells.len(), 1);
    assert!(e.records[1].cells.is_empty());
    match &e.expects[..] {
        [jiangbu::syntax::ast::Expectation::Benefit {
            record: Some(a), ..
        }, jiangbu::syntax::ast::Expectation::Benefit {
            record: Some(b),
            allocated: Some(x),
            ..
        }, jiangbu::syntax::ast::Expectation::Pool {
            name,
            allocated: None,
            unspent: Some(u),
            cutoff: Some(c),
            ..
        }] => {
            assert_eq!(a.node, jiangbu::syntax::ast::RecordRef::Position(2));
            assert_eq!(b.node, jiangbu::syntax::ast::RecordRef::Key("x".into()));
            assert_eq!(x.node.as_ref().map(|n| n.value), Some(dec("10000")));
            assert_eq!(name.node, "池");
            assert_eq!(u.node.as_ref().map(|n| n.value), Some(Decimal::ZERO));
            assert_eq!(c.node, 1);
        }
        other => panic!("{other:#?}"),
    }
}

#[test]
fn amounts_by_rank_read_like_the_notice() {
    // A ranked pool's amounts by rank, in both languages, with or without spaces.
    accepts_all(
        Rule::pool_rank_amounts,
        &[
            "前 3 名分别给予 1100万元、800万元、600万元",
            "前3名分别给予1100万元、800万元、600万元",
            "前 3 名 分别给予 1100万元、800万元、第三名奖励",
            "前 2 位分别给予 300万元，200万元",
            "top 3 get 1100万元, 800万元, 600万元",
        ],
    );
    rejects_all(
        Rule::pool_rank_amounts,
        &[
            // No amounts, no count, amounts without separators.
            "前 3 名分别给予",
            "前 名分别给予 1100万元",
            "前 2 名分别给予 1100万元 800万元",
            "top 3 1100万元",
        ],
    );
    // A subsidy's amount `按名次` / `by rank` stands alone.
    accepts_all(Rule::amount_decl, &["金额 按名次", "amount by rank"]);
    rejects_all(
        Rule::amount_decl,
        &["金额 按名次 + 10万元", "金额 按名次，最高 10万元"],
    );
    // The keywords are reserved; a name may still start with them.
    rejects_all(Rule::name, &["按名次", "前", "top", "get"]);
    accepts_all(Rule::name, &["前期投入", "按名次奖励", "topline"]);
    // Parsed into the AST: the count, the amounts and the subsidy's `ByRank`.
    let policy = jiangbu::parse(
        "条款 第一条 { 奖补 名次奖励 { 金额 按名次 } }\n\
         资金总额 名次资金 { 成员 第一条 按 增速 从高到低 择优 前 2 名分别给予 300万元、200万元 }",
    )
    .unwrap();
    let r = policy.pools[0].rank_amounts.as_ref().unwrap();
    assert_eq!(r.count.node.value, Decimal::from(2));
    assert_eq!(r.amounts.len(), 2);
    let amount = policy.clauses[0].benefits[0].amount.as_ref().unwrap();
    assert_eq!(amount.core, AmountCore::ByRank);
}
