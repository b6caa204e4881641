"""The shield phase: a comment aimed at a shielded person, from someone without history with them, waits."""

from __future__ import annotations

from dataclasses import replace

from stoa.moderation import pipeline
from stoa.moderation.context import AuthorHistory, ShieldedTarget
from stoa.moderation.decisions import Status, Verdict
from stoa.moderation.phases import PHASES
from stoa.moderation.phases.shields import check_shields
from stoa.moderation.phases.trusted_author import approve_trusted_author

NAT = ShieldedTarget("person:natasha-allmark", "Natasha Allmark", ("names 'Ms Allmark'",))


def test_no_shield_no_opinion(context) -> None:
    assert check_shields(context()) is None


def test_a_shielded_target_holds_with_the_name_and_why(context) -> None:
    [signal] = check_shields(replace(context(), shielded=(NAT,)))
    assert signal.verdict == Verdict.REVIEW
    assert signal.reason == "shield for Natasha Allmark (names 'Ms Allmark')"


def test_staff_pass(context) -> None:
    staff = AuthorHistory(is_member=True, approved_comments=50, may_moderate=True)
    assert check_shields(replace(context(author=staff), shielded=(NAT,))) is None


def test_good_standing_does_not_lift_the_shield(context) -> None:
    regular = AuthorHistory(is_member=True, approved_comments=200)
    shielded = replace(context(author=regular, trust_members_after=10), shielded=(NAT,))
    decision = pipeline.run(shielded)
    assert decision.status == Status.HELD
    assert "shield for Natasha Allmark (names 'Ms Allmark')" in decision.reasons
    assert PHASES.index(check_shields) < PHASES.index(approve_trusted_author)
