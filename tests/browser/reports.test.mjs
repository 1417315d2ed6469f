// The reports page in a real browser: Debian's Chromium driven by playwright-core, against the
// real binary on 127.0.0.1 with a small imported history. A manager signs in with a password,
// picks a period and a grouping, sees the table, the totals and both charts, and downloads
// the CSV (the same bytes as the API gives) and the XLSX workbook; a reversed period shows
// the API's message; the page speaks Bahasa Indonesia with ?lang=id. Screenshots go to
// $ADUAN_ARTIFACTS (default: test-artifacts/ at the repository's root).
//
// Usage: node --test tests/browser/reports.test.mjs  (ADUAN_BINARY names the binary)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { binary, artifacts, serve, addUser, token, launch, lowestContrast, allWeek, workspace,
  finish } from "./support.mjs";

const password = "rahasia-manajer-1";

const work = workspace("aduan-reports-", {
  timezone: "Asia/Jakarta",
  calendars: { "24x7": allWeek("Asia/Jakarta") },
  policies: [{ name: "standard", calendar: "24x7", targets: { first_response: "1h", resolution: "4h" } }],
  categories: ["payment", "account"],
  teams: ["tier1", "tier2"],
});
const { dir, db, configPath } = work;

// Three tickets in the week of 2 November 2026 (WIB = UTC+7), on a 24x7 calendar:
// payment Mon: answered in 30 min, resolved in 2h (both met);
// payment Tue: answered in 2h (breached), resolved in 3h (met);
// account Wed, with a subject a spreadsheet would take for a formula: answered in 10 min
// (met), resolved in 5h (breached).
const at = (s) => s + "Z";
const history = [
  { subject: "Saldo belum masuk, \"segera\"", channel: "phone", category: "payment", team: "tier1",
    created_at: at("2026-11-02T02:00:00"), events: [
      { at: at("2026-11-02T02:30:00"), type: "response", public: true, author: "agen1", body: "Kami cek" },
      { at: at("2026-11-02T04:00:00"), type: "status", to: "resolved" }] },
  { subject: "Pembayaran gagal", channel: "email", category: "payment", team: "tier1",
    created_at: at("2026-11-03T02:00:00"), events: [
      { at: at("2026-11-03T04:00:00"), type: "response", public: true, author: "agen1", body: "Maaf" },
      { at: at("2026-11-03T05:00:00"), type: "status", to: "resolved" }] },
  { subject: "=1+1 akun terkunci", channel: "chat", category: "account", team: "tier2",
    created_at: at("2026-11-04T02:00:00"), events: [
      { at: at("2026-11-04T02:10:00"), type: "response", public: true, author: "agen2", body: "Halo" },
      { at: at("2026-11-04T07:00:00"), type: "status", to: "resolved" }] },
];
writeFileSync(join(dir, "history.ndjson"), history.map((t) => JSON.stringify(t)).join("\n") + "\n");

let server, browser, apiToken, base;

before(async () => {
  execFileSync(binary, ["import", "--config", configPath, "--db", db, join(dir, "history.ndjson")]);
  for (const [user, role] of [["manajer", "manager"], ["agen1", "agent"]]) addUser(db, user, role, password);
  apiToken = token(db, "manager", "browser");
  server = await serve(db, configPath);
  base = `http://127.0.0.1:${server.port}`;
  browser = await launch();
});

after(() => finish(browser, server, work));

async function signedInPage(query = "") {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error" && !/status of 40[01]/.test(m.text())) problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${base}/reports${query}`);
  await page.waitForSelector("#signin:not([hidden])");
  await page.fill("#username", "manajer");
  await page.fill("#password", password);
  await page.click("#signin-form button[type=submit]");
  await page.waitForSelector("#report:not([hidden])");
  return { page, context, problems };
}

async function show(page, from, to, groupBy) {
  await page.fill("#from", from);
  await page.fill("#to", to);
  await page.selectOption("#group_by", groupBy);
  await page.click("#show");
  // The submit handler marks the report busy before the click returns; the old table stays
  // on screen until the new one is drawn, so wait for the mark to go, not for a caption.
  await page.waitForFunction(() => !document.getElementById("report").hasAttribute("aria-busy"));
  assert.match(await page.textContent("#table-caption"), new RegExp(from));
}

async function api(path) {
  const r = await fetch(base + path, { headers: { Authorization: `Bearer ${apiToken}` } });
  assert.equal(r.status, 200);
  return Buffer.from(await r.arrayBuffer());
}

