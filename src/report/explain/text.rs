//! The explanation as text: a decision note, clause by clause.

use std::fmt::Write as _;

use super::{CondNote, Explanation};
use crate::syntax::keywords::Lang;

/// `✓`, `✗` or `?` for a truth.
pub(super) fn mark(truth: &str) -> &'static str {
    match truth {
        "true" => "✓",
        "false" => "✗",
        _ => "?",
    }
}

/// Labels in the reader's language.
struct Words {
    record: &'static str,
    row: &'static str,
    decision: &'static str,
    params: &'static str,
    tbd: &'static str,
    errors: &'static str,
    original: &'static str,
    note: &'static str,
    units: &'static str,
    condition: &'static str,
    always: &'static str,
    definitions: &'static str,
    amount: &'static str,
    installments: &'static str,
    funds: &'static str,
    content: &'static str,
    exclusive: &'static str,
    cumulative: &'static str,
    highest: &'static str,
    choose: &'static str,
    colon: &'static str,
    list: &'static str,
    first: &'static str,
    shortfall: &'static str,
}

const ZH: Words = Words {
    record: "企业",
    row: "行",
    decision: "结论",
    params: "参数",
    tbd: "待定",
    errors: "数据有误",
    original: "原文",
    note: "解释",
    units: "责任单位",
    condition: "条件",
    always: "无条件，一律给予",
    definitions: "定义",
    amount: "金额",
    installments: "分期",
    funds: "资金",
    content: "内容",
    exclusive: "不可兼得",
    cumulative: "累计上限",
    highest: "就高",
    choose: "择一",
    colon: "：",
    list: "、",
    first: "先从",
    shortfall: "不足部分从",
};

const EN: Words = Words {
    record: "record",
    row: "row",
    decision: "decision",
    params: "parameters",
    tbd: "to be determined",
    errors: "data errors",
    original: "original text",
    note: "note",
    units: "responsible units",
    condition: "conditions",
    always: "none: granted to every enterprise",
    definitions: "definitions",
    amount: "amount",
    installments: "installments",
    funds: "funds",
    content: "provides",
    exclusive: "not cumulative",
    cumulative: "cumulative cap",
    highest: "take the highest",
    choose: "the officer chooses",
    colon: ": ",
    list: ", ",
    first: "first from",
    shortfall: "the shortfall from",
};

