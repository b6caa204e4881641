// Keyboard-driven moderation queue, progressively enhanced: j/k move the focus between held comments, a/r/s
// approve, reject or mark spam the focused one by submitting its existing form. Without JavaScript the buttons work.
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

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    if (event.key === "j" || event.key === "k") move(event.key === "j" ? 1 : -1);
    else if (event.key in ACTIONS) decide(event.key);
    else return;
    event.preventDefault();
  });

  document.querySelectorAll(".queue-keys").forEach((hint) => { hint.hidden = false; });
})();
