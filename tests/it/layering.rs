//! Imports run one way: shared types live in leaf modules (STYLE.md, "Shared types live in leaf
//! modules"). This reads the `use` lines and the inline `super::`/`crate::` paths of the source
//! and checks:
//! - in `src/data`, no module imports a record reader (`csv`, `excel`, `json`) other than
//!   itself: readers take rows, errors and header mapping from shared leaves, never from each
//!   other;
//! - in `src/data`, `src/eval`, `src/fmt` and `src/report`, the imports between the modules of a
//!   folder have no cycle (a module using its own parent's items, as `report/explain/*` use
//!   `explain.rs`, is nesting, not a cycle).
//!
//! The parser is small and honest rather than complete: it strips `//` comments, stops at the
//! first `#[cfg(test)]` of a file (test modules sit at the bottom), expands `use` trees with
//! braces, and resolves a path to the deepest module file it names. A name the folder's `mod.rs`
//! re-exports (`crate::eval::Status`) resolves to the module it comes from.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module inside the folder under test, as its path below the folder (`["excel", "workbook"]`);
/// the folder's `mod.rs` is `[]`.
type Module = Vec<String>;

/// Who imports whom, within one folder: edges between its modules.
type Graph = BTreeMap<Module, BTreeSet<Module>>;

/// The record readers of `src/data`: none may import another (anything below `excel/` is
/// excel's own).
const READERS: [&str; 3] = ["csv", "excel", "json"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every module file below `dir`, keyed by module path; `tests*.rs` files are test modules and
/// left out.
fn module_files(dir: &Path, prefix: &[String], out: &mut BTreeMap<Module, String>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            let mut inner = prefix.to_vec();
            inner.push(name);
            module_files(&path, &inner, out);
        } else if let Some(stem) = name.strip_suffix(".rs") {
            if stem.starts_with("tests") {
                continue;
            }
            let mut module = prefix.to_vec();
            if stem != "mod" {
                module.push(stem.to_owned());
            }
            out.insert(module, std::fs::read_to_string(&path).unwrap());
        }
    }
}

/// The code of a file that is compiled outside tests, without `//` comments: it ends at an
/// inline `#[cfg(test)] mod … {` (test modules sit at the bottom of a file).
fn code(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            let next = lines.peek().map_or("", |l| l.trim_start());
            if next.starts_with("mod ") && next.contains('{') {
                break;
            }
        }
        let line = match line.find("//") {
            // Keep `"…//…"` inside a string literal: only cut where the quotes before are even.
            Some(at) if line[..at].matches('"').count() % 2 == 0 => &line[..at],
            _ => line,
        };
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// A `use` tree without renames: `a::{b as c, d}` becomes `a::{b,d}` (whitespace dropped).
fn without_renames(tree: &str) -> String {
    let mut out = String::new();
    let mut tokens = tree.split_whitespace();
    while let Some(token) = tokens.next() {
        if token == "as" {
            // Keep what follows the new name: `,`, `}` or `};`.
            let renamed = tokens.next().unwrap_or("");
            out.extend(
                renamed
                    .chars()
                    .filter(|c| !(c.is_alphanumeric() || *c == '_')),
            );
        } else {
            out.push_str(token);
        }
    }
    out
}

/// Split `a::{b,c::{D,e}}` (renames dropped) into `a::b`, `a::c::D` and `a::c::e`.
fn expand(tree: &str) -> Vec<Vec<String>> {
    let Some(open) = tree.find('{') else {
        return vec![segments(tree)];
    };
    let head = segments(tree[..open].trim_end_matches("::"));
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut items = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    let mut out = Vec::new();
    for item in items.into_iter().filter(|i| !i.is_empty()) {
        for tail in expand(item) {
            let mut path = head.clone();
            path.extend(tail.into_iter().filter(|s| s != "self"));
            out.push(path);
        }
    }
    out
}

fn segments(path: &str) -> Vec<String> {
    path.split("::")
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The paths a file's code names: every `use` tree, expanded, and every inline path starting
/// with `super::` or `crate::`.
fn paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = code;
    // `use` statements, possibly over several lines.
    while let Some(at) = rest.find("use ") {
        let before = rest[..at].chars().next_back();
        let after = &rest[at + 4..];
        if before.is_none_or(|c| c.is_whitespace() || c == ';' || c == '}' || c == ')') {
            if let Some(end) = after.find(';') {
                out.extend(expand(&without_renames(&after[..end])));
            }
        }
        rest = after;
    }
    // Inline paths: `super::a::b(…)`, `crate::eval::Status`.
    let bytes = code.as_bytes();
    for start in ["super::", "crate::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(start) {
            let at = from + at;
            from = at + start.len();
            if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
                continue;
            }
            let end = code[at..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .map_or(code.len(), |e| at + e);
            out.push(segments(&code[at..end]));
        }
    }
    out
}

