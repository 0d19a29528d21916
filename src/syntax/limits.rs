//! Limits on hostile policy text, checked before pest sees it (size, line length, bidi
//! controls), and the rules every name follows, checked on the parse before it is lowered
//! (length, compatibility characters, mixed scripts). docs/limits.md and docs/language.md list
//! them.

use pest::iterators::Pairs;
use unicode_normalization::UnicodeNormalization;
use unicode_security::mixed_script::AugmentedScriptSet;

use super::Rule;
use crate::diag::{text, SyntaxError, Text};
use crate::span::Span;

/// The largest policy file, in bytes (4 MiB; the shipped 2021-7 policy is 25 KB).
pub const MAX_POLICY_BYTES: usize = 4 * 1024 * 1024;
/// The longest line, in characters. miette pads a label to its column with a format width,
/// which Rust caps at 65,535 (a label further right panicked); a line of at most 16,000
/// characters is at most 64,001 columns wide even if every character is a tab (4 columns, the
/// widest miette draws), so no diagnostic on any policy can reach that cap.
pub const MAX_LINE_CHARS: usize = 16_000;
/// The longest name, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// The most errors of one kind (bidi controls, invisible characters, bad names) reported at
/// once; the first ones say what to fix.
pub const MAX_REPORTED: usize = 20;

/// `U+202E`.
pub(super) fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// Bidirectional controls: embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069)
/// and the marks U+200E, U+200F, U+061C. They reorder what a reader sees ("Trojan Source").
pub(super) fn is_bidi(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// Characters that show nothing: the format characters (general category Cf, among them the
/// zero-width space and joiners, U+2060 and U+FEFF) and the Hangul fillers, which are letters
/// that print as blank.
pub(super) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{0600}'..='\u{0605}'
            | '\u{061C}'
            | '\u{06DD}'
            | '\u{070F}'
            | '\u{0890}'..='\u{0891}'
            | '\u{08E2}'
            | '\u{115F}'..='\u{1160}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
}

