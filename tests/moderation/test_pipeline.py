import datetime as dt

import pytest

from stoa.moderation import pipeline
from stoa.moderation.context import AuthorHistory, ModerationContext, ModerationSettings
from stoa.moderation.decisions import Decision, Refusal, Signal, Status, Verdict
from stoa.moderation.phases import PHASES
from stoa.moderation.phases.policy import decide

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)


def _context(text: str, **settings) -> ModerationContext:
    guest = AuthorHistory(is_member=False, approved_comments=0, last_comment_at=NOW - dt.timedelta(seconds=3))
    return ModerationContext(
        text=text, now=NOW, thread_closed=False, author=guest, settings=ModerationSettings(**settings)
    )


def test_phase_order_is_gates_then_content_then_premoderation_then_policy():
    names = [phase.__name__ for phase in PHASES]
    assert names == [
        "check_length",
        "check_thread_open",
        "check_author_sanctions",
        "check_rate_limit",
        "check_banned_words",
        "check_watched_words",
        "check_links",
        "check_harm_scores",
        "check_personal_data",
        "check_first_guest_comment",
        "check_author_premoderated",
        "decide",
    ]


def test_a_gate_ends_the_pipeline_before_content_checks():
    # The comment is both too quick and full of banned words: the rate-limit gate answers first.
    result = pipeline.run(_context("cheap pills", banned_words=("cheap pills",), rate_limit_seconds=15))
    assert isinstance(result, Refusal)
    assert result.code == "rate_limited"


def test_signals_from_every_phase_reach_the_policy():
    result = pipeline.run(
        _context("scumbag https://a.example https://b.example", watched_words=("scumbag",), rate_limit_seconds=0)
    )
    assert result.status == Status.HELD
    assert result.reasons == (
        "watched word: 'scumbag'",
        "2 links (hold at 2)",
        "first comment from this guest (no earlier approved comment)",
    )
    assert result.explanation.startswith("held: watched word: 'scumbag'; 2 links")


def test_a_terminal_decision_keeps_the_figures_of_earlier_signals():
    def noted(context, signals):
        return Signal(Verdict.NOTE, "links counted", "count", {"links": 4.0})

    def stop(context, signals):
        return Decision(Status.REJECTED, ("stopped",), decided_by="stop")

    result = pipeline.run(_context("x"), phases=(noted, stop, decide))
    assert result.status == Status.REJECTED
    assert result.scores == {"links": 4.0}
    assert result.decided_by == "stop"


def test_a_phase_list_without_policy_is_an_error_not_a_silent_publish():
    with pytest.raises(pipeline.PipelineHasNoPolicy):
        pipeline.run(_context("fine"), phases=(lambda context, signals: None,))
