"""A guest's comment goes through moderation and reaches readers, numbered, driven through a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from stoa.discussion.models import Comment
from stoa.moderation.decisions import Status
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

BODY = "Numbering comments makes it easy to say which one you answer."
GUEST = "Gus Guest"


def post_as_guest(page: Page, post_url: str) -> None:
    page.goto(post_url)
    page.get_by_label("Comment", exact=True).fill(BODY)
    page.get_by_label("Name", exact=True).fill(GUEST)
    page.get_by_label("Email (never shown)", exact=True).fill("gus@example.org")
    page.get_by_role("button", name="Post comment").click()


def log_in(page: Page, username: str) -> None:
    page.goto("/people/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def approve_as_moderator(page: Page, comment: Comment) -> None:
    page.goto("/moderation/")
    item = page.locator(f"#held-{comment.pk}")
    expect(item).to_contain_text(BODY)
    item.get_by_role("button", name="Approve").click()
    expect(page.locator(".messages")).to_contain_text(f"Comment by {GUEST} approved and published.")
    expect(page.locator(f"#held-{comment.pk}")).to_have_count(0)


def expect_held_for_its_writer(page: Page) -> None:
    expect(page.locator(".messages")).to_contain_text("Your comment is awaiting moderation")
    held = page.locator("li.comment.pending")
    expect(held).to_have_count(1)
    expect(held).to_contain_text(BODY)
    expect(held).to_contain_text("Your comment is awaiting moderation.")
    expect(held).to_have_attribute("data-number", "")


def expect_published_as_first(page: Page) -> None:
    expect(page.get_by_role("heading", name="1 comment", exact=True)).to_be_visible()
    shown = page.locator("ol.comments > li.comment")
    expect(shown).to_have_count(1)
    expect(shown).to_have_id("c1")
    expect(shown).to_have_attribute("data-number", "1")
    expect(shown).to_have_attribute("data-status", "published")
    expect(shown).not_to_have_class(re.compile(r"\bpending\b"))
    expect(shown.locator("a.number")).to_have_text("#1")
    expect(shown.locator(".author")).to_have_text(GUEST)
    expect(shown.locator(".body")).to_contain_text(BODY)
    expect(shown.locator(".awaiting")).to_have_count(0)
    expect(page.get_by_text("gus@example.org")).to_have_count(0)


def test_guest_comment_is_held_approved_then_shown_numbered(new_context, make_post, moderator, artifacts_dir) -> None:
    post_url = (post := make_post("Why comments get numbers")).get_absolute_url()

    guest = new_context().new_page()
    post_as_guest(guest, post_url)
    expect_held_for_its_writer(guest)
    comment = Comment.objects.get(thread__post=post)
    assert (comment.status, comment.number) == (Status.HELD, None)

    early_reader = new_context().new_page()
    early_reader.goto(post_url)
    expect(early_reader.get_by_role("heading", name="0 comments")).to_be_visible()
    expect(early_reader.get_by_text(BODY)).to_have_count(0)

    moderator_page = new_context().new_page()
    log_in(moderator_page, moderator.username)
    approve_as_moderator(moderator_page, comment)
    comment.refresh_from_db()
    assert (comment.status, comment.number) == (Status.PUBLISHED, 1)

    reader = new_context().new_page()
    reader.goto(post_url)
    expect_published_as_first(reader)
    screenshot = artifacts_dir / "post-page.png"
    screenshot.unlink(missing_ok=True)
    reader.screenshot(path=screenshot, full_page=True)
    assert screenshot.stat().st_size > 10_000
