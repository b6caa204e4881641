/*
 * Stoa's comment widget. One tag on any page shows that page's Stoa thread and a guest comment form:
 *
 *   <script src="https://stoa.example/embed.js" data-stoa-url="https://blog.example/a-post/" async></script>
 *
 * It appears where the tag stands (or inside the element whose id is in data-stoa-target). Plain JavaScript, no
 * build step. It talks only to the Stoa site it was loaded from, sends no cookies and stores nothing in the
 * browser; comments go through that site's moderation like any other. See docs/embed.md.
 */
(() => {
  "use strict";

  const script = document.currentScript;
  if (!script || !script.src || script.dataset.stoaWidget) return;
  const widget = String(document.querySelectorAll("script[data-stoa-widget]").length + 1);
  script.dataset.stoaWidget = widget;

  const stoa = new URL(script.src, location.href);
  const endpoint = `${stoa.origin}/api/v1/threads/by-url/comments`;
  const pageUrl = pageAddress();
  const id = (name) => `stoa-${widget}-${name}`;

  /** The page's address: data-stoa-url, else the canonical link, else this address without its #fragment. */
  function pageAddress() {
    const canonical = document.querySelector('link[rel="canonical"]');
    const url = new URL(script.dataset.stoaUrl || (canonical && canonical.href) || location.href, location.href);
    url.hash = "";
    return url.href;
  }

  /** An element with attributes (true: present, false/null: absent) and children (strings become text). */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === false || value === null || value === undefined) continue;
      node.setAttribute(name, value === true ? "" : String(value));
    }
    node.append(...children.filter((child) => child !== null && child !== undefined));
    return node;
  }

  function plural(count) {
    return count === 1 ? "1 comment" : `${count} comments`;
  }

  function when(iso) {
    const date = new Date(iso);
    return el("time", { datetime: iso }, date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }));
  }

  // The parts of the widget, built once.

  const heading = el("h2", { id: id("heading"), class: "stoa-embed-heading" }, "Comments");
  const feedStatus = el("p", { class: "stoa-embed-feed-status", role: "status" }, "Loading comments…");
  const list = el("ol", { class: "stoa-embed-comments", "aria-labelledby": id("heading") });
  const closedNote = el("p", { class: "stoa-embed-closed", hidden: true }, "Comments are closed on this page.");

  const body = el("textarea", { rows: 5, required: true, "aria-describedby": id("body-hint") });
  const name = el("input", { type: "text", required: true, maxlength: 80, autocomplete: "name" });
  const email = el("input", {
    type: "email",
    required: true,
    maxlength: 254,
    autocomplete: "email",
    "aria-describedby": id("email-hint"),
  });
  const website = el("input", { type: "url", maxlength: 200, autocomplete: "url", placeholder: "https://" });
  const submit = el("button", { type: "submit", class: "stoa-embed-submit" }, "Post comment");
  const cancelReply = el("button", { type: "button", class: "stoa-embed-cancel" }, "Cancel reply");
  const replyingText = el("span", {});
  const replying = el(
    "p",
    { class: "stoa-embed-replying", id: id("replying"), hidden: true },
    replyingText,
    " ",
    cancelReply,
  );
  const formStatus = el("p", { class: "stoa-embed-status", role: "status", "aria-live": "polite" });
  const formError = el("div", { class: "stoa-embed-error", role: "alert" });
  const siteNote = el("p", { class: "stoa-embed-note" });
  const fields = { body, name, email, website };

  function field(key, label, control, hint) {
    control.id = id(key);
    control.name = key;
    const parts = [el("label", { for: control.id }, label), control];
    if (hint) parts.push(el("p", { id: id(`${key}-hint`), class: "stoa-embed-hint" }, hint));
    return el("div", { class: `stoa-embed-field stoa-embed-field-${key}` }, ...parts);
  }

  const form = el(
    "form",
    { class: "stoa-embed-form", "aria-labelledby": id("form-heading"), hidden: true },
    el("h3", { id: id("form-heading") }, "Leave a comment"),
    replying,
    field("body", "Comment", body, "Markdown: *emphasis*, **strong**, `code`, > quotes, [links](https://…)."),
    field("name", "Name", name),
    field("email", "Email (never shown)", email, "Kept only as a hash, to recognise your later comments."),
    field("website", "Website (optional)", website),
    el("div", { class: "stoa-embed-actions" }, submit),
    formStatus,
    formError,
    siteNote,
  );

  const section = el(
    "section",
    { class: "stoa-embed", id: id("thread"), "aria-labelledby": id("heading") },
    heading,
    feedStatus,
    list,
    closedNote,
    form,
  );

  // The thread: comments as a tree (replies under what they answer), oldest first.

  let publishedCount = 0;
  let closed = false;
  let replyTo = null; // {number, author, button}
  const items = new Map(); // comment id -> its <li>

  function commentItem(comment) {
    const held = comment.status !== "published";
    const author = comment.hidden || !comment.author ? "Hidden comment" : comment.author.display_name;
    const anchor = comment.number ? id(`c${comment.number}`) : id(`pending-${comment.id}`);
    const meta = el(
      "p",
      { class: "stoa-embed-meta" },
      el("span", { class: "stoa-embed-author" }, author),
      comment.number ? " " : null,
      comment.number ? el("a", { class: "stoa-embed-number", href: `#${anchor}` }, `#${comment.number}`) : null,
      " ",
      when(comment.published_at || comment.created_at),
    );
    const text = el("div", { class: "stoa-embed-body" });
    if (comment.hidden) text.textContent = "This comment is hidden.";
    else text.innerHTML = comment.body_html; // sanitised by Stoa when the comment was written
    const label = comment.number ? `Comment #${comment.number} by ${author}` : `Your comment, ${author}`;
    const article = el("article", { "aria-label": label }, meta, text);
    if (held) {
      const note = "Awaiting moderation: it will appear here for everyone once approved.";
      article.append(el("p", { class: "stoa-embed-awaiting" }, note));
    } else if (comment.number && !closed) {
      const button = el(
        "button",
        { type: "button", class: "stoa-embed-reply", "aria-label": `Reply to #${comment.number} by ${author}` },
        "Reply",
      );
      button.addEventListener("click", () => startReply(comment.number, author, button));
      article.append(button);
    }
    const item = el(
      "li",
      {
        class: held ? "stoa-embed-comment stoa-embed-pending" : "stoa-embed-comment",
        id: anchor,
        "data-number": comment.number || "",
        "data-status": comment.status,
      },
      article,
    );
    items.set(comment.id, item);
    return item;
  }

  function place(comment) {
    const item = items.get(comment.id) || commentItem(comment);
    const parent = comment.parent && items.get(comment.parent);
    if (!parent) {
      list.append(item);
      return item;
    }
    let replies = parent.querySelector(":scope > ol");
    if (!replies) replies = parent.appendChild(el("ol", { class: "stoa-embed-replies" }));
    replies.append(item);
    return item;
  }

  function showThread(comments) {
    comments.forEach(commentItem); // every item first, so a reply finds its parent whatever the order
    comments.forEach(place);
    heading.textContent = plural(publishedCount);
  }

  async function fetchPage(offset) {
    const query = new URLSearchParams({ url: pageUrl, limit: "100", offset: String(offset) });
    const response = await fetch(`${endpoint}?${query}`, {
      mode: "cors",
      credentials: "omit",
      headers: { Accept: "application/json" },
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.detail || `${stoa.host} answered ${response.status}.`);
    return data;
  }

  async function load() {
    const comments = [];
    let page = await fetchPage(0);
    comments.push(...page.items);
    while (page.next_offset !== null && comments.length < 5000) {
      page = await fetchPage(page.next_offset);
      comments.push(...page.items);
    }
    closed = page.closed;
    publishedCount = page.count;
    siteNote.replaceChildren(
      "You comment here as a guest: your name is shown, your email address never is. Accounts on ",
      el("a", { href: page.site_url }, page.site_name),
      " are not used on other sites' pages.",
    );
    showThread(comments);
    feedStatus.textContent = "";
    feedStatus.hidden = true;
    closedNote.hidden = !closed;
    form.hidden = closed;
  }

  // Replying and posting.

  function startReply(number, author, button) {
    replyTo = { number, author, button };
    replyingText.textContent = `Replying to #${number} by ${author}.`;
    replying.hidden = false;
    body.setAttribute("aria-describedby", `${id("replying")} ${id("body-hint")}`);
    body.focus();
  }

  function endReply({ refocus }) {
    const button = replyTo && replyTo.button;
    replyTo = null;
    replying.hidden = true;
    body.setAttribute("aria-describedby", id("body-hint"));
    if (refocus) (button && button.isConnected ? button : body).focus();
  }

  cancelReply.addEventListener("click", () => endReply({ refocus: true }));
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && replyTo) {
      event.preventDefault();
      endReply({ refocus: true });
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target === body) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  function clearMessages() {
    formStatus.textContent = "";
    formError.replaceChildren();
    Object.values(fields).forEach((control) => control.removeAttribute("aria-invalid"));
  }

  function showProblem(problem, status) {
    const invalid = (problem.errors || []).map((error) => fields[error.field]).filter(Boolean);
    invalid.forEach((control) => control.setAttribute("aria-invalid", "true"));
    const detail = problem.detail || `${stoa.host} answered ${status}.`;
    formError.replaceChildren(el("p", {}, `Your comment was not posted: ${detail}`));
    if (invalid.length) invalid[0].focus();
  }

  function showPosted(comment) {
    if (comment.status === "published") {
      publishedCount += 1;
      heading.textContent = plural(publishedCount);
    }
    const item = place(comment);
    item.classList.add("stoa-embed-yours");
  }

  let busy = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    submit.setAttribute("aria-disabled", "true");
    clearMessages();
    formStatus.textContent = "Posting your comment…";
    const payload = {
      body: body.value,
      name: name.value,
      email: email.value,
      website: website.value,
      title: document.title.slice(0, 200),
    };
    if (replyTo) payload.reply_to = replyTo.number;
    try {
      const response = await fetch(`${endpoint}?${new URLSearchParams({ url: pageUrl })}`, {
        method: "POST",
        mode: "cors",
        credentials: "omit",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(payload),
      });
      const data = await response.json().catch(() => ({}));
      if (response.status === 201 || response.status === 202) {
        showPosted(data);
        body.value = "";
        endReply({ refocus: false });
        formStatus.textContent = [data.message, ...(data.reasons || [])].join(" ");
      } else {
        formStatus.textContent = "";
        showProblem(data, response.status);
      }
    } catch (error) {
      formStatus.textContent = "";
      formError.replaceChildren(
        el("p", {}, `Your comment was not posted: ${stoa.host} could not be reached. Your text is kept; try again.`),
      );
    } finally {
      busy = false;
      submit.removeAttribute("aria-disabled");
    }
  });

  // Start: place the widget, then load the thread.

  function start() {
    const target = script.dataset.stoaTarget && document.getElementById(script.dataset.stoaTarget);
    if (target) target.append(section);
    else if (document.body && document.body.contains(script)) script.after(section);
    else document.body.append(section);
    if (!document.querySelector("link[data-stoa-embed-style]")) {
      const style = { rel: "stylesheet", href: `${stoa.origin}/static/stoa/embed.css`, "data-stoa-embed-style": true };
      document.head.append(el("link", style));
    }
    load().catch((error) => {
      const reason =
        error instanceof TypeError
          ? `${stoa.host} could not be reached, or does not let this page embed its comments.`
          : error.message;
      feedStatus.textContent = `The comments could not be loaded: ${reason}`;
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
})();
