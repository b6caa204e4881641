"""The comment widget on another site's page, in Chromium: a static page served from a second local origin embeds
``/embed.js``, a guest posts by keyboard and sees it held, and a moderator's approval makes it appear."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Page, expect

from stoa.discussion.models import Comment, Thread
from stoa.moderation.actions import approve_comment
from stoa.moderation.decisions import Status

pytestmark = pytest.mark.browser

BODY = "The numbers make it easy to say which comment you answer."
GUEST = "Gus Guest"
HOST_FONT = "Courier New"


class HostSite:
    """Another site on another port: one static page with the snippet, as a blog owner would paste it."""

    def __init__(self, stoa_url: str) -> None:
        self.stoa_url = stoa_url
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.page_url = f"{self.origin}/notes/why-numbers/"

    def html(self) -> bytes:
        return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Why numbers - a static blog</title>
<style>body {{ font-family: "{HOST_FONT}", monospace; }}</style></head>
<body><main><h1>Why comments get numbers</h1><p>A static page on another site.</p>
<script src="{self.stoa_url}/embed.js" data-stoa-url="{self.page_url}" async></script>
</main></body></html>""".encode()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the standard library's name
                found = self.path.split("?")[0] == "/notes/why-numbers/"
                body = site.html() if found else b"not here"
                self.send_response(200 if found else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args) -> None:  # noqa: A002 - the standard library's name
                """Quiet: the test reports what matters."""

        return Handler

    def __enter__(self) -> HostSite:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def host_site(live_server) -> Iterator[HostSite]:
    with HostSite(live_server.url) as site:
        yield site


@pytest.fixture
def blog_may_embed(settings, host_site) -> None:
    settings.CONFIG = settings.CONFIG.replace(embed_origins=(host_site.origin,))


def widget(page: Page):
    return page.locator("section.stoa-embed")


def post_by_keyboard(page: Page) -> None:
    """Focus order: comment, name, email, website, then the button, which Enter presses."""
    page.get_by_label("Comment", exact=True).fill(BODY)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Name", exact=True)).to_be_focused()
    page.keyboard.type(GUEST)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Email (never shown)", exact=True)).to_be_focused()
    page.keyboard.type("gus@example.org")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Website (optional)", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Post comment")).to_be_focused()
    page.keyboard.press("Enter")


def expect_inherits_host_fonts(page: Page) -> None:
    font_of = "element => getComputedStyle(element).fontFamily"
    host = page.locator("body").evaluate(font_of)
    assert HOST_FONT in host
    assert widget(page).evaluate(font_of) == host
    assert page.get_by_label("Comment", exact=True).evaluate(font_of) == host
    assert page.get_by_role("button", name="Post comment").evaluate(font_of) == host


def test_a_guest_comments_from_another_site_and_it_appears_once_approved(
    new_context: Callable, host_site: HostSite, blog_may_embed, moderator, artifacts_dir
) -> None:
    context = new_context()
    page = context.new_page()
    page.goto(host_site.page_url)
    expect(widget(page).get_by_role("heading", name="0 comments")).to_be_visible()
    expect(page.get_by_role("button", name="Post comment")).to_be_visible()
    expect_inherits_host_fonts(page)
    assert Thread.objects.count() == 0, "a visit must not create the thread"

    post_by_keyboard(page)
    status = widget(page).locator(".stoa-embed-status[role=status]")
    expect(status).to_contain_text("Your comment is awaiting moderation.")
    expect(status).to_have_attribute("aria-live", "polite")
    held = widget(page).locator("li.stoa-embed-pending")
    expect(held).to_contain_text(BODY)
    expect(held).to_contain_text("Awaiting moderation")
    expect(page.get_by_label("Comment", exact=True)).to_have_value("")
    comment = Comment.objects.select_related("thread").get()
    assert (comment.status, comment.guest_name) == (Status.HELD, GUEST)
    assert (comment.thread.key, comment.thread.title) == (host_site.page_url, "Why numbers - a static blog")
    assert context.cookies(host_site.stoa_url) == [], "the widget sets no cookie on Stoa's site"

    page.get_by_label("Comment", exact=True).fill("x")
    page.get_by_role("button", name="Post comment").click()
    expect(widget(page).get_by_role("alert")).to_contain_text("Your comment was not posted:")
    expect(page.get_by_label("Comment", exact=True)).to_have_value("x")
    assert Comment.objects.count() == 1

    page.reload()
    expect(widget(page).get_by_role("heading", name="0 comments")).to_be_visible()
    expect(widget(page).get_by_text(BODY)).to_have_count(0)

    approve_comment(comment, moderator=moderator)
    page.reload()
    expect(widget(page).get_by_role("heading", name="1 comment", exact=True)).to_be_visible()
    shown = widget(page).locator("ol.stoa-embed-comments > li.stoa-embed-comment")
    expect(shown).to_have_count(1)
    expect(shown).to_have_attribute("data-number", "1")
    expect(shown.locator(".stoa-embed-author")).to_have_text(GUEST)
    expect(shown.locator(".stoa-embed-body")).to_contain_text(BODY)
    expect(shown.locator(".stoa-embed-awaiting")).to_have_count(0)
    expect(widget(page).get_by_text("gus@example.org")).to_have_count(0)

    reply = shown.get_by_role("button", name=f"Reply to #1 by {GUEST}")
    reply.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Comment", exact=True)).to_be_focused()
    expect(widget(page).locator(".stoa-embed-replying")).to_have_text(f"Replying to #1 by {GUEST}. Cancel reply")
    page.keyboard.press("Escape")
    expect(widget(page).locator(".stoa-embed-replying")).to_be_hidden()
    expect(reply).to_be_focused()

    screenshot = artifacts_dir / "embed-widget.png"
    screenshot.unlink(missing_ok=True)
    page.screenshot(path=screenshot, full_page=True)
    assert screenshot.stat().st_size > 10_000
    assert Thread.objects.count() == 1


def test_a_site_that_may_not_embed_gets_no_comments_and_no_form(new_context: Callable, host_site: HostSite) -> None:
    page = new_context().new_page()
    page.goto(host_site.page_url)
    expect(widget(page).locator(".stoa-embed-feed-status")).to_contain_text("The comments could not be loaded")
    expect(page.get_by_role("button", name="Post comment")).to_be_hidden()
    assert Thread.objects.count() == 0
