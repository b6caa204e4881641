"""Each queue is a predicate and a query; on a varied set of comments they must pick exactly the same ones."""

from __future__ import annotations

import pytest

from stoa.discussion.models import Comment
from stoa.moderation.actions import approve_comment, mark_spam, reject_comment
from stoa.moderation.decisions import Status
from stoa.moderation.models import ModerationDecision
from stoa.moderation.queue import (
    decided_comments,
    earlier_comments,
    earlier_comments_of,
    flag_levels,
    flagged_comments,
    is_decided,
    is_flagged,
    is_pending,
    is_reported,
    is_shielded,
    latest_model_scores,
    pending_comments,
    reported_comments,
    shielded_comments,
)
from stoa.moderation.reports import dismiss_reports, file_report, hide_after_reports
from stoa.safety.models import AimedComment

QUEUES = [
    (is_pending, pending_comments),
    (is_reported, reported_comments),
    (is_flagged, flagged_comments),
    (is_decided, decided_comments),
    (is_shielded, shielded_comments),
]


@pytest.fixture(autouse=True)
def flag_at_half_of_two_thresholds(settings):
    """Flag levels insult 0.30 and threat 0.25, so the scores each case writes decide alone."""
    settings.CONFIG = settings.CONFIG.replace(hold_thresholds={"insult": 0.6, "threat": 0.5}, flag_factor=0.5)


def scored(comment, clock, *, at=None, **scores) -> ModerationDecision:
    """A later pipeline decision with these model scores (as an author's edit would record)."""
    return ModerationDecision.objects.create(
        comment=comment,
        status=comment.status,
        reasons=[],
        scores={"toxicity": 0.0, "insult": 0.0, "threat": 0.0, **scores},
        decided_by="policy",
        created_at=at or clock.tick(),
    )


def shield_decision(comment, clock, reasons) -> ModerationDecision:
    return ModerationDecision.objects.create(
        comment=comment, status=Status.HELD, reasons=reasons, decided_by="policy", created_at=clock.tick()
    )


def aimed(comment, *, collapsed: bool) -> AimedComment:
    return AimedComment.objects.create(
        comment=comment,
        target_key="member:ann",
        target_label="Ann",
        why="reply to #1",
        hostile=True,
        author_key="member:member",
        at=comment.created_at,
        collapsed=collapsed,
    )


def set_status(comment, status: Status):
    Comment.objects.filter(pk=comment.pk).update(status=status)
    comment.refresh_from_db()
    return comment


@pytest.fixture
def varied(post, make_post, comment_on, make_user, moderator, clock):
    """Comments in every situation the queues must tell apart, keyed by what is special about each."""
    member, reporter = make_user("member"), make_user("reporter")
    say = iter(range(1000))

    def new(**kwargs):
        """A new comment, held: each guest is a first-time guest (a new email), members are new members."""
        number = next(say)
        if "author" not in kwargs:
            kwargs.setdefault("email", f"guest{number}@example.org")
        return comment_on(kwargs.pop("on", post), f"Remark number {number}", **kwargs).comment

    cases = {"held guest": new(), "held member": set_status(new(author=member), Status.HELD)}
    cases["flagged, published"] = set_status(new(author=member), Status.PUBLISHED)
    scored(cases["flagged, published"], clock, insult=0.95)
    cases["at the flag level, below the hold threshold"] = new(on=make_post(), email="other@example.org")
    scored(cases["at the flag level, below the hold threshold"], clock, threat=0.25)
    cases["scored high then low"] = set_status(new(author=member), Status.PUBLISHED)
    scored(cases["scored high then low"], clock, insult=0.9)
    scored(cases["scored high then low"], clock, insult=0.1)
    cases["scored low then high"] = set_status(new(author=member), Status.PUBLISHED)
    scored(cases["scored low then high"], clock, insult=0.1)
    scored(cases["scored low then high"], clock, insult=0.31)
    cases["high, then a figures-only decision"] = set_status(new(author=member), Status.PUBLISHED)
    scored(cases["high, then a figures-only decision"], clock, threat=0.8)
    ModerationDecision.objects.create(
        comment=cases["high, then a figures-only decision"],
        status=Status.PUBLISHED,
        scores={"links": 3},
        decided_by="policy",
        created_at=clock.tick(),
    )
    tie = set_status(new(author=member), Status.PUBLISHED)
    same_time = clock.tick()
    scored(tie, clock, at=same_time, insult=0.9)
    scored(tie, clock, at=same_time, insult=0.0)  # same time, higher id: this one is the latest
    cases["same-time scores, later low"] = tie
    cases["approved"] = approve_comment(new(), moderator=moderator, now=clock.tick())
    cases["rejected"] = reject_comment(new(), moderator=moderator, reason="rude", now=clock.tick())
    cases["spam"] = mark_spam(new(), moderator=moderator, now=clock.tick())
    cases["approved, then hidden by reports"] = approve_comment(new(), moderator=moderator, now=clock.tick())
    hide_after_reports(cases["approved, then hidden by reports"], now=clock.tick())
    cases["approved, then reported"] = approve_comment(new(), moderator=moderator, now=clock.tick())
    file_report(cases["approved, then reported"], reporter=reporter, category="hate", now=clock.tick())
    cases["reported, dismissed"] = approve_comment(new(), moderator=moderator, now=clock.tick())
    file_report(cases["reported, dismissed"], reporter=reporter, category="spam", now=clock.tick())
    dismiss_reports(cases["reported, dismissed"], moderator=moderator, now=clock.tick())
    cases["approved, then re-held by the pipeline"] = approve_comment(new(), moderator=moderator, now=clock.tick())
    set_status(cases["approved, then re-held by the pipeline"], Status.HELD)
    scored(cases["approved, then re-held by the pipeline"], clock)
    cases["held by a shield"] = new()
    shield_decision(cases["held by a shield"], clock, ["shield for Ann (reply to #1)", "insult 0.91 ≥ 0.60"])
    cases["held by a shield, then re-held without one"] = new()
    shield_decision(cases["held by a shield, then re-held without one"], clock, ["shield for Ann (reply to #1)"])
    shield_decision(cases["held by a shield, then re-held without one"], clock, ["watched word 'x'"])
    cases["mentions a shield, not held by one"] = new()
    shield_decision(cases["mentions a shield, not held by one"], clock, ["asked for a shield for everyone"])
    cases["published, hidden by a shield"] = set_status(new(author=member), Status.PUBLISHED)
    aimed(cases["published, hidden by a shield"], collapsed=True)
    cases["published, aimed at someone, not hidden"] = set_status(new(author=member), Status.PUBLISHED)
    aimed(cases["published, aimed at someone, not hidden"], collapsed=False)
    cases["hidden by a shield, then rejected"] = reject_comment(new(), moderator=moderator, now=clock.tick())
    aimed(cases["hidden by a shield, then rejected"], collapsed=True)
    return {name: Comment.objects.get(pk=comment.pk) for name, comment in cases.items()}


