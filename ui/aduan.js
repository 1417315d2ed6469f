// What the signed-in pages (/reports, /console) share, served as /assets/aduan.js before each
// page's own script: the page's language, its texts, calls to the API, and signing in and out.
// No inline script or style (the service's Content-Security-Policy forbids them).
window.Aduan = (function () {
  "use strict";

  const params = new URLSearchParams(location.search);
  const lang = params.get("lang") === "id" ? "id" : "en";
  const $ = (id) => document.getElementById(id);

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

  return { params, lang, translate, api, session };
})();
