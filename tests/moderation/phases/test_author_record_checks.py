"""Content checks on the author's record, alone: repeat posts and the recent rejection rate."""

import datetime as dt

import pytest

from stoa.moderation.context import AuthorHistory, RecentComment
from stoa.moderation.decisions import Status, Verdict
from stoa.moderation.phases.rejection_rate import check_rejection_rate
from stoa.moderation.phases.repeat_post import check_repeat_post, comparison_form

from .conftest import NOW

TEXT = "Buy the best watches at the lowest prices today"
MINUTE = dt.timedelta(minutes=1)
DAY = dt.timedelta(days=1)


def _posted(*earlier: RecentComment) -> AuthorHistory:
    return AuthorHistory(is_member=True, recent_comments=earlier)


def test_the_same_text_again_is_held_saying_when(context):
    signal = check_repeat_post(context(TEXT, author=_posted(RecentComment(NOW - 5 * MINUTE, TEXT))))
    assert signal.verdict == Verdict.REVIEW
    assert signal.reason == "repeat post: the same text came from this author 5 minutes ago"


def test_a_repeat_from_the_same_network_says_so(context):
    earlier = RecentComment(NOW - 3 * dt.timedelta(hours=1), TEXT, same_author=False)
    signal = check_repeat_post(context(TEXT, author=_posted(earlier)))
    assert signal.reason == "repeat post: the same text came from the same network (IP address) 3 hours ago"


def test_repeats_are_found_through_case_punctuation_and_disguises(context):
    disguised = "BUY the b3st watches... at the lowest prices, TODAY!!"
    assert comparison_form(disguised) == comparison_form(TEXT)
    assert check_repeat_post(context(disguised, author=_posted(RecentComment(NOW - MINUTE, TEXT)))) is not None


def test_outside_the_window_or_different_text_is_no_repeat(context):
    old = _posted(RecentComment(NOW - 25 * dt.timedelta(hours=1), TEXT))
    assert check_repeat_post(context(TEXT, author=old)) is None
    other = _posted(RecentComment(NOW - MINUTE, TEXT + " and tomorrow"))
    assert check_repeat_post(context(TEXT, author=other)) is None


def test_short_replies_are_never_called_repeats(context):
    assert (
        check_repeat_post(context("Thanks, agreed!", author=_posted(RecentComment(NOW - MINUTE, "thanks agreed"))))
        is None
    )


def test_a_window_of_zero_turns_the_repeat_check_off(context):
    author = _posted(RecentComment(NOW - MINUTE, TEXT))
    assert check_repeat_post(context(TEXT, author=author, repeat_window_seconds=0)) is None


def _outcomes(*statuses: Status, days_ago: int = 1) -> AuthorHistory:
    return AuthorHistory(
        is_member=True, recent_outcomes=tuple((NOW - days_ago * DAY - n * MINUTE, s) for n, s in enumerate(statuses))
    )


def test_mostly_rejected_recent_comments_hold_with_the_counts(context):
    author = _outcomes(Status.REJECTED, Status.SPAM, Status.PUBLISHED, Status.REJECTED)
    signal = check_rejection_rate(context(author=author))
    assert signal.verdict == Verdict.REVIEW
    assert signal.reason == "3 of the author's last 4 comments were rejected (hold at 50% within 30 days)"
    assert signal.scores == {"rejection_rate": 0.75}


@pytest.mark.parametrize(
    ("statuses", "held"),
    [
        ((Status.REJECTED, Status.REJECTED), False),  # fewer than 3 decided comments: too few to judge
        ((Status.REJECTED, Status.PUBLISHED, Status.PUBLISHED), False),  # 33%
        ((Status.REJECTED, Status.SPAM, Status.PUBLISHED), True),  # 67%
        ((Status.REJECTED, Status.PUBLISHED, Status.REJECTED, Status.PUBLISHED), True),  # exactly 50%
    ],
)
def test_the_rate_needs_enough_comments_and_a_high_enough_share(context, statuses, held):
    assert (check_rejection_rate(context(author=_outcomes(*statuses))) is not None) is held


def test_rejections_older_than_the_window_do_not_count(context):
    author = _outcomes(Status.REJECTED, Status.REJECTED, Status.REJECTED, days_ago=31)
    assert check_rejection_rate(context(author=author)) is None
    assert check_rejection_rate(context(author=author, rejection_window_seconds=40 * 86400)) is not None


def test_the_rate_settings_apply(context):
    author = _outcomes(Status.REJECTED, Status.PUBLISHED, Status.PUBLISHED)
    assert check_rejection_rate(context(author=author, rejection_rate_hold=0.3)) is not None
    assert check_rejection_rate(context(author=author, rejection_rate_hold=0.3, rejection_rate_min_comments=4)) is None
    assert check_rejection_rate(context(author=author, rejection_rate_hold=0.3, rejection_window_seconds=0)) is None
