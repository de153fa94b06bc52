// Partner dossier: one ECharts line chart per metric; actual values as a line, targets and forecasts as points.
// A click on a point opens its evidence. The date filter swaps #dossier-sections through htmx: its charts are
// drawn again then (and the old ones disposed).
(function () {
  "use strict";
  function draw(el) {
    var points = JSON.parse(el.dataset.points);
    var xs = Array.from(new Set(points.map(function (p) { return p.x; }))).sort();
    var kinds = Array.from(new Set(points.map(function (p) { return p.kind; })));
    var series = kinds.map(function (kind) {
      return {
        name: kind, type: kind === "actual" ? "line" : "scatter", symbolSize: 9,
        data: points.filter(function (p) { return p.kind === kind; })
                    .map(function (p) { return { value: [p.x, p.y], fact: p.fact }; })
      };
    });
    var chart = echarts.init(el);
    chart.setOption({
      animation: false,  // every point drawn at once: what a screenshot or a reader sees first is complete
      tooltip: { trigger: "item", formatter: function (p) { return p.seriesName + " " + p.value[0] + ": " + p.value[1].toLocaleString("de-DE") + " (" + p.data.fact + ")"; } },
      legend: { data: kinds, top: 0, right: 10 }, grid: { left: 90, right: 20, top: 30, bottom: 30 },
      xAxis: { type: "category", data: xs }, yAxis: { type: "value" }, series: series
    });
    el.dataset.pointCount = String(points.length);
    chart.on("click", function (p) { if (p.data && p.data.fact) { location.href = "/facts/" + encodeURIComponent(p.data.fact); } });
  }
  function drawAll(root) {
    root.querySelectorAll(".chart").forEach(function (el) { if (!el.dataset.pointCount) { draw(el); } });
  }
  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:beforeSwap", function () {
    document.querySelectorAll("#dossier-sections .chart").forEach(function (el) {
      var c = echarts.getInstanceByDom(el);
      if (c) { c.dispose(); }
    });
  });
  document.addEventListener("htmx:afterSettle", function () { drawAll(document); });
})();
