import datetime as dt

import pytest

from stoa.moderation.context import AuthorHistory
from stoa.moderation.decisions import Refusal
from stoa.moderation.phases.length import check_length
from stoa.moderation.phases.rate_limit import check_rate_limit
from stoa.moderation.phases.thread_closed import check_thread_open

from .conftest import NOW


@pytest.mark.parametrize(("text", "code"), [("", "empty"), ("   \n\t", "empty"), ("k", "too_short")])
def test_length_gate_refuses_empty_and_short(context, text, code):
    result = check_length(context(text))
    assert isinstance(result, Refusal)
    assert result.code == code


def test_length_gate_refuses_too_long_with_the_limit_in_words(context):
    result = check_length(context("x" * 101, max_length=100))
    assert result.code == "too_long"
    assert "101" in result.message and "100" in result.message


def test_length_gate_passes_a_normal_comment(context):
    assert check_length(context("Fair point, well made.")) is None


def test_closed_thread_is_refused(context):
    assert check_thread_open(context(thread_closed=True)).code == "thread_closed"
    assert check_thread_open(context(thread_closed=False)) is None


def _recent(seconds_ago: float, *, by_ip: bool = False) -> AuthorHistory:
    at = NOW - dt.timedelta(seconds=seconds_ago)
    return AuthorHistory(
        is_member=True, last_comment_at=None if by_ip else at, last_comment_from_ip_at=at if by_ip else None
    )


@pytest.mark.parametrize("by_ip", [False, True])
def test_rate_limit_refuses_within_the_interval_and_says_how_long_to_wait(context, by_ip):
    result = check_rate_limit(context(author=_recent(5, by_ip=by_ip), rate_limit_seconds=15))
    assert result.code == "rate_limited"
    assert "10 seconds" in result.message


def test_rate_limit_allows_after_the_interval(context):
    assert check_rate_limit(context(author=_recent(15), rate_limit_seconds=15)) is None


def test_rate_limit_of_zero_turns_it_off(context):
    assert check_rate_limit(context(author=_recent(0), rate_limit_seconds=0)) is None
