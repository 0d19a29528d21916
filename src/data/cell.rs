//! Typing one CSV cell by its field's declared type.
//!
//! Every form is parsed exactly: money and ratios become `rust_decimal::Decimal` without any
//! floating point, and units (`万`, `亿`, a `万元` column) are applied with checked arithmetic.

use std::borrow::Cow;

use rust_decimal::Decimal;

use super::{Cell, Date};
use crate::schema::{FieldDef, FieldType};

/// The form a cell should have, named when it has another: data until a message is rendered
/// ([`Form::text`], both languages side by side).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Form {
    /// Money in yuan.
    Money,
    /// Money in a column with a unit (`万元`).
    ScaledMoney,
    /// A percent or a ratio.
    Ratio,
    /// A percent in a column of percent points (`单位 %`).
    PercentPoints,
    /// A whole count.
    Count,
    /// Yes or no.
    Bool,
    /// A date.
    Date,
    /// One of an enum's words (the message lists them).
    Word,
    /// Text.
    Text,
    /// A number too large (or too precise) for exact decimal arithmetic.
    TooLarge,
}

impl Form {
    /// Every form, for the catalogue test.
    pub const ALL: [Form; 10] = [
        Form::Money,
        Form::ScaledMoney,
        Form::Ratio,
        Form::PercentPoints,
        Form::Count,
        Form::Bool,
        Form::Date,
        Form::Word,
        Form::Text,
        Form::TooLarge,
    ];

    /// The stable code (`jiangbu::cell::<form>`).
    pub fn code(self) -> &'static str {
        match self {
            Form::Money => "jiangbu::cell::money",
            Form::ScaledMoney => "jiangbu::cell::scaled_money",
            Form::Ratio => "jiangbu::cell::ratio",
            Form::PercentPoints => "jiangbu::cell::percent_points",
            Form::Count => "jiangbu::cell::count",
            Form::Bool => "jiangbu::cell::yes_no",
            Form::Date => "jiangbu::cell::date",
            Form::Word => "jiangbu::cell::word",
            Form::Text => "jiangbu::cell::text",
            Form::TooLarge => "jiangbu::cell::too_large",
        }
    }

    /// What the cell should look like, in English and Chinese (the examples are what a cell may
    /// hold, so the English keeps `万`, `是/否`).
    pub fn text(self) -> (&'static str, &'static str) {
        match self {
            Form::Money => (
                "money in yuan, such as 5000, 1,234.50, 5000万 or 1.2亿",
                "以元计的金额，如 5000、1,234.50、5000万 或 1.2亿",
            ),
            Form::ScaledMoney => (
                "money, such as 1.5 in the column's unit, or with a unit of its own such as 5000元 or 1.2亿",
                "金额，如按本列单位写 1.5，或自带单位如 5000元、1.2亿",
            ),
            Form::Ratio => (
                "a percent such as 6% or 6.5%, or a ratio between -1 and 1 such as 0.06",
                "百分比如 6% 或 6.5%，或 -1 到 1 之间的比例如 0.06",
            ),
            Form::PercentPoints => (
                "a percent in points, such as 15.3 (meaning 15.3%) or 15.3%",
                "以百分点计的比例，如 15.3（即 15.3%）或 15.3%",
            ),
            Form::Count => (
                "a whole number (zero or more), such as 12, 1,200 or 12人",
                "零或正整数，如 12、1,200 或 12人",
            ),
            Form::Bool => (
                "yes or no, written 是/否, Y/N, yes/no, true/false or 1/0",
                "是或否，可写 是/否、Y/N、yes/no、true/false 或 1/0",
            ),
            Form::Date => (
                "a date such as 2021-03-05, 2021/3/5 or 2021年3月5日",
                "日期，如 2021-03-05、2021/3/5 或 2021年3月5日",
            ),
            Form::Word => ("one of the listed words", "所列词语之一"),
            Form::Text => ("text", "文本"),
            Form::TooLarge => (
                "a number of at most 28 digits (after applying its unit)",
                "不超过 28 位数字的数（按单位换算后）",
            ),
        }
    }
}

/// The English phrase.
impl std::fmt::Display for Form {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text().0)
    }
}

