//! Diagnostics in two languages.
//!
//! Every diagnostic enum implements [`Localize`]: one exhaustive `match` whose arms give a
//! variant's code, message, labels and help, each a [`Text`] written in English and Chinese side
//! by side, so a variant cannot ship without both. The enum's own `Display` and `Diagnostic` are
//! English ([`english_diagnostic!`]); [`Localized`] renders it in a chosen language.

use std::fmt;

use miette::{Diagnostic, LabeledSpan, Severity, SourceSpan};

use crate::syntax::keywords::Lang;

/// Prose written in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    /// English: short, lowercase, no final period, user input in backticks.
    pub en: String,
    /// Chinese, as concise.
    pub zh: String,
}

impl Text {
    /// The same thought in English and in Chinese.
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Text {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

/// English text: `Display` of a [`Text`] (what `to_string()` of a diagnostic shows).
impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

/// Text not yet translated, the same in both languages. Kept for callers outside `src/diag` that
/// still write one language (`help: Some("…".into())`); new text uses [`text!`](crate::diag::text).
/// `Text::new(format!(en), format!(zh))`: both format strings capture the same variables.
macro_rules! text {
    ($en:literal, $zh:literal $(,)?) => {
        $crate::diag::Text::new(format!($en), format!($zh))
    };
}
pub(crate) use text;

/// An operating system error in both languages: its own text, after a Chinese gloss of the
/// common kinds.
pub fn os_text(error: &std::io::Error) -> Text {
    use std::io::ErrorKind as K;
    let en = error.to_string();
    let zh = match error.kind() {
        K::StorageFull => "磁盘空间不足",
        K::QuotaExceeded => "超出磁盘配额",
        K::FileTooLarge => "文件超过大小限制",
        K::PermissionDenied => "没有权限",
        K::ReadOnlyFilesystem => "文件系统只读",
        K::NotFound => "文件或目录不存在",
        K::NotADirectory => "路径中有一项不是目录",
        K::IsADirectory => "这是一个目录",
        K::BrokenPipe => "管道已关闭",
        _ => return Text::new(en.clone(), en),
    };
    Text::new(en.clone(), format!("{zh}（{en}）"))
}

/// Everything a diagnostic says, in both languages.
#[derive(Clone, Debug)]
pub struct Texts {
    /// The stable code, `jiangbu::<stage>::<name>`.
    pub code: &'static str,
    /// The one-line message.
    pub message: Text,
    /// Labels on the source, the primary one first.
    pub labels: Vec<(SourceSpan, Text)>,
    /// What to do about it.
    pub help: Text,
}

/// A diagnostic written in both languages.
pub trait Localize: fmt::Debug {
    /// Its code, message, labels and help.
    fn texts(&self) -> Texts;

    /// Error unless said otherwise.
    fn severity(&self) -> Severity {
        Severity::Error
    }
}

/// A diagnostic shown in one language.
#[derive(Debug)]
pub struct Localized<E> {
    inner: E,
    lang: Lang,
    texts: Texts,
}

impl<E: Localize> Localized<E> {
    /// Show `inner` in `lang`.
    pub fn new(inner: E, lang: Lang) -> Self {
        let texts = inner.texts();
        Localized { inner, lang, texts }
    }

    /// The diagnostic itself.
    pub fn into_inner(self) -> E {
        self.inner
    }
}

impl<E> fmt::Display for Localized<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.texts.message.get(self.lang))
    }
}

impl<E: fmt::Debug> std::error::Error for Localized<E> {}

impl<E: Localize> Diagnostic for Localized<E> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.texts.code))
    }

    fn severity(&self) -> Option<Severity> {
        Some(self.inner.severity())
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.texts.help.get(self.lang)))
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        labels(&self.texts, self.lang)
    }
}

/// The labels of `texts` in `lang`, for a `Diagnostic` impl.
pub(crate) fn labels(texts: &Texts, lang: Lang) -> Option<Box<dyn Iterator<Item = LabeledSpan>>> {
    if texts.labels.is_empty() {
        return None;
    }
    let labels: Vec<LabeledSpan> = texts
        .labels
        .iter()
        .enumerate()
        .map(|(i, (span, text))| {
            let text = Some(text.get(lang).to_string());
            if i == 0 {
                LabeledSpan::new_primary_with_span(text, *span)
            } else {
                LabeledSpan::new_with_span(text, *span)
            }
        })
        .collect();
    Some(Box::new(labels.into_iter()))
}

/// `Display`, `Error` and `Diagnostic` in English for a type implementing [`Localize`].
macro_rules! english_diagnostic {
    ($ty:ty) => {
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&$crate::diag::Localize::texts(self).message.en)
            }
        }

        impl std::error::Error for $ty {}

        impl miette::Diagnostic for $ty {
            fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
                Some(Box::new($crate::diag::Localize::texts(self).code))
            }

            fn severity(&self) -> Option<miette::Severity> {
                Some($crate::diag::Localize::severity(self))
            }

            fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
                Some(Box::new($crate::diag::Localize::texts(self).help.en))
            }

            fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
                $crate::diag::localize::labels(
                    &$crate::diag::Localize::texts(self),
                    $crate::syntax::keywords::Lang::En,
                )
            }
        }
    };
}
pub(crate) use english_diagnostic;
