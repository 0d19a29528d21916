//! How human diagnostics are laid out: columns counted in characters, as the JSON diagnostics
//! count them, and lines wrapped only where a name cannot be cut. The command line and
//! [`super::render_plain`] render through [`handler`].

use miette::{
    GraphicalReportHandler, GraphicalTheme, MietteError, MietteSpanContents, SourceCode,
    SourceSpan, SpanContents,
};
use textwrap::core::Word;

/// The renderer of human diagnostics, in `theme`, 100 columns wide.
pub fn handler(theme: GraphicalTheme) -> GraphicalReportHandler {
    GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_word_separator(textwrap::WordSeparator::Custom(words))
        .with_break_words(false)
}

/// A policy's text under its name, whose spans report their column in characters (miette counts
/// bytes, so `一季度产值2021` three columns into a line would be column 10, not 4).
#[derive(Debug)]
pub struct CharColumns {
    name: String,
    text: String,
}

impl CharColumns {
    /// The text of the file `name`.
    pub fn new(name: &str, text: &str) -> Self {
        CharColumns {
            name: name.to_string(),
            text: text.to_string(),
        }
    }
}

impl SourceCode for CharColumns {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        let start = inner.span().offset();
        let line_start = self.text[..start.min(self.text.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let column = self
            .text
            .get(line_start..start)
            .map_or(inner.column(), |prefix| prefix.chars().count());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
    }
}

/// The places a diagnostic's line may break: after a space, and after Chinese punctuation
/// (`，`, `、`, `；` …), but never inside backticks, so a quoted name stays on one line (a
/// textwrap word separator).
pub fn words(line: &str) -> Box<dyn Iterator<Item = Word<'_>> + '_> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '`' {
            quoted = !quoted;
        }
        let end = i + c.len_utf8();
        let next_is_space = chars.peek().is_some_and(|&(_, n)| n == ' ');
        let breaks = match c {
            ' ' => !next_is_space,
            '，' | '、' | '；' | '：' | '。' | '）' => !quoted && !next_is_space,
            _ => false,
        };
        if breaks {
            out.push(Word::from(&line[start..end]));
            start = end;
        }
    }
    if start < line.len() {
        out.push(Word::from(&line[start..]));
    }
    Box::new(out.into_iter())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn split(line: &str) -> Vec<&str> {
        words(line).map(|w| w.word).collect()
    }

    #[test]
    fn a_name_in_backticks_is_one_word() {
        assert_eq!(
            split("has no column for `一季度产值2019`, `春节连续生产` and `x y`"),
            [
                "has",
                "no",
                "column",
                "for",
                "`一季度产值2019`,",
                "`春节连续生产`",
                "and",
                "`x",
                "y`"
            ]
        );
    }

    #[test]
    fn chinese_breaks_after_punctuation_outside_backticks() {
        assert_eq!(
            split("缺少列：`一季度产值2019`、`春节连续生产`；请补上"),
            [
                "缺少列：",
                "`一季度产值2019`、",
                "`春节连续生产`；",
                "请补上"
            ]
        );
        assert_eq!(split("`甲、乙`"), ["`甲、乙`"]);
    }

    #[test]
    fn columns_count_characters() {
        let text = "记录 {\n  定义 合计 = 一季度产值2021\n}\n";
        let at = text.find("一季度").unwrap();
        let source = CharColumns::new("p.policy", text);
        let span = source.read_span(&(at, 3).into(), 0, 0).unwrap();
        // `  定义 合计 = ` is 2 + 2 + 1 + 2 + 1 + 1 + 1 = 10 characters (18 bytes): column 11.
        assert_eq!(span.line(), 1);
        assert_eq!(span.column() + 1, 11);
    }
}
