/* One small chart per indicator (target vs actual by year), drawn from the JSON the table was built from. */
(function () {
  "use strict";
  function draw() {
    var box = document.getElementById("indicator-charts");
    if (!box || !window.echarts) return;
    var data = JSON.parse(document.getElementById(box.getAttribute("data-series-id")).textContent);
    var animate = !document.documentElement.classList.contains("elder");
    data.forEach(function (ind) {
      var el = document.createElement("div");
      el.className = "rs-chart";
      el.setAttribute("role", "img");
      el.setAttribute("aria-label", ind.name + "：各年目标和实际值，数据见上表");
      box.appendChild(el);
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption({
        animation: animate,
        title: { text: ind.name + (ind.unit ? "（" + ind.unit + "）" : ""), textStyle: { fontSize: 14 } },
        tooltip: { trigger: "axis" },
        legend: { bottom: 0, data: ["年度目标", "实际值"] },
        grid: { left: 56, right: 16, top: 40, bottom: 40 },
        xAxis: { type: "category", data: ind.years.map(String) },
        yAxis: { type: "value", scale: true },
        series: [
          { name: "年度目标", type: "line", data: ind.target, lineStyle: { type: "dashed" }, connectNulls: true,
            markLine: { symbol: "none", data: [{ yAxis: ind.end_target, name: "规划目标" }], label: { formatter: "规划目标 {c}", position: "insideEndTop" } } },
          { name: "实际值", type: "line", data: ind.actual, symbolSize: 9, lineStyle: { width: 3 } }
        ]
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
