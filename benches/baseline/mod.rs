//! Notice 2021-7 written by hand in Rust: the yardstick the interpreter is measured against.
//!
//! The nine clauses and the take-highest group of `policies/changchun-2021-7.policy`, with the
//! same three-valued semantics (SPEC "Semantics that must hold") and the bureau's reading, as a
//! careful programmer would write them for this one notice: a typed struct per record, fields
//! resolved to slots once, reasons as small `Copy` values rendered only when written, no
//! allocation per record. It reads the CSV with its own code (`read.rs`: the `csv` crate's
//! `ByteRecord` and cell parsing for exactly this notice's columns, nothing from
//! `jiangbu::data`) and writes the same jsonl and csv shapes as the interpreter's writers, so
//! the bench (and `scripts/bench.sh`, against the `jiangbu` binary) can check that both produce
//! identical bytes.

use std::io::{self, Write};

pub mod read;

use self::read::Record;
use jiangbu::eval::plan::Plan;
use jiangbu::eval::value::{Cell, Date};
use jiangbu::schema::{FieldType, Schema};
use rust_decimal::{Decimal, RoundingStrategy};

/// The record's fields, in the contract's order (also the baseline's slot numbering).
#[allow(
    dead_code,
    reason = "every column has its position; the baseline reads only some"
)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum F {
    Key,
    Name,
    Area,
    KeyEnterprise,
    O2021,
    O2019,
    Continuous,
    People,
    Training,
    ProjectDate,
    ProjectOutput,
    Financing,
    Newly,
    Supply,
    Outstanding,
    Chp,
    CoalShort,
    Stopped,
    Recovery,
}

const FIELD_NAMES: [&str; 19] = jiangbu::sample::HEADER;

/// The six open amounts (`第一条奖补` … `第八条奖补`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum P {
    P1,
    P2,
    P4,
    P6,
    P7,
    P8,
}

const PARAM_NAMES: [&str; 6] = [
    "第一条奖补",
    "第二条奖补",
    "第四条奖补",
    "第六条奖补",
    "第七条奖补",
    "第八条奖补",
];

/// Parameter values; `None` is `待定`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Params(pub [Option<Decimal>; 6]);

/// Why something is unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    Blank(F),
    Malformed(F),
    /// `一季度产值2019` is 0, so `增长率` cannot be computed.
    GrowthDivZero,
    Tbd(P),
    /// Overflow in the operand written as this text.
    Overflow(&'static str),
}

/// A value: known, absent (a blank optional field), or unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum V<T> {
    Val(T),
    #[default]
    Absent,
    Unknown(Why),
}

/// Three-valued truth.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum T {
    True,
    False,
    Unknown(Why),
}

/// Kleene's "all of", lazily: stops at the first false, else the first unknown wins.
macro_rules! all {
    ($($c:expr),+ $(,)?) => {{
        let mut unknown: Option<Why> = None;
        'all: {
            $(
                match $c {
                    T::False => break 'all T::False,
                    T::Unknown(w) => {
                        unknown.get_or_insert(w);
                    }
                    T::True => {}
                }
            )+
            match unknown {
                Some(w) => T::Unknown(w),
                None => T::True,
            }
        }
    }};
}

/// Where each field sits in the reader's cells, and the index of `无` in the two word sets.
#[derive(Clone, Debug)]
pub struct Layout {
    slots: [usize; 19],
    supply_none: u16,
    recovery_none: u16,
}

impl Layout {
    /// Resolve the contract's fields in the policy's schema, once.
    pub fn new(schema: &Schema) -> Layout {
        let mut slots = [0; 19];
        for (i, name) in FIELD_NAMES.iter().enumerate() {
            slots[i] = schema.slot(name).expect("the 2021-7 record contract");
        }
        let none_of = |f: F| match &schema.fields[slots[f as usize]].ty {
            FieldType::Enum(words) => words.iter().position(|w| w == "无").expect("无") as u16,
            _ => panic!("{f:?} is an enum"),
        };
        Layout {
            supply_none: none_of(F::Supply),
            recovery_none: none_of(F::Recovery),
            slots,
        }
    }
}

