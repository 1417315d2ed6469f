// The agents' console in a real browser: Debian's Chromium driven by playwright-core, against
// the real binary on 127.0.0.1. An agent signs in, logs a complaint with the keyboard, sees
// it at the top of their queue with a running countdown, replies, and a supervisor's
// wallboard count changes; a repeat caller is recognised; a ticket changed elsewhere appears
// without reloading; an urgent ticket's countdown turns breached; the page speaks Bahasa
// Indonesia. Screenshots go to $ADUAN_ARTIFACTS (default: test-artifacts/), for the docs.
//
// Usage: node --test tests/browser/console.test.mjs  (ADUAN_BINARY names the binary)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { binary, artifacts, serve, addUser, token, launch, lowestContrast, allWeek, workspace,
  finish } from "./support.mjs";

const password = "rahasia-konsol-1";

// Around the clock; urgent tickets must be answered within 4 seconds, so that a breach
// happens during the test.
const work = workspace("aduan-console-", {
  calendars: { "24x7": allWeek("Asia/Jakarta") },
  policies: [
    { name: "flash", match: { priority: ["urgent"] }, calendar: "24x7",
      targets: { first_response: "4s", resolution: "1h" }, warn_at: 0.5 },
    { name: "standard", calendar: "24x7", targets: { first_response: "30m", resolution: "4h" } },
  ],
  categories: ["payment", "account", "other"],
  teams: ["tier1", "tier2"],
});
const { db, configPath } = work;

let server, browser, base, apiToken;

before(async () => {
  execFileSync(binary, ["import", "--config", configPath, "--db", db, "/dev/null"]);
  for (const [user, role] of [["agen1", "agent"], ["spv", "supervisor"]]) addUser(db, user, role, password);
  apiToken = token(db, "agent", "pbx");
  server = await serve(db, configPath);
  base = `http://127.0.0.1:${server.port}`;
  browser = await launch();
});

after(() => finish(browser, server, work));

async function signIn(user, query = "", viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error" && !/status of 401/.test(m.text())) problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${base}/console${query}`);
  await page.waitForSelector("#signin:not([hidden])");
  await page.fill("#username", user);
  await page.fill("#password", password);
  await page.press("#password", "Enter");
  await page.waitForSelector("#app:not([hidden])");
  await page.waitForSelector("#live.on");  // the feed is connected
  return { page, context, problems };
}

