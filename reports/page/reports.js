// The managers' reports page (/reports): pick a period and a grouping, see the SLA report as a
// table and two charts (compliance by group; a trend by day), download CSV or XLSX.
// Everything comes from the API (GET /api/v1/reports/sla, .../breaches) with the session
// cookie; a visitor without one gets the sign-in form. English, or Bahasa Indonesia with
// ?lang=id. No inline script or style (the service's Content-Security-Policy forbids them).
(function () {
  "use strict";

  const TEXT = {
    en: {
      title: "SLA reports",
      signout: "Sign out",
      signin_title: "Sign in",
      signin_text: "Reports are for supervisors, managers and administrators.",
      username: "Username",
      password: "Password",
      signin: "Sign in",
      signin_failed: "Sign-in failed: ",
      not_allowed: "Your role may not see reports. Sign in as a supervisor, manager or administrator.",
      from: "From",
      to: "To",
      group_by: "Group by",
      g_category: "Category", g_team: "Team", g_assignee: "Agent", g_channel: "Channel",
      g_priority: "Priority", g_day: "Day", g_week: "Week", g_month: "Month",
      show: "Show report",
      dl_csv: "Download CSV",
      dl_xlsx: "Download XLSX",
      dl_breaches: "Breaches (CSV)",
      tickets: "Tickets",
      fr_compliance: "First response within SLA",
      res_compliance: "Resolution within SLA",
      chart_groups: "Compliance by group",
      chart_trend: "Compliance by day",
      first_response: "First response",
      resolution: "Resolution",
      tickets_per_day: "Tickets per day",
      met: "Met", breached: "Breached", open: "Open", compliance: "Compliance",
      median: "Median", p90: "90th pct.",
      note: "Median and 90th percentile: business time of stopped clocks. Open clocks are judged now.",
      none: "(none)",
      total: "All tickets",
      loading: "Loading…",
      empty: "No tickets were created in this period.",
      caption: (from, to, tz) => `Tickets created ${from} to ${to} (${tz})`,
      judged: (met, breached) => `${met} met, ${breached} breached`,
      no_judged: "nothing judged yet",
      failed: "The report could not be loaded: ",
    },
    id: {
      title: "Laporan SLA",
      signout: "Keluar",
      signin_title: "Masuk",
      signin_text: "Laporan untuk supervisor, manajer, dan administrator.",
      username: "Nama pengguna",
      password: "Kata sandi",
      signin: "Masuk",
      signin_failed: "Gagal masuk: ",
      not_allowed: "Peran Anda tidak dapat melihat laporan. Masuklah sebagai supervisor, manajer, atau administrator.",
      from: "Dari",
      to: "Sampai",
      group_by: "Kelompokkan menurut",
      g_category: "Kategori", g_team: "Tim", g_assignee: "Agen", g_channel: "Kanal",
      g_priority: "Prioritas", g_day: "Hari", g_week: "Minggu", g_month: "Bulan",
      show: "Tampilkan laporan",
      dl_csv: "Unduh CSV",
      dl_xlsx: "Unduh XLSX",
      dl_breaches: "Pelanggaran (CSV)",
      tickets: "Tiket",
      fr_compliance: "Respons pertama sesuai SLA",
      res_compliance: "Penyelesaian sesuai SLA",
      chart_groups: "Kepatuhan per kelompok",
      chart_trend: "Kepatuhan per hari",
      first_response: "Respons pertama",
      resolution: "Penyelesaian",
      tickets_per_day: "Tiket per hari",
      met: "Tercapai", breached: "Melanggar", open: "Berjalan", compliance: "Kepatuhan",
      median: "Median", p90: "Persentil 90",
      note: "Median dan persentil 90: waktu kerja jam yang sudah berhenti. Jam yang masih berjalan dinilai saat ini.",
      none: "(tidak ada)",
      total: "Semua tiket",
      loading: "Memuat…",
      empty: "Tidak ada tiket yang dibuat pada periode ini.",
      caption: (from, to, tz) => `Tiket yang dibuat ${from} sampai ${to} (${tz})`,
      judged: (met, breached) => `${met} tercapai, ${breached} melanggar`,
      no_judged: "belum ada yang dinilai",
      failed: "Laporan tidak dapat dimuat: ",
    },
  };

  const { params, lang, api, words, duration } = Aduan;
  const t = Object.assign({ priority: words.priority, channel: words.channel }, TEXT[lang]);
  const $ = (id) => document.getElementById(id);
  const SVG = "http://www.w3.org/2000/svg";
  const READERS = ["supervisor", "manager", "admin"];

  // ---- formatting ---------------------------------------------------------------------------

  function pct(c) {
    if (c === null || c === undefined) return "—";
    return (c * 100).toLocaleString(lang === "id" ? "id-ID" : "en-GB", {
      minimumFractionDigits: 2, maximumFractionDigits: 2 }) + "%";
  }

  function groupLabel(groupBy, g) {
    if (g === "") return t.none;
    if (groupBy === "priority") return t.priority[g] || g;
    if (groupBy === "channel") return t.channel[g] || g;
    return g;
  }

  function isoDate(d) {
    const p = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  }

  // ---- API ----------------------------------------------------------------------------------

  function reportUrl(kind, q, format, groupBy) {
    const p = new URLSearchParams({ from: q.from, to: q.to });
    if (kind === "sla") p.set("group_by", groupBy || q.group_by);
    p.set("format", format);
    return `/api/v1/reports/${kind}?${p.toString()}`;
  }

  // ---- the report ---------------------------------------------------------------------------

  function query() {
    return { from: $("from").value, to: $("to").value, group_by: $("group_by").value };
  }

  function setDownloads(q) {
    const ok = q.from && q.to;
    const links = { "dl-csv": ["sla", "csv"], "dl-xlsx": ["sla", "xlsx"], "dl-breaches": ["breaches", "csv"] };
    for (const [id, [kind, format]] of Object.entries(links)) {
      const a = $(id);
      if (ok) {
        a.href = reportUrl(kind, q, format);
        a.removeAttribute("aria-disabled");
      } else {
        a.removeAttribute("href");
        a.setAttribute("aria-disabled", "true");
      }
    }
  }

  function cell(tr, text, cls) {
    const td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    tr.appendChild(td);
  }

  function metricCells(tr, row, p) {
    cell(tr, row[p + "_met"]);
    cell(tr, row[p + "_breached"]);
    cell(tr, row[p + "_open"]);
    cell(tr, pct(row[p + "_compliance"]));
    cell(tr, duration(row[p + "_median_seconds"]));
    cell(tr, duration(row[p + "_p90_seconds"]));
  }

  function renderTable(report) {
    $("th-group").textContent = t["g_" + report.group_by];
    $("table-caption").textContent = t.caption(report.from, report.to, report.timezone);
    const body = $("rows");
    body.replaceChildren();
    for (const row of report.rows) {
      const tr = document.createElement("tr");
      cell(tr, groupLabel(report.group_by, row.group));
      cell(tr, row.tickets);
      metricCells(tr, row, "fr");
      metricCells(tr, row, "res");
      body.appendChild(tr);
    }
    if (report.rows.length) {
      const tr = document.createElement("tr");
      tr.className = "total";
      cell(tr, t.total);
      cell(tr, report.total.tickets);
      metricCells(tr, report.total, "fr");
      metricCells(tr, report.total, "res");
      body.appendChild(tr);
    }
  }

  function renderSummary(total) {
    $("k-tickets").textContent = total.tickets;
    for (const p of ["fr", "res"]) {
      $("k-" + p).textContent = pct(total[p + "_compliance"]);
      const judged = total[p + "_met"] + total[p + "_breached"];
      $("k-" + p + "-sub").textContent = judged ? t.judged(total[p + "_met"], total[p + "_breached"]) : t.no_judged;
    }
  }

  function el(name, attrs, text) {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // Horizontal bars: per group, first response above resolution, 0–100 %.
  function renderGroups(report) {
    const svg = $("chart-groups");
    svg.replaceChildren();
    const rows = report.rows;
    const W = 640, label = 170, right = 70, barH = 12, gap = 10;
    const H = Math.max(40, rows.length * (2 * barH + gap) + 24);
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    const plot = W - label - right;
    if (!rows.length) {
      svg.appendChild(el("text", { x: 10, y: 24, class: "muted" }, t.empty));
      return;
    }
    rows.forEach((row, i) => {
      const y = i * (2 * barH + gap) + 4;
      const name = groupLabel(report.group_by, row.group);
      svg.appendChild(el("text", { x: label - 8, y: y + barH + 4, "text-anchor": "end" }, name.length > 24 ? name.slice(0, 23) + "…" : name));
      ["fr", "res"].forEach((p, k) => {
        const c = row[p + "_compliance"];
        const w = c === null ? 0 : Math.max(1, c * plot);
        const bar = el("rect", { x: label, y: y + k * barH, width: w, height: barH - 2, class: p });
        bar.appendChild(el("title", {}, `${name} — ${t[p === "fr" ? "first_response" : "resolution"]}: ${pct(c)}`));
        svg.appendChild(bar);
        svg.appendChild(el("text", { x: label + w + 4, y: y + k * barH + barH - 3 }, pct(c)));
      });
    });
    svg.appendChild(el("line", { x1: label, y1: 0, x2: label, y2: H - 20, class: "axis" }));
    svg.appendChild(el("text", { x: label, y: H - 4, "text-anchor": "middle", class: "muted" }, "0%"));
    svg.appendChild(el("text", { x: label + plot, y: H - 4, "text-anchor": "middle", class: "muted" }, "100%"));
  }

  // Every day of the period: tickets created (bars, own scale) and both compliances (lines).
  function renderTrend(report, from, to) {
    const svg = $("chart-trend");
    svg.replaceChildren();
    const byDay = new Map(report.rows.map((r) => [r.group, r]));
    const days = [];
    // Calendar dates, stepped in UTC so that no local DST shift skips or repeats one.
    for (let d = new Date(from + "T00:00:00Z"); days.length < 1000; d.setUTCDate(d.getUTCDate() + 1)) {
      const day = d.toISOString().slice(0, 10);
      if (day > to) break;
      days.push(day);
    }
    const W = 640, H = 240, left = 44, right = 44, top = 10, bottom = 34;
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    const plotW = W - left - right, plotH = H - top - bottom;
    const maxTickets = Math.max(1, ...days.map((d) => (byDay.get(d) || { tickets: 0 }).tickets));
    const step = plotW / Math.max(1, days.length);
    const y = (c) => top + plotH - c * plotH;
    days.forEach((d, i) => {
      const row = byDay.get(d);
      const n = row ? row.tickets : 0;
      const h = (n / maxTickets) * plotH;
      const bar = el("rect", { x: left + i * step + step * 0.15, y: top + plotH - h, width: Math.max(1, step * 0.7), height: h, class: "tickets" });
      bar.appendChild(el("title", {}, `${d}: ${n} — ${t.first_response} ${pct(row ? row.fr_compliance : null)}, ${t.resolution} ${pct(row ? row.res_compliance : null)}`));
      svg.appendChild(bar);
    });
    for (const p of ["fr", "res"]) {
      let path = "", pen = false;
      days.forEach((d, i) => {
        const row = byDay.get(d);
        const c = row ? row[p + "_compliance"] : null;
        if (c === null || c === undefined) { pen = false; return; }
        path += `${pen ? "L" : "M"}${(left + i * step + step / 2).toFixed(1)},${y(c).toFixed(1)} `;
        pen = true;
      });
      if (path) svg.appendChild(el("path", { d: path.trim(), class: "line-" + p }));
    }
    svg.appendChild(el("line", { x1: left, y1: top + plotH, x2: left + plotW, y2: top + plotH, class: "axis" }));
    for (const c of [0, 0.5, 1]) {
      svg.appendChild(el("text", { x: left - 4, y: y(c) + 4, "text-anchor": "end", class: "muted" }, `${c * 100}%`));
    }
    svg.appendChild(el("text", { x: left + plotW + 4, y: top + 10, class: "muted" }, String(maxTickets)));
    const ticks = Math.min(days.length, 6);
    for (let k = 0; k < ticks; ++k) {
      const i = ticks === 1 ? 0 : Math.round((k * (days.length - 1)) / (ticks - 1));
      svg.appendChild(el("text", { x: left + i * step + step / 2, y: H - 12, "text-anchor": "middle", class: "muted" }, days[i].slice(5)));
    }
  }

  function clearReport() {
    $("rows").replaceChildren();
    $("table-caption").textContent = "";
    $("chart-groups").replaceChildren();
    $("chart-trend").replaceChildren();
    for (const id of ["k-tickets", "k-fr", "k-res"]) $(id).textContent = "–";
    for (const id of ["k-fr-sub", "k-res-sub"]) $(id).textContent = "";
  }

  let loadSeq = 0;
  async function load() {
    const q = query();
    setDownloads(q);
    const p = new URLSearchParams(location.search);
    p.set("from", q.from);
    p.set("to", q.to);
    p.set("group_by", q.group_by);
    history.replaceState(null, "", "?" + p.toString());
    Aduan.translate(t);  // the language links carry the new query
    $("error").textContent = "";
    $("status").textContent = t.loading;
    // Until the answer is drawn, the figures on screen are the previous query's: say so to
    // assistive technology (and to anyone waiting for the page to settle).
    $("report").setAttribute("aria-busy", "true");
    const seq = ++loadSeq;
    try {
      const [report, trend] = await Promise.all([
        api(reportUrl("sla", q, "json")),
        q.group_by === "day" ? null : api(reportUrl("sla", q, "json", "day")),
      ]);
      if (seq !== loadSeq) return;  // a newer request was made meanwhile
      renderSummary(report.total);
      renderTable(report);
      renderGroups(report);
      renderTrend(trend || report, report.from, report.to);
      $("status").textContent = report.rows.length ? "" : t.empty;
    } catch (e) {
      if (seq !== loadSeq) return;
      $("status").textContent = "";
      if (e.status === 401) return sess.showSignin();
      $("error").textContent = t.failed + e.message;
      clearReport();  // no stale numbers beside the error
    } finally {
      if (seq === loadSeq) $("report").removeAttribute("aria-busy");
    }
  }

  $("query").addEventListener("submit", (ev) => {
    ev.preventDefault();
    load();
  });
  for (const id of ["from", "to", "group_by"]) $(id).addEventListener("change", () => setDownloads(query()));

  function start(me) {
    if (!READERS.includes(me.role)) return sess.showSignin(t.not_allowed);
    $("report").hidden = false;
    const today = new Date();
    $("from").value = params.get("from") || isoDate(new Date(today.getFullYear(), today.getMonth(), 1));
    $("to").value = params.get("to") || isoDate(today);
    const g = params.get("group_by");
    if (g && [...$("group_by").options].some((o) => o.value === g)) $("group_by").value = g;
    load();
  }

  let sess = null;
  Aduan.translate(t);
  sess = Aduan.session({ t, contentId: "report", start });
})();