/// What a money cell should look like.
pub const MONEY_FORM: Form = Form::Money;
/// What a money cell of a column with a unit (`万元`) should look like.
pub const SCALED_MONEY_FORM: Form = Form::ScaledMoney;
/// What a ratio cell should look like.
pub const RATIO_FORM: Form = Form::Ratio;
/// What a count cell should look like.
pub const COUNT_FORM: Form = Form::Count;
/// What a yes / no cell should look like.
pub const BOOL_FORM: Form = Form::Bool;
/// What a date cell should look like.
pub const DATE_FORM: Form = Form::Date;
/// An enum cell; the message lists the words themselves.
pub const ENUM_FORM: Form = Form::Word;
/// A number too large (or too precise) for exact decimal arithmetic.
pub const TOO_LARGE_FORM: Form = Form::TooLarge;

/// How many words of an enum [`expected_form`] lists before eliding the rest.
pub(super) const LISTED_WORDS: usize = 12;

/// Money units a cell may end with and their factor to yuan, longest first.
const MONEY_UNITS: [(&str, i64); 6] = [
    ("千元", 1_000),
    ("万元", 10_000),
    ("亿元", 100_000_000),
    ("万", 10_000),
    ("亿", 100_000_000),
    ("元", 1),
];

/// Suffixes a count cell may end with.
const COUNT_UNITS: [char; 4] = ['人', '户', '个', '家'];

/// Type one cell's text as `field` declares it.
///
/// The text is trimmed of ASCII and full-width whitespace first; a blank cell is
/// [`Cell::Blank`] whatever the type. On failure the error is the expected [`Form`] (for an
/// enum [`Form::Word`]; the reader's message lists the words).
pub fn parse_cell(text: &str, field: &FieldDef) -> Result<Cell, Form> {
    let text = trim(text);
    if text.is_empty() {
        return Ok(Cell::Blank);
    }
    match &field.ty {
        FieldType::Money => parse_money(text, field.scale).map(Cell::Num),
        FieldType::Ratio => parse_ratio(text, field.scale).map(Cell::Num),
        FieldType::Count => parse_count(text).map(Cell::Num),
        FieldType::Bool => parse_bool(text).map(Cell::Bool),
        FieldType::Date => parse_date(text).map(Cell::Date),
        FieldType::Text => Ok(Cell::Text(text.to_owned())),
        FieldType::Enum(words) => parse_word(text, words).map(Cell::Word),
    }
}

/// A cell of `field` typed from its bytes when it has one of the forms most cells take: blank,
/// plain money or counts, `是`/`否`, `YYYY-MM-DD`, one of an enum's words exactly. It is the cell
/// [`parse_cell`] gives for the same text; these bytes are valid UTF-8, so no check is needed.
/// `None` for any other cell (text, a malformed cell, another form, bytes that are not UTF-8):
/// it takes [`parse_cell`].
pub(super) fn quick_cell(raw: &[u8], field: &FieldDef) -> Option<Cell> {
    if raw.is_empty() {
        return Some(Cell::Blank);
    }
    // None of these forms starts or ends with a character `trim` removes (digits, `万`, `是`,
    // `否`), but for an enum's word, which is checked.
    match &field.ty {
        FieldType::Money => plain_money(raw, field.scale)?.ok().map(Cell::Num),
        FieldType::Count if !raw.contains(&b'.') => plain_decimal(raw).map(Cell::Num),
        // `是` and `否` in UTF-8, compared byte by byte.
        FieldType::Bool => match raw {
            [0xe6, 0x98, 0xaf] => Some(Cell::Bool(true)),
            [0xe5, 0x90, 0xa6] => Some(Cell::Bool(false)),
            _ => None,
        },
        FieldType::Date => iso_date(raw)?.ok().map(Cell::Date),
        FieldType::Enum(words) => words
            .iter()
            .position(|w| same_bytes(w.as_bytes(), raw))
            .filter(|_| untrimmed(raw))
            .and_then(|i| u16::try_from(i).ok())
            .map(Cell::Word),
        FieldType::Count | FieldType::Ratio | FieldType::Text => None,
    }
}

/// Whether `a` and `b` hold the same bytes, compared in a loop (words are short: a call to
/// `memcmp` per word costs more than the comparing).
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// The form of `field`'s cells.
pub fn field_form(field: &FieldDef) -> Form {
    match &field.ty {
        FieldType::Money if field.scale.is_some() => Form::ScaledMoney,
        FieldType::Money => Form::Money,
        FieldType::Ratio if field.scale.is_some() => Form::PercentPoints,
        FieldType::Ratio => Form::Ratio,
        FieldType::Count => Form::Count,
        FieldType::Bool => Form::Bool,
        FieldType::Date => Form::Date,
        FieldType::Text => Form::Text,
        FieldType::Enum(_) => Form::Word,
    }
}

