//! Reading record data: typing cells by the schema and streaming CSV files.

mod cell;
mod csv;
#[cfg(test)]
mod tests;

use crate::eval::value::{Cell, Date};

pub use self::cell::{
    expected_form, parse_cell, trim, BOOL_FORM, COUNT_FORM, DATE_FORM, ENUM_FORM, MONEY_FORM,
    RATIO_FORM, SCALED_MONEY_FORM, TOO_LARGE_FORM,
};
pub use self::csv::{edit_distance, open_csv, read_csv, CellError, CsvRecords, ReadError, Row};
