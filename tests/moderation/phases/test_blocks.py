"""The member-controls gate: no reply to or mention of someone who blocked the writer or is dormant."""

from __future__ import annotations

from dataclasses import replace

import pytest

from stoa.moderation import pipeline
from stoa.moderation.context import MemberControls
from stoa.moderation.decisions import Decision, Refusal, Status
from stoa.moderation.phases import PHASES
from stoa.moderation.phases.blocks import check_member_controls
from stoa.moderation.phases.word_lists import check_banned_words

ANN, BOB = 1, 2


def controls_context(context, **controls):
    """The fixture's context with these member controls."""
    return replace(context(), member_controls=MemberControls(**controls))


def test_nobody_addressed_passes(context) -> None:
    assert check_member_controls(context()) is None


def test_reply_to_someone_who_blocked_the_writer_is_refused_without_saying_blocked(context) -> None:
    result = check_member_controls(controls_context(context, reply_to=ANN, blocked_by=frozenset({ANN})))

    assert isinstance(result, Refusal)
    assert (result.code, result.message) == ("reply_not_allowed", "You can't reply to this member.")
    assert "block" not in result.message.lower()


def test_reply_to_someone_who_did_not_block_passes(context) -> None:
    assert check_member_controls(controls_context(context, reply_to=ANN, blocked_by=frozenset({BOB}))) is None


def test_reply_to_a_dormant_member_is_refused_and_says_so(context) -> None:
    result = check_member_controls(controls_context(context, reply_to=ANN, dormant=frozenset({ANN})))

    assert result.code == "reply_not_allowed"
    assert "dormant" in result.message


def test_mention_of_someone_who_blocked_the_writer_names_the_mention(context) -> None:
    result = check_member_controls(
        controls_context(context, mentioned={ANN: "ann", BOB: "bob"}, blocked_by=frozenset({BOB}))
    )

    assert (result.code, result.message) == ("mention_not_allowed", "You can't mention @bob.")


def test_mention_of_a_dormant_member_is_refused(context) -> None:
    result = check_member_controls(controls_context(context, mentioned={ANN: "ann"}, dormant=frozenset({ANN})))

    assert result.code == "mention_not_allowed"
    assert result.message == "@ann is dormant and can't be mentioned."


def test_dormancy_is_named_before_a_block(context) -> None:
    """Someone both dormant and blocking gets the public reason, not the private one."""
    both = frozenset({ANN})
    result = check_member_controls(controls_context(context, reply_to=ANN, blocked_by=both, dormant=both))

    assert "dormant" in result.message


def test_a_dormant_writer_is_asked_to_come_back_first(context) -> None:
    result = check_member_controls(controls_context(context, writer_dormant=True))

    assert result.code == "writer_dormant"
    assert "Come back" in result.message


def test_the_gate_is_in_the_pipeline_among_the_hard_gates(context) -> None:
    assert check_member_controls in PHASES
    assert PHASES.index(check_member_controls) < PHASES.index(check_banned_words)  # a gate: before content checks
    refused = pipeline.run(controls_context(context, reply_to=ANN, blocked_by=frozenset({ANN})))
    assert isinstance(refused, Refusal)
    passed = pipeline.run(controls_context(context, reply_to=ANN))
    assert isinstance(passed, Decision) and passed.status == Status.PUBLISHED


@pytest.mark.parametrize("controls", [{"reply_to": None, "blocked_by": frozenset({ANN})}, {"mentioned": {}}])
def test_blocks_of_people_not_addressed_change_nothing(context, controls) -> None:
    assert check_member_controls(controls_context(context, **controls)) is None
