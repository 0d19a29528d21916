//! The baseline's own CSV reading: the `csv` crate's `ByteRecord` and cell parsing written by
//! hand for exactly the nineteen columns of the 2021-7 record contract (SPEC "Record contract",
//! `jiangbu schema policies/changchun-2021-7.policy`). It shares nothing with `jiangbu::data`.
//!
//! It accepts the forms a careful programmer would expect in this file: UTF-8 (a BOM is
//! skipped), money in yuan as `5300000`, `5,300,000`, `530.5` or `530万`, counts as digits,
//! yes/no as `是/否` or `Y/N` (any case), dates as `2021-03-05`, the two enums' words. Anything
//! else is malformed: the cell is unknown and the record gets an error in the interpreter's
//! words, so the two agree on what they both accept. The duplicate-key check keeps a 64-bit
//! fingerprint a key, as `jiangbu eval` does by default.

use std::collections::hash_map::{DefaultHasher, Entry};
use std::collections::HashMap;
use std::hash::Hasher;
use std::io::{self, Read};

use csv::{ByteRecord, ReaderBuilder};
use jiangbu::eval::value::Date;
use rust_decimal::Decimal;

use super::{Firm, Why, F, FIELD_NAMES, V};

/// A data problem on one record, as `jiangbu eval` reports it.
#[derive(Clone, Debug)]
pub struct Problem {
    pub column: &'static str,
    pub value: String,
    pub message: String,
}

/// One record: its row number, key, typed fields and problems.
#[derive(Clone, Debug, Default)]
pub struct Record {
    pub line: u64,
    /// The trimmed key; `None` when blank.
    pub key: Option<String>,
    pub firm: Firm,
    pub problems: Vec<Problem>,
}

/// The reader: a CSV parser, the column of each contract field, the keys seen.
pub struct Reader<R: Read> {
    csv: csv::Reader<R>,
    record: ByteRecord,
    columns: [usize; 19],
    line: u64,
    keys: HashMap<u64, u64>,
}

/// Open `input` and map the header to the contract's fields (by name).
pub fn reader<R: Read>(input: R) -> io::Result<Reader<R>> {
    let mut csv = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut header = ByteRecord::new();
    if !csv
        .read_byte_record(&mut header)
        .map_err(io::Error::other)?
    {
        return Err(io::Error::other("no header row"));
    }
    let mut columns = [0; 19];
    for (f, name) in FIELD_NAMES.iter().enumerate() {
        columns[f] = header
            .iter()
            .position(|h| trim(h.strip_prefix(b"\xef\xbb\xbf").unwrap_or(h)) == name.as_bytes())
            .ok_or_else(|| io::Error::other(format!("no column {name}")))?;
    }
    Ok(Reader {
        csv,
        record: ByteRecord::new(),
        columns,
        line: 1,
        keys: HashMap::new(),
    })
}

/// ASCII blanks trimmed (the file's cells have no other).
fn trim(mut b: &[u8]) -> &[u8] {
    while let [b' ' | b'\t' | b'\r', rest @ ..] = b {
        b = rest;
    }
    while let [rest @ .., b' ' | b'\t' | b'\r'] = b {
        b = rest;
    }
    b
}

const MONEY: &str = "money in yuan, such as 5000, 1,234.50, 5000万 or 1.2亿";
const COUNT: &str = "a whole number (zero or more), such as 12, 1,200 or 12人";
const YES_NO: &str = "yes or no, written 是/否, Y/N, yes/no, true/false or 1/0";
const DATE: &str = "a date such as 2021-03-05, 2021/3/5 or 2021年3月5日";

/// Digits with optional thousands separators and fraction, then an optional `万`: the amount
/// in yuan. `None` when the text is not of that form or has more than 18 digits.
fn money(b: &[u8]) -> Option<Decimal> {
    let (b, wan) = match b.strip_suffix("万".as_bytes()) {
        Some(body) => (body, true),
        None => (b, false),
    };
    let mut mantissa: u64 = 0;
    let mut scale = 0u32;
    let mut digits = 0;
    let mut point = false;
    let mut since_comma: Option<u32> = None;
    for &c in b {
        match c {
            b'0'..=b'9' => {
                mantissa = mantissa.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
                digits += 1;
                if point {
                    scale += 1;
                }
                if let Some(n) = since_comma.as_mut() {
                    *n += 1;
                }
            }
            b',' if !point && digits > 0 && since_comma.is_none_or(|n| n == 3) => {
                since_comma = Some(0)
            }
            b'.' if !point && digits > 0 && since_comma.is_none_or(|n| n == 3) => {
                point = true;
                since_comma = None;
            }
            _ => return None,
        }
    }
    if digits == 0 || (point && scale == 0) || since_comma.is_some_and(|n| n != 3) {
        return None;
    }
    let mut d = Decimal::from_i128_with_scale(i128::from(mantissa), scale);
    if wan {
        d = d.checked_mul(Decimal::from(10_000))?;
    }
    Some(d.normalize())
}

fn count(b: &[u8]) -> Option<Decimal> {
    if b.is_empty() || b.len() > 18 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = b.iter().fold(0u64, |n, &c| n * 10 + u64::from(c - b'0'));
    Some(Decimal::from(n))
}

