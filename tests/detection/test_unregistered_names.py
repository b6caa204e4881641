"""The capitalised-name rule: finds full names, and refuses the usual look-alikes of a name."""

from __future__ import annotations

import pytest

from stoa.detection.unregistered_names import find_unregistered_names


def names(text: str) -> list[str]:
    return [name.name for name in find_unregistered_names(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mark Greenstein is a scumbag", ["Mark Greenstein"]),
        ("I agree with Natasha Allmark here", ["Natasha Allmark"]),
        ("I met Mr. Greenstein on Monday", ["Greenstein"]),
        ("Dr Okafor and Mary-Jane O'Neill spoke", ["Okafor", "Mary-Jane O'Neill"]),
        ("Mark Greenstein's house is on the market", ["Mark Greenstein"]),
        ("Thanks Mark Greenstein, good answer", ["Mark Greenstein"]),
        ("Shelly Greenstein is here", ["Shelly Greenstein"]),
        ("Emily Jones said so. Then Greenstein left", ["Emily Jones"]),
    ],
)
def test_full_names_are_found(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The council met on Monday",
        "Thanks Mark",
        "Honestly Greenstein is a lowlife",
        "Tell Greenstein to resign",
        "The City Council met on Mill Road in New York",
        "See you at Glastonbury Festival in June",
        "Happy New Year",
        "YOU ARE A LIAR Greenstein",
        "Local Man Wins Big Prize At Fair Today",
        "Labour Party members voted on Tuesday March 3",
        "I think I Saw it",
        "Block C again. We've had a bucket under the leak since January.",
        "Our Plan B is the ballot",
    ],
)
def test_things_that_only_look_like_names_are_refused(text):
    assert names(text) == []


def test_offsets_point_at_the_name_as_written():
    text = "Ask about Mr. Greenstein's plans"
    (found,) = find_unregistered_names(text)
    assert text[found.begin : found.end] == "Mr. Greenstein"
