//! Errors found while reading a policy's text.

use miette::SourceSpan;

use super::localize::{english_diagnostic, text, Localize, Text, Texts};

/// A policy that does not follow the grammar.
#[derive(Debug)]
pub enum SyntaxError {
    /// The text does not fit the grammar at this point.
    ///
    /// ## Resolution
    /// Write one of the expected forms at the marked place; keywords and names are separated by
    /// spaces.
    Unexpected {
        /// What was found: `` `token` ``, `end of file`, `end of line` or a grammar rule's name.
        found: String,
        /// Where.
        span: SourceSpan,
        /// The expected forms, in words (named by the syntax module's `rule_name`).
        expected: String,
        /// The block left open, when a `}` would fit here.
        open: Option<SourceSpan>,
        /// A hint, when one is known.
        help: Option<Text>,
    },

    /// Quoted text that is not closed: a `"…"` text must end on its line, `「…」` and `“…”` before
    /// the end of the file.
    ///
    /// ## Resolution
    /// Add the closing quote; write text spanning several lines in `「…」`.
    Unclosed {
        /// The closing quote expected.
        quote: String,
        /// From the opening quote to the end of its line.
        span: SourceSpan,
    },

    /// Chinese and English keywords in one file.
    ///
    /// ## Resolution
    /// Write the whole file in one keyword language; `jiangbu fmt --to zh` or `--to en`
    /// translates a file.
    MixedKeywords {
        /// The first keyword of the file's language.
        first: String,
        /// Where.
        first_span: SourceSpan,
        /// The keyword of the other language.
        second: String,
        /// Where.
        span: SourceSpan,
        /// The same keyword in the file's language.
        suggestion: String,
    },

    /// A number literal that does not fit a decimal (28 significant digits).
    ///
    /// ## Resolution
    /// Write a smaller number or use a larger unit (万元, 亿元).
    NumberRange {
        /// The literal.
        text: String,
        /// Where.
        span: SourceSpan,
    },

    /// A date literal naming a day that does not exist.
    ///
    /// ## Resolution
    /// Write a real calendar day as `YYYY-MM-DD`.
    BadDate {
        /// The literal.
        text: String,
        /// Where.
        span: SourceSpan,
    },

    /// Brackets or an expression nested deeper than the parser allows.
    ///
    /// ## Resolution
    /// Split the expression into named definitions (`定义`).
    TooDeep {
        /// The limit that was passed.
        limit: usize,
        /// Where the limit was passed.
        span: SourceSpan,
    },

    /// A policy file, a line or a name longer than jiangbu reads (docs/limits.md).
    ///
    /// ## Resolution
    /// Stay within the limit the message names: split the file, break the line, or choose a
    /// shorter name.
    TooLarge {
        /// What is too large, with its size and the limit (and the line, for a line).
        message: Text,
        /// The name and its label; none for a file or a line, whose text is not shown (it may
        /// be megabytes long).
        at: Option<(SourceSpan, Text)>,
        /// How to fix it.
        help: Text,
    },

    /// A bidirectional control character (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
    /// U+061C), which can make the text read differently from what it does ("Trojan Source").
    ///
    /// ## Resolution
    /// Remove the character; it is refused everywhere, in comments and texts too.
    Bidi {
        /// `U+202E`.
        code_point: String,
        /// Its line, from 1. The line is not shown: the character would reorder it on screen.
        line: usize,
        /// Its column in characters, from 1.
        column: usize,
    },

    /// An invisible character (a zero-width space or joiner, U+2060, U+FEFF, a soft hyphen, any
    /// format character) outside texts and comments, where it could make two names that look
    /// the same different.
    ///
    /// ## Resolution
    /// Remove the character.
    Invisible {
        /// `U+200D`.
        code_point: String,
        /// Where.
        span: SourceSpan,
    },

