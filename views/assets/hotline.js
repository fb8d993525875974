// The hotline desk: screen pops, connection and agent state, wrap-up forms over Server-Sent Events.
(function () {
  if (!window.EventSource) return;
  var es = new EventSource("/hotline/stream");
  es.addEventListener("screenpop", function (ev) {
    var box = document.getElementById("screenpop");
    if (!box) return;
    box.innerHTML = ev.data;
    if (window.htmx && htmx.process) htmx.process(box);
  });
  es.addEventListener("connection", function (ev) {
    var el = document.getElementById("hotline-conn");
    if (el) el.outerHTML = ev.data;
  });
  es.addEventListener("agent", function (ev) {
    var el = document.getElementById("agent-state");
    if (el) {
      el.outerHTML = ev.data;
      var n = document.getElementById("agent-state");
      if (window.htmx && htmx.process && n) htmx.process(n);
    }
  });
  // A click-to-call outcome (from the citizen's leg) replaces its "calling…" line, by id.
  es.addEventListener("originate", function (ev) {
    var tmp = document.createElement("div");
    tmp.innerHTML = ev.data;
    var st = tmp.firstElementChild;
    var el = st && document.getElementById(st.id);
    if (el) el.outerHTML = ev.data;
  });
  es.addEventListener("wrapup", function (ev) {
    var box = document.getElementById("wrapups");
    if (!box) return;
    var tmp = document.createElement("div");
    tmp.innerHTML = ev.data;
    var form = tmp.firstElementChild;
    if (form && !document.getElementById(form.id)) box.insertBefore(form, box.firstChild);
    if (window.htmx && htmx.process && form) htmx.process(form);
  });
})();
