// jiangbu workbench: the page's only script (served from the binary; no build step).
"use strict";

const state = { labels: {}, keywords: [], lang: "zh", hasFile: false, result: null,
  sortKey: "row", sortUp: true, checkTimer: null, checkSeq: 0, lastOk: false };
const $ = (id) => document.getElementById(id);
const L = (name) => state.labels[name] || name;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
  return e;
}

async function api(path, body, raw) {
  const init = body === undefined ? {} : {
    method: "POST",
    headers: raw ? {} : { "Content-Type": "application/json" },
    body: raw ? body : JSON.stringify(body),
  };
  const response = await fetch(path, init);
  return response;
}

function message(text) { $("message").textContent = text; }

// ---- editor: highlighting from the keyword table, diagnostics underlined ----

function escapeHtml(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

// Byte offsets (UTF-8, as the checker gives them) to indexes into the JavaScript string.
function byteToIndex(text) {
  const map = new Map();
  let bytes = 0, i = 0;
  for (const ch of text) {
    map.set(bytes, i);
    const cp = ch.codePointAt(0);
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += ch.length;
  }
  map.set(bytes, i);
  return (b) => {
    while (b > 0 && !map.has(b)) b -= 1;
    return map.get(b) || 0;
  };
}

function paint(text, diagnostics) {
  const n = text.length;
  const cls = new Array(n).fill("");
  // Comments and strings first: keywords inside them are not keywords.
  const taken = new Array(n).fill(false);
  const mark = (from, to, c) => { for (let i = from; i < to && i < n; i++) { cls[i] = c; taken[i] = true; } };
  const lexical = /#[^\n]*|"[^"\n]*"|「[^」]*」|(?<![\p{L}\p{N}_])\d+(?:\.\d+)?/gu;
  let m;
  while ((m = lexical.exec(text)) !== null) {
    const c = m[0][0] === "#" ? "cmt" : /\d/.test(m[0][0]) ? "num" : "str";
    mark(m.index, m.index + m[0].length, c);
  }
  for (const kw of state.keywords) {
    let at = text.indexOf(kw);
    while (at !== -1) {
      const end = at + kw.length;
      const free = !taken.slice(at, end).some(Boolean);
      // A keyword stands apart: not inside a name such as `所属地区` or `eligible_by`.
      const word = /[\p{L}\p{N}_]/u;
      const bounded = !word.test(text[at - 1] || "") && !word.test(text[end] || "");
      if (free && bounded) mark(at, end, "kw");
      at = text.indexOf(kw, end);
    }
  }
  const under = new Array(n).fill("");
  const toIndex = byteToIndex(text);
  for (const d of diagnostics) {
    for (const label of d.labels || []) {
      let from = toIndex(label.start), to = toIndex(label.end);
      if (to <= from) to = Math.min(from + 1, n);
      for (let i = from; i < to && i < n; i++) {
        if (under[i] !== "err") under[i] = d.severity === "error" ? "err" : "warn";
      }
    }
  }
  let html = "", i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && cls[j] === cls[i] && under[j] === under[i]) j++;
    const c = [cls[i], under[i]].filter(Boolean).join(" ");
    const part = escapeHtml(text.slice(i, j));
    html += c ? `<span class="${c}">${part}</span>` : part;
    i = j;
  }
  $("highlight").innerHTML = html + "\n";
  syncScroll();
}

function syncScroll() {
  $("highlight").scrollTop = $("policy").scrollTop;
  $("highlight").scrollLeft = $("policy").scrollLeft;
}

function showDiagnostics(list, target) {
  const ul = target || $("diagnostics");
  ul.replaceChildren();
  for (const d of list) {
    if (!d) continue;
    const where = d.line ? `${L("line")} ${d.line}:${d.column} ` : "";
    ul.append(el("li", { class: d.severity },
      `${where}${d.message} `, el("span", { class: "code" }, d.code || ""),
      d.help ? el("span", { class: "help" }, d.help) : ""));
  }
}