    /// A name with full-width letters or digits, or compatibility characters (U+F90A), which
    /// look like other characters; names are compared exactly, so they must be written in their
    /// normal (NFKC) form.
    ///
    /// ## Resolution
    /// Write the name as the help line shows (its NFKC form).
    CompatName {
        /// The name as written.
        name: String,
        /// The first character that changes, and its code point: `` `Ａ` (U+FF21) ``.
        character: String,
        /// Its NFKC form.
        normalized: String,
        /// Where.
        span: SourceSpan,
    },

    /// A name mixing scripts whose letters look alike, such as a Cyrillic `е` in a Latin name.
    ///
    /// ## Resolution
    /// Retype the name in one script; Chinese characters with Latin letters and digits are
    /// fine.
    MixedScript {
        /// The name.
        name: String,
        /// The scripts it mixes, in English and Chinese: `Latin, Cyrillic`.
        scripts: Text,
        /// Where.
        span: SourceSpan,
    },

    /// An amount a person could read two ways: a `+` or `-` at the end of `阶梯 … 计 X` or at
    /// either end of a range `A 至 B` could belong to the step's pay (the range's end) or to the
    /// whole amount. A sum beside an amount's `×` (`分档 { … } × 50% - 1万元`) is read the same
    /// way.
    ///
    /// ## Resolution
    /// Add brackets to say which reading is meant, as the help shows: `(阶梯 … 计 2万元) + 10万元`
    /// adds a base to the steps, `阶梯 … 计 (2万元 + 10万元)` pays the sum per step.
    AmbiguousAmount {
        /// Where.
        span: SourceSpan,
        /// The first reading, bracketed.
        one: String,
        /// The other reading, bracketed.
        other: String,
    },

    /// A call of a function that does not exist, such as `排名(…)`.
    ///
    /// ## Resolution
    /// Use one of the functions there are: `最小(…)`, `最大(…)`, `向下取整(…)`, `四舍五入(…)`
    /// (`min`, `max`, `floor`, `round`); or, if the name is a field, put an operator between it
    /// and the bracket.
    UnknownFunction {
        /// The name as written.
        name: String,
        /// Where.
        span: SourceSpan,
    },

    /// A part of the text the grammar accepted but the reader could not turn into the policy's
    /// structure. It names the part; it should not happen, and is a bug to report.
    ///
    /// ## Resolution
    /// Rewrite the marked part in one of the forms docs/language.md shows, and report the
    /// policy text, so the reader can be fixed.
    Malformed {
        /// The grammar's name for the part.
        part: String,
        /// Where.
        span: SourceSpan,
    },
}

