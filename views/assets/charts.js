// Chart init for pages that carry <script type="application/json" data-charts> blocks and
// elements with data-chart="<key>". No inline scripts: CSP-friendly. Needs echarts.min.js.
(function () {
  function init() {
    if (!window.echarts) return;
    document.querySelectorAll("script[type='application/json'][data-charts]").forEach(function (block) {
      var specs;
      try {
        specs = JSON.parse(block.textContent || "{}");
      } catch (_e) {
        return;
      }
      document.querySelectorAll("[data-chart]").forEach(function (el) {
        var s = specs[el.getAttribute("data-chart")];
        if (!s || el.getAttribute("data-chart-ready")) return;
        el.setAttribute("data-chart-ready", "1");
        var chart = window.echarts.init(el, null, { renderer: "canvas" });
        chart.setOption(build(s));
        window.addEventListener("resize", function () {
          chart.resize();
        });
      });
    });
  }
  var palette = ["#b03a2e", "#1f5f99", "#2e8b57", "#d68910", "#7d3c98", "#17a589", "#566573", "#cb4335"];
  function build(s) {
    var base = {
      color: palette,
      animation: false,
      tooltip: { trigger: s.type === "pie" ? "item" : "axis" },
      grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
    };
    var empty =
      (s.items && s.items.length === 0) || (s.days && s.days.length === 0) || (s.points && s.points.length === 0);
    if (empty)
      return {
        title: {
          text: "暂无数据",
          left: "center",
          top: "middle",
          textStyle: { color: "#999", fontSize: 14, fontWeight: "normal" },
        },
      };
    if (s.type === "pie") {
      base.series = [
        {
          type: "pie",
          radius: ["35%", "65%"],
          data: s.items.map(function (i) {
            return { name: i.name, value: i.n };
          }),
          label: { formatter: "{b} {c}" },
        },
      ];
    } else if (s.type === "hbar") {
      var items = s.items.slice().reverse();
      base.xAxis = { type: "value" };
      base.yAxis = {
        type: "category",
        data: items.map(function (i) {
          return i.name;
        }),
      };
      base.series = [
        {
          type: "bar",
          data: items.map(function (i) {
            return i.n;
          }),
          label: { show: true, position: "right" },
        },
      ];
    } else if (s.type === "trend") {
      base.legend = { data: ["上报", "结案"], top: 0 };
      base.xAxis = {
        type: "category",
        data: s.days.map(function (d) {
          return d.day.slice(5);
        }),
      };
      base.yAxis = { type: "value" };
      base.series = [
        {
          name: "上报",
          type: "line",
          smooth: true,
          data: s.days.map(function (d) {
            return d.reports;
          }),
        },
        {
          name: "结案",
          type: "line",
          smooth: true,
          data: s.days.map(function (d) {
            return d.closed;
          }),
        },
      ];
    } else if (s.type === "points") {
      base.tooltip = { trigger: "item" };
      base.xAxis = { type: "value", scale: true, name: "经度" };
      base.yAxis = { type: "value", scale: true, name: "纬度" };
      base.series = [{ type: "scatter", symbolSize: 4, itemStyle: { opacity: 0.35 }, data: s.points, large: true }];
    }
    return base;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  document.addEventListener("htmx:after:swap", init);
})();