async function check() {
  const seq = ++state.checkSeq;
  const text = $("policy").value;
  const response = await api("/api/check", { policy: text });
  const result = await response.json();
  if (seq !== state.checkSeq) return;
  paint(text, result.diagnostics);
  showDiagnostics(result.diagnostics);
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  const warnings = result.diagnostics.length - errors;
  const summary = $("check-summary");
  summary.className = result.ok ? "ok" : "bad";
  summary.textContent = result.ok
    ? (warnings ? `${L("check_ok")} (${warnings} ${L("check_warnings")})` : L("check_ok"))
    : `${L("invalid")}: ${errors} ${L("check_errors")}`;
  state.lastOk = result.ok;
  if (result.ok) await evaluate();
}

function scheduleCheck() {
  paint($("policy").value, []);
  clearTimeout(state.checkTimer);
  state.checkTimer = setTimeout(check, 250);
}

// ---- records and results ----

async function evaluate() {
  const response = await api("/api/evaluate", { policy: $("policy").value });
  const body = await response.json();
  if (!response.ok) {
    showDiagnostics(body.diagnostics, $("record-errors"));
    return;
  }
  showDiagnostics(body.warnings || [], $("record-errors"));
  $("record-files").replaceChildren(...body.records.map((r) => el("li", {}, r)));
  state.result = body.result;
  // The contract's record has no name or area: the server gives them beside it, in order.
  state.result.records.forEach((r, i) => {
    const e = body.enterprises[i] || {};
    r.name = e.name || "";
    r.area = e.area || "";
    // What is paid and the verdict, as the decision says them (allocations, with pools).
    r.paid = e.paid === undefined ? r.payable : e.paid;
    r.verdict = e.verdict || "";
  });
  renderFilters();
  renderResults();
  renderTotals();
}

function awardStatus(r) {
  if (r.verdict === "unfunded") return "unfunded";
  if (r.award) return r.award.status;
  return { paid: "awarded", pending: "pending" }[r.verdict] || "none";
}

function renderFilters() {
  const records = state.result.records;
  const keep = (id) => $(id).value;
  const fill = (id, values) => {
    const old = keep(id);
    const select = $(id);
    select.replaceChildren(el("option", { value: "" }, L("all")),
      ...values.map((v) => el("option", { value: v }, L(v) === v ? v : L(v))));
    if (values.includes(old)) select.value = old;
  };
  fill("filter-status", [...new Set(records.map(awardStatus))]);
  fill("filter-area", [...new Set(records.map((r) => r.area || ""))]);
}

const columns = [
  { key: "id", label: "key", get: (r) => r.id || "" },
  { key: "name", label: "name", get: (r) => r.name },
  { key: "row", label: "row", get: (r) => r.row },
  { key: "area", label: "area", get: (r) => r.area || "" },
  { key: "award", label: "award", get: (r) => awardLabel(r) },
  { key: "payable", label: "payable", money: true, get: (r) => r.paid || "" },
  { key: "errors", label: "errors_col", get: (r) => (r.errors || []).length || "" },
];

function awardLabel(r) {
  const a = r.award;
  if (!a || r.verdict === "unfunded") return L(awardStatus(r));
  const what = a.clause ? ` ${a.clause} ${a.name || ""}` : a.candidates && a.candidates.length ? ` ${a.candidates.join(" / ")}` : "";
  return `${L(a.status)}${what}${a.provisional ? ` (${L("provisional")})` : ""}`;
}

function renderResults() {
  const status = $("filter-status").value, area = $("filter-area").value;
  let rows = state.result.records.filter((r) =>
    (!status || awardStatus(r) === status) && (!area || (r.area || "") === area));
  const col = columns.find((c) => c.key === state.sortKey) || columns[2];
  rows = rows.slice().sort((a, b) => {
    let x = col.get(a), y = col.get(b);
    if (col.money || col.key === "row" || col.key === "errors") { x = Number(x) || 0; y = Number(y) || 0; }
    const c = x < y ? -1 : x > y ? 1 : 0;
    return state.sortUp ? c : -c;
  });
  const head = el("tr", {}, ...columns.map((c) => {
    const th = el("th", { class: c.money ? "money" : "", "data-key": c.key },
      L(c.label) + (c.key === state.sortKey ? (state.sortUp ? " ▲" : " ▼") : ""));
    th.addEventListener("click", () => {
      state.sortUp = state.sortKey === c.key ? !state.sortUp : true;
      state.sortKey = c.key;
      renderResults();
    });
    return th;
  }));
  $("results").tHead.replaceChildren(head);
  $("results").tBodies[0].replaceChildren(...rows.map((r) => {
    const tr = el("tr", { "data-id": r.id || "" },
      ...columns.map((c) => el("td", { class: c.money ? "money" : "" }, c.get(r))));
    tr.addEventListener("click", () => explain(r.id, tr));
    return tr;
  }));
  $("shown-count").textContent = `${rows.length} / ${state.result.records.length}`;
}

