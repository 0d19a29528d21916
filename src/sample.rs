//! A seeded generator of enterprise records for notice 2021-7, for benchmarks and tests.
//!
//! The records follow the notice's record contract (SPEC "Notice 2021-7: the record
//! contract"): the nineteen columns of `policies/changchun-2021-7.policy`, in that order. The
//! same seed always gives the same records, whatever `n` is (record `i` does not depend on how
//! many follow it), so a benchmark, a test and `jiangbu sample` can agree on their input.
//!
//! The distributions are meant to look like a city's industrial statistics export, not to be
//! statistically faithful: Q1 output from 200万 to 20亿元 skewed to the small end, growth around
//! +7.5% between −30% and +45%, a few suppliers, stopped enterprises, new projects. On top of
//! that, a fixed 2% of rows each (by row index modulo 50) sits exactly on one of the notice's
//! thresholds, so the inclusive comparisons are exercised:
//!
//! | `i % 50` | exactly on |
//! |---|---|
//! | 0 | growth 6% (`一季度产值2021 = 1.06 × 一季度产值2019`) |
//! | 1 | net increase 2000万元 |
//! | 2 | 2021 output 5000万元 |
//! | 3 | project output 1000万元 (project completed since 2020) |
//! | 4 | 1000 out-of-province employees (300元 × 1000 = the 30万元 cap), a big, growing firm |
//! | 5 | project completed 2020-01-01 |
//! | 6 | net increase 1000万元 of a stopped enterprise that recovered (clause 8) |
//!
//! Other rows have some blanks: about 1% blank 2019 output, 0.5% blank 2021 output, 1% blank
//! `春节连续生产`, 2% blank `省外户籍员工数` (so a benefit is undetermined, or an eligible amount
//! cannot be computed), 0.5% a zero 2019 output (growth cannot be computed), 1% a project date
//! without its output. Cells use the forms statistics exports use: most money in plain yuan, one
//! row in twenty in `万` where exact, one in twenty with thousands separators; most yes/no as
//! `是/否`, one row in twenty-five as `Y/N`. No cell is malformed.
//!
//! ```
//! use jiangbu::sample::{records, write_csv};
//!
//! let mut csv = Vec::new();
//! write_csv(&mut csv, 100, 7).expect("writing to memory does not fail");
//! assert_eq!(csv.iter().filter(|&&b| b == b'\n').count(), 101); // header + 100 rows
//! let first = records(100, 7).next().expect("100 records");
//! assert_eq!(first.code.len(), 18);
//! ```

use std::io::{self, Write};

use rust_decimal::Decimal;

use crate::eval::value::{Cell, Date};
use crate::schema::{FieldType, Schema};

/// The column headers of the 2021-7 record contract, in order.
pub const HEADER: [&str; 19] = [
    "统一社会信用代码",
    "企业名称",
    "所属地区",
    "重点企业",
    "一季度产值2021",
    "一季度产值2019",
    "春节连续生产",
    "省外户籍员工数",
    "组织职工培训",
    "项目竣工日期",
    "项目一季度产值",
    "融资需求",
    "新升规",
    "保供类型",
    "保供突出",
    "热电联产",
    "用煤短缺",
    "停产半停产",
    "脱困方式",
];

/// Changchun's counties, districts and development zones.
const AREAS: [&str; 17] = [
    "南关区",
    "宽城区",
    "朝阳区",
    "二道区",
    "绿园区",
    "双阳区",
    "九台区",
    "榆树市",
    "德惠市",
    "公主岭市",
    "农安县",
    "长春新区",
    "经开区",
    "高新区",
    "净月区",
    "汽开区",
    "中韩示范区",
];

const NAME_WORDS: [&str; 16] = [
    "兴邦", "恒瑞", "和顺", "宝利", "鑫达", "华通", "金诚", "永盛", "博远", "汇丰", "吉达", "东升",
    "正泰", "远航", "天成", "瑞丰",
];

const INDUSTRIES: [&str; 12] = [
    "汽车零部件",
    "印务",
    "服装",
    "塑料制品",
    "食品",
    "医药",
    "机械制造",
    "光电科技",
    "建材",
    "化工",
    "热力",
    "电力设备",
];

const SUPPLY_KINDS: [&str; 5] = ["水", "电", "煤", "气", "热"];
const RECOVERIES: [&str; 3] = ["升级改造", "资产重组", "债务重组"];