/// One record, typed for this notice.
#[derive(Clone, Copy, Debug, Default)]
pub struct Firm {
    key_enterprise: V<bool>,
    o2021: V<Decimal>,
    o2019: V<Decimal>,
    continuous: V<bool>,
    people: V<Decimal>,
    training: V<bool>,
    project_date: V<Date>,
    project_output: V<Decimal>,
    financing: V<bool>,
    newly: V<bool>,
    /// 保供类型 is not 无.
    supplier: V<bool>,
    outstanding: V<bool>,
    chp: V<bool>,
    coal_short: V<bool>,
    stopped: V<bool>,
    /// 脱困方式 is not 无.
    recovered: V<bool>,
}

impl Firm {
    /// Type a reader row's cells.
    pub fn from_cells(cells: &[Cell], layout: &Layout) -> Firm {
        let cell = |f: F| cells.get(layout.slots[f as usize]).unwrap_or(&Cell::Blank);
        fn missing<X>(f: F, c: &Cell, optional: bool) -> V<X> {
            match c {
                Cell::Blank if optional => V::Absent,
                Cell::Blank => V::Unknown(Why::Blank(f)),
                _ => V::Unknown(Why::Malformed(f)),
            }
        }
        let b = |f: F| match cell(f) {
            Cell::Bool(b) => V::Val(*b),
            c => missing(f, c, false),
        };
        let n = |f: F, optional: bool| match cell(f) {
            Cell::Num(n) => V::Val(*n),
            c => missing(f, c, optional),
        };
        let not_none = |f: F, none: u16| match cell(f) {
            Cell::Word(w) => V::Val(*w != none),
            c => missing(f, c, false),
        };
        Firm {
            key_enterprise: b(F::KeyEnterprise),
            o2021: n(F::O2021, false),
            o2019: n(F::O2019, false),
            continuous: b(F::Continuous),
            people: n(F::People, false),
            training: b(F::Training),
            project_date: match cell(F::ProjectDate) {
                Cell::Date(d) => V::Val(*d),
                c => missing(F::ProjectDate, c, true),
            },
            project_output: n(F::ProjectOutput, true),
            financing: b(F::Financing),
            newly: b(F::Newly),
            supplier: not_none(F::Supply, layout.supply_none),
            outstanding: b(F::Outstanding),
            chp: b(F::Chp),
            coal_short: b(F::CoalShort),
            stopped: b(F::Stopped),
            recovered: not_none(F::Recovery, layout.recovery_none),
        }
    }
}

fn holds(v: V<bool>) -> T {
    match v {
        V::Val(true) => T::True,
        V::Val(false) | V::Absent => T::False,
        V::Unknown(w) => T::Unknown(w),
    }
}

fn at_least<X: PartialOrd>(v: V<X>, limit: X) -> T {
    match v {
        V::Val(x) if x >= limit => T::True,
        V::Val(_) | V::Absent => T::False,
        V::Unknown(w) => T::Unknown(w),
    }
}

/// A benefit's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum St {
    Eligible,
    Ineligible,
    Undetermined,
}

/// An eligible subsidy's amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Amt {
    /// Not a subsidy, or not eligible.
    None,
    Known(Decimal),
    Open(Why),
}

/// The twelve benefits, in policy order.
pub const BENEFITS: usize = 12;
const CLAUSES: [&str; BENEFITS] = [
    "第一条",
    "第二条",
    "第三条",
    "第三条",
    "第四条",
    "第五条",
    "第六条",
    "第七条",
    "第七条",
    "第八条",
    "第九条",
    "第九条",
];
const NAMES: [&str; BENEFITS] = [
    "增产扩能奖补",
    "连续生产奖补",
    "稳岗留工补贴",
    "职业培训补贴",
    "项目投产达效奖补",
    "银企对接",
    "入规升级支持",
    "要素保供支持",
    "应急用煤优先",
    "双停脱困支持",
    "包保服务",
    "走访慰问",
];
const SUBSIDY: [bool; BENEFITS] = [
    true, true, true, false, true, false, true, true, false, true, false, false,
];
/// `不可兼得 … 就高`: the subsidies of clauses 1, 2, 3, 4, 6, 7, 8, in the group's order.
const GROUP: [usize; 7] = [0, 1, 2, 4, 6, 7, 9];

