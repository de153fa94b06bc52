// Partner graph: nodes and edges from /api/v1/graph drawn with cytoscape; a click opens the dossier or entity page.
(function () {
  "use strict";
  var PLACES = { country: true, region: true, city: true };
  document.addEventListener("DOMContentLoaded", function () {
    var el = document.getElementById("graph");
    fetch(el.dataset.url).then(function (r) { return r.json(); }).then(function (g) {
      var elements = g.nodes.map(function (n) {
        return { data: { id: n.id, label: n.label, kind: n.kind, size: 12 + Math.min(40, 3 * n.degree) } };
      }).concat(g.edges.map(function (e, i) {
        return { data: { id: "e" + i, source: e.source, target: e.target, type: e.type } };
      }));
      var cy = cytoscape({
        container: el, elements: elements, layout: { name: "cose", animate: false },
        style: [
          { selector: "node", style: { label: "data(label)", width: "data(size)", height: "data(size)", "font-size": 9, "background-color": "#4a78b5" } },
          { selector: 'node[kind = "person"]', style: { "background-color": "#c0392b" } },
          { selector: 'node[kind = "organization"]', style: { "background-color": "#8e44ad" } },
          { selector: "edge", style: { width: 1, "line-color": "#b8c2cc", "curve-style": "haystack" } },
          { selector: 'edge[type = "figure"]', style: { "line-color": "#e6a100" } }
        ]
      });
      document.getElementById("graph-count").textContent = g.nodes.length + " Knoten, " + g.edges.length + " Kanten" +
        (g.nodes.length ? "" : " – nichts belegt für diese Filter");
      window.partnerGraph = cy;  // for the console and the browser tests
      el.dataset.nodeCount = String(cy.nodes().length);
      cy.on("tap", "node", function (ev) {
        var d = ev.target.data();
        location.href = PLACES[d.kind] ? "/partners/" + encodeURIComponent(d.label) : "/entities/" + encodeURIComponent(d.id);
      });
    });
  });
})();