impl Localize for SyntaxError {
    fn texts(&self) -> Texts {
        match self {
            SyntaxError::Unexpected {
                found,
                span,
                expected,
                open,
                help,
            } => {
                let (found_zh, expected_zh) = (spaced(&zh_words(found)), spaced(&zh_words(expected)));
                let mut labels = vec![(*span, text!("expected {expected}", "应为{expected_zh}"))];
                if let Some(open) = open {
                    labels.push((
                        *open,
                        text!("this block is not closed", "这个块没有闭合"),
                    ));
                }
                Texts {
                    code: "jiangbu::syntax::unexpected",
                    message: text!("unexpected {found}", "遇到意外的{found_zh}"),
                    labels,
                    help: help.clone().unwrap_or_else(|| {
                        text!(
                            "write one of the expected forms here; separate keywords, names and numbers with spaces",
                            "在此处写出应有的内容；关键字、名称和数字之间用空格分开"
                        )
                    }),
                }
            }
            SyntaxError::Unclosed { quote, span } => Texts {
                code: "jiangbu::syntax::unclosed_text",
                message: text!("text is not closed", "文本没有闭合"),
                labels: vec![(*span, text!("opened here", "从这里开始"))],
                help: text!(
                    "add the closing `{quote}`; text over several lines is written in 「…」",
                    "补上结束的 `{quote}`；跨行的文本写在 「…」 中"
                ),
            },
            SyntaxError::MixedKeywords {
                first,
                first_span,
                second,
                span,
                suggestion,
            } => Texts {
                code: "jiangbu::syntax::mixed_keywords",
                message: text!(
                    "keywords in two languages: `{first}` and `{second}`",
                    "关键字混用了两种语言：`{first}` 和 `{second}`"
                ),
                labels: vec![
                    (*span, text!("other language", "另一种语言")),
                    (*first_span, text!("first keyword", "第一个关键字")),
                ],
                help: text!(
                    "write every keyword of a file in one language: `{suggestion}` instead of `{second}`",
                    "一个文件的关键字用同一种语言：把 `{second}` 写成 `{suggestion}`"
                ),
            },
            SyntaxError::NumberRange { text, span } => Texts {
                code: "jiangbu::syntax::number_range",
                message: text!("number `{text}` is out of range", "数字 `{text}` 超出范围"),
                labels: vec![(*span, text!("too large", "太大"))],
                help: text!(
                    "numbers have at most 28 significant digits; use a larger unit (万元, 亿元)",
                    "数字最多 28 位有效数字；请改用更大的单位（万元、亿元）"
                ),
            },
            SyntaxError::BadDate { text, span } => Texts {
                code: "jiangbu::syntax::date",
                message: text!("`{text}` is not a date", "`{text}` 不是有效日期"),
                labels: vec![(*span, text!("no such day", "没有这一天"))],
                help: text!(
                    "write a calendar day as YYYY-MM-DD",
                    "按 YYYY-MM-DD 写出日历上存在的日期"
                ),
            },
            SyntaxError::TooDeep { limit, span } => Texts {
                code: "jiangbu::syntax::too_deep",
                message: text!("nesting too deep", "嵌套层数过多"),
                labels: vec![(*span, text!("too deep here", "此处过深"))],
                help: text!(
                    "at most {limit} levels are allowed; name parts of the expression with `定义`",
                    "最多允许 {limit} 层；用 `定义` 给表达式的各部分命名"
                ),
            },
            SyntaxError::TooLarge { message, at, help } => Texts {
                code: "jiangbu::syntax::too_large",
                message: message.clone(),
                labels: at.iter().cloned().collect(),
                help: help.clone(),
            },
            SyntaxError::Bidi {
                code_point,
                line,
                column,
            } => Texts {
                code: "jiangbu::syntax::bidi",
                message: text!(
                    "bidirectional control character {code_point} at line {line}, column {column}",
                    "第 {line} 行第 {column} 列有双向文本控制字符 {code_point}"
                ),
                labels: Vec::new(),
                help: text!(
                    "remove it: it can make the text read differently from what it does; it is refused everywhere, comments and texts included",
                    "删除它：它会让文本看起来与实际含义不同；任何位置（包括注释和文本）都不允许"
                ),
            },
            SyntaxError::Invisible { code_point, span } => Texts {
                code: "jiangbu::syntax::invisible",
                message: text!(
                    "invisible character {code_point} outside a text",
                    "文本之外有不可见字符 {code_point}"
                ),
                labels: vec![(
                    *span,
                    text!("{code_point} is here", "{code_point} 在这里"),
                )],
                help: text!(
                    "remove it: an invisible character makes a name differ from one that looks the same",
                    "删除它：不可见字符会让名称与看起来相同的名称不同"
                ),
            },
            SyntaxError::CompatName {
                name,
                character,
                normalized,
                span,
            } => Texts {
                code: "jiangbu::syntax::compat_name",
                message: text!(
                    "name `{name}` has a full-width or compatibility character, {character}",
                    "名称 `{name}` 含有全角或兼容字符 {character}"
                ),
                labels: vec![(
                    *span,
                    text!("looks like `{normalized}`", "看起来像 `{normalized}`"),
                )],
                help: text!(
                    "write `{normalized}`: names are compared exactly, and these characters look like others",
                    "写作 `{normalized}`：名称按字符逐一比较，而这些字符与别的字符看起来一样"
                ),
            },
            SyntaxError::MixedScript {
                name,
                scripts,
                span,
            } => {
                let (en, zh) = (&scripts.en, &scripts.zh);
                Texts {
                code: "jiangbu::syntax::mixed_script",
                message: text!(
                    "name `{name}` mixes scripts whose letters look alike: {en}",
                    "名称 `{name}` 混用了字母外形相似的文字：{zh}"
                ),
                labels: vec![(*span, text!("{en} letters", "{zh}字母"))],
                help: text!(
                    "retype the name in one script; Chinese characters with Latin letters and digits are fine",
                    "用一种文字重新输入这个名称；汉字与拉丁字母、数字混用没有问题"
                ),
            }
            }
            SyntaxError::AmbiguousAmount { span, one, other } => Texts {
                code: "jiangbu::syntax::ambiguous_amount",
                message: text!(
                    "this amount can be read two ways",
                    "这个金额有两种读法"
                ),
                labels: vec![(
                    *span,
                    text!("`+` or `-` here is ambiguous", "此处的 `+` 或 `-` 有歧义"),
                )],
                help: text!(
                    "add brackets to say which is meant: `{one}` or `{other}`",
                    "加括号写明是哪一种：`{one}` 或 `{other}`"
                ),
            },
            SyntaxError::UnknownFunction { name, span } => Texts {
                code: "jiangbu::syntax::unknown_function",
                message: text!("no function named `{name}`", "没有名为 `{name}` 的函数"),
                labels: vec![(*span, text!("not a function", "不是函数"))],
                help: text!(
                    "the functions are `最小(…)`, `最大(…)`, `向下取整(…)` and `四舍五入(…)` (`min`, `max`, `floor`, `round`); a field followed by a bracket needs an operator between them",
                    "可用的函数有 `最小(…)`、`最大(…)`、`向下取整(…)` 和 `四舍五入(…)`；字段后接括号时，中间要有运算符"
                ),
            },
            SyntaxError::Malformed { part, span } => {
                let part_zh = zh_words(part);
                Texts {
                    code: "jiangbu::syntax::malformed",
                    message: text!("cannot read {part}", "无法读取{part_zh}"),
                    labels: vec![(*span, text!("here", "此处"))],
                    help: text!(
                        "rewrite it in one of the forms docs/language.md shows, and please report this policy text",
                        "请按 docs/language.md 中的写法改写，并报告这段政策文本"
                    ),
                }
            }
        }
    }
}

