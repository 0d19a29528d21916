//! Aligning columns that mix CJK and Latin text, and showing text from data safely.

use std::borrow::Cow;
use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

/// Whether `c` must not reach a terminal as it is: a C0 control (ESC starts an escape sequence,
/// a line break or tab breaks a table's layout), DEL, a C1 control (U+009B is a one-character
/// CSI), a bidirectional control (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069: text
/// shown in another order than it is stored), or a line or paragraph separator.
pub fn is_unsafe(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{61c}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
    )
}

/// Text from a data file as it may be shown to a person: every character of [`is_unsafe`]
/// written as Rust writes it in a string, `\u{1b}`; everything else as it is. Borrowed when
/// there is nothing to escape. This is the one place text from data is made safe for a
/// terminal: the table, and messages that quote a cell, a header, a key or a sheet name.
pub fn visible(text: &str) -> Cow<'_, str> {
    // Every character of `is_unsafe` is encoded starting with a byte below 0x20, 0x7f, or the
    // lead byte 0xc2 (U+0080–U+009F), 0xd8 (U+061C) or 0xe2 (U+2000–U+2FFF); text without
    // them (most text: ASCII, CJK) is shown as it is, without decoding its characters.
    // (A fold over every byte rather than `any`: without the early exit it compiles to a
    // vector loop.)
    let suspect = |b: u8| matches!(b, 0..=0x1f | 0x7f | 0xc2 | 0xd8 | 0xe2);
    let suspects = text.bytes().fold(false, |seen, b| seen | suspect(b));
    if !suspects || !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            // Writing into a `String` does not fail.
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Display width of a string in a terminal (a CJK character is two columns).
pub fn width(s: &str) -> usize {
    if let Some(width) = plain_width(s) {
        return width;
    }
    // Text of printable ASCII and the common wide characters only (most of a Chinese table) is
    // added up a character at a time; anything else (combining marks, emoji sequences, controls)
    // is left to `unicode-width`, whose rules for sequences none of these characters start.
    let mut total = 0;
    for c in s.chars() {
        match simple_width(c) {
            Some(w) => total += w,
            None => return UnicodeWidthStr::width(s),
        }
    }
    total
}

/// The display width of text made only of printable ASCII (one column a character) and CJK
/// unified ideographs from U+4E00 (two), decided on its bytes without decoding characters; such
/// text is also shown as it is ([`visible`] leaves it alone). `None` for text with any other
/// character.
pub fn plain_width(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut total = 0;
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        match b {
            b' '..=b'~' => {
                total += 1;
                at += 1;
            }
            // A lead byte E5–E9 starts a character of U+5000–U+9FFF, E4 with B8–BF after it one
            // of U+4E00–U+4FFF: three bytes (the text is UTF-8), two columns.
            0xe5..=0xe9 => {
                total += 2;
                at += 3;
            }
            0xe4 if bytes.get(at + 1).is_some_and(|&next| next >= 0xb8) => {
                total += 2;
                at += 3;
            }
            _ => return None,
        }
    }
    Some(total)
}

/// The display width of `c` when it is printable ASCII (1) or one of the common wide
/// characters (2): CJK unified ideographs, the CJK punctuation `、。〃` and brackets `〈〉《》「」
/// 『』【】`, and the full-width forms U+FF01–U+FF60. `None` for any other character.
fn simple_width(c: char) -> Option<usize> {
    match c {
        ' '..='~' => Some(1),
        '\u{4e00}'..='\u{9fff}'
        | '\u{3001}'..='\u{3003}'
        | '\u{3008}'..='\u{3011}'
        | '\u{ff01}'..='\u{ff60}' => Some(2),
        _ => None,
    }
}

/// Spaces to pad with, copied a slice at a time.
const SPACES: &str = "                                                                ";

/// Append `n` spaces to `out`.
pub fn push_spaces(out: &mut String, mut n: usize) {
    while n > 0 {
        let chunk = n.min(SPACES.len());
        out.push_str(SPACES.get(..chunk).unwrap_or_default());
        n -= chunk;
    }
}

/// `s` padded with spaces to `w` display columns (left-aligned).
pub fn pad(s: &str, w: usize) -> String {
    let mut out = s.to_string();
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(width(s))));
    out
}

/// `s` padded on the left to `w` display columns (right-aligned, for numbers).
pub fn pad_left(s: &str, w: usize) -> String {
    let mut out: String = std::iter::repeat_n(' ', w.saturating_sub(width(s))).collect();
    out.push_str(s);
    out
}

