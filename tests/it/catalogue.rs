//! Every message of the program's own is written in both languages (issue 14): each `text!`
//! in `src/` has an English text without Chinese and a Chinese text that is Chinese, and neither
//! is empty unless both are. (`Word`'s catalogue has its own test in `src/diag/words.rs`.)
//!
//! What the check leaves out of a text is what is not words of ours: `{placeholders}`, code and
//! user input in backticks, and in English the units and yes/no spellings a cell may be written
//! with (`万`, `亿`, `元`, `是/否`), which an English message quotes.

use std::path::Path;

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The Rust string literal at the start of `s` (after blanks): its text, escapes `\"` and `\\`
/// undone, and the rest of `s`. `None` when `s` does not start with a literal.
fn literal(s: &str) -> Option<(String, &str)> {
    let s = s.trim_start();
    let body = s.strip_prefix('"')?;
    let mut text = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((text, &body[i + 1..])),
            '\\' => {
                if let Some((_, e)) = chars.next() {
                    text.push(match e {
                        'n' => '\n',
                        other => other,
                    });
                }
            }
            c => text.push(c),
        }
    }
    None
}

/// `text` without `{placeholders}` and `` `quoted` `` spans.
fn words_of(text: &str) -> String {
    let mut out = String::new();
    let mut skip: Option<char> = None;
    for c in text.chars() {
        match (skip, c) {
            (None, '{') => skip = Some('}'),
            (None, '`') => skip = Some('`'),
            (Some(end), c) if c == end => skip = None,
            (Some(_), _) => {}
            (None, c) => out.push(c),
        }
    }
    out
}

/// Every `text!("en", "zh")` of `src/`: (file:line, en, zh).
fn texts() -> Vec<(String, String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    let mut out = Vec::new();
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        let mut rest = source.as_str();
        while let Some(at) = rest.find("text!(") {
            let line = source[..source.len() - rest.len() + at].lines().count();
            let after = &rest[at + "text!(".len()..];
            rest = after;
            // The macro's own definition and its doc comments hold no literals.
            let Some((en, tail)) = literal(after) else {
                continue;
            };
            let Some(tail) = tail.trim_start().strip_prefix(',') else {
                continue;
            };
            let Some((zh, _)) = literal(tail) else {
                continue;
            };
            let place = format!("{}:{line}", file.strip_prefix(root).unwrap().display());
            out.push((place, en, zh));
        }
    }
    out
}

/// What is wrong with the text `en` / `zh`, if anything.
fn problem(en: &str, zh: &str) -> Option<&'static str> {
    if en.is_empty() && zh.is_empty() {
        return None;
    }
    if en.trim().is_empty() || zh.trim().is_empty() {
        return Some("an empty text");
    }
    let en_words = words_of(en).replace("是/否", "");
    if en_words.chars().any(|c| is_han(c) && !"万亿元".contains(c)) {
        return Some("English holds Chinese");
    }
    let chinese = words_of(zh)
        .chars()
        .any(|c| is_han(c) || "（），：；、“”「」。".contains(c));
    // A text of placeholders and signs only (`{a} → {b}`) may be the same in both.
    let signs_only = !words_of(en).chars().any(|c| c.is_alphabetic());
    let same_signs = signs_only && en == zh;
    if !(chinese || same_signs) {
        return Some("Chinese holds no Chinese");
    }
    None
}

#[test]
fn every_text_is_written_in_both_languages() {
    let all = texts();
    // The source has a few hundred; far fewer means the scan broke.
    assert!(all.len() > 250, "only {} texts found", all.len());
    let bad: Vec<String> = all
        .iter()
        .filter_map(|(place, en, zh)| {
            problem(en, zh).map(|p| format!("{place}: {p}: `{en}` / `{zh}`"))
        })
        .collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// The scan finds what it should, and the check catches a text in one language only.
#[test]
fn the_scan_reads_the_literals_and_the_check_fails_on_one_language() {
    assert_eq!(
        literal(r#""a \"b\" {c}", "中"#),
        Some(("a \"b\" {c}".to_string(), r#", "中"#))
    );
    assert_eq!(words_of("`{x}` 是 {y} yes"), " 是  yes");
    let all = texts();
    assert!(all
        .iter()
        .any(|(_, en, zh)| en == "cannot read `{path}`: {en}" && zh == "无法读取 `{path}`：{zh}"));
    // Untranslated, half-translated, empty: each caught.
    assert_eq!(
        problem("{n} records", "{n} records"),
        Some("Chinese holds no Chinese")
    );
    assert_eq!(problem("{n} 户", "{n} 户"), Some("English holds Chinese"));
    assert_eq!(problem("", "无"), Some("an empty text"));
    assert_eq!(problem("none", " "), Some("an empty text"));
    // Allowed: quoted input, cell units, signs only, both empty.
    assert_eq!(
        problem("`{v}` is not 是/否 nor 5000万", "`{v}` 不是是或否"),
        None
    );
    assert_eq!(problem("{a} → {b}", "{a} → {b}"), None);
    assert_eq!(problem("", ""), None);
}