/// Trim ASCII, full-width and other Unicode whitespace, plus zero-width marks spreadsheets leave.
pub fn trim(text: &str) -> &str {
    if untrimmed(text.as_bytes()) {
        return text;
    }
    text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}')
}

/// Whether [`trim`] surely leaves `bytes` as they are, decided on the first bytes of the first
/// and the last character: neither can be one that is trimmed. `false` for empty bytes.
fn untrimmed(bytes: &[u8]) -> bool {
    let last = bytes
        .iter()
        .rposition(|&b| !(0x80..=0xbf).contains(&b))
        .and_then(|at| bytes.get(at));
    match (bytes.first(), last) {
        (Some(&first), Some(&last)) => kept_lead(first) && kept_lead(last),
        _ => false,
    }
}

/// Whether a character whose UTF-8 encoding starts with `lead` is surely not trimmed by
/// [`trim`]. The characters it trims start with an ASCII blank or with one of the lead bytes
/// `C2` (U+0085, U+00A0), `E1` (U+1680), `E2` (U+2000–U+200B, U+2028, U+2029, U+202F,
/// U+205F), `E3` (U+3000) and `EF` (U+FEFF); any other lead byte (a CJK character's `E4`–`E9`)
/// starts a character that is kept.
fn kept_lead(lead: u8) -> bool {
    match lead {
        0..=0x7f => !ascii_blank(lead),
        0xc2 | 0xe1 | 0xe2 | 0xe3 | 0xef => false,
        _ => true,
    }
}

/// The ASCII characters `char::is_whitespace` holds for (`u8::is_ascii_whitespace` leaves out
/// the vertical tab).
fn ascii_blank(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// The most digits [`plain_decimal`] reads: any 18 digits fit a `u64`.
const PLAIN_DIGITS: usize = 18;

/// `digits[.digits]` in ASCII, at most [`PLAIN_DIGITS`] digits, read in one pass into a
/// normalized `Decimal`: what [`exact_decimal`] makes of the same text. `None` for any other
/// text (it then takes the general path).
pub(super) fn plain_decimal(text: &[u8]) -> Option<Decimal> {
    let mut mantissa: u64 = 0;
    let mut digits = 0;
    let mut point: Option<usize> = None;
    for (i, &b) in text.iter().enumerate() {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                digits += 1;
                if digits > PLAIN_DIGITS {
                    return None;
                }
            }
            b'.' if point.is_none() && i > 0 => point = Some(i),
            _ => return None,
        }
    }
    let scale = match point {
        Some(at) if at + 1 == text.len() => return None,
        Some(at) => u32::try_from(text.len() - at - 1).ok()?,
        None if digits == 0 => return None,
        None => 0,
    };
    let amount = Decimal::try_from_i128_with_scale(i128::from(mantissa), scale).ok()?;
    // A whole number is normal already.
    Some(if scale == 0 {
        amount
    } else {
        amount.normalize()
    })
}

/// Map full-width ASCII forms (`０`–`９`, `％`, `，`, `．`, `－`, `Ｙ` …) to ASCII.
fn half_width(text: &str) -> Cow<'_, str> {
    if text
        .chars()
        .all(|c| !('\u{ff01}'..='\u{ff5e}').contains(&c))
    {
        return Cow::Borrowed(text);
    }
    let mapped = text
        .chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            _ => c,
        })
        .collect();
    Cow::Owned(mapped)
}

/// Parse a money cell: `[-][¥]digits[,ddd…][.ddd][unit]`, scaled exactly to yuan.
fn parse_money(text: &str, scale: Option<Decimal>) -> Result<Decimal, Form> {
    if let Some(amount) = plain_money(text.as_bytes(), scale) {
        return amount;
    }
    let form = if scale.is_some() {
        SCALED_MONEY_FORM
    } else {
        MONEY_FORM
    };
    let text = half_width(text);
    let (negative, rest) = strip_sign_and_currency(&text);
    let (body, unit) = split_money_unit(rest);
    let body = trim(body);
    if !is_grouped_decimal(body) {
        return Err(form);
    }
    let amount = exact_decimal(&without_commas(body))?;
    let factor = match (unit, scale) {
        (Some(unit), _) => Decimal::from(unit),
        (None, Some(scale)) => scale,
        (None, None) => Decimal::ONE,
    };
    let amount = amount.checked_mul(factor).ok_or(TOO_LARGE_FORM)?;
    Ok(signed(amount, negative))
}

