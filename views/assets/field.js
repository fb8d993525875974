// 城管通 on the phone: offline queue (IndexedDB), photo compression (canvas → JPEG), GPS with
// accuracy and a draggable pin, category search, task answers, patrol track sampling, clock-in.
// Everything the inspector submits goes into the queue first and is sent from there, so closing
// the browser or losing the signal loses nothing; the server dedupes by the client id.
(() => {
  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];
  const esc = (s) =>
    String(s ?? "").replace(
      /[&<>"']/g,
      (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
    );

  /** A client id without crypto.randomUUID (which needs a secure context). */
  function newId() {
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  // ---------------------------------------------------------------- IndexedDB outbox
  const DB_NAME = "wanmi-field";
  const STORE = "outbox";
  let dbp = null;
  function idb() {
    dbp ??= new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: "id" });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    return dbp;
  }
  async function store(mode, fn) {
    const db = await idb();
    return new Promise((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const r = fn(t.objectStore(STORE));
      t.oncomplete = () => resolve(r && "result" in r ? r.result : undefined);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    });
  }
  const outbox = {
    put: (rec) => store("readwrite", (s) => s.put(rec)),
    del: (id) => store("readwrite", (s) => s.delete(id)),
    all: () =>
      store("readonly", (s) => s.getAll()).then((xs) =>
        (xs || []).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
      ),
  };
  window.wanmiOutbox = outbox; // for tests and debugging

  // ---------------------------------------------------------------- queue bar + sending
  async function refreshBar() {
    const bar = $("[data-queue-bar]");
    const recs = await outbox.all().catch(() => []);
    const n = recs.filter((r) => r.kind !== "track").length + (recs.some((r) => r.kind === "track") ? 1 : 0);
    const real = recs.filter((r) => r.kind !== "track").length;
    if (bar) {
      $("[data-queue-count]", bar).textContent = String(real);
      const net = $("[data-net]", bar);
      net.textContent = navigator.onLine ? "在线" : "离线";
      net.className = "f-net " + (navigator.onLine ? "on" : "off");
      bar.hidden = n === 0 && navigator.onLine;
      const err = recs.find((r) => r.error);
      bar.title = err ? err.error : "";
    }
    renderQueuedList(recs);
    return real;
  }

  function renderQueuedList(recs) {
    const ul = $("[data-queued-list]");
    if (!ul) return;
    ul.innerHTML = recs
      .filter((r) => r.kind === "report")
      .map(
        (
          r,
        ) => `<li class="f-item queued" data-queued="${esc(r.id)}"><div class="f-item-main"><div class="f-row"><b>${esc(r.label)}</b>
        <span class="badge ${r.error ? "red" : "grey"}">${r.error ? "发送失败" : "待发送"}</span></div>
        <div class="muted small">${esc(new Date(r.createdAt).toLocaleString("zh-CN", { hour12: false, timeZone: "Asia/Shanghai" }))}${r.error ? " · " + esc(r.error) : ""}</div></div>
        ${r.error ? `<button type="button" class="secondary" data-drop="${esc(r.id)}">删除</button>` : ""}</li>`,
      )
      .join("");
  }
  document.addEventListener("click", async (e) => {
    const drop = e.target.closest("[data-drop]");
    if (drop && confirm("删除这条未发送的上报？")) {
      await outbox.del(drop.dataset.drop);
      refreshBar();
    }
    if (e.target.closest("[data-queue-send]")) flush(true);
  });

  async function session() {
    const r = await fetch("/api/field/session", {
      headers: { accept: "application/json" },
      credentials: "same-origin",
      redirect: "manual",
      cache: "no-store",
    });
    if (r.status === 401 || r.type === "opaqueredirect") return { loggedOut: true };
    if (!r.ok) throw new Error("session " + r.status);
    return r.json();
  }

  let chain = Promise.resolve([]);
  /** Send everything queued, oldest first (runs one after another). Network errors stop a run; the rest stays queued. */
  function flush(manual = false) {
    const p = chain.then(() => doFlush(manual)).catch(() => []);
    chain = p.finally(refreshBar);
    return p;
  }
  async function doFlush(manual) {
    const sent = [];
    let recs = await outbox.all();
    if (!manual) recs = recs.filter((r) => !r.error);
    if (!recs.length) return sent;
    let s;
    try {
      s = await session();
    } catch {
      return sent; // offline
    }
    if (s.loggedOut) {
      for (const r of recs) await outbox.put({ ...r, error: "登录已过期，请重新登录后发送" });
      return sent;
    }
    const headers = { "x-csrf-token": s.csrf, accept: "application/json" };
    // Track points go in one batch per patrol.
    const tracks = recs.filter((r) => r.kind === "track");
    const byPatrol = new Map();
    for (const t of tracks) byPatrol.set(t.patrolId, [...(byPatrol.get(t.patrolId) || []), t]);
    for (const [patrolId, list] of byPatrol) {
      let res;
      try {
        res = await fetch("/api/field/track", {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: JSON.stringify({ patrolId, points: list.map((t) => t.point) }),
        });
      } catch {
        return sent;
      }
      if (res.ok || res.status === 404 || res.status === 422) for (const t of list) await outbox.del(t.id);
      if (res.ok) document.dispatchEvent(new CustomEvent("field:track", { detail: await res.json() }));
    }
    for (const r of recs.filter((x) => x.kind !== "track")) {
      const fd = new FormData();
      for (const [k, v] of Object.entries(r.fields))
        if (v !== null && v !== undefined && v !== "") fd.append(k, String(v));
      (r.photos || []).forEach((b, i) => fd.append("photos", b, `photo-${i + 1}.jpg`));
      let res;
      try {
        res = await fetch(r.url, { method: "POST", headers, body: fd, credentials: "same-origin" });
      } catch {
        return sent; // lost the signal: keep this and the rest
      }
      if (res.status >= 500) return sent;
      const j = await res.json().catch(() => ({}));
      if (res.ok) {
        await outbox.del(r.id);
        sent.push({ rec: r, result: j });
        document.dispatchEvent(new CustomEvent("field:sent", { detail: { rec: r, result: j } }));
      } else if (res.status === 401) {
        await outbox.put({ ...r, error: "登录已过期，请重新登录后发送" });
        return sent;
      } else {
        await outbox.put({ ...r, error: j.error?.message || `发送失败（${res.status}）` });
        document.dispatchEvent(new CustomEvent("field:failed", { detail: { rec: r, error: j.error } }));
      }
    }
    return sent;
  }

  window.addEventListener("online", () => flush());
  window.addEventListener("offline", refreshBar);
  setInterval(() => navigator.onLine && flush(), 20000);

  // ---------------------------------------------------------------- photos
  async function compress(file, max = 1600, quality = 0.72) {
    let src, w, h;
    try {
      src = await createImageBitmap(file, { imageOrientation: "from-image" });
      w = src.width;
      h = src.height;
    } catch {
      src = await new Promise((resolve, reject) => {
        const img = new Image();
        img.onload = () => resolve(img);
        img.onerror = reject;
        img.src = URL.createObjectURL(file);
      });
      w = src.naturalWidth;
      h = src.naturalHeight;
    }
    const k = Math.min(1, max / Math.max(w, h));
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(w * k);
    canvas.height = Math.round(h * k);
    canvas.getContext("2d").drawImage(src, 0, 0, canvas.width, canvas.height);
    return new Promise((resolve) => canvas.toBlob((b) => resolve(b), "image/jpeg", quality));
  }

  function photoPicker(form) {
    const photos = [];
    const box = $("[data-photos]", form);
    const max = Number(form.dataset.maxPhotos || 9);
    const draw = () => {
      box.innerHTML = "";
      photos.forEach((b, i) => {
        const fig = document.createElement("figure");
        const img = document.createElement("img");
        img.src = URL.createObjectURL(b);
        img.alt = `照片 ${i + 1}`;
        const x = document.createElement("button");
        x.type = "button";
        x.className = "f-x";
        x.textContent = "×";
        x.setAttribute("aria-label", "删除照片");
        x.onclick = () => (photos.splice(i, 1), draw());
        const cap = document.createElement("figcaption");
        cap.textContent = `${Math.round(b.size / 1024)} KB`;
        fig.append(img, x, cap);
        box.append(fig);
      });
    };
    $("[data-photo-input]", form).addEventListener("change", async (e) => {
      for (const f of [...e.target.files].slice(0, max - photos.length)) {
        const b = await compress(f).catch(() => null);
        if (b) photos.push(b);
      }
      e.target.value = "";
      draw();
      setError(form, "photos", "");
    });
    return photos;
  }

  function setError(form, name, msg) {
    const el = $(`[data-error="${name}"]`, form);
    if (el) el.textContent = msg || "";
  }

  // ---------------------------------------------------------------- position
  /** One fix (resolves null when the phone cannot tell). */
  function fix(timeout = 10000) {
    return new Promise((resolve) => {
      if (!navigator.geolocation) return resolve(null);
      navigator.geolocation.getCurrentPosition(
        (p) => resolve({ lng: p.coords.longitude, lat: p.coords.latitude, accuracy: Math.round(p.coords.accuracy) }),
        () => resolve(null),
        { enableHighAccuracy: true, timeout, maximumAge: 5000 },
      );
    });
  }

  /** Fallback map (no tiles): nearby unit grid outlines, components and the draggable pin, in SVG. */
  function pinMap(el, onMove) {
    const W = 340,
      H = 220,
      SPAN = 260; // metres across
    let center = null,
      pin = null,
      acc = 0,
      located = null;
    const mPerLng = () => 111320 * Math.cos((center.lat * Math.PI) / 180);
    const toXY = (p) => [
      W / 2 + ((p.lng - center.lng) * mPerLng() * W) / SPAN,
      H / 2 - ((p.lat - center.lat) * 111320 * W) / SPAN,
    ];
    const fromXY = (x, y) => ({
      lng: center.lng + ((x - W / 2) * SPAN) / W / mPerLng(),
      lat: center.lat - ((y - H / 2) * SPAN) / W / 111320,
    });
    el.innerHTML = `<svg viewBox="0 0 ${W} ${H}" class="f-svgmap"><g data-layer></g><circle data-acc fill="rgba(11,92,173,.12)" stroke="#0b5cad" stroke-width="1"/><g data-pin style="cursor:grab"><path d="M0,0 C-9,-14 -12,-20 -12,-26 A12,12 0 1 1 12,-26 C12,-20 9,-14 0,0Z" fill="#d32f2f" stroke="#fff" stroke-width="2"/><circle cy="-26" r="4.5" fill="#fff"/></g></svg>`;
    const svg = $("svg", el),
      layer = $("[data-layer]", el),
      pinEl = $("[data-pin]", el),
      accEl = $("[data-acc]", el);
    function draw() {
      if (!center) return;
      let g = "";
      for (const o of located?.outlines || [])
        g += `<polygon points="${o.ring.map((p) => toXY({ lng: p[0], lat: p[1] }).join(",")).join(" ")}" fill="none" stroke="#9aa7b5" stroke-dasharray="4 3"/>`;
      if (located?.grid) {
        const me = (located.outlines || []).find((o) => o.code === located.grid.gridCode);
        if (me)
          g += `<polygon points="${me.ring.map((p) => toXY({ lng: p[0], lat: p[1] }).join(",")).join(" ")}" fill="rgba(31,138,76,.08)" stroke="#1f8a4c" stroke-width="2"/>`;
      }
      for (const c of located?.components || []) {
        const [x, y] = toXY(c);
        g += `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="4" fill="#ef6c00"><title>${esc(c.code)}</title></circle>`;
      }
      layer.innerHTML = g;
      const [x, y] = toXY(pin);
      pinEl.setAttribute("transform", `translate(${x.toFixed(1)},${y.toFixed(1)})`);
      const [cx, cy] = toXY(center);
      accEl.setAttribute("cx", cx);
      accEl.setAttribute("cy", cy);
      accEl.setAttribute("r", String(Math.min(W, (acc * W) / SPAN)));
    }
    let drag = false;
    const pt = (e) => {
      const r = svg.getBoundingClientRect();
      return [((e.clientX - r.left) * W) / r.width, ((e.clientY - r.top) * H) / r.height];
    };
    pinEl.addEventListener("pointerdown", (e) => {
      drag = true;
      pinEl.setPointerCapture(e.pointerId);
      e.preventDefault();
    });
    pinEl.addEventListener("pointermove", (e) => {
      if (!drag) return;
      pin = fromXY(...pt(e));
      draw();
    });
    pinEl.addEventListener("pointerup", () => {
      if (!drag) return;
      drag = false;
      onMove(pin, true);
    });
    svg.addEventListener("click", (e) => {
      if (e.target.closest("[data-pin]") || !center) return;
      pin = fromXY(...pt(e));
      draw();
      onMove(pin, true);
    });
    return {
      setFix(p, accuracy) {
        center = { lng: p.lng, lat: p.lat };
        pin = { ...p };
        acc = accuracy || 0;
        draw();
      },
      setLocated(j) {
        located = j;
        draw();
      },
      get pin() {
        return pin;
      },
    };
  }

  // ---------------------------------------------------------------- report form
  function reportForm(form) {
    const photos = photoPicker(form);
    const lngIn = $("[data-lng]", form),
      latIn = $("[data-lat]", form),
      accIn = $("[data-accuracy]", form);
    const status = $("[data-gps-status]", form);
    let manual = false,
      bestAcc = Infinity,
      seq = 0;
    const map = pinMap($("[data-pick-map]", form), (p) => {
      manual = true;
      setPos(p);
    });

    // outside every unit grid (per the last /api/field/locate): the report needs the inspector's confirmation
    let outside = false;
    async function setPos(p) {
      lngIn.value = p.lng.toFixed(7);
      latIn.value = p.lat.toFixed(7);
      setError(form, "lng", "");
      const my = ++seq;
      try {
        const r = await fetch(`/api/field/locate?lng=${p.lng}&lat=${p.lat}`, {
          headers: { accept: "application/json" },
        });
        const j = await r.json();
        if (my !== seq || !r.ok) return;
        map.setLocated(j);
        outside = !j.grid;
        $("[data-grid]", form).textContent = j.grid ? j.grid.gridCode : "不在任何单元网格内";
        $("[data-street]", form).textContent = j.grid ? `${j.grid.townName} / ${j.grid.communityName}` : "—";
        $("[data-resp]", form).textContent = j.respGrids.length ? j.respGrids.map((g) => g.name).join("、") : "—";
        const comps = $("[data-comps]", form);
        comps.innerHTML = j.components.length
          ? `<label class="f-comp"><input type="radio" name="componentId" value="" checked> 不关联部件</label>` +
            j.components
              .map(
                (c) =>
                  `<label class="f-comp"><input type="radio" name="componentId" value="${c.id}"> ${esc(c.category || "部件")} <code>${esc(c.code)}</code> <span class="muted">${c.distance_m} 米</span></label>`,
              )
              .join("")
          : `<span class="muted">附近 60 米内没有登记的部件</span>`;
      } catch {
        if (my === seq) $("[data-grid]", form).textContent = "离线：发送后由系统确定网格";
      }
    }

    if (navigator.geolocation) {
      navigator.geolocation.watchPosition(
        (pos) => {
          const a = Math.round(pos.coords.accuracy);
          const p = { lng: pos.coords.longitude, lat: pos.coords.latitude };
          status.innerHTML = `定位精度 <b class="${a <= 20 ? "good" : a <= 50 ? "fair" : "poor"}" data-acc-value>±${a} 米</b>${manual ? "（已手动调整）" : ""}`;
          accIn.value = String(a);
          if (!manual && a < bestAcc - 5) {
            bestAcc = a;
            map.setFix(p, a);
            setPos(p);
          }
        },
        (err) => {
          status.textContent =
            err.code === 1 ? "未获得定位权限：请在浏览器设置中允许定位" : "暂时无法定位，请到开阔处或稍后重试";
        },
        { enableHighAccuracy: true, maximumAge: 10000, timeout: 30000 },
      );
    } else status.textContent = "此浏览器不支持定位";

    // category search
    const search = $("[data-cat-search]", form);
    search.addEventListener("input", () => {
      const q = search.value.trim().toLowerCase();
      for (const l of $$(".f-cat", form))
        l.hidden = q ? l.classList.contains("recent") || !l.dataset.search.toLowerCase().includes(q) : false;
      for (const s of $$(".f-sub", form)) s.hidden = !!q;
    });
    for (const b of $$("[data-quick]", form))
      b.addEventListener("click", () => {
        const d = $("[data-desc]", form);
        d.value = d.value ? `${d.value}，${b.dataset.quick}` : b.dataset.quick;
      });

    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const fd = new FormData(form);
      const cat = $("input[name=categoryId]:checked", form);
      const errs = {};
      if (!photos.length) errs.photos = "请至少拍一张现场照片";
      if (!lngIn.value) errs.lng = "还没有定位，请稍候或拖动标记选择位置";
      if (!cat) errs.categoryId = "请选择问题类别";
      if (String(fd.get("description") || "").trim().length < 2) errs.description = "请简单描述问题";
      for (const k of ["photos", "lng", "categoryId", "description"]) setError(form, k, errs[k]);
      if (Object.keys(errs).length) return;
      if (outside && !confirm("该位置不在任何单元网格内，提交后将由受理员核实位置，确认提交？")) return;
      const clientId = newId();
      const label = `${cat.closest(".f-cat").querySelector(".name").textContent} · ${String(fd.get("description")).slice(0, 20)}`;
      await outbox.put({
        id: clientId,
        kind: "report",
        url: "/api/field/reports",
        label,
        createdAt: new Date().toISOString(),
        photos: [...photos],
        fields: {
          clientId,
          madeAt: new Date().toISOString(),
          categoryId: cat.value,
          description: fd.get("description"),
          address: fd.get("address"),
          lng: lngIn.value,
          lat: latIn.value,
          accuracy: accIn.value,
          componentId: fd.get("componentId") || "",
          componentCode: fd.get("componentCode"),
          confirm: outside ? "1" : "",
        },
      });
      const submit = $("[data-submit]", form);
      submit.disabled = true;
      const msg = $("[data-form-msg]", form);
      msg.className = "f-msg info";
      msg.textContent = "正在发送…";
      const sent = await flush();
      const mine = sent.find((s) => s.rec.id === clientId);
      const left = (await outbox.all()).find((r) => r.id === clientId);
      submit.disabled = false;
      if (mine) {
        msg.className = "f-msg ok";
        msg.innerHTML = `已上报，案件编号 <b data-sent-no>${esc(mine.result.no)}</b>。<a href="/m/reports">查看我的上报</a>`;
      } else if (left?.error) {
        msg.className = "f-msg error";
        msg.textContent = left.error;
        return; // keep the form as it is so nothing typed is lost
      } else {
        msg.className = "f-msg warn";
        msg.innerHTML = `网络不可用，已保存在手机上（<span data-queued>待发送</span>），恢复网络后自动发送。`;
      }
      photos.length = 0;
      $("[data-photos]", form).innerHTML = "";
      $("[data-desc]", form).value = "";
      for (const r of $$("input[name=categoryId]", form)) r.checked = false;
      refreshBar();
    });
  }

  // ---------------------------------------------------------------- task answer
  function answerForm(form) {
    const photos = photoPicker(form);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const fd = new FormData(form);
      if (!photos.length) return setError(form, "photos", "请拍摄现场照片后再提交");
      if (form.dataset.kind === "check" && fd.get("ok") === "0" && !String(fd.get("note") || "").trim())
        return setError(form, "note", "核查不通过时请说明原因");
      const clientId = newId();
      await outbox.put({
        id: clientId,
        kind: "answer",
        url: `/api/field/tasks/${form.dataset.caseId}/answer`,
        label: `任务答复`,
        createdAt: new Date().toISOString(),
        photos: [...photos],
        fields: { clientId, madeAt: new Date().toISOString(), ok: fd.get("ok"), note: fd.get("note") },
      });
      const msg = $("[data-form-msg]", form);
      const sent = await flush();
      if (sent.some((s) => s.rec.id === clientId)) {
        location.href = "/m/tasks";
        return;
      }
      const left = (await outbox.all()).find((r) => r.id === clientId);
      msg.className = `f-msg ${left?.error ? "error" : "warn"}`;
      msg.textContent = left?.error || "网络不可用，结果已保存在手机上，恢复网络后自动发送。";
    });
  }

  // ---------------------------------------------------------------- tasks nearest first
  async function nearTasks(box) {
    const p = await fix(8000);
    if (!p) return;
    const r = await fetch(`${box.dataset.near}?lng=${p.lng}&lat=${p.lat}`, { headers: { "hx-request": "true" } }).catch(
      () => null,
    );
    if (r?.ok) box.innerHTML = await r.text();
  }

  // ---------------------------------------------------------------- patrol sampling
  function patrol(section) {
    const id = Number(section.dataset.patrol);
    const every = Number(section.dataset.interval || 30) * 1000;
    const counter = $("[data-track-points]", section);
    const status = $("[data-track-status]", section);
    document.addEventListener("field:track", (e) => counter && (counter.textContent = String(e.detail.points)));
    async function sample() {
      const p = await fix(15000);
      if (!p) {
        if (status) status.textContent = "暂时无法定位，稍后自动重试";
        return;
      }
      const at = new Date().toISOString();
      await outbox.put({
        id: `trk-${id}-${at}`,
        kind: "track",
        patrolId: id,
        createdAt: at,
        point: { at, lng: p.lng, lat: p.lat, accuracy: p.accuracy },
      });
      if (status)
        status.textContent = `最近采样 ${new Date().toLocaleTimeString("zh-CN", { hour12: false, timeZone: "Asia/Shanghai" })}（±${p.accuracy} 米）`;
      flush();
    }
    sample();
    setInterval(sample, every);
  }

  // ---------------------------------------------------------------- boot
  function boot() {
    if ("serviceWorker" in navigator) navigator.serviceWorker.register("/m/sw.js", { scope: "/m" }).catch(() => {});
    const rf = $("[data-report-form]");
    if (rf) reportForm(rf);
    const af = $("[data-answer-form]");
    if (af) answerForm(af);
    const near = $("[data-near]");
    if (near) nearTasks(near);
    const pt = $("[data-patrol]");
    if (pt?.dataset.patrol) patrol(pt);
    for (const b of $$("[data-flush-first]"))
      b.closest("form").addEventListener("submit", async (e) => {
        if (b.dataset.flushed) return;
        e.preventDefault();
        await flush();
        b.dataset.flushed = "1";
        b.closest("form").submit();
      });
    for (const f of $$("form[data-with-position]"))
      f.addEventListener("submit", async (e) => {
        if (f.dataset.located) return;
        e.preventDefault();
        const p = await fix(8000);
        if (p) {
          $("[data-lng]", f).value = p.lng;
          $("[data-lat]", f).value = p.lat;
          $("[data-accuracy]", f).value = p.accuracy;
        }
        f.dataset.located = "1";
        f.submit();
      });
    refreshBar();
    flush();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
