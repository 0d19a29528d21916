//! The record schema a policy declares: which fields a record carries and of what type.
//!
//! Built by the checker from the policy's `记录` block; read by the record readers (to type each
//! cell) and by the evaluator (fields are addressed by their index, their *slot*).

use rust_decimal::Decimal;

/// The type of a record field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// Money in yuan (金额).
    Money,
    /// A percent or ratio (比例); `6%` and `0.06` are the same value.
    Ratio,
    /// A whole count (人数, 户数, 数量).
    Count,
    /// Yes / no (是否).
    Bool,
    /// A calendar date (日期).
    Date,
    /// Free text (文本).
    Text,
    /// One word out of a closed set (选项); cells hold the word's index.
    Enum(Vec<String>),
}

impl FieldType {
    /// The type's name as a policy writes it.
    pub fn keyword(&self) -> &'static str {
        match self {
            FieldType::Money => "金额",
            FieldType::Ratio => "比例",
            FieldType::Count => "人数",
            FieldType::Bool => "是否",
            FieldType::Date => "日期",
            FieldType::Text => "文本",
            FieldType::Enum(_) => "选项",
        }
    }
}

/// One declared field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldDef {
    /// The field's name; also the CSV header that carries it.
    pub name: String,
    /// Its type.
    pub ty: FieldType,
    /// A blank cell means "none" (absent) rather than "unknown".
    pub optional: bool,
    /// The record key (unique per file); at most one field.
    pub key: bool,
    /// The area used for totals by area; at most one field.
    pub area: bool,
    /// A display label; a header equal to the label also maps to the field.
    pub label: Option<String>,
    /// The factor a bare number of the column is multiplied by: a money column's unit to yuan
    /// (`单位 万元` → 10000), a percent column's points to a ratio (`单位 %` → 0.01).
    pub scale: Option<Decimal>,
}

/// All fields of a record, in declaration order; a field's index is its slot.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Schema {
    /// The fields.
    pub fields: Vec<FieldDef>,
}

impl Schema {
    /// The slot of the key field, if one is declared.
    pub fn key_slot(&self) -> Option<usize> {
        self.fields.iter().position(|f| f.key)
    }

    /// The slot of the enterprise's name: the first text field that is neither the key nor the
    /// area, if there is one (documented in docs/output.md).
    pub fn name_slot(&self) -> Option<usize> {
        self.fields
            .iter()
            .position(|f| f.ty == FieldType::Text && !f.key && !f.area)
    }

    /// The slot of the area field, if one is declared.
    pub fn area_slot(&self) -> Option<usize> {
        self.fields.iter().position(|f| f.area)
    }

    /// The name of the field in `slot` (`?` when there is none, which a checked plan never asks).
    pub fn field_name(&self, slot: usize) -> &str {
        self.fields.get(slot).map_or("?", |f| f.name.as_str())
    }

    /// The slot of the field called `name`.
    pub fn slot(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }
}
