//! A record paid under one clause and allocated nothing under another (ranked past a list of
//! amounts by rank): the table's result cell and explain's conclusion tell the two apart, in
//! both languages. Fixture: tests/cases/pools/two-lists.policy, whose header works every figure
//! by hand (amounts in 万元 there, in yuan here).

use std::process::Command;

use serde_json::Value;

const POLICY: &str = "tests/cases/pools/two-lists.policy";
const RECORDS: &str = "tests/cases/pools/two-lists.csv";
/// two-lists.csv with 庚 added, 研发费用增长率 blank: the 第一条 pool is open.
const OPEN: &str = "tests/cases/pools/two-lists-open.csv";

fn ok(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_jiangbu"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The table's line of the record with key `key`.
fn row<'a>(table: &'a str, key: &str) -> &'a str {
    let key = format!("  {key}  ");
    table
        .lines()
        .find(|l| l.contains(&key))
        .unwrap_or_else(|| panic!("no line for {key} in\n{table}"))
}

/// explain's conclusion (its third line, after `结论：` or `decision: `).
fn conclusion(records: &str, id: &str, lang: &str) -> String {
    let text = ok(&["explain", POLICY, records, "--id", id, "--lang", lang]);
    let line = text.lines().nth(2).unwrap();
    line.strip_prefix("结论：")
        .or_else(|| line.strip_prefix("decision: "))
        .unwrap_or_else(|| panic!("no conclusion in\n{text}"))
        .to_string()
}

#[test]
fn the_table_lists_a_benefit_allocated_nothing_after_those_paid() {
    let zh = ok(&["eval", POLICY, RECORDS]);
    // 乙: 第一条 2nd → 50万元 = 500,000.00 paid; 第二条 3rd of a list of 2 → 0.00. The funded
    // one first, the other after 未获资金：, the amounts (the claims) in the same order.
    let line = row(&zh, "R2");
    assert!(
        line.contains("第一条 研发增长奖励；未获资金：第二条 营收增长奖励  500,000.00 + 0.00"),
        "{line}"
    );
    // 丙: 第一条 3rd (tied with 乙 on 20%, 研发费用 600 < 800) → 0; 第二条 2nd → 20万元.
    let line = row(&zh, "R3");
    assert!(
        line.contains("第二条 营收增长奖励；未获资金：第一条 研发增长奖励  200,000.00 + 0.00"),
        "{line}"
    );
    // 丁: 第一条 4th → 0; 第二条 1st → 30万元; paid 300,000.00 in all.
    let line = row(&zh, "R4");
    assert!(
        line.contains("第二条 营收增长奖励；未获资金：第一条 研发增长奖励  300,000.00 + 0.00"),
        "{line}"
    );
    assert!(line.trim_end().ends_with("300,000.00"), "{line}");
    // 甲: 第一条 1st → 100万元, nothing else eligible: no 未获资金 at all.
    let line = row(&zh, "R1");
    assert!(line.contains("第一条 研发增长奖励  "), "{line}");
    assert!(!line.contains("未获资金"), "{line}");
    // 己: 第一条 5th → 0, its only subsidy: the whole record is eligible, nothing allocated.
    let line = row(&zh, "R6");
    assert!(line.contains("  未获资金：第一条 研发增长奖励  "), "{line}");
    assert!(!line.contains('；'), "{line}");
    // Paid in all: 1,000,000 + 500,000 + 200,000 + 300,000 = 2,000,000; 己 alone is counted
    // eligible, nothing allocated (乙, 丙, 丁 are paid something).
    assert!(
        zh.contains("共 6 户：获奖补 4 户，符合但未获资金 1 户，待选 0 户，无 1 户，其中暂定 0 户；已定给予金额合计 2,000,000.00 元"),
        "{zh}"
    );

    let en = ok(&["eval", POLICY, RECORDS, "--lang", "en"]);
    let line = row(&en, "R2");
    assert!(
        line.contains(
            "第一条 研发增长奖励; nothing allocated: 第二条 营收增长奖励  500,000.00 + 0.00"
        ),
        "{line}"
    );
    let line = row(&en, "R6");
    assert!(
        line.contains("  nothing allocated: 第一条 研发增长奖励  "),
        "{line}"
    );
}

#[test]
fn an_undetermined_record_paid_nothing_reads_undetermined_not_a_bare_mark() {
    // 庚's 研发费用增长率 is blank: 第一条 undetermined, 第二条 not eligible (2% < 5%).
    let zh = ok(&["eval", POLICY, OPEN]);
    let line = row(&zh, "R7");
    assert!(line.contains("  待查：第一条 研发增长奖励  "), "{line}");
    assert!(!line.contains("（暂定）"), "{line}");
    // 甲 (1st) and 乙 (2nd) are within 第一条's list, which 庚 could still enter: provisional;
    // 丙 (3rd), below it, keeps nothing whatever 庚 turns out.
    assert!(
        row(&zh, "R1").contains("第一条 研发增长奖励（暂定）"),
        "{zh}"
    );
    assert!(
        row(&zh, "R2").contains("第一条 研发增长奖励；未获资金：第二条 营收增长奖励（暂定）"),
        "{zh}"
    );
    assert!(!row(&zh, "R3").contains("暂定"), "{zh}");
    let en = ok(&["eval", POLICY, OPEN, "--lang", "en"]);
    assert!(
        row(&en, "R7").contains("  undetermined: 第一条 研发增长奖励  "),
        "{en}"
    );
}

