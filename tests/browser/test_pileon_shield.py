"""A pile-on through a real browser: strangers pile on a member, a shield opens, the next stranger's reply is
held, readers no longer see the hostile replies, and the member sees what happened and decides in their later
folder."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from stoa.discussion.models import Comment
from stoa.moderation.decisions import Status
from stoa.safety.models import Shield
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

HOSTILE = ["You lowlife.", "You are a scumbag, Ann.", "What a lowlife you are."]


def log_in(page: Page, username: str) -> None:
    page.goto("/people/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_a_pile_on_is_shielded_and_the_target_decides_in_their_later_folder(
    new_context, make_post, make_user, comment_on, django_capture_on_commit_callbacks, artifacts_dir
) -> None:
    ann = make_user("ann", display_name="Ann Target")
    post = make_post("Where the bus should stop")
    first = comment_on(post, "The stop belongs by the school.", author=ann).comment
    for number, text in enumerate(HOSTILE):
        with django_capture_on_commit_callbacks(execute=True):
            comment_on(post, text, author=make_user(f"stranger{number}"), reply_to=first)
    assert Shield.objects.get().member == ann
    make_user("newcomer")
    post_url = post.get_absolute_url()

    newcomer = new_context().new_page()
    log_in(newcomer, "newcomer")
    newcomer.goto(f"{post_url}?reply_to={first.number}")
    newcomer.get_by_label("Comment", exact=True).fill("Honestly, I think you are wrong about the school.")
    newcomer.get_by_role("button", name="Post comment").click()
    expect(newcomer.locator(".messages")).to_contain_text("Your comment is awaiting moderation")
    held = Comment.objects.get(body="Honestly, I think you are wrong about the school.")
    assert held.status == Status.HELD

    reader = new_context().new_page()
    reader.goto(post_url)
    expect(reader.locator(".comment-list, main")).to_contain_text("a shield protects the person it is aimed at")
    for text in HOSTILE:
        expect(reader.get_by_text(text)).to_have_count(0)

    target = new_context().new_page()
    log_in(target, "ann")
    target.goto("/inbox/")
    expect(target.locator("main")).to_contain_text("We have turned on a shield for you")
    target.goto("/safety/later/")
    item = target.locator(f"#later-{held.pk}")
    expect(item).to_contain_text("Honestly, I think you are wrong about the school.")
    target.screenshot(path=str(artifacts_dir / "later-folder.png"), full_page=True)
    item.get_by_role("button", name="Approve").click()
    expect(target.locator(".messages")).to_contain_text("Comment published.")
    held.refresh_from_db()
    assert held.status == Status.PUBLISHED
