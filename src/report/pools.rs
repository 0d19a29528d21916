//! The fund pools' part of the totals: per pool its total, claims, claimants, allocation,
//! ratio, unspent fens and whether it is provisional (and which records keep it open). Renders
//! what `pool::allocate` worked out; computes nothing.

use rust_decimal::{Decimal, RoundingStrategy};

use super::text::table;
use crate::diag::{text, Word};
use crate::pool::{OpenRecord, PoolResult};
use crate::syntax::keywords::Lang;

/// A ratio as a percent with four decimals, cut toward zero (`59.0851%`).
pub(crate) fn percent(ratio: Decimal) -> String {
    let p = ratio
        .checked_mul(Decimal::ONE_HUNDRED)
        .unwrap_or(ratio)
        .round_dp_with_strategy(4, RoundingStrategy::ToZero);
    format!("{p:.4}%")
}

/// A record that keeps a pool open, as an officer finds it: its key, else its row.
fn open_record(r: &OpenRecord, lang: Lang) -> String {
    match &r.key {
        Some(k) if !k.is_empty() => k.clone(),
        _ => {
            let line = r.line;
            text!("row {line}", "第 {line} 行").get(lang).to_string()
        }
    }
}

/// The title of the pools section.
pub(crate) fn title(lang: Lang) -> &'static str {
    Word::PoolsTitle.get(lang)
}

/// The total column of a pool: its total, `待定`, or `不限` for a pool with a quota and no total.
pub(crate) fn total_cell(p: &PoolResult, lang: Lang, money: impl Fn(Decimal) -> String) -> String {
    match p.total {
        Some(t) => money(t),
        None if p.by_rank.is_some() => text!("by rank", "按名次").get(lang).to_string(),
        None if !p.capped => text!("none", "不限").get(lang).to_string(),
        None => crate::diag::Word::Tbd.get(lang).to_string(),
    }
}

/// The unspent column of a pool: what is left of its total, `待定`, or `-` without a total.
pub(crate) fn unspent_cell(
    p: &PoolResult,
    lang: Lang,
    money: impl Fn(Decimal) -> String,
) -> String {
    match p.unspent {
        Some(u) => money(u),
        None if !p.capped => "-".to_string(),
        None => crate::diag::Word::Tbd.get(lang).to_string(),
    }
}

/// The ratio column of a pool: the share paid (pro rata), the cut-off rank (ranked), that a
/// quota was reached, or `待定`.
pub(crate) fn ratio_cell(p: &PoolResult, lang: Lang) -> String {
    let quota_cut = p.quota.as_ref().is_some_and(|q| q.cut > 0);
    if let Some(r) = &p.by_rank {
        let n = r.paid;
        return text!("{n} ranks paid", "给予 {n} 个名次")
            .get(lang)
            .to_string();
    }
    match (p.total, p.ratio, p.cutoff) {
        (_, _, Some(n)) => text!("full at rank {n}", "额满于第 {n} 名")
            .get(lang)
            .to_string(),
        (None, _, _) if p.capped => crate::diag::Word::Tbd.get(lang).to_string(),
        (_, Some(r), _) => percent(r),
        _ if quota_cut => text!("quota reached", "名额已满").get(lang).to_string(),
        _ => "100.0000%".to_string(),
    }
}

/// A pool's quota in words: `名额 10 户，每个所属地区 2 户`.
fn quota_words(q: &crate::pool::QuotaResult, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(n) = q.quota {
        parts.push(
            text!("at most {n} records", "不超过 {n} 户")
                .get(lang)
                .to_string(),
        );
    }
    if let Some((field, n)) = &q.per {
        parts.push(
            text!("at most {n} per {field}", "每个{field}不超过 {n} 户")
                .get(lang)
                .to_string(),
        );
    }
    parts.join(text!(", ", "，").get(lang))
}

/// The claimed column of a pool: the sum of its claims, `-` for a pool with amounts by rank
/// (its members claim nothing: the rank decides).
pub(crate) fn claimed_cell(p: &PoolResult, money: impl Fn(Decimal) -> String) -> String {
    match p.by_rank {
        Some(_) => "-".to_string(),
        None => money(p.claimed),
    }
}