/// Most money cells: plain digits, perhaps with a fraction or `万`, read in one pass and scaled
/// to yuan (`scale` when there is no `万`). `None` for any other text.
fn plain_money(text: &[u8], scale: Option<Decimal>) -> Option<Result<Decimal, Form>> {
    let (plain, unit) = match text.strip_suffix("万".as_bytes()) {
        Some(body) => (body, Some(Decimal::from(10_000))),
        None => (text, scale),
    };
    let amount = plain_decimal(plain)?;
    Some(match unit {
        None => Ok(amount),
        Some(factor) => amount
            .checked_mul(factor)
            .map(|amount| amount.normalize())
            .ok_or(TOO_LARGE_FORM),
    })
}

/// Strip a leading `-` and a `¥`/`￥`, in either order, each at most once.
fn strip_sign_and_currency(text: &str) -> (bool, &str) {
    let mut rest = text;
    let mut negative = false;
    let mut currency = false;
    loop {
        if let Some(r) = rest.strip_prefix('-').filter(|_| !negative) {
            negative = true;
            rest = trim(r);
        } else if let Some(r) = rest.strip_prefix(['¥', '￥']).filter(|_| !currency) {
            currency = true;
            rest = trim(r);
        } else {
            return (negative, rest);
        }
    }
}

/// Split a money unit suffix off, returning the number part and the unit's factor.
fn split_money_unit(text: &str) -> (&str, Option<i64>) {
    MONEY_UNITS
        .iter()
        .find_map(|&(unit, factor)| text.strip_suffix(unit).map(|body| (body, Some(factor))))
        .unwrap_or((text, None))
}

/// `digits[.digits]` where the integer part may use `,` as a thousands separator; when commas
/// are used every group after the first must have exactly three digits (`1,23` is rejected).
fn is_grouped_decimal(text: &str) -> bool {
    let (int, frac) = match text.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (text, None),
    };
    if frac.is_some_and(|f| !is_digits(f)) {
        return false;
    }
    let mut groups = int.split(',');
    let first_ok = groups
        .next()
        .is_some_and(|g| is_digits(g) && (!int.contains(',') || g.len() <= 3));
    first_ok && groups.all(|g| g.len() == 3 && is_digits(g))
}

/// One or more ASCII digits.
fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// A syntactically checked decimal string to a `Decimal`, refusing any rounding.
fn exact_decimal(text: &str) -> Result<Decimal, Form> {
    Decimal::from_str_exact(text)
        .map(|d| d.normalize())
        .map_err(|_| TOO_LARGE_FORM)
}

/// Apply a sign, never producing a negative zero.
fn signed(amount: Decimal, negative: bool) -> Decimal {
    let amount = amount.normalize();
    if negative && !amount.is_zero() {
        -amount
    } else {
        amount
    }
}

/// Parse a ratio: `6%`, `-3.5%` (stored as 0.06, -0.035) or a plain ratio in -1..=1 (`0.06`).
///
/// A plain number beyond ±1 is rejected rather than guessed: `6` in a ratio column more likely
/// means 6% than 600%, so the writer must say which with a `%`. In a column of percent points
/// (`单位 %`, `points` is `Some(0.01)`) a plain number is a percent: `15.3` is 0.153, `150` is 1.5.
fn parse_ratio(text: &str, points: Option<Decimal>) -> Result<Decimal, Form> {
    let form = match points {
        Some(_) => Form::PercentPoints,
        None => RATIO_FORM,
    };
    let text = half_width(text);
    let (body, percent) = match text.strip_suffix('%') {
        Some(body) => (trim(body), true),
        None => (&*text, false),
    };
    let (negative, digits) = match body.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    if !is_plain_decimal(digits) {
        return Err(form);
    }
    let value = exact_decimal(digits)?;
    if percent || points.is_some() {
        let ratio = percent_to_ratio(value)?;
        Ok(signed(ratio, negative))
    } else if value <= Decimal::ONE {
        Ok(signed(value, negative))
    } else {
        Err(form)
    }
}

/// `digits[.digits]` without separators.
fn is_plain_decimal(text: &str) -> bool {
    match text.split_once('.') {
        Some((int, frac)) => is_digits(int) && is_digits(frac),
        None => is_digits(text),
    }
}