/// Reject a policy larger than [`MAX_POLICY_BYTES`] or with a line longer than
/// [`MAX_LINE_CHARS`], and every bidirectional control anywhere in it (comments and texts
/// included), before anything is allocated for it.
pub(super) fn check_text(source: &str) -> Result<(), Vec<SyntaxError>> {
    if source.len() > MAX_POLICY_BYTES {
        let (size, limit) = (source.len(), MAX_POLICY_BYTES);
        return Err(vec![SyntaxError::TooLarge {
            message: text!(
                "the policy is {size} bytes; the most is {limit} bytes (4 MiB)",
                "政策文件有 {size} 字节，最多允许 {limit} 字节（4 MiB）"
            ),
            at: None,
            help: text!(
                "split the policy into several files, or check that this is a policy file",
                "把政策拆成几个文件，或检查这是否确实是政策文件"
            ),
        }]);
    }
    let mut errors = Vec::new();
    for (number, line) in source.split('\n').enumerate() {
        // A line is at most 4 MiB, so counting its characters is bounded.
        let chars = line.chars().count();
        if chars > MAX_LINE_CHARS && errors.len() < MAX_REPORTED {
            let (number, limit) = (number + 1, MAX_LINE_CHARS);
            // Quoted without control, bidi or invisible characters, which would garble the message.
            let start: String = line
                .chars()
                .filter(|&c| !c.is_control() && !is_invisible(c))
                .take(24)
                .collect();
            errors.push(SyntaxError::TooLarge {
                message: text!(
                    "line {number} (`{start}…`) has {chars} characters; the most is {limit}",
                    "第 {number} 行（`{start}…`）有 {chars} 个字符，最多允许 {limit} 个"
                ),
                at: None,
                help: text!(
                    "break the line: a text in 「…」 may span several lines",
                    "把这一行拆开：「…」 中的文本可以跨行"
                ),
            });
        }
    }
    let (mut line, mut column) = (1, 0);
    for c in source.chars() {
        column += 1;
        if c == '\n' {
            (line, column) = (line + 1, 0);
        } else if is_bidi(c) && errors.len() < MAX_REPORTED {
            errors.push(SyntaxError::Bidi {
                code_point: code_point(c),
                line,
                column,
            });
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The first line of `text` longer than [`MAX_LINE_CHARS`], as (line number from 1, its
/// characters).
pub fn first_line_past_limit(text: &str) -> Option<(usize, usize)> {
    text.split('\n')
        .map(|line| line.chars().count())
        .enumerate()
        .find(|(_, chars)| *chars > MAX_LINE_CHARS)
        .map(|(i, chars)| (i + 1, chars))
}

/// Check every name of a parsed policy: at most [`MAX_NAME_CHARS`] characters, already in NFKC
/// form (no full-width letters or compatibility ideographs), and not mixing scripts in a way a
/// reader could mistake (a Cyrillic `е` in a Latin name).
pub(super) fn check_names(pairs: Pairs<'_, Rule>) -> Result<(), Vec<SyntaxError>> {
    let mut errors = Vec::new();
    for pair in pairs.flatten().filter(|p| p.as_rule() == Rule::name) {
        if errors.len() >= MAX_REPORTED {
            break;
        }
        let name = pair.as_str();
        let s = pair.as_span();
        let span = Span::new(s.start(), s.end());
        if let Some(error) = check_name(name, span) {
            errors.push(error);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The first rule `name` breaks, as an error at `span`.
fn check_name(name: &str, span: Span) -> Option<SyntaxError> {
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        let limit = MAX_NAME_CHARS;
        let start: String = name.chars().take(12).collect();
        return Some(SyntaxError::TooLarge {
            message: text!(
                "the name `{start}…` has {chars} characters; the most is {limit}",
                "名称 `{start}…` 有 {chars} 个字符，最多允许 {limit} 个"
            ),
            at: Some((span.into(), text!("this name", "这个名称"))),
            help: text!(
                "choose a shorter name; the full wording belongs in a `标签 \"…\"`",
                "换一个短些的名称；完整的说法可写在 `标签 \"…\"` 中"
            ),
        });
    }
    let normalized: String = name.nfkc().collect();
    if normalized != name {
        let changed = name
            .chars()
            .find(|&c| std::iter::once(c).nfkc().ne(std::iter::once(c)))
            .map_or_else(String::new, |c| format!("`{c}` ({})", code_point(c)));
        return Some(SyntaxError::CompatName {
            name: name.to_string(),
            character: changed,
            normalized,
            span: span.into(),
        });
    }
    if mixes_scripts(name) {
        return Some(SyntaxError::MixedScript {
            name: name.to_string(),
            scripts: scripts(name),
            span: span.into(),
        });
    }
    None
}

/// Whether `name` mixes scripts beyond what UAX #39 calls "moderately restrictive": one script
/// (digits and `_` go with any), or Latin with Han and the scripts written with it (Chinese,
/// Japanese, Korean), or Latin with one other recommended script except Cyrillic and Greek,
/// whose letters look like Latin ones. This is the restriction-level detection of the
/// `unicode-security` crate without its identifier-status step (which would refuse some rare
/// Han characters a policy may need).
fn mixes_scripts(name: &str) -> bool {
    let latin = AugmentedScriptSet::for_char('a');
    let mut all = AugmentedScriptSet::default();
    let mut not_latin = AugmentedScriptSet::default();
    for c in name.chars() {
        let set = AugmentedScriptSet::for_char(c);
        all.intersect_with(set);
        let mut with_latin = set;
        with_latin.intersect_with(latin);
        if with_latin.is_empty() {
            not_latin.intersect_with(set);
        }
    }
    if !all.is_empty() || not_latin.kore || not_latin.hanb || not_latin.jpan {
        return false;
    }
    let mut scripts = not_latin.base.iter();
    match (scripts.next(), scripts.next()) {
        (Some(script), None) => {
            !script.is_recommended() || matches!(script.full_name(), "Cyrillic" | "Greek")
        }
        _ => true,
    }
}

/// The scripts of `name`'s letters, in order of first use, in English and Chinese (digits and
/// marks belong to none).
fn scripts(name: &str) -> Text {
    let mut seen: Vec<&'static str> = Vec::new();
    for c in name.chars() {
        let set = AugmentedScriptSet::for_char(c);
        if set.is_all() {
            continue;
        }
        if let Some(script) = set.base.iter().next() {
            if !seen.contains(&script.full_name()) {
                seen.push(script.full_name());
            }
        }
    }
    let zh: Vec<&str> = seen
        .iter()
        .map(|s| match *s {
            "Latin" => "拉丁",
            "Cyrillic" => "西里尔",
            "Greek" => "希腊",
            "Han" => "汉字",
            "Armenian" => "亚美尼亚",
            other => other,
        })
        .collect();
    Text::new(seen.join(", "), zh.join("、"))
}

#[cfg(test)]
mod tests {
    use super::mixes_scripts;

    #[test]
    fn mixed_scripts() {
        // Chinese with Latin letters and digits is how policies name things.
        assert!(!mixes_scripts("一季度产值2021"));
        assert!(!mixes_scripts("GDP增速"));
        assert!(!mixes_scripts("revenue"));
        assert!(!mixes_scripts("выручка"));
        assert!(!mixes_scripts("売上高2021"));
        // A Cyrillic `е` (U+0435) inside a Latin name, and Greek `ο` inside one.
        assert!(mixes_scripts("r\u{0435}venue"));
        assert!(mixes_scripts("pr\u{03BF}fit"));
        // Cyrillic among Chinese and Latin.
        assert!(mixes_scripts("产值r\u{0435}v"));
    }
}
