//! Turning what pest reports into errors a policy officer can act on, and the checks run on the
//! raw text before pest sees it (nesting depth, unclosed text).

use pest::error::{ErrorVariant, InputLocation};

use super::keywords::{is_keyword, is_reserved, spellings, KEYWORDS};
use super::limits::{code_point, is_invisible, MAX_REPORTED};
use super::names::rule_name;
use super::Rule;
use crate::diag::suggest::suggest;
use crate::diag::{text, SyntaxError, Text};
use crate::span::Span;

/// Walks the text outside quotes and comments. Calls `on_code(offset, char)` for every character
/// there except the `#` and quotes that open a comment or a text; stops when it returns false.
/// Returns the text still open at the end, as `(offset of its opening quote, closing quote)`,
/// or the first `"…"` text that runs past the end of its line.
fn walk(source: &str, mut on_code: impl FnMut(usize, char) -> bool) -> Option<(usize, char)> {
    let mut open: Option<(usize, char)> = None;
    let mut comment = false;
    let mut escaped = false;
    for (at, c) in source.char_indices() {
        if comment {
            comment = c != '\n';
            continue;
        }
        if let Some((start, end)) = open {
            if end == '"' && c == '\n' {
                return Some((start, end));
            }
            if escaped {
                escaped = false;
            } else if end == '"' && c == '\\' {
                escaped = true;
            } else if c == end {
                open = None;
            }
            continue;
        }
        match c {
            '#' => comment = true,
            '"' => open = Some((at, '"')),
            '「' => open = Some((at, '」')),
            '“' => open = Some((at, '”')),
            _ if !on_code(at, c) => return None,
            _ => {}
        }
    }
    open
}

/// Reject bracket nesting deeper than `limit`, invisible characters outside texts and comments,
/// and text left unclosed, before parsing, so that no input can overflow the stack, no name can
/// hide a character, and an unclosed quote is named where it opens.
pub(super) fn prescan(source: &str, limit: usize) -> Result<(), Vec<SyntaxError>> {
    let mut depth = 0usize;
    let mut too_deep = None;
    let mut invisible = Vec::new();
    let unclosed = walk(source, |at, c| match c {
        '(' | '（' | '{' => {
            depth += 1;
            if depth > limit {
                too_deep = Some(Span::new(at, at + c.len_utf8()));
                return false;
            }
            true
        }
        ')' | '）' | '}' => {
            depth = depth.saturating_sub(1);
            true
        }
        c if is_invisible(c) => {
            invisible.push(SyntaxError::Invisible {
                code_point: code_point(c),
                span: Span::new(at, at + c.len_utf8()).into(),
            });
            invisible.len() < MAX_REPORTED
        }
        _ => true,
    });
    if !invisible.is_empty() {
        return Err(invisible);
    }
    if let Some(span) = too_deep {
        return Err(vec![SyntaxError::TooDeep {
            limit,
            span: span.into(),
        }]);
    }
    if let Some((start, quote)) = unclosed {
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |n| start + n);
        return Err(vec![SyntaxError::Unclosed {
            quote: quote.to_string(),
            span: Span::new(start, line_end).into(),
        }]);
    }
    Ok(())
}

/// The innermost `{` still open at byte `at`.
fn open_brace(source: &str, at: usize) -> Option<usize> {
    let mut stack = Vec::new();
    walk(source.get(..at).unwrap_or(source), |offset, c| {
        match c {
            '{' => stack.push(offset),
            '}' => {
                stack.pop();
            }
            _ => {}
        }
        true
    });
    stack.pop()
}

/// Whether the `{` at byte `open` has its matching `}` somewhere after it (outside texts and
/// comments): a block that is closed later is not "not closed", whatever stopped the parse inside.
fn closed_later(source: &str, open: usize) -> bool {
    let mut stack = Vec::new();
    let mut closed = false;
    walk(source, |offset, c| {
        match c {
            '{' => stack.push(offset),
            '}' => closed = stack.pop() == Some(open),
            _ => {}
        }
        !closed
    });
    closed
}

