"""Per-post overrides of the moderation settings: which keys a post may set, what each must hold, how they apply.

A post's ``moderation_overrides`` is a JSON object keyed by ``ModerationSettings`` field names, for example
``{"premoderate_all": true, "max_links": 5, "hold_thresholds": {"insult": 0.6}}``. The types come from the
dataclass itself, so a new setting is overridable the day it is added. Durations (names ending ``_seconds``) take
seconds or a duration such as ``"72h"``. Threshold maps are laid over the site's (a post names only the attributes
it changes); every other value replaces the site's. The word lists are not overridable: they are the site's
moderators' data (Moderation → Word rules), and a per-post copy would silently drift from it.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping
from functools import cache

from stoa.config import parse_duration
from stoa.detection.results import ATTRIBUTES, MAX_TEXT_CHARS
from stoa.moderation.context import ModerationSettings

NOT_OVERRIDABLE = frozenset({"banned_words", "watched_words"})


class InvalidOverrides(ValueError):
    """A post's overrides name unknown settings or hold values of the wrong kind; ``problems`` lists each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@cache
def overridable() -> dict[str, object]:
    """The settings a post may override, name → type."""
    hints = typing.get_type_hints(ModerationSettings)
    return {f.name: hints[f.name] for f in dataclasses.fields(ModerationSettings) if f.name not in NOT_OVERRIDABLE}


def _count(name: str, value: object) -> int:
    if name.endswith("_seconds") and isinstance(value, str):
        try:
            return parse_duration(value)
        except ValueError as error:
            raise ValueError(f"{name}: {error}") from error
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        kind = 'a number of seconds or a duration such as "72h"' if name.endswith("_seconds") else "a whole number"
        raise ValueError(f"{name} must be {kind} of 0 or more")
    if name == "max_length" and value > MAX_TEXT_CHARS:
        raise ValueError(f"max_length can be at most {MAX_TEXT_CHARS:,} (the longest text the harm model scores)")
    return value


def _share(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValueError(f"{name} must be a number between 0 and 1")
    return float(value)


def _flag(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be true or false")
    return value


def _thresholds(name: str, value: object) -> dict[str, float]:
    if not isinstance(value, dict):
        raise ValueError(f'{name} must be an object such as {{"insult": 0.6}}')
    for attribute, threshold in value.items():
        if attribute not in ATTRIBUTES:
            raise ValueError(f"{name}: unknown attribute {attribute!r}; use one of {', '.join(ATTRIBUTES)}")
        _share(f"{name}.{attribute}", threshold)
    return {attribute: float(threshold) for attribute, threshold in value.items()}


_PARSERS = {int: _count, float: _share, bool: _flag, Mapping[str, float]: _thresholds}


def parse_overrides(raw: object) -> dict:
    """``raw`` checked and normalised (durations in seconds); raises ``InvalidOverrides`` naming every problem."""
    if not isinstance(raw, dict):
        raise InvalidOverrides(['Write an object such as {"max_links": 5, "premoderate_all": true}'])
    known, parsed, problems = overridable(), {}, []
    for name, value in raw.items():
        if name in NOT_OVERRIDABLE:
            problems.append(f"{name} is the site's word list and cannot be set per post (edit it in Word rules)")
        elif name not in known:
            problems.append(f"unknown setting {name!r}; a post can set {', '.join(known)}")
        else:
            try:
                parsed[name] = _PARSERS[known[name]](name, value)
            except ValueError as error:
                problems.append(str(error))
    if problems:
        raise InvalidOverrides(problems)
    return parsed


def apply_overrides(site: ModerationSettings, raw: object) -> ModerationSettings:
    """The site's settings with a post's overrides laid over them (threshold maps merged, other values replaced)."""
    overrides = parse_overrides(raw or {})
    merged = {
        name: {**getattr(site, name), **value} if isinstance(value, dict) else value
        for name, value in overrides.items()
    }
    return dataclasses.replace(site, **merged)