/// The group's decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Award {
    None,
    Awarded(usize),
    /// The officer chooses among the eligible members (a bit per benefit).
    Pending,
}

/// Everything decided for one record.
#[derive(Clone, Copy, Debug)]
pub struct Outcome {
    pub status: [St; BENEFITS],
    pub amount: [Amt; BENEFITS],
    pub reason: [Option<Why>; BENEFITS],
    pub award: Award,
    pub provisional: bool,
    /// Eligible group members, a bit per benefit index.
    pub eligible: u16,
    /// The first arithmetic overflow (an error on the record).
    pub overflow: Option<&'static str>,
}

fn wan(n: i64) -> Decimal {
    Decimal::from(n * 10_000)
}

fn to_fen(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Evaluate one record.
pub fn evaluate(firm: &Firm, params: &Params) -> Outcome {
    let mut overflow: Option<&'static str> = None;
    let mut overflowed = |text: &'static str| {
        overflow.get_or_insert(text);
        V::Unknown(Why::Overflow(text))
    };
    // 定义 净增产值 = 一季度产值2021 - 一季度产值2019
    let net: V<Decimal> = match (firm.o2021, firm.o2019) {
        (V::Val(a), V::Val(b)) => match a.checked_sub(b) {
            Some(d) => V::Val(d),
            None => overflowed("一季度产值2019"),
        },
        (V::Val(_), other) | (other, _) => other,
    };
    // 定义 增长率 = 净增产值 / 一季度产值2019, computed when first needed.
    let mut growth_cache: Option<V<Decimal>> = None;
    let mut growth = |overflowed: &mut dyn FnMut(&'static str) -> V<Decimal>| {
        *growth_cache.get_or_insert_with(|| match (net, firm.o2019) {
            (V::Val(_), V::Val(z)) if z.is_zero() => V::Unknown(Why::GrowthDivZero),
            (V::Val(n), V::Val(z)) => match n.checked_div(z) {
                Some(g) => V::Val(g),
                None => overflowed("一季度产值2019"),
            },
            (V::Val(_), other) | (other, _) => other,
        })
    };
    let six_percent = Decimal::new(6, 2);
    let truth = [
        // 第一条 增产扩能奖补
        all!(
            at_least(net, wan(2000)),
            at_least(growth(&mut overflowed), six_percent)
        ),
        // 第二条 连续生产奖补
        all!(
            at_least(firm.o2021, wan(5000)),
            at_least(growth(&mut overflowed), six_percent)
        ),
        // 第三条 稳岗留工补贴
        all!(
            holds(firm.continuous),
            at_least(firm.o2021, wan(5000)),
            at_least(growth(&mut overflowed), six_percent)
        ),
        // 第三条 职业培训补贴
        holds(firm.training),
        // 第四条 项目投产达效奖补
        all!(
            at_least(
                firm.project_date,
                Date::from_ymd(2020, 1, 1).expect("a date")
            ),
            at_least(firm.project_output, wan(1000))
        ),
        // 第五条 银企对接
        holds(firm.financing),
        // 第六条 入规升级支持
        holds(firm.newly),
        // 第七条 要素保供支持
        all!(holds(firm.supplier), holds(firm.outstanding)),
        // 第七条 应急用煤优先
        all!(holds(firm.chp), holds(firm.coal_short)),
        // 第八条 双停脱困支持
        all!(
            holds(firm.stopped),
            holds(firm.recovered),
            at_least(net, wan(1000))
        ),
        // 第九条 包保服务
        T::True,
        // 第九条 走访慰问
        holds(firm.key_enterprise),
    ];
    let param = |p: P| match params.0[p as usize] {
        Some(v) => Amt::Known(to_fen(v)),
        None => Amt::Open(Why::Tbd(p)),
    };
    let mut out = Outcome {
        status: [St::Ineligible; BENEFITS],
        amount: [Amt::None; BENEFITS],
        reason: [None; BENEFITS],
        award: Award::None,
        provisional: false,
        eligible: 0,
        overflow: None,
    };
    for (b, t) in truth.iter().enumerate() {
        match *t {
            T::False => {}
            T::Unknown(w) => {
                out.status[b] = St::Undetermined;
                out.reason[b] = Some(w);
            }
            T::True => {
                out.status[b] = St::Eligible;
                let amount = match b {
                    0 => param(P::P1),
                    1 => param(P::P2),
                    // 300元 × 省外户籍员工数，最高 30万元
                    2 => match firm.people {
                        V::Val(n) => match n.checked_mul(Decimal::from(300)) {
                            Some(a) => Amt::Known(to_fen(a.min(wan(30)))),
                            None => match overflowed("省外户籍员工数") {
                                V::Unknown(w) => Amt::Open(w),
                                _ => Amt::None,
                            },
                        },
                        V::Absent => Amt::Known(Decimal::ZERO),
                        V::Unknown(w) => Amt::Open(w),
                    },
                    4 => param(P::P4),
                    6 => param(P::P6),
                    7 => param(P::P7),
                    9 => param(P::P8),
                    _ => Amt::None,
                };
                if let Amt::Open(w) = amount {
                    out.reason[b] = Some(w);
                }
                out.amount[b] = amount;
            }
        }
    }
    // 不可兼得 … 就高
    let mut count = 0;
    let mut all_known = true;
    let mut best: Option<(usize, Decimal)> = None;
    for &m in &GROUP {
        match out.status[m] {
            St::Undetermined => out.provisional = true,
            St::Ineligible => {}
            St::Eligible => {
                count += 1;
                out.eligible |= 1 << m;
                match out.amount[m] {
                    Amt::Known(a) => {
                        if best.is_none_or(|(_, b)| a > b) {
                            best = Some((m, a));
                        }
                    }
                    _ => all_known = false,
                }
                if count == 1 {
                    out.award = Award::Awarded(m);
                }
            }
        }
    }
    if count > 1 {
        out.award = match best {
            Some((m, _)) if all_known => Award::Awarded(m),
            _ => Award::Pending,
        };
    }
    out.overflow = overflow;
    out
}

