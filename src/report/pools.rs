//! The fund pools' part of the totals: per pool its total, claims, claimants, allocation,
//! ratio, unspent fens and whether it is provisional (and which records keep it open). Renders
//! what `pool::allocate` worked out; computes nothing.

use rust_decimal::{Decimal, RoundingStrategy};

use super::text::table;
use crate::diag::text;
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

/// The pools section of the table's totals (empty without pools). `money` spells an amount.
pub(crate) fn table_section(pools: &[PoolResult], lang: Lang, money: fn(Decimal) -> String) -> String {
    if pools.is_empty() {
        return String::new();
    }
    let tbd = text!("tbd", "待定");
    let tbd = tbd.get(lang);
    let header: Vec<String> = [
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
    .collect();
    let known = |d: Option<Decimal>| d.map_or_else(|| tbd.to_string(), money);
    let rows: Vec<Vec<String>> = pools
        .iter()
        .map(|p| {
            vec![
                p.name.clone(),
                known(p.total),
                p.claimants.to_string(),
                p.claims.to_string(),
                money(p.claimed),
                known(p.allocated),
                match (p.total, p.ratio) {
                    (None, _) => tbd.to_string(),
                    (Some(_), Some(r)) => percent(r),
                    (Some(_), None) => "100.0000%".to_string(),
                },
                known(p.unspent),
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
    let title = text!(
        "Fund pools (claims are the payable amounts above; allocations after the pool)",
        "资金总额（申报额即上表应付金额；核定金额为按资金总额分配后的金额）"
    );
    let mut out = format!("{}\n", title.get(lang));
    out.push_str(&table(
        &header,
        &rows,
        &[false, true, true, true, true, true, true, true, false],
    ));
    for p in pools {
        let name = &p.name;
        if p.total.is_none() {
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
            let (list, more) = (named.join(", "), more.get(lang));
            let line = text!(
                "{name}: provisional, {n} records keep it open (undetermined or amount not known): {list}{more}",
                "{name}：暂定，{n} 户尚未确定（待查或金额待定）：{list}{more}"
            );
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
            serde_json::json!({
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
            })
        })
        .collect();
    serde_json::Value::Array(list)
}