function table(id, headers, rows) {
  return el("table", { id },
    el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", { class: h.money ? "money" : "" }, L(h.label))))),
    el("tbody", {}, ...rows.map((r) => el("tr", {}, ...headers.map((h) =>
      el("td", { class: h.money ? "money" : "" }, r[h.key]))))));
}

function renderTotals() {
  const s = state.result.summary;
  const a = s.awards;
  const line = el("p", { id: "totals-line" },
    `${L("records_n")}: `, el("b", { id: "total-records" }, s.records), "　",
    `${L("awarded")}: ${a.awarded}　`,
    a.unfunded === undefined ? "" : `${L("unfunded")}: ${a.unfunded}　`,
    `${L("pending")}: ${a.pending}　${L("none")}: ${a.none}　`,
    `${L("paid_sum")}: `, el("b", { id: "total-paid" }, s.paid_sum));
  const area = [{ key: "name", label: "area" }, { key: "records", label: "records_n" },
    { key: "paid", label: "paid_n" }, { key: "paid_sum", label: "paid_sum", money: true },
    { key: "pending", label: "pending" }, { key: "amount_open", label: "open_n" }];
  const parts = [line,
    el("h3", {}, L("by_clause")),
    table("totals-clauses", [{ key: "clause", label: "clause" }, { key: "name", label: "benefit" },
      { key: "eligible", label: "eligible" }, { key: "ineligible", label: "ineligible" },
      { key: "undetermined", label: "undetermined" }, { key: "paid", label: "paid_n" },
      { key: "paid_sum", label: "paid_sum", money: true }, { key: "paid_open", label: "open_n" }], s.benefits),
    el("h3", {}, L("by_area")), table("totals-areas", area, s.areas)];
  if (s.funds.length) {
    const fund = area.slice(); fund[0] = { key: "name", label: "fund" };
    parts.push(el("h3", {}, L("by_fund")), table("totals-funds", fund, s.funds));
  }
  if (s.periods.length) {
    parts.push(el("h3", {}, L("by_period")), table("totals-periods", [{ key: "label", label: "period" },
      { key: "paid_sum", label: "paid_sum", money: true }, { key: "amount_open", label: "open_n" }], s.periods));
  }
  $("totals").replaceChildren(...parts);
}

async function explain(id, tr) {
  for (const row of document.querySelectorAll("#results tr.selected")) row.classList.remove("selected");
  if (tr) tr.classList.add("selected");
  const response = await api("/api/explain", { policy: $("policy").value, id });
  const body = await response.json();
  $("explanation").textContent = response.ok ? body.text : body.diagnostics.map((d) => d.message).join("\n");
}

async function upload(file) {
  const bytes = await file.arrayBuffer();
  const response = await api(`/api/records?name=${encodeURIComponent(file.name)}`, bytes, true);
  if (!response.ok) { message(`${response.status}`); return; }
  await evaluate();
}

// ---- what this edit changes, save, export ----

function signed(d) { return d.startsWith("-") ? d : d === "0.00" ? d : `+${d}`; }

