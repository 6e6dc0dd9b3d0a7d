/* Draws a bar chart from each results table (the table stays as the accessible source). */
(function () {
  "use strict";
  function draw() {
    if (!window.echarts) { return; }
    document.querySelectorAll("[data-chart-for]").forEach(function (box) {
      var table = document.getElementById(box.getAttribute("data-chart-for"));
      if (!table) { return; }
      var labels = [], values = [];
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        labels.push(tr.querySelector("th").textContent.trim());
        var v = parseFloat(tr.querySelector("td").textContent);
        values.push(isNaN(v) ? 0 : v);
      });
      var chart = window.echarts.init(box);
      chart.setOption({
        animation: !document.documentElement.classList.contains("elder"),
        grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
        xAxis: { type: "value", inverse: table.getAttribute("data-chart-kind") === "rank" ? false : false },
        yAxis: { type: "category", data: labels, inverse: true },
        series: [{ type: "bar", data: values, itemStyle: { color: "#1f4e8c" }, label: { show: true, position: "right" } }]
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
}());
