//! `jiangbu serve` in a real browser: headless Chromium, driven over WebDriver by chromedriver
//! (Debian's `chromium` and `chromium-driver`), through an officer's whole loop. A screenshot of
//! each step is saved under `target/browser/`.
//!
//! Without chromedriver the test is skipped with a loud message, unless
//! `JIANGBU_BROWSER_TESTS=require` (as `.ci/run` sets it), when it fails.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::serve::workbook_rows;

const POLICY: &str = "policies/changchun-2021-7.policy";
const RECORDS: &str = "examples/enterprises.csv";
const WORKBOOK: &str = "examples/enterprises.xlsx";
/// The key WebDriver names an element by.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// chromedriver on PATH (or `JIANGBU_CHROMEDRIVER`).
fn chromedriver() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("JIANGBU_CHROMEDRIVER") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("chromedriver"))
        .find(|p| p.is_file())
}

/// One HTTP/1.1 exchange with chromedriver: the JSON it answers.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Value {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let body = body.map(Value::to_string).unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    // chromedriver keeps the connection open: read the head, then Content-Length bytes.
    let mut answer = Vec::new();
    let mut byte = [0u8; 1];
    while !answer.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).unwrap() == 0 {
            break;
        }
        answer.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&answer).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|n| n.trim().parse::<usize>().ok());
    let mut body = Vec::new();
    match length {
        Some(n) => {
            body.resize(n, 0);
            stream.read_exact(&mut body).unwrap();
        }
        None => {
            stream.read_to_end(&mut body).unwrap();
        }
    }
    serde_json::from_slice(&body).unwrap_or(Value::Null)
}

/// A browser session, ended (and chromedriver stopped) on drop.
struct Browser {
    driver: Child,
    port: u16,
    session: String,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let path = format!("/session/{}", self.session);
        let _ = std::panic::catch_unwind(|| http(self.port, "DELETE", &path, None));
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Browser {
    fn start(driver: &Path, downloads: &Path) -> Browser {
        let port = free_port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let ready = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                ready.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let mut options = json!({
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1400,1000"],
            "prefs": {
                "download.default_directory": downloads.display().to_string(),
                "download.prompt_for_download": false,
            },
        });
        if Path::new("/usr/bin/chromium").exists() {
            options["binary"] = "/usr/bin/chromium".into();
        }
        let caps = json!({ "capabilities": { "alwaysMatch": { "goog:chromeOptions": options } } });
        let answer = http(port, "POST", "/session", Some(&caps));
        let session = answer["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {answer}"))
            .to_string();
        Browser {
            driver: child,
            port,
            session,
        }
    }

    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        let path = format!("/session/{}{path}", self.session);
        let answer = http(self.port, method, &path, body);
        assert!(
            answer["value"].get("error").is_none(),
            "{method} {path}: {answer}"
        );
        answer["value"].clone()
    }

    fn go(&self, url: &str) {
        self.call("POST", "/url", Some(&json!({ "url": url })));
    }

    fn find(&self, css: &str) -> String {
        let found = self.call(
            "POST",
            "/element",
            Some(&json!({ "using": "css selector", "value": css })),
        );
        found[ELEMENT].as_str().unwrap().to_string()
    }

    fn click(&self, css: &str) {
        let id = self.find(css);
        self.call("POST", &format!("/element/{id}/click"), Some(&json!({})));
    }

    fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        let body = json!({ "text": text });
        self.call("POST", &format!("/element/{id}/value"), Some(&body));
    }

    fn run(&self, script: &str, args: Value) -> Value {
        let body = json!({ "script": script, "args": args });
        self.call("POST", "/execute/sync", Some(&body))
    }

    fn text(&self, css: &str) -> String {
        let script =
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;";
        self.run(script, json!([css]))
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Wait until `css`'s text satisfies `ok`; its text.
    fn wait_text(&self, css: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let text = self.text(css);
            if ok(&text) {
                return text;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "`{css}` never came right; it says {text:?}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn screenshot(&self, name: &str) {
        let png = self.call("GET", "/screenshot", None);
        let bytes = base64(png.as_str().unwrap());
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), bytes).unwrap();
    }
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// Standard base64 (screenshots).
fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let digits: Vec<u8> = text
        .bytes()
        .filter(|c| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/')
        .map(value)
        .collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &d)| n | (u32::from(d) << (18 - 6 * i)));
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

fn jiangbu(args: &[&str]) -> Vec<u8> {
    Command::new(env!("CARGO_BIN_EXE_jiangbu"))
        .args(args)
        .env_remove("LANG")
        .output()
        .unwrap()
        .stdout
}