/// A pool's amounts by rank in words: `前 3 名分别给予 1100万元、800万元、600万元；给予 3 个名次，
/// 合计 …`.
pub(crate) fn rank_line(
    p: &PoolResult,
    lang: Lang,
    money: impl Fn(Decimal) -> String,
) -> Option<String> {
    let r = p.by_rank.as_ref()?;
    let tbd = crate::diag::Word::Tbd.get(lang);
    let list: Vec<String> = r
        .amounts
        .iter()
        .map(|a| a.map_or_else(|| tbd.to_string(), &money))
        .collect();
    let list = list.join(text!(", ", "、").get(lang));
    let (name, top, n) = (&p.name, r.amounts.len(), r.paid);
    let sum = match p.allocated {
        Some(a) => {
            let m = money(a);
            text!("{m} yuan in all", "合计 {m} 元")
        }
        None => text!("the sum is not known yet", "合计待定"),
    };
    let (se, sz) = (&sum.en, &sum.zh);
    let line = match &r.per {
        Some(field) => text!(
            "{name}: in each {field}, the top {top} get {list}; {n} ranks paid, {se}",
            "{name}：每个{field}前 {top} 名分别给予 {list}；给予 {n} 个名次，{sz}"
        ),
        None => text!(
            "{name}: the top {top} get {list}; {n} ranks paid, {se}",
            "{name}：前 {top} 名分别给予 {list}；给予 {n} 个名次，{sz}"
        ),
    };
    Some(line.get(lang).to_string())
}

/// The columns of the pools section.
pub(crate) fn headers(lang: Lang) -> Vec<String> {
    [
        text!("fund pool", "资金总额"),
        text!("total (yuan)", "总额（元）"),
        text!("claimants", "申报户数"),
        text!("claims", "申报笔数"),
        text!("claimed (yuan)", "申报额（元）"),
        text!("allocated (yuan)", "核定金额（元）"),
        text!("ratio paid", "兑付比例"),
        text!("unspent (yuan)", "结余（元）"),
        text!("provisional", "暂定"),
    ]
    .iter()
    .map(|t| t.get(lang).to_string())
    .collect()
}

/// The pools section of the table's totals (empty without pools). `money` spells an amount.
pub(crate) fn table_section(
    pools: &[PoolResult],
    lang: Lang,
    money: fn(Decimal) -> String,
) -> String {
    if pools.is_empty() {
        return String::new();
    }
    let tbd = crate::diag::Word::Tbd.get(lang);
    let header = headers(lang);
    let known = |d: Option<Decimal>| d.map_or_else(|| tbd.to_string(), money);
    let rows: Vec<Vec<String>> = pools
        .iter()
        .map(|p| {
            vec![
                p.name.clone(),
                total_cell(p, lang, money),
                p.claimants.to_string(),
                p.claims.to_string(),
                claimed_cell(p, money),
                known(p.allocated),
                ratio_cell(p, lang),
                unspent_cell(p, lang, money),
                if p.provisional {
                    text!("yes", "是")
                } else {
                    text!("no", "否")
                }
                .get(lang)
                .to_string(),
            ]
        })
        .collect();
    let mut out = format!("{}\n", title(lang));
    out.push_str(&table(
        &header,
        &rows,
        &[false, true, true, true, true, true, true, true, false],
    ));
    for p in pools {
        let name = &p.name;
        if let Some(line) = rank_line(p, lang, money) {
            out.push_str(&line);
            out.push('\n');
        }
        if let Some(q) = &p.quota {
            let (words, cut) = (quota_words(q, lang), q.cut);
            let mut line = text!(
                "{name}: quota {words}; {cut} claims cut by it",
                "{name}：名额{words}；{cut} 笔申报因名额已满未获支持"
            )
            .get(lang)
            .to_string();
            if let Some((field, _)) = &q.per {
                let per: Vec<String> = q
                    .paid_per_area
                    .iter()
                    .map(|(area, n)| format!("{area} {n}"))
                    .collect();
                let list = per.join(text!(", ", "，").get(lang));
                line.push_str(
                    text!(
                        "; records within the quota per {field}: {list}",
                        "；各{field}名额内户数：{list}"
                    )
                    .get(lang),
                );
            }
            out.push_str(&line);
            out.push('\n');
        }
        if p.total.is_none() && p.capped {
            let line = text!(
                "{name}: the total is not set yet (`待定`): no allocation is known",
                "{name}：总额待定，核定金额尚不能确定"
            );
            out.push_str(line.get(lang));
            out.push('\n');
        }
        if p.open > 0 {
            let n = p.open;
            let named: Vec<String> = p.named_open.iter().map(|r| open_record(r, lang)).collect();
            let more = if n > u64::try_from(named.len()).unwrap_or(u64::MAX) {
                text!(" …", " 等")
            } else {
                text!("", "")
            };
            let sep = crate::diag::Word::ListSep.get(lang);
            let (list, more) = (named.join(sep), more.get(lang));
            let line = match n {
                1 => text!(
                    "{name}: provisional, 1 record keeps it open (undetermined or amount not known): {list}{more}",
                    "{name}：暂定，1 户尚未确定（待查或金额待定）：{list}{more}"
                ),
                _ => text!(
                    "{name}: provisional, {n} records keep it open (undetermined or amount not known): {list}{more}",
                    "{name}：暂定，{n} 户尚未确定（待查或金额待定）：{list}{more}"
                ),
            };
            out.push_str(line.get(lang));
            out.push('\n');
        }
    }
    out
}