/// Render rows as an aligned table; `numeric[i]` right-aligns column `i`. Cells go through
/// [`visible`] first: a table is for people, and its cells come from data.
pub fn table(header: &[String], rows: &[Vec<String>], numeric: &[bool]) -> String {
    let header: Vec<String> = header.iter().map(|c| visible(c).into_owned()).collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|c| visible(c).into_owned()).collect())
        .collect();
    let (header, rows) = (&header[..], &rows[..]);
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(width(cell));
            }
        }
    }
    let line = |cells: &[String]| -> String {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let w = widths.get(i).copied().unwrap_or(0);
                if numeric.get(i).copied().unwrap_or(false) {
                    pad_left(c, w)
                } else {
                    pad(c, w)
                }
            })
            .collect();
        parts.join("  ").trim_end().to_string()
    };
    let mut out = line(header);
    out.push('\n');
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    out.push_str(&rule.join("  "));
    out.push('\n');
    for row in rows {
        out.push_str(&line(row));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_made_visible() {
        // ESC, BEL, a C1 CSI, DEL, a newline, the bidi overrides and isolates, a line separator.
        for (raw, shown) in [
            ("\u{1b}[31mred", "\\u{1b}[31mred"),
            ("a\u{7}b", "a\\u{7}b"),
            ("\u{9b}2J", "\\u{9b}2J"),
            ("\u{7f}", "\\u{7f}"),
            ("a\nb", "a\\u{a}b"),
            ("\u{202e}cba", "\\u{202e}cba"),
            ("\u{2066}x\u{2069}", "\\u{2066}x\\u{2069}"),
            ("\u{2028}", "\\u{2028}"),
            ("长春市\u{200f}", "长春市\\u{200f}"),
        ] {
            assert_eq!(visible(raw), shown, "{raw:?}");
        }
        assert!(matches!(visible("长春市 ABC-1"), Cow::Borrowed(_)));
    }

    /// The widths added up a character at a time are `unicode-width`'s: on every character the
    /// shortcut knows, and on text mixing them with others (a combining mark, an emoji
    /// sequence, a control). A Chinese character is two columns: `长春市 ABC` is 3 × 2 + 4 = 10.
    #[test]
    fn widths_agree_with_unicode_width() {
        use unicode_width::UnicodeWidthChar;
        for c in (' '..='~')
            .chain('\u{4e00}'..='\u{9fff}')
            .chain('\u{3001}'..='\u{3003}')
            .chain('\u{3008}'..='\u{3011}')
            .chain('\u{ff01}'..='\u{ff60}')
        {
            assert_eq!(simple_width(c), c.width(), "{c:?}");
        }
        assert_eq!(width("长春市 ABC"), 10);
        // Decided on bytes: every character around the ranges it knows, alone and after text.
        for c in ('\u{0}'..='\u{2ff}')
            .chain('\u{3000}'..='\u{4fff}')
            .chain('\u{9f00}'..='\u{a0ff}')
            .chain('\u{ff00}'..='\u{ffff}')
            .chain('\u{4e00}'..='\u{9fff}')
        {
            let text = c.to_string();
            if let Some(w) = plain_width(&text) {
                assert_eq!(Some(w), c.width(), "{c:?}");
                assert!(matches!(visible(&text), Cow::Borrowed(_)), "{c:?}");
            }
            let text = format!("长春 {c}");
            assert_eq!(width(&text), UnicodeWidthStr::width(text.as_str()), "{c:?}");
        }
        assert_eq!(plain_width("长春市汇丰 ABC-1"), Some(16));
        assert_eq!(plain_width("第一条：x"), None);
        for text in [
            "第一条 稳岗补贴（暂定）",
            "【待定】、《通知》",
            "e\u{301}",
            "👩\u{200d}💻 x",
            "☺\u{fe0f}",
            "a\r\nb",
            "\u{3000}全角空格",
            "\u{302a}",
        ] {
            assert_eq!(width(text), UnicodeWidthStr::width(text), "{text:?}");
        }
    }

    #[test]
    fn table_cells_are_made_visible() {
        let rows = vec![vec!["\u{1b}[2J".to_string()]];
        let out = table(&["k".to_string()], &rows, &[false]);
        assert!(!out.contains('\u{1b}'));
        assert!(out.contains("\\u{1b}[2J"));
    }
}
