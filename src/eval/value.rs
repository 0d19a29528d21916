//! Runtime values: dates, typed cells of a record, and the values expressions produce.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};

use super::truth::Reason;

/// A calendar date stored as `yyyymmdd`, so that ordering of the integer is ordering of dates.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(u32);

impl Date {
    /// A date from its parts, or `None` when no such day exists (`2021-02-30`).
    pub fn from_ymd(year: u32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            _ if leap => 29,
            _ => 28,
        };
        (day <= days).then_some(Date(year * 10_000 + month * 100 + day))
    }

    /// Parse `YYYY-MM-DD` exactly (also accepts `/` as the separator).
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let mut parts = text.split(['-', '/']);
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some()
            || y.len() != 4
            || m.is_empty()
            || m.len() > 2
            || d.is_empty()
            || d.len() > 2
        {
            return None;
        }
        let num = |s: &str| -> Option<u32> {
            if s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse().ok()
            } else {
                None
            }
        };
        Date::from_ymd(num(y)?, num(m)?, num(d)?)
    }

    /// Year, month, day.
    pub fn ymd(self) -> (u32, u32, u32) {
        (self.0 / 10_000, self.0 / 100 % 100, self.0 % 100)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// One typed cell of a record, as the reader produced it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// The cell was empty: unknown for a required field, absent for an optional one.
    Blank,
    /// The cell could not be read as its field's type (a data error was reported).
    Malformed,
    /// Money (in yuan), ratio or count.
    Num(Decimal),
    /// Yes / no.
    Bool(bool),
    /// A date.
    Date(Date),
    /// Text.
    Text(String),
    /// The index of a word of the field's closed set.
    Word(u16),
}

/// A value an expression produces. Borrowed text points into the record or the plan.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value<'a> {
    /// A number (yuan, ratio or count).
    Num(Decimal),
    /// Yes / no.
    Bool(bool),
    /// A date.
    Date(Date),
    /// Text.
    Text(&'a str),
    /// An enum word index.
    Word(u16),
    /// An optional field left blank: "none".
    Absent(u16),
    /// Cannot be known, and why.
    Unknown(Reason),
}

/// The amount a benefit grants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Amount {
    /// A known sum in yuan, rounded to the fen.
    Known(Decimal),
    /// Somewhere in `min..=max`, decided by the responsible unit.
    Range(Decimal, Decimal),
    /// To be determined, or not computable; the reason says which.
    Open(Reason),
}

impl Amount {
    /// The known sum, if there is one.
    pub fn known(self) -> Option<Decimal> {
        match self {
            Amount::Known(d) => Some(d),
            _ => None,
        }
    }
}

/// Round half-up to the fen (0.01 yuan).
pub fn to_fen(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}
