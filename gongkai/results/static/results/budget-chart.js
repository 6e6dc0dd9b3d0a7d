/* Year-over-year budget chart, drawn from the JSON the table beside it was built from. */
(function () {
  "use strict";
  function draw() {
    var box = document.getElementById("budget-chart");
    if (!box || !window.echarts) return;
    var data = JSON.parse(document.getElementById(box.getAttribute("data-series-id")).textContent);
    var chart = window.echarts.init(box, null, { renderer: "svg" });
    chart.setOption({
      animation: !document.documentElement.classList.contains("elder"),
      tooltip: { trigger: "axis" },
      legend: { bottom: 0 },
      grid: [{ left: 64, right: 16, top: 24, height: "32%" }, { left: 64, right: 16, top: "56%", height: "26%" }],
      xAxis: [{ type: "category", data: data.years.map(String), gridIndex: 0 }, { type: "category", data: data.years.map(String), gridIndex: 1 }],
      yAxis: [{ type: "value", name: "支出（万元）", gridIndex: 0 }, { type: "value", name: "“三公”经费（万元）", gridIndex: 1 }],
      series: [
        { name: "支出预算", type: "bar", data: data.expenditure.budget, xAxisIndex: 0, yAxisIndex: 0 },
        { name: "支出决算", type: "bar", data: data.expenditure.final, xAxisIndex: 0, yAxisIndex: 0 },
        { name: "“三公”经费预算", type: "line", data: data.three_public.budget, xAxisIndex: 1, yAxisIndex: 1, connectNulls: true },
        { name: "“三公”经费决算", type: "line", data: data.three_public.final, xAxisIndex: 1, yAxisIndex: 1, connectNulls: true }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
