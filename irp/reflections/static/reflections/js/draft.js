// Keep what a person is writing: save a draft a moment after they stop typing, and
// again as they leave the page, so nothing is lost. Works without it, too: the form
// still posts as usual.
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-draft-url]")) {
    const box = form.querySelector("textarea[data-draft]");
    const status = form.querySelector("[data-draft-status]");
    if (!box) continue;
    let timer = null;
    let saved = box.value;
    let submitting = false;
    const payload = () => {
      const data = new FormData();
      data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      data.append("place", form.querySelector("[name=place]").value);
      data.append("body", box.value);
      return data;
    };
    const save = async () => {
      if (box.value === saved) return;
      const body = box.value;
      try {
        const response = await fetch(form.dataset.draftUrl, {
          method: "POST", body: payload(), credentials: "same-origin",
        });
        if (response.ok) {
          saved = body;
          if (status) status.textContent = "Draft kept.";
        }
      } catch {
        if (status) status.textContent = "Could not keep a draft just now; your words are still here.";
      }
    };
    box.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(save, 1200);
    });
    form.addEventListener("submit", () => { submitting = true; });
    const leave = () => {
      if (submitting || box.value === saved) return;
      navigator.sendBeacon(form.dataset.draftUrl, payload());
      saved = box.value;
    };
    window.addEventListener("pagehide", leave);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") leave();
    });
  }
});
