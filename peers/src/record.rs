//! The record fields the notice reads, typed once from the reader's cells with jiangbu's
//! meaning of a blank or malformed cell, ready to be turned into each engine's input value.

use jiangbu::eval::value::{Cell, Date};
use jiangbu::schema::{FieldType, Schema};
use rust_decimal::Decimal;

/// The fields the notice's conditions and amounts read: the peers' input key and the policy's
/// field name. The key, name and area columns are not read by any condition.
pub const FIELDS: [(&str, &str); 16] = [
    ("key_enterprise", "重点企业"),
    ("o2021", "一季度产值2021"),
    ("o2019", "一季度产值2019"),
    ("continuous", "春节连续生产"),
    ("people", "省外户籍员工数"),
    ("training", "组织职工培训"),
    ("project_date", "项目竣工日期"),
    ("project_output", "项目一季度产值"),
    ("financing", "融资需求"),
    ("newly", "新升规"),
    ("supply", "保供类型"),
    ("supply_outstanding", "保供突出"),
    ("chp", "热电联产"),
    ("coal_short", "用煤短缺"),
    ("stopped", "停产半停产"),
    ("recovery", "脱困方式"),
];

/// One field's value for one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field<'a> {
    /// A required field left blank, or any malformed cell: the value is unknown.
    Unknown,
    /// An optional field left blank: there is none (comparisons with it are false).
    Absent,
    Num(Decimal),
    Bool(bool),
    Date(Date),
    /// A word of a closed set (选项).
    Word(&'a str),
}

struct Slot {
    key: &'static str,
    slot: usize,
    optional: bool,
    words: Vec<String>,
}

/// Where each field sits in the schema, resolved once.
pub struct Layout {
    slots: Vec<Slot>,
}

impl Layout {
    pub fn new(schema: &Schema) -> Layout {
        let slots = FIELDS
            .iter()
            .map(|&(key, name)| {
                let slot = schema
                    .slot(name)
                    .unwrap_or_else(|| panic!("the 2021-7 record has a field {name}"));
                let def = &schema.fields[slot];
                let words = match &def.ty {
                    FieldType::Enum(words) => words.clone(),
                    _ => Vec::new(),
                };
                Slot {
                    key,
                    slot,
                    optional: def.optional,
                    words,
                }
            })
            .collect();
        Layout { slots }
    }

    /// The record's fields as `(input key, value)`, in [`FIELDS`] order.
    pub fn fields<'a>(
        &'a self,
        cells: &'a [Cell],
    ) -> impl Iterator<Item = (&'static str, Field<'a>)> + 'a {
        self.slots.iter().map(move |s| {
            let value = match cells.get(s.slot).unwrap_or(&Cell::Blank) {
                Cell::Blank if s.optional => Field::Absent,
                Cell::Blank | Cell::Malformed => Field::Unknown,
                Cell::Num(d) => Field::Num(*d),
                Cell::Bool(b) => Field::Bool(*b),
                Cell::Date(d) => Field::Date(*d),
                Cell::Word(i) => Field::Word(
                    s.words
                        .get(usize::from(*i))
                        .map(String::as_str)
                        .expect("a word index of the field's set"),
                ),
                Cell::Text(_) => panic!("{} is not a text field", s.key),
            };
            (s.key, value)
        })
    }
}

/// The six parameters (`第一条奖补` … `第八条奖补`) as the peers name them, with the values the
/// bench sets; `None` would be `待定`.
pub const PARAMS: [(&str, &str); 6] = [
    ("p1", "第一条奖补"),
    ("p2", "第二条奖补"),
    ("p4", "第四条奖补"),
    ("p6", "第六条奖补"),
    ("p7", "第七条奖补"),
    ("p8", "第八条奖补"),
];

/// The plan's parameter values, by peer name, after `set_param`.
pub fn param_values(plan: &jiangbu::eval::plan::Plan) -> Vec<(&'static str, Option<Decimal>)> {
    PARAMS
        .iter()
        .map(|&(key, name)| {
            let info = plan
                .params
                .iter()
                .find(|p| p.name == name)
                .unwrap_or_else(|| panic!("the policy has a parameter {name}"));
            let value = match &info.value {
                Some(jiangbu::eval::plan::Node::Num(n)) => Some(*n),
                Some(other) => panic!("parameter {name} is {other:?}, not a number"),
                None => None,
            };
            (key, value)
        })
        .collect()
}
