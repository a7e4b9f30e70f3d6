// Move focus to a form's error summary, so keyboard and screen-reader users start
// there, as on the contact form.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});
