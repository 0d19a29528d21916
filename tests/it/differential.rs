//! Differential test: notice 2021-7 read a second time, independently, as straight-line Rust —
//! from the notice's text and SPEC's record contract and "bureau's reading" bullets, not from
//! `policies/changchun-2021-7.policy` — and compared with `jiangbu::evaluate` running the shipped
//! policy, on seeded generated records: every benefit's status and amount, and the award (status,
//! clause, amount, provisional, candidates, set aside). Zero differences allowed.
//!
//! Record counts: 100,000 records per run (defaults, then all six parameters set) in release
//! mode; 10,000 in debug mode (`cargo test`), where 100,000 takes several seconds more.
//! `JIANGBU_DIFF_RECORDS=N` sets the count in either mode.

use jiangbu::eval::amount::Amount;
use jiangbu::eval::plan::Plan;
use jiangbu::eval::value::{Cell, Date};
use jiangbu::eval::{Award, Outcome, Status};
use jiangbu::syntax::ast::BenefitKind;
use rust_decimal::Decimal;

const POLICY: &str = include_str!("../../policies/changchun-2021-7.policy");

fn record_count() -> usize {
    std::env::var("JIANGBU_DIFF_RECORDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(if cfg!(debug_assertions) {
            10_000
        } else {
            100_000
        })
}

// ------------------------------------------------------------------------------- the record

/// A cell as the record contract allows it: a value, a blank cell, or a malformed one.
#[derive(Clone, Debug)]
enum In<T> {
    Val(T),
    Blank,
    Bad,
}

#[derive(Clone, Debug)]
struct Rec {
    key: String,
    key_enterprise: In<bool>,
    out2021: In<Decimal>,
    out2019: In<Decimal>,
    spring_festival: In<bool>,
    out_of_province: In<u32>,
    training: In<bool>,
    project_date: In<(u32, u32, u32)>,
    project_output: In<Decimal>,
    financing: In<bool>,
    newly_above_size: In<bool>,
    /// 水 电 煤 气 热 无.
    supply_kind: In<&'static str>,
    supply_outstanding: In<bool>,
    chp: In<bool>,
    coal_short: In<bool>,
    stopped: In<bool>,
    /// 升级改造 资产重组 债务重组 无.
    recovery: In<&'static str>,
}

/// splitmix64: seeded, so a difference reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// True with probability `pct` percent.
    fn pct(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
}

fn wan(n: i64) -> Decimal {
    Decimal::from(n) * Decimal::from(10_000)
}

fn fen() -> Decimal {
    Decimal::new(1, 2)
}

/// Blank 6% of the time, malformed 2%, else a value.
fn maybe<T>(rng: &mut Rng, value: impl FnOnce(&mut Rng) -> T) -> In<T> {
    match rng.below(100) {
        0..=5 => In::Blank,
        6..=7 => In::Bad,
        _ => In::Val(value(rng)),
    }
}

fn yes_no(rng: &mut Rng) -> In<bool> {
    maybe(rng, |r| r.pct(50))
}

/// Money in yuan up to `max_wan` 万元, whole yuan or with fen.
fn money(rng: &mut Rng, max_wan: u64) -> Decimal {
    let yuan = Decimal::from(rng.below(max_wan * 10_000 + 1));
    if rng.pct(30) {
        yuan + Decimal::new(rng.below(100) as i64, 2)
    } else {
        yuan
    }
}

