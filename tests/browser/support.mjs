// What the browser tests share: the binary under test, where screenshots go, a scratch folder
// with a configuration, starting and stopping `aduan serve` on 127.0.0.1, tokens, and
// launching Debian's Chromium.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const binary = process.env.ADUAN_BINARY || resolve(here, "../../build/server/aduan");
export const artifacts = process.env.ADUAN_ARTIFACTS || resolve(here, "../../test-artifacts");

// A calendar on which every second of the week is business time.
export function allWeek(timezone) {
  return { timezone, hours: Object.fromEntries(
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [["00:00", "24:00"]]])) };
}

// A scratch folder for one test file, with `config` written to it as the service's
// configuration: { dir, db, configPath }. Also makes sure the screenshot folder exists.
export function workspace(prefix, config) {
  mkdirSync(artifacts, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const configPath = join(dir, "aduan.json");
  writeFileSync(configPath, JSON.stringify(config));
  return { dir, db: join(dir, "a.db"), configPath };
}

// The end of a test file: closes the browser, stops the server, removes the scratch folder.
export async function finish(browser, server, work) {
  if (browser) await browser.close();
  if (server) await stop(server);
  rmSync(work.dir, { recursive: true, force: true });
}

// Starts `aduan serve` on the database and configuration; resolves with the process and its
// port once it listens.
export function serve(db, configPath, listen = "127.0.0.1:0") {
  return new Promise((ok, fail) => {
    const p = spawn(binary, ["serve", "--db", db, "--config", configPath, "--listen", listen],
      { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    p.stdout.on("data", (b) => {
      out += b.toString();
      const m = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) ok({ process: p, port: Number(m[1]) });
    });
    p.on("exit", (code) => fail(new Error(`aduan serve exited with ${code}`)));
  });
}

// Kills the server (SIGKILL) and resolves once it is gone.
export function stop(server) {
  return new Promise((ok) => {
    server.process.removeAllListeners("exit");
    server.process.on("exit", ok);
    server.process.kill("SIGKILL");
  });
}

// A service token for `role`, made with `aduan token create`.
export function token(db, role, name = `browser-${role}`) {
  const out = execFileSync(binary, ["token", "create", "--db", db, "--name", name, "--role", role]);
  return out.toString().trim().split("\n").pop();
}

// A user with a password, made with `aduan user add`.
export function addUser(db, username, role, password) {
  execFileSync(binary, ["user", "add", "--db", db, "--username", username, "--role", role,
    "--password-stdin"], { input: password + "\n" });
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

// The lowest WCAG contrast ratio between a text's colour and the background behind it, over
// every element of the page that shows text, with what it is.
export function lowestContrast(page) {
  return page.evaluate(() => {
    const rgb = (s) => s.match(/[\d.]+/g).map(Number);
    const lum = ([r, g, b]) => {
      const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (el) => {
      for (; el; el = el.parentElement) {
        const c = rgb(getComputedStyle(el).backgroundColor);
        if (c.length < 4 || c[3] > 0) return c;
      }
      return [255, 255, 255];
    };
    let worst = { ratio: Infinity, what: "" };
    for (const el of document.querySelectorAll("body *")) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!own || el.closest("[hidden]") || el.getClientRects().length === 0) continue;
      const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < worst.ratio) worst = { ratio, what: `${el.tagName}#${el.id}.${el.className}: ${el.textContent.trim().slice(0, 30)}` };
    }
    return worst;
  });
}
