// Live updates over Server-Sent Events: the unread count; when a case on screen changes, a
// [data-live-src] fragment (the workbench panel: counters and list) is re-fetched and swapped with
// htmx, and other [data-live] views show a "refresh" hint.
(function () {
  if (!window.EventSource || window.__wanmiLive) return;
  window.__wanmiLive = true;
  var es = new EventSource("/events");
  es.addEventListener("notify", function (e) {
    var n = document.getElementById("notify-count");
    if (n) {
      n.textContent = e.data;
      if (n.classList.contains("count")) n.classList.toggle("on", e.data !== "0");
    }
  });
  var pending = false;
  function refresh() {
    pending = false;
    var nodes = document.querySelectorAll("[data-live-src]");
    for (var i = 0; i < nodes.length; i++) {
      var el = nodes[i];
      if (!el.id) el.id = "live-" + i;
      window.htmx.ajax("GET", el.getAttribute("data-live-src"), { target: "#" + el.id, swap: "outerHTML" });
    }
  }
  es.addEventListener("case", function (e) {
    var d = JSON.parse(e.data);
    var lives = document.querySelectorAll("[data-live]");
    for (var i = 0; i < lives.length; i++) {
      var live = lives[i];
      var ids = (live.getAttribute("data-live") || "").split(",");
      if (ids[0] !== "*" && ids.indexOf(String(d.caseId)) < 0) continue;
      if (live.hasAttribute("data-live-src") && window.htmx) {
        // One re-fetch per burst of events.
        if (!pending) {
          pending = true;
          setTimeout(refresh, 300);
        }
      } else {
        var b = document.getElementById("live-hint");
        if (b) b.hidden = false;
      }
    }
  });
})();