fn generate(rng: &mut Rng, i: usize) -> Rec {
    // 2019 output: 8% zero (growth cannot be computed), else up to 2亿.
    let out2019 = maybe(rng, |r| {
        if r.pct(9) {
            Decimal::ZERO
        } else {
            money(r, 20_000)
        }
    });
    let base = match out2019 {
        In::Val(v) => v,
        _ => money(rng, 20_000),
    };
    // 2021 output: a third of the rows sit exactly on a threshold or one fen below it.
    let out2021 = maybe(rng, |r| {
        let below = if r.pct(30) { fen() } else { Decimal::ZERO };
        match r.below(12) {
            0 => wan(5000) - below,
            1 => base + wan(2000) - below,
            2 => base + wan(1000) - below,
            3 => base * Decimal::new(106, 2) - below,
            _ => money(r, 30_000),
        }
    });
    // The project: absent on half the rows (both cells blank), sometimes only one cell filled.
    let (project_date, project_output) = if rng.pct(45) {
        (In::Blank, In::Blank)
    } else {
        let date = match rng.below(10) {
            0 => In::Val((2020, 1, 1)),
            1 => In::Val((2019, 12, 31)),
            2 => In::Blank,
            3 => In::Bad,
            _ => In::Val((
                2018 + rng.below(4) as u32,
                1 + rng.below(12) as u32,
                1 + rng.below(28) as u32,
            )),
        };
        let output = match rng.below(10) {
            0 => In::Val(wan(1000)),
            1 => In::Val(wan(1000) - fen()),
            2 => In::Blank,
            3 => In::Bad,
            _ => In::Val(money(rng, 3000)),
        };
        (date, output)
    };
    Rec {
        key: format!("9122{i:014}"),
        key_enterprise: yes_no(rng),
        out2021,
        out2019,
        spring_festival: maybe(rng, |r| r.pct(70)),
        out_of_province: maybe(rng, |r| match r.below(6) {
            0 => 0,
            1 => 1000,
            2 => 1001,
            3 => 999,
            _ => r.below(3000) as u32,
        }),
        training: yes_no(rng),
        project_date,
        project_output,
        financing: yes_no(rng),
        newly_above_size: maybe(rng, |r| r.pct(20)),
        supply_kind: maybe(rng, |r| {
            ["水", "电", "煤", "气", "热", "无", "无", "无"][r.below(8) as usize]
        }),
        supply_outstanding: yes_no(rng),
        chp: yes_no(rng),
        coal_short: yes_no(rng),
        stopped: maybe(rng, |r| r.pct(25)),
        recovery: maybe(rng, |r| {
            ["升级改造", "资产重组", "债务重组", "无"][r.below(4) as usize]
        }),
    }
}

// ----------------------------------------------------------------- the independent reading

/// Kleene's three truth values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum K {
    T,
    F,
    U,
}

fn all(items: &[K]) -> K {
    if items.contains(&K::F) {
        K::F
    } else if items.contains(&K::U) {
        K::U
    } else {
        K::T
    }
}

fn flag(cell: &In<bool>) -> K {
    match cell {
        In::Val(true) => K::T,
        In::Val(false) => K::F,
        _ => K::U,
    }
}

/// A required money value compared `>= limit`: unknown when blank or malformed.
fn at_least(value: Option<Decimal>, limit: Decimal) -> K {
    match value {
        Some(v) if v >= limit => K::T,
        Some(_) => K::F,
        None => K::U,
    }
}

fn val(cell: &In<Decimal>) -> Option<Decimal> {
    match cell {
        In::Val(v) => Some(*v),
        _ => None,
    }
}

/// One benefit as the notice grants it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Expect {
    clause: &'static str,
    subsidy: bool,
    status: Status,
    /// `None`: not a subsidy, not eligible, 待定 or not computable.
    amount: Option<Decimal>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct ExpectAward {
    /// `awarded`, `pending` or `none`.
    status: &'static str,
    clause: Option<&'static str>,
    amount: Option<Decimal>,
    provisional: bool,
    candidates: Vec<&'static str>,
    set_aside: Vec<&'static str>,
}

/// The six amounts the notice leaves open (第一、二、四、六、七、八条), `None` = 待定.
type Params = [Option<Decimal>; 6];

fn status(k: K) -> Status {
    match k {
        K::T => Status::Eligible,
        K::F => Status::Ineligible,
        K::U => Status::Undetermined,
    }
}