// ---------------------------------------------------------------------------------------------
// Writing: the jsonl contract and the csv shape, byte for byte as the interpreter's writers.

fn why_text(w: Why, zh: bool, out: &mut Vec<u8>) {
    let _ = match (w, zh) {
        (Why::Blank(f), false) => write!(out, "{} is blank", FIELD_NAMES[f as usize]),
        (Why::Blank(f), true) => write!(out, "{}为空", FIELD_NAMES[f as usize]),
        (Why::Malformed(f), false) => write!(out, "{} is malformed", FIELD_NAMES[f as usize]),
        (Why::Malformed(f), true) => write!(out, "{}数据有误", FIELD_NAMES[f as usize]),
        (Why::GrowthDivZero, false) => {
            write!(out, "一季度产值2019 is 0: 增长率 cannot be computed")
        }
        (Why::GrowthDivZero, true) => write!(out, "一季度产值2019为0，增长率无法计算"),
        (Why::Tbd(p), false) => write!(out, "{} is to be determined", PARAM_NAMES[p as usize]),
        (Why::Tbd(p), true) => write!(out, "{}待定", PARAM_NAMES[p as usize]),
        (Why::Overflow(text), false) => write!(out, "arithmetic overflow in `{text}`"),
        (Why::Overflow(text), true) => write!(out, "“{text}”计算溢出"),
    };
}

/// The reason's stable code, as jsonl writes it beside the words.
fn why_code(w: Why) -> &'static str {
    match w {
        Why::Blank(_) => "blank",
        Why::Malformed(_) => "malformed",
        Why::GrowthDivZero => "zero_divisor",
        Why::Tbd(_) => "tbd",
        Why::Overflow(_) => "overflow",
    }
}

