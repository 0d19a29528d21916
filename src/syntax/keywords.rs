//! The keyword table: every keyword in its Chinese and English spellings, with what it means.
//!
//! The grammar spells the keywords (`grammar/policy.pest`, the `kw_*` / `ty_*` rules and `keyword`);
//! this table names the rule of each, for messages, "did you mean", the formatter's translation
//! between the two sets, and editor grammars. A test checks that the two agree.

/// One keyword.
#[derive(Clone, Copy, Debug)]
pub struct Keyword {
    /// The grammar rule that matches it.
    pub rule: &'static str,
    /// Chinese spellings; the first is canonical.
    pub zh: &'static [&'static str],
    /// English spellings; the first is canonical.
    pub en: &'static [&'static str],
    /// What it means, in English.
    pub meaning: &'static str,
}

/// Every keyword of the language.
pub const KEYWORDS: &[Keyword] = &[
    Keyword {
        rule: "kw_policy",
        zh: &["政策"],
        en: &["policy"],
        meaning: "policy metadata",
    },
    Keyword {
        rule: "kw_record",
        zh: &["记录"],
        en: &["record"],
        meaning: "the record's fields; an example's record",
    },
    Keyword {
        rule: "kw_param",
        zh: &["参数"],
        en: &["param"],
        meaning: "a parameter",
    },
    Keyword {
        rule: "kw_define",
        zh: &["定义"],
        en: &["let"],
        meaning: "a definition",
    },
    Keyword {
        rule: "kw_clause",
        zh: &["条款"],
        en: &["clause"],
        meaning: "a clause",
    },
    Keyword {
        rule: "kw_subsidy",
        zh: &["奖补"],
        en: &["subsidy"],
        meaning: "a subsidy",
    },
    Keyword {
        rule: "kw_service",
        zh: &["服务"],
        en: &["service"],
        meaning: "a service",
    },
    Keyword {
        rule: "kw_when",
        zh: &["条件"],
        en: &["when"],
        meaning: "a condition",
    },
    Keyword {
        rule: "kw_amount",
        zh: &["金额"],
        en: &["amount"],
        meaning: "an amount",
    },
    Keyword {
        rule: "kw_funds",
        zh: &["资金"],
        en: &["funded by"],
        meaning: "funding sources",
    },
    Keyword {
        rule: "kw_first",
        zh: &["先"],
        en: &["first"],
        meaning: "first (funding)",
    },
    Keyword {
        rule: "kw_shortfall",
        zh: &["不足部分"],
        en: &["then"],
        meaning: "the shortfall from (funding)",
    },
    Keyword {
        rule: "kw_content",
        zh: &["内容"],
        en: &["provides"],
        meaning: "what a service provides",
    },
    Keyword {
        rule: "kw_installments",
        zh: &["分期"],
        en: &["installments"],
        meaning: "installments",
    },
    Keyword {
        rule: "kw_units",
        zh: &["责任单位"],
        en: &["responsible"],
        meaning: "responsible units",
    },
    Keyword {
        rule: "kw_text",
        zh: &["原文"],
        en: &["original"],
        meaning: "the notice's original text",
    },
    Keyword {
        rule: "kw_note",
        zh: &["解释"],
        en: &["note"],
        meaning: "an interpretation note",
    },
    Keyword {
        rule: "kw_label",
        zh: &["标签"],
        en: &["label"],
        meaning: "a field's display label",
    },
    Keyword {
        rule: "kw_unit",
        zh: &["单位"],
        en: &["unit"],
        meaning: "a column's unit",
    },
    Keyword {
        rule: "kw_optional",
        zh: &["可选"],
        en: &["optional"],
        meaning: "an optional field",
    },
    Keyword {
        rule: "kw_key",
        zh: &["主键"],
        en: &["key"],
        meaning: "the record key",
    },
    Keyword {
        rule: "kw_area",
        zh: &["地区"],
        en: &["area"],
        meaning: "the area field",
    },
    Keyword {
        rule: "kw_exclusive",
        zh: &["不可兼得"],
        en: &["exclusive"],
        meaning: "an exclusive group",
    },
    Keyword {
        rule: "kw_cumulative",
        zh: &["累计上限"],
        en: &["cumulative"],
        meaning: "a cumulative cap",
    },
    Keyword {
        rule: "kw_members",
        zh: &["成员"],
        en: &["members"],
        meaning: "group members",
    },
    Keyword {
        rule: "kw_highest",
        zh: &["就高"],
        en: &["pick highest"],
        meaning: "take the highest",
    },
    Keyword {
        rule: "kw_choose",
        zh: &["择一"],
        en: &["officer chooses"],
        meaning: "the officer chooses",
    },
    Keyword {
        rule: "kw_all",
        zh: &["全部"],
        en: &["all"],
        meaning: "all of",
    },
    Keyword {
        rule: "kw_any",
        zh: &["任一"],
        en: &["any"],
        meaning: "any of",
    },
    Keyword {
        rule: "kw_and",
        zh: &["且"],
        en: &["and"],
        meaning: "and",
    },
    Keyword {
        rule: "kw_or",
        zh: &["或"],
        en: &["or"],
        meaning: "or",
    },
    Keyword {
        rule: "kw_not",
        zh: &["非"],
        en: &["not"],
        meaning: "not",
    },
    Keyword {
        rule: "kw_not_in",
        zh: &["不属于"],
        en: &["not in"],
        meaning: "is not one of",
    },
    Keyword {
        rule: "kw_in",
        zh: &["属于"],
        en: &["in"],
        meaning: "is one of",
    },
    Keyword {
        rule: "kw_reach",
        zh: &["达到"],
        en: &["reaches"],
        meaning: "reaches (… 以上)",
    },
    Keyword {
        rule: "kw_at",
        zh: &["在"],
        en: &["is"],
        meaning: "is (… 以上 / 以下; 在 … 至 … 期间)",
    },
    Keyword {
        rule: "kw_above",
        zh: &["以上"],
        en: &["or more"],
        meaning: "or more",
    },
    Keyword {
        rule: "kw_below",
        zh: &["以下", "以内"],
        en: &["or less"],
        meaning: "or less",
    },
    Keyword {
        rule: "kw_not_less",
        zh: &["不低于", "不小于"],
        en: &["at least", "not less than"],
        meaning: "at least",
    },
    Keyword {
        rule: "kw_not_more",
        zh: &["不超过", "不大于"],
        en: &["at most", "no more than"],
        meaning: "at most",
    },
    Keyword {
        rule: "kw_more",
        zh: &["超过", "高于"],
        en: &["more than", "above"],
        meaning: "more than",
    },
    Keyword {
        rule: "kw_less",
        zh: &["不足", "低于"],
        en: &["less than", "below"],
        meaning: "less than",
    },
    Keyword {
        rule: "kw_under",
        zh: &["不满"],
        en: &["under"],
        meaning: "less than",
    },
    Keyword {
        rule: "kw_at_most",
        zh: &["最高"],
        en: &["capped at"],
        meaning: "capped at",
    },
    Keyword {
        rule: "kw_at_least",
        zh: &["最低"],
        en: &["no less than"],
        meaning: "no less than",
    },
    Keyword {
        rule: "kw_tbd",
        zh: &["待定"],
        en: &["tbd"],
        meaning: "to be determined",
    },
    Keyword {
        rule: "kw_to",
        zh: &["至"],
        en: &["to"],
        meaning: "to (a range)",
    },
    Keyword {
        rule: "kw_during",
        zh: &["期间"],
        en: &["inclusive"],
        meaning: "within (`在 A 至 B 期间`: both ends included)",
    },
    Keyword {
        rule: "kw_tiers",
        zh: &["分档"],
        en: &["tiers"],
        meaning: "tiers",
    },
    Keyword {
        rule: "kw_progressive",
        zh: &["累进"],
        en: &["progressive"],
        meaning: "progressive rates",
    },
    Keyword {
        rule: "kw_steps",
        zh: &["阶梯"],
        en: &["steps"],
        meaning: "steps",
    },
    Keyword {
        rule: "kw_each",
        zh: &["每"],
        en: &["per"],
        meaning: "per step",
    },
    Keyword {
        rule: "kw_gives",
        zh: &["计"],
        en: &["pays"],
        meaning: "pays (per step)",
    },
    Keyword {
        rule: "kw_otherwise",
        zh: &["其他"],
        en: &["otherwise"],
        meaning: "otherwise (tiers)",
    },
    Keyword {
        rule: "kw_rest",
        zh: &["其余"],
        en: &["rest"],
        meaning: "the rest (progressive)",
    },
    Keyword {
        rule: "kw_yes",
        zh: &["是"],
        en: &["yes"],
        meaning: "yes",
    },
    Keyword {
        rule: "kw_no",
        zh: &["否"],
        en: &["no"],
        meaning: "no",
    },
    Keyword {
        rule: "kw_min",
        zh: &["最小"],
        en: &["min"],
        meaning: "the smallest of",
    },
    Keyword {
        rule: "kw_max",
        zh: &["最大"],
        en: &["max"],
        meaning: "the largest of",
    },
    Keyword {
        rule: "kw_floor",
        zh: &["向下取整"],
        en: &["floor"],
        meaning: "round down",
    },
    Keyword {
        rule: "kw_round",
        zh: &["四舍五入"],
        en: &["round"],
        meaning: "round half up",
    },
    Keyword {
        rule: "kw_example",
        zh: &["示例"],
        en: &["example"],
        meaning: "a worked example",
    },
    Keyword {
        rule: "kw_set",
        zh: &["设定"],
        en: &["set"],
        meaning: "a parameter value in an example",
    },
    Keyword {
        rule: "kw_expect",
        zh: &["期望"],
        en: &["expect"],
        meaning: "an example's expected outcome",
    },
    Keyword {
        rule: "kw_blank",
        zh: &["空"],
        en: &["blank"],
        meaning: "a blank cell in an example",
    },
    Keyword {
        rule: "kw_eligible",
        zh: &["符合"],
        en: &["eligible"],
        meaning: "expected eligible",
    },
    Keyword {
        rule: "kw_ineligible",
        zh: &["不符合"],
        en: &["ineligible"],
        meaning: "expected ineligible",
    },
    Keyword {
        rule: "kw_undetermined",
        zh: &["待查"],
        en: &["undetermined"],
        meaning: "expected undetermined",
    },
    Keyword {
        rule: "kw_award",
        zh: &["获奖"],
        en: &["award"],
        meaning: "the expected award",
    },
    Keyword {
        rule: "kw_no_award",
        zh: &["无奖补"],
        en: &["no award"],
        meaning: "expected: no award",
    },
    Keyword {
        rule: "kw_pending",
        zh: &["待选"],
        en: &["pending"],
        meaning: "expected: the officer chooses among",
    },
    Keyword {
        rule: "kw_provisional",
        zh: &["暂定"],
        en: &["provisional"],
        meaning: "expected: the award is provisional",
    },
    Keyword {
        rule: "kw_payable",
        zh: &["可给予"],
        en: &["payable"],
        meaning: "expected: what is paid after every group (a cap may reduce it)",
    },
    Keyword {
        rule: "kw_set_aside",
        zh: &["不予兼得"],
        en: &["set aside"],
        meaning: "expected: an exclusive group set the benefit aside",
    },
    Keyword {
        rule: "kw_reduce",
        zh: &["核减"],
        en: &["reduce"],
        meaning: "which members a cumulative cap reduces first",
    },
    Keyword {
        rule: "kw_last_first",
        zh: &["从后到前"],
        en: &["last first"],
        meaning: "a cap reduces the member listed last first (the default)",
    },
    Keyword {
        rule: "kw_largest_first",
        zh: &["从大到小"],
        en: &["largest first"],
        meaning: "a cap reduces the largest amount first",
    },
    Keyword {
        rule: "kw_smallest_first",
        zh: &["从小到大"],
        en: &["smallest first"],
        meaning: "a cap reduces the smallest amount first",
    },
    Keyword {
        rule: "kw_pool",
        zh: &["资金总额"],
        en: &["pool"],
        meaning: "a fund pool: a total its members' claims share",
    },
    Keyword {
        rule: "kw_pro_rata",
        zh: &["按比例核减"],
        en: &["pro rata"],
        meaning: "an oversubscribed pool pays each claim in proportion",
    },
    Keyword {
        rule: "kw_rank_by",
        zh: &["按"],
        en: &["rank by", "by"],
        meaning: "a ranked pool: the expression that orders its claims (or breaks their ties)",
    },
    Keyword {
        rule: "kw_ties",
        zh: &["并列"],
        en: &["ties"],
        meaning: "a ranked pool: how equal values are ordered, in turn (then record order)",
    },
    Keyword {
        rule: "kw_quota",
        zh: &["名额"],
        en: &["quota"],
        meaning: "a ranked pool: at most this many records paid, in all or per value of a field",
    },
    Keyword {
        rule: "kw_highest_first",
        zh: &["从高到低"],
        en: &["highest first"],
        meaning: "a ranked pool pays the highest value first",
    },
    Keyword {
        rule: "kw_lowest_first",
        zh: &["从低到高"],
        en: &["lowest first"],
        meaning: "a ranked pool pays the lowest value first",
    },
    Keyword {
        rule: "kw_on_merit",
        zh: &["择优"],
        en: &["on merit"],
        meaning: "an oversubscribed pool pays the best-ranked claims in full",
    },
    Keyword {
        rule: "kw_until_full",
        zh: &["额满为止"],
        en: &["until full"],
        meaning: "a ranked pool pays until its total is used up",
    },
    Keyword {
        rule: "kw_rest_to_next",
        zh: &["余额给下一户"],
        en: &["rest to next"],
        meaning: "the first claim that does not fit gets what is left",
    },
    Keyword {
        rule: "kw_none_if_short",
        zh: &["不足则不予"],
        en: &["none if short"],
        meaning: "the first claim that does not fit gets nothing",
    },
    Keyword {
        rule: "kw_remainder",
        zh: &["尾差"],
        en: &["remainder"],
        meaning: "where a pool's left-over fens go",
    },
    Keyword {
        rule: "kw_unspent",
        zh: &["留存"],
        en: &["unspent"],
        meaning: "a pool's left-over fens stay unspent",
    },
    Keyword {
        rule: "kw_allocated",
        zh: &["核定"],
        en: &["allocated"],
        meaning: "an example's expected allocation from a fund pool",
    },
    Keyword {
        rule: "kw_cutoff",
        zh: &["截止名次"],
        en: &["cutoff"],
        meaning: "an example's expected cut-off rank of a ranked pool",
    },
    Keyword {
        rule: "kw_top",
        zh: &["前"],
        en: &["top"],
        meaning: "a ranked pool's amounts by rank: how many ranks are paid (`前 3 名分别给予 …`)",
    },
    Keyword {
        rule: "kw_each_get",
        zh: &["名分别给予", "位分别给予"],
        en: &["get"],
        meaning: "a ranked pool's amounts by rank: the amount of each rank, in rank order",
    },
    Keyword {
        rule: "kw_by_rank",
        zh: &["按名次"],
        en: &["by rank"],
        meaning: "a subsidy's amount: what its ranked pool gives the record's rank",
    },
    Keyword {
        rule: "ty_money",
        zh: &["金额"],
        en: &["money"],
        meaning: "the money type",
    },
    Keyword {
        rule: "ty_ratio",
        zh: &["比例", "百分比"],
        en: &["percent"],
        meaning: "the percent type",
    },
    Keyword {
        rule: "ty_count",
        zh: &["人数", "户数", "数量"],
        en: &["count"],
        meaning: "the count type",
    },
    Keyword {
        rule: "ty_bool",
        zh: &["是否"],
        en: &["yesno"],
        meaning: "the yes/no type",
    },
    Keyword {
        rule: "ty_date",
        zh: &["日期"],
        en: &["date"],
        meaning: "the date type",
    },
    Keyword {
        rule: "ty_text",
        zh: &["文本"],
        en: &["text"],
        meaning: "the text type",
    },
    Keyword {
        rule: "ty_enum",
        zh: &["选项"],
        en: &["one of"],
        meaning: "the closed-set type",
    },
];