/// Every benefit of the notice, in the notice's order, then the award of
/// "以上各项奖补资金原则上不可兼得" (take the highest).
fn reference(r: &Rec, params: &Params) -> (Vec<Expect>, ExpectAward) {
    let o21 = val(&r.out2021);
    let o19 = val(&r.out2019);
    // 净增: 2021 Q1 output minus the same quarter of 2019.
    let net = o21.zip(o19).map(|(a, b)| a - b);
    // Growth "与2019年同期相比增长6%以上": net >= 6% of the 2019 output; a zero (or negative)
    // base leaves the growth rate undefined.
    let growth_6 = match (net, o19) {
        (Some(n), Some(b)) if b > Decimal::ZERO => {
            if n >= b * Decimal::new(6, 2) {
                K::T
            } else {
                K::F
            }
        }
        _ => K::U,
    };
    let output_5000 = at_least(o21, wan(5000));

    let mut out = Vec::new();
    let subsidy = |clause, k: K, amount: Option<Decimal>| Expect {
        clause,
        subsidy: true,
        status: status(k),
        amount: if k == K::T { amount } else { None },
    };
    // 一: 净增2000万元以上 and growth 6%以上.
    out.push(subsidy(
        "第一条",
        all(&[at_least(net, wan(2000)), growth_6]),
        params[0],
    ));
    // 二: output 不低于5000万元 and growth 6%以上.
    out.push(subsidy("第二条", all(&[output_5000, growth_6]), params[1]));
    // 三: produced over the Spring Festival, and clause 2's conditions; 300元 a head, at most
    // 30万元 per enterprise.
    let per_head = match r.out_of_province {
        In::Val(n) => Some((Decimal::from(n) * Decimal::from(300)).min(Decimal::from(300_000))),
        _ => None,
    };
    out.push(subsidy(
        "第三条",
        all(&[flag(&r.spring_festival), output_5000, growth_6]),
        per_head,
    ));
    let service = |clause, k: K| Expect {
        clause,
        subsidy: false,
        status: status(k),
        amount: None,
    };
    out.push(service("第三条", flag(&r.training)));
    // 四: a project completed 2020-01-01 or later with 2021 Q1 output 1000万元以上. A blank
    // project cell means no project (false); a malformed one is unknown.
    let date = match r.project_date {
        In::Val(d) if d >= (2020, 1, 1) => K::T,
        In::Val(_) | In::Blank => K::F,
        In::Bad => K::U,
    };
    let project = match r.project_output {
        In::Val(v) if v >= wan(1000) => K::T,
        In::Val(_) | In::Blank => K::F,
        In::Bad => K::U,
    };
    out.push(subsidy("第四条", all(&[date, project]), params[2]));
    // 五: bank matchmaking for a declared financing need.
    out.push(service("第五条", flag(&r.financing)));
    // 六: newly above designated size.
    out.push(subsidy("第六条", flag(&r.newly_above_size), params[3]));
    // 七: a utility supplier (not 无) judged outstanding; coal for short CHP plants.
    let supplier = match r.supply_kind {
        In::Val("无") => K::F,
        In::Val(_) => K::T,
        _ => K::U,
    };
    out.push(subsidy(
        "第七条",
        all(&[supplier, flag(&r.supply_outstanding)]),
        params[4],
    ));
    out.push(service("第七条", all(&[flag(&r.chp), flag(&r.coal_short)])));
    // 八: stopped or half-stopped, recovered by one of the three ways, net increase 1000万元以上.
    let recovered = match r.recovery {
        In::Val("无") => K::F,
        In::Val(_) => K::T,
        _ => K::U,
    };
    out.push(subsidy(
        "第八条",
        all(&[flag(&r.stopped), recovered, at_least(net, wan(1000))]),
        params[5],
    ));
    // 九: 包保服务 for everyone; visits for key enterprises.
    out.push(service("第九条", K::T));
    out.push(service("第九条", flag(&r.key_enterprise)));

    // The group: the subsidies of clauses 1, 2, 3, 4, 6, 7, 8, in that order.
    let members: Vec<&Expect> = out.iter().filter(|e| e.subsidy).collect();
    let provisional = members.iter().any(|e| e.status == Status::Undetermined);
    let eligible: Vec<&Expect> = members
        .iter()
        .copied()
        .filter(|e| e.status == Status::Eligible)
        .collect();
    let award = |chosen: &Expect| ExpectAward {
        status: "awarded",
        clause: Some(chosen.clause),
        amount: chosen.amount,
        provisional,
        candidates: Vec::new(),
        set_aside: eligible
            .iter()
            .filter(|e| e.clause != chosen.clause)
            .map(|e| e.clause)
            .collect(),
    };
    let decided = if eligible.is_empty() {
        ExpectAward {
            status: "none",
            clause: None,
            amount: None,
            provisional,
            candidates: Vec::new(),
            set_aside: Vec::new(),
        }
    } else if eligible.len() == 1 {
        award(eligible[0])
    } else if eligible.iter().all(|e| e.amount.is_some()) {
        // The highest; a tie goes to the earlier clause.
        let mut best = eligible[0];
        for e in &eligible[1..] {
            if e.amount > best.amount {
                best = e;
            }
        }
        award(best)
    } else {
        // Some amount is open: the officer chooses among the members that could still be the
        // highest — every open one, and the first largest known one; a lower known amount (or
        // an equal one after it) cannot win and is set aside.
        let mut best: Option<&Expect> = None;
        for e in eligible.iter().filter(|e| e.amount.is_some()) {
            if best.is_none_or(|b| e.amount > b.amount) {
                best = Some(e);
            }
        }
        let could_win =
            |e: &Expect| e.amount.is_none() || best.is_some_and(|b| b.clause == e.clause);
        ExpectAward {
            status: "pending",
            clause: None,
            amount: None,
            provisional,
            candidates: eligible
                .iter()
                .filter(|e| could_win(e))
                .map(|e| e.clause)
                .collect(),
            set_aside: eligible
                .iter()
                .filter(|e| !could_win(e))
                .map(|e| e.clause)
                .collect(),
        }
    };
    (out, decided)
}

