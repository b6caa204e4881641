"""A pile-on through the real comment path: aimed comments are recorded, the detector opens a shield, the
shield holds newcomers, hides what was published, and tells the person and the moderators."""

from __future__ import annotations

import pytest
from django.core import mail

from stoa.discussion.services import edit_comment
from stoa.moderation.decisions import Status
from stoa.moderation.models import AuditEvent, Notification
from stoa.moderation.reports import file_report
from stoa.safety.models import AimedComment, Shield
from stoa.safety.register import register_person
from stoa.safety.shields import open_shield

INSULTS = [
    "Natasha Allmark is a lowlife and a scumbag.",
    "Natasha Allmark is an informant, a total lowlife.",
    "Someone should tell everyone what a scumbag Natasha Allmark is.",
    "Natasha Allmark, what a lowlife.",
]


@pytest.fixture
def comment_on(comment_on, django_capture_on_commit_callbacks):
    """Each comment as in production: its after-commit work (the detector, notifications) runs when it commits."""

    def submit(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return comment_on(*args, **kwargs)

    return submit


@pytest.fixture
def natasha(db):
    return register_person("Natasha Allmark", aliases=["Ms Allmark"])


@pytest.fixture
def crowd(make_user):
    return [make_user(f"stranger{i}") for i in range(5)]


def _pile_on(post, crowd, comment_on, count=4):
    return [comment_on(post, text, author=member) for text, member in zip(INSULTS[:count], crowd, strict=False)]


def test_each_comment_naming_someone_is_recorded_with_its_hostility(post, natasha, make_user, comment_on):
    calm = comment_on(post, "I think Natasha Allmark made a fair point.", author=make_user("ann")).comment
    rude = comment_on(post, INSULTS[0], author=make_user("bob")).comment
    rows = {row.comment_id: row for row in AimedComment.objects.all()}
    assert rows[calm.pk].target_key == "person:natasha-allmark" and not rows[calm.pk].hostile
    assert rows[rude.pk].hostile and rows[rude.pk].why == "names 'Natasha Allmark'"
    assert not rows[rude.pk].author_knows_target


def test_strangers_piling_on_open_a_shield_that_holds_the_next_one(post, natasha, crowd, moderator, comment_on):
    results = _pile_on(post, crowd, comment_on, count=3)
    shield = Shield.objects.get()
    assert shield.target_key == "person:natasha-allmark" and shield.origin == Shield.Origin.ALERT
    assert shield.reason.startswith("pile-on: 3 hostile author(s)")
    assert set(shield.alert["comments"]) == {str(r.comment.pk) for r in results}
    fourth = comment_on(post, INSULTS[3], author=crowd[3])
    assert fourth.comment.status == Status.HELD
    assert any(reason.startswith("shield for Natasha Allmark") for reason in fourth.decision.reasons)
    assert AuditEvent.objects.filter(action="shield.opened").count() == 1


def test_published_hostile_comments_are_hidden_from_readers_but_not_moderators(
    client, post, natasha, crowd, moderator, comment_on
):
    results = _pile_on(post, crowd, comment_on, count=3)
    published = [r.comment for r in results if r.comment.status == Status.PUBLISHED]
    assert published, "at least one hostile comment was published before the shield"
    page = client.get(post.get_absolute_url()).content.decode()
    assert "a shield protects the person it is aimed at" in page
    assert all(c.body not in page for c in published)
    client.force_login(moderator)
    assert all(c.body in client.get(post.get_absolute_url()).content.decode() for c in published)


def test_the_moderators_are_told_with_the_numbers(
    post, natasha, crowd, moderator, comment_on, django_capture_on_commit_callbacks
):
    _pile_on(post, crowd, comment_on, count=3)
    note = Notification.objects.get(recipient=moderator)
    assert note.subject == "Shield opened for Natasha Allmark" and "hostile author" in note.body
    assert any("Shield opened for Natasha Allmark" in m.subject for m in mail.outbox)


def test_a_member_target_is_told_and_regulars_still_reach_them(post, make_user, crowd, comment_on):
    ann = make_user("ann")
    friend = make_user("friend")
    own = comment_on(post, "Here is what I think about the wharf plan.", author=ann).comment
    comment_on(post, "Good point, I agree with you.", author=friend, reply_to=own)
    for text, member in zip(
        ["You lowlife.", "You are a scumbag, ann.", "What a lowlife you are."], crowd, strict=False
    ):
        comment_on(post, text, author=member, reply_to=own)
    shield = Shield.objects.get(target_key="member:ann")
    assert shield.member == ann
    assert Notification.objects.filter(recipient=ann, kind="shield").exists()
    again = comment_on(post, "I still agree with you on this.", author=friend, reply_to=own)
    assert again.comment.status == Status.PUBLISHED
    stranger = comment_on(post, "I disagree with you.", author=crowd[4], reply_to=own)
    assert stranger.comment.status == Status.HELD


def test_staff_pass_a_shield(post, natasha, crowd, moderator, comment_on):
    _pile_on(post, crowd, comment_on, count=3)
    staff = comment_on(post, "Natasha Allmark has asked for calm; please stick to the plan.", author=moderator)
    assert staff.comment.status == Status.PUBLISHED


def test_detection_can_be_switched_off(post, natasha, crowd, settings, comment_on):
    settings.CONFIG = settings.CONFIG.replace(pileon_detection=False)
    _pile_on(post, crowd, comment_on, count=4)
    assert not Shield.objects.exists()


def test_a_report_flood_from_new_accounts_against_a_member_opens_a_shield(
    post, make_user, comment_on, django_capture_on_commit_callbacks, settings
):
    settings.CONFIG = settings.CONFIG.replace(report_hide_weight=100.0)  # the comment stays up for every report
    ann = make_user("ann")
    own = comment_on(post, "Here is what I think about the wharf plan.", author=ann).comment
    reporters = [make_user(f"reporter{n}") for n in range(4)]
    for reporter in reporters[:3]:
        with django_capture_on_commit_callbacks(execute=True):
            file_report(own, reporter=reporter, category="harassment")
    assert not Shield.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        file_report(own, reporter=reporters[3], category="harassment")
    shield = Shield.objects.get()
    assert shield.member == ann and "report flood: 4 reporters" in shield.reason


def test_what_the_shield_hid_is_hidden_in_the_feed_and_the_api_too(client, post, natasha, crowd, comment_on, make_user):
    results = _pile_on(post, crowd, comment_on, count=3)
    published = [r.comment for r in results if r.comment.status == Status.PUBLISHED]
    assert published
    feed = client.get(f"{post.get_absolute_url()}comments/feed/").content.decode()
    assert all(c.body not in feed for c in published)
    client.force_login(make_user("reader"))
    response = client.get(f"/api/v1/posts/{post.pk}/comments")
    assert response.status_code == 200, response.content
    listed = response.json()["items"]
    hidden = {item["id"] for item in listed if item["hidden"]}
    assert {c.pk for c in published} <= hidden
    assert all(item["body_html"] == "" for item in listed if item["hidden"])


def test_the_pile_ons_own_authors_do_not_pass_the_shield(post, natasha, crowd, comment_on):
    _pile_on(post, crowd, comment_on, count=3)
    again = comment_on(post, "Natasha Allmark should be ashamed, everyone look at her.", author=crowd[0])
    assert again.comment.status == Status.HELD
    assert any(reason.startswith("shield for Natasha Allmark") for reason in again.decision.reasons)


def test_editing_a_hidden_comment_keeps_it_hidden_and_meets_the_shield(post, natasha, crowd, comment_on):
    results = _pile_on(post, crowd, comment_on, count=3)
    hidden = next(r.comment for r in results if r.comment.status == Status.PUBLISHED)
    edited = edit_comment(
        hidden, "Natasha Allmark should be ashamed of herself.", editor=hidden.author, browser_owns=False
    )
    assert edited.comment.status == Status.HELD
    assert AimedComment.objects.get(comment=hidden).collapsed


def test_a_shield_opened_by_hand_hides_and_tells_too(
    post, make_user, moderator, comment_on, django_capture_on_commit_callbacks
):
    ann = make_user("ann")
    own = comment_on(post, "Here is what I think about the wharf plan.", author=ann).comment
    rude = comment_on(post, "You lowlife.", author=make_user("rude"), reply_to=own).comment
    assert rude.status == Status.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True):
        shield = open_shield(
            "member:ann", "ann", origin=Shield.Origin.MODERATOR, reason="asked", member=ann, by=moderator
        )
    assert AimedComment.objects.get(comment=rude).collapsed
    assert Notification.objects.filter(recipient=ann, kind="shield").exists()
    assert Notification.objects.filter(recipient=moderator, subject=f"Shield opened for {shield.target_label}").exists()
