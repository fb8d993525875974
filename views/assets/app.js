// Small progressive enhancements; every page works without this file.
document.addEventListener(
  "click",
  (e) => {
    const el = e.target.closest("[data-confirm]");
    if (el && !confirm(el.getAttribute("data-confirm"))) {
      e.preventDefault();
      e.stopPropagation();
    }
  },
  true,
);
document.addEventListener("click", (e) => {
  if (e.target.closest("[data-print]")) window.print();
});
