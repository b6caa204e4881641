"""Hostile events: what counts as hostile, and whom the hostility is against."""

from __future__ import annotations

import datetime as dt

from stoa.detection.hostility import hostile_targets, hostility_reasons, target_events
from stoa.detection.personal_data import find_personal_data
from stoa.detection.pileon import EventKind
from stoa.detection.results import ATTRIBUTES, Scores
from stoa.detection.targets import Aim, Target

NOW = dt.datetime(2026, 3, 10, 18, 0, tzinfo=dt.UTC)
ANN = Target("member:ann", "ann", (Aim.REPLY,), ("reply to #4",))
MARK = Target("person:mark-greenstein", "Mark Greenstein", (Aim.NAMED,), ("names 'Greenstein'",))


def scores(**values: float) -> Scores:
    return Scores({name: values.get(name, 0.01) for name in ATTRIBUTES})


def test_scores_at_the_hostility_thresholds_are_hostile_below_them_not():
    assert hostility_reasons("text", scores(insult=0.5)) == ("insult 0.50 ≥ 0.50",)
    assert hostility_reasons("text", scores(insult=0.49, toxicity=0.69)) == ()


def test_threats_and_personal_data_are_hostile_whatever_the_scores():
    text = "We know where you live: 14 Orchard Close"
    assert hostility_reasons(text, scores(), find_personal_data(text)) == (
        "threatens someone's home or family",
        "posts a street address",
    )
    assert hostility_reasons("Call me on 07700 900123", None, find_personal_data("Call me on 07700 900123")) == (
        "posts a phone number",
    )


def test_name_calling_is_hostile_even_when_the_model_underscores_it():
    assert hostility_reasons("Greenstein is a l0wlife", scores()) == ("calls someone 'lowlife'",)
    assert hostility_reasons("That argument is stupid", scores()) == ()


def test_hostility_about_a_named_person_is_not_against_the_author_replied_to():
    assert hostile_targets("Greenstein is a scumbag", [ANN, MARK]) == [MARK]
    assert hostile_targets("Ann, you and Greenstein are both scum", [ANN, MARK]) == [ANN, MARK]
    assert hostile_targets("You are a scumbag", [ANN]) == [ANN]


def test_target_events_mark_hostility_and_history_per_target():
    events = target_events(
        "Greenstein is a scumbag",
        [ANN, MARK],
        ("calls someone 'scumbag'",),
        comment="5",
        author="new1",
        at=NOW,
        first_comment=True,
        knows={"member:ann"},
    )
    assert [(e.target, e.kind, e.knows_target, e.first_comment) for e in events] == [
        ("member:ann", EventKind.AIMED, True, True),
        ("person:mark-greenstein", EventKind.HOSTILE, False, True),
    ]
    assert events[1].reasons == ("calls someone 'scumbag'",) and events[0].reasons == ()
    quiet = target_events("Nice point", [ANN], (), comment="6", author="bob", at=NOW)
    assert [e.kind for e in quiet] == [EventKind.AIMED]
