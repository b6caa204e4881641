import datetime as dt
from pathlib import Path

import pytest

from stoa.moderation import pipeline
from stoa.moderation.context import AuthorHistory, ModerationContext, ModerationSettings
from stoa.moderation.decisions import Decision, Refusal, Signal, Status, Transform, Verdict
from stoa.moderation.phases import PHASES
from stoa.moderation.phases.policy import decide

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)


def _context(text: str, **settings) -> ModerationContext:
    guest = AuthorHistory(is_member=False, approved_comments=0, last_comment_at=NOW - dt.timedelta(seconds=3))
    return ModerationContext(
        text=text, now=NOW, thread_closed=False, author=guest, settings=ModerationSettings(**settings)
    )


GROUPS = ("gate", "transform", "shield", "trusted", "content", "premoderation", "policy")
PHASE_GROUPS = {
    "check_length": "gate",
    "check_thread_open": "gate",
    "check_author_sanctions": "gate",
    "check_member_controls": "gate",
    "check_rate_limit": "gate",
    "sanitise_text": "transform",
    "linkify_addresses": "transform",
    "check_shields": "shield",
    "approve_trusted_author": "trusted",
    "check_banned_words": "content",
    "check_watched_words": "content",
    "check_links": "content",
    "check_harm_scores": "content",
    "check_personal_data": "content",
    "check_repeat_post": "content",
    "check_rejection_rate": "content",
    "check_premoderate_all": "premoderation",
    "check_first_guest_comment": "premoderation",
    "check_new_author": "premoderation",
    "check_author_premoderated": "premoderation",
    "check_post_premoderated": "premoderation",
    "decide": "policy",
}


def test_phases_run_in_the_documented_group_order():
    names = [phase.__name__ for phase in PHASES]
    assert sorted(names) == sorted(PHASE_GROUPS), "every phase belongs to one documented group"
    groups = [GROUPS.index(PHASE_GROUPS[name]) for name in names]
    assert groups == sorted(groups), f"out of group order: {names}"
    assert names[-1] == "decide"


def test_the_moderation_guide_lists_the_phases_in_pipeline_order():
    guide = (Path(__file__).parents[2] / "docs" / "moderation.md").read_text()
    table = guide.split("## The phases, in order", 1)[1].split("\n\n", 2)[1]
    documented = [line.split("`")[1] for line in table.splitlines() if line.count("`") >= 2]
    assert documented == [phase.__name__ for phase in PHASES]


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


def test_a_transform_rewrites_what_later_phases_see_and_the_decision_keeps_the_text():
    def shout(context, signals):
        return Transform(context.text.upper(), "shouted", "shout", {"shouted": 1.0})

    def quiet(context, signals):
        return Transform(context.text + "!", "", "quiet")

    seen = []

    def look(context, signals):
        seen.append(context.text)

    result = pipeline.run(_context("hello"), phases=(shout, quiet, look, decide))
    assert seen == ["HELLO!"]
    assert (result.status, result.text, result.transforms) == (Status.PUBLISHED, "HELLO!", ("shouted",))
    assert result.scores == {"shouted": 1.0}


def test_the_full_pipeline_stores_sanitised_linkified_text_and_says_so():
    context = _context("see\u200b example.com/guide", rate_limit_seconds=0, hold_first_guest_comment=False)
    result = pipeline.run(context)
    assert result.status == Status.PUBLISHED
    assert result.text == "see [example.com/guide](<http://example.com/guide>)"
    assert result.transforms == ("removed 1 invisible or control character", "linkified 1 link")
    assert result.scores == {"removed_characters": 1.0, "linkified_links": 1.0}


def test_staff_end_the_full_pipeline_at_trust_but_a_banned_word_still_rejects():
    staff = AuthorHistory(is_member=True, may_moderate=True)
    watched = ModerationContext(
        text="scumbag", now=NOW, author=staff, settings=ModerationSettings(watched_words=("scumbag",))
    )
    assert pipeline.run(watched).decided_by == "trusted_author"
    banned = ModerationContext(
        text="scumbag", now=NOW, author=staff, settings=ModerationSettings(banned_words=("scumbag",))
    )
    result = pipeline.run(banned)
    assert (result.status, result.decided_by) == (Status.REJECTED, "banned_words")


def test_the_migration_drops_passages_that_old_reasons_quoted(post, comment_on):
    import importlib

    from django.apps import apps

    from stoa.moderation.models import ModerationDecision

    migration = importlib.import_module("stoa.moderation.migrations.0010_reasons_without_quoted_passages")
    comment = comment_on(post, "Pell is a lowlife (really).").comment
    old = ModerationDecision.objects.create(
        comment=comment,
        status="held",
        reasons=["insult 0.91 ≥ 0.60 (spans: 'lowlife', 'a (real) one')", "watched word: 'lowlife'"],
        decided_by="policy",
        created_at=comment.created_at,
    )
    migration.drop_quoted_passages(apps, None)
    old.refresh_from_db()
    assert old.reasons == ["insult 0.91 ≥ 0.60", "watched word: 'lowlife'"]
