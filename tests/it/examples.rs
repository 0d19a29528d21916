//! The worked examples (`示例`) of notice 2021-7 run by `jiangbu test`.
//!
//! The examples themselves were computed by hand from the notice and the bureau's reading in
//! SPEC.md, with the arithmetic in comments beside each cell. Here: the shipped policy passes
//! them all; a policy with one number broken fails them with a readable report (snapshot); and
//! the JUnit report is well-formed XML that counts the same examples and failures.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use insta_cmd::assert_cmd_snapshot;

const POLICY: &str = "policies/changchun-2021-7.policy";
/// The file name of the broken copy, run from its own directory so that the report names it
/// without the scratch directory's path.
const BROKEN_NAME: &str = "changchun-2021-7.policy";

/// The clause 3 amount line, and the same line with the per-enterprise cap cut from 30万元 to
/// 20万元: the one number broken in the copy.
const CAP_LINE: &str = "金额 300元 × 省外户籍员工数，最高 30万元";
const BROKEN_CAP_LINE: &str = "金额 300元 × 省外户籍员工数，最高 20万元";

/// The examples the 20万元 cap breaks, computed by hand: each expects a clause 3 amount above
/// 200,000 yuan. 1200 people (360,000 → cap), 1000 people (300,000), 1001 people (300,300 → cap)
/// and 999 people (299,700; its award, 第三条 at 299,700, also changes to 200,000). The examples
/// with 0, 100 and 500 people (0, 30,000 and 150,000 yuan) stay under either cap and still pass.
const BROKEN_BY_CAP: [&str; 4] = [
    "增长恰好6%、省外员工1200人：第三条封顶30万元",
    "省外员工恰好1000人：300元×1000=30万元，恰好等于上限；第二条待定，待选",
    "省外员工1001人：300300元封顶为30万元，与第二条30万元并列，取在前的第二条",
    "省外员工999人：299700元，低于上限；就高取第三条",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn jiangbu() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jiangbu"));
    cmd.current_dir(root());
    cmd.env("NO_COLOR", "1");
    cmd
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_prepend_module_to_snapshot(false);
    s.set_snapshot_path("../snapshots/examples");
    s
}

fn policy_text() -> String {
    std::fs::read_to_string(root().join(POLICY)).unwrap()
}

/// How many examples the policy declares: lines that start a `示例` block.
fn declared_examples() -> usize {
    policy_text()
        .lines()
        .filter(|l| l.starts_with("示例 "))
        .count()
}

/// A scratch directory holding a copy of the policy with the clause 3 cap at 20万元; removed
/// when dropped.
struct BrokenCopy {
    dir: PathBuf,
}

