//! Durations and calendar arithmetic: a date moved by whole years, months or days.
//!
//! The month-end rule: moving by years or months keeps the day of the month, and where the
//! target month has no such day, takes the last day of that month (2020-02-29 − 1年 =
//! 2019-02-28; 2021-01-31 + 1个月 = 2021-02-28). This is the rule of 民法典 第二百零三条 for the
//! end of a period counted in years or months ("没有对应日的，月末日为期间的最后一日").

use std::fmt;

use super::value::Date;

/// The unit of a duration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DurUnit {
    /// 年 / years
    Year,
    /// 个月 / 月 / months
    Month,
    /// 日 / 天 / days
    Day,
}

/// A duration as written: a whole number of years, months or days (`3年`, `12个月`, `30日`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Duration {
    /// How many.
    pub count: u32,
    /// Of what.
    pub unit: DurUnit,
}

impl fmt::Display for Duration {
    /// The canonical Chinese spelling (`3年`, `12个月`, `30日`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            DurUnit::Year => "年",
            DurUnit::Month => "个月",
            DurUnit::Day => "日",
        };
        write!(f, "{}{unit}", self.count)
    }
}

impl Duration {
    /// The English spelling (`3 years`, `1 month`).
    pub fn english(self) -> String {
        let unit = match (self.unit, self.count == 1) {
            (DurUnit::Year, true) => "year",
            (DurUnit::Year, false) => "years",
            (DurUnit::Month, true) => "month",
            (DurUnit::Month, false) => "months",
            (DurUnit::Day, true) => "day",
            (DurUnit::Day, false) => "days",
        };
        format!("{} {unit}", self.count)
    }
}

fn leap(year: u32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if leap(year) => 29,
        _ => 28,
    }
}

/// Days since 0000-03-01 of the proleptic Gregorian calendar (a day count to add days to).
fn day_number(date: Date) -> i64 {
    let (y, m, d) = date.ymd();
    let (y, m, d) = (i64::from(y), i64::from(m), i64::from(d));
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    365 * y + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400) + (153 * m + 2) / 5 + d - 1
}

/// The date of a day number (the inverse of [`day_number`]).
fn from_day_number(n: i64) -> Option<Date> {
    let era = n.div_euclid(146_097);
    let doe = n.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Date::from_ymd(
        u32::try_from(y).ok()?,
        u32::try_from(m).ok()?,
        u32::try_from(d).ok()?,
    )
}

/// `date + duration` (`back`: `date − duration`) by the month-end rule; `None` past the years
/// a date can hold (1 to 9999).
pub fn shift(date: Date, by: Duration, back: bool) -> Option<Date> {
    let count = i64::from(by.count);
    let count = if back { -count } else { count };
    let (y, m, d) = date.ymd();
    match by.unit {
        DurUnit::Day => from_day_number(day_number(date).checked_add(count)?),
        DurUnit::Year | DurUnit::Month => {
            let months = if by.unit == DurUnit::Year {
                count.checked_mul(12)?
            } else {
                count
            };
            let index = (i64::from(y) * 12 + i64::from(m) - 1).checked_add(months)?;
            let year = u32::try_from(index.div_euclid(12)).ok()?;
            let month = u32::try_from(index.rem_euclid(12) + 1).ok()?;
            if !(1..=9999).contains(&year) {
                return None;
            }
            Date::from_ymd(year, month, d.min(days_in_month(year, month)))
        }
    }
}

#[cfg(test)]
#[expect(clippy::panic, reason = "a test fails by panicking")]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap_or_else(|| panic!("bad test date {s}"))
    }

    fn dur(count: u32, unit: DurUnit) -> Duration {
        Duration { count, unit }
    }

    fn moved(s: &str, count: u32, unit: DurUnit, back: bool) -> String {
        shift(date(s), dur(count, unit), back).map_or("none".into(), |d| d.to_string())
    }

    #[test]
    fn month_end_rule() {
        // 2020-02-29 − 1年: 2019 has no 29 February, so the last day of February.
        assert_eq!(moved("2020-02-29", 1, DurUnit::Year, true), "2019-02-28");
        // 2020-02-29 + 4年: 2024 is a leap year, the day is kept.
        assert_eq!(moved("2020-02-29", 4, DurUnit::Year, false), "2024-02-29");
        // 2021-01-31 + 1个月: February 2021 has 28 days.
        assert_eq!(moved("2021-01-31", 1, DurUnit::Month, false), "2021-02-28");
        // 2020-01-31 + 1个月: February 2020 has 29 days.
        assert_eq!(moved("2020-01-31", 1, DurUnit::Month, false), "2020-02-29");
        // 2021-03-31 − 1个月 = 2021-02-28; 2021-05-31 + 1个月 = 2021-06-30.
        assert_eq!(moved("2021-03-31", 1, DurUnit::Month, true), "2021-02-28");
        assert_eq!(moved("2021-05-31", 1, DurUnit::Month, false), "2021-06-30");
        // Across a year: 2021-11-15 + 3个月 = 2022-02-15; 2021-01-15 − 13个月 = 2019-12-15.
        assert_eq!(moved("2021-11-15", 3, DurUnit::Month, false), "2022-02-15");
        assert_eq!(moved("2021-01-15", 13, DurUnit::Month, true), "2019-12-15");
    }

    #[test]
    fn days() {
        // 2020 is a leap year: 2020-02-28 + 1日 = 2020-02-29, + 2日 = 2020-03-01.
        assert_eq!(moved("2020-02-28", 1, DurUnit::Day, false), "2020-02-29");
        assert_eq!(moved("2020-02-28", 2, DurUnit::Day, false), "2020-03-01");
        // 2021 is not: 2021-02-28 + 1日 = 2021-03-01.
        assert_eq!(moved("2021-02-28", 1, DurUnit::Day, false), "2021-03-01");
        // 2021-01-01 − 1日 = 2020-12-31; 2020 has 366 days: 2020-01-01 + 366日 = 2021-01-01.
        assert_eq!(moved("2021-01-01", 1, DurUnit::Day, true), "2020-12-31");
        assert_eq!(moved("2020-01-01", 366, DurUnit::Day, false), "2021-01-01");
        // 1900 is not a leap year, 2000 is: 1900-02-28 + 1日 = 1900-03-01, 2000-02-28 + 1日 = 2000-02-29.
        assert_eq!(moved("1900-02-28", 1, DurUnit::Day, false), "1900-03-01");
        assert_eq!(moved("2000-02-28", 1, DurUnit::Day, false), "2000-02-29");
    }

    #[test]
    fn day_numbers_round_trip() {
        // Every day of 1999..=2001 (a leap year between two common ones) survives the round trip
        // and consecutive days are one apart.
        let mut last = day_number(date("1998-12-31"));
        for y in 1999..=2001 {
            for m in 1..=12 {
                for d in 1..=days_in_month(y, m) {
                    let day = Date::from_ymd(y, m, d).unwrap_or_else(|| panic!("{y}-{m}-{d}"));
                    let n = day_number(day);
                    assert_eq!(n, last + 1, "{day}");
                    assert_eq!(from_day_number(n), Some(day));
                    last = n;
                }
            }
        }
    }

    #[test]
    fn out_of_range() {
        assert_eq!(moved("9999-12-31", 1, DurUnit::Day, false), "none");
        assert_eq!(moved("0001-01-01", 1, DurUnit::Month, true), "none");
        assert_eq!(moved("2021-01-01", u32::MAX, DurUnit::Year, false), "none");
        assert_eq!(moved("2021-01-01", u32::MAX, DurUnit::Day, true), "none");
    }
}