/// The pools as `--format json`'s summary spells them.
pub(crate) fn json(pools: &[PoolResult], yuan: fn(Decimal) -> String) -> serde_json::Value {
    let list: Vec<serde_json::Value> = pools
        .iter()
        .map(|p| {
            let open: Vec<serde_json::Value> = p
                .named_open
                .iter()
                .map(|r| serde_json::json!({ "row": r.line, "id": r.key }))
                .collect();
            let mut pool = serde_json::json!({
                "pool": p.name,
                "total": p.total.map(yuan),
                "claimants": p.claimants,
                "claims": p.claims,
                "claimed": yuan(p.claimed),
                "allocated": p.allocated.map(yuan),
                "oversubscribed": p.oversubscribed(),
                "ratio": p.ratio.map(|r| r.to_string()),
                "unspent": p.unspent.map(yuan),
                "provisional": p.provisional,
                "open_records": p.open,
                "open": open,
            });
            if p.ranked {
                // Only a ranked pool has a cut-off: a pro rata pool's object is unchanged.
                if let Some(o) = pool.as_object_mut() {
                    o.insert("rule".into(), "ranked".into());
                    o.insert("cutoff_rank".into(), p.cutoff.into());
                    if !p.capped {
                        o.insert("capped".into(), false.into());
                    }
                    if let Some(r) = &p.by_rank {
                        let amounts: Vec<Option<String>> =
                            r.amounts.iter().map(|a| a.map(yuan)).collect();
                        o.insert(
                            "by_rank".into(),
                            serde_json::json!({
                                "amounts": amounts,
                                "ranks_paid": r.paid,
                                "per": r.per,
                            }),
                        );
                    }
                    if let Some(q) = &p.quota {
                        let per = q.per.as_ref().map(|(field, n)| {
                            let paid: Vec<serde_json::Value> = q
                                .paid_per_area
                                .iter()
                                .map(|(area, n)| serde_json::json!({ "value": area, "records": n }))
                                .collect();
                            serde_json::json!({ "field": field, "records": n, "paid": paid })
                        });
                        o.insert(
                            "quota".into(),
                            serde_json::json!({ "records": q.quota, "per": per, "cut": q.cut }),
                        );
                    }
                }
            }
            pool
        })
        .collect();
    serde_json::Value::Array(list)
}

/// One pooled subsidy of one record, explained: its claim, the pool's total and claims, the
/// ratio, the allocation.
#[derive(Clone, Debug, serde::Serialize)]
pub struct PoolNote {
    /// The pool.
    pub pool: String,
    /// `clause subsidy`.
    pub benefit: String,
    /// The claim (its payable amount), in yuan; `None` while not known. A subsidy paid by rank
    /// (`按名次`) claims nothing, `0.00`: the rank decides, and what it is given is `allocated`.
    pub claim: Option<String>,
    /// The pool's total; `None` while `待定`.
    pub total: Option<String>,
    /// The sum of the pool's known claims.
    pub claimed: String,
    /// Total ÷ claims when oversubscribed.
    pub ratio: Option<String>,
    /// The allocation; `None` while not known.
    pub allocated: Option<String>,
    /// A ranked pool: this claim's rank (1 is paid first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<u64>,
    /// A ranked pool, oversubscribed: the rank of the first claim not paid in full.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cutoff_rank: Option<u64>,
    /// A pool with amounts by rank: the amounts, best rank first (`null`: `待定`); the
    /// allocation is the amount of the claim's rank (its rank in its area with a quota per
    /// area), nothing below the list.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rank_amounts: Vec<Option<String>>,
    /// A ranked pool with a quota: the quota was reached before this claim (名额已满), which
    /// gets nothing.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub quota_reached: bool,
    /// With a quota per area: the record's area.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// With a quota per area: the record's rank among the records of its area.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area_rank: Option<u64>,
    /// The pool may still change.
    pub provisional: bool,
    /// The arithmetic in words.
    pub text: String,
}

