/* Progress chart of an execution page: draws the JSON the table beside it was built from. */
(function () {
  "use strict";
  function draw() {
    var box = document.getElementById("progress-chart");
    if (!box || !window.echarts) return;
    var source = document.getElementById(box.getAttribute("data-series-id"));
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var dates = data.points.map(function (p) { return p.date; });
    var series = data.steps.map(function (name, i) {
      return { name: name, type: "line", data: data.points.map(function (p) { return p.steps[i]; }), symbolSize: 6 };
    });
    series.push({ name: "总体", type: "line", data: data.points.map(function (p) { return p.overall; }), lineStyle: { width: 4 }, symbolSize: 9 });
    var chart = window.echarts.init(box, null, { renderer: "svg" });
    chart.setOption({
      animation: !document.documentElement.classList.contains("elder"),
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v + "%"; } },
      legend: { type: "scroll", bottom: 0 },
      grid: { left: 48, right: 16, top: 16, bottom: 64 },
      xAxis: { type: "category", data: dates },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      series: series
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