/// Render an explanation.
pub(super) fn render(e: &Explanation, lang: Lang) -> String {
    let w = match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    };
    let zh = lang == Lang::Zh;
    let c = w.colon;
    let mut out = String::new();
    match &e.document {
        Some(doc) if zh => {
            let _ = writeln!(out, "{}（{doc}）", e.policy);
        }
        Some(doc) => {
            let _ = writeln!(out, "{} ({doc})", e.policy);
        }
        None => {
            let _ = writeln!(out, "{}", e.policy);
        }
    }
    let who: Vec<&str> = [&e.id, &e.name]
        .into_iter()
        .filter_map(|s| s.as_deref())
        .collect();
    let place = match (&e.area, zh) {
        (Some(a), true) => format!("（{a}，第 {} {}）", e.row, w.row),
        (None, true) => format!("（第 {} {}）", e.row, w.row),
        (Some(a), false) => format!(" ({a}, {} {})", w.row, e.row),
        (None, false) => format!(" ({} {})", w.row, e.row),
    };
    let _ = writeln!(out, "{}{c}{}{place}", w.record, who.join(" "));
    let _ = writeln!(out, "{}{c}{}", w.decision, e.summary);
    let set: Vec<String> = e
        .parameters
        .iter()
        .filter_map(|p| p.value.as_ref().map(|v| format!("{} = {v}", p.name)))
        .collect();
    let open: Vec<&str> = e
        .parameters
        .iter()
        .filter(|p| p.value.is_none())
        .map(|p| p.name.as_str())
        .collect();
    if !set.is_empty() || !open.is_empty() {
        let mut parts = set;
        if !open.is_empty() {
            parts.push(format!("{}{c}{}", w.tbd, open.join(w.list)));
        }
        let _ = writeln!(
            out,
            "{}{c}{}",
            w.params,
            parts.join(if zh { "；" } else { "; " })
        );
    }
    for err in &e.errors {
        let _ = writeln!(out, "{}{c}{}", w.errors, err.message);
    }
    let mut noted: Vec<&str> = Vec::new();
    for clause in &e.clauses {
        out.push('\n');
        match &clause.title {
            Some(t) => {
                let _ = writeln!(out, "{} {t}", clause.id);
            }
            None => {
                let _ = writeln!(out, "{}", clause.id);
            }
        }
        if let Some(text) = &clause.original {
            let _ = writeln!(out, "  {}{c}「{}」", w.original, super::one_spaced(text));
        }
        for n in &clause.notes {
            let _ = writeln!(out, "  {}{c}{n}", w.note);
        }
        if !clause.units.is_empty() {
            let _ = writeln!(out, "  {}{c}{}", w.units, clause.units.join(w.list));
        }
        for b in &clause.benefits {
            let _ = writeln!(out, "  {}", b.decision);
            match &b.condition {
                Some(cond) => {
                    let _ = writeln!(out, "    {}{}", w.condition, c.trim_end());
                    condition(&mut out, cond, 3, zh);
                }
                None => {
                    let _ = writeln!(out, "    {}{c}{}", w.condition, w.always);
                }
            }
            if !b.definitions.is_empty() {
                let _ = writeln!(out, "    {}{}", w.definitions, c.trim_end());
                for d in &b.definitions {
                    let _ = writeln!(out, "      {}", d.calculation);
                    match &d.note {
                        // A definition's note is told the first time it is used.
                        Some(note) if !noted.contains(&d.name.as_str()) => {
                            noted.push(&d.name);
                            let _ = writeln!(out, "        {}{c}{note}", w.note);
                        }
                        _ => {}
                    }
                }
            }
            for line in &b.calculation {
                let _ = writeln!(out, "    {}{c}{line}", w.amount);
            }
            if !b.installments.is_empty() {
                // Installments split what is payable (after every cap): say so, with that amount.
                let money = |a: &Option<String>| match a.as_deref().map(str::parse) {
                    Some(Ok(d)) => super::num::money(d, lang),
                    _ => w.tbd.to_string(),
                };
                let parts: Vec<String> = b
                    .installments
                    .iter()
                    .map(|i| format!("{} {} {}", i.label, i.share, money(&i.amount)))
                    .collect();
                let (payable, sep) = if zh {
                    ("可给予 ", "，")
                } else {
                    ("payable ", ", ")
                };
                let _ = writeln!(
                    out,
                    "    {payable}{}{sep}{}{c}{}",
                    money(&b.payable),
                    w.installments,
                    parts.join(if zh { "；" } else { "; " })
                );
            }
            match b.funds.as_slice() {
                [] => {}
                [one] => {
                    let _ = writeln!(out, "    {}{c}{}", w.funds, quote(one, zh));
                }
                [first, rest @ ..] => {
                    let rest: Vec<String> = rest.iter().map(|f| quote(f, zh)).collect();
                    let (sep, space, tail) = if zh {
                        ("，", "", "列支")
                    } else {
                        (", ", " ", "")
                    };
                    let _ = writeln!(
                        out,
                        "    {}{c}{}{space}{}{tail}{sep}{}{space}{}{tail}",
                        w.funds,
                        w.first,
                        quote(first, zh),
                        w.shortfall,
                        rest.join(w.list),
                    );
                }
            }
            if let Some(content) = &b.content {
                let _ = writeln!(out, "    {}{c}{content}", w.content);
            }
            for n in &b.notes {
                let _ = writeln!(out, "    {}{c}{n}", w.note);
            }
            if let Some(g) = &b.group {
                let _ = writeln!(out, "    {g}");
            }
        }
    }
    for g in &e.groups {
        out.push('\n');
        let kind = if g.kind == "exclusive" {
            w.exclusive
        } else {
            w.cumulative
        };
        let rule = match g.rule {
            Some("highest") => Some(w.highest),
            Some(_) => Some(w.choose),
            None => None,
        };
        match (rule, zh) {
            (Some(r), true) => {
                let _ = writeln!(out, "{kind}“{}”（{r}）", g.name);
            }
            (Some(r), false) => {
                let _ = writeln!(out, "{kind}: {} ({r})", g.name);
            }
            (None, true) => {
                let _ = writeln!(out, "{kind}“{}”", g.name);
            }
            (None, false) => {
                let _ = writeln!(out, "{kind}: {}", g.name);
            }
        }
        if let Some(text) = &g.original {
            let _ = writeln!(out, "  {}{c}「{}」", w.original, super::one_spaced(text));
        }
        for line in &g.resolution {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

fn quote(s: &str, zh: bool) -> String {
    if zh {
        format!("“{s}”")
    } else {
        format!("\"{s}\"")
    }
}

/// A condition tree, one line per condition, indented by nesting.
fn condition(out: &mut String, cond: &CondNote, depth: usize, zh: bool) {
    let indent = "  ".repeat(depth);
    let mut line = format!("{indent}{} {}", mark(cond.truth), cond.text);
    if let Some(v) = &cond.values {
        line.push_str(if zh { "：" } else { ": " });
        line.push_str(v);
    }
    // The reason is told where it arises: not again on a block whose part is unknown.
    let part_unknown = cond.children.iter().any(|c| c.truth == "unknown");
    if let (Some(r), false) = (&cond.reason, part_unknown) {
        if zh {
            let _ = write!(line, "（{r}）");
        } else {
            let _ = write!(line, " ({r})");
        }
    }
    out.push_str(&line);
    out.push('\n');
    for child in &cond.children {
        condition(out, child, depth + 1, zh);
    }
}