/// The fund pools other records keep open for the record at row `line` with key `key`, in words for its
/// conclusion's `暂定` note: `研发投入增长奖励资金尚有 1 户未确定：E08` — per pool of a subsidy the
/// record is paid, while the pool is provisional with records keeping it open (named as the
/// table's line per provisional pool names them, the record itself left out), unless the
/// subsidy ranks below a list of amounts by rank (a record decided later can only push it
/// further down: its nothing is final).
pub fn open_for(
    plan: &crate::eval::plan::Plan,
    line: u64,
    key: Option<&str>,
    outcome: &crate::eval::Outcome,
    pools: &crate::pool::Allocations,
    lang: Lang,
) -> Vec<String> {
    // Rows count within each records file: the key tells two files' rows apart.
    let itself = |r: &OpenRecord| r.line == line && r.key.as_deref() == key;
    use crate::eval::{Due, Pay};
    let mut seen: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    for (b, o) in outcome.benefits.iter().enumerate() {
        if !matches!(o.pay, Pay::Paid(_)) || b >= plan.benefits.len() {
            continue;
        }
        let Some((pi, p)) = pools.pool_of(b) else {
            continue;
        };
        let final_zero = p.by_rank.is_some() && o.allocated == Due::Known(Decimal::ZERO);
        if !p.provisional || p.open == 0 || final_zero || seen.contains(&pi) {
            continue;
        }
        seen.push(pi);
        let named: Vec<String> = p
            .named_open
            .iter()
            .filter(|r| !itself(r))
            .map(|r| open_record(r, lang))
            .collect();
        let n = p
            .open
            .saturating_sub(u64::from(p.named_open.iter().any(itself)));
        if n == 0 {
            continue;
        }
        let more = if n > u64::try_from(named.len()).unwrap_or(u64::MAX) {
            text!(" …", " 等")
        } else {
            text!("", "")
        };
        let (name, list, more) = (&p.name, named.join(", "), more.get(lang));
        let words = text!(
            "{name} is kept open by records not decided yet ({n}): {list}{more}",
            "{name}尚有 {n} 户未确定：{list}{more}"
        );
        out.push(words.get(lang).to_string());
    }
    out
}

/// The `资金总额` section an explanation's text ends with (empty without notes), as `jiangbu
/// explain` and the workbench print it.
pub fn explain_section(notes: &[PoolNote], lang: Lang) -> String {
    if notes.is_empty() {
        return String::new();
    }
    let title = text!("Fund pools", "资金总额");
    let mut out = format!("\n{}\n", title.get(lang));
    for n in notes {
        out.push_str(&format!("  {}\n", n.text));
    }
    out
}

