// Keyboard-driven moderation queue, progressively enhanced: j/k move the focus between comments, a/r/s approve,
// reject or mark spam the focused one by submitting its existing form, e opens its "Edit & approve" form with the
// caret in the text (Ctrl+Enter there publishes). The one-click redaction button, which without JavaScript
// publishes the stored text redacted, here only puts the redacted text in the box for the moderator to check.
// Without JavaScript every button works.
"use strict";
(() => {
  const ACTIONS = { a: "button.approve", r: "button.reject", s: "button.spam" };
  const items = () => Array.from(document.querySelectorAll(".queue-item"));
  const typing = (target) => target.closest("input:not([type=checkbox]), textarea, select, [contenteditable]");

  function focusItem(item) {
    items().forEach((other) => other.classList.toggle("focused", other === item));
    item.focus();
    item.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    const all = items();
    if (!all.length) return;
    const current = all.indexOf(document.activeElement.closest(".queue-item"));
    const next = current < 0 ? 0 : Math.min(Math.max(current + step, 0), all.length - 1);
    focusItem(all[next]);
  }

  function decide(key) {
    const item = document.activeElement.closest(".queue-item");
    const button = item && item.querySelector(`.actions ${ACTIONS[key]}`);
    if (button) button.form.requestSubmit(button);
  }

  function openEditor() {
    const item = document.activeElement.closest(".queue-item");
    const panel = item && item.querySelector("details.edit-approve-panel");
    if (!panel) return;
    panel.open = true;
    const text = panel.querySelector("textarea");
    text.focus();
    text.setSelectionRange(text.value.length, text.value.length);
  }

  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.matches(".edit-approve textarea")) {
      event.target.form.requestSubmit(event.target.form.querySelector("button.edit-approve"));
      event.preventDefault();
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    if (event.key === "j" || event.key === "k") move(event.key === "j" ? 1 : -1);
    else if (event.key in ACTIONS) decide(event.key);
    else if (event.key === "e") openEditor();
    else return;
    event.preventDefault();
  });

  document.querySelectorAll("button.redact").forEach((button) => {
    button.type = "button";
    button.removeAttribute("form");
    button.textContent = button.dataset.label;
    button.addEventListener("click", () => {
      const text = button.closest("form.edit-approve").querySelector("textarea");
      text.value = button.dataset.redacted;
      text.focus();
    });
  });

  document.querySelectorAll(".queue-keys").forEach((hint) => { hint.hidden = false; });
})();