/// 10,000 yuan (万元).
const WAN: i64 = 10_000;

/// One generated enterprise record, typed. `None` is a blank cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleRecord {
    /// Row index in the sample, from 0 (the CSV row is `index + 2`).
    pub index: u64,
    /// `统一社会信用代码`: 18 characters, unique within a sample.
    pub code: String,
    /// `企业名称`.
    pub name: String,
    /// `所属地区`.
    pub area: &'static str,
    /// `重点企业`.
    pub key_enterprise: bool,
    /// `一季度产值2021`, yuan.
    pub output_2021: Option<Decimal>,
    /// `一季度产值2019`, yuan.
    pub output_2019: Option<Decimal>,
    /// `春节连续生产`.
    pub continuous: Option<bool>,
    /// `省外户籍员工数`.
    pub out_of_province: Option<u32>,
    /// `组织职工培训`.
    pub training: bool,
    /// `项目竣工日期` (optional field).
    pub project_date: Option<Date>,
    /// `项目一季度产值`, yuan (optional field).
    pub project_output: Option<Decimal>,
    /// `融资需求`.
    pub financing: bool,
    /// `新升规`.
    pub newly_above_size: bool,
    /// `保供类型`: 水, 电, 煤, 气, 热 or 无.
    pub supply: &'static str,
    /// `保供突出`.
    pub supply_outstanding: bool,
    /// `热电联产`.
    pub chp: bool,
    /// `用煤短缺`.
    pub coal_short: bool,
    /// `停产半停产`.
    pub stopped: bool,
    /// `脱困方式`: 升级改造, 资产重组, 债务重组 or 无.
    pub recovery: &'static str,
}

/// SplitMix64: tiny, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`; the bias is below 2^-40 for the sizes used here).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n.max(1))) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = hi.saturating_sub(lo).max(0) as u64 + 1;
        lo + self.below(span) as i64
    }

    /// True with probability `per_mille / 1000`.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

/// A 2019 Q1 output in yuan, a multiple of 1000 (statistics report 千元): 200万–1000万 30%,
/// 1000万–5000万 35%, 5000万–2亿 25%, 2亿–20亿 10%.
fn base_output(rng: &mut Rng) -> i64 {
    let (lo, hi) = match rng.below(100) {
        0..=29 => (200 * WAN, 1000 * WAN),
        30..=64 => (1000 * WAN, 5000 * WAN),
        65..=89 => (5000 * WAN, 20_000 * WAN),
        _ => (20_000 * WAN, 200_000 * WAN),
    };
    rng.range(lo / 1000, hi / 1000) * 1000
}

/// A date uniform over 2018-01-01 … 2021-03-28 (days 1–28 keep every month valid).
fn project_date(rng: &mut Rng) -> Option<Date> {
    let month = rng.range(0, 38); // 2018-01 … 2021-03
    let (year, month) = (2018 + month / 12, month % 12 + 1);
    Date::from_ymd(year as u32, month as u32, rng.range(1, 28) as u32)
}

/// A date uniform over 2020-01-01 … 2021-03-28.
fn recent_date(rng: &mut Rng) -> Option<Date> {
    let month = rng.range(0, 14);
    let (year, month) = (2020 + month / 12, month % 12 + 1);
    Date::from_ymd(year as u32, month as u32, rng.range(1, 28) as u32)
}

/// A code unique by index (for fewer than 31^7 ≈ 2.7 × 10^10 records): `91` + a 2201xx area
/// code + `MA` + 7 characters of a bijective scramble of the index in the code's 31-letter
/// alphabet + a check character.
fn credit_code(index: u64, area: usize) -> String {
    const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    const SPACE: u64 = 31u64.pow(7);
    // A multiplier prime to 31 is a bijection on the integers modulo 31^7.
    let mut x = ((u128::from(index) * 0x2545_f491 + 0x5a5a_5a5a) % u128::from(SPACE)) as u64;
    let mut body = [0u8; 7];
    for b in body.iter_mut().rev() {
        *b = ALPHABET[(x % 31) as usize];
        x /= 31;
    }
    let check = ALPHABET[(index % 31) as usize] as char;
    let body = String::from_utf8_lossy(&body).into_owned();
    format!("912201{:02}MA{body}{check}", 2 + area % 90)
}

