"""A block that really blocks, through a real browser: the blocked member cannot reply to the blocker (not even
with a crafted reply link), and the blocker sees the earlier reply collapsed, one click from open."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from stoa.discussion.models import Comment
from stoa.people.models import Block
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def log_in(page: Page, username: str) -> None:
    page.goto("/people/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_a_blocked_member_cannot_reply_and_the_blocker_sees_the_reply_collapsed(
    new_context, make_post, make_user, comment_on, artifacts_dir
) -> None:
    ann = make_user("ann", display_name="Ann Blocker")
    bob = make_user("bob", display_name="Bob Pest")
    post = make_post("Where the bus should stop")
    first = comment_on(post, "The stop belongs by the school.", author=ann).comment
    assert comment_on(post, "I disagree: it belongs by the shops.", author=bob, reply_to=first).comment.is_published
    post_url = post.get_absolute_url()

    blocker = new_context().new_page()
    log_in(blocker, "ann")
    blocker.goto("/people/bob/")
    blocker.get_by_role("button", name="Block").click()
    expect(blocker.locator(".messages")).to_contain_text("You blocked Bob Pest")
    assert Block.objects.filter(blocker=ann, blocked=bob).exists()

    blocked = new_context().new_page()
    log_in(blocked, "bob")
    blocked.goto(post_url)
    hidden = blocked.locator("#c1")
    expect(hidden).to_contain_text("[hidden]")
    expect(hidden).not_to_contain_text("by the school")
    expect(hidden.get_by_role("link", name="Reply")).to_have_count(0)
    blocked.goto(f"{post_url}?reply_to=1")  # a crafted reply link still reaches the gate
    blocked.get_by_label("Comment", exact=True).fill("You cannot hide from me.")
    blocked.get_by_role("button", name="Post comment").click()
    expect(blocked.locator(".errors")).to_contain_text("You can't reply to this member.")
    expect(blocked.get_by_label("Comment", exact=True)).to_have_value("You cannot hide from me.")
    assert not Comment.objects.filter(body="You cannot hide from me.").exists()

    blocker.goto(post_url)
    reply = blocker.locator("#c2")
    expect(reply.locator("summary")).to_have_text("#2 · Reply from someone you blocked")
    expect(reply.get_by_text("I disagree: it belongs by the shops.")).not_to_be_visible()
    reply.locator("summary").click()
    expect(reply.get_by_text("I disagree: it belongs by the shops.")).to_be_visible()
    screenshot = artifacts_dir / "blocked-reply-collapsed.png"
    screenshot.unlink(missing_ok=True)
    blocker.screenshot(path=screenshot, full_page=True)
    assert screenshot.stat().st_size > 10_000