/// The rules of the contextual keywords: keywords only in one position (`其他 :` and `其余 :`
/// before a band's `:`, `地区` as a field's mark), so that elsewhere the same word is a name — a
/// field `地区`, an option word `其他`. The grammar's `keyword` rule (the reserved spellings) leaves
/// them out.
pub const CONTEXTUAL: &[&str] = &["kw_otherwise", "kw_rest", "kw_area"];

/// Whether `word` is reserved: a keyword that can never be a name.
pub fn is_reserved(word: &str) -> bool {
    KEYWORDS
        .iter()
        .any(|k| !CONTEXTUAL.contains(&k.rule) && (k.zh.contains(&word) || k.en.contains(&word)))
}

/// The keyword language of a policy file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Chinese keywords (`条款`, `条件` …).
    #[default]
    Zh,
    /// English keywords (`clause`, `when` …).
    En,
}

impl Lang {
    /// The language a keyword as written belongs to.
    pub fn of(word: &str) -> Lang {
        if word.is_ascii() {
            Lang::En
        } else {
            Lang::Zh
        }
    }

    /// The language's code in machine outputs (`zh`, `en`): a contract value, not a message.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

impl Keyword {
    /// The canonical spelling in `lang`.
    pub fn spelling(&self, lang: Lang) -> &'static str {
        // Keyword spellings, not messages.
        let list = match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        };
        list.first().copied().unwrap_or("")
    }
}

/// The keyword matched by grammar rule `rule` (its name, e.g. `"kw_when"`).
pub fn by_rule(rule: &str) -> Option<&'static Keyword> {
    KEYWORDS.iter().find(|k| k.rule == rule)
}

/// Whether `word` is a keyword in either language.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS
        .iter()
        .any(|k| k.zh.contains(&word) || k.en.contains(&word))
}

/// Every spelling of every keyword.
pub fn spellings() -> impl Iterator<Item = &'static str> {
    KEYWORDS
        .iter()
        .flat_map(|k| k.zh.iter().chain(k.en.iter()).copied())
}
