// The agents' console (/console): log a complaint while the caller is on the line, work a
// queue sorted by what falls due first with live SLA countdowns, and handle a ticket (reply,
// note, status, priority, team, assignee) with its history and SLA clocks. Live without
// reloading through the console feed (GET /api/v1/console/live, a WebSocket signed in by the
// session cookie). English, or Bahasa Indonesia with ?lang=id. No inline script or style.
(function () {
  "use strict";

  const TEXT = {
    en: {
      title: "Complaints console", connecting: "Connecting…", live: "Live", offline: "Reconnecting…",
      signout: "Sign out", signin_title: "Sign in", username: "Username", password: "Password",
      signin: "Sign in", signin_failed: "Sign-in failed: ",
      not_allowed: "The console is for agents, supervisors, managers and administrators.",
      failed: "The console could not load: ",
      new_title: "New complaint", phone: "Phone", participant: "Participant no.", name: "Name",
      subject: "Subject", channel: "Channel", category: "Category", priority: "Priority", team: "Team",
      description: "Description", assign_me: "Assign to me", log: "Log complaint",
      queue: "Queue", my_queue: "My queue", team_queue: "Team queue", all_open: "All open",
      queue_hint: "Sorted by what falls due first.", queue_empty: "Nothing in this queue.",
      status: "Status", assignee: "Assignee", take: "Take it", reply: "Reply or note",
      internal: "Internal note (not sent to the requester)", send: "Send", history_title: "History",
      no_team: "(no team)", nobody: "(nobody)",
      repeat: (n, open) => `Repeat caller: ${n} earlier complaint${n === 1 ? "" : "s"}${open ? `, ${open} still open` : ""}`,
      created_ok: (id) => `Complaint #${id} logged.`,
      due_in: "due in", overdue: "overdue by", paused: "paused", met: "met", stopped: "stopped",
      first_response: "First response", resolution: "Resolution",
      clock: { running: "running", warning: "▲ at risk", paused: "paused", met: "✔ met", breached: "✖ breached" },
      target: "Target", used: "Business time used", due: "Due", breached_at: "Breached at", stopped_at: "Stopped at",
      ev: { created: "created the ticket", status: "changed status", priority: "changed priority",
        category: "changed category", channel: "changed channel", team: "changed team",
        assignee: "changed assignee", tags: "changed tags", response: "replied", note: "added an internal note",
        "sla.warning": "SLA at risk", "sla.breached": "SLA breached" },
    },
    id: {
      title: "Konsol pengaduan", connecting: "Menyambung…", live: "Langsung", offline: "Menyambung ulang…",
      signout: "Keluar", signin_title: "Masuk", username: "Nama pengguna", password: "Kata sandi",
      signin: "Masuk", signin_failed: "Gagal masuk: ",
      not_allowed: "Konsol untuk agen, supervisor, manajer, dan administrator.",
      failed: "Konsol tidak dapat dimuat: ",
      new_title: "Pengaduan baru", phone: "Telepon", participant: "No. peserta", name: "Nama",
      subject: "Perihal", channel: "Kanal", category: "Kategori", priority: "Prioritas", team: "Tim",
      description: "Uraian", assign_me: "Tangani sendiri", log: "Catat pengaduan",
      queue: "Antrean", my_queue: "Antrean saya", team_queue: "Antrean tim", all_open: "Semua terbuka",
      queue_hint: "Diurutkan menurut tenggat terdekat.", queue_empty: "Antrean ini kosong.",
      status: "Status", assignee: "Petugas", take: "Ambil", reply: "Balasan atau catatan",
      internal: "Catatan internal (tidak dikirim ke pelapor)", send: "Kirim", history_title: "Riwayat",
      no_team: "(tanpa tim)", nobody: "(belum ada)",
      repeat: (n, open) => `Penelepon berulang: ${n} pengaduan sebelumnya${open ? `, ${open} masih terbuka` : ""}`,
      created_ok: (id) => `Pengaduan #${id} tercatat.`,
      due_in: "tenggat", overdue: "terlambat", paused: "dijeda", met: "tercapai", stopped: "berhenti",
      first_response: "Respons pertama", resolution: "Penyelesaian",
      clock: { running: "berjalan", warning: "▲ berisiko", paused: "dijeda", met: "✔ tercapai", breached: "✖ melanggar" },
      target: "Target", used: "Waktu kerja terpakai", due: "Tenggat", breached_at: "Melanggar pada", stopped_at: "Berhenti pada",
      ev: { created: "membuat tiket", status: "mengubah status", priority: "mengubah prioritas",
        category: "mengubah kategori", channel: "mengubah kanal", team: "mengubah tim",
        assignee: "mengubah petugas", tags: "mengubah label", response: "membalas", note: "menambah catatan internal",
        "sla.warning": "SLA berisiko", "sla.breached": "SLA dilanggar" },
    },
  };
  // Lifecycle (spec 2): where each status may go.
  const NEXT = { new: ["open", "pending", "resolved"], open: ["pending", "resolved"], pending: ["open", "resolved"],
    resolved: ["open", "closed"], closed: [] };
  const OPEN = ["new", "open", "pending"];

  const { lang, api, words } = Aduan;
  const t = Object.assign({ statuses: words.status, priorities: words.priority, channels: words.channel }, TEXT[lang]);
  const $ = (id) => document.getElementById(id);
  const store = { get: (k) => { try { return localStorage.getItem("aduan." + k); } catch (e) { return null; } },
    set: (k, v) => { try { localStorage.setItem("aduan." + k, v); } catch (e) { /* private mode */ } } };

  let me = null, config = null, sess = null, queueKind = "mine", tickets = new Map(), current = null, socket = null;

  // ---- helpers ------------------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v; else e.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }

  function options(select, values, labels, selected) {
    select.replaceChildren(...values.map((v) => {
      const o = el("option", { value: v }, labels ? (labels[v] || v) : v);
      if (v === selected) o.selected = true;
      return o;
    }));
  }

  // Instants in the operating time zone (the configuration's), as every page shows them.
  const fmtTime = (iso) => Aduan.instant(iso, "short", config && config.timezone);
  const span = Aduan.countdown;

  // The clock that decides a ticket's place and colour: the running one due soonest.
  function nextClock(tk) {
    if (!tk.sla) return null;
    const clocks = [["first_response", tk.sla.first_response], ["resolution", tk.sla.resolution]]
      .filter(([, c]) => c && c.status !== "met" && !c.stopped_at);
    if (!clocks.length) return null;
    clocks.sort((a, b) => due(a[1]) - due(b[1]));
    return { metric: clocks[0][0], clock: clocks[0][1] };
  }
  const due = (c) => c.due_at ? Date.parse(c.due_at) : (c.breached_at ? Date.parse(c.breached_at) : Infinity);

  // What a countdown says now, and its state (the server's, or breached once the due time passed).
  function countdown(c) {
    if (!c) return { text: "", state: "" };
    if (c.status === "paused") return { text: t.paused, state: "paused" };
    const left = (due(c) - Date.now()) / 1000;
    if (c.status === "breached" || left < 0) {
      const since = c.breached_at ? (Date.now() - Date.parse(c.breached_at)) / 1000 : -left;
      return { text: `✖ ${t.overdue} ${span(Math.max(0, since))}`, state: "breached" };
    }
    if (c.status === "warning") return { text: `▲ ${t.due_in} ${span(left)}`, state: "warning" };
    return { text: `${t.due_in} ${span(left)}`, state: "running" };
  }

  // ---- new complaint ------------------------------------------------------------------------

  let lookupTimer = null, lookupSeq = 0;
  function lookup() {
    clearTimeout(lookupTimer);
    lookupTimer = setTimeout(async () => {
      const key = $("n-phone").value.trim() || $("n-external").value.trim();
      const seq = ++lookupSeq;
      if (key.length < 5) { $("history").hidden = true; return; }
      try {
        const r = await api("/api/v1/tickets?limit=20&requester=" + encodeURIComponent(key));
        if (seq !== lookupSeq) return;
        if (!r.items.length) { $("history").hidden = true; return; }
        const open = r.items.filter((x) => OPEN.includes(x.status)).length;
        $("history-title").textContent = t.repeat(r.items.length, open);
        $("history-list").replaceChildren(...r.items.map((x) => {
          const a = el("a", { href: "#ticket-" + x.id }, `#${x.id} ${x.subject}`);
          a.addEventListener("click", (e) => { e.preventDefault(); openTicket(x.id); });
          return el("li", {}, a, ` — ${t.statuses[x.status]}, ${fmtTime(x.created_at)}`);
        }));
        if (!$("n-name").value && r.items[0].requester && r.items[0].requester.name) $("n-name").value = r.items[0].requester.name;
        $("history").hidden = false;
      } catch (e) { /* a lookup is a help, not a blocker */ }
    }, 250);
  }
  $("n-phone").addEventListener("input", lookup);
  $("n-external").addEventListener("input", lookup);

  let submitting = false;  // one complaint per submission, however many keys are pressed
  $("new-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (submitting) return;
    submitting = true;
    $("new-error").textContent = "";
    const requester = {};
    for (const [k, id] of [["phone", "n-phone"], ["external_id", "n-external"], ["name", "n-name"]]) {
      const v = $(id).value.trim();
      if (v) requester[k] = v;
    }
    const body = { subject: $("n-subject").value.trim(), channel: $("n-channel").value,
      category: $("n-category").value, priority: $("n-priority").value, requester };
    if ($("n-description").value.trim()) body.description = $("n-description").value.trim();
    if ($("n-team").value) body.team = $("n-team").value;
    if ($("n-mine").checked) body.assignee = me.username;
    try {
      const tk = await api("/api/v1/tickets", { method: "POST", body: JSON.stringify(body) });
      store.set("channel", body.channel);
      if (body.team) store.set("team", body.team);
      for (const id of ["n-phone", "n-external", "n-name", "n-subject", "n-description"]) $(id).value = "";
      $("history").hidden = true;
      $("new-error").textContent = "";
      upsert(tk);
      openTicket(tk.id, tk);
      $("n-phone").focus();
    } catch (e) {
      $("new-error").textContent = e.message;
    } finally {
      submitting = false;
    }
  });
  document.addEventListener("keydown", (ev) => {
    if (ev.altKey && (ev.key === "n" || ev.key === "N")) { ev.preventDefault(); $("n-phone").focus(); }
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey) && $("new-form").contains(document.activeElement)) {
      ev.preventDefault(); $("new-form").requestSubmit();
    }
  });

  // ---- the queue ----------------------------------------------------------------------------

  function inQueue(tk) {
    if (!OPEN.includes(tk.status)) return false;
    if (queueKind === "mine") return tk.assignee === me.username;
    if (queueKind === "team") return tk.team === ($("queue-team").value || null);
    return true;
  }

  async function loadQueue() {
    let q = "/api/v1/tickets?limit=500&status=new,open,pending";
    if (queueKind === "mine") q += "&assignee=" + encodeURIComponent(me.username);
    if (queueKind === "team") q += "&team=" + encodeURIComponent($("queue-team").value);
    try {
      const r = await api(q);
      tickets = new Map(r.items.map((x) => [x.id, x]));
      renderQueue();
    } catch (e) {
      if (e.status === 401) sess.showSignin();
    }
  }

  function upsert(tk) {
    if (inQueue(tk)) tickets.set(tk.id, tk); else tickets.delete(tk.id);
    renderQueue();
  }

  function renderQueue() {
    const list = [...tickets.values()].sort((a, b) => {
      const ca = nextClock(a), cb = nextClock(b);
      return (ca ? due(ca.clock) : Infinity) - (cb ? due(cb.clock) : Infinity) || a.id - b.id;
    });
    $("queue").replaceChildren(...list.map((tk) => {
      const next = nextClock(tk);
      const cd = countdown(next && next.clock);
      const li = el("li", { tabindex: "0", "data-id": String(tk.id), class: cd.state },
        el("span", { class: "subject" }, `#${tk.id} ${tk.subject}`),
        el("span", { class: "countdown " + cd.state, "data-role": "countdown" }, cd.text),
        el("span", { class: "meta" }, [t.priorities[tk.priority], t.statuses[tk.status],
          tk.requester && tk.requester.name, tk.team, next ? t[next.metric] : null].filter(Boolean).join(" · ")));
      li.addEventListener("click", () => openTicket(tk.id));
      li.addEventListener("keydown", (ev) => { if (ev.key === "Enter") openTicket(tk.id); });
      return li;
    }));
    $("queue-empty").hidden = list.length > 0;
  }

  // Countdowns tick every second; a clock passing its due time turns breached at once.
  setInterval(() => {
    for (const li of $("queue").children) {
      const tk = tickets.get(Number(li.dataset.id));
      if (!tk) continue;
      const next = nextClock(tk);
      const cd = countdown(next && next.clock);
      const c = li.querySelector("[data-role=countdown]");
      c.textContent = cd.text;
      c.className = "countdown " + cd.state;
      li.className = cd.state;
    }
    if (current) renderClocks(current);
  }, 1000);

  function selectTab(kind) {
    queueKind = kind;
    for (const k of ["mine", "team", "all"]) $("tab-" + k).setAttribute("aria-selected", String(k === kind));
    loadQueue();
  }
  $("tab-mine").addEventListener("click", () => selectTab("mine"));
  $("tab-team").addEventListener("click", () => selectTab("team"));
  $("tab-all").addEventListener("click", () => selectTab("all"));
  $("queue-team").addEventListener("change", () => { store.set("queue_team", $("queue-team").value); selectTab("team"); });

  // ---- a ticket -----------------------------------------------------------------------------

  async function openTicket(id, known) {
    try {
      const tk = known || await api("/api/v1/tickets/" + id);
      current = tk;
      renderDetail(tk);
      $("detail").hidden = false;
      loadEvents(tk.id);
    } catch (e) {
      $("new-error").textContent = e.message;
    }
  }

  function renderClocks(tk) {
    const box = $("d-clocks");
    if (!tk.sla) { box.replaceChildren(); return; }
    box.replaceChildren(...["first_response", "resolution"].map((m) => {
      const c = tk.sla[m];
      const running = c.status === "running" || c.status === "warning";
      const used = running && c.due_at ? Math.max(0, c.target_seconds - Math.max(0, (Date.parse(c.due_at) - Date.now()) / 1000)) : c.elapsed_seconds;
      const fill = el("div", { class: "bar-fill" });
      fill.style.width = Math.min(100, (100 * used) / Math.max(1, c.target_seconds)) + "%";
      const cd = running || c.status === "breached" && !c.stopped_at ? countdown(c).text : "";
      return el("div", { class: "clock " + c.status },
        el("h3", {}, t[m]),
        el("p", { class: "state" }, t.clock[c.status] + (cd ? " — " + cd : "")),
        el("div", { class: "bar-track", role: "presentation" }, fill),
        el("dl", {},
          el("dt", {}, t.target), el("dd", {}, span(c.target_seconds)),
          el("dt", {}, t.used), el("dd", {}, span(c.elapsed_seconds)),
          el("dt", {}, t.due), el("dd", {}, fmtTime(c.due_at)),
          c.breached_at ? el("dt", {}, t.breached_at) : null, c.breached_at ? el("dd", {}, fmtTime(c.breached_at)) : null,
          c.stopped_at ? el("dt", {}, t.stopped_at) : null, c.stopped_at ? el("dd", {}, fmtTime(c.stopped_at)) : null));
    }));
  }

  function renderDetail(tk) {
    $("d-id").textContent = "#" + tk.id;
    $("d-created").textContent = `${t.channels[tk.channel]} · ${fmtTime(tk.created_at)}`;
    $("d-subject").textContent = tk.subject;
    const r = tk.requester || {};
    $("d-requester").textContent = [r.name, r.phone, r.external_id, r.email].filter(Boolean).join(" · ");
    $("d-description").textContent = tk.description || "";
    renderClocks(tk);
    options($("d-status"), [tk.status, ...NEXT[tk.status]], t.statuses, tk.status);
    options($("d-priority"), ["low", "normal", "high", "urgent"], t.priorities, tk.priority);
    options($("d-team"), ["", ...config.teams], Object.assign({ "": t.no_team }), tk.team || "");
    if (document.activeElement !== $("d-assignee")) $("d-assignee").value = tk.assignee || "";
    const closed = tk.status === "closed";
    for (const id of ["d-status", "d-priority", "d-team", "d-assignee", "d-take", "d-body", "d-send"]) $(id).disabled = closed;
  }

  async function loadEvents(id) {
    try {
      const r = await api(`/api/v1/tickets/${id}/events`);
      if (!current || current.id !== id) return;
      $("d-events").replaceChildren(...r.items.slice().reverse().map((e) => {
        const isNote = e.type === "response" && e.response && !e.response.public;
        const what = t.ev[isNote ? "note" : e.type] || e.type;
        const li = el("li", { class: e.type.startsWith("sla.") ? "sla" : "" },
          el("span", { class: "when" }, `${fmtTime(e.at)} · ${e.actor} `), what);
        if (e.type === "response" && e.response) li.append(el("p", { class: "body" + (isNote ? " note" : "") }, e.response.body));
        else if (e.to !== undefined && e.type !== "created" && !e.type.startsWith("sla.")) li.append(`: ${e.from ?? "—"} → ${e.to ?? "—"}`);
        else if (e.type.startsWith("sla.")) li.append(` (${t[e.to] || e.to})`);
        return li;
      }));
    } catch (e) { /* the ticket view stays */ }
  }

  async function patch(fields) {
    if (!current) return;
    $("d-error").textContent = "";
    try {
      const tk = await api("/api/v1/tickets/" + current.id, { method: "PATCH", body: JSON.stringify(fields) });
      current = tk;
      renderDetail(tk);
      upsert(tk);
      loadEvents(tk.id);
    } catch (e) {
      $("d-error").textContent = e.message;
      renderDetail(current);
    }
  }
  $("d-status").addEventListener("change", () => patch({ status: $("d-status").value }));
  $("d-priority").addEventListener("change", () => patch({ priority: $("d-priority").value }));
  $("d-team").addEventListener("change", () => patch({ team: $("d-team").value || null }));
  $("d-assignee").addEventListener("change", () => patch({ assignee: $("d-assignee").value.trim() || null }));
  $("d-take").addEventListener("click", () => patch({ assignee: me.username }));
  $("d-close").addEventListener("click", () => { $("detail").hidden = true; current = null; });

  $("d-respond").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (!current) return;
    $("d-error").textContent = "";
    try {
      await api(`/api/v1/tickets/${current.id}/responses`, { method: "POST",
        body: JSON.stringify({ body: $("d-body").value, public: !$("d-internal").checked }) });
      $("d-body").value = "";
      $("d-internal").checked = false;
      const tk = await api("/api/v1/tickets/" + current.id);
      current = tk;
      renderDetail(tk);
      upsert(tk);
      loadEvents(tk.id);
    } catch (e) {
      $("d-error").textContent = e.message;
    }
  });
  $("d-body").addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); $("d-respond").requestSubmit(); }
  });

  // ---- live ---------------------------------------------------------------------------------

  function connect() {
    socket = Aduan.liveFeed({
      path: "/api/v1/console/live",
      onState: (state) => {
        $("live").className = state === "live" ? "live on" : "live off";
        $("live-text").textContent = state === "live" ? t.live : state === "connecting" ? t.connecting : t.offline;
        if (state === "live") loadQueue();  // catch up on what changed while away
        if (state === "refused") sess.showSignin();
      },
      onFrame: (f) => {
        if (f.type !== "event" || f.event !== "ticket.changed") return;
        upsert(f.ticket);
        if (current && current.id === f.ticket.id) {
          current = f.ticket;
          renderDetail(f.ticket);
          loadEvents(f.ticket.id);
        }
      },
    });
  }

  // ---- start --------------------------------------------------------------------------------

  async function start(who) {
    me = who;
    if (!["agent", "supervisor", "manager", "admin"].includes(me.role)) return sess.showSignin(t.not_allowed);
    config = await api("/api/v1/config");
    options($("n-channel"), ["phone", "email", "chat", "web", "social", "walk_in"], t.channels, store.get("channel") || "phone");
    options($("n-category"), config.categories, null, config.categories[0]);
    options($("n-priority"), ["low", "normal", "high", "urgent"], t.priorities, "normal");
    options($("n-team"), ["", ...config.teams], { "": t.no_team }, store.get("team") || "");
    options($("queue-team"), config.teams, null, store.get("queue_team") || config.teams[0]);
    $("app").hidden = false;
    $("n-phone").focus();
    await loadQueue();
    connect();
  }

  Aduan.translate(t);
  sess = Aduan.session({ t, contentId: "app", start, onSignout: () => {
    if (socket) { socket.stop(); socket = null; }
  } });
})();