english_diagnostic!(SyntaxError);

/// The English words of the grammar's "expected …" lists (`crate::syntax::names`) in Chinese,
/// longest first so that a phrase is replaced before its parts. Keywords in backticks are kept.
const ZH_WORDS: &[(&str, &str)] = &[
    (
        "a comparison such as `>=`, `不低于` or `达到 … 以上`",
        "比较，如 `>=`、`不低于` 或 `达到 … 以上`",
    ),
    (
        "a type (金额, 比例, 人数, 是否, 日期, 文本, 选项)",
        "类型（金额、比例、人数、是否、日期、文本、选项）",
    ),
    (
        "a value such as 300元, 6%, 2020-01-01 or 是",
        "值，如 300元、6%、2020-01-01 或 是",
    ),
    (
        "a pool's outcome such as `资金总额 名称 核定 500万元`",
        "资金总额的结果，如 `资金总额 名称 核定 500万元`",
    ),
    ("a record `\"甲\"` or `记录 2`", "记录 `\"甲\"` 或 `记录 2`"),
    ("a whole number such as `2`", "整数，如 `2`"),
    (
        "an expectation such as `第三条 符合 30万元`",
        "期望，如 `第三条 符合 30万元`",
    ),
    (
        "a number such as 300元, 30万元 or 6%",
        "数，如 300元、30万元 或 6%",
    ),
    (
        "a comparison such as `>=` or `不低于`",
        "比较，如 `>=` 或 `不低于`",
    ),
    (
        "a unit (元, 万元, 亿元, %, 人)",
        "单位（元、万元、亿元、%、人）",
    ),
    ("an operator such as `+` or `×`", "运算符，如 `+` 或 `×`"),
    ("an entry such as `文号 \"…\"`", "条目，如 `文号 \"…\"`"),
    ("a function such as `最大(…)`", "函数，如 `最大(…)`"),
    ("a clause id such as `第三条`", "条款编号，如 `第三条`"),
    (
        "a tie-breaker `按 … 从高到低`",
        "并列时的排序 `按 … 从高到低`",
    ),
    ("an installment `\"标签\" 比例`", "一期 `\"标签\" 比例`"),
    ("an installment `\"标签\" 金额`", "一期 `\"标签\" 金额`"),
    (
        "a range such as `20万元 至 50万元`",
        "区间，如 `20万元 至 50万元`",
    ),
    (
        "a duration such as 3年, 12个月 or 30日",
        "时长，如 3年、12个月 或 30日",
    ),
    ("a unit of time (年, 个月, 日)", "时间单位（年、个月、日）"),
    ("a date such as 2020-01-01", "日期，如 2020-01-01"),
    ("a band `至 上限 : 比例`", "档次 `至 上限 : 比例`"),
    ("a band `条件 : 金额`", "档次 `条件 : 金额`"),
    ("a band `条件 : 值`", "档次 `条件 : 值`"),
    ("a set of words `{ … }`", "一组选项词 `{ … }`"),
    (
        "a set of words or numbers `{ … }`",
        "一组选项词或数字 `{ … }`",
    ),
    ("a word or a number", "选项词或数字"),
    ("a comparison such as `>=`", "比较，如 `>=`"),
    ("a comparison", "比较"),
    ("a field `名称 类型`", "字段 `名称 类型`"),
    ("a cell `字段 = 值`", "单元格 `字段 = 值`"),
    ("a range `… 至 …`", "范围 `… 至 …`"),
    ("a value or `待定`", "值或 `待定`"),
    ("something else", "其他内容"),
    ("a quoted text", "带引号的文本"),
    ("an expression", "表达式"),
    ("end of file", "文件结尾"),
    ("end of line", "行尾"),
    ("a separator", "分隔符"),
    ("whitespace", "空白"),
    ("an amount", "金额"),
    ("a policy", "政策"),
    ("keyword", "关键字"),
    ("a name", "名称"),
    ("a word", "选项词"),
];

