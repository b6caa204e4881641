"""The later folder: a shielded member, or a helper they chose, reviews what their shield held."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from stoa.moderation.decisions import Status
from stoa.moderation.models import Report
from stoa.safety.later import NotForLater, add_helper, approve_later, hide_later, later_comments, report_later
from stoa.safety.models import Shield
from stoa.safety.register import register_person
from stoa.safety.shields import open_shield


@pytest.fixture
def ann(make_user):
    return make_user("ann")


@pytest.fixture
def own_comment(post, ann, comment_on):
    return comment_on(post, "Here is what I think about the wharf plan.", author=ann).comment


@pytest.fixture
def shielded(ann, own_comment):
    return open_shield("member:ann", "ann", origin=Shield.Origin.SELF, reason="mine", member=ann, by=ann)


def test_replies_from_strangers_wait_in_the_later_folder(post, ann, own_comment, shielded, make_user, comment_on):
    held = comment_on(post, "I see it differently.", author=make_user("carl"), reply_to=own_comment).comment
    assert held.status == Status.HELD
    assert later_comments(ann) == [held]
    approved = approve_later(held, member=ann, by=ann)
    assert approved.status == Status.PUBLISHED and approved.number
    assert approved.decisions.filter(decided_by="later folder", moderator=ann).exists()


def test_a_helper_reviews_others_cannot(post, ann, own_comment, shielded, make_user, comment_on):
    held = comment_on(post, "Not so sure about this.", author=make_user("carl"), reply_to=own_comment).comment
    helper, eve = make_user("hal"), make_user("eve")
    with pytest.raises(PermissionDenied):
        hide_later(held, member=ann, by=eve)
    add_helper(ann, helper)
    assert hide_later(held, member=ann, by=helper).status == Status.REJECTED


def test_a_comment_also_held_for_something_else_stays_with_the_moderators(
    post, ann, own_comment, shielded, make_user, comment_on
):
    held = comment_on(post, "Call me on 07700 900123 about it.", author=make_user("carl"), reply_to=own_comment)
    assert held.comment.status == Status.HELD and len(held.decision.reasons) > 1
    assert later_comments(ann) == []  # personal data: the moderators' alone, not the member's or helpers'
    with pytest.raises(NotForLater, match="not waiting"):
        approve_later(held.comment, member=ann, by=ann)
    fine = comment_on(post, "I read it differently.", author=make_user("dan"), reply_to=own_comment).comment
    report = report_later(fine, member=ann, by=ann, category=Report.Category.HARASSMENT)
    assert report.comment_id == fine.pk


def test_a_helper_cannot_be_oneself(ann):
    with pytest.raises(ValueError, match="choose someone else"):
        add_helper(ann, ann)


def test_the_later_page_lists_and_acts(client, post, ann, own_comment, shielded, make_user, comment_on):
    held = comment_on(post, "Another view on this.", author=make_user("carl"), reply_to=own_comment).comment
    client.force_login(ann)
    page = client.get("/safety/later/").content.decode()
    assert "Another view on this." in page
    response = client.post(f"/safety/later/ann/{held.pk}/approve/")
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == Status.PUBLISHED
    client.force_login(make_user("eve"))
    assert client.get("/safety/later/ann/").status_code == 403


def test_a_comment_another_persons_shield_holds_is_not_in_my_folder(post, ann, own_comment, make_user, comment_on):
    """Replying to Ann while naming shielded Natasha: Ann (and her helpers) must not wave it past Natasha's shield."""
    natasha = register_person("Natasha Allmark")
    open_shield(f"person:{natasha.slug}", natasha.name, origin=Shield.Origin.ALERT, reason="pile-on")
    held = comment_on(post, "Natasha Allmark got this wrong.", author=make_user("carl"), reply_to=own_comment)
    assert held.comment.status == Status.HELD
    assert later_comments(ann) == []
    with pytest.raises(NotForLater):
        approve_later(held.comment, member=ann, by=ann)