impl BrokenCopy {
    fn new(tag: &str) -> Self {
        let text = policy_text();
        assert_eq!(
            text.matches(CAP_LINE).count(),
            1,
            "the policy should state the clause 3 amount once as `{CAP_LINE}`"
        );
        let dir =
            std::env::temp_dir().join(format!("jiangbu-examples-{}-{tag}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join(BROKEN_NAME),
            text.replace(CAP_LINE, BROKEN_CAP_LINE),
        )
        .unwrap();
        BrokenCopy { dir }
    }

    /// `jiangbu` run in the scratch directory.
    fn jiangbu(&self) -> Command {
        let mut cmd = jiangbu();
        cmd.current_dir(&self.dir);
        cmd
    }
}

impl Drop for BrokenCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// `(total, passed, failed)` from the last line of a text report: `26 examples: 26 passed, 0 failed`
/// or, for a Chinese policy, `共 26 个示例：通过 26 个，失败 0 个`.
fn summary(report: &str) -> (usize, usize, usize) {
    let line = report
        .lines()
        .rev()
        .find(|l| l.contains(" examples: ") || l.contains(" 个示例："))
        .unwrap_or_else(|| panic!("no summary line in:\n{report}"));
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    assert_eq!(numbers.len(), 3, "summary line: {line}");
    (numbers[0], numbers[1], numbers[2])
}

#[test]
fn the_shipped_policy_passes_all_its_examples() {
    let out = jiangbu().args(["test", POLICY]).output().unwrap();
    let report = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{report}");
    let (total, passed, failed) = summary(&report);
    assert!(passed >= 16, "only {passed} examples passed:\n{report}");
    assert_eq!((total, failed), (passed, 0), "{report}");
    assert_eq!(total, declared_examples(), "{report}");
    assert!(!report.contains("失败  "), "{report}");
}

#[test]
fn a_broken_cap_fails_the_examples_it_breaks_with_expected_and_actual() {
    let copy = BrokenCopy::new("text");
    let out = copy.jiangbu().args(["test", BROKEN_NAME]).output().unwrap();
    let report = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    let failed: Vec<&str> = report
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("失败    "))
        .collect();
    assert_eq!(failed, BROKEN_BY_CAP, "{report}");
    let (total, passed, fails) = summary(&report);
    assert_eq!(
        (total, passed, fails),
        (declared_examples(), declared_examples() - 4, 4)
    );
    // 1000 people: 300元 × 1000 = 300,000 expected, the broken cap pays 200,000.
    assert!(report.contains("期望：符合 300,000.00元"), "{report}");
    assert!(report.contains("实际：符合 200,000.00元"), "{report}");
    settings().bind(|| assert_cmd_snapshot!(copy.jiangbu().args(["test", BROKEN_NAME])));
}

#[test]
fn junit_counts_the_examples_and_reports_the_failures() {
    let declared = declared_examples();

    let out = jiangbu()
        .args(["test", POLICY, "--format", "junit"])
        .output()
        .unwrap();
    let xml = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{xml}");
    well_formed(&xml).unwrap_or_else(|e| panic!("{e}:\n{xml}"));
    assert_eq!(xml.matches("<testcase ").count(), declared, "{xml}");
    assert_eq!(xml.matches("<failure").count(), 0, "{xml}");
    assert!(
        xml.contains(&format!("tests=\"{declared}\" failures=\"0\"")),
        "{xml}"
    );

    let copy = BrokenCopy::new("junit");
    let out = copy
        .jiangbu()
        .args(["test", BROKEN_NAME, "--format", "junit"])
        .output()
        .unwrap();
    let xml = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{xml}");
    well_formed(&xml).unwrap_or_else(|e| panic!("{e}:\n{xml}"));
    assert_eq!(xml.matches("<testcase ").count(), declared, "{xml}");
    assert_eq!(xml.matches("<failure ").count(), 4, "{xml}");
    assert!(
        xml.contains(&format!("tests=\"{declared}\" failures=\"4\"")),
        "{xml}"
    );
    // Each failure sits in the testcase of an example the cap breaks and shows the capped amount.
    for name in BROKEN_BY_CAP {
        let open = format!("<testcase classname=\"{BROKEN_NAME}\" name=\"{name}\">");
        let at = xml
            .find(&open)
            .unwrap_or_else(|| panic!("no failing testcase `{name}`:\n{xml}"));
        let case = &xml[at..];
        let case = &case[..case.find("</testcase>").unwrap()];
        assert!(case.contains("<failure message=\""), "{case}");
        // (The failure speaks the policy's language: `实际`, not `actual`.)
        assert!(case.contains("实际 符合 200,000.00元"), "{case}");
    }
}

// ------------------------------------------------------------------------------------------------
// A small XML well-formedness check (the test binary has no XML parser): one optional
// declaration, one root element, tags nested and closed in order, attribute values quoted, no
// duplicate attributes, and only the five predefined or numeric entity references.
// ------------------------------------------------------------------------------------------------

