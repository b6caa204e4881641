"""A moderator works the queue from the keyboard: j focuses the first held comment, a approves it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from stoa.discussion.models import Comment
from stoa.moderation.decisions import Status
from tests.browser.test_comment_flow import log_in

pytestmark = pytest.mark.browser


def test_j_then_a_approves_the_focused_comment(new_context, post, comment_on, moderator) -> None:
    older = comment_on(post, "The older held comment", email="old@example.org").comment
    newer = comment_on(post, "The newer held comment", name="Nora", email="new@example.org").comment

    page = new_context().new_page()
    log_in(page, moderator.username)
    page.goto("/moderation/")
    expect(page.locator(".queue-keys")).to_be_visible()
    page.keyboard.press("j")
    expect(page.locator(f"#held-{newer.pk}")).to_be_focused()
    page.keyboard.press("j")
    page.keyboard.press("k")
    expect(page.locator(f"#held-{newer.pk}")).to_be_focused()
    page.keyboard.press("a")

    expect(page.locator(".messages")).to_contain_text("Comment by Nora approved and published.")
    expect(page.locator(f"#held-{newer.pk}")).to_have_count(0)
    expect(page.locator(f"#held-{older.pk}")).to_be_visible()
    assert Comment.objects.get(pk=newer.pk).status == Status.PUBLISHED
    assert Comment.objects.get(pk=older.pk).status == Status.HELD
