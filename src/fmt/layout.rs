//! Lines, indentation, blank lines, comments and column alignment: what the printer writes into.
//!
//! The printer starts each line at an *anchor*, the source offset of the element it prints. Every
//! comment before the anchor is written first: a comment that followed code on its line trails
//! the last line written, any other stands on its own line at the current indentation. Because
//! comments are taken from one queue in source order, every comment is written exactly once and
//! in order; because they are written just before the line whose anchor passed them, formatting
//! the output again puts them in the same place.

use unicode_width::UnicodeWidthStr;

use super::comments::{has_blank_line, Comment};

/// What kind of aligned table a line belongs to (lines of one kind next to each other share
/// their column widths); `NONE` for a line that is not aligned.
pub(super) type Table = u8;
/// Not an aligned line.
pub(super) const NONE: Table = 0;

#[derive(Debug, Default)]
struct Line {
    indent: usize,
    /// The line's code, cell by cell; one cell unless the line is part of a table.
    cells: Vec<String>,
    table: Table,
    comment: Option<String>,
    blank: bool,
}

impl Line {
    fn has_code(&self) -> bool {
        self.cells.iter().any(|c| !c.trim().is_empty())
    }

    fn opens_block(&self) -> bool {
        self.cells
            .last()
            .is_some_and(|c| c.trim_end().ends_with('{'))
    }
}

/// The output being built, with the comments still to be written.
pub(super) struct Layout<'s> {
    /// The policy text being formatted.
    pub src: &'s str,
    comments: Vec<Comment>,
    next: usize,
    lines: Vec<Line>,
    /// Current indentation, in steps of two spaces.
    pub indent: usize,
    /// Where in the source the last thing written ended (for blank lines).
    last_end: usize,
    /// The line being written, if any.
    open: Option<usize>,
    /// A blank line is due before the next thing written (between top-level items).
    force_blank: bool,
}

impl<'s> Layout<'s> {
    /// An empty layout for `src`, whose comments are `comments`.
    pub fn new(src: &'s str, comments: Vec<Comment>) -> Self {
        Layout {
            src,
            comments,
            next: 0,
            lines: Vec::new(),
            indent: 0,
            last_end: 0,
            open: None,
            force_blank: false,
        }
    }

    /// Whether a comment is still to be written before source offset `at`.
    pub fn comment_before(&self, at: usize) -> bool {
        self.comments.get(self.next).is_some_and(|c| c.start < at)
    }

    /// Ask for a blank line before whatever is written next.
    pub fn separate(&mut self) {
        self.force_blank = true;
    }

    fn blank_if(&mut self, wanted: bool) {
        let allowed = self
            .lines
            .last()
            .is_some_and(|l| !l.blank && !l.opens_block());
        if wanted && allowed {
            self.lines.push(Line {
                blank: true,
                ..Line::default()
            });
        }
    }

    /// Write every comment that starts before `anchor`.
    pub fn flush(&mut self, anchor: usize) {
        while let Some(c) = self.comments.get(self.next) {
            if c.start >= anchor {
                break;
            }
            let (start, end, trailing) = (c.start, c.end, c.trailing);
            let text = c.text.clone();
            self.next += 1;
            let open = self.open;
            let last = self.lines.len().checked_sub(1);
            let attach = trailing
                && last != open
                && self
                    .lines
                    .last()
                    .is_some_and(|l| l.has_code() && l.comment.is_none());
            if attach {
                if let Some(l) = self.lines.last_mut() {
                    l.comment = Some(text);
                }
            } else {
                let blank = has_blank_line(self.src, self.last_end, start) || self.force_blank;
                self.force_blank = false;
                self.blank_if(blank);
                self.lines.push(Line {
                    indent: self.indent,
                    comment: Some(text),
                    ..Line::default()
                });
            }
            self.last_end = self.last_end.max(end);
        }
    }

    /// Start a line for the element at source offset `anchor`, after the comments before it.
    pub fn start(&mut self, anchor: usize) {
        self.start_table(anchor, NONE);
    }

    /// Start a line of an aligned table (see [`Layout::cell`]).
    pub fn start_table(&mut self, anchor: usize, table: Table) {
        self.open = None;
        self.flush(anchor);
        let blank = has_blank_line(self.src, self.last_end, anchor) || self.force_blank;
        self.force_blank = false;
        self.blank_if(blank);
        self.push_line(table);
    }

    /// Start a line for something the AST keeps no position of (`就高`): no comment is written.
    pub fn start_unanchored(&mut self) {
        self.push_line(NONE);
    }

    fn push_line(&mut self, table: Table) {
        self.lines.push(Line {
            indent: self.indent,
            cells: vec![String::new()],
            table,
            ..Line::default()
        });
        self.open = Some(self.lines.len() - 1);
    }

    /// Append text to the line being written.
    pub fn text(&mut self, text: &str) {
        if let Some(cell) = self
            .open
            .and_then(|i| self.lines.get_mut(i))
            .and_then(|l| l.cells.last_mut())
        {
            cell.push_str(text);
        }
    }

    /// Start the next aligned column of the line being written.
    pub fn cell(&mut self, text: &str) {
        if let Some(line) = self.open.and_then(|i| self.lines.get_mut(i)) {
            line.cells.push(text.to_string());
        }
    }

