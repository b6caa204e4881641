"""The shield pages: the moderators' shields queue with its timeline, a shield's page, a member's own shield."""

from __future__ import annotations

import pytest

from stoa.moderation.models import AuditEvent
from stoa.safety.models import AimedComment, Shield, ShieldHelper
from stoa.safety.shields import open_shield


@pytest.fixture
def ann(make_user):
    return make_user("ann")


@pytest.fixture
def shield(ann, moderator):
    return open_shield(
        "member:ann", "Ann", origin=Shield.Origin.MODERATOR, reason="many strangers", member=ann, by=moderator
    )


def test_the_shields_queue_shows_each_open_shield_with_a_timeline_chart(client, shield, moderator):
    client.force_login(moderator)
    page = client.get("/safety/shields/").content.decode()
    assert "Shield for Ann" in page and "many strangers" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and "Comments aimed at Ann, per hour" in page


def test_members_cannot_see_the_shields_queue_or_others_shields(client, shield, make_user):
    client.force_login(make_user("eve"))
    assert client.get("/safety/shields/").status_code == 403
    assert client.get(f"/safety/shields/{shield.pk}/").status_code == 403


def test_the_shielded_member_extends_and_ends_their_shield(client, shield, ann):
    client.force_login(ann)
    assert client.get(f"/safety/shields/{shield.pk}/").status_code == 200
    before = shield.ends_at
    client.post(f"/safety/shields/{shield.pk}/change/", {"extend": "24h"})
    shield.refresh_from_db()
    assert (shield.ends_at - before).total_seconds() == 24 * 3600
    client.post(f"/safety/shields/{shield.pk}/change/", {"end": "1", "reason": "I'm fine now"})
    shield.refresh_from_db()
    assert shield.ended_at is not None and shield.ended_by == ann


def test_a_moderator_shields_a_member_by_name_and_an_unknown_name_is_refused(client, moderator, ann):
    client.force_login(moderator)
    response = client.post("/safety/shields/open/", {"username": "nobody"}, follow=True)
    assert "There is no member called “nobody”." in response.content.decode()
    client.post("/safety/shields/open/", {"username": "ann", "reason": "asked by email"})
    assert Shield.objects.get().reason == "asked by email"


def test_a_member_turns_their_own_shield_on_and_chooses_helpers(client, ann, make_user):
    hal = make_user("hal")
    client.force_login(ann)
    client.post("/safety/shield/open/")
    assert Shield.objects.get(member=ann).origin == Shield.Origin.SELF
    client.post("/safety/shield/helpers/", {"add": "hal"})
    assert ShieldHelper.objects.filter(member=ann, helper=hal).exists()
    page = client.get("/safety/shield/").content.decode()
    assert "Your shield is on" in page and "hal" in page
    client.post("/safety/shield/helpers/", {"remove": "hal"})
    assert not ShieldHelper.objects.exists()


def test_show_again_puts_a_hidden_comment_back_for_readers(client, post, comment_on, moderator, make_user):
    comment = comment_on(post, "A sharp but fair remark.", author=make_user("bob")).comment
    AimedComment.objects.create(
        comment=comment,
        target_key="member:ann",
        target_label="Ann",
        why="reply to #1",
        hostile=True,
        author_key="member:bob",
        at=comment.created_at,
        collapsed=True,
    )
    client.force_login(moderator)
    client.post(f"/safety/shields/show/{comment.pk}/", {"back": "?queue=shields"})
    assert not AimedComment.objects.filter(collapsed=True).exists()
    assert AuditEvent.objects.filter(action="shield.comment_shown").exists()