// ------------------------------------------------------------------------------- jiangbu's

/// The record as typed cells by slot, the way the CSV reader hands them over.
fn cells(plan: &Plan, r: &Rec) -> Vec<Cell> {
    let mut cells = vec![Cell::Blank; plan.schema.fields.len()];
    let mut put = |name: &str, cell: Cell| {
        let slot = plan.schema.slot(name).unwrap_or_else(|| panic!("{name}"));
        cells[slot] = cell;
    };
    fn cell<T>(v: &In<T>, f: impl FnOnce(&T) -> Cell) -> Cell {
        match v {
            In::Val(x) => f(x),
            In::Blank => Cell::Blank,
            In::Bad => Cell::Malformed,
        }
    }
    let word =
        |words: &[&str], w: &str| Cell::Word(words.iter().position(|x| *x == w).unwrap() as u16);
    let enum_words = |name: &str| -> Vec<String> {
        match &plan.schema.fields[plan.schema.slot(name).unwrap()].ty {
            jiangbu::schema::FieldType::Enum(words) => words.clone(),
            other => panic!("{name} is {other:?}"),
        }
    };
    let supply = enum_words("保供类型");
    let supply: Vec<&str> = supply.iter().map(String::as_str).collect();
    let recovery = enum_words("脱困方式");
    let recovery: Vec<&str> = recovery.iter().map(String::as_str).collect();
    let b = |v: &In<bool>| cell(v, |x| Cell::Bool(*x));
    let m = |v: &In<Decimal>| cell(v, |x| Cell::Num(*x));
    put("统一社会信用代码", Cell::Text(r.key.clone()));
    put("企业名称", Cell::Text(format!("企业{}", r.key)));
    put("所属地区", Cell::Text("朝阳区".into()));
    put("重点企业", b(&r.key_enterprise));
    put("一季度产值2021", m(&r.out2021));
    put("一季度产值2019", m(&r.out2019));
    put("春节连续生产", b(&r.spring_festival));
    put(
        "省外户籍员工数",
        cell(&r.out_of_province, |n| Cell::Num(Decimal::from(*n))),
    );
    put("组织职工培训", b(&r.training));
    put(
        "项目竣工日期",
        cell(&r.project_date, |&(y, mo, d)| {
            Cell::Date(Date::from_ymd(y, mo, d).unwrap())
        }),
    );
    put("项目一季度产值", m(&r.project_output));
    put("融资需求", b(&r.financing));
    put("新升规", b(&r.newly_above_size));
    put("保供类型", cell(&r.supply_kind, |w| word(&supply, w)));
    put("保供突出", b(&r.supply_outstanding));
    put("热电联产", b(&r.chp));
    put("用煤短缺", b(&r.coal_short));
    put("停产半停产", b(&r.stopped));
    put("脱困方式", cell(&r.recovery, |w| word(&recovery, w)));
    cells
}

