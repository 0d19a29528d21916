//! The explanation as text: a decision note, clause by clause.

use std::fmt::Write as _;

use super::{CondNote, Explanation};
use crate::diag::{text, Word};
use crate::syntax::keywords::Lang;

/// `✓`, `✗` or `?` for a truth.
pub(super) fn mark(truth: &str) -> &'static str {
    match truth {
        "true" => "✓",
        "false" => "✗",
        _ => "?",
    }
}

/// Render an explanation.
pub(super) fn render(e: &Explanation, lang: Lang) -> String {
    let w = |word: Word| word.get(lang);
    let c = w(Word::Colon);
    let mut out = String::new();
    let policy = &e.policy;
    match &e.document {
        Some(doc) => {
            let line = text!("{policy} ({doc})", "{policy}（{doc}）");
            let _ = writeln!(out, "{}", line.get(lang));
        }
        None => {
            let _ = writeln!(out, "{policy}");
        }
    }
    let who: Vec<&str> = [&e.id, &e.name]
        .into_iter()
        .filter_map(|s| s.as_deref())
        .collect();
    let row = e.row;
    let place = match &e.area {
        Some(a) => text!(" ({a}, row {row})", "（{a}，第 {row} 行）"),
        None => text!(" (row {row})", "（第 {row} 行）"),
    };
    let place = place.get(lang);
    let _ = writeln!(out, "{}{c}{}{place}", w(Word::ExplainRecord), who.join(" "));
    let _ = writeln!(out, "{}{c}{}", w(Word::ExplainDecision), e.summary);
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
            parts.push(format!(
                "{}{c}{}",
                w(Word::Tbd),
                open.join(w(Word::ListSep))
            ));
        }
        let _ = writeln!(
            out,
            "{}{c}{}",
            w(Word::ExplainParams),
            parts.join(w(Word::NoteSep))
        );
    }
    for err in &e.errors {
        let _ = writeln!(out, "{}{c}{}", w(Word::ExplainErrors), err.message);
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
            let _ = writeln!(
                out,
                "  {}{c}「{}」",
                w(Word::ExplainOriginal),
                super::one_spaced(text)
            );
        }
        for n in &clause.notes {
            let _ = writeln!(out, "  {}{c}{n}", w(Word::ExplainNote));
        }
        if !clause.units.is_empty() {
            let _ = writeln!(
                out,
                "  {}{c}{}",
                w(Word::ExplainUnits),
                clause.units.join(w(Word::ListSep))
            );
        }
        for b in &clause.benefits {
            let _ = writeln!(out, "  {}", b.decision);
            match &b.condition {
                Some(cond) => {
                    let _ = writeln!(out, "    {}{}", w(Word::ExplainCondition), c.trim_end());
                    condition(&mut out, cond, 3, lang);
                }
                None => {
                    let _ = writeln!(
                        out,
                        "    {}{c}{}",
                        w(Word::ExplainCondition),
                        w(Word::ExplainAlways)
                    );
                }
            }
            if !b.definitions.is_empty() {
                let _ = writeln!(out, "    {}{}", w(Word::ExplainDefinitions), c.trim_end());
                for d in &b.definitions {
                    let _ = writeln!(out, "      {}", d.calculation);
                    match &d.note {
                        // A definition's note is told the first time it is used.
                        Some(note) if !noted.contains(&d.name.as_str()) => {
                            noted.push(&d.name);
                            let _ = writeln!(out, "        {}{c}{note}", w(Word::ExplainNote));
                        }
                        _ => {}
                    }
                }
            }
            for line in &b.calculation {
                let _ = writeln!(out, "    {}{c}{line}", w(Word::ExplainAmount));
            }
            if !b.installments.is_empty() {
                // Installments split what is paid (after every cap; with a fund pool, the
                // allocation): say so, with that amount.
                let money = |a: &Option<String>| match a.as_deref().map(str::parse) {
                    Some(Ok(d)) => super::num::money(d, lang),
                    _ => w(Word::Tbd).to_string(),
                };
                let parts: Vec<String> = b
                    .installments
                    .iter()
                    .map(|i| format!("{} {} {}", i.label, i.share, money(&i.amount)))
                    .collect();
                let parts = parts.join(w(Word::NoteSep));
                // A subsidy paid from a fund pool: its installments split its allocation.
                let line = match b.allocated {
                    crate::eval::Due::None => {
                        let payable = money(&b.payable);
                        text!(
                            "payable {payable}, installments: {parts}",
                            "可给予 {payable}，分期：{parts}"
                        )
                    }
                    crate::eval::Due::Known(a) => {
                        let allocated = super::num::money(a, lang);
                        text!(
                            "allocated {allocated}, installments: {parts}",
                            "核定 {allocated}，分期：{parts}"
                        )
                    }
                    crate::eval::Due::Unknown => {
                        let allocated = w(Word::Tbd);
                        text!(
                            "allocated {allocated}, installments: {parts}",
                            "核定 {allocated}，分期：{parts}"
                        )
                    }
                };
                let _ = writeln!(out, "    {}", line.get(lang));
            }
            match b.funds.as_slice() {
                [] => {}
                [one] => {
                    let _ = writeln!(out, "    {}{c}{}", w(Word::ExplainFunds), quote(one, lang));
                }
                [first, rest @ ..] => {
                    let rest: Vec<String> = rest.iter().map(|f| quote(f, lang)).collect();
                    let (first, rest) = (quote(first, lang), rest.join(w(Word::ListSep)));
                    let line = text!(
                        "funds: first from {first}, the shortfall from {rest}",
                        "资金：先从{first}列支，不足部分从{rest}列支"
                    );
                    let _ = writeln!(out, "    {}", line.get(lang));
                }
            }
            if let Some(content) = &b.content {
                let _ = writeln!(out, "    {}{c}{content}", w(Word::ExplainContent));
            }
            for n in &b.notes {
                let _ = writeln!(out, "    {}{c}{n}", w(Word::ExplainNote));
            }
            if let Some(g) = &b.group {
                let _ = writeln!(out, "    {g}");
            }
        }
    }
    for g in &e.groups {
        out.push('\n');
        let kind = if g.kind == "exclusive" {
            w(Word::ExplainExclusive)
        } else {
            w(Word::ExplainCumulative)
        };
        let rule = match g.rule {
            Some("highest") => Some(w(Word::ExplainHighest)),
            Some(_) => Some(w(Word::ExplainChoose)),
            None => None,
        };
        let name = &g.name;
        let line = match rule {
            Some(r) => text!("{kind}: {name} ({r})", "{kind}“{name}”（{r}）"),
            None => text!("{kind}: {name}", "{kind}“{name}”"),
        };
        let _ = writeln!(out, "{}", line.get(lang));
        if let Some(text) = &g.original {
            let _ = writeln!(
                out,
                "  {}{c}「{}」",
                w(Word::ExplainOriginal),
                super::one_spaced(text)
            );
        }
        for line in &g.resolution {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

fn quote(s: &str, lang: Lang) -> String {
    text!("\"{s}\"", "“{s}”").get(lang).to_string()
}

/// A condition tree, one line per condition, indented by nesting.
fn condition(out: &mut String, cond: &CondNote, depth: usize, lang: Lang) {
    let indent = "  ".repeat(depth);
    let mut line = format!("{indent}{} {}", mark(cond.truth), cond.text);
    if let Some(v) = &cond.values {
        line.push_str(Word::Colon.get(lang));
        line.push_str(v);
    }
    // The reason is told where it arises: not again on a block whose part is unknown.
    let part_unknown = cond.children.iter().any(|c| c.truth == "unknown");
    if let (Some(r), false) = (&cond.reason, part_unknown) {
        line.push_str(text!(" ({r})", "（{r}）").get(lang));
    }
    out.push_str(&line);
    out.push('\n');
    for child in &cond.children {
        condition(out, child, depth + 1, lang);
    }
}
