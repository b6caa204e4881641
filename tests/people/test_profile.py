"""A public profile: display name, bio and published comments; never the email or unpublished comments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from stoa.blog.models import PostStatus
from stoa.discussion.models import Comment
from stoa.discussion.services import CommentDraft, submit_comment
from stoa.discussion.threads import thread_for_post
from stoa.moderation.actions import reject_comment
from stoa.moderation.decisions import Status
from stoa.people.models import User


@pytest.fixture
def comments(post, member: User, moderator: User) -> dict[str, Comment]:
    """One published comment, one rejected by a moderator, one held for its links, a minute apart."""
    start = timezone.now() - dt.timedelta(hours=1)

    def submit(body: str, minute: int) -> Comment:
        draft = CommentDraft(thread=thread_for_post(post), body=body, author=member)
        return submit_comment(draft, now=start + dt.timedelta(minutes=minute)).comment

    made = {
        "published": submit("A *thoughtful* remark.", 1),
        "rejected": submit("Something I regret.", 2),
        "held": submit("Spam? https://a.example https://b.example", 3),
    }
    reject_comment(made["rejected"], moderator=moderator)
    assert made["published"].status == Status.PUBLISHED
    assert made["held"].status == Status.HELD
    return made


def profile_html(client: Client) -> str:
    response = client.get("/people/mia/")
    assert response.status_code == 200
    return response.content.decode()


def test_profile_shows_name_and_bio(client, member: User) -> None:
    html = profile_html(client)

    assert "<h1>Mia Member</h1>" in html
    assert "@mia" in html
    assert "Reads everything twice." in html
    assert "No public comments yet." in html


def test_profile_lists_only_published_comments(client, comments: dict[str, Comment]) -> None:
    html = profile_html(client)

    assert "A <em>thoughtful</em> remark." in html
    assert f'href="{comments["published"].get_absolute_url()}"' in html
    assert "#1 on A post worth discussing" in html
    assert "Something I regret" not in html
    assert "a.example" not in html


@pytest.mark.parametrize("viewer", ["guest", "other member", "self", "moderator"])
def test_profile_never_shows_the_email(client, member: User, make_user, moderator: User, comments, viewer: str) -> None:
    viewers = {"other member": make_user("otto"), "self": member, "moderator": moderator}
    if viewer in viewers:
        client.force_login(viewers[viewer])

    html = profile_html(client)

    assert member.email not in html
    assert "mia@" not in html


def test_own_profile_links_to_editing(member_client: Client) -> None:
    assert 'href="/people/me/"' in profile_html(member_client)


def test_other_people_do_not_get_the_edit_link(client, member: User) -> None:
    assert 'href="/people/me/"' not in profile_html(client)


def test_unknown_and_deactivated_profiles_are_not_found(client, member: User) -> None:
    assert client.get("/people/nobody/").status_code == 404
    User.objects.filter(pk=member.pk).update(is_active=False)
    assert client.get("/people/mia/").status_code == 404


@pytest.mark.parametrize("takedown", ["draft", "rescheduled"])
def test_comments_on_posts_taken_down_leave_the_profile(
    client, post, comments: dict[str, Comment], takedown: str
) -> None:
    """A post pulled back to draft (or moved to the future) takes its discussion with it, profiles included."""
    if takedown == "draft":
        post.status = PostStatus.DRAFT
    else:
        post.published_at = timezone.now() + dt.timedelta(days=1)
    post.save()

    html = profile_html(client)

    assert "thoughtful" not in html
    assert "A post worth discussing" not in html
