// The staff admin: where Wagtail's own editor falls short of WCAG 2.2 AA, name things.
// - Rich text editors (Draftail) are text boxes without a name: name each by its field's label.
// - The page editor's minimap scrolls but cannot be reached by keyboard: make it focusable.
// Editors appear as blocks are added, so this runs again whenever the page changes.
(() => {
  let counter = 0;
  const name = () => {
    document
      .querySelectorAll('[role="textbox"][contenteditable="true"]:not([aria-labelledby]):not([aria-label])')
      .forEach((editor) => {
        const field = editor.closest(".w-field");
        const label = field && field.querySelector(".w-field__label, label");
        if (label) {
          if (!label.id) {
            counter += 1;
            label.id = `irp-rich-text-label-${counter}`;
          }
          editor.setAttribute("aria-labelledby", label.id);
        } else {
          editor.setAttribute("aria-label", "Rich text");
        }
      });
    document.querySelectorAll(".w-minimap__list:not([tabindex])").forEach((list) => {
      list.setAttribute("tabindex", "0");
      list.setAttribute("aria-label", "Sections of this page");
    });
  };
  let queued = false;
  const soon = () => {
    if (queued) return;
    queued = true;
    window.requestAnimationFrame(() => {
      queued = false;
      name();
    });
  };
  document.addEventListener("DOMContentLoaded", () => {
    name();
    new MutationObserver(soon).observe(document.body, { childList: true, subtree: true });
  });
})();
