//! The comments of a policy's text: the grammar drops them (`COMMENT` is a silent rule), so the
//! formatter finds them again in the source, outside quoted text, with their byte positions.

/// One `# …` comment as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// Byte offset of its `#`.
    pub start: usize,
    /// Byte offset of the end of its line (the `\n`, or the end of the text).
    pub end: usize,
    /// The comment from `#` to the end of its line, trailing whitespace removed.
    pub text: String,
    /// Code precedes it on its line (`金额 1元  # …`); otherwise it stands on a line of its own.
    pub trailing: bool,
}

/// Every comment of `source`, in order. Text in `"…"` (with its `\"` escapes), `“…”` and `「…」`
/// is skipped, as the grammar and `syntax::errors::walk` read it.
pub fn collect(source: &str) -> Vec<Comment> {
    let mut out = Vec::new();
    let mut open: Option<char> = None;
    let mut escaped = false;
    let mut line_has_code = false;
    let mut chars = source.char_indices();
    while let Some((at, c)) = chars.next() {
        if let Some(end) = open {
            if escaped {
                escaped = false;
            } else if end == '"' && c == '\\' {
                escaped = true;
            } else if c == end || (end == '"' && c == '\n') {
                open = None;
            }
            if c == '\n' {
                // A line inside `「…」` text is code for a comment after the text closes.
                line_has_code = true;
            }
            continue;
        }
        match c {
            '#' => {
                let end = source[at..].find('\n').map_or(source.len(), |n| at + n);
                out.push(Comment {
                    start: at,
                    end,
                    text: source[at..end].trim_end().to_string(),
                    trailing: line_has_code,
                });
                // Skip the rest of the line, its `\n` included.
                for (_, ch) in chars.by_ref() {
                    if ch == '\n' {
                        break;
                    }
                }
                line_has_code = false;
            }
            '\n' => line_has_code = false,
            '"' => {
                open = Some('"');
                line_has_code = true;
            }
            '「' => {
                open = Some('」');
                line_has_code = true;
            }
            '“' => {
                open = Some('”');
                line_has_code = true;
            }
            c if c.is_whitespace() => {}
            _ => line_has_code = true,
        }
    }
    out
}

/// The text of `source` between `from` and `to` with comments removed (comments run to the end
/// of their line).
pub fn strip(source: &str, from: usize, to: usize) -> String {
    let Some(text) = source.get(from..to) else {
        return String::new();
    };
    text.split('\n')
        .map(|line| line.split('#').next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether the text of `source` between `from` and `to` holds a blank line.
pub fn has_blank_line(source: &str, from: usize, to: usize) -> bool {
    let Some(text) = source.get(from..to) else {
        return false;
    };
    let pieces: Vec<&str> = text.split('\n').collect();
    pieces.len() >= 3
        && pieces[1..pieces.len() - 1]
            .iter()
            .any(|p| p.trim().is_empty())
}

/// The characters of `source` from `from` on that are code: outside quoted text and comments.
fn code_chars(source: &str, from: usize) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut open: Option<char> = None;
    let mut escaped = false;
    let mut comment = false;
    source
        .get(from..)
        .unwrap_or("")
        .char_indices()
        .filter_map(move |(i, c)| {
            if comment {
                comment = c != '\n';
                return None;
            }
            if let Some(end) = open {
                if escaped {
                    escaped = false;
                } else if end == '"' && c == '\\' {
                    escaped = true;
                } else if c == end || (end == '"' && c == '\n') {
                    open = None;
                }
                return None;
            }
            match c {
                '#' => comment = true,
                '"' => open = Some('"'),
                '「' => open = Some('」'),
                '“' => open = Some('”'),
                _ => return Some((from + i, c)),
            }
            None
        })
}

/// The first `{` of code at or after `from` and the `}` that closes it.
pub fn braces_after(source: &str, from: usize) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut open = None;
    for (at, c) in code_chars(source, from) {
        match c {
            '{' => {
                open = open.or(Some(at));
                depth += 1;
            }
            '}' if open.is_some() => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return open.map(|o| (o, at));
                }
            }
            _ => {}
        }
    }
    None
}

/// The first code character at or after `from` that is not white space, with its offset.
pub fn next_code(source: &str, from: usize) -> Option<(usize, char)> {
    code_chars(source, from).find(|(_, c)| !c.is_whitespace())
}

/// The `}` that closes the block `from` is in (the first `}` of code not matched after it).
pub fn closer_after(source: &str, from: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (at, c) in code_chars(source, from) {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return Some(at),
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Where the first keyword `spelling` written as a whole word in the code of `source` between
/// `from` and `to` starts and ends (the words of an English keyword may be apart by several
/// spaces).
pub fn find_keyword(
    source: &str,
    from: usize,
    to: usize,
    spelling: &str,
) -> Option<(usize, usize)> {
    let words: Vec<&str> = spelling.split(' ').collect();
    let is_word_char = |c: char| c.is_alphanumeric() || c == '_';
    code_chars(source, from)
        .take_while(|(at, _)| *at < to)
        .find_map(|(at, _)| {
            let before = source.get(..at).and_then(|s| s.chars().next_back());
            if before.is_some_and(is_word_char) {
                return None;
            }
            let mut rest = source.get(at..).unwrap_or("");
            for (i, w) in words.iter().enumerate() {
                if i > 0 {
                    let trimmed = rest.trim_start_matches([' ', '\t']);
                    if trimmed.len() == rest.len() {
                        return None;
                    }
                    rest = trimmed;
                }
                rest = rest.strip_prefix(w)?;
            }
            let end = source.len() - rest.len();
            (!rest.chars().next().is_some_and(is_word_char)).then_some((at, end))
        })
}