/// The names the folder's `mod.rs` re-exports from its modules (`pub use self::row::Row`).
fn reexports(root_code: &str, modules: &BTreeMap<Module, String>) -> BTreeMap<String, Module> {
    let mut out = BTreeMap::new();
    for path in paths(root_code) {
        let path: Vec<String> = path.into_iter().skip_while(|s| s == "self").collect();
        let (module, depth) = deepest(&[], &path, modules);
        if depth > 0 && depth < path.len() {
            out.insert(path[path.len() - 1].clone(), module);
        }
    }
    out
}

/// The deepest module of `modules` that `path` names from `base`, and how many segments of
/// `path` named modules.
fn deepest(
    base: &[String],
    path: &[String],
    modules: &BTreeMap<Module, String>,
) -> (Module, usize) {
    let mut module = base.to_vec();
    let mut depth = 0;
    for segment in path {
        let mut next = module.clone();
        next.push(segment.clone());
        if !modules.contains_key(&next) {
            break;
        }
        module = next;
        depth += 1;
    }
    (module, depth)
}

/// The import graph of the folder `src/<folder>`.
fn graph(folder: &str) -> Graph {
    let mut modules = BTreeMap::new();
    module_files(&src().join(folder), &[], &mut modules);
    graph_of(folder, &modules)
}

fn graph_of(folder: &str, modules: &BTreeMap<Module, String>) -> Graph {
    let root = code(modules.get(&Vec::new()).map_or("", String::as_str));
    let reexported = reexports(&root, modules);
    let mut graph = Graph::new();
    for (module, text) in modules {
        let edges = graph.entry(module.clone()).or_default();
        if module.is_empty() {
            continue; // `mod.rs` declares and re-exports its modules: the facade, not a peer.
        }
        for path in paths(&code(text)) {
            let (base, rest): (Module, &[String]) = match path.first().map(String::as_str) {
                Some("crate") if path.get(1).map(String::as_str) == Some(folder) => {
                    (Vec::new(), &path[2..])
                }
                Some("super") => {
                    let ups = path.iter().take_while(|s| *s == "super").count();
                    let keep = module.len().saturating_sub(ups);
                    (module[..keep].to_vec(), &path[ups..])
                }
                Some("self") => (module.clone(), &path[1..]),
                _ => continue,
            };
            let (mut target, depth) = deepest(&base, rest, modules);
            if depth == 0 && base.is_empty() {
                // An item of `mod.rs`: its own (the facade), or one it re-exports.
                match rest.first().and_then(|name| reexported.get(name)) {
                    Some(from) => target = from.clone(),
                    None => continue,
                }
            }
            // A module reaching its own parent file (`excel/workbook` -> `excel`) is how Rust
            // nests modules, not a peer import.
            if target != *module && !target.is_empty() && !module.starts_with(&target) {
                edges.insert(target);
            }
        }
    }
    graph
}

/// One cycle of `graph`, as the modules along it, if there is one.
fn cycle(graph: &Graph) -> Option<Vec<Module>> {
    fn visit(
        node: &Module,
        graph: &Graph,
        state: &mut BTreeMap<Module, bool>,
        stack: &mut Vec<Module>,
    ) -> Option<Vec<Module>> {
        match state.get(node) {
            Some(true) => return None,
            Some(false) => {
                let from = stack.iter().position(|m| m == node).unwrap_or(0);
                let mut found = stack[from..].to_vec();
                found.push(node.clone());
                return Some(found);
            }
            None => {}
        }
        state.insert(node.clone(), false);
        stack.push(node.clone());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, state, stack) {
                return Some(found);
            }
        }
        stack.pop();
        state.insert(node.clone(), true);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if let Some(found) = visit(node, graph, &mut state, &mut Vec::new()) {
            return Some(found);
        }
    }
    None
}

fn show(path: &[Module]) -> String {
    let names: Vec<String> = path.iter().map(|m| m.join("/")).collect();
    names.join(" -> ")
}

/// The edges `a -> b` where `b` is a reader (or inside one) and `a` is not that reader.
fn reader_violations(graph: &Graph) -> Vec<String> {
    let reader = |m: &Module| m.first().filter(|r| READERS.contains(&r.as_str())).cloned();
    let mut out = Vec::new();
    for (from, targets) in graph {
        for to in targets {
            if reader(to).is_some() && reader(to) != reader(from) {
                out.push(show(&[from.clone(), to.clone()]));
            }
        }
    }
    out
}