/// An amount in yuan with two decimals (already rounded to the fen).
fn fen_text(d: Decimal, out: &mut Vec<u8>) {
    let mut d = d;
    d.rescale(2);
    let m = d.mantissa();
    let sign = if m < 0 { "-" } else { "" };
    let m = m.unsigned_abs();
    let _ = write!(out, "{sign}{}.{:02}", m / 100, m % 100);
}

/// A JSON string, escaped as serde_json does.
fn json_str(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..=0x1f => {
                out.extend_from_slice(&bytes[start..i]);
                let _ = write!(out, "\\u{:04x}", b);
                start = i + 1;
                continue;
            }
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        out.extend_from_slice(escape);
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

fn json_opt_str(s: Option<&str>, out: &mut Vec<u8>) {
    match s {
        Some(s) => json_str(s, out),
        None => out.extend_from_slice(b"null"),
    }
}

fn status_text(s: St) -> &'static str {
    match s {
        St::Eligible => "eligible",
        St::Ineligible => "ineligible",
        St::Undetermined => "undetermined",
    }
}

fn overflow_message(text: &str) -> String {
    format!("arithmetic overflow in `{text}`: the numbers of this record are too large")
}

/// Write one jsonl line for a record into `out`, the reasons in Chinese when `zh` (as
/// `jiangbu eval` writes them for a Chinese policy) else in English.
pub fn write_jsonl(out: &mut Vec<u8>, row: &Record, o: &Outcome, zh: bool) {
    out.extend_from_slice(b"{\"id\":");
    json_opt_str(row.key.as_deref(), out);
    let _ = write!(out, ",\"row\":{},\"benefits\":[", row.line);
    let chosen = match o.award {
        Award::Awarded(m) => Some(m),
        _ => None,
    };
    let reason = |w: Why, out: &mut Vec<u8>| {
        out.push(b'"');
        why_text(w, zh, out);
        out.extend_from_slice(b"\",\"reason_code\":\"");
        out.extend_from_slice(why_code(w).as_bytes());
        out.push(b'"');
    };
    let money = |a: Amt, out: &mut Vec<u8>| match a {
        Amt::Known(a) => {
            out.push(b'"');
            fen_text(a, out);
            out.push(b'"');
        }
        _ => out.extend_from_slice(b"null"),
    };
    for b in 0..BENEFITS {
        if b > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"clause\":\"");
        out.extend_from_slice(CLAUSES[b].as_bytes());
        out.extend_from_slice(b"\",\"name\":\"");
        out.extend_from_slice(NAMES[b].as_bytes());
        out.extend_from_slice(if SUBSIDY[b] {
            b"\",\"kind\":\"subsidy\",\"status\":\""
        } else {
            b"\",\"kind\":\"service\",\"status\":\""
        });
        out.extend_from_slice(status_text(o.status[b]).as_bytes());
        out.extend_from_slice(b"\",\"amount\":");
        money(o.amount[b], out);
        out.extend_from_slice(b",\"reason\":");
        match o.reason[b] {
            Some(w) => reason(w, out),
            None => out.extend_from_slice(b"null,\"reason_code\":null"),
        }
        // What is paid: the awarded subsidy; the group's other eligible members are set aside
        // (payable 0.00) when one is awarded, and await the officer's choice when pending.
        if chosen == Some(b) {
            out.extend_from_slice(b",\"paid\":true,\"payable\":");
            money(o.amount[b], out);
        } else if chosen.is_some() && o.eligible & (1 << b) != 0 {
            out.extend_from_slice(b",\"paid\":false,\"payable\":\"0.00\"");
        } else {
            out.extend_from_slice(b",\"paid\":false,\"payable\":null");
        }
        out.push(b'}');
    }
    out.extend_from_slice(b"],\"award\":{\"status\":");
    let list = |mask: u16, out: &mut Vec<u8>| {
        out.push(b'[');
        let mut first = true;
        for m in GROUP {
            if mask & (1 << m) != 0 {
                if !first {
                    out.push(b',');
                }
                first = false;
                out.push(b'"');
                out.extend_from_slice(CLAUSES[m].as_bytes());
                out.push(b'"');
            }
        }
        out.push(b']');
    };
    let provisional: &[u8] = if o.provisional { b"true" } else { b"false" };
    match o.award {
        Award::Awarded(m) => {
            out.extend_from_slice(b"\"awarded\",\"clause\":\"");
            out.extend_from_slice(CLAUSES[m].as_bytes());
            out.extend_from_slice(b"\",\"name\":\"");
            out.extend_from_slice(NAMES[m].as_bytes());
            out.extend_from_slice(b"\",\"amount\":");
            money(o.amount[m], out);
            out.extend_from_slice(b",\"provisional\":");
            out.extend_from_slice(provisional);
            out.extend_from_slice(b",\"candidates\":[],\"set_aside\":");
            list(o.eligible & !(1 << m), out);
            out.extend_from_slice(b",\"payable\":");
            money(o.amount[m], out);
            if let Amt::Open(w) = o.amount[m] {
                out.extend_from_slice(b",\"reason\":");
                reason(w, out);
            }
            out.push(b'}');
        }
        Award::Pending => {
            out.extend_from_slice(
                b"\"pending\",\"clause\":null,\"name\":null,\"amount\":null,\"provisional\":",
            );
            out.extend_from_slice(provisional);
            out.extend_from_slice(b",\"candidates\":");
            list(o.eligible, out);
            out.extend_from_slice(b",\"set_aside\":[],\"payable\":null}");
        }
        Award::None => {
            out.extend_from_slice(
                b"\"none\",\"clause\":null,\"name\":null,\"amount\":null,\"provisional\":",
            );
            out.extend_from_slice(provisional);
            out.extend_from_slice(b",\"candidates\":[],\"set_aside\":[],\"payable\":null}");
        }
    }
    // The record's total: the awarded amount (the others set aside are 0.00); nothing paid is
    // 0.00; unknown while pending or while the awarded amount is open.
    out.extend_from_slice(b",\"payable\":");
    match o.award {
        Award::Awarded(m) => money(o.amount[m], out),
        Award::Pending => out.extend_from_slice(b"null"),
        Award::None => out.extend_from_slice(b"\"0.00\""),
    }
    // Every subsidy of the notice is in its one group: the verdict is the award's, and the
    // record is provisional when the award is.
    out.extend_from_slice(match o.award {
        Award::Awarded(_) => b",\"verdict\":\"paid\"",
        Award::Pending => b",\"verdict\":\"pending\"",
        Award::None => b",\"verdict\":\"none\"",
    });
    out.extend_from_slice(b",\"provisional\":");
    out.extend_from_slice(provisional);
    out.extend_from_slice(b",\"errors\":[");
    for (i, e) in row.problems.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        error_json(row.line, e, out);
    }
    if let Some(text) = o.overflow {
        if !row.problems.is_empty() {
            out.push(b',');
        }
        let _ = write!(
            out,
            "{{\"row\":{},\"column\":null,\"value\":null,\"message\":",
            row.line
        );
        json_str(&overflow_message(text), out);
        out.push(b'}');
    }
    out.extend_from_slice(b"]}\n");
}