fn well_formed(xml: &str) -> Result<(), String> {
    let mut rest = xml;
    if let Some(after) = rest.strip_prefix("<?xml") {
        let end = after.find("?>").ok_or("unterminated XML declaration")?;
        rest = &after[end + 2..];
    }
    let mut open: Vec<&str> = Vec::new();
    let mut roots = 0;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            text(rest)?;
            if open.is_empty() && !rest.trim().is_empty() {
                return Err(format!("text outside the root element: {rest:?}"));
            }
            break;
        };
        let before = &rest[..lt];
        text(before)?;
        if open.is_empty() && !before.trim().is_empty() {
            return Err(format!("text outside the root element: {before:?}"));
        }
        let gt = rest[lt..].find('>').ok_or("unterminated tag")? + lt;
        let tag = &rest[lt + 1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            match open.pop() {
                Some(top) if top == name.trim_end() => {}
                top => return Err(format!("`</{name}>` closes {top:?}")),
            }
            continue;
        }
        let (body, empty) = match tag.strip_suffix('/') {
            Some(body) => (body, true),
            None => (tag, false),
        };
        let name = element(body)?;
        if open.is_empty() {
            roots += 1;
            if roots > 1 {
                return Err(format!("a second root element `<{name}>`"));
            }
        }
        if !empty {
            open.push(name);
        }
    }
    match (open.last(), roots) {
        (Some(name), _) => Err(format!("`<{name}>` is never closed")),
        (None, 0) => Err("no root element".into()),
        _ => Ok(()),
    }
}

/// A start tag's contents without `<`, `>` and a final `/`: its name, after checking attributes.
fn element(body: &str) -> Result<&str, String> {
    let name_end = body.find(char::is_whitespace).unwrap_or(body.len());
    let name = &body[..name_end];
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || "_-:.".contains(c))
    {
        return Err(format!("bad element name in `<{body}>`"));
    }
    let mut rest = body[name_end..].trim_start();
    let mut seen: Vec<&str> = Vec::new();
    while !rest.is_empty() {
        let eq = rest
            .find('=')
            .ok_or_else(|| format!("attribute without a value in `<{body}>`"))?;
        let attr = rest[..eq].trim();
        if attr.is_empty() || seen.contains(&attr) {
            return Err(format!("empty or duplicate attribute in `<{body}>`"));
        }
        seen.push(attr);
        let value = rest[eq + 1..].trim_start();
        let quote = value
            .chars()
            .next()
            .filter(|q| *q == '"' || *q == '\'')
            .ok_or_else(|| format!("unquoted attribute `{attr}` in `<{body}>`"))?;
        let close = value[1..]
            .find(quote)
            .ok_or_else(|| format!("unterminated attribute `{attr}` in `<{body}>`"))?;
        text(&value[1..1 + close])?;
        rest = value[close + 2..].trim_start();
    }
    Ok(name)
}

/// Character data: no raw `<`, and every `&` starts a known entity reference.
fn text(s: &str) -> Result<(), String> {
    if s.contains('<') {
        return Err(format!("raw `<` in {s:?}"));
    }
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        let after = &rest[amp + 1..];
        let semi = after
            .find(';')
            .ok_or_else(|| format!("bare `&` in {s:?}"))?;
        let entity = &after[..semi];
        let numeric = entity
            .strip_prefix("#x")
            .map(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
            .or_else(|| {
                entity
                    .strip_prefix('#')
                    .map(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
            })
            .unwrap_or(false);
        if !numeric && !["amp", "lt", "gt", "quot", "apos"].contains(&entity) {
            return Err(format!("unknown entity `&{entity};` in {s:?}"));
        }
        rest = &after[semi + 1..];
    }
    Ok(())
}

#[test]
fn the_xml_check_rejects_what_it_should() {
    assert!(well_formed("<?xml version=\"1.0\"?>\n<a><b x=\"1\"/>t &amp; u</a>\n").is_ok());
    for bad in [
        "",
        "<a>",
        "<a></b>",
        "<a/><b/>",
        "<a x=1/>",
        "<a x=\"1\" x=\"2\"/>",
        "<a>1 < 2</a>",
        "<a>R&D</a>",
        "<a>&nbsp;</a>",
        "<a x=\"&\"/>",
        "text<a/>",
    ] {
        assert!(well_formed(bad).is_err(), "accepted {bad:?}");
    }
}
