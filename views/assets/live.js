// Live updates over Server-Sent Events: the unread count and a "refresh" hint when a case on screen changes.
(function () {
  if (!window.EventSource) return;
  var es = new EventSource("/events");
  es.addEventListener("notify", function (e) {
    var n = document.getElementById("notify-count");
    if (n) {
      n.textContent = e.data;
      if (n.classList.contains("count")) n.classList.toggle("on", e.data !== "0");
    }
  });
  es.addEventListener("case", function (e) {
    var d = JSON.parse(e.data);
    var live = document.querySelector("[data-live]");
    if (!live) return;
    var ids = (live.getAttribute("data-live") || "").split(",");
    if (ids[0] === "*" || ids.indexOf(String(d.caseId)) >= 0) {
      var b = document.getElementById("live-hint");
      if (b) b.hidden = false;
    }
  });
})();