fn error_json(line: u64, e: &read::Problem, out: &mut Vec<u8>) {
    let _ = write!(out, "{{\"row\":{line},\"column\":");
    json_str(e.column, out);
    out.extend_from_slice(b",\"value\":");
    json_str(&e.value, out);
    out.extend_from_slice(b",\"message\":");
    json_str(&e.message, out);
    out.push(b'}');
}

/// The csv writer's header row.
pub fn write_csv_header<W: Write>(out: &mut csv::Writer<W>) -> io::Result<()> {
    let io = io::Error::other;
    out.write_field("row").map_err(io)?;
    out.write_field("id").map_err(io)?;
    let mut buf = String::new();
    for b in 0..BENEFITS {
        buf.clear();
        buf.push_str(CLAUSES[b]);
        buf.push(' ');
        buf.push_str(NAMES[b]);
        let len = buf.len();
        buf.push_str(" status");
        out.write_field(&buf).map_err(io)?;
        if SUBSIDY[b] {
            buf.truncate(len);
            buf.push_str(" amount");
            out.write_field(&buf).map_err(io)?;
        }
    }
    for h in [
        "award",
        "award clause",
        "award amount",
        "provisional",
        "candidates",
        "set aside",
        "errors",
    ] {
        out.write_field(h).map_err(io)?;
    }
    out.write_record(None::<&[u8]>).map_err(io)
}

