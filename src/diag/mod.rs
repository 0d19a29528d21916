//! Diagnostics: one error enum per stage, each written in English and Chinese, rendered with
//! miette as text or as JSON lines.

mod check;
mod json;
mod lint;
pub(crate) mod localize;
pub mod render;
pub mod suggest;
mod syntax;
pub mod words;

pub use check::CheckError;
pub use json::json_line;
pub use lint::Warning;
pub(crate) use localize::text;
pub use localize::{os_text, Localize, Localized, Text, Texts};
pub use syntax::SyntaxError;
pub use words::Word;

use miette::{Diagnostic, GraphicalTheme, Report};

use self::render::CharColumns;

use crate::syntax::keywords::{is_keyword, Lang};

/// Render diagnostics against their source as plain text (no colour), one after the other.
pub fn render_plain<E>(errors: Vec<E>, path: &str, source: &str) -> String
where
    E: Diagnostic + Send + Sync + 'static,
{
    let handler = render::handler(GraphicalTheme::unicode_nocolor());
    let mut out = String::new();
    for error in errors {
        let report = Report::new(error).with_source_code(CharColumns::new(path, source));
        // INVARIANT: writing into a String cannot fail.
        let _ = handler.render_report(&mut out, report.as_ref());
    }
    out
}

/// Render diagnostics in `lang` against their source as plain text, one after the other.
pub fn render_plain_in<E>(errors: Vec<E>, lang: Lang, path: &str, source: &str) -> String
where
    E: Localize + Send + Sync + 'static,
{
    let localized: Vec<Localized<E>> = errors
        .into_iter()
        .map(|e| Localized::new(e, lang))
        .collect();
    render_plain(localized, path, source)
}

/// Turn diagnostics into miette reports carrying their source, for printing with colour.
pub fn reports<E>(errors: Vec<E>, path: &str, source: &str) -> Vec<Report>
where
    E: Diagnostic + Send + Sync + 'static,
{
    errors
        .into_iter()
        .map(|e| Report::new(e).with_source_code(CharColumns::new(path, source)))
        .collect()
}

/// The keyword language of a policy text that may not parse: that of its first word (outside
/// comments) that is a keyword, ignoring the brackets and punctuation glued to it.
pub fn detect_lang(source: &str) -> Option<Lang> {
    source
        .lines()
        .map(|line| line.split('#').next().unwrap_or(""))
        .flat_map(str::split_whitespace)
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric() && c != '_'))
        .find(|word| !word.is_empty() && is_keyword(word))
        .map(Lang::of)
}

/// The language asked for by the environment: Chinese when `LANG` starts with `zh`
/// (`zh_CN.UTF-8`), English when it is set to anything else, `None` when it is unset or empty.
pub fn env_lang() -> Option<Lang> {
    lang_of_locale(&std::env::var("LANG").ok()?)
}

/// The language of a locale name such as `zh_CN.UTF-8` or `en_US.UTF-8`; `None` when empty.
pub fn lang_of_locale(locale: &str) -> Option<Lang> {
    if locale.is_empty() {
        None
    } else if locale.to_ascii_lowercase().starts_with("zh") {
        Some(Lang::Zh)
    } else {
        Some(Lang::En)
    }
}