/// Rules that start an item of a block: where one is expected, so is the block's `}`.
fn starts_block_item(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::kw_when
            | Rule::kw_amount
            | Rule::kw_funds
            | Rule::kw_installments
            | Rule::kw_note
            | Rule::kw_subsidy
            | Rule::kw_service
            | Rule::kw_units
            | Rule::kw_text
            | Rule::kw_content
            | Rule::kw_members
            | Rule::kw_highest
            | Rule::field
            | Rule::meta_entry
            | Rule::tier
            | Rule::band
            | Rule::word
            | Rule::member_word
            | Rule::logic
    )
}

fn words_or(list: &[&str]) -> String {
    match list {
        [] => "something else".to_string(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} or {}", rest.join(", "), last),
    }
}

/// A pest parse error as a [`SyntaxError`]: what was found, what was expected (in words), the
/// block left open, and a hint when the found word is a misspelt or glued keyword.
pub(super) fn pest_error(error: pest::error::Error<Rule>, source: &str) -> SyntaxError {
    let start = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let rest = source.get(start..).unwrap_or("");
    let token: &str = rest.split(|c: char| c.is_whitespace()).next().unwrap_or("");
    let found = if token.is_empty() {
        if rest.is_empty() {
            "end of file".to_string()
        } else {
            "end of line".to_string()
        }
    } else {
        format!("`{}`", token.chars().take(16).collect::<String>())
    };
    if let Some(e) = unknown_function(source, start) {
        return e;
    }
    let mut names: Vec<&str> = Vec::new();
    let mut block_item = false;
    if let ErrorVariant::ParsingError { positives, .. } = &error.variant {
        for rule in positives {
            if matches!(rule, Rule::WHITESPACE | Rule::COMMENT | Rule::keyword) {
                continue;
            }
            block_item |= starts_block_item(*rule);
            let name = rule_name(*rule);
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    let open = open_brace(source, start);
    if block_item && open.is_some() {
        names.push("`}`");
    }
    let expected = match &error.variant {
        ErrorVariant::CustomError { message } => message.clone(),
        ErrorVariant::ParsingError { .. } => words_or(&names),
    };
    // A value is expected (an operand, an amount), not only a name being declared.
    let value = [Rule::number, Rule::call, Rule::amount, Rule::sum]
        .iter()
        .any(|r| names.contains(&rule_name(*r)));
    let help = if let Some(help) = chinese_date(source, start, token) {
        Some(help)
    } else if let Some(help) = date_word(source, start, token) {
        Some(help)
    } else if let Some(help) = dotted_name(source, start, token) {
        Some(help)
    } else if (value || names.contains(&rule_name(Rule::name))) && is_reserved(token) {
        Some(if value {
            keyword_for_value(token)
        } else {
            text!(
                "`{token}` is a keyword and cannot be used as a name; choose another name",
                "`{token}` 是关键字，不能用作名称；请换一个名称"
            )
        })
    } else {
        keyword_hint(token)
    };
    SyntaxError::Unexpected {
        found,
        span: Span::new(start, start + token.len()).into(),
        expected,
        open: open
            .filter(|at| block_item && !closed_later(source, *at))
            .map(|at| Span::new(at, at + 1).into()),
        help,
    }
}

/// `成立日期 早于 2022-12-31`: a word for "before" or "after" is no keyword (dates compare with
/// the comparatives), so it was read as a name and the parse stopped after it. The help says
/// how dates are compared.
fn date_word(source: &str, start: usize, token: &str) -> Option<Text> {
    const WORDS: [&str; 8] = [
        "早于", "晚于", "之前", "之后", "以前", "以后", "before", "after",
    ];
    let before = source.get(..start)?.trim_end();
    // The word on its own, not the end of a longer name.
    let alone = |w: &str| {
        before.strip_suffix(w).is_some_and(|rest| {
            rest.chars()
                .next_back()
                .is_none_or(|c| c.is_whitespace() || "({（".contains(c))
        })
    };
    let word = WORDS.iter().find(|w| alone(w) || token == **w)?;
    Some(text!(
        "`{word}` is not a keyword: compare dates with `less than` (earlier than), `more than` (later than), `at least`, `at most`, or `is 2021-01-01 to 2021-12-31 inclusive` (in Chinese `低于`, `超过`, `不低于`, `不超过`, `在 … 至 … 期间`)",
        "`{word}` 不是关键字：日期用 `低于`（早于）、`超过`（晚于）、`不低于`、`不超过` 比较，或写 `在 2021-01-01 至 2021-12-31 期间`"
    ))
}

/// `2026年1月1日`: the year was read as a duration and the parse stopped at `1月1日`. The help
/// says how a date is written.
fn chinese_date(source: &str, start: usize, token: &str) -> Option<Text> {
    let (month, rest) = token.split_once('月')?;
    let day = rest.split('日').next()?;
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.chars().all(|c| c.is_ascii_digit());
    if !digits(month) || !digits(day) || !rest.contains('日') {
        return None;
    }
    let before = source.get(..start)?.trim_end();
    let year = before.strip_suffix('年')?;
    let year: String = year
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if year.len() != 4 {
        return None;
    }
    let (month, day) = (format!("{month:0>2}"), format!("{day:0>2}"));
    Some(text!(
        "a date is written `{year}-{month}-{day}` (year-month-day, with digits and hyphens); `{year}年` alone is a duration of {year} years",
        "日期写作 `{year}-{month}-{day}`（年-月-日，用数字和连字符）；单独的 `{year}年` 是 {year} 年的时长"
    ))
}

/// `第一条.投产奖励`: a name followed by `.` and a name. Names have no parts; when the first is a
/// clause and the second a subsidy, the policy meant another subsidy's amount, which an amount
/// cannot refer to.
fn dotted_name(source: &str, start: usize, token: &str) -> Option<Text> {
    let member = token
        .strip_prefix('.')
        .or_else(|| token.strip_prefix('．'))?;
    let member: String = member
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    let before = source.get(..start)?;
    let owner: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if owner.is_empty() || member.is_empty() {
        return None;
    }
    let declared = |keywords: &[&str], name: &str| {
        keywords.iter().any(|k| {
            source.match_indices(k).any(|(at, _)| {
                let after = source.get(at + k.len()..).unwrap_or("").trim_start();
                after.starts_with(name)
                    && after[name.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
            })
        })
    };
    if declared(&["条款", "clause"], &owner) && declared(&["奖补", "subsidy"], &member) {
        Some(text!(
            "an amount cannot refer to another subsidy's amount (`{owner}.{member}`); put the shared formula in a `定义` and use its name in both subsidies (a `定义` may hold an expression or tiers, not an amount form such as `阶梯`), or write the formula again",
            "金额不能引用另一项奖补的金额（`{owner}.{member}`）；把共用的算式写成 `定义`，在两项奖补中都用它的名称（`定义` 可以是表达式或分档，不能是 `阶梯` 等金额形式），或者把算式再写一遍"
        ))
    } else {
        Some(text!(
            "a name has no parts: `{owner}.{member}` is not a name; write the field's or definition's name alone",
            "名称没有组成部分：`{owner}.{member}` 不是名称；只写字段或定义的名称"
        ))
    }
}

/// A keyword where a value is expected: what the keyword does, and what can stand here.
fn keyword_for_value(token: &str) -> Text {
    let rule = KEYWORDS
        .iter()
        .find(|k| k.zh.contains(&token) || k.en.contains(&token))
        .map_or("", |k| k.rule);
    let (en, zh) = match rule {
        "kw_steps" | "kw_progressive" | "kw_tiers" | "kw_tbd" => (
            format!("`{token}` starts an amount form, which stands only in an amount (after `金额`, a tier band's `:`, or as a term of an amount); a condition or a `定义` cannot hold one"),
            format!("`{token}` 开始一种金额形式，只能用在金额中（`金额` 之后、档次的 `:` 之后或作为金额的一项）；条件和 `定义` 中不能用"),
        ),
        "kw_installments" => (
            format!("`{token}` starts a subsidy's installments, on its own line after `金额 …`"),
            format!("`{token}` 开始奖补的分期，应在 `金额 …` 之后另起一行"),
        ),
        "kw_to" => (
            format!("`{token}` joins two values (`20万元 至 50万元`, `在 2021-01-01 至 2021-12-31 期间`)"),
            format!("`{token}` 连接两个值（`20万元 至 50万元`、`在 2021-01-01 至 2021-12-31 期间`）"),
        ),
        _ => (
            format!("`{token}` is a keyword and cannot stand here"),
            format!("`{token}` 是关键字，不能出现在这里"),
        ),
    };
    text!(
        "{en}; here a value is expected: a number (`10万元`), a name, a function (`最大(…)`) or `( … )`; an option word spelt like a keyword is quoted: `\"{token}\"`",
        "{zh}；这里应为一个值：数（`10万元`）、名称、函数（`最大(…)`）或 `( … )`；与关键字同形的选项词要加引号：`\"{token}\"`"
    )
}

/// "did you mean `条件`?" for a misspelt keyword; "separate …" for a keyword glued to a name.
fn keyword_hint(token: &str) -> Option<Text> {
    let word: String = token
        .chars()
        .take_while(|c| !c.is_ascii_punctuation() && !"，。；：、（）{}「」“”".contains(*c))
        .collect();
    if word.is_empty() || is_keyword(&word) {
        return None;
    }
    let same_script = |k: &&str| k.is_ascii() == word.is_ascii();
    if let Some(k) = suggest(&word, spellings().filter(same_script)) {
        return Some(text!("did you mean `{k}`?", "是否应为 `{k}`？"));
    }
    if word.is_ascii() {
        return None;
    }
    let glued = spellings()
        .filter(|k| !k.is_ascii() && word.starts_with(k) && word.len() > k.len())
        .max_by_key(|k| k.len());
    glued.map(|k| {
        let rest = &word[k.len()..];
        text!(
            "separate the keyword `{k}` from `{rest}` with a space",
            "用空格把关键字 `{k}` 与 `{rest}` 分开"
        )
    })
}

/// `排名(x)`: a name followed by a bracketed part, where the parse stopped right at the bracket
/// or right after it, is a call of a function that does not exist (the name parsed as a field's,
/// the bracket as the start of another operand).
fn unknown_function(source: &str, start: usize) -> Option<SyntaxError> {
    let rest = source.get(start..)?;
    let open = if rest.starts_with('(') || rest.starts_with('（') {
        start
    } else {
        // The bracketed part was read; only blanks lie between it and where the parse stopped.
        let before = source.get(..start)?.trim_end();
        let close = before.chars().next_back()?;
        if close != ')' && close != '）' {
            return None;
        }
        let mut depth = 0usize;
        let mut open = None;
        for (i, c) in before.char_indices().rev() {
            match c {
                ')' | '）' => depth += 1,
                '(' | '（' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        open = Some(i);
                        break;
                    }
                }
                '\n' => return None,
                _ => {}
            }
        }
        open?
    };
    let before = source.get(..open)?;
    if before.ends_with([' ', '\t']) {
        return None;
    }
    let name_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
        .last()
        .map(|(i, _)| i)?;
    let name = before.get(name_start..)?;
    if name.chars().next().is_none_or(|c| c.is_ascii_digit()) || is_keyword(name) {
        return None;
    }
    Some(SyntaxError::UnknownFunction {
        name: name.to_string(),
        span: Span::new(name_start, name_start + name.len()).into(),
    })
}