/// Generate record `index` from the stream.
fn generate(rng: &mut Rng, index: u64) -> SampleRecord {
    let area_i = rng.below(AREAS.len() as u64) as usize;
    let name = format!(
        "长春市{}{}有限公司",
        rng.pick(&NAME_WORDS),
        rng.pick(&INDUSTRIES)
    );
    let special = index % 50;
    let mut o2019 = base_output(rng);
    // Growth in per mille: triangular-ish around +75‰, from −300‰ to +450‰.
    let growth = rng.range(-250, 200) + rng.range(-50, 250);
    let mut o2021 = o2019 * (1000 + growth) / 1000;
    let mut stopped = rng.chance(60);
    let mut recovery = if stopped && rng.chance(600) {
        rng.pick(&RECOVERIES)
    } else {
        "无"
    };
    if stopped && recovery != "无" {
        // A recovered enterprise: a net increase of 0–3000万, about half above 1000万.
        o2021 = o2019 + rng.range(0, 30_000) * 1000;
    }
    let mut continuous = rng.chance(450);
    let mut people = rng.below((o2019 / 50_000).clamp(0, 3000) as u64 + 20) as u32;
    let mut has_project = rng.chance(250);
    let mut date = project_date(rng);
    let mut project = rng.range(1000, 50_000) * 1000;
    match special {
        0 => o2021 = o2019 * 106 / 100,
        1 => {
            o2019 = rng.range(50_000, 300_000) * 1000;
            o2021 = o2019 + 2000 * WAN;
        }
        2 => {
            o2021 = 5000 * WAN;
            o2019 = o2021 * 1000 / (1000 + rng.range(0, 150));
        }
        3 => {
            has_project = true;
            date = recent_date(rng);
            project = 1000 * WAN;
        }
        4 => {
            o2019 = rng.range(50_000, 500_000) * 1000;
            o2021 = o2019 * (1060 + rng.range(0, 240)) / 1000;
            continuous = true;
            people = 1000;
        }
        5 => {
            has_project = true;
            date = Date::from_ymd(2020, 1, 1);
        }
        6 => {
            stopped = true;
            recovery = rng.pick(&RECOVERIES);
            o2021 = o2019 + 1000 * WAN;
        }
        _ => {}
    }
    let big = o2021 >= 5000 * WAN;
    let key_enterprise = rng.chance(if big { 500 } else { 80 });
    let training = rng.chance(300);
    let financing = rng.chance(200);
    let newly_above_size = !big && rng.chance(40);
    let supply = if rng.chance(60) {
        rng.pick(&SUPPLY_KINDS)
    } else {
        "无"
    };
    let supply_outstanding = supply != "无" && rng.chance(500);
    let chp = rng.chance(30);
    let coal_short = rng.chance(if chp { 400 } else { 20 });
    // Blanks and a zero base, only on rows that are not on a threshold.
    let roll = if special > 6 { rng.below(1000) } else { 1000 };
    let (mut out_2021, mut out_2019) = (Some(Decimal::from(o2021)), Some(Decimal::from(o2019)));
    let mut cont = Some(continuous);
    let mut count = Some(people);
    let (mut project_date, mut project_output) = if has_project {
        (date, Some(Decimal::from(project)))
    } else {
        (None, None)
    };
    match roll {
        0..=9 => out_2019 = None,
        10..=14 => out_2021 = None,
        15..=24 => cont = None,
        25..=44 => count = None,
        45..=49 => out_2019 = Some(Decimal::ZERO),
        50..=59 => {
            project_date = date;
            project_output = None;
        }
        _ => {}
    }
    SampleRecord {
        index,
        code: credit_code(index, area_i),
        name,
        area: AREAS[area_i],
        key_enterprise,
        output_2021: out_2021,
        output_2019: out_2019,
        continuous: cont,
        out_of_province: count,
        training,
        project_date,
        project_output,
        financing,
        newly_above_size,
        supply,
        supply_outstanding,
        chp,
        coal_short,
        stopped,
        recovery,
    }
}

/// The records of a sample, in order; see [`records`].
pub struct Records {
    rng: Rng,
    next: u64,
    n: u64,
}

impl Iterator for Records {
    type Item = SampleRecord;

    fn next(&mut self) -> Option<SampleRecord> {
        if self.next >= self.n {
            return None;
        }
        let record = generate(&mut self.rng, self.next);
        self.next += 1;
        Some(record)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = usize::try_from(self.n - self.next).unwrap_or(usize::MAX);
        (left, Some(left))
    }
}