#[test]
fn an_officer_works_through_the_loop_in_chromium() {
    let required = std::env::var("JIANGBU_BROWSER_TESTS").is_ok_and(|v| v == "require");
    let Some(driver) = chromedriver() else {
        assert!(
            !required,
            "JIANGBU_BROWSER_TESTS=require but chromedriver is not on PATH \
             (apt-get install chromium chromium-driver)"
        );
        eprintln!(
            "\n\n**********************************************************************\n\
             SKIPPED: the browser test of `jiangbu serve` needs chromedriver\n\
             (apt-get install chromium chromium-driver); .ci/run requires it.\n\
             **********************************************************************\n"
        );
        return;
    };
    let started = Instant::now();
    let dir = std::env::temp_dir().join(format!("jiangbu-browser-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let downloads = dir.join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let policy = dir.join("policy.policy");
    std::fs::copy(POLICY, &policy).unwrap();

    // The server, in process, on a free port of 127.0.0.1, with the policy and no records.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let bench = jiangbu::serve::Workbench::new(Some(policy.clone()), Vec::new());
    let app = jiangbu::serve::router(Arc::new(bench), addr);
    std::thread::spawn(move || jiangbu::serve::run(listener, app));
    let url = format!("http://{addr}/");

    let browser = Browser::start(&driver, &downloads);
    // 1. Load: the policy is in the editor and checks clean (the Chinese policy's words).
    browser.go(&url);
    browser.wait_text("#check-summary", |t| t == "没有问题");
    assert_eq!(browser.text("#title"), "奖补工作台");
    browser.screenshot("1-loaded");

    // 2. Type an error: a definition that reads a field the policy does not have.
    let typo = "\n定义 坏 = 不存在的字段 + 1";
    browser.type_into("#policy", typo);
    let diagnostics = browser.wait_text("#diagnostics", |t| {
        t.contains("jiangbu::check::unknown_name")
    });
    assert!(
        diagnostics.contains("未知名称 `不存在的字段`"),
        "{diagnostics}"
    );
    // The name is underlined in the editor.
    assert_eq!(browser.text("#highlight .err"), "不存在的字段");
    browser.screenshot("2-error");

    // 3. Fix it: delete what was typed.
    let backspaces = "\u{E003}".repeat(typo.chars().count());
    browser.type_into("#policy", &backspaces);
    browser.wait_text("#check-summary", |t| t == "没有问题");
    assert_eq!(browser.text("#diagnostics"), "");
    browser.screenshot("3-fixed");

    // 4. Drop the workbook (through the drop zone's file input) and read the totals: the
    // same as `jiangbu eval`'s for the 101 enterprises.
    let workbook = std::fs::canonicalize(WORKBOOK).unwrap();
    browser.type_into("#file", &workbook.display().to_string());
    browser.wait_text("#total-records", |t| t == "101");
    let eval: Value =
        serde_json::from_slice(&jiangbu(&["eval", POLICY, RECORDS, "--format", "json"])).unwrap();
    let summary = &eval["summary"];
    assert_eq!(
        browser.text("#total-paid"),
        summary["paid_sum"].as_str().unwrap()
    );
    let line = browser.text("#totals-line");
    let awards = &summary["awards"];
    for (label, key) in [
        ("获得奖补", "awarded"),
        ("待选择", "pending"),
        ("无", "none"),
    ] {
        assert!(
            line.contains(&format!("{label}: {}", awards[key])),
            "{line}"
        );
    }
    assert_eq!(
        browser.run(
            "return document.querySelectorAll('#results tbody tr').length;",
            json!([])
        ),
        101
    );
    // Filter by area: 汽开区 has 10 enterprises (by eval's area totals); then by status.
    let rows = "return document.querySelectorAll('#results tbody tr').length;";
    let kaiqu = summary["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "汽开区")
        .unwrap();
    assert_eq!(kaiqu["records"], 10);
    browser.click("#filter-area option[value='汽开区']");
    assert_eq!(browser.run(rows, json!([])), 10);
    browser.click("#filter-area option[value='']");
    browser.click("#filter-status option[value='pending']");
    assert_eq!(browser.run(rows, json!([])), awards["pending"]);
    browser.screenshot("4-results");
    browser.click("#filter-status option[value='']");

    // 5. Open an explanation: the same text as `jiangbu explain`.
    let id = "91220174MABTE3G8FJ";
    browser.click(&format!("#results tr[data-id='{id}']"));
    let text = browser.wait_text("#explanation", |t| t.contains(id));
    let cli = String::from_utf8(jiangbu(&["explain", POLICY, RECORDS, "--id", id])).unwrap();
    assert_eq!(text, cli);
    browser.screenshot("5-explanation");

    // 6. Edit a threshold (第一条: a net increase of 2000万元 → 1000万元) and see what it
    // changes: the ten records counted by hand in serve.rs become eligible.
    let select =
        "const e = document.getElementById('policy'); const at = e.value.indexOf(arguments[0]); \
                  e.focus(); e.setSelectionRange(at, at + 4); return at;";
    let at = browser.run(select, json!(["2000万元 以上"]));
    assert!(at.as_i64().unwrap() > 0);
    browser.type_into("#policy", "1000");
    browser.wait_text("#check-summary", |t| t == "没有问题");
    browser.click("#preview");
    browser.wait_text("#diff-changed", |t| t == "10");
    // The worked examples written against the 2000万元 threshold now fail: the five whose
    // record has a net increase from 1000万元 up to 2000万元 and growth ≥ 6%, each expecting
    // 第一条 not to hold: 净增1999.9999万元 (about 100%), 2021年产值恰好5000万元 (5000 − 4000 = 1000万元,
    // 25%), 省外员工数空白 (6000 − 5000 = 1000万元, 20%), 净增恰好1000万元 and 净增1500万元 (第八条's
    // two). The other 21 of the 26 pass.
    browser.wait_text("#tests-summary", |t| t == "21 通过, 5 失败");
    assert!(browser
        .text("#tests")
        .contains("✗ 净增1999.9999万元：差1元不足2000万元，第一条不符合"));
    browser.screenshot("6-diff");

    // 7. Export the results to Excel and read the workbook back.
    browser.click("#export-xlsx");
    let file = downloads.join("results.xlsx");
    let start = Instant::now();
    while !file.is_file() {
        assert!(start.elapsed() < Duration::from_secs(60), "no download");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(300));
    let rows = workbook_rows(std::fs::read(&file).unwrap());
    assert_eq!(rows.len(), 102, "the header and 101 enterprises");
    browser.screenshot("7-exported");
    drop(browser);
    assert!(started.elapsed() < Duration::from_secs(300));
}