test("a manager signs in, sees the report and its charts, and downloads CSV and XLSX", async () => {
  const { page, context, problems } = await signedInPage();
  await show(page, "2026-11-02", "2026-11-06", "category");

  const rows = await page.$$eval("#rows tr", (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.deepEqual(rows.map((r) => r.slice(0, 6)), [
    ["account", "1", "1", "0", "0", "100.00%"],
    ["payment", "2", "1", "1", "0", "50.00%"],
    ["All tickets", "3", "2", "1", "0", "66.67%"],
  ]);
  assert.equal(rows[2][11], "66.67%");  // resolution: 2 of 3 met
  assert.equal(await page.textContent("#k-tickets"), "3");
  assert.equal(await page.textContent("#k-fr"), "66.67%");
  assert.equal(await page.textContent("#k-res-sub"), "2 met, 1 breached");
  // Two bars per group, and one bar per day of the period in the trend, with both lines.
  assert.equal(await page.$$eval("#chart-groups rect", (r) => r.length), 4);
  assert.equal(await page.$$eval("#chart-trend rect", (r) => r.length), 5);
  assert.equal(await page.$$eval("#chart-trend path", (p) => p.length), 2);
  // The address keeps the query, so the report can be shared.
  assert.match(page.url(), /from=2026-11-02&to=2026-11-06&group_by=category/);
  const contrast = await lowestContrast(page);
  assert.ok(contrast.ratio >= 4.5, `contrast ${contrast.ratio.toFixed(2)} for ${contrast.what}`);
  await page.screenshot({ path: join(artifacts, "reports.png"), fullPage: true });

  // CSV: the file the browser saves is the API's, byte for byte.
  const [csv] = await Promise.all([page.waitForEvent("download"), page.click("#dl-csv")]);
  assert.equal(csv.suggestedFilename(), "aduan-sla-by-category-2026-11-02-to-2026-11-06.csv");
  const saved = readFileSync(await csv.path());
  assert.deepEqual(saved, await api("/api/v1/reports/sla?from=2026-11-02&to=2026-11-06&group_by=category&format=csv"));
  assert.match(saved.toString(), /^group,tickets,fr_met,/);

  // The breach list: the formula-like subject is guarded.
  const [breaches] = await Promise.all([page.waitForEvent("download"), page.click("#dl-breaches")]);
  assert.equal(breaches.suggestedFilename(), "aduan-breaches-2026-11-02-to-2026-11-06.csv");
  const list = readFileSync(await breaches.path()).toString();
  assert.match(list, /\r\n2,Pembayaran gagal,payment,normal,email,tier1,,first_response,3600,/);
  assert.match(list, /\r\n3,'=1\+1 akun terkunci,account,/);

  // XLSX: a workbook (a ZIP) named for the report and period.
  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.click("#dl-xlsx")]);
  assert.equal(xlsx.suggestedFilename(), "aduan-sla-by-category-2026-11-02-to-2026-11-06.xlsx");
  assert.equal(readFileSync(await xlsx.path()).subarray(0, 2).toString(), "PK");

  // Another grouping, by day: one row per day that had tickets.
  await show(page, "2026-11-02", "2026-11-06", "day");
  assert.deepEqual(await page.$$eval("#rows tr td:first-child", (tds) => tds.map((td) => td.textContent)),
    ["2026-11-02", "2026-11-03", "2026-11-04", "All tickets"]);
  assert.equal(await page.getAttribute("#dl-csv", "href"),
    "/api/v1/reports/sla?from=2026-11-02&to=2026-11-06&group_by=day&format=csv");

  // A reversed period: the API's message, and no stale table pretending to answer.
  await page.fill("#from", "2026-11-06");
  await page.fill("#to", "2026-11-02");
  await page.click("#show");
  await page.waitForFunction(() => document.getElementById("error").textContent !== "");
  assert.match(await page.textContent("#error"), /to: must not be before from/);
  assert.equal(await page.$$eval("#rows tr", (r) => r.length), 0);

  assert.deepEqual(problems, []);
  await context.close();
});

test("an empty period says so", async () => {
  const { page, context } = await signedInPage("?from=2026-12-01&to=2026-12-31");
  await page.waitForFunction(() => document.getElementById("status").textContent !== "" &&
    !document.getElementById("status").textContent.includes("…"));
  assert.equal(await page.textContent("#status"), "No tickets were created in this period.");
  assert.equal(await page.$$eval("#rows tr", (r) => r.length), 0);
  assert.equal(await page.textContent("#k-fr"), "—");
  await context.close();
});

test("the page speaks Bahasa Indonesia with ?lang=id", async () => {
  const { page, context } = await signedInPage("?lang=id&from=2026-11-02&to=2026-11-06&group_by=team");
  await page.waitForFunction(() => document.querySelectorAll("#rows tr").length === 3);
  assert.equal(await page.textContent("h1"), "Laporan SLA");
  assert.equal(await page.textContent("#show"), "Tampilkan laporan");
  assert.equal(await page.textContent("#th-group"), "Tim");
  assert.equal(await page.textContent("#rows tr:last-child td:first-child"), "Semua tiket");
  assert.equal(await page.getAttribute("html", "lang"), "id");
  await page.screenshot({ path: join(artifacts, "reports-id.png"), fullPage: true });
  await context.close();
});

test("an agent may not see reports", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/reports`);
  await page.waitForSelector("#signin:not([hidden])");
  await page.fill("#username", "agen1");
  await page.fill("#password", password);
  await page.click("#signin-form button[type=submit]");
  await page.waitForFunction(() => document.getElementById("signin-error").textContent !== "");
  assert.match(await page.textContent("#signin-error"), /may not see reports/);
  assert.equal(await page.isHidden("#report"), true);
  await context.close();
});