/// The first `n` records of the sample seeded by `seed`, typed.
pub fn records(n: u64, seed: u64) -> Records {
    Records {
        rng: Rng(seed ^ 0x6a69_616e_6762_7521),
        next: 0,
        n,
    }
}

/// Values for the six `待定` parameters of notice 2021-7 that make every amount known, as the
/// benchmarks, the peers comparison and some tests set them (`--set 第一条奖补=50万元` …). The
/// notice leaves the amounts to be decided; these are examples, not the city's figures.
pub const PARAMETERS: [(&str, &str); 6] = [
    ("第一条奖补", "50万元"),
    ("第二条奖补", "20万元"),
    ("第四条奖补", "30万元"),
    ("第六条奖补", "10万元"),
    ("第七条奖补", "5万元"),
    ("第八条奖补", "10万元"),
];

/// Write the first `n` records of the sample seeded by `seed` as CSV (UTF-8, header row first)
/// to `out`. Wrap a file or stdout in a `BufWriter`: the CSV writer buffers, but only modestly.
pub fn write_csv<W: Write>(out: W, n: u64, seed: u64) -> io::Result<()> {
    let mut csv = ::csv::Writer::from_writer(out);
    csv.write_record(HEADER).map_err(io::Error::other)?;
    let mut buf = String::new();
    for record in records(n, seed) {
        record.write_row(&mut csv, &mut buf)?;
    }
    csv.flush()
}

impl SampleRecord {
    /// The record as the cells a reader would produce for `schema` (by field name; a field the
    /// record does not carry is blank), ready for [`crate::evaluate`].
    pub fn cells(&self, schema: &Schema) -> Vec<Cell> {
        schema
            .fields
            .iter()
            .map(|field| {
                let word = |w: &str| match &field.ty {
                    FieldType::Enum(words) => words
                        .iter()
                        .position(|x| x == w)
                        .and_then(|i| u16::try_from(i).ok())
                        .map_or(Cell::Malformed, Cell::Word),
                    _ => Cell::Text(w.to_owned()),
                };
                let num = |d: Option<Decimal>| d.map_or(Cell::Blank, Cell::Num);
                match field.name.as_str() {
                    "统一社会信用代码" => Cell::Text(self.code.clone()),
                    "企业名称" => Cell::Text(self.name.clone()),
                    "所属地区" => Cell::Text(self.area.to_owned()),
                    "重点企业" => Cell::Bool(self.key_enterprise),
                    "一季度产值2021" => num(self.output_2021),
                    "一季度产值2019" => num(self.output_2019),
                    "春节连续生产" => self.continuous.map_or(Cell::Blank, Cell::Bool),
                    "省外户籍员工数" => num(self.out_of_province.map(Decimal::from)),
                    "组织职工培训" => Cell::Bool(self.training),
                    "项目竣工日期" => self.project_date.map_or(Cell::Blank, Cell::Date),
                    "项目一季度产值" => num(self.project_output),
                    "融资需求" => Cell::Bool(self.financing),
                    "新升规" => Cell::Bool(self.newly_above_size),
                    "保供类型" => word(self.supply),
                    "保供突出" => Cell::Bool(self.supply_outstanding),
                    "热电联产" => Cell::Bool(self.chp),
                    "用煤短缺" => Cell::Bool(self.coal_short),
                    "停产半停产" => Cell::Bool(self.stopped),
                    "脱困方式" => word(self.recovery),
                    _ => Cell::Blank,
                }
            })
            .collect()
    }

