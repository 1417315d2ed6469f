// What the pages (/wallboard, /console, /reports) share, served as /assets/aduan.js before each
// page's own script: the page's language and the product's vocabulary in it (one set of names
// for channels, priorities, statuses and clocks), the formatters of durations and instants,
// the live-feed client (reconnects with backoff; a feed silent for 40 s is taken for dead),
// calls to the API, and signing in and out. No inline script or style (the service's
// Content-Security-Policy forbids them).
window.Aduan = (function () {
  "use strict";

  const params = new URLSearchParams(location.search);
  const lang = params.get("lang") === "id" ? "id" : "en";
  const $ = (id) => document.getElementById(id);
  const locale = lang === "id" ? "id-ID" : "en-GB";

  // The product's words, in the page's language: every page names things the same way.
  const WORDS = {
    en: {
      channel: { phone: "Phone", email: "E-mail", chat: "Chat", web: "Web form", social: "Social media", walk_in: "Walk-in" },
      priority: { low: "Low", normal: "Normal", high: "High", urgent: "Urgent" },
      status: { new: "New", open: "Open", pending: "Pending", resolved: "Resolved", closed: "Closed" },
      metric: { first_response: "first response", resolution: "resolution" },
      units: { d: "d", h: "h", m: "min", s: "s" },
    },
    id: {
      channel: { phone: "Telepon", email: "Surel", chat: "Obrolan", web: "Formulir web", social: "Media sosial", walk_in: "Datang langsung" },
      priority: { low: "Rendah", normal: "Normal", high: "Tinggi", urgent: "Mendesak" },
      status: { new: "Baru", open: "Terbuka", pending: "Menunggu", resolved: "Selesai", closed: "Ditutup" },
      metric: { first_response: "respons pertama", resolution: "penyelesaian" },
      units: { d: "hr", h: "j", m: "mnt", s: "dtk" },
    },
  };
  const words = WORDS[lang];

  // A span of time as people say it: "2 h 5 min", "45 s"; "–" when unknown.
  function duration(seconds) {
    if (seconds === null || seconds === undefined) return "–";
    const s = Math.max(0, Math.round(seconds));
    const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
    const u = words.units;
    if (d > 0) return `${d} ${u.d} ${h} ${u.h}`;
    if (h > 0) return `${h} ${u.h} ${m} ${u.m}`;
    if (m > 0) return `${m} ${u.m}`;
    return `${s} ${u.s}`;
  }

  // A countdown as a clock shows it: "1:05:09", "4:07" (the sign is the caller's).
  function countdown(seconds) {
    const s = Math.abs(Math.round(seconds));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    const two = (n) => String(n).padStart(2, "0");
    return h ? `${h}:${two(m)}:${two(r)}` : `${m}:${two(r)}`;
  }

  // An instant (RFC 3339 text or a Date) in `timeZone` (the operating zone; the browser's when
  // not given), as `style` says: "time" (HH:MM), "seconds" (HH:MM:SS), or "short" (date and time).
  function instant(value, style, timeZone) {
    if (!value) return "—";
    const o = { timeZone: timeZone || undefined };
    if (style === "time") Object.assign(o, { hour: "2-digit", minute: "2-digit" });
    else if (style === "seconds") Object.assign(o, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
    else Object.assign(o, { dateStyle: "short", timeStyle: "short" });
    return new Intl.DateTimeFormat(locale, o).format(value instanceof Date ? value : new Date(value));
  }

  // A live feed (docs/wallboard.md, docs/console.md) at `path`: connects, signs in with `token`
  // when given (the first frame; else the session cookie does), hands every frame to
  // `onFrame`, and reports its state to `onState` ("connecting", "live", "lost" or "refused":
  // closed with 1008, which a retry cannot mend). A feed that says nothing for 40 s (the server
  // speaks at least every 15 s) is taken for dead; every loss reconnects with growing,
  // jittered delays. `live` is reported at the first frame, which is always a snapshot.
  function liveFeed({ path, token, onFrame, onState }) {
    const SILENCE_MS = 40000;
    const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000, 30000];
    let socket = null, attempt = 0, silence = null, stopped = false, everLive = false;
    const watch = () => {
      clearTimeout(silence);
      silence = setTimeout(() => { if (socket) socket.close(); }, SILENCE_MS);
    };
    function connect() {
      if (stopped) return;
      const scheme = location.protocol === "https:" ? "wss:" : "ws:";
      const ws = new WebSocket(`${scheme}//${location.host}${path}`);
      socket = ws;
      let live = false;
      ws.onopen = () => {
        if (token) ws.send(JSON.stringify({ type: "auth", token }));
        watch();
      };
      ws.onmessage = (m) => {
        watch();
        let frame;
        try { frame = JSON.parse(m.data); } catch (e) { return; }
        if (!live) {
          live = everLive = true;
          attempt = 0;
          onState("live");
        }
        onFrame(frame);
      };
      ws.onclose = (c) => {
        clearTimeout(silence);
        if (socket === ws) socket = null;
        if (stopped) return;
        if (c.code === 1008) return onState("refused");
        onState(everLive ? "lost" : "connecting");
        const base = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
        attempt += 1;
        setTimeout(connect, base + Math.floor(Math.random() * base * 0.3));
      };
    }
    onState("connecting");
    connect();
    return {
      // Ends the feed for good (the user signed out).
      stop() {
        stopped = true;
        clearTimeout(silence);
        if (socket) socket.close();
        socket = null;
      },
    };
  }

  // Fills every [data-i18n] element from `t`, sets the document's language and title, and
  // points the language links (#lang-en, #lang-id) at this page with its current query.
  function translate(t) {
    document.documentElement.lang = lang;
    document.title = "aduan — " + t.title;
    for (const el of document.querySelectorAll("[data-i18n]")) {
      const v = t[el.dataset.i18n];
      if (typeof v === "string") el.textContent = v;
    }
    $("lang-" + lang).setAttribute("aria-current", "true");
    for (const l of ["en", "id"]) {
      const p = new URLSearchParams(location.search);
      p.set("lang", l);
      $("lang-" + l).href = "?" + p.toString();
    }
  }

  // A JSON call with the session cookie: the parsed answer, or an Error with the contract's
  // message and the HTTP status (`status`).
  async function api(path, options) {
    const o = Object.assign({ credentials: "same-origin" }, options || {});
    if (o.body !== undefined) o.headers = Object.assign({ "Content-Type": "application/json" }, o.headers || {});
    const res = await fetch(path, o);
    if (res.ok) return res.status === 204 ? null : res.json();
    let message = res.status + " " + res.statusText;
    try {
      const b = await res.json();
      if (b && b.error) message = b.error.message;
    } catch (e) { /* not JSON */ }
    const err = new Error(message);
    err.status = res.status;
    throw err;
  }

  // The sign-in section (#signin, #signin-form with #username and #password, #signin-error),
  // the signed-in user (#who, #who-name, #signout) and the page's content (`contentId`).
  // `start(me)` runs for a signed-in user, now or after signing in; `onSignout` when the page
  // must forget its user (signed out, or the session ended).
  function session({ t, contentId, start, onSignout }) {
    function showSignin(message) {
      $(contentId).hidden = true;
      $("who").hidden = true;
      $("signin").hidden = false;
      $("signin-error").textContent = message || "";
      if (onSignout) onSignout();
    }
    function showWho(me) {
      $("who-name").textContent = `${me.display_name || me.username} (${me.role})`;
      $("who").hidden = false;
      $("signin").hidden = true;
    }
    $("signin-form").addEventListener("submit", async (ev) => {
      ev.preventDefault();
      $("signin-error").textContent = "";
      try {
        const me = await api("/api/v1/auth/login", { method: "POST",
          body: JSON.stringify({ username: $("username").value, password: $("password").value }) });
        $("password").value = "";
        showWho(me);
        start(me);
      } catch (e) {
        $("signin-error").textContent = t.signin_failed + e.message;
      }
    });
    $("signout").addEventListener("click", async () => {
      try { await api("/api/v1/auth/logout", { method: "POST" }); } catch (e) { /* already out */ }
      showSignin();
    });
    api("/api/v1/auth/me")
      .then((me) => { showWho(me); start(me); })
      .catch((e) => showSignin(e.status === 401 ? "" : t.failed + e.message));
    return { showSignin };
  }

  return { params, lang, locale, words, duration, countdown, instant, liveFeed, translate, api, session };
})();
