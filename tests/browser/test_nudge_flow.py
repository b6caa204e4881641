"""A member's hurtful draft is nudged in the browser; they edit it to a kind one and it is published."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from stoa.discussion.models import Comment, NudgeEvent, NudgeOutcome
from stoa.discussion.nudges import PROMPT
from stoa.moderation.decisions import Status
from tests.browser.test_comment_flow import log_in

pytestmark = pytest.mark.browser

HURTFUL = "You are a lowlife scumbag and a fucking idiot."
KIND = "I disagree with you, but thank you for taking the time to explain your view."


def test_a_nudged_member_edits_and_their_comment_is_published(new_context, make_post, make_user) -> None:
    post_url = make_post("On civility").get_absolute_url()
    make_user("nora")
    page = new_context().new_page()
    log_in(page, "nora")
    page.goto(post_url)
    page.get_by_label("Comment", exact=True).fill(HURTFUL)
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text(PROMPT)).to_be_visible()
    expect(page.locator(".nudge-preview mark").first).to_be_visible()
    assert not Comment.objects.exists()
    page.get_by_role("link", name="Edit my comment").click()
    textarea = page.get_by_label("Comment", exact=True)
    expect(textarea).to_be_focused()
    expect(textarea).to_have_value(HURTFUL)
    textarea.fill(KIND)
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Thank you: your comment is published.")).to_be_visible()
    expect(page.get_by_text(KIND)).to_be_visible()
    assert Comment.objects.get().status == Status.PUBLISHED
    assert NudgeEvent.objects.get().outcome == NudgeOutcome.REVISED