/// What the pools did to this record, one note per pooled subsidy it claims on (or would,
/// once its amount is known).
pub fn explain(
    plan: &crate::eval::plan::Plan,
    record: u64,
    outcome: &crate::eval::Outcome,
    pools: &crate::pool::Allocations,
    lang: Lang,
    money: fn(Decimal) -> String,
) -> Vec<PoolNote> {
    use crate::eval::Due;
    let mut out = Vec::new();
    for (b, o) in outcome.benefits.iter().enumerate() {
        let Some((pi, p)) = pools.pool_of(b) else {
            continue;
        };
        let claims = pools.claims.get(pi);
        let rank = claims.and_then(|c| c.rank_of(record, b));
        if o.allocated == Due::None {
            continue;
        }
        let quota_cut = claims.is_some_and(|c| c.quota_cut(record, b));
        let area = claims.and_then(|c| c.area_rank_of(record, b));
        // The quota, and where this record stands in it, in words.
        let quota = p.quota.as_ref().map(|q| {
            let words = quota_words(q, lang);
            match (area, &q.per) {
                (Some((value, r)), Some((field, _))) => text!(
                    "quota {words}; rank {r} among the records of {field} {value}",
                    "名额{words}；在{field} {value} 中排第 {r} 名"
                ),
                _ => text!("quota {words}", "名额{words}"),
            }
        });
        let benefit = plan.benefits.get(b).map_or_else(String::new, |x| {
            let clause = plan.clauses.get(x.clause).map_or("", |c| c.id.as_str());
            format!("{clause} {}", x.name)
        });
        // The claim on the pool. A subsidy paid by rank claims nothing (the rank decides): its
        // amount, once ranked, is its allocation, not a claim.
        let claim = match (&p.by_rank, claims) {
            (Some(_), Some(c)) => {
                let start = c.claims.partition_point(|x| x.record < record);
                c.claims
                    .get(start..)
                    .unwrap_or(&[])
                    .iter()
                    .take_while(|x| x.record == record)
                    .find(|x| usize::try_from(x.benefit).is_ok_and(|x| x == b))
                    .map(|x| x.amount)
            }
            _ => o.pay.known(),
        };
        let (pool, claimed) = (&p.name, money(p.claimed));
        let rank_due = claims
            .and_then(|c| c.rank_pay_of(record, b))
            .map(|(due, _, _)| due);
        let by_rank = match (&p.by_rank, claims.and_then(|c| c.rank_pay_of(record, b))) {
            (Some(r), Some((due, place, _))) => Some(rank_text(
                RankNote {
                    pool,
                    benefit: &benefit,
                    rank,
                    place,
                    due,
                    tbd: claims.is_some_and(|c| c.rank_known(record, b)),
                    quota_cut,
                    area,
                    field: r.per.as_deref().unwrap_or(""),
                    amounts: &r.amounts,
                },
                money,
            )),
            _ => None,
        };
        let (n, k) = (p.claimants, p.claims);
        let mut text = match (claim, p.total, o.allocated) {
            _ if by_rank.is_some() => by_rank.clone().unwrap_or_else(|| text!("", "")),
            (None, _, _) => text!(
                "{pool}: {benefit}'s claim is not known yet, so neither is its allocation",
                "{pool}：{benefit} 的申报额尚未确定，核定金额也无法确定"
            ),
            (Some(c), _, Due::Known(a)) if quota_cut => {
                let (cm, am) = (money(c), money(a));
                let r = rank.map_or_else(|| "?".to_string(), |r| r.to_string());
                let q = quota.clone().unwrap_or_else(|| text!("", ""));
                let (qe, qz) = (&q.en, &q.zh);
                text!(
                    "{pool}: {benefit} claims {cm} yuan, rank {r}; {qe}: the quota is reached before it, so it gets nothing: allocated {am} yuan",
                    "{pool}：{benefit} 申报 {cm}元，排第 {r} 名；{qz}：名额已满，不予支持：核定 {am}元"
                )
            }
            (Some(c), None, Due::Known(a)) if !p.capped => {
                let (cm, am) = (money(c), money(a));
                let r = rank.map_or_else(|| "?".to_string(), |r| r.to_string());
                let q = quota.clone().unwrap_or_else(|| text!("", ""));
                let (qe, qz) = (&q.en, &q.zh);
                text!(
                    "{pool}: {benefit} claims {cm} yuan, rank {r}; {qe}; the pool has no total, so a claim within the quota is paid in full: allocated {am} yuan",
                    "{pool}：{benefit} 申报 {cm}元，排第 {r} 名；{qz}；未设资金总额，名额内全额支持：核定 {am}元"
                )
            }
            (Some(c), None, _) => {
                let c = money(c);
                text!(
                    "{pool}: {benefit} claims {c} yuan; the pool's total is not set yet (`待定`), so no allocation is known (claims in all: {claimed} yuan from {n} records)",
                    "{pool}：{benefit} 申报 {c}元；资金总额待定，核定金额尚不能确定（申报合计 {claimed}元，{n} 户）"
                )
            }
            (Some(c), Some(t), Due::Known(a)) if p.ranked => {
                let (cm, tm, am) = (money(c), money(t), money(a));
                let r = rank.map_or_else(|| "?".to_string(), |r| r.to_string());
                let in_quota = p.quota.as_ref().map(|q| money(q.claimed_in_quota));
                match (p.cutoff, in_quota) {
                    (None, Some(cq)) => text!(
                        "{pool}: {benefit} claims {cm} yuan, rank {r}; the claims within the quota, {cq} yuan (of {claimed} yuan claimed in all), do not exceed the total {tm} yuan: allocated in full, {am} yuan",
                        "{pool}：{benefit} 申报 {cm}元，排第 {r} 名；名额内申报合计 {cq}元（申报合计 {claimed}元）未超过资金总额 {tm}元，全额核定 {am}元"
                    ),
                    (Some(cut), Some(cq)) => text!(
                        "{pool}: {benefit} claims {cm} yuan, rank {r}; the claims within the quota, {cq} yuan (of {claimed} yuan claimed in all), exceed the total {tm} yuan, so they are paid in full in rank order until the total is used up, and the pool is full at rank {cut}: allocated {am} yuan",
                        "{pool}：{benefit} 申报 {cm}元，排第 {r} 名；名额内申报合计 {cq}元（申报合计 {claimed}元）超过资金总额 {tm}元，按名次择优全额支持，额满为止，额满于第 {cut} 名：核定 {am}元"
                    ),
                    (None, None) => text!(
                        "{pool}: {benefit} claims {cm} yuan, rank {r}; the claims in all, {claimed} yuan ({k} claims from {n} records), do not exceed the total {tm} yuan: allocated in full, {am} yuan",
                        "{pool}：{benefit} 申报 {cm}元，排第 {r} 名；申报合计 {claimed}元（{n} 户 {k} 笔）未超过资金总额 {tm}元，全额核定 {am}元"
                    ),
                    (Some(cut), None) => text!(
                        "{pool}: {benefit} claims {cm} yuan, rank {r}; the claims in all, {claimed} yuan ({k} claims from {n} records), exceed the total {tm} yuan, so the claims are paid in full in rank order until the total is used up, and the pool is full at rank {cut}: allocated {am} yuan",
                        "{pool}：{benefit} 申报 {cm}元，排第 {r} 名；申报合计 {claimed}元（{n} 户 {k} 笔）超过资金总额 {tm}元，按名次择优全额支持，额满为止，额满于第 {cut} 名：核定 {am}元"
                    ),
                }
            }
            (Some(c), Some(t), Due::Known(a)) => {
                let (cm, tm, am) = (money(c), money(t), money(a));
                match p.ratio {
                    None => text!(
                        "{pool}: {benefit} claims {cm} yuan; the claims in all, {claimed} yuan ({k} claims from {n} records), do not exceed the total {tm} yuan: allocated in full, {am} yuan",
                        "{pool}：{benefit} 申报 {cm}元；申报合计 {claimed}元（{n} 户 {k} 笔）未超过资金总额 {tm}元，全额核定 {am}元"
                    ),
                    Some(r) => {
                        let pct = percent(r);
                        let floor = crate::pool::rounded_down(t, p.claimed, c).unwrap_or(a);
                        let fm = money(floor);
                        let fen = a - floor;
                        let mut line = text!(
                            "{pool}: {benefit} claims {cm} yuan; the claims in all, {claimed} yuan ({k} claims from {n} records), exceed the total {tm} yuan, so each is reduced pro rata ({pct} paid): {cm} × {tm} ÷ {claimed}, rounded down to the fen, is {fm} yuan",
                            "{pool}：{benefit} 申报 {cm}元；申报合计 {claimed}元（{n} 户 {k} 笔）超过资金总额 {tm}元，按比例核减（兑付比例 {pct}）：{cm} × {tm} ÷ {claimed}，向下取整到分为 {fm}元"
                        );
                        if fen > Decimal::ZERO {
                            let fen = money(fen);
                            let more = text!(
                                "; plus {fen} yuan of the left-over fens (largest remainders first)",
                                "；另按尾差从大到小补 {fen}元"
                            );
                            line.en.push_str(&more.en);
                            line.zh.push_str(&more.zh);
                        }
                        let end = text!("; allocated {am} yuan", "；核定 {am}元");
                        line.en.push_str(&end.en);
                        line.zh.push_str(&end.zh);
                        line
                    }
                }
            }
            (Some(c), Some(_), _) => {
                let c = money(c);
                text!(
                    "{pool}: {benefit} claims {c} yuan; its allocation is not known",
                    "{pool}：{benefit} 申报 {c}元；核定金额尚不能确定"
                )
            }
        };
        if let (Some(q), false, true, None) = (&quota, quota_cut, p.capped, &p.by_rank) {
            if o.pay.known().is_some() && p.total.is_some() {
                let (qe, qz) = (&q.en, &q.zh);
                let more = text!(" ({qe}: within it)", "（{qz}：在名额内）");
                text.en.push_str(&more.en);
                text.zh.push_str(&more.zh);
            }
        }
        // Tied on the order value with other claims: what put them apart.
        if let (Some(c), Some(pp)) = (claims, plan.pools.get(pi)) {
            let ties = tie_text(plan, pp, &c.ties_of(record, b));
            text.en.push_str(&ties.en);
            text.zh.push_str(&ties.zh);
        }
        // Below the list of amounts by rank, a record not decided yet can only push it further
        // down: its nothing is final.
        let final_zero = rank_due == Some(Due::Known(Decimal::ZERO));
        if p.provisional && p.open > 0 && !final_zero {
            let open = p.open;
            // Named as the table's line per provisional pool names them.
            let named: Vec<String> = p.named_open.iter().map(|r| open_record(r, lang)).collect();
            let etc = if open > u64::try_from(named.len()).unwrap_or(u64::MAX) {
                text!(" …", " 等")
            } else {
                text!("", "")
            };
            let (list, etc) = (named.join(", "), etc.get(lang));
            let more = text!(
                " (provisional: {open} records are not decided yet: {list}{etc})",
                "（暂定：尚有 {open} 户未确定：{list}{etc}）"
            );
            text.en.push_str(&more.en);
            text.zh.push_str(&more.zh);
        }
        out.push(PoolNote {
            pool: pool.clone(),
            benefit,
            claim: claim.map(money),
            total: p.total.map(money),
            claimed: claimed.clone(),
            ratio: p.ratio.map(|r| r.to_string()),
            allocated: match o.allocated {
                Due::Known(a) => Some(money(a)),
                _ => None,
            },
            rank,
            cutoff_rank: p.cutoff,
            rank_amounts: p.by_rank.as_ref().map_or_else(Vec::new, |r| {
                r.amounts.iter().map(|a| a.map(money)).collect()
            }),
            quota_reached: quota_cut,
            area: area.map(|(a, _)| a.to_string()),
            area_rank: area.map(|(_, r)| r),
            provisional: p.provisional,
            text: text.get(lang).to_string(),
        });
    }
    out
}