@pytest.mark.parametrize(("predicate", "query"), QUEUES, ids=["pending", "reported", "flagged", "decided", "shields"])
def test_each_query_returns_exactly_the_comments_its_predicate_accepts(varied, predicate, query):
    everything = list(Comment.objects.all())
    accepted = {comment.pk for comment in everything if predicate(comment)}
    assert accepted == set(query().values_list("pk", flat=True))
    assert 0 < len(accepted) < len(everything)  # the set really tells comments apart


def test_the_varied_set_lands_where_each_queue_says(varied):
    def names(query):
        found = set(query().values_list("pk", flat=True))
        return {name for name, comment in varied.items() if comment.pk in found}

    assert {
        "flagged, published",
        "at the flag level, below the hold threshold",
        "scored low then high",
        "high, then a figures-only decision",
    } <= names(flagged_comments)
    assert names(flagged_comments).isdisjoint({"scored high then low", "same-time scores, later low"})
    decided = {"approved", "rejected", "spam", "approved, then reported", "reported, dismissed"}
    assert names(decided_comments) == decided | {"hidden by a shield, then rejected"}
    assert names(reported_comments) == {"approved, then reported"}
    assert names(shielded_comments) == {"held by a shield", "published, hidden by a shield"}
    assert {
        "held guest",
        "held member",
        "approved, then re-held by the pipeline",
        "approved, then hidden by reports",
    } <= names(pending_comments)


def test_flag_levels_are_the_hold_thresholds_times_the_factor(settings):
    settings.CONFIG = settings.CONFIG.replace(hold_thresholds={"insult": 0.6, "threat": 0.1}, flag_factor=0.5)
    assert flag_levels() == {"insult": 0.3, "threat": 0.05}


def test_latest_model_scores_skip_decisions_without_model_scores(varied):
    assert latest_model_scores(varied["high, then a figures-only decision"])["threat"] == 0.8
    assert latest_model_scores(varied["same-time scores, later low"])["insult"] == 0.0


def test_decided_is_ordered_by_the_moderators_latest_decision(varied, moderator, clock):
    first_decided = varied["approved"]
    reject_comment(first_decided, moderator=moderator, now=clock.tick())  # decided again, most recently
    assert decided_comments().first().pk == first_decided.pk
    assert decided_comments().get(pk=first_decided.pk).decided_at == clock.now


def test_earlier_comments_of_a_page_match_one_by_one_and_take_two_queries(
    post, comment_on, make_user, django_assert_num_queries
):
    ann, bob = make_user("ann"), make_user("bob")
    by_ann = [comment_on(post, f"Ann says {n}", author=ann).comment for n in range(8)]
    by_guest = [comment_on(post, f"Guest says {n}", email="g@example.org").comment for n in range(3)]
    bob_first = comment_on(post, "Bob's first", author=bob).comment
    page = [by_ann[7], by_ann[3], by_guest[2], bob_first]
    with django_assert_num_queries(2):
        found = earlier_comments_of(page)
    assert found[by_ann[7].pk] == list(reversed(by_ann[2:7]))
    assert found[by_ann[3].pk] == list(reversed(by_ann[0:3]))
    assert found[by_guest[2].pk] == [by_guest[1], by_guest[0]]
    assert found[bob_first.pk] == []
    for comment in page:
        assert earlier_comments(comment) == found[comment.pk]
