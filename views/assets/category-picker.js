// Filters a category <select> by name or code as the user types into its filter box.
(() => {
  if (window.__categoryPicker) return;
  window.__categoryPicker = true;
  document.addEventListener("input", (e) => {
    const box = e.target;
    if (!(box instanceof HTMLInputElement) || !box.dataset.pickerFor) return;
    const sel = document.getElementById(box.dataset.pickerFor);
    if (!sel) return;
    const q = box.value.trim().toLowerCase();
    let first = null;
    for (const g of sel.querySelectorAll("optgroup")) {
      let shown = 0;
      for (const o of g.querySelectorAll("option")) {
        const hit = !q || (o.dataset.search || o.textContent).toLowerCase().includes(q);
        o.hidden = !hit;
        o.disabled = !hit;
        if (hit) {
          shown++;
          first = first || o;
        }
      }
      g.hidden = shown === 0;
    }
    if (q && first && (sel.selectedIndex < 0 || sel.options[sel.selectedIndex].hidden)) first.selected = true;
  });
})();