    /// Write the record as one CSV row, in [`HEADER`] order.
    fn write_row<W: Write>(&self, csv: &mut ::csv::Writer<W>, buf: &mut String) -> io::Result<()> {
        let yes_no = |b: bool| match (self.index % 25 == 11, b) {
            (false, true) => "是",
            (false, false) => "否",
            (true, true) => "Y",
            (true, false) => "N",
        };
        let field = |csv: &mut ::csv::Writer<W>, text: &str| {
            csv.write_field(text).map_err(io::Error::other)
        };
        field(csv, &self.code)?;
        field(csv, &self.name)?;
        field(csv, self.area)?;
        field(csv, yes_no(self.key_enterprise))?;
        for money in [self.output_2021, self.output_2019] {
            self.money(money, buf);
            field(csv, buf)?;
        }
        field(csv, self.continuous.map_or("", yes_no))?;
        buf.clear();
        if let Some(n) = self.out_of_province {
            buf.push_str(&n.to_string());
        }
        field(csv, buf)?;
        field(csv, yes_no(self.training))?;
        buf.clear();
        if let Some(d) = self.project_date {
            buf.push_str(&d.to_string());
        }
        field(csv, buf)?;
        self.money(self.project_output, buf);
        field(csv, buf)?;
        field(csv, yes_no(self.financing))?;
        field(csv, yes_no(self.newly_above_size))?;
        field(csv, self.supply)?;
        field(csv, yes_no(self.supply_outstanding))?;
        field(csv, yes_no(self.chp))?;
        field(csv, yes_no(self.coal_short))?;
        field(csv, yes_no(self.stopped))?;
        field(csv, self.recovery)?;
        csv.write_record(None::<&[u8]>).map_err(io::Error::other)
    }

    /// A money cell's text into `buf`: plain yuan, or (by row) in `万` where exact, or with
    /// thousands separators.
    fn money(&self, value: Option<Decimal>, buf: &mut String) {
        buf.clear();
        let Some(value) = value else { return };
        let wan = Decimal::from(WAN);
        match self.index % 20 {
            7 if (value % wan).is_zero() && !value.is_zero() => {
                buf.push_str(&(value / wan).normalize().to_string());
                buf.push('万');
            }
            13 => {
                let digits = value.trunc().to_string();
                let (sign, digits) = match digits.strip_prefix('-') {
                    Some(rest) => ("-", rest),
                    None => ("", digits.as_str()),
                };
                buf.push_str(sign);
                for (i, c) in digits.chars().enumerate() {
                    if i > 0 && (digits.len() - i) % 3 == 0 {
                        buf.push(',');
                    }
                    buf.push(c);
                }
                let frac = value.fract();
                if !frac.is_zero() {
                    let frac = frac.abs().to_string();
                    buf.push_str(frac.trim_start_matches('0'));
                }
            }
            _ => buf.push_str(&value.to_string()),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    const POLICY: &str = include_str!("../policies/changchun-2021-7.policy");

    #[test]
    fn same_seed_same_bytes_and_a_longer_sample_extends_a_shorter_one() {
        let (mut a, mut b, mut c) = (Vec::new(), Vec::new(), Vec::new());
        write_csv(&mut a, 300, 9).unwrap();
        write_csv(&mut b, 300, 9).unwrap();
        write_csv(&mut c, 500, 9).unwrap();
        assert_eq!(a, b);
        assert!(c.starts_with(&a));
        let mut other = Vec::new();
        write_csv(&mut other, 300, 10).unwrap();
        assert_ne!(a, other);
    }

    #[test]
    fn the_csv_reads_back_as_the_typed_rows_without_data_errors() {
        let plan = crate::compile(POLICY).unwrap();
        let mut csv = Vec::new();
        write_csv(&mut csv, 1000, 3).unwrap();
        let rows = crate::data::read_csv(&csv[..], "sample.csv", &plan.schema).unwrap();
        let mut keys = HashSet::new();
        for (row, record) in rows.zip(records(1000, 3)) {
            let row = row.unwrap();
            assert!(row.errors.is_empty(), "{:?}", row.errors);
            assert_eq!(row.cells, record.cells(&plan.schema), "row {}", row.line);
            assert!(
                keys.insert(record.code.clone()),
                "duplicate {}",
                record.code
            );
        }
        assert_eq!(keys.len(), 1000);
    }

    #[test]
    fn each_threshold_is_hit_exactly_on_its_rows() {
        let wan = |n: i64| Some(Decimal::from(n * WAN));
        for r in records(500, 5) {
            let (a, b) = (r.output_2021, r.output_2019);
            let net = a.zip(b).map(|(a, b)| a - b);
            match r.index % 50 {
                0 => assert_eq!(a, b.map(|b| b * Decimal::new(106, 2))),
                1 => assert_eq!(net, wan(2000)),
                2 => assert_eq!(a, wan(5000)),
                3 => assert_eq!(r.project_output, wan(1000)),
                4 => assert_eq!(r.out_of_province, Some(1000)),
                5 => assert_eq!(r.project_date, Date::from_ymd(2020, 1, 1)),
                6 => assert_eq!((net, r.stopped), (wan(1000), true)),
                _ => {}
            }
        }
    }
}