/// A ranked pool's order value or tie-breaker by name: a field's or a definition's, else
/// `排序依据` (`the order value`).
fn order_name(plan: &crate::eval::plan::Plan, node: &crate::eval::plan::Node) -> crate::diag::Text {
    use crate::eval::plan::Node;
    let name = match node {
        Node::Field(s) => plan
            .schema
            .fields
            .get(usize::from(*s))
            .map(|f| f.name.as_str()),
        Node::Def(d) => plan.defs.get(usize::from(*d)).map(|d| d.name.as_str()),
        _ => None,
    };
    match name {
        Some(n) => crate::diag::Text::new(n.to_string(), n.to_string()),
        None => text!("the order value", "排序依据"),
    }
}

/// The most tied claims named by rank on one side; the rest are `等`.
const MAX_TIED: usize = 5;

/// What put this claim apart from the claims tied with it on the order value:
/// `；研发费用增长率 与第 2 名相同，按 上年度研发费用 从高到低 排在其后` (empty without a tie).
fn tie_text(
    plan: &crate::eval::plan::Plan,
    pool: &crate::eval::plan::PoolPlan,
    ties: &[crate::pool::Tie],
) -> crate::diag::Text {
    let Some(order) = pool.rank_by.as_ref().filter(|_| !ties.is_empty()) else {
        return text!("", "");
    };
    let order = order_name(plan, order);
    let mut groups: Vec<(Option<usize>, bool, Vec<u64>)> = Vec::new();
    for t in ties {
        match groups
            .iter_mut()
            .find(|(by, before, _)| *by == t.by && *before == t.before)
        {
            Some((_, _, ranks)) => ranks.push(t.rank),
            None => groups.push((t.by, t.before, vec![t.rank])),
        }
    }
    let mut parts = Vec::new();
    for (by, before, mut ranks) in groups {
        ranks.sort_unstable();
        let etc = ranks.len() > MAX_TIED;
        let shown: Vec<String> = ranks.iter().take(MAX_TIED).map(u64::to_string).collect();
        let (list_en, list_zh) = (shown.join(", "), shown.join("、"));
        let (more_en, more_zh) = if etc { (" …", " 等") } else { ("", "") };
        let side = if before {
            text!("after", "其后")
        } else {
            text!("before", "其前")
        };
        let (se, sz) = (&side.en, &side.zh);
        let rule = match by.and_then(|k| pool.ties.get(k)) {
            Some((node, highest)) => {
                let name = order_name(plan, node);
                let (ne, nz) = (&name.en, &name.zh);
                if *highest {
                    text!(
                        "{ne} (highest first) puts it {se}",
                        "按 {nz} 从高到低 排在{sz}"
                    )
                } else {
                    text!(
                        "{ne} (lowest first) puts it {se}",
                        "按 {nz} 从低到高 排在{sz}"
                    )
                }
            }
            None => text!("record order puts it {se}", "按记录顺序排在{sz}"),
        };
        let (re, rz) = (&rule.en, &rule.zh);
        let (oe, oz) = (&order.en, &order.zh);
        parts.push(text!(
            "its {oe} equals that of rank {list_en}{more_en}: {re}",
            "{oz} 与第 {list_zh}{more_zh} 名相同，{rz}"
        ));
    }
    let en: Vec<&str> = parts.iter().map(|p| p.en.as_str()).collect();
    let zh: Vec<&str> = parts.iter().map(|p| p.zh.as_str()).collect();
    let (en, zh) = (en.join("; "), zh.join("；"));
    text!("; {en}", "；{zh}")
}

