// The wallboard page: shows the live feed's snapshots (docs/wallboard.md), keeps a ticker of
// breaches from its event frames, and reconnects by itself with backoff when the feed is
// lost, marking the numbers as stale meanwhile.
//
// Sign-in: a display token in the fragment (/wallboard#token=T: a fragment never reaches a
// server or a Referer) is sent as the socket's first frame; without one, the browser's
// session cookie signs the socket in. The token is then removed from the address bar and
// kept in sessionStorage, so that a reload of the tab still works.
"use strict";

(function () {
  const TEXT = {
    en: {
      title: "Complaints — live board",
      connecting: "Connecting…",
      live: "Live",
      lost: "Connection lost — reconnecting…",
      stale_note: "Connection lost: these numbers are from before, and may be out of date.",
      open: "Open tickets",
      warning: "At risk",
      warning_sub: "open tickets close to their SLA target",
      breached_open: "Breached, still open",
      breached_sub: "open tickets past an SLA target",
      compliance: "SLA compliance today",
      met: "met",
      breached: "breached",
      today: "Today",
      created: "Created",
      resolved: "Resolved",
      median_fr: "Median first response",
      oldest: "Oldest open ticket",
      by_priority: "Open by priority",
      arrivals: "Arrivals by hour",
      teams: "Team queues",
      by_channel: "Open by channel",
      latest_breaches: "Latest breaches",
      no_breaches: "No recent breaches.",
      signin_title: "This screen is not signed in",
      signin_text: "Open /wallboard#token=… with a display token, or sign in as a supervisor in this browser.",
      no_team: "No team",
      none_open: "No open tickets",
      ticket: "Ticket",
      locale: "en-GB",
    },
    id: {
      title: "Pengaduan — papan langsung",
      connecting: "Menyambung…",
      live: "Langsung",
      lost: "Koneksi terputus — menyambung ulang…",
      stale_note: "Koneksi terputus: angka ini dari sebelumnya dan mungkin sudah berubah.",
      open: "Tiket terbuka",
      warning: "Berisiko",
      warning_sub: "tiket terbuka yang mendekati target SLA",
      breached_open: "Melewati SLA, masih terbuka",
      breached_sub: "tiket terbuka yang melewati target SLA",
      compliance: "Kepatuhan SLA hari ini",
      met: "tepat waktu",
      breached: "terlambat",
      today: "Hari ini",
      created: "Masuk",
      resolved: "Selesai",
      median_fr: "Median respons pertama",
      oldest: "Tiket terbuka tertua",
      by_priority: "Terbuka per prioritas",
      arrivals: "Kedatangan per jam",
      teams: "Antrean tim",
      by_channel: "Terbuka per kanal",
      latest_breaches: "Pelanggaran SLA terbaru",
      no_breaches: "Belum ada pelanggaran terbaru.",
      signin_title: "Layar ini belum masuk",
      signin_text: "Buka /wallboard#token=… dengan token display, atau masuk sebagai supervisor di peramban ini.",
      no_team: "Tanpa tim",
      none_open: "Tidak ada tiket terbuka",
      ticket: "Tiket",
      locale: "id-ID",
    },
  };

  const { lang, words, duration, instant } = Aduan;
  const t = TEXT[lang];
  const numbers = new Intl.NumberFormat(t.locale);
  const percent = new Intl.NumberFormat(t.locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });

  const MAX_BREACHES = 8;

  let token = null;
  let last = null; // the latest snapshot, and when it arrived
  let lastAt = 0;
  let timezone = "Asia/Jakarta";
  let freshBreach = null; // "id/metric" of the latest breach seen arrive live

  const $ = (id) => document.getElementById(id);

  function takeToken() {
    const hash = new URLSearchParams(location.hash.slice(1));
    const fromHash = hash.get("token");
    if (fromHash) {
      try { sessionStorage.setItem("aduan.display_token", fromHash); } catch (e) { /* private mode */ }
      history.replaceState(null, "", location.pathname + location.search);
      return fromHash;
    }
    try { return sessionStorage.getItem("aduan.display_token"); } catch (e) { return null; }
  }

  function translate() {
    document.documentElement.lang = lang;
    document.title = "aduan — " + t.title;
    for (const el of document.querySelectorAll("[data-i18n]")) {
      const key = el.getAttribute("data-i18n");
      if (typeof t[key] === "string") el.textContent = t[key];
    }
  }

  function setText(id, value) {
    const el = $(id);
    if (el.textContent !== value) el.textContent = value;
  }

  function listInto(el, items) {
    el.replaceChildren(...items);
  }

  function row(label, value) {
    const tr = document.createElement("tr");
    const a = document.createElement("td");
    a.textContent = label;
    const b = document.createElement("td");
    b.textContent = numbers.format(value);
    tr.append(a, b);
    return tr;
  }

  function renderArrivals(counts, nowHour) {
    const svg = $("arrivals");
    const ns = "http://www.w3.org/2000/svg";
    const max = Math.max(1, ...counts);
    const w = 960 / 24, top = 24, height = 160;
    const nodes = [];
    const base = document.createElementNS(ns, "line");
    base.setAttribute("x1", "0"); base.setAttribute("x2", "960");
    base.setAttribute("y1", String(top + height)); base.setAttribute("y2", String(top + height));
    nodes.push(base);
    counts.forEach((n, hour) => {
      const h = Math.round((n / max) * height);
      const rect = document.createElementNS(ns, "rect");
      rect.setAttribute("x", String(hour * w + 4));
      rect.setAttribute("y", String(top + height - h));
      rect.setAttribute("width", String(w - 8));
      rect.setAttribute("height", String(h));
      rect.setAttribute("class", hour === nowHour ? "col now" : "col");
      const title = document.createElementNS(ns, "title");
      title.textContent = `${String(hour).padStart(2, "0")}:00 — ${numbers.format(n)}`;
      rect.append(title);
      nodes.push(rect);
      if (n > 0) {
        const v = document.createElementNS(ns, "text");
        v.setAttribute("x", String(hour * w + w / 2));
        v.setAttribute("y", String(top + height - h - 4));
        v.setAttribute("text-anchor", "middle");
        v.setAttribute("class", "value");
        v.textContent = numbers.format(n);
        nodes.push(v);
      }
      if (hour % 3 === 0) {
        const label = document.createElementNS(ns, "text");
        label.setAttribute("x", String(hour * w + w / 2));
        label.setAttribute("y", String(top + height + 22));
        label.setAttribute("text-anchor", "middle");
        label.textContent = String(hour).padStart(2, "0");
        nodes.push(label);
      }
    });
    svg.replaceChildren(...nodes);
  }

  function localHour(date) {
    const parts = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, hour: "2-digit", hourCycle: "h23" }).formatToParts(date);
    const h = parts.find((p) => p.type === "hour");
    return h ? Number(h.value) : -1;
  }

  function render(s) {
    last = s;
    lastAt = Date.now();
    timezone = s.timezone || timezone;
    document.body.dataset.seq = String(s.seq);

    setText("open-total", numbers.format(s.open.total));
    listInto($("open-status"), Object.entries(s.open.by_status).map(([k, n]) => {
      const li = document.createElement("li");
      li.append(`${words.status[k] || k} `);
      const b = document.createElement("b");
      b.textContent = numbers.format(n);
      li.append(b);
      return li;
    }));

    setText("sla-warning", numbers.format(s.sla.warning));
    setText("sla-breached-open", numbers.format(s.sla.breached_open));
    document.querySelector(".tile.warning").classList.toggle("alert", s.sla.warning > 0);
    document.querySelector(".tile.breached").classList.toggle("alert", s.sla.breached_open > 0);
    setText("compliance", s.sla.compliance_today === null ? "–" : percent.format(s.sla.compliance_today));
    setText("met-today", numbers.format(s.sla.met_today));
    setText("breached-today", numbers.format(s.sla.breached_today));

    setText("today-created", numbers.format(s.today.created));
    setText("today-resolved", numbers.format(s.today.resolved));
    setText("today-fr", duration(s.today.first_response_median_seconds));

    const max = Math.max(1, ...Object.values(s.open.by_priority));
    listInto($("by-priority"), ["urgent", "high", "normal", "low"].map((k) => {
      const n = s.open.by_priority[k] || 0;
      const li = document.createElement("li");
      const label = document.createElement("span");
      label.textContent = words.priority[k];
      const track = document.createElement("span");
      track.className = "track";
      const fill = document.createElement("span");
      fill.className = "fill " + k;
      fill.style.width = `${(100 * n) / max}%`;
      fill.style.display = "block";
      track.append(fill);
      const b = document.createElement("b");
      b.textContent = numbers.format(n);
      li.append(label, track, b);
      return li;
    }));

    listInto($("by-team"), Object.entries(s.open.by_team).map(([team, n]) => row(team === "" ? t.no_team : team, n)));
    listInto($("by-channel"), Object.entries(s.open.by_channel).filter(([, n]) => n > 0)
      .map(([k, n]) => row(words.channel[k] || k, n)));

    renderArrivals(s.arrivals_by_hour, localHour(new Date()));
    renderBreaches(s.latest_breaches || []);
    tick();
  }

  function breachItem(e) {
    const li = document.createElement("li");
    const shape = document.createElement("span");
    shape.className = "shape";
    shape.setAttribute("aria-hidden", "true");
    shape.textContent = "✖";
    const time = document.createElement("time");
    time.dateTime = e.at;
    time.textContent = instant(e.at, "time", timezone);
    const what = document.createElement("span");
    const tk = e.ticket;
    what.textContent = `#${tk.id} ${tk.subject} — ${words.priority[tk.priority] || tk.priority}, ${words.metric[tk.metric] || tk.metric}${tk.team ? " · " + tk.team : ""}`;
    li.append(shape, time, what);
    li.dataset.key = `${tk.id}/${tk.metric}`;
    return li;
  }

  // The ticker: the snapshot's latest breaches; the newest one seen arrive live is bold.
  function renderBreaches(breaches) {
    const items = breaches.slice(0, MAX_BREACHES).map(breachItem);
    for (const li of items) if (li.dataset.key === freshBreach) li.classList.add("fresh");
    $("breaches").replaceChildren(...items);
    $("no-breaches").hidden = items.length > 0;
  }

  // An sla.breached event: shown at once, ahead of the snapshot that will include it.
  function addBreach(e) {
    freshBreach = `${e.ticket.id}/${e.ticket.metric}`;
    const kept = last ? last.latest_breaches.filter((b) => `${b.ticket.id}/${b.ticket.metric}` !== freshBreach) : [];
    renderBreaches([e, ...kept]);
  }

  // The clock, and the oldest ticket's age, move every second between snapshots.
  function tick() {
    const now = new Date();
    setText("clock", instant(now, "seconds", timezone));
    if (last) {
      if (last.oldest_open) {
        const age = last.oldest_open.age_seconds + (Date.now() - lastAt) / 1000;
        setText("oldest-age", duration(age));
        setText("oldest-id", `${t.ticket} #${last.oldest_open.id}`);
      } else {
        setText("oldest-age", "–");
        setText("oldest-id", t.none_open);
      }
    }
  }

  function feedState(state) {
    document.body.classList.remove("connecting", "live", "lost");
    document.body.classList.add(state);
    setText("feed-text", t[state === "live" ? "live" : state === "lost" ? "lost" : "connecting"]);
  }

  // The shared feed client reconnects and watches for silence; a refused sign-in (1008: a wrong
  // or revoked token, or a role that may not watch) will not mend by retrying until someone
  // fixes the screen's address.
  function connect() {
    Aduan.liveFeed({
      path: "/api/v1/wallboard/live",
      token,
      onState: (state) => {
        if (state === "live") $("signin").hidden = true;
        if (state === "refused") $("signin").hidden = false;
        feedState(state === "refused" ? "lost" : state);
      },
      onFrame: (frame) => {
        if (frame.type === "snapshot") render(frame);
        else if (frame.type === "event" && frame.event === "sla.breached") addBreach(frame);
      },
    });
  }

  function start() {
    translate();
    token = takeToken();
    renderArrivals(new Array(24).fill(0), -1);
    setInterval(tick, 1000);
    tick();
    if (token) return connect();
    // No token: the session cookie signs the socket in, if this browser has one. Without it
    // the server would wait for an auth frame that never comes; say so at once instead.
    fetch("/api/v1/auth/me", { credentials: "same-origin" })
      .then((r) => {
        if (r.status === 401) {
          $("signin").hidden = false;
          setText("feed-text", t.signin_title);
        } else {
          connect();
        }
      })
      .catch(() => connect());
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