fn yes_no(b: &[u8]) -> Option<bool> {
    match b {
        b"\xe6\x98\xaf" | b"Y" | b"y" => Some(true),  // 是
        b"\xe5\x90\xa6" | b"N" | b"n" => Some(false), // 否
        _ => None,
    }
}

fn date(b: &[u8]) -> Option<Date> {
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *b else {
        return None;
    };
    let num = |ds: &[u8]| {
        ds.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    Date::from_ymd(num(&[y0, y1, y2, y3])?, num(&[m0, m1])?, num(&[d0, d1])?)
}

/// The words of 保供类型 and 脱困方式: `Some(true)` for one other than 无.
fn not_none(b: &[u8], words: &[&str]) -> Option<bool> {
    let i = words.iter().position(|w| w.as_bytes() == b)?;
    Some(i + 1 != words.len())
}

const SUPPLY: [&str; 6] = ["水", "电", "煤", "气", "热", "无"];
const RECOVERY: [&str; 4] = ["升级改造", "资产重组", "债务重组", "无"];

impl<R: Read> Reader<R> {
    /// Read the next non-blank record into `out`; `false` at the end of input.
    pub fn next_into(&mut self, out: &mut Record) -> io::Result<bool> {
        loop {
            if !self
                .csv
                .read_byte_record(&mut self.record)
                .map_err(io::Error::other)?
            {
                return Ok(false);
            }
            self.line += 1;
            if self.record.iter().all(|c| trim(c).is_empty()) {
                continue;
            }
            self.type_record(out);
            return Ok(true);
        }
    }

    fn type_record(&mut self, out: &mut Record) {
        let record = &self.record;
        let columns = &self.columns;
        let problems = &mut out.problems;
        problems.clear();
        let line = self.line;
        out.line = line;
        let cell = |f: F| trim(record.get(columns[f as usize]).unwrap_or_default());
        // Type one cell with `parse`; blank is unknown (or absent when optional).
        fn typed<X>(
            problems: &mut Vec<Problem>,
            f: F,
            raw: &[u8],
            optional: bool,
            form: &str,
            parse: impl Fn(&[u8]) -> Option<X>,
        ) -> V<X> {
            if raw.is_empty() {
                return if optional {
                    V::Absent
                } else {
                    V::Unknown(Why::Blank(f))
                };
            }
            match parse(raw) {
                Some(x) => V::Val(x),
                None => {
                    let value = String::from_utf8_lossy(raw).into_owned();
                    problems.push(Problem {
                        column: FIELD_NAMES[f as usize],
                        message: format!("`{value}` is not {form}"),
                        value,
                    });
                    V::Unknown(Why::Malformed(f))
                }
            }
        }
        let b = |p: &mut Vec<Problem>, f: F| typed(p, f, cell(f), false, YES_NO, yes_no);
        let m = |p: &mut Vec<Problem>, f: F, optional| typed(p, f, cell(f), optional, MONEY, money);
        out.firm = Firm {
            key_enterprise: b(problems, F::KeyEnterprise),
            o2021: m(problems, F::O2021, false),
            o2019: m(problems, F::O2019, false),
            continuous: b(problems, F::Continuous),
            people: typed(problems, F::People, cell(F::People), false, COUNT, count),
            training: b(problems, F::Training),
            project_date: typed(
                problems,
                F::ProjectDate,
                cell(F::ProjectDate),
                true,
                DATE,
                date,
            ),
            project_output: m(problems, F::ProjectOutput, true),
            financing: b(problems, F::Financing),
            newly: b(problems, F::Newly),
            supplier: typed(
                problems,
                F::Supply,
                cell(F::Supply),
                false,
                "one of 水, 电, 煤, 气, 热, 无",
                |b| not_none(b, &SUPPLY),
            ),
            outstanding: b(problems, F::Outstanding),
            chp: b(problems, F::Chp),
            coal_short: b(problems, F::CoalShort),
            stopped: b(problems, F::Stopped),
            recovered: typed(
                problems,
                F::Recovery,
                cell(F::Recovery),
                false,
                "one of 升级改造, 资产重组, 债务重组, 无",
                |b| not_none(b, &RECOVERY),
            ),
        };
        let key = cell(F::Key);
        let key_name = FIELD_NAMES[F::Key as usize];
        match std::str::from_utf8(key) {
            Ok(text) if !text.is_empty() => {
                let k = out.key.get_or_insert_with(String::new);
                k.clear();
                k.push_str(text);
                // Compared without letter case: the key's bytes lowercased, hashed in chunks.
                let mut h = DefaultHasher::new();
                let mut chunk = [0u8; 32];
                for part in key.chunks(32) {
                    let lower = &mut chunk[..part.len()];
                    lower.copy_from_slice(part);
                    lower.make_ascii_lowercase();
                    h.write(lower);
                }
                match self.keys.entry(h.finish()) {
                    Entry::Vacant(v) => {
                        v.insert(line);
                    }
                    Entry::Occupied(o) => problems.push(Problem {
                        column: key_name,
                        value: text.to_owned(),
                        message: format!("duplicate key `{text}`, first seen at row {}", o.get()),
                    }),
                }
            }
            _ => {
                out.key = None;
                problems.push(Problem {
                    column: key_name,
                    value: String::from_utf8_lossy(key).into_owned(),
                    message: "the key is blank".to_owned(),
                });
            }
        }
    }
}
