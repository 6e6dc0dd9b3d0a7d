// Incidents by grade; the same figures are in the table below the chart.
(function () {
  "use strict";
  var holder = document.getElementById("op-chart");
  var source = document.getElementById("op-chart-data");
  if (!holder || !source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var chart = window.echarts.init(holder, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: data.grades },
    yAxis: { type: "value", minInterval: 1, name: "件" },
    series: [{ name: "舆情件数", type: "bar", data: data.counts }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