/// jiangbu's outcome in the reference's terms.
fn actual(plan: &Plan, o: &Outcome) -> (Vec<Expect>, ExpectAward) {
    let clause = |b: usize| -> &'static str {
        let id = plan.clauses[plan.benefits[b].clause].id.as_str();
        CLAUSES.iter().find(|c| **c == id).copied().unwrap_or("?")
    };
    let benefits = o
        .benefits
        .iter()
        .enumerate()
        .map(|(i, b)| Expect {
            clause: clause(i),
            subsidy: plan.benefits[i].kind == BenefitKind::Subsidy,
            status: b.status,
            amount: b.amount.and_then(Amount::known),
        })
        .collect();
    let Some(view) = o.award() else {
        panic!("no exclusive group")
    };
    let (award, provisional, set_aside) = (view.award, &view.provisional, view.set_aside);
    let names = |ms: &[usize]| ms.iter().map(|&m| clause(m)).collect::<Vec<_>>();
    let award = match award {
        Award::None => ExpectAward {
            status: "none",
            clause: None,
            amount: None,
            provisional: *provisional,
            candidates: Vec::new(),
            set_aside: names(set_aside),
        },
        Award::Awarded(m) => ExpectAward {
            status: "awarded",
            clause: Some(clause(*m)),
            amount: o.benefits[*m].amount.and_then(Amount::known),
            provisional: *provisional,
            candidates: Vec::new(),
            set_aside: names(set_aside),
        },
        Award::Pending(c) => ExpectAward {
            status: "pending",
            clause: None,
            amount: None,
            provisional: *provisional,
            candidates: names(c),
            set_aside: names(set_aside),
        },
    };
    (benefits, award)
}

const CLAUSES: [&str; 9] = [
    "第一条",
    "第二条",
    "第三条",
    "第四条",
    "第五条",
    "第六条",
    "第七条",
    "第八条",
    "第九条",
];

/// Compare `n` generated records; return how many differed, printing the first few.
fn differences(plan: &Plan, params: &Params, seed: u64, n: usize) -> (usize, Coverage) {
    let mut rng = Rng(seed);
    let mut differ = 0;
    let mut seen = Coverage::default();
    for i in 0..n {
        let rec = generate(&mut rng, i);
        let expected = reference(&rec, params);
        let got = actual(plan, &jiangbu::evaluate(plan, &cells(plan, &rec)));
        seen.add(&expected);
        if got != expected {
            differ += 1;
            if differ <= 3 {
                eprintln!("record {i}: {rec:?}\n  expected {expected:?}\n  jiangbu  {got:?}");
            }
        }
    }
    (differ, seen)
}

