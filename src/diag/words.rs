//! The catalogue of the fixed words reports print: headers, status words, section titles.
//!
//! Each entry has a stable code (`jiangbu::word::<name>`) and its English and Chinese side by
//! side, so an entry cannot ship in one language only and adding a language is adding a column.
//! Texts with values in them (reasons, notes, footers) are [`Text`](super::Text)s built with
//! [`text!`](super::text) where they are rendered; this table holds the words without values.

use crate::syntax::keywords::Lang;

/// Declares [`Word`], its list and its texts from one table: `Name "code" "english" "中文"`.
macro_rules! words {
    ($($(#[doc = $doc:literal])* $name:ident $code:literal $en:literal $zh:literal;)*) => {
        /// A fixed word or phrase of a report.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Word {
            $($(#[doc = $doc])* $name,)*
        }

        impl Word {
            /// Every entry, in catalogue order.
            pub const ALL: &'static [Word] = &[$(Word::$name,)*];

            /// The stable code, `jiangbu::word::<name>`.
            pub fn code(self) -> &'static str {
                match self {
                    $(Word::$name => concat!("jiangbu::word::", $code),)*
                }
            }

            /// The English and the Chinese.
            pub fn texts(self) -> (&'static str, &'static str) {
                match self {
                    $(Word::$name => ($en, $zh),)*
                }
            }
        }
    };
}

impl Word {
    /// The word in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        let (en, zh) = self.texts();
        match lang {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

words! {
    /// The spreadsheet row of a record.
    Row "row" "row" "行";
    /// The key column when the schema has no key field.
    Key "key" "id" "主键";
    /// The area column when the schema has no area field.
    Area "area" "area" "地区";
    /// The enterprise name column when the schema has no name field.
    Name "name" "name" "名称";
    /// The award column of the table.
    AwardResult "award_result" "award" "奖补结果";
    /// The amount column of the table.
    AmountYuan "amount_yuan" "amount (yuan)" "金额（元）";
    /// The record's total payable, in the table.
    PayableTotalYuan "payable_total_yuan" "payable total (yuan)" "合计应付（元）";
    /// After a period's name in a header: its amounts are in yuan.
    YuanSuffix "yuan_suffix" " (yuan)" "（元）";
    /// The clauses an award sets aside.
    SetAside "set_aside" "set aside" "不予兼得";
    /// The services column.
    Services "services" "services" "服务";
    /// The notes column.
    Notes "notes" "notes" "说明";
    /// After an award that may change when data is completed.
    ProvisionalMark "provisional_mark" " (provisional)" "（暂定）";
    /// An award waiting for the officer's choice, before the candidates.
    PendingChoice "pending_choice" "choose" "待选";
    /// No award.
    NoAward "no_award" "none" "无";
    /// An amount not known yet.
    Tbd "tbd" "to be determined" "待定";
    /// Between the items of a list in a cell.
    ListSep "list_sep" ", " "、";
    /// Between the notes of a cell.
    NoteSep "note_sep" "; " "；";
    /// Between a label and its text.
    Colon "colon" ": " "：";
    /// Title of the totals per clause.
    ByClause "by_clause" "totals by clause" "按条款汇总";
    /// Title of the totals per area.
    ByArea "by_area" "totals by area" "按地区汇总";
    /// Title of the totals per funding source.
    ByFund "by_fund" "totals by funding source (a shortfall is paid from the next source, as the policy says)" "按资金来源汇总（不足部分按政策从后续来源列支）";
    /// Title of the totals per installment period.
    ByPeriod "by_period" "totals by installment" "按分期汇总";
    /// Title of the overall totals.
    Overall "overall" "totals" "合计";
    /// The clause column of the totals.
    Clause "clause" "clause" "条款";
    /// The kind column of the totals.
    Kind "kind" "kind" "类别";
    /// A benefit of money.
    Subsidy "subsidy" "subsidy" "奖补";
    /// A benefit of service.
    Service "service" "service" "服务";
    /// Records a benefit holds for.
    Eligible "eligible" "eligible" "符合";
    /// Records a benefit does not hold for.
    Ineligible "ineligible" "ineligible" "不符合";
    /// Records a benefit cannot be decided for.
    Undetermined "undetermined" "undetermined" "待查";
    /// Records whose amount is known.
    AmountKnown "amount_known" "amount known" "金额已定";
    /// The sum of known amounts.
    KnownSumYuan "known_sum_yuan" "known amounts (yuan)" "已定金额（元）";
    /// Records whose amount is to be determined.
    AmountTbd "amount_tbd" "amount to be determined" "金额待定";
    /// Records actually paid a benefit.
    Paid "paid" "paid" "实际给予";
    /// The sum of payable amounts.
    PaidSumYuan "paid_sum_yuan" "paid (yuan)" "给予金额（元）";
    /// Records paid a benefit whose payable amount is to be determined.
    PaidTbd "paid_tbd" "paid, amount to be determined" "给予金额待定";
    /// The number of enterprises.
    Enterprises "enterprises" "enterprises" "企业";
    /// Records awarded a subsidy.
    Awarded "awarded" "awarded" "获奖补";
    /// Records waiting for a choice.
    Pending "pending" "pending" "待选";
    /// Provisional records, among the above.
    OfWhichProvisional "of_which_provisional" "of which provisional" "其中暂定";
    /// The sum of the known payable amounts.
    PaidTotalYuan "paid_total_yuan" "known amounts paid (yuan)" "已定给予金额合计（元）";
    /// Records with data errors.
    WithErrors "with_errors" "with data errors" "数据有误";
    /// An empty area name.
    BlankName "blank_name" "(blank)" "（空）";
    /// A funding source column.
    Fund "fund" "funding source" "资金来源";
    /// An installment period column.
    Period "period" "installment" "分期";
    /// Installments whose amount is to be determined.
    PeriodsTbd "periods_tbd" "installments to be determined" "金额待定（笔）";
    /// Title of the data completeness section.
    Completeness "completeness" "data completeness" "数据完整性";
    /// Completeness when every required cell could be read.
    AllComplete "all_complete" "no required column has a blank or malformed cell" "必填列没有空白或有误的单元格";
    /// A column of the records.
    Column "column" "column" "列";
    /// Blank cells.
    Blank "blank" "blank" "空白";
    /// Malformed cells.
    Malformed "malformed" "malformed" "有误";
    /// A clause some records could not be decided for.
    UndeterminedClause "undetermined_clause" "undetermined clause" "待查条款";
    /// A number of records.
    Records "records" "records" "户数";
    /// The reasons column.
    Reasons "reasons" "reasons" "原因";
    /// Header suffix of a benefit's status column (csv, xlsx).
    StatusCol "status_col" "status" "状态";
    /// Header suffix of a benefit's amount column.
    AmountCol "amount_col" "amount" "金额";
    /// Header suffix of the lower bound of a range.
    AmountMinCol "amount_min_col" "amount min" "金额下限";
    /// Header suffix of the upper bound of a range.
    AmountMaxCol "amount_max_col" "amount max" "金额上限";
    /// Header suffix of what is paid of a benefit.
    PayableCol "payable_col" "payable" "应付";
    /// The record's total payable (csv, xlsx).
    PayableTotalCol "payable_total_col" "payable total" "合计应付";
    /// The award column (csv, xlsx).
    AwardCol "award_col" "award" "奖补结果";
    /// The awarded clause.
    AwardClauseCol "award_clause_col" "award clause" "获奖条款";
    /// What is paid of the awarded subsidy.
    AwardAmountCol "award_amount_col" "award amount" "获奖金额";
    /// Whether the award may change.
    ProvisionalCol "provisional_col" "provisional" "暂定";
    /// The clauses the officer chooses among.
    CandidatesCol "candidates_col" "candidates" "待选条款";
    /// Data errors of the record.
    ErrorsCol "errors_col" "errors" "数据错误";
    /// The one-line explanation (`--explain`).
    ExplanationCol "explanation_col" "explanation" "解释";
    /// Yes.
    Yes "yes" "true" "是";
    /// No.
    No "no" "false" "否";
    /// An expected or actual award in `jiangbu test`.
    ExampleAward "example_award" "award" "获奖";
    /// No award, in `jiangbu test`.
    ExampleNoAward "example_no_award" "no award" "无奖补";
    /// What is payable, in `jiangbu test`.
    ExamplePayable "example_payable" "payable" "可给予";
    /// Not paid, in `jiangbu test`.
    ExampleNotPaid "example_not_paid" "not paid" "不予给予";
    /// Installments, in `jiangbu test`.
    ExampleInstallments "example_installments" "installments" "分期";
    /// What a fund pool allocates, in `jiangbu test`.
    ExampleAllocated "example_allocated" "allocated" "核定";
    /// What a fund pool leaves unspent, in `jiangbu test`.
    ExampleUnspent "example_unspent" "unspent" "留存";
    /// A ranked pool's cut-off rank, in `jiangbu test`.
    ExampleCutoff "example_cutoff" "cutoff" "截止名次";
    /// A ranked pool with no cut-off (every claim paid in full), in `jiangbu test`.
    ExampleNoCutoff "example_no_cutoff" "no cutoff" "无截止名次";
    /// Before a batch example's record, in `jiangbu test`: `record "甲"`.
    ExampleRecord "example_record" "record" "记录";
    /// After an amount: its currency.
    Currency "currency" " yuan" "元";
    /// A policy without worked examples, in `jiangbu test`.
    NoExamples "no_examples" "(no examples)" "（没有示例）";
    /// An example that passed.
    TestOk "test_ok" "ok" "通过";
    /// An example that failed.
    TestFail "test_fail" "FAIL" "失败";
    /// Before what an example expects.
    TestExpected "test_expected" "expected: " "期望：";
    /// Before what the evaluation gave.
    TestActual "test_actual" "actual:   " "实际：";
    /// Before a failed example's full result.
    TestGave "test_gave" "the evaluation gave:" "评估结果：";
    /// The results sheet of a workbook.
    ResultsSheet "results_sheet" "results" "结果";
    /// The summary sheet of a workbook.
    SummarySheet "summary_sheet" "summary" "汇总";
    /// A money column's unit (`schema --labels`, the JSON Schema's descriptions).
    UnitYuan "unit_yuan" "yuan" "元";
    /// A money column in thousands of yuan.
    UnitThousandYuan "unit_thousand_yuan" "thousand yuan" "千元";
    /// A money column in ten thousands of yuan.
    UnitTenThousandYuan "unit_ten_thousand_yuan" "10,000 yuan" "万元";
    /// A money column in hundreds of millions of yuan.
    UnitHundredMillionYuan "unit_hundred_million_yuan" "100 million yuan" "亿元";
    /// A yes/no column's spellings.
    UnitYesNo "unit_yes_no" "yes/no" "是/否";
    /// The unit of a percent column written in points (`单位 %`).
    UnitPercentPoints "unit_percent_points" "percent points" "百分点";
    /// After the type of an optional column.
    MayBeBlank "may_be_blank" ", may be blank" "，可空";
    /// Explain: the record's line.
    ExplainRecord "explain_record" "record" "企业";
    /// Explain: the decision's line.
    ExplainDecision "explain_decision" "decision" "结论";
    /// Explain: the parameters' line.
    ExplainParams "explain_params" "parameters" "参数";
    /// Explain: the data errors' line.
    ExplainErrors "explain_errors" "data errors" "数据有误";
    /// Explain: a clause's text as the notice words it.
    ExplainOriginal "explain_original" "original text" "原文";
    /// Explain: a note of the policy.
    ExplainNote "explain_note" "note" "解释";
    /// Explain: a clause's responsible units.
    ExplainUnits "explain_units" "responsible units" "责任单位";
    /// Explain: a benefit's conditions.
    ExplainCondition "explain_condition" "conditions" "条件";
    /// Explain: a benefit without conditions.
    ExplainAlways "explain_always" "none: granted to every enterprise" "无条件，一律给予";
    /// Explain: the definitions a benefit uses.
    ExplainDefinitions "explain_definitions" "definitions" "定义";
    /// Explain: a benefit's amount.
    ExplainAmount "explain_amount" "amount" "金额";
    /// Explain: a benefit's funding sources.
    ExplainFunds "explain_funds" "funds" "资金";
    /// Explain: what a service provides.
    ExplainContent "explain_content" "provides" "内容";
    /// Explain: an exclusive group.
    ExplainExclusive "explain_exclusive" "not cumulative" "不可兼得";
    /// Explain: a cumulative cap.
    ExplainCumulative "explain_cumulative" "cumulative cap" "累计上限";
    /// Explain: an exclusive group that takes the highest.
    ExplainHighest "explain_highest" "take the highest" "就高";
    /// Explain: an exclusive group the officer chooses in.
    ExplainChoose "explain_choose" "the officer chooses" "择一";
    /// Title of `jiangbu diff`'s table.
    DiffTitle "diff_title" "decision differences" "决策差异";
    /// The old side of a diff.
    Old "old" "old" "旧";
    /// The new side of a diff.
    New "new" "new" "新";
    /// A benefit that holds under the new policy only.
    NewlyEligible "newly_eligible" "newly eligible" "新符合";
    /// A benefit that holds under the old policy only.
    NoLongerEligible "no_longer_eligible" "no longer eligible" "不再符合";
    /// A record found in the saved result only.
    OnlyOld "only_old" "only in the old result" "仅在旧结果中";
    /// A record found in the records only.
    OnlyNew "only_new" "only in the records" "仅在记录文件中";
    /// A diff where no decision changes.
    NoChange "no_change" "no enterprise's decision changes" "没有企业的决策发生变化。";
    /// Title of the records whose decisions change.
    ChangedRecords "changed_records" "enterprises whose decisions change" "决策有变化的企业";
    /// The item column of a diff: a benefit or the award.
    Item "item" "item" "项目";
    /// The change column of a diff.
    ChangeCol "change_col" "change" "变化";
    /// The old side's known amounts paid: [`Word::PaidSumYuan`] of the old side.
    OldAmountYuan "old_amount_yuan" "old paid (yuan)" "旧给予金额（元）";
    /// The new side's known amounts paid: [`Word::PaidSumYuan`] of the new side.
    NewAmountYuan "new_amount_yuan" "new paid (yuan)" "新给予金额（元）";
    /// The difference of two sums.
    DifferenceYuan "difference_yuan" "difference (yuan)" "差额（元）";
    /// The old side's records paid an amount to be determined: [`Word::PaidTbd`] of the old side.
    OldTbd "old_tbd" "old paid, amount to be determined" "旧给予金额待定";
    /// The new side's records paid an amount to be determined: [`Word::PaidTbd`] of the new side.
    NewTbd "new_tbd" "new paid, amount to be determined" "新给予金额待定";
    /// Records paid a subsidy under the old policy: [`Word::Paid`] of the old side.
    OldPaid "old_paid" "old paid" "旧实际给予";
    /// Records paid a subsidy under the new policy: [`Word::Paid`] of the new side.
    NewPaid "new_paid" "new paid" "新实际给予";
    /// Records awarded a subsidy under the old policy: [`Word::Awarded`] of the old side.
    OldAwarded "old_awarded" "old awarded" "旧获奖补";
    /// Records awarded a subsidy under the new policy: [`Word::Awarded`] of the new side.
    NewAwarded "new_awarded" "new awarded" "新获奖补";
    /// Title of a diff's totals per clause.
    DiffByClause "diff_by_clause" "totals by clause (subsidies actually paid; amounts to be determined are not summed)" "按条款汇总（实际给予的奖补；金额待定的不计入金额）";
    /// A subsidy that names no funding source.
    NoFund "no_fund" "(not named)" "（未注明）";
    /// Before a note of a report.
    NotePrefix "note_prefix" "note: " "注：";
    /// A diff's note: the saved result has no `area`.
    NoteAreaFromRecords "note_area_from_records" "the saved result has no `area`: its records are totalled by the area of the same `id` in the records read" "旧结果未记录地区：按记录文件中同一主键企业的地区汇总";
    /// A diff's note: the saved result has no `funds`.
    NoteFundsFromNew "note_funds_from_new" "the saved result has no `funds`: its subsidies are totalled by the funding sources NEW gives the same clause and name" "旧结果未记录资金来源：按新政策中同一条款同名奖补的资金来源汇总";
    /// A diff's note: the saved result has no `paid`.
    NotePaidByClause "note_paid_by_clause" "the saved result has no `paid` and a clause has several subsidies: set-aside subsidies are inferred by clause" "旧结果未记录是否给予，且有条款含多项奖补：按条款推断不予兼得";
    /// In an explanation: a yes/no value as a reader reads it.
    ExplainYes "explain_yes" "yes" "是";
    /// In an explanation: a yes/no value as a reader reads it.
    ExplainNo "explain_no" "no" "否";
    /// In an explanation: a blank cell.
    BlankNone "blank_none" "blank (none)" "空（无）";
    /// In an explanation: a value not known.
    Unknown "unknown" "unknown" "未知";
    /// The function `min` written out.
    FnMin "fn_min" "min" "最小";
    /// The function `max` written out.
    FnMax "fn_max" "max" "最大";
    /// The function `floor` written out.
    FnFloor "fn_floor" "floor" "向下取整";
    /// The function `round` written out.
    FnRound "fn_round" "round" "四舍五入";
    /// Between the parts of an `and` written out.
    JoinAnd "join_and" " and " " 且 ";
    /// Between the parts of an `or` written out.
    JoinOr "join_or" " or " " 或 ";
    /// Before the tiers of a `pick` written out.
    Tiers "tiers" "tiers" "分档";
    /// The last tier of a `pick`.
    Otherwise "otherwise" "otherwise" "其他";
    /// The label of an `all of` block of conditions.
    AllOf "all_of" "all of" "全部满足";
    /// The label of an `any of` block of conditions.
    AnyOf "any_of" "any of" "任一满足";
    /// The label of a `not` block of conditions.
    NotBlock "not_block" "not" "非";
    /// The label of any other block of conditions.
    Condition "condition" "condition" "条件";
    /// A number below another.
    CmpBelow "cmp_below" "below" "低于";
    /// A number not above another.
    CmpNotAbove "cmp_not_above" "not above" "不超过";
    /// A number above another.
    CmpAbove "cmp_above" "above" "超过";
    /// A number not below another.
    CmpNotBelow "cmp_not_below" "not below" "不低于";
    /// A date before another.
    CmpBefore "cmp_before" "before" "早于";
    /// A date not after another.
    CmpNotAfter "cmp_not_after" "not after" "不晚于";
    /// A date after another.
    CmpAfter "cmp_after" "after" "晚于";
    /// A date not before another.
    CmpNotBefore "cmp_not_before" "not before" "不早于";
    /// A value equal to another.
    CmpEqual "cmp_equal" "equal to" "等于";
    /// A value not equal to another.
    CmpNotEqual "cmp_not_equal" "not equal to" "不等于";
    /// Between the phrases of a sentence.
    Comma "comma" ", " "，";
    /// Title of the fund pools section.
    PoolsTitle "pools_title" "fund pools (claims are the claimed amounts above; allocations, what is paid, after the pool)" "资金总额（申报额即上表申报合计；核定金额为按资金总额分配后实际应付的金额）";
}

#[cfg(test)]
mod tests {
    use super::Word;
    use crate::data::{CellProblem, Form};

    fn han(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    /// Every entry is written in both languages: English without a Han character, Chinese
    /// with one (or, for a separator, a full-width sign), and each code once.
    #[test]
    fn every_word_has_both_languages_and_its_own_code() {
        let mut codes = std::collections::HashSet::new();
        for &word in Word::ALL {
            let (en, zh) = word.texts();
            assert!(!en.trim().is_empty() && !zh.is_empty(), "{word:?}");
            assert!(!han(en), "{word:?}: English `{en}` holds Chinese");
            assert!(
                han(zh) || zh.chars().all(|c| "、；：，".contains(c)),
                "{word:?}: Chinese `{zh}` holds no Chinese"
            );
            assert!(codes.insert(word.code()), "{word:?}: code twice");
        }
    }

    /// A column of `diff` names what the same column of `eval` names, for one side: the old
    /// side's words are eval's after `旧` / `old `, the new side's after `新` / `new `.
    #[test]
    fn diff_columns_use_the_words_of_eval() {
        let pairs = [
            (Word::OldPaid, Word::NewPaid, Word::Paid),
            (Word::OldAmountYuan, Word::NewAmountYuan, Word::PaidSumYuan),
            (Word::OldTbd, Word::NewTbd, Word::PaidTbd),
            (Word::OldAwarded, Word::NewAwarded, Word::Awarded),
        ];
        for (old, new, eval) in pairs {
            let ((old_en, old_zh), (new_en, new_zh)) = (old.texts(), new.texts());
            let (en, zh) = eval.texts();
            assert_eq!(old_en, format!("old {en}"), "{old:?}");
            assert_eq!(new_en, format!("new {en}"), "{new:?}");
            assert_eq!(old_zh, format!("旧{zh}"), "{old:?}");
            assert_eq!(new_zh, format!("新{zh}"), "{new:?}");
        }
    }

    /// Every cell problem reads in both languages; the English keeps only the spellings a
    /// cell may use (`5000万`, `是/否`), the Chinese is Chinese.
    #[test]
    fn every_cell_problem_has_both_languages() {
        let mut problems: Vec<CellProblem> = Form::ALL
            .iter()
            .map(|&f| CellProblem::Expected(f))
            .collect();
        problems.extend([
            CellProblem::NotAWord(vec!["w1".into(), "w2".into()]),
            CellProblem::NotUtf8,
            CellProblem::ShortRow { cells: 2, width: 3 },
            CellProblem::LongRow { cells: 4, width: 3 },
            CellProblem::RightOfHeader { width: 3 },
            CellProblem::SpreadsheetError,
            CellProblem::NotFinite,
            CellProblem::UncachedFormula,
            CellProblem::GivenTwice {
                field: "f".into(),
                first: "a".into(),
                second: "b".into(),
            },
            CellProblem::SpansRows {
                first: 2,
                last: 3,
                lines: 2,
                header: "h".into(),
            },
            CellProblem::SpansOneRecord {
                header: "h".into(),
                first: 2,
                last: 3,
                lines: 2,
            },
            CellProblem::AfterSpan {
                header: "h".into(),
                first: 2,
                last: 3,
            },
            CellProblem::BlankKey,
            CellProblem::DuplicateKey {
                first_row: 2,
                file: None,
            },
            CellProblem::DuplicateKey {
                first_row: 2,
                file: Some("a.csv".into()),
            },
        ]);
        for p in problems {
            let text = p.text("x");
            let en = text.en.replace("是/否", "");
            assert!(
                !en.chars()
                    .any(|c| han(&c.to_string()) && !"万亿元人年月日".contains(c)),
                "{p:?}: {en}"
            );
            assert!(han(&text.zh), "{p:?}: {}", text.zh);
            assert!(p.code().starts_with("jiangbu::cell::"), "{p:?}");
        }
    }
}
