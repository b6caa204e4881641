"""A moderator redacts a phone number and publishes the comment from the keyboard: j, e, redact, Ctrl+Enter."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from stoa.discussion.models import Comment
from stoa.moderation.decisions import Status
from stoa.moderation.models import AuditEvent
from tests.browser.test_comment_flow import log_in

pytestmark = pytest.mark.browser

DOXXING = "Her number is 07700 900123, call her and tell her what you think."


def test_e_opens_the_editor_and_the_redacted_text_is_published(new_context, post, comment_on, moderator) -> None:
    held = comment_on(post, DOXXING, name="Dan", email="dan@example.org").comment

    page = new_context().new_page()
    log_in(page, moderator.username)
    page.goto("/moderation/?sort=oldest")
    item = page.locator(f"#held-{held.pk}")
    page.keyboard.press("j")
    expect(item).to_be_focused()
    page.keyboard.press("e")
    text = item.locator("textarea[name=text]")
    expect(text).to_be_focused()
    expect(text).to_have_value(DOXXING)

    page.keyboard.press("Tab")
    redact = item.get_by_role("button", name="Redact personal data (1 part)")
    expect(redact).to_be_focused()
    page.keyboard.press("Enter")
    expect(text).to_have_value("Her number is [redacted], call her and tell her what you think.")
    expect(text).to_be_focused()
    page.keyboard.press("Control+Enter")

    expect(page.locator(".messages")).to_contain_text("Comment by Dan edited and published.")
    assert page.url.endswith("/moderation/?sort=oldest")
    expect(page.locator(f"#held-{held.pk}")).to_have_count(0)
    stored = Comment.objects.get(pk=held.pk)
    assert (stored.status, stored.body) == (
        Status.PUBLISHED,
        "Her number is [redacted], call her and tell her what you think.",
    )
    assert AuditEvent.objects.get(action="comment.edited_and_approved").data["redactions"] == 1