/// How often each interesting case occurred, so the generator demonstrably reaches them.
#[derive(Default, Debug)]
struct Coverage {
    eligible: [usize; 9],
    undetermined: usize,
    awarded: usize,
    pending: usize,
    none: usize,
    provisional: usize,
    ties: usize,
    capped: usize,
}

impl Coverage {
    fn add(&mut self, (benefits, award): &(Vec<Expect>, ExpectAward)) {
        for b in benefits {
            let c = CLAUSES.iter().position(|c| *c == b.clause).unwrap_or(0);
            self.eligible[c] += usize::from(b.status == Status::Eligible);
            self.undetermined += usize::from(b.status == Status::Undetermined);
            self.capped += usize::from(b.amount == Some(Decimal::from(300_000)));
        }
        match award.status {
            "awarded" => self.awarded += 1,
            "pending" => self.pending += 1,
            _ => self.none += 1,
        }
        self.provisional += usize::from(award.provisional);
        let paid = award.amount;
        self.ties += usize::from(
            paid.is_some()
                && benefits
                    .iter()
                    .filter(|b| b.subsidy && b.status == Status::Eligible && b.amount == paid)
                    .count()
                    > 1,
        );
    }
}

fn shipped() -> Plan {
    jiangbu::compile(POLICY).unwrap()
}

#[test]
fn the_policy_agrees_with_an_independent_reading_of_the_notice() {
    let plan = shipped();
    let n = record_count();
    let (differ, seen) = differences(&plan, &[None; 6], 0x2021_0007, n);
    println!("{n} records: {seen:?}");
    assert_eq!(
        differ, 0,
        "{differ} of {n} records differ (first ones above)"
    );
    // The generator reaches every clause and every kind of award.
    assert!(seen.eligible.iter().all(|&c| c > 0), "{seen:?}");
    assert!(
        seen.undetermined > 0 && seen.provisional > 0 && seen.capped > 0,
        "{seen:?}"
    );
    assert!(
        seen.awarded > 0 && seen.pending > 0 && seen.none > 0,
        "{seen:?}"
    );
}

#[test]
fn with_all_six_parameters_set_the_policy_still_agrees() {
    let mut plan = shipped();
    // 30万元 for clauses 4 and 8 ties with clause 3's cap and with each other.
    let values = ["50万元", "20万元", "30万元", "10万元", "5万元", "30万元"];
    let names = [
        "第一条奖补",
        "第二条奖补",
        "第四条奖补",
        "第六条奖补",
        "第七条奖补",
        "第八条奖补",
    ];
    let mut params: Params = [None; 6];
    for (i, (name, value)) in names.iter().zip(values).enumerate() {
        jiangbu::check::set_param(&mut plan, name, value).unwrap();
        let wan_amount: i64 = value.trim_end_matches("万元").parse().unwrap();
        params[i] = Some(wan(wan_amount));
    }
    let n = record_count();
    let (differ, seen) = differences(&plan, &params, 0x0007_2021, n);
    println!("{n} records: {seen:?}");
    assert_eq!(
        differ, 0,
        "{differ} of {n} records differ (first ones above)"
    );
    assert!(
        seen.ties > 0 && seen.awarded > 0 && seen.pending > 0,
        "{seen:?}"
    );
}

/// The comparison can fail: a reference that misreads one threshold is caught.
#[test]
fn a_misreading_is_caught() {
    let plan = shipped();
    let mut rng = Rng(1);
    let caught = (0..2000).any(|i| {
        let mut rec = generate(&mut rng, i);
        // Misread: treat a malformed 2019 output as zero.
        if matches!(rec.out2019, In::Bad) {
            rec.out2019 = In::Val(Decimal::ZERO);
            let expected = reference(&rec, &[None; 6]);
            rec.out2019 = In::Bad;
            let got = actual(&plan, &jiangbu::evaluate(&plan, &cells(&plan, &rec)));
            got != expected
        } else {
            false
        }
    });
    assert!(caught);
}
