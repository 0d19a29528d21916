//! The TextMate grammar in editors/ knows every keyword of the language.

#[test]
fn the_textmate_grammar_has_every_keyword() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/jiangbu.tmLanguage.json");
    let text = std::fs::read_to_string(path).unwrap();
    let grammar: serde_json::Value = serde_json::from_str(&text).unwrap();
    // Every `match` regex of the grammar.
    let mut matches = Vec::new();
    let mut stack = vec![&grammar];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(m)) = map.get("match") {
                    matches.push(m.clone());
                }
                stack.extend(map.values());
            }
            serde_json::Value::Array(list) => stack.extend(list),
            _ => {}
        }
    }
    let mut checked = 0;
    for k in jiangbu::syntax::keywords::KEYWORDS {
        for word in k.zh.iter().chain(k.en.iter()) {
            // A multi-word keyword is written with `\s+` between its words.
            let pattern = word.replace(' ', "\\s+");
            let alternative = |m: &String| {
                m.split(['|', '(', ')', ':', '?'])
                    .any(|part| part == pattern)
            };
            assert!(
                matches.iter().any(alternative),
                "`{word}` ({}) is missing from editors/jiangbu.tmLanguage.json",
                k.rule
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} keywords checked");
}

#[test]
fn the_keyword_reference_lists_every_keyword() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/keywords.md");
    let text = std::fs::read_to_string(path).unwrap();
    for k in jiangbu::syntax::keywords::KEYWORDS {
        for word in k.zh.iter().chain(k.en.iter()) {
            assert!(
                text.contains(&format!("`{word}`")),
                "`{word}` ({}) is missing from docs/keywords.md",
                k.rule
            );
        }
    }
}
