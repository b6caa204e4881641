"""Removal requests cannot be flooded: limits per person, per address, and a flood at one author goes to the
moderators instead (and into the audit log)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from stoa.moderation.models import AuditEvent, Notification
from stoa.privacy import hash_ip
from stoa.safety import removals
from stoa.safety.models import RemovalRequest

State = RemovalRequest.State


@pytest.fixture
def limits(settings):
    """Set some limits (and nothing else) for one test."""

    def set_limits(**values):
        settings.CONFIG = settings.CONFIG.replace(**values)

    return set_limits


def _file(subject, requester=None, *, email="", ip="", now=None, what=RemovalRequest.What.PHOTO):
    return removals.file_removal_request(
        subject=subject,
        requester=requester,
        requester_name="Natasha Allmark",
        requester_email=email,
        ip_address=ip,
        what=what,
        why="It shows me without my consent.",
        change_asked="Take the photo down.",
        now=now,
    )


def _form(post, email: str) -> dict:
    return {
        "post": post.pk,
        "name": "Natasha",
        "email": email,
        "what": "photo",
        "why": "mine",
        "change_asked": "remove",
    }


def test_one_person_has_at_most_n_open_requests_about_one_thing(post, make_post, make_user, limits, clock):
    limits(removal_open_per_subject=2)
    nat = make_user("nat")
    first = _file(post, nat, now=clock.now)
    _file(post, nat, now=clock.tick(), what=RemovalRequest.What.NAME)
    with pytest.raises(removals.RemovalLimitReached, match="already have 2 open requests about this post"):
        _file(post, nat, now=clock.tick())
    assert RemovalRequest.objects.count() == 2
    _file(make_post("Another post"), nat, now=clock.tick())  # another post is another matter
    removals.answer_as_author(first, author=post.author, action="edit", answer="Cropped you out.", now=clock.tick())
    assert _file(post, nat, now=clock.tick()).state == State.WITH_AUTHOR  # answered: no longer open


def test_a_non_member_is_counted_by_email_and_an_expired_confirmation_stops_counting(post, limits, clock):
    limits(removal_open_per_subject=1)
    _file(post, email="Nat@Example.org", now=clock.now)
    with pytest.raises(removals.RemovalLimitReached, match="1 open request about this post"):
        _file(post, email="nat@example.org ", now=clock.tick())  # the same address, spelt differently
    _file(post, email="someone.else@example.org", now=clock.tick())
    later = clock.tick(3 * 24 * 3600)  # the first one's link has expired: it never went anywhere
    assert _file(post, email="nat@example.org", now=later).state == State.UNCONFIRMED


def test_one_person_files_at_most_m_a_day(make_post, make_user, limits, clock):
    limits(removal_daily_per_requester=3, removal_open_per_subject=0)
    nat = make_user("nat")
    for _ in range(3):
        _file(make_post(), nat, now=clock.tick())
    with pytest.raises(removals.RemovalLimitReached, match="3 removal requests in the last 24 hours"):
        _file(make_post(), nat, now=clock.tick())
    assert _file(make_post(), nat, now=clock.tick(24 * 3600)).state == State.WITH_AUTHOR


def test_the_non_member_form_has_a_daily_cap_per_address(client, make_post, limits):
    limits(removal_daily_per_ip=2)
    posts = [make_post() for _ in range(3)]
    for number, post in enumerate(posts[:2]):
        response = client.post(
            f"/safety/removal/new/?post={post.pk}", _form(post, f"p{number}@example.org"), REMOTE_ADDR="203.0.113.7"
        )
        assert response.status_code == 302
    refused = client.post(
        f"/safety/removal/new/?post={posts[2].pk}", _form(posts[2], "p9@example.org"), REMOTE_ADDR="203.0.113.7"
    )
    assert refused.status_code == 429
    assert "Too many removal requests came from your network" in refused.content.decode()
    assert RemovalRequest.objects.count() == 2 and len(mail.outbox) == 2  # no third confirmation email
    stored = set(RemovalRequest.objects.values_list("requester_ip_hash", flat=True))
    assert stored == {hash_ip("203.0.113.7")}  # a keyed hash, never the address
    other = client.post(
        f"/safety/removal/new/?post={posts[2].pk}", _form(posts[2], "p9@example.org"), REMOTE_ADDR="198.51.100.1"
    )
    assert other.status_code == 302


def test_members_are_not_capped_by_address_and_store_none(post, make_user, limits):
    limits(removal_daily_per_ip=1)
    for name in ("nat", "ola"):
        filed = _file(post, make_user(name), ip="203.0.113.7")
        assert filed.state == State.WITH_AUTHOR and filed.requester_ip_hash == ""


def test_the_form_shows_a_members_limit_as_a_sentence(client, post, make_user, limits):
    limits(removal_open_per_subject=1)
    nat = make_user("nat")
    client.force_login(nat)
    assert client.post(f"/safety/removal/new/?post={post.pk}", _form(post, "")).status_code == 302
    again = client.post(f"/safety/removal/new/?post={post.pk}", _form(post, ""))
    assert again.status_code == 429
    assert "You already have 1 open request about this post" in again.content.decode()
    assert RemovalRequest.objects.count() == 1


def test_a_flood_at_one_author_goes_to_the_moderators_and_is_audited(
    post, make_user, moderator, limits, clock, django_capture_on_commit_callbacks
):
    limits(removal_flood_requesters=3)
    with django_capture_on_commit_callbacks(execute=True):
        first_three = [_file(post, make_user(f"crowd{n}"), now=clock.tick()) for n in range(3)]
    assert {filed.state for filed in first_three} == {State.WITH_AUTHOR}
    told_author = Notification.objects.filter(recipient=post.author).count()
    assert told_author == 3
    with django_capture_on_commit_callbacks(execute=True):
        fourth = _file(post, make_user("crowd3"), now=clock.tick())
    assert fourth.state == State.ESCALATED and fourth.in_flood
    assert "part of a flood: 3 other people" in fourth.escalated_because
    assert Notification.objects.filter(recipient=post.author).count() == told_author  # the author is spared
    note = Notification.objects.get(recipient=moderator, subject__contains=fourth.receipt)
    assert "part of a flood" in note.body
    assert fourth in removals.requests_for_moderators()
    assert fourth not in removals.requests_for_author(post.author)
    flood = AuditEvent.objects.get(action="removal.flood")
    assert (flood.target_type, flood.target_id) == ("blog.post", str(post.pk))
    assert flood.data["open_requesters"] == 4
    _file(post, make_user("crowd4"), now=clock.tick())
    assert AuditEvent.objects.filter(action="removal.flood").count() == 1  # noted once a day, not per request
    reasons = AuditEvent.objects.filter(action="removal.escalated").values_list("reasons", flat=True)
    assert len(reasons) == 2 and all("flood" in reason[0] for reason in reasons)


def test_the_flood_counts_people_not_requests_nor_unconfirmed_addresses(post, make_user, limits, clock):
    limits(removal_flood_requesters=2, removal_open_per_subject=3)
    nat = make_user("nat")
    _file(post, nat, now=clock.tick())
    _file(post, nat, now=clock.tick(), what=RemovalRequest.What.NAME)  # the same person twice is one
    for number in range(5):  # typed-in addresses nobody confirmed divert nothing
        _file(post, email=f"stranger{number}@example.org", now=clock.tick())
    assert _file(post, make_user("ola"), now=clock.tick()).state == State.WITH_AUTHOR
    assert _file(post, make_user("pia"), now=clock.tick()).state == State.ESCALATED


def test_a_confirmed_non_member_can_be_part_of_a_flood(post, make_user, limits, clock):
    limits(removal_flood_requesters=1)
    _file(post, make_user("nat"), now=clock.tick())
    pending = _file(post, email="ola@example.org", now=clock.tick())
    confirmed = removals.confirm_email(removals.confirmation_token(pending, "ola@example.org"), now=clock.tick())
    assert confirmed.state == State.ESCALATED and confirmed.in_flood


def test_the_flood_rule_is_off_at_zero_and_decided_requests_do_not_count(post, make_user, moderator, limits, clock):
    limits(removal_flood_requesters=0)
    assert all(_file(post, make_user(f"p{n}"), now=clock.tick()).state == State.WITH_AUTHOR for n in range(4))
    limits(removal_flood_requesters=1)
    for filed in RemovalRequest.objects.all():
        removals.answer_as_author(filed, author=post.author, action="edit", answer="Changed.", now=clock.tick())
    assert _file(post, make_user("late"), now=clock.tick()).state == State.WITH_AUTHOR


def test_moderators_see_why_a_request_came_to_them(client, post, make_user, moderator, limits, clock):
    limits(removal_flood_requesters=1)
    _file(post, make_user("nat"), now=clock.tick())
    _file(post, make_user("ola"), now=clock.tick())
    client.force_login(moderator)
    page = client.get("/safety/removal/queue/").content.decode()
    assert "Sent to the moderators:</strong> part of a flood" in page


@pytest.mark.parametrize(
    "name", ["STOA_REMOVAL_OPEN_PER_SUBJECT", "STOA_REMOVAL_DAILY_PER_REQUESTER", "STOA_REMOVAL_FLOOD_REQUESTERS"]
)
def test_limits_are_settings_that_refuse_nonsense(name):
    from stoa.config import ConfigError, read_config

    assert read_config({name: "0"}).values[name.removeprefix("STOA_").lower()] == 0
    with pytest.raises(ConfigError, match=name):
        read_config({name: "-1"})


def test_default_limits(settings):
    from stoa.config import read_config

    config = read_config({})
    assert (config.removal_open_per_subject, config.removal_daily_per_requester) == (2, 5)
    assert (config.removal_flood_requesters, config.removal_daily_per_ip) == (3, 10)
    assert dt.timedelta(hours=24) == removals.LIMIT_WINDOW