    /// End the line being written; its element ended at source offset `end`.
    pub fn end(&mut self, end: usize) {
        self.open = None;
        self.last_end = self.last_end.max(end);
    }

    /// End the line being written after a block's `{`.
    pub fn open_block(&mut self) {
        self.text(" {");
        self.open = None;
        self.indent += 1;
    }

    /// Close a block whose `}` is at source offset `close`: the comments before it, then a line
    /// `}` left open for what follows it (`}，最高 80万元`).
    pub fn close_block(&mut self, close: usize) {
        self.open = None;
        self.flush(close);
        self.indent = self.indent.saturating_sub(1);
        self.force_blank = false;
        self.push_line(NONE);
        self.text("}");
        self.last_end = self.last_end.max(close + 1);
    }

    /// The text: every remaining comment written, tables and trailing comments aligned.
    pub fn finish(mut self) -> String {
        self.open = None;
        self.flush(usize::MAX);
        align_tables(&mut self.lines);
        let codes: Vec<String> = self
            .lines
            .iter()
            .map(|l| l.cells.concat().trim_end().to_string())
            .collect();
        let comment_at = comment_columns(&self.lines, &codes);
        let mut out = String::new();
        for ((line, code), col) in self.lines.iter().zip(&codes).zip(comment_at) {
            if line.blank {
                out.push('\n');
                continue;
            }
            let indent = "  ".repeat(line.indent);
            match &line.comment {
                Some(c) if code.is_empty() => out.push_str(&format!("{indent}{c}")),
                Some(c) => {
                    let pad = col.saturating_sub(last_width(code)).max(2);
                    out.push_str(&format!("{indent}{code}{}{c}", " ".repeat(pad)));
                }
                None => out.push_str(&format!("{indent}{code}")),
            }
            out.push('\n');
        }
        while out.ends_with("\n\n") {
            out.pop();
        }
        out
    }
}

/// The display width of the last line of `text` (text in `「…」` may span lines).
fn last_width(text: &str) -> usize {
    text.rsplit('\n').next().unwrap_or("").width()
}

/// Pad the cells of table lines so that the columns of neighbouring lines of the same table line
/// up. A table's run of lines goes on across comment lines and more deeply indented lines (a
/// definition's `解释`); a blank line or any other line ends it.
fn align_tables(lines: &mut [Line]) {
    // A table nested in a table's line (a tier band holding marginal rates) is aligned on its
    // own: every line is visited, and the lines of a run already aligned are skipped.
    let mut done = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        let (table, indent) = match lines.get(i) {
            Some(l) if l.table != NONE && !done.get(i).copied().unwrap_or(true) => {
                (l.table, l.indent)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        let mut members = vec![i];
        let mut j = i + 1;
        while let Some(l) = lines.get(j) {
            if l.table == table && l.indent == indent {
                members.push(j);
            } else if l.blank || (l.indent <= indent && l.has_code()) {
                break;
            }
            j += 1;
        }
        let columns = members
            .iter()
            .filter_map(|&m| lines.get(m))
            .map(|l| l.cells.len())
            .max()
            .unwrap_or(0);
        for col in 0..columns.saturating_sub(1) {
            let width = members
                .iter()
                .filter_map(|&m| lines.get(m))
                .filter(|l| l.cells.len() > col + 1)
                .filter_map(|l| l.cells.get(col))
                .map(|c| last_width(c))
                .max()
                .unwrap_or(0);
            for &m in &members {
                if let Some(l) = lines.get_mut(m) {
                    if l.cells.len() > col + 1 {
                        if let Some(c) = l.cells.get_mut(col) {
                            let pad = width.saturating_sub(last_width(c)) + 1;
                            c.push_str(&" ".repeat(pad));
                        }
                    }
                }
            }
        }
        for &m in &members {
            if let Some(d) = done.get_mut(m) {
                *d = true;
            }
        }
        i += 1;
    }
}

/// The column each trailing comment starts at (relative to the line's indentation): one column
/// for a run of consecutive code lines of the same indentation, two spaces after the longest
/// code among those of the run that carry a comment.
fn comment_columns(lines: &[Line], codes: &[String]) -> Vec<usize> {
    let mut out = vec![0; lines.len()];
    let code_at = |i: usize, indent: usize| {
        lines
            .get(i)
            .zip(codes.get(i))
            .is_some_and(|(l, c)| !c.is_empty() && l.indent == indent)
    };
    let mut i = 0;
    while i < lines.len() {
        let indent = lines.get(i).map_or(0, |l| l.indent);
        if !code_at(i, indent) {
            i += 1;
            continue;
        }
        let mut j = i;
        while code_at(j, indent) {
            j += 1;
        }
        let col = (i..j)
            .filter(|&k| lines.get(k).is_some_and(|l| l.comment.is_some()))
            .filter_map(|k| codes.get(k))
            .map(|c| last_width(c))
            .max()
            .unwrap_or(0)
            + 2;
        for slot in out.iter_mut().take(j).skip(i) {
            *slot = col;
        }
        i = j;
    }
    out
}