/// One claim on a pool with amounts by rank, for its note.
struct RankNote<'a> {
    pool: &'a str,
    benefit: &'a str,
    /// Its rank in the pool.
    rank: Option<u64>,
    /// The rank its amount goes by (in its area with a quota per area; 0: not known).
    place: u64,
    /// What it is given.
    due: crate::eval::Due,
    /// Its rank is known: when `due` is unknown, the amount of its rank is `待定`.
    tbd: bool,
    quota_cut: bool,
    /// Its area and its rank there, with a quota per area.
    area: Option<(&'a str, u64)>,
    /// The field of the quota per area.
    field: &'a str,
    amounts: &'a [Option<Decimal>],
}

/// A claim on a pool with amounts by rank in words: its rank, the list, and why this amount.
fn rank_text(n: RankNote<'_>, money: fn(Decimal) -> String) -> crate::diag::Text {
    use crate::eval::Due;
    let (pool, benefit) = (n.pool, n.benefit);
    let tbd = crate::diag::Word::Tbd;
    let list: Vec<crate::diag::Text> = n
        .amounts
        .iter()
        .map(|a| match a {
            Some(x) => {
                let m = money(*x);
                text!("{m} yuan", "{m}元")
            }
            None => crate::diag::Text::new(tbd.get(Lang::En), tbd.get(Lang::Zh)),
        })
        .collect();
    let join = |l: Lang| {
        list.iter()
            .map(|t| t.get(l).to_string())
            .collect::<Vec<_>>()
            .join(text!(", ", "、").get(l))
    };
    let (le, lz) = (join(Lang::En), join(Lang::Zh));
    let top = n.amounts.len();
    let r = n.rank.map_or_else(|| "?".to_string(), |r| r.to_string());
    let (place, field) = (n.place, n.field);
    // With ranks counted per area, the rank in the area is the one that counts: the rank among
    // every claim would only mislead.
    let at = match n.area {
        Some((value, _)) => text!(
            "rank {place} among the records of {field} {value}",
            "在{field} {value} 中排第 {place} 名"
        ),
        None => text!("rank {r}", "排第 {r} 名"),
    };
    let (ae, az) = (&at.en, &at.zh);
    match n.due {
        Due::Unknown if n.tbd => text!(
            "{pool}: {benefit}, {ae}; the top {top} get {le}: the amount of rank {place} is not set yet (`待定`), so neither is its allocation",
            "{pool}：{benefit}，{az}；前 {top} 名分别给予 {lz}：第 {place} 名的金额待定，核定金额尚不能确定"
        ),
        Due::Unknown => text!(
            "{pool}: {benefit}: its rank is not known yet (its order value is not), so neither is its amount; the top {top} get {le}",
            "{pool}：{benefit} 的名次尚不能确定（排序依据未知），金额也无法确定；前 {top} 名分别给予 {lz}"
        ),
        Due::Known(a) if n.quota_cut => {
            let am = money(a);
            text!(
                "{pool}: {benefit}, {ae}; the quota is reached before it, so it gets nothing: allocated {am} yuan",
                "{pool}：{benefit}，{az}；名额已满，不予给予：核定 {am}元"
            )
        }
        Due::Known(a) if n.place > 0 && n.place <= u64::try_from(top).unwrap_or(u64::MAX) => {
            let am = money(a);
            text!(
                "{pool}: {benefit}, {ae}; the top {top} get {le}: rank {place} gets {am} yuan",
                "{pool}：{benefit}，{az}；前 {top} 名分别给予 {lz}：第 {place} 名给予 {am}元"
            )
        }
        Due::Known(a) => {
            let am = money(a);
            text!(
                "{pool}: {benefit}, {ae}; the top {top} get {le}: ranked outside the top {top}, it gets nothing: allocated {am} yuan",
                "{pool}：{benefit}，{az}；前 {top} 名分别给予 {lz}：名次在前 {top} 名之外，不予给予：核定 {am}元"
            )
        }
        Due::None => text!("", ""),
    }
}