async function createByApi(fields) {
  const r = await fetch(`${base}/api/v1/tickets`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiToken}` },
    body: JSON.stringify({ subject: "Dari IVR", channel: "phone", category: "other", ...fields }),
  });
  assert.equal(r.status, 201);
  return r.json();
}

test("an agent logs a complaint, sees it at the top of the queue counting down, replies, and the wallboard follows", async () => {
  // The supervisor's wallboard, signed in with a session cookie.
  const board = await browser.newContext();
  const wall = await board.newPage();
  const login = await wall.request.post(`${base}/api/v1/auth/login`,
    { data: { username: "spv", password }, headers: { "Content-Type": "application/json" } });
  assert.equal(login.status(), 200);
  await wall.goto(`${base}/wallboard`);
  await wall.waitForSelector("body.live");
  const before = Number(await wall.textContent("#open-total"));

  const { page, context, problems } = await signIn("agen1");
  // Keyboard first: the phone field has the focus; the channel defaults to phone.
  assert.equal(await page.evaluate(() => document.activeElement.id), "n-phone");
  assert.equal(await page.inputValue("#n-channel"), "phone");
  await page.keyboard.type("081234567890");
  await page.fill("#n-name", "Siti Rahmawati");
  await page.fill("#n-subject", "Insentif belum masuk");
  await page.selectOption("#n-category", "payment");
  await page.focus("#n-description");
  await page.keyboard.type("Sudah tiga minggu.");
  await page.keyboard.press("Control+Enter");

  // At the top of my queue, with a countdown that runs.
  await page.waitForFunction(() => document.querySelector("#queue li .subject")?.textContent.includes("Insentif belum masuk"));
  const first = await page.textContent("#queue li .countdown");
  assert.match(first, /due in (29:\d\d|30:00)/);
  await page.waitForFunction((t) => document.querySelector("#queue li .countdown").textContent !== t, first);
  assert.match(await page.getAttribute("#queue li", "class"), /running/);
  // The ticket is open beside it; the supervisor's board counted it.
  await page.waitForSelector("#detail:not([hidden])");
  assert.equal(await page.textContent("#d-subject"), "Insentif belum masuk");
  await wall.waitForFunction((n) => Number(document.getElementById("open-total").textContent) === n + 1, before);
  await page.screenshot({ path: join(artifacts, "console.png"), fullPage: true });

  // Reply: the first response clock stops within its target; the history shows the reply.
  await page.fill("#d-body", "Terima kasih, kami periksa pembayaran Anda.");
  await page.click("#d-send");
  await page.waitForFunction(() => document.querySelector("#d-clocks .clock")?.classList.contains("met"));
  await page.waitForFunction(() => document.getElementById("d-events").textContent.includes("replied"));
  const contrast = await lowestContrast(page);
  assert.ok(contrast.ratio >= 4.5, `contrast ${contrast.ratio.toFixed(2)} for ${contrast.what}`);
  await page.screenshot({ path: join(artifacts, "console-ticket.png"), fullPage: true });

  // Pending, then resolved: out of the queue, and the board's open count goes back.
  await page.selectOption("#d-status", "resolved");
  await page.waitForFunction(() => document.querySelectorAll("#queue li").length === 0);
  await wall.waitForFunction((n) => Number(document.getElementById("open-total").textContent) === n, before);

  // The same caller again: recognised while typing the number.
  await page.fill("#n-phone", "081234567890");
  await page.waitForSelector("#history:not([hidden])");
  assert.match(await page.textContent("#history-title"), /Repeat caller: 1 earlier complaint/);
  assert.equal(await page.inputValue("#n-name"), "Siti Rahmawati");

  assert.deepEqual(problems, []);
  await context.close();
  await board.close();
});

test("the queue follows changes made elsewhere, and an urgent ticket's countdown turns breached", async () => {
  const { page, context } = await signIn("agen1");
  // The phone system logs an urgent ticket for this agent: it appears without a reload.
  const tk = await createByApi({ subject: "Akun terkunci, mendesak", priority: "urgent", assignee: "agen1" });
  await page.waitForFunction((id) => !!document.querySelector(`#queue li[data-id="${id}"]`), tk.id);
  // 4 s to answer: the countdown runs out and the row turns breached, with words and colour.
  await page.waitForFunction((id) => document.querySelector(`#queue li[data-id="${id}"]`).classList.contains("breached"),
    tk.id, { timeout: 15000 });
  assert.match(await page.textContent(`#queue li[data-id="${tk.id}"] .countdown`), /✖ overdue by/);
  const contrast = await lowestContrast(page);  // red rows included
  assert.ok(contrast.ratio >= 4.5, `contrast ${contrast.ratio.toFixed(2)} for ${contrast.what}`);
  // The team queue of tier2 does not have it; all open tickets do.
  await page.click("#tab-all");
  await page.waitForFunction((id) => !!document.querySelector(`#queue li[data-id="${id}"]`), tk.id);
  await context.close();
});

test("the console speaks Bahasa Indonesia and fits a tablet", async () => {
  const { page, context } = await signIn("agen1", "?lang=id", { width: 800, height: 1100 });
  assert.equal(await page.textContent("h1"), "Konsol pengaduan");
  assert.equal(await page.textContent("#tab-mine"), "Antrean saya");
  assert.equal(await page.getAttribute("html", "lang"), "id");
  // One column on a tablet: nothing wider than the screen.
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 800, `page is ${width}px wide`);
  await page.screenshot({ path: join(artifacts, "console-id-tablet.png"), fullPage: true });
  await context.close();
});
