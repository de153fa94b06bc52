// Watchlists: the "Beobachten", "Als gesehen markieren" and "Entfernen" forms call /api/v1/watchlists with the
// server's bearer token. The token is typed once into the field on /watch (or asked for by the first write) and kept
// in sessionStorage for this tab only. Errors show the API's message and hint next to the button.
(function () {
  "use strict";
  var KEY = "coopgraph-api-token";
  if (window.coopgraphWatch) { return; }  // the script may be included twice on a page
  window.coopgraphWatch = true;

  function token() { return sessionStorage.getItem(KEY) || ""; }

  function submit(form, ev) {
    ev.preventDefault();
    var status = form.querySelector(".watch-status");
    var body = null;
    if (form.dataset.method === "POST" && form.dataset.url === "/api/v1/watchlists") {
      var kind = form.dataset.kind || form.elements.kind.value;
      var value = form.dataset.value || form.elements.value.value;
      body = JSON.stringify({ kind: kind, value: value });
    }
    var t = token();
    if (!t && !document.getElementById("watch-token")) {  // not on /watch: ask once for this tab
      t = (window.prompt("API-Token dieses Servers (COOPGRAPH_API_TOKEN)") || "").trim();
      if (t) { sessionStorage.setItem(KEY, t); }
    }
    var headers = { "Authorization": "Bearer " + t };
    if (body) { headers["Content-Type"] = "application/json"; }
    status.textContent = "…";
    fetch(form.dataset.url, { method: form.dataset.method, headers: headers, body: body })
      .then(function (r) {
        if (r.status === 204) { return { ok: true, data: null }; }
        return r.json().then(function (data) { return { ok: r.ok, data: data }; });
      })
      .then(function (res) {
        if (!res.ok) {
          var e = res.data.error;
          status.textContent = e.message + (e.hint ? " (" + e.hint + ")" : "");
          status.className = "watch-status hint";
          return;
        }
        status.className = "watch-status muted";
        if (location.pathname === "/watch") { location.reload(); return; }
        status.textContent = "gespeichert: Watchliste " + res.data.id;
      })
      .catch(function (err) { status.textContent = String(err); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var field = document.querySelector("#watch-token input[name=token]");
    if (field) {
      field.value = token();
      field.addEventListener("input", function () { sessionStorage.setItem(KEY, field.value.trim()); });
      document.getElementById("watch-token").addEventListener("submit", function (ev) { ev.preventDefault(); });
    }
    document.querySelectorAll("form.watch-save, form.watch-seen, form.watch-delete").forEach(function (form) {
      form.addEventListener("submit", function (ev) { submit(form, ev); });
    });
  });
})();