/// Divide by 100 exactly, by moving the decimal point.
fn percent_to_ratio(value: Decimal) -> Result<Decimal, Form> {
    let mut ratio = value;
    ratio
        .set_scale(value.scale() + 2)
        .map_err(|_| TOO_LARGE_FORM)?;
    Ok(ratio.normalize())
}

/// Parse a count: a non-negative whole number, commas allowed, an optional `.0`, an optional
/// `人`/`户`/`个`/`家` suffix.
fn parse_count(text: &str) -> Result<Decimal, Form> {
    if !text.contains('.') {
        if let Some(count) = plain_decimal(text.as_bytes()) {
            return Ok(count);
        }
    }
    let text = half_width(text);
    let body = trim(text.strip_suffix(COUNT_UNITS).unwrap_or(&text));
    let int = match body.split_once('.') {
        Some((int, frac)) if is_digits(frac) && frac.bytes().all(|b| b == b'0') => int,
        Some(_) => return Err(COUNT_FORM),
        None => body,
    };
    if !is_grouped_decimal(int) || int.contains('.') {
        return Err(COUNT_FORM);
    }
    exact_decimal(&without_commas(int))
}

/// Parse yes / no in any letter case.
fn parse_bool(text: &str) -> Result<bool, Form> {
    match text {
        "是" => return Ok(true),
        "否" => return Ok(false),
        _ => {}
    }
    // ASCII case-insensitive comparison, without lowercasing into a new `String`: the words
    // are ASCII or Chinese, and no non-ASCII character lowercases to an ASCII letter they use
    // (the Kelvin sign's `k` is not among them), so this accepts what `to_lowercase` did.
    let text = half_width(text);
    let is = |words: &[&str]| words.iter().any(|w| w.eq_ignore_ascii_case(&text));
    if is(&["是", "y", "yes", "true", "1"]) {
        Ok(true)
    } else if is(&["否", "n", "no", "false", "0"]) {
        Ok(false)
    } else {
        Err(BOOL_FORM)
    }
}

/// `text` without its thousands separators; a new `String` only when it has one.
fn without_commas(text: &str) -> Cow<'_, str> {
    if text.contains(',') {
        Cow::Owned(text.replace(',', ""))
    } else {
        Cow::Borrowed(text)
    }
}

/// Parse `YYYY-MM-DD`, `YYYY/M/D` or `YYYY年M月D日`; a midnight time that spreadsheets append
/// (`2021/3/5 0:00`, `2021-03-05 00:00:00`) is accepted and dropped.
fn parse_date(text: &str) -> Result<Date, Form> {
    if let Some(date) = iso_date(text.as_bytes()) {
        return date;
    }
    let text = half_width(text);
    let date = strip_midnight(&text);
    Date::parse(date)
        .or_else(|| parse_chinese_date(date))
        .ok_or(DATE_FORM)
}

/// `YYYY-MM-DD`, read without splitting: the date, or an error for a day that does not exist.
/// `None` for text of any other shape.
fn iso_date(text: &[u8]) -> Option<Result<Date, Form>> {
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *text else {
        return None;
    };
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    let (y, m, d) = (
        number(&[y0, y1, y2, y3])?,
        number(&[m0, m1])?,
        number(&[d0, d1])?,
    );
    Some(Date::from_ymd(y, m, d).ok_or(DATE_FORM))
}

/// Drop a trailing ` 0:00` / ` 00:00:00` time, keeping any other text whole.
fn strip_midnight(text: &str) -> &str {
    match text.split_once(char::is_whitespace) {
        Some((date, time)) if is_midnight(trim(time)) => date,
        _ => text,
    }
}

/// `0:00`, `00:00` or `00:00:00`.
fn is_midnight(time: &str) -> bool {
    let parts: Vec<&str> = time.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b == b'0'))
}

/// `YYYY年M月D日` (also `…D号`).
fn parse_chinese_date(text: &str) -> Option<Date> {
    let (year, rest) = text.split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let day = rest.strip_suffix(['日', '号'])?;
    let year = trim(year);
    let (month, day) = (trim(month), trim(day));
    let ok = |s: &str, max: usize| is_digits(s) && s.len() <= max;
    if year.len() != 4 || !ok(year, 4) || !ok(month, 2) || !ok(day, 2) {
        return None;
    }
    Date::from_ymd(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// The index of the word equal to `text`.
fn parse_word(text: &str, words: &[String]) -> Result<u16, Form> {
    words
        .iter()
        .position(|w| w == text)
        .and_then(|i| u16::try_from(i).ok())
        .ok_or(ENUM_FORM)
}