async function preview() {
  const policy = $("policy").value;
  const [diffResponse, testResponse] = await Promise.all([
    api("/api/diff", { policy }), api("/api/test", { policy })]);
  const diff = await diffResponse.json();
  if (!diffResponse.ok) {
    showDiagnostics(diff.diagnostics, $("diff").appendChild(el("ul", { class: "diagnostics" })));
  } else {
    const d = diff.diff;
    const t = d.totals;
    const rows = d.changes.map((c) => ({
      id: c.id, name: c.name || "", area: c.area || "",
      old: c.award && c.award.old ? L(c.award.old.status) : "",
      new: c.award && c.award.new ? L(c.award.new.status) : "",
      what: c.benefits.map((b) => `${b.clause} ${b.name}: ${L(b.old ? b.old.status : "none")} → ${L(b.new ? b.new.status : "none")}`).join("; "),
    }));
    const money = t.benefits.filter((b) => b.difference !== "0.00" || b.newly_eligible || b.no_longer_eligible)
      .map((b) => ({ clause: b.clause, name: b.name, old: b.old ? b.old.paid_sum : "", new: b.new ? b.new.paid_sum : "", difference: signed(b.difference) }));
    $("diff").replaceChildren(
      el("p", { id: "diff-summary" }, `${L("changed_records")}: `, el("b", { id: "diff-changed" }, d.changed),
        ` / ${d.records}　${L("paid_sum")}: ${t.paid_sum.old.paid_sum} → ${t.paid_sum.new.paid_sum} (${signed(t.paid_sum.difference)})`),
      d.changes.length ? table("diff-records", [{ key: "id", label: "key" }, { key: "area", label: "area" },
        { key: "old", label: "old" }, { key: "new", label: "new" }, { key: "what", label: "benefit" }], rows)
        : el("p", {}, L("no_change")),
      money.length ? table("diff-money", [{ key: "clause", label: "clause" }, { key: "name", label: "benefit" },
        { key: "old", label: "old", money: true }, { key: "new", label: "new", money: true },
        { key: "difference", label: "difference", money: true }], money) : "");
  }
  const tests = await testResponse.json();
  if (!testResponse.ok) { $("tests").replaceChildren(); return; }
  $("tests").replaceChildren(
    el("h3", {}, L("examples")),
    el("p", { id: "tests-summary" }, `${tests.passed} ${L("passed")}, ${tests.failed} ${L("failed")}`),
    el("ul", {}, ...tests.examples.map((e) => el("li", { class: e.mismatches.length ? "fail" : "pass" },
      `${e.mismatches.length ? "✗" : "✓"} ${e.name}`,
      ...e.mismatches.map((m) => el("div", {}, `${m.expectation}: ${L("expected")} ${m.expected}, ${L("actual")} ${m.actual}`))))));
}

async function save() {
  const response = await api("/api/save", { policy: $("policy").value });
  const body = await response.json();
  message(response.ok ? `${L("saved")} ${body.saved}` : body.diagnostics.map((d) => d.message).join("; "));
}

async function exportAs(format) {
  const response = await api(`/api/export?format=${format}`, { policy: $("policy").value });
  if (!response.ok) {
    const body = await response.json();
    message(body.diagnostics.map((d) => d.message).join("; "));
    return;
  }
  const blob = await response.blob();
  const a = el("a", { href: URL.createObjectURL(blob), download: `results.${format}` });
  document.body.append(a);
  a.click();
  a.remove();
}

// ---- start ----

async function start() {
  const response = await api("/api/state");
  const s = await response.json();
  if (!response.ok) { message(s.diagnostics.map((d) => d.message).join("; ")); return; }
  state.labels = Object.fromEntries(s.labels);
  state.keywords = s.keywords;
  state.lang = s.lang;
  state.hasFile = s.path !== null;
  document.documentElement.lang = s.lang === "zh" ? "zh-CN" : "en";
  document.title = L("title");
  $("title").textContent = L("title");
  $("path").textContent = s.path || L("no_file");
  for (const e of document.querySelectorAll("[data-label]")) e.textContent = L(e.dataset.label);
  $("save").disabled = !state.hasFile;
  $("policy").value = s.policy;
  $("policy").addEventListener("input", scheduleCheck);
  $("policy").addEventListener("scroll", syncScroll);
  $("filter-status").addEventListener("change", renderResults);
  $("filter-area").addEventListener("change", renderResults);
  $("preview").addEventListener("click", preview);
  $("save").addEventListener("click", save);
  $("export-xlsx").addEventListener("click", () => exportAs("xlsx"));
  $("export-csv").addEventListener("click", () => exportAs("csv"));
  $("file").addEventListener("change", (e) => { if (e.target.files[0]) upload(e.target.files[0]); });
  const drop = $("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer.files[0]) upload(e.dataTransfer.files[0]);
  });
  $("record-files").replaceChildren(...s.records.map((r) => el("li", {}, r)));
  await check();
}

start();
