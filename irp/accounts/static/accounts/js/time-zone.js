// "Use my current time zone" next to the profile's time zone field: the browser says
// which zone this device is in, and the person chooses. We never change it by ourselves.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector("[data-use-time-zone]");
  if (!button || !window.Intl) return;
  const select = document.getElementById(button.dataset.useTimeZone);
  const note = document.querySelector(`[data-time-zone-for="${button.dataset.useTimeZone}"]`);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!select || !zone) return;
  if (![...select.options].some((option) => option.value === zone)) return;
  const readable = zone.replace(/_/g, " ");
  button.hidden = false;
  button.setAttribute("aria-describedby", note.id);
  note.textContent =
    select.value === zone
      ? `This device is set to ${readable} too.`
      : `This device is set to ${readable}.`;
  note.hidden = false;
  button.addEventListener("click", () => {
    select.value = zone;
    note.textContent = `Time zone set to ${readable}. Save your profile to keep it.`;
    select.focus();
  });
});
