//! The description row of the record template (`jiangbu schema POLICY --labels`): what each
//! column holds, in words, and how a reader recognises that row when a file still has it.
//!
//! `schema --labels` writes a header row and under it one description per column ([`note`]).
//! A file sent back without deleting that row would have it read as an enterprise; the CSV and
//! workbook readers compare their first record with [`TemplateRow`] once, when the file is
//! opened, and skip it with a warning ([`TemplateRowSkipped`]).

use std::borrow::Cow;

use super::cell::trim;
use crate::diag::{text, Localize, Texts, Word};
use crate::schema::{FieldDef, FieldType};
use crate::syntax::keywords::{by_rule, Lang};

/// A field type's keyword in `lang` (`金额`, `money`).
fn type_word(ty: &FieldType, lang: Lang) -> &'static str {
    let rule = match ty {
        FieldType::Money => "ty_money",
        FieldType::Ratio => "ty_ratio",
        FieldType::Count => "ty_count",
        FieldType::Bool => "ty_bool",
        FieldType::Date => "ty_date",
        FieldType::Text => "ty_text",
        FieldType::Enum(_) => "ty_enum",
    };
    by_rule(rule).map_or("", |k| k.spelling(lang))
}

/// The type and unit of a column, as an officer would read them, in `lang`.
pub fn describe(field: &FieldDef, lang: Lang) -> String {
    if field.ty == FieldType::Count {
        // `人数`, `户数` and `数量` are one type: named by the generic word, not `人数`.
        let mut out = text!("count (a whole number)", "数量（整数）")
            .get(lang)
            .to_string();
        if field.optional {
            out.push_str(Word::MayBeBlank.get(lang));
        }
        return out;
    }
    let unit = match (&field.ty, field.scale) {
        (FieldType::Money, Some(scale)) => match scale.to_string().as_str() {
            "1000" => Word::UnitThousandYuan.get(lang),
            "10000" => Word::UnitTenThousandYuan.get(lang),
            "100000000" => Word::UnitHundredMillionYuan.get(lang),
            _ => Word::UnitYuan.get(lang),
        },
        (FieldType::Money, None) => Word::UnitYuan.get(lang),
        (FieldType::Ratio, Some(_)) => Word::UnitPercentPoints.get(lang),
        (FieldType::Ratio, None) => "%",
        (FieldType::Count, _) => "",
        (FieldType::Bool, _) => Word::UnitYesNo.get(lang),
        (FieldType::Date, _) => "YYYY-MM-DD",
        (FieldType::Text, _) => "",
        (FieldType::Enum(words), _) => {
            return format!(
                "{}{}{}",
                type_word(&field.ty, lang),
                Word::Colon.get(lang),
                words.join("/")
            )
        }
    };
    let mut out = type_word(&field.ty, lang).to_string();
    if !unit.is_empty() {
        out.push_str(text!(" ({unit})", "（{unit}）").get(lang));
    }
    if field.optional {
        out.push_str(Word::MayBeBlank.get(lang));
    }
    out
}

/// A column's cell in the template's description row, in `lang`: its label, then
/// [`describe`]'s words (`企业名称；文本`), or those words alone for a field without a label.
pub fn note(field: &FieldDef, lang: Lang) -> String {
    match &field.label {
        Some(label) => format!(
            "{label}{}{}",
            Word::NoteSep.get(lang),
            describe(field, lang)
        ),
        None => describe(field, lang),
    }
}

/// What the description row of a file's template holds in each column the file maps to a
/// field, in both languages: built once per file, compared with its first record only.
#[derive(Clone, Debug)]
pub(super) struct TemplateRow {
    /// Per column that maps to a field: the column, its note in Chinese, in English.
    notes: Vec<(usize, String, String)>,
}

impl TemplateRow {
    /// The notes of `fields`, found at `columns` (`None` for a field without one); `None` when
    /// no field has a column.
    pub(super) fn new(
        fields: &[FieldDef],
        columns: impl IntoIterator<Item = Option<usize>>,
    ) -> Option<Self> {
        let notes: Vec<(usize, String, String)> = fields
            .iter()
            .zip(columns)
            .filter_map(|(field, column)| {
                Some((column?, note(field, Lang::Zh), note(field, Lang::En)))
            })
            .collect();
        (!notes.is_empty()).then_some(TemplateRow { notes })
    }

    /// Whether a row is the description row: every mapped cell (`cell(column)`, trimmed;
    /// `None` for a missing cell or one that is not text) is its note, all in Chinese or all in
    /// English.
    pub(super) fn matches<'a>(&self, cell: impl Fn(usize) -> Option<Cow<'a, str>>) -> bool {
        let cells: Vec<Option<Cow<'a, str>>> = self
            .notes
            .iter()
            .map(|(column, _, _)| cell(*column))
            .collect();
        let all = |english: bool| {
            self.notes.iter().zip(&cells).all(|((_, zh, en), text)| {
                let want = if english { en } else { zh };
                text.as_deref()
                    .is_some_and(|text| trim(text) == want.as_str())
            })
        };
        all(false) || all(true)
    }
}

/// A warning: a file's first record was the template's description row, and was skipped.
///
/// Its words are in [`Localize::texts`], in both languages; as a `miette` diagnostic it says
/// the English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateRowSkipped {
    /// The input's name.
    pub name: String,
    /// The row skipped, as a spreadsheet numbers it.
    pub row: u64,
}

crate::diag::localize::english_diagnostic!(TemplateRowSkipped);

/// The warning in both languages.
impl Localize for TemplateRowSkipped {
    fn texts(&self) -> Texts {
        let name = crate::report::text::visible(&self.name);
        let row = self.row;
        Texts {
            code: "jiangbu::data::template_row",
            message: text!(
                "`{name}`: row {row} is the description row of the `jiangbu schema --labels` template: skipped",
                "`{name}`：第 {row} 行是 `jiangbu schema --labels` 模板的说明行，已跳过"
            ),
            labels: Vec::new(),
            help: text!(
                "it is not read as a record; other rows keep their numbers",
                "该行不作为记录读取；其他行的行号不变"
            ),
        }
    }

    fn severity(&self) -> miette::Severity {
        miette::Severity::Warning
    }
}