/// One csv row for a record; `buf` is scratch space.
pub fn write_csv_row<W: Write>(
    out: &mut csv::Writer<W>,
    buf: &mut Vec<u8>,
    row: &Record,
    o: &Outcome,
) -> io::Result<()> {
    let io = io::Error::other;
    buf.clear();
    let _ = write!(buf, "{}", row.line);
    out.write_field(&buf[..]).map_err(io)?;
    out.write_field(row.key.as_deref().unwrap_or(""))
        .map_err(io)?;
    for b in 0..BENEFITS {
        out.write_field(status_text(o.status[b])).map_err(io)?;
        if SUBSIDY[b] {
            buf.clear();
            if let Amt::Known(a) = o.amount[b] {
                fen_text(a, buf);
            }
            out.write_field(&buf[..]).map_err(io)?;
        }
    }
    let list = |mask: u16, buf: &mut Vec<u8>| {
        buf.clear();
        for m in GROUP {
            if mask & (1 << m) != 0 {
                if !buf.is_empty() {
                    buf.push(b' ');
                }
                buf.extend_from_slice(CLAUSES[m].as_bytes());
            }
        }
    };
    let provisional = if o.provisional { "true" } else { "false" };
    match o.award {
        Award::Awarded(m) => {
            out.write_field("awarded").map_err(io)?;
            out.write_field(CLAUSES[m]).map_err(io)?;
            buf.clear();
            if let Amt::Known(a) = o.amount[m] {
                fen_text(a, buf);
            }
            out.write_field(&buf[..]).map_err(io)?;
            out.write_field(provisional).map_err(io)?;
            out.write_field("").map_err(io)?;
            list(o.eligible & !(1 << m), buf);
            out.write_field(&buf[..]).map_err(io)?;
        }
        Award::Pending => {
            for f in ["pending", "", "", provisional] {
                out.write_field(f).map_err(io)?;
            }
            list(o.eligible, buf);
            out.write_field(&buf[..]).map_err(io)?;
            out.write_field("").map_err(io)?;
        }
        Award::None => {
            for f in ["none", "", "", provisional, "", ""] {
                out.write_field(f).map_err(io)?;
            }
        }
    }
    buf.clear();
    for (i, e) in row.problems.iter().enumerate() {
        if i > 0 {
            buf.extend_from_slice(b"; ");
        }
        let _ = write!(
            buf,
            "row {}, column `{}`: {}",
            row.line, e.column, e.message
        );
    }
    if let Some(text) = o.overflow {
        if !row.problems.is_empty() {
            buf.extend_from_slice(b"; ");
        }
        buf.extend_from_slice(overflow_message(text).as_bytes());
    }
    out.write_field(&buf[..]).map_err(io)?;
    out.write_record(None::<&[u8]>).map_err(io)
}

/// The parameters a plan currently holds (after `--set`), read once.
pub fn params_of(plan: &Plan) -> Params {
    let mut params = Params::default();
    for (i, name) in PARAM_NAMES.iter().enumerate() {
        let info = plan.params.iter().find(|p| p.name == *name).expect(name);
        params.0[i] = match &info.value {
            Some(jiangbu::eval::plan::Node::Num(n)) => Some(*n),
            Some(other) => panic!("parameter {name} is {other:?}, not a number"),
            None => None,
        };
    }
    params
}
