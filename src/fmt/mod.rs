//! `jiangbu fmt`: the canonical layout of a policy, printed from its AST, with every comment of
//! the source kept in order and the keywords optionally translated between Chinese and English.
//!
//! The layout is described in docs/fmt.md. Formatting is idempotent (`format(format(x)) ==
//! format(x)`) and the output parses to the same AST as the input (with `to`, in the other
//! keyword language).
//!
//! ```
//! let source = "记录{ 员工数 人数  连续生产 是否 }\n条款 第一条 { 奖补 稳岗 { 条件 连续生产 金额 300元 × 员工数，最高 30万元 } }\n";
//! let zh = jiangbu::fmt::format(source, None).expect("a policy");
//! assert!(zh.contains("    金额 300元 × 员工数，最高 30万元\n"));
//! let en = jiangbu::fmt::format(source, Some(jiangbu::syntax::keywords::Lang::En)).expect("a policy");
//! assert!(en.contains("    amount 300元 × 员工数, capped at 30万元\n"));
//! ```

mod comments;
mod expr;
mod layout;
mod parts;
mod printer;

use crate::syntax::keywords::Lang;
use crate::PolicyErrors;

/// Lay `source` out canonically, in keyword language `to` (`None`: the source's own).
///
/// # Errors
/// The syntax errors of `source`, when it does not parse.
pub fn format(source: &str, to: Option<Lang>) -> Result<String, PolicyErrors> {
    let ast = crate::parse(source).map_err(PolicyErrors::Syntax)?;
    let mut printer = printer::Printer {
        l: layout::Layout::new(source, comments::collect(source)),
        to: to.unwrap_or(ast.lang),
        from: ast.lang,
    };
    printer.policy(&ast);
    let out = printer.l.finish();
    // The layout puts an expression on one line: a long one could make a line the parser
    // refuses, and the formatted file would no longer be a policy.
    if let Some((line, chars)) = crate::syntax::limits::first_line_past_limit(&out) {
        let limit = crate::syntax::limits::MAX_LINE_CHARS;
        return Err(PolicyErrors::Syntax(vec![crate::diag::SyntaxError::TooLarge {
            message: crate::diag::text!(
                "formatted, line {line} would have {chars} characters; the most is {limit}",
                "格式化后第 {line} 行将有 {chars} 个字符，最多允许 {limit} 个"
            ),
            at: None,
            help: crate::diag::text!(
                "name parts of the long expression or list with `定义`, so that no line is that long; the file is left as it is",
                "用 `定义` 给过长的表达式或列表的各部分命名，使每行都不超过上限；文件保持原样"
            ),
        }]));
    }
    Ok(out)
}

/// The comments of `source` (`# …` outside quoted text), each as written, in order: what
/// [`format`](fn@format) must keep.
pub fn comments(source: &str) -> Vec<String> {
    comments::collect(source)
        .into_iter()
        .map(|c| c.text)
        .collect()
}
