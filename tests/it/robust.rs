//! No policy text and no records file makes jiangbu panic: the shipped policy and example data,
//! mangled in many seeded ways, must give results or errors, never a crash.

use jiangbu::data::read_csv;

const POLICY: &str = include_str!("../../policies/changchun-2021-7.policy");
const RECORDS: &[u8] = include_bytes!("../../examples/enterprises.csv");

/// A small deterministic generator (xorshift64*), so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "（",
    "）",
    "\"",
    "「",
    "」",
    "#",
    "\n",
    " ",
    "且",
    "或",
    "非",
    "达到",
    "以上",
    "最高",
    "金额",
    "条件",
    "奖补",
    "服务",
    "不可兼得",
    "成员",
    "待定",
    "至",
    "分档",
    "累进",
    "阶梯",
    "×",
    "÷",
    "-",
    "%",
    "万元",
    "1e99",
    "99999999999999999999999999999",
    "0",
    "2021-02-30",
    "：",
    "属于 {",
    "定义 a = a",
    "\\",
];

/// One random edit of `text` at character boundaries.
fn mutate(rng: &mut Rng, text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = rng.below(chars.len() + 1);
    let len = rng.below(40).min(chars.len() - at.min(chars.len()));
    let mut out: String = chars[..at].iter().collect();
    match rng.below(4) {
        0 => {} // delete
        1 => out.push_str(PIECES[rng.below(PIECES.len())]),
        2 => {
            // duplicate a chunk
            let from = rng.below(chars.len());
            let n = rng.below(200).min(chars.len() - from);
            out.extend(&chars[from..from + n]);
        }
        _ => out.extend(
            std::iter::repeat_n(PIECES[rng.below(PIECES.len())], rng.below(300))
                .flat_map(str::chars),
        ),
    }
    out.extend(&chars[at + len..]);
    out
}

#[test]
fn mangled_policies_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut ok, mut failed) = (0, 0);
    for _ in 0..600 {
        let mut text = POLICY.to_string();
        for _ in 0..=rng.below(3) {
            text = mutate(&mut rng, &text);
        }
        match jiangbu::compile(&text) {
            Ok(plan) => {
                ok += 1;
                // Whatever still compiles must evaluate the example data without panicking.
                if let Ok(records) = read_csv(RECORDS, "enterprises.csv", &plan.schema) {
                    for row in records.flatten().take(20) {
                        let plain = jiangbu::evaluate(&plan, &row.cells);
                        // Tracing notes what is seen but never changes the outcome.
                        let (traced, _) = jiangbu::eval::evaluate_traced(&plan, &row.cells);
                        assert_eq!(plain, traced);
                    }
                }
            }
            Err(_) => failed += 1,
        }
    }
    // Both outcomes occur, so the mutations reach past the parser.
    assert!(ok > 0 && failed > 0, "ok {ok}, failed {failed}");
}

#[test]
fn mangled_records_never_panic() {
    let plan = jiangbu::compile(POLICY).unwrap();
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let mut rows = 0usize;
    for _ in 0..300 {
        let mut bytes = RECORDS.to_vec();
        for _ in 0..=rng.below(20) {
            let at = rng.below(bytes.len());
            match rng.below(3) {
                0 => bytes[at] = rng.next() as u8,
                1 => {
                    bytes.truncate(at.max(1));
                }
                _ => bytes.insert(at, b",\"\n"[rng.below(3)]),
            }
        }
        if let Ok(records) = read_csv(bytes.as_slice(), "mangled.csv", &plan.schema) {
            for row in records.flatten() {
                let _ = jiangbu::evaluate(&plan, &row.cells);
                rows += 1;
            }
        }
    }
    assert!(rows > 0);
}

#[test]
fn a_traced_evaluation_gives_the_same_outcome() {
    let plan = jiangbu::compile(POLICY).unwrap();
    let records = read_csv(RECORDS, "enterprises.csv", &plan.schema).unwrap();
    let mut n = 0;
    for row in records.flatten() {
        let (traced, trace) = jiangbu::eval::evaluate_traced(&plan, &row.cells);
        assert_eq!(
            jiangbu::evaluate(&plan, &row.cells),
            traced,
            "row {}",
            row.line
        );
        // Every benefit is marked in the transcript.
        for b in 0..plan.benefits.len() {
            assert!(trace
                .events
                .contains(&jiangbu::eval::trace::Event::Benefit(b)));
        }
        n += 1;
    }
    assert_eq!(n, 101);
}

/// An overflow in a part of 且/或 past the deciding one is met only when tracing (an
/// explanation evaluates every part); it is not the record's error either way. A definition
/// first computed in such a part still counts its overflow where it is used later.
#[test]
fn an_overflow_only_an_explanation_reaches_is_not_an_error() {
    let policy = "记录 { 产值 金额  倍数 数量 }\n\
        定义 巨额 = 产值 × 倍数 × 倍数\n\
        条款 一 { 服务 甲 { 条件 产值 < 0元 且 巨额 > 0元 内容 \"x\" } }\n\
        条款 二 { 服务 乙 { 条件 产值 > 0元 或 产值 × 倍数 × 倍数 > 0元 内容 \"x\" } }\n\
        条款 三 { 服务 丙 { 条件 巨额 > 0元 内容 \"x\" } }\n";
    let plan = jiangbu::compile(policy).unwrap();
    let big = jiangbu::eval::value::Cell::Num("99999999999999999999".parse().unwrap());
    let times = jiangbu::eval::value::Cell::Num(999_999_999.into());
    let cells = [big, times];
    let plain = jiangbu::evaluate(&plan, &cells);
    let (traced, _) = jiangbu::eval::evaluate_traced(&plan, &cells);
    assert_eq!(plain, traced);
    // 条款三 uses 巨额, so the record has the overflow, at the same place either way.
    assert!(plain.overflow.is_some());

    // Without 条款三 no counted part reaches the overflow: no error, traced or not.
    let policy = policy.lines().take(4).collect::<Vec<_>>().join("\n");
    let plan = jiangbu::compile(&policy).unwrap();
    let plain = jiangbu::evaluate(&plan, &cells);
    let (traced, _) = jiangbu::eval::evaluate_traced(&plan, &cells);
    assert_eq!(plain, traced);
    assert_eq!(plain.overflow, None);
}