#[test]
fn the_conclusion_tells_a_benefit_allocated_nothing_apart() {
    // 丙: 第二条 2nd → 200,000.00; 第一条 3rd of a list of 2 → 0.00.
    assert_eq!(
        conclusion(RECORDS, "R3", "zh"),
        "获奖：第二条 200,000.00元，核定 200,000.00元；符合但未获资金：第一条 0.00元，核定 0.00元；合计应付 200,000.00元"
    );
    assert_eq!(
        conclusion(RECORDS, "R3", "en"),
        "awarded: 第二条 200,000.00 yuan, allocated 200,000.00 yuan; eligible, nothing allocated: 第一条 0.00 yuan, allocated 0.00 yuan; total payable 200,000.00 yuan"
    );
    // 己: nothing paid anywhere, 第一条 5th → 0.00.
    assert_eq!(
        conclusion(RECORDS, "R6", "zh"),
        "符合但未获资金：第一条 0.00元，核定 0.00元"
    );
    assert_eq!(
        conclusion(RECORDS, "R6", "en"),
        "eligible, nothing allocated: 第一条 0.00 yuan, allocated 0.00 yuan"
    );
}

#[test]
fn a_provisional_conclusion_names_the_records_keeping_the_pool_open() {
    // 乙 ranks 2nd in 第一条 (500,000.00), which 庚 (R7, blank) keeps open; 第二条 3rd → 0.00.
    assert_eq!(
        conclusion(OPEN, "R2", "zh"),
        "获奖：第一条 500,000.00元，核定 500,000.00元（暂定：研发奖励资金尚有 1 户未确定：R7）；符合但未获资金：第二条 0.00元，核定 0.00元；合计应付 500,000.00元"
    );
    assert_eq!(
        conclusion(OPEN, "R2", "en"),
        "awarded: 第一条 500,000.00 yuan, allocated 500,000.00 yuan (provisional: 研发奖励资金 is kept open by records not decided yet (1): R7); eligible, nothing allocated: 第二条 0.00 yuan, allocated 0.00 yuan; total payable 500,000.00 yuan"
    );
    // 丙, below 第一条's list, is not provisional: nothing named.
    assert!(!conclusion(OPEN, "R3", "zh").contains("暂定"));
    // The pool section names R7 too.
    let text = ok(&["explain", POLICY, OPEN, "--id", "R2"]);
    assert!(
        text.contains("排在其前（暂定：尚有 1 户未确定：R7）"),
        "{text}"
    );
}

#[test]
fn a_subsidy_paid_by_rank_claims_nothing_in_explain_json() {
    // docs/output.md: a by-rank member claims nothing, the rank decides; 乙's 第一条 is given
    // the 2nd amount, 50万元 = 500000.00.
    let doc: Value = serde_json::from_str(&ok(&[
        "explain", POLICY, RECORDS, "--id", "R2", "--format", "json",
    ]))
    .unwrap();
    let pool = &doc["pools"][0];
    assert_eq!(pool["pool"], "研发奖励资金");
    assert_eq!(pool["claim"], "0.00");
    assert_eq!(pool["claimed"], "0.00");
    assert_eq!(pool["allocated"], "500000.00");
    assert_eq!(pool["rank"], 2);
    let pool = &doc["pools"][1];
    assert_eq!(pool["claim"], "0.00");
    assert_eq!(pool["allocated"], "0.00");
    assert_eq!(pool["rank"], 3);
}

#[test]
fn explain_says_what_put_two_claims_tied_on_the_order_value_apart() {
    // 乙 and 丙 both grew 研发费用 by 20%; 研发费用 800 > 600 (并列 按 研发费用 从高到低) puts
    // 乙 2nd and 丙 3rd.
    let text = ok(&["explain", POLICY, RECORDS, "--id", "R3"]);
    assert!(
        text.contains("名次在前 2 名之外，不予给予：核定 0.00元；研发费用增长率 与第 2 名相同，按 研发费用 从高到低 排在其后"),
        "{text}"
    );
    let text = ok(&["explain", POLICY, RECORDS, "--id", "R2"]);
    assert!(
        text.contains(
            "第 2 名给予 500,000.00元；研发费用增长率 与第 3 名相同，按 研发费用 从高到低 排在其前"
        ),
        "{text}"
    );
    let text = ok(&["explain", POLICY, RECORDS, "--id", "R3", "--lang", "en"]);
    assert!(
        text.contains("allocated 0.00 yuan; its 研发费用增长率 equals that of rank 2: 研发费用 (highest first) puts it after"),
        "{text}"
    );
    // 甲 (30%) is tied with no one: nothing said.
    let text = ok(&["explain", POLICY, RECORDS, "--id", "R1"]);
    assert!(!text.contains("名相同"), "{text}");
    // two-lists-tie.csv: A, B and C equal on 研发费用增长率 (20%) and 研发费用 (600): record
    // order ranks them A 1st, B 2nd, C 3rd.
    let tie = "tests/cases/pools/two-lists-tie.csv";
    let text = ok(&["explain", POLICY, tie, "--id", "B"]);
    assert!(
        text.contains("研发费用增长率 与第 1 名相同，按记录顺序排在其后；研发费用增长率 与第 3 名相同，按记录顺序排在其前"),
        "{text}"
    );
}