fn edge(graph: &Graph, from: &str, to: &str) -> bool {
    let module = |s: &str| -> Module { s.split('/').map(str::to_owned).collect() };
    graph
        .get(&module(from))
        .is_some_and(|targets| targets.contains(&module(to)))
}

#[test]
fn no_data_module_imports_a_reader_but_itself() {
    let graph = graph("data");
    // The scan sees the imports that are there: each reader takes rows, errors and headers from
    // the leaves, and excel reads parts through its own workbook module.
    for (from, to) in [
        ("csv", "row"),
        ("excel", "error"),
        ("json", "header"),
        ("excel", "excel/workbook"),
        ("excel/workbook", "row"),
        ("typing", "row"),
    ] {
        assert!(
            edge(&graph, from, to),
            "{from} -> {to} not seen: {graph:#?}"
        );
    }
    assert_eq!(reader_violations(&graph), Vec::<String>::new());
}

#[test]
fn data_eval_fmt_and_report_have_no_import_cycle() {
    for folder in ["data", "eval", "fmt", "report"] {
        let graph = graph(folder);
        let edges: usize = graph.values().map(BTreeSet::len).sum();
        assert!(
            edges >= 5,
            "{folder}: only {edges} imports seen: {graph:#?}"
        );
        if let Some(found) = cycle(&graph) {
            panic!("src/{folder} has an import cycle: {}", show(&found));
        }
    }
}

/// The graph of `eval` holds the edges its files show, including ones reached through `mod.rs`
/// re-exports, inline paths and multi-line `use` trees.
#[test]
fn the_scan_reads_eval_as_written() {
    let graph = graph("eval");
    for (from, to) in [
        ("record", "outcome"),
        ("record", "decision"),
        ("decision", "outcome"),
        ("plan", "outcome"),
        ("plan", "flat"),
        ("flat", "node"),
        ("flat_eval", "expr"),
        ("record", "plan"),
        ("trace", "value"),
    ] {
        assert!(
            edge(&graph, from, to),
            "{from} -> {to} not seen: {graph:#?}"
        );
    }
    assert!(!edge(&graph, "decision", "record"), "{graph:#?}");
    assert!(!edge(&graph, "truth", "plan"), "{graph:#?}");
}

/// The parser and the two checks on small made-up folders: each hostile form is seen.
#[test]
fn the_checks_catch_what_they_are_for() {
    let folder = |files: &[(&str, &str)]| -> BTreeMap<Module, String> {
        files
            .iter()
            .map(|(m, text)| {
                let module: Module = m
                    .split('/')
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect();
                (module, (*text).to_owned())
            })
            .collect()
    };
    // A direct cycle through a braced, multi-line use tree.
    let g = graph_of(
        "x",
        &folder(&[
            ("", "mod a;\nmod b;\n"),
            ("a", "use super::{\n    b::{self, B},\n};\n"),
            ("b", "pub(crate) use super::a::A;\n"),
        ]),
    );
    assert_eq!(cycle(&g).map(|c| show(&c)), Some("a -> b -> a".to_owned()));
    // A cycle through an inline path and a name `mod.rs` re-exports, over three modules.
    let g = graph_of(
        "x",
        &folder(&[
            ("", "mod a;\nmod b;\nmod c;\npub use self::c::Status;\n"),
            ("a", "fn f() { super::b::g(); }\n"),
            ("b", "fn g() -> crate::x::Status { todo!() }\n"),
            ("c", "use super::a::f as h;\n"),
        ]),
    );
    assert_eq!(
        cycle(&g).map(|c| show(&c)),
        Some("a -> b -> c -> a".to_owned())
    );
    // Comments and test modules are not imports.
    let g = graph_of(
        "x",
        &folder(&[
            ("", "mod a;\nmod b;\n"),
            ("a", "use super::b::B; // see super::c\n"),
            (
                "b",
                "// use super::a::A;\n#[cfg(test)]\nmod tests { use super::super::a::A; }\n",
            ),
        ]),
    );
    assert_eq!(cycle(&g), None);
    // A reader importing another reader, a leaf importing a reader, and a reader's own child.
    let g = graph_of(
        "data",
        &folder(&[
            ("", "mod csv;\nmod excel;\nmod json;\nmod row;\n"),
            ("csv", ""),
            (
                "excel",
                "use super::csv::{map_columns, Row};\nuse self::workbook::read;\n",
            ),
            ("excel/workbook", "use crate::data::row::Row;\n"),
            ("json", "fn f() { super::row::quote(); }\n"),
            ("row", "use super::json::Thing;\n"),
        ]),
    );
    assert_eq!(
        reader_violations(&g),
        vec!["excel -> csv".to_owned(), "row -> json".to_owned()]
    );
}
