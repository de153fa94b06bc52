// Article page: clicking a highlighted span shows the facts that cover it (their value, kind, period, rule, entity).
(function () {
  "use strict";
  function select(ids) {
    document.querySelectorAll(".f.selected, .fact.selected").forEach(function (el) { el.classList.remove("selected"); });
    ids.forEach(function (id) {
      var card = document.getElementById(id);
      if (card) { card.classList.add("selected"); }
      document.querySelectorAll('.f[data-facts~="' + CSS.escape(id) + '"]').forEach(function (el) { el.classList.add("selected"); });
    });
    var first = ids.length ? document.getElementById(ids[0]) : null;
    if (first) { first.scrollIntoView({ block: "nearest" }); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("#text .f").forEach(function (el) {
      var ids = el.dataset.facts.split(" ");
      el.addEventListener("click", function () { select(ids); });
      el.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { select(ids); } });
    });
    document.querySelectorAll(".fact").forEach(function (card) {
      card.addEventListener("click", function () { select([card.dataset.fact]); });
    });
    if (location.hash.length > 1) { select([decodeURIComponent(location.hash.slice(1))]); }
  });
})();
