// Suggest the browser's time zone on the profile form. The person chooses; we never
// change their setting by ourselves.
document.addEventListener("DOMContentLoaded", () => {
  const hint = document.querySelector("[data-time-zone-for]");
  if (!hint || !window.Intl) return;
  const select = document.getElementById(hint.dataset.timeZoneFor);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!select || !zone || select.value === zone) return;
  if (![...select.options].some((option) => option.value === zone)) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button button--quiet";
  button.textContent = `Use ${zone.replace(/_/g, " ")}`;
  button.addEventListener("click", () => {
    select.value = zone;
    hint.hidden = true;
    select.focus();
  });
  hint.textContent = "Your device seems to be set to this time zone. ";
  hint.append(button);
  hint.hidden = false;
});
