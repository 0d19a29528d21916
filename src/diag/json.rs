//! Diagnostics as JSON lines, for editors and scripts.

use miette::Diagnostic;
use serde_json::{json, Value};

/// One diagnostic as one line of JSON (no trailing newline):
///
/// ```json
/// {"file":"a.policy","code":"jiangbu::check::unknown_name","severity":"error",
///  "message":"unknown name `x`","help":"did you mean `y`?","line":3,"column":8,
///  "labels":[{"label":"not a field, definition or parameter","start":40,"end":41,"line":3,"column":8}]}
/// ```
///
/// `start`/`end` are byte offsets into the file; `line` and `column` count from 1, columns in
/// characters (not bytes). The top-level `line`/`column` are the primary label's, `null` when the
/// diagnostic has no place. `file` is `null` when the diagnostic is not about a file's text.
pub fn json_line(diag: &dyn Diagnostic, file: Option<&str>, source: Option<&str>) -> String {
    let severity = match diag.severity().unwrap_or(miette::Severity::Error) {
        miette::Severity::Error => "error",
        miette::Severity::Warning => "warning",
        miette::Severity::Advice => "advice",
    };
    let mut labels: Vec<Value> = Vec::new();
    // (line, column, primary) of each label that has a place in the source.
    let mut places: Vec<(usize, usize, bool)> = Vec::new();
    for label in diag.labels().into_iter().flatten() {
        let (start, end) = (label.offset(), label.offset() + label.len());
        let (line, column) = source.map_or((None, None), |s| {
            let (l, c) = line_column(s, start);
            (Some(l), Some(c))
        });
        if let (Some(l), Some(c)) = (line, column) {
            places.push((l, c, label.primary()));
        }
        labels.push(json!({
            "label": label.label(),
            "start": start,
            "end": end,
            "line": line,
            "column": column,
        }));
    }
    let primary = places.iter().find(|p| p.2).or(places.first());
    let object = json!({
        "file": file,
        "code": diag.code().map(|c| c.to_string()),
        "severity": severity,
        "message": diag.to_string(),
        "help": diag.help().map(|h| h.to_string()),
        "line": primary.map(|p| p.0),
        "column": primary.map(|p| p.1),
        "labels": labels,
    });
    object.to_string()
}

/// The 1-based line and character column of byte `offset` in `source` (clamped to its end and to
/// a character boundary).
pub(crate) fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let mut at = offset.min(source.len());
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    let before = &source[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::line_column;

    #[test]
    fn columns_count_characters() {
        let s = "记录 {\n  产值 金额\n}";
        assert_eq!(line_column(s, 0), (1, 1));
        // `产` is after two spaces on line 2.
        let at = s.find('产').unwrap_or(0);
        assert_eq!(line_column(s, at), (2, 3));
        // `金` is after `  产值 ` (5 characters, 9 bytes).
        let at = s.find('金').unwrap_or(0);
        assert_eq!(line_column(s, at), (2, 6));
        assert_eq!(line_column(s, 1), (1, 1));
    }
}
