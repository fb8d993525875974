// Citizen portal: browser geolocation fills the hidden lng/lat fields of the report form.
document.addEventListener("click", (e) => {
  const b = e.target.closest?.("#use-location");
  if (!b) return;
  const status = document.getElementById("geo-status");
  if (!navigator.geolocation) {
    status.textContent = "此浏览器不支持定位，请填写地址";
    return;
  }
  status.textContent = "正在定位…";
  navigator.geolocation.getCurrentPosition(
    (pos) => {
      const f = b.form;
      f.elements.lng.value = pos.coords.longitude.toFixed(6);
      f.elements.lat.value = pos.coords.latitude.toFixed(6);
      status.textContent = `已定位：${f.elements.lat.value}, ${f.elements.lng.value}`;
    },
    () => {
      status.textContent = "无法获取位置，请填写地址";
    },
    { enableHighAccuracy: true, timeout: 10000 },
  );
});
