// The wallboard page in a real browser: Debian's Chromium driven by playwright-core, against
// the real binary on 127.0.0.1. Opens /wallboard#token=T with a display token, checks the
// numbers, creates a ticket through the API and sees the page change, sees an SLA breach
// reach the ticker, loses the server and sees the reconnecting state, gets the server back
// and sees the page live again, and checks the Indonesian page. Screenshots go to
// $ADUAN_ARTIFACTS (default: test-artifacts/ at the repository's root).
//
// Usage: node --test tests/browser/wallboard.test.mjs  (ADUAN_BINARY names the binary)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { binary, artifacts, serve as serveOn, stop, token as tokenFor, launch, lowestContrast, allWeek,
  workspace, finish } from "./support.mjs";

// A 24x7 policy of seconds for urgent tickets, so that a breach happens during the test.
const work = workspace("aduan-browser-", {
  calendars: { "24x7": allWeek("UTC") },
  policies: [
    { name: "flash", match: { priority: ["urgent"] }, calendar: "24x7",
      targets: { first_response: "2s", resolution: "1h" }, warn_at: 0.5 },
    { name: "standard", calendar: "24x7", targets: { first_response: "1h", resolution: "4h" } },
  ],
  categories: ["disbursement", "other"],
  teams: ["tier1", "tier2"],
});
const { db, configPath } = work;

const token = (role) => tokenFor(db, role);
const serve = (listen) => serveOn(db, configPath, listen);

let server, browser, display, agent;

before(async () => {
  display = token("display");
  agent = token("agent");
  server = await serve();
  browser = await launch();
});

after(() => finish(browser, server, work));

async function createTicket(port, fields) {
  const r = await fetch(`http://127.0.0.1:${port}/api/v1/tickets`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${agent}` },
    body: JSON.stringify({ subject: "Dana belum cair", channel: "phone", category: "disbursement", ...fields }),
  });
  assert.equal(r.status, 201);
  return r.json();
}

async function openBoard(query = "") {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  const problems = [];
  // Script errors and CSP refusals count; the browser's own note that a reconnection attempt
  // found no server (while the test has it down) does not.
  page.on("console", (m) => {
    if (m.type() === "error" && !/^WebSocket connection to .* failed/.test(m.text())) problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(`http://127.0.0.1:${server.port}/wallboard${query}#token=${display}`);
  await page.waitForSelector("body.live");
  return { page, problems };
}

const text = (page, id) => page.$eval(`#${id}`, (el) => el.textContent);

test("the board shows the numbers, follows a new ticket, a breach, a lost and a regained server", async () => {
  await createTicket(server.port, { priority: "normal", team: "tier1" });
  const { page, problems } = await openBoard();

  // The token left the address bar; the numbers are those of the store.
  assert.equal(new URL(page.url()).hash, "");
  assert.equal(await text(page, "open-total"), "1");
  assert.equal(await text(page, "today-created"), "1");
  assert.match(await text(page, "feed-text"), /Live/);

  // A ticket created through the API shows (the feed folds at 250 ms; how fast is for
  // bench/fanout.sh, not for a test).
  const seq = Number(await page.$eval("body", (b) => b.dataset.seq));
  await createTicket(server.port, { priority: "urgent", team: "tier2", subject: "Kartu terblokir" });
  await page.waitForFunction(() => document.getElementById("open-total").textContent === "2",
    null, { timeout: 10000 });
  assert.ok(Number(await page.$eval("body", (b) => b.dataset.seq)) > seq);

  // The urgent ticket's first response target is 2 s: its breach reaches the ticker and the
  // breached tile, with a shape and not colour alone.
  await page.waitForFunction(() => document.querySelectorAll("#breaches li").length === 1,
    null, { timeout: 10000 });
  assert.match(await text(page, "breaches"), /Kartu terblokir/);
  await page.waitForFunction(() => document.getElementById("sla-breached-open").textContent === "1");
  assert.ok(await page.$eval(".tile.breached", (el) => el.classList.contains("alert")));
  const contrast = await lowestContrast(page);
  assert.ok(contrast.ratio >= 4.5, `contrast ${contrast.ratio.toFixed(2)} for ${contrast.what}`);
  await page.screenshot({ path: join(artifacts, "wallboard.png") });

  // The server goes away: the page says so and marks the numbers as stale.
  const port = server.port;
  await stop(server);
  server = null;
  await page.waitForSelector("body.lost", { timeout: 5000 });
  assert.match(await text(page, "feed-text"), /Connection lost/);
  assert.ok(await page.$eval("#stale-note", (el) => getComputedStyle(el).display !== "none"));
  assert.equal(await text(page, "open-total"), "2"); // kept, shown as stale
  await page.screenshot({ path: join(artifacts, "wallboard-lost.png") });

  // It comes back on the same address: the page reconnects by itself.
  server = await serve(`127.0.0.1:${port}`);
  await page.waitForSelector("body.live", { timeout: 15000 });
  assert.equal(await text(page, "open-total"), "2");
  assert.deepEqual(problems, []);
  await page.close();
});

test("the board speaks Bahasa Indonesia with ?lang=id", async () => {
  const { page, problems } = await openBoard("?lang=id");
  assert.equal(await page.$eval("html", (h) => h.lang), "id");
  assert.equal(await text(page, "h-open"), "Tiket terbuka");
  assert.match(await text(page, "feed-text"), /Langsung/);
  assert.match(await page.$eval("#open-status", (el) => el.textContent), /Baru/);
  await page.screenshot({ path: join(artifacts, "wallboard-id.png") });
  assert.deepEqual(problems, []);
  await page.close();
});

test("a page without a token or session says it is not signed in", async () => {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.port}/wallboard`);
  await page.waitForSelector("#signin:not([hidden])", { timeout: 5000 });
  await page.close();
});

test("a wrong token is refused and the page says so", async () => {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.port}/wallboard#token=adn_wrong`);
  await page.waitForSelector("#signin:not([hidden])", { timeout: 5000 });
  await page.close();
});
