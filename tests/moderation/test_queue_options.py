"""Sorting and filtering a queue, and refusing parameters that make no sense."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from stoa.discussion.models import Comment
from stoa.moderation.actions import approve_comment, reject_comment
from stoa.moderation.decisions import Status
from stoa.moderation.models import ModerationDecision
from stoa.moderation.queue_options import BadQueueRequest, QueueRequest, listing, queue_url, read_queue_request


def asked(query: str) -> QueueRequest:
    return read_queue_request(QueryDict(query))


def pks(query: str) -> list[int]:
    return list(listing(asked(query)).values_list("pk", flat=True))


def score(comment, clock, **scores) -> None:
    ModerationDecision.objects.create(
        comment=comment, status=comment.status, scores=scores, decided_by="policy", created_at=clock.tick()
    )


@pytest.fixture
def three_held(post, comment_on, clock):
    """Three held guest comments written in this order; the middle one scores highest, the last lowest."""
    first, middle, last = (
        comment_on(post, f"Held remark {n}", name=f"Guest {n}", email=f"g{n}@example.org").comment for n in range(3)
    )
    score(first, clock, insult=0.5)
    score(middle, clock, insult=0.2, threat=0.7)
    score(last, clock, insult=0.1)
    return first, middle, last


def test_pending_sorts_newest_oldest_and_by_highest_model_score(three_held):
    first, middle, last = three_held
    assert pks("") == pks("sort=newest") == [last.pk, middle.pk, first.pk]
    assert pks("sort=oldest") == [first.pk, middle.pk, last.pk]
    assert pks("sort=score") == [middle.pk, first.pk, last.pk]


def test_an_unscored_comment_sorts_after_scored_ones(three_held, post, comment_on, settings):
    settings.CONFIG = settings.CONFIG.replace(scoring=False)
    unscored = comment_on(post, "Written while scoring was off", email="off@example.org").comment
    assert pks("sort=score")[-1] == unscored.pk


def test_flagged_sorts_by_score_by_default(three_held, settings):
    settings.CONFIG = settings.CONFIG.replace(hold_thresholds={"insult": 0.8, "threat": 0.8}, flag_factor=0.5)
    first, middle, last = three_held
    assert pks("queue=flagged") == [middle.pk, first.pk]  # last (0.1) is under both flag levels (0.4)
    assert pks("queue=flagged&sort=newest") == [middle.pk, first.pk]
    assert pks("queue=flagged&sort=oldest") == [first.pk, middle.pk]


def test_decided_sorts_by_when_the_moderator_decided(three_held, moderator, clock):
    first, middle, last = three_held
    approve_comment(last, moderator=moderator, now=clock.tick())
    reject_comment(first, moderator=moderator, now=clock.tick())
    assert pks("queue=decided") == [first.pk, last.pk]
    assert pks("queue=decided&sort=oldest") == [last.pk, first.pk]


def test_filters_by_post(three_held, make_post, comment_on):
    elsewhere = comment_on(other := make_post("Elsewhere"), "Held on another post", email="x@example.org").comment
    assert pks(f"post={other.pk}") == [elsewhere.pk]
    assert elsewhere.pk not in pks(f"post={three_held[0].thread.post_id}")


def test_filters_by_username_or_guest_name_in_any_case(three_held, post, comment_on, make_user):
    member = make_user("Ann_Writes")
    mine = comment_on(post, "A member's remark", author=member).comment
    Comment.objects.filter(pk=mine.pk).update(status=Status.HELD)
    assert pks("author=ann_writes") == [mine.pk]
    assert pks("author=guest%201") == [three_held[1].pk]
    assert pks("author=Guest") == []  # the whole name, not a part of it


def test_filters_by_words_in_any_decision_reason(three_held, moderator, clock):
    first, middle, last = three_held
    ModerationDecision.objects.create(
        comment=middle,
        status=Status.HELD,
        reasons=['insult 0.91 ≥ 0.80 (spans: "lowlife")', "personal information: phone number"],
        decided_by="policy",
        created_at=clock.tick(),
    )
    assert pks("reason=PERSONAL%20information") == [middle.pk]
    assert pks("reason=≥%200.80") == [middle.pk]
    assert pks('reason="lowlife"') == [middle.pk]
    assert pks("reason=first%20comment%20from%20this%20guest") == [last.pk, middle.pk, first.pk]
    assert pks("reason=no%20such%20words") == []


def test_filters_combine_with_each_other_and_the_queue(three_held, moderator, clock):
    first, middle, last = three_held
    reject_comment(middle, moderator=moderator, reason="doxxing", now=clock.tick())
    assert pks("reason=doxxing") == []  # no longer pending
    assert pks("queue=decided&reason=doxxing&author=Guest%201") == [middle.pk]
    assert pks("queue=decided&reason=doxxing&author=Guest%202") == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("queue=nope", "There is no 'nope' queue: choose pending, reported, flagged, shields or decided."),
        ("sort=weight", "The pending queue cannot be sorted by 'weight': choose newest, oldest or score."),
        ("queue=flagged&sort=size", "The flagged queue cannot be sorted by 'size': choose score, newest or oldest."),
        ("post=abc", "post must be a post's number (its id), not 'abc'."),
        ("post=-3", "post must be a post's number (its id), not '-3'."),
        ("post=999999", "There is no post number 999999."),
        ("author=" + "a" * 201, "author is 201 characters long; a filter has at most 200."),
    ],
)
def test_bad_parameters_are_refused_with_a_sentence(db, query, message):
    with pytest.raises(BadQueueRequest) as refusal:
        asked(query)
    assert str(refusal.value) == message


def test_the_reported_queue_alone_sorts_by_report_weight(db):
    assert asked("queue=reported").sort == "weight"
    assert asked("queue=reported&sort=score").sort == "score"


def test_querystring_keeps_only_what_differs_from_the_defaults(post):
    assert asked("").querystring() == ""
    assert asked("queue=pending&sort=newest").querystring() == ""
    full = asked(f"queue=flagged&sort=oldest&post={post.pk}&author=Ann%20B&reason=phone&page=2")
    assert full.querystring() == f"?queue=flagged&sort=oldest&post={post.pk}&author=Ann+B&reason=phone&page=2"


def test_queue_url_rebuilds_the_page_and_never_leaves_the_queue(post):
    assert queue_url("?queue=decided&sort=oldest&author=ann") == "/moderation/?queue=decided&sort=oldest&author=ann"
    assert queue_url("queue=flagged&evil=1") == "/moderation/?queue=flagged"
    assert queue_url("https://evil.example/") == "/moderation/"
    assert queue_url("queue=nope") == "/moderation/"
    assert queue_url("") == "/moderation/"