/// An "expected …" list or a found token in Chinese: the phrases of [`ZH_WORDS`], then `, ` → `、`
/// and ` or ` → ` 或 ` outside backticks (text in backticks is a keyword or the user's, kept).
pub(crate) fn zh_words(english: &str) -> String {
    // "… in `累计上限`": where the list applies, after it.
    if let Some((list, block)) = english.rsplit_once(" in `") {
        if let Some(block) = block.strip_suffix('`').filter(|b| !b.contains('`')) {
            return format!("{}（在 `{block}` 中）", zh_words(list));
        }
    }
    let mut s = english.to_string();
    for (en, zh) in ZH_WORDS {
        s = s.replace(en, zh);
    }
    s.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("`{part}`")
            } else {
                part.replace(", ", "、").replace(" or ", " 或 ")
            }
        })
        .collect()
}

/// A space before text that opens with a backtick, as Chinese prose sets off code.
fn spaced(s: &str) -> String {
    if s.starts_with('`') {
        format!(" {s}")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::zh_words;
    use crate::syntax::{rule_name, Rule};

    /// Every grammar rule's name has Chinese words: no English letters outside backticks.
    /// A list that says which block it applies in reads in Chinese to the end.
    #[test]
    fn a_list_for_a_block_is_chinese_throughout() {
        assert_eq!(
            zh_words("`成员`, `不超过`, `原文` or `解释` in `累计上限`"),
            "`成员`、`不超过`、`原文` 或 `解释`（在 `累计上限` 中）"
        );
        assert_eq!(zh_words("a name or `可选`"), "名称 或 `可选`");
    }

    #[test]
    fn every_rule_name_has_chinese_words() {
        for rule in Rule::all_rules() {
            let zh = zh_words(rule_name(*rule));
            let outside: String = zh.split('`').step_by(2).collect();
            assert!(
                !outside.chars().any(|c| c.is_ascii_alphabetic()),
                "{rule:?}: `{}` → `{zh}`",
                rule_name(*rule)
            );
        }
    }
}
