// Monthly letter statistics chart; the same figures are in the table beside it.
(function () {
  "use strict";
  var holder = document.getElementById("letters-chart");
  var source = document.getElementById("letters-chart-data");
  if (!holder || !source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var chart = window.echarts.init(holder, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { data: ["收信", "已答复", "按期答复", "满意率"] },
    xAxis: { type: "category", data: data.months },
    yAxis: [{ type: "value", name: "件", minInterval: 1 }, { type: "value", name: "%", max: 100 }],
    series: [
      { name: "收信", type: "bar", data: data.received },
      { name: "已答复", type: "bar", data: data.replied },
      { name: "按期答复", type: "bar", data: data.on_time },
      { name: "满意率", type: "line", yAxisIndex: 1, data: data.satisfaction, connectNulls: true }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
