// Nudge before posting, progressively enhanced: "Edit my comment" puts the caret at the end of the kept text.
// Without JavaScript the link still jumps to the textarea; nothing else depends on this file.
"use strict";
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-nudge-edit]");
  if (!link) return;
  const textarea = document.querySelector(link.getAttribute("href"));
  if (!textarea) return;
  event.preventDefault();
  textarea.focus();
  textarea.setSelectionRange(textarea.value.length, textarea.value.length);
});
