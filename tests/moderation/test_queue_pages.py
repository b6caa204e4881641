"""The queue page: tabs with counts, each queue's items, bad parameters, kept parameters, constant query count."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stoa.discussion.models import Comment
from stoa.moderation.actions import approve_comment, reject_comment
from stoa.moderation.decisions import Status
from stoa.moderation.models import ModerationDecision
from stoa.moderation.reports import file_report
from stoa.people.roles import Role

QUEUE = "/moderation/"


def page_of(client, query: str = "") -> str:
    response = client.get(QUEUE + query)
    assert response.status_code == 200
    return response.content.decode()


def flag(comment, clock, insult: float = 0.95) -> None:
    ModerationDecision.objects.create(
        comment=comment, status=comment.status, scores={"insult": insult}, decided_by="policy", created_at=clock.tick()
    )


def test_tabs_show_each_queue_with_its_size(client, post, comment_on, moderator, clock):
    held = [comment_on(post, f"Held {n}", email=f"g{n}@example.org").comment for n in range(3)]
    approve_comment(held[0], moderator=moderator, now=clock.tick())
    flag(held[1], clock)
    client.force_login(moderator)
    page = page_of(client)
    tabs = (
        ("pending", "Pending", 2),
        ("reported", "Reported", 0),
        ("shields", "Shields", 0),
        ("decided", "Decided", 1),
    )
    for name, label, count in tabs:
        assert f'id="queue-tab-{name}" href="/moderation/?queue={name}"' in page or name == "pending"
        assert f'{label} <span class="count">{count}</span>' in page
    assert 'id="queue-tab-pending" href="/moderation/" aria-current="page"' in page
    assert 'href="/safety/shields/"' in page  # the shields themselves, with their timelines


@pytest.mark.parametrize(
    ("queue", "counted"),
    [
        ("pending", "awaiting review"),
        ("reported", "with open reports"),
        ("flagged", "the model scored at or above a flag level"),
        ("decided", "decided by a moderator"),
        ("shields", "held or hidden by a pile-on shield"),
    ],
)
def test_each_queue_says_what_it_counts(client, moderator, queue, counted):
    client.force_login(moderator)
    page = page_of(client, f"?queue={queue}")
    assert f"0 comments {counted}" in page
    assert queue == "decided" or "decided by a moderator" not in page


def test_each_queue_lists_its_own_comments(client, post, comment_on, make_user, moderator, clock):
    pending = comment_on(post, "Still waiting here", email="a@example.org").comment
    decided = reject_comment(
        comment_on(post, "Rejected earlier", email="b@example.org").comment,
        moderator=moderator,
        reason="off topic",
        now=clock.tick(),
    )
    reported = approve_comment(
        comment_on(post, "Reported after publishing", email="c@example.org").comment, moderator=moderator
    )
    file_report(reported, reporter=make_user(), category="harassment", text="mean", now=clock.tick())
    flag(pending, clock)
    client.force_login(moderator)
    pages = {name: page_of(client, f"?queue={name}") for name in ("pending", "reported", "flagged", "decided")}
    assert f'id="held-{pending.pk}"' in pages["pending"] and "Rejected earlier" not in pages["pending"]
    assert f'id="reported-{reported.pk}"' in pages["reported"] and "Harassment or bullying" in pages["reported"]
    assert f'id="flagged-{pending.pk}"' in pages["flagged"] and "Reported after publishing" not in pages["flagged"]
    assert f'id="decided-{decided.pk}"' in pages["decided"]
    assert "rejected by mod, " in pages["decided"] and "off topic" in pages["decided"]
    assert "Publish again" in pages["decided"]  # a rejected comment can only be published again
    assert 'class="reject">Reject</button>' not in pages["decided"]


def test_the_page_says_what_is_wrong_with_bad_parameters(client, moderator):
    client.force_login(moderator)
    response = client.get(QUEUE, {"queue": "flagged", "sort": "weight"})
    assert response.status_code == 400
    assert "The flagged queue cannot be sorted by &#x27;weight&#x27;: choose score, newest or oldest." in (
        response.content.decode()
    )
    as_json = client.get(QUEUE, {"post": "x"}, headers={"accept": "application/json"})
    assert as_json.status_code == 400
    assert json.loads(as_json.content) == {"error": "post must be a post's number (its id), not 'x'."}


def test_every_form_on_the_page_carries_the_current_queue_sort_and_filters(client, post, comment_on, moderator):
    comment_on(post, "Held", name="Ann", email="ann@example.org")
    client.force_login(moderator)
    page = page_of(client, f"?sort=oldest&author=ann&post={post.pk}")
    back = f'name="back" value="?sort=oldest&amp;post={post.pk}&amp;author=ann"'
    # bulk, approve, reject, spam, edit & approve
    assert page.count(back) == 5
    assert 'value="oldest" selected' in page


@pytest.mark.parametrize("action", ["approve", "reject", "spam"])
def test_a_decision_returns_to_the_same_queue_page(client, post, comment_on, moderator, action):
    held = comment_on(post, "Held").comment
    client.force_login(moderator)
    back = "?queue=flagged&sort=oldest&author=ann"
    response = client.post(reverse("moderation:act", args=[held.pk, action]), {"back": back})
    assert response.status_code == 302
    assert response.url == "/moderation/?queue=flagged&sort=oldest&author=ann"


def test_bulk_and_author_actions_return_to_the_same_queue_page(client, post, comment_on, make_user, moderator):
    member = make_user("member")
    held = comment_on(post, "Held").comment
    mine = comment_on(post, "Mine", author=member).comment
    client.force_login(moderator)
    bulk = client.post(reverse("moderation:bulk_act"), {"action": "reject", "ids": [held.pk], "back": "?queue=decided"})
    assert bulk.url == "/moderation/?queue=decided"
    author = client.post(
        reverse("moderation:author_action", args=[mine.pk]),
        {"action": "warn", "reason": "be kind", "back": "?sort=score"},
    )
    assert author.url == "/moderation/?sort=score"
    tampered = client.post(reverse("moderation:bulk_act"), {"action": "reject", "back": "//evil.example/"})
    assert tampered.url == "/moderation/"


def test_members_and_guests_cannot_see_any_queue(client, make_user):
    assert client.get(QUEUE + "?queue=decided").status_code == 302
    client.force_login(make_user(role=Role.AUTHOR))
    assert client.get(QUEUE + "?queue=flagged").status_code == 403


def _fill(queue: str, count: int, *, post, comment_on, make_user, moderator, clock) -> None:
    """``count`` comments in ``queue``, half by members and half by guests, each author with an earlier comment."""
    reporter = make_user()
    for n in range(count):
        member = make_user() if n % 2 else None
        identity = {"author": member} if member else {"email": f"guest{n}@example.org", "name": f"Guest {n}"}
        comment_on(post, f"An earlier remark {n}", **identity)
        comment = comment_on(post, f"The remark in the queue {n}", **identity).comment
        Comment.objects.filter(pk=comment.pk).update(status=Status.HELD)
        comment.refresh_from_db()
        if queue == "reported":
            approve_comment(comment, moderator=moderator, now=clock.tick())
            file_report(comment, reporter=reporter, category="hate", now=clock.tick())
        elif queue == "flagged":
            flag(comment, clock)
        elif queue == "decided":
            reject_comment(comment, moderator=moderator, reason=f"reason {n}", now=clock.tick())


@pytest.mark.parametrize("queue", ["pending", "reported", "flagged", "decided"])
def test_a_queue_page_costs_the_same_number_of_queries_for_3_or_30_comments(
    client, post, comment_on, make_user, moderator, clock, queue
):
    client.force_login(moderator)
    counts, shown = [], []
    for size in (3, 27):  # 3, then 30 in all
        _fill(queue, size, post=post, comment_on=comment_on, make_user=make_user, moderator=moderator, clock=clock)
        with CaptureQueriesContext(connection) as queries:
            page = page_of(client, f"?queue={queue}&sort=score&post={post.pk}")
        counts.append(len(queries))
        shown.append(page.count('class="queue-item"'))
    assert shown[0] >= 3 and shown[1] == 25
    assert counts[0] == counts[1], counts
