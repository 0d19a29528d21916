//! Diagnostics: one error enum per stage, rendered with miette.

mod check;
pub mod suggest;
mod syntax;

pub use check::CheckError;
pub use syntax::SyntaxError;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, NamedSource, Report};

/// Render diagnostics against their source as plain text (no colour), one after the other.
pub fn render_plain<E>(errors: Vec<E>, path: &str, source: &str) -> String
where
    E: Diagnostic + Send + Sync + 'static,
{
    let handler =
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
    let mut out = String::new();
    for error in errors {
        let report =
            Report::new(error).with_source_code(NamedSource::new(path, source.to_string()));
        // INVARIANT: writing into a String cannot fail.
        let _ = handler.render_report(&mut out, report.as_ref());
    }
    out
}

/// Turn diagnostics into miette reports carrying their source, for printing with colour.
pub fn reports<E>(errors: Vec<E>, path: &str, source: &str) -> Vec<Report>
where
    E: Diagnostic + Send + Sync + 'static,
{
    errors
        .into_iter()
        .map(|e| Report::new(e).with_source_code(NamedSource::new(path, source.to_string())))
        .collect()
}
