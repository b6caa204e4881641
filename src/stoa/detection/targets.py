"""Whom a comment is aimed at: the author it replies to, @mentioned members, people named in the text.

``find_targets`` returns one ``Target`` per person with a stable key and the reasons in words ("reply to #12",
"mentions @alice", "names 'Greenstein'"):

- ``member:<username>`` for members (reply, @mention, or their display name matched in the register);
- ``person:<slug>`` for people in the site's register (editors, a post's "people discussed");
- ``name:<slug>`` for a full name not in the register, found by ``unregistered_names`` (titles dropped, so
  "Mr Greenstein" is ``name:greenstein``).

A top-level comment that speaks to "you" and names nobody is aimed at the post's author. Nobody is a target of
their own comment. Pure: plain data in and out; the Django side and ``stoa analyze`` build the register.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from stoa.detection.people_register import Person, Register, member_key, slug
from stoa.detection.text import fold
from stoa.detection.unregistered_names import find_unregistered_names

_MENTION = re.compile(r"(?<![\w@/.])@([A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)(?![\w@])")
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours|yourself|you'?re|u|ur|ya|yer)\b")


class Aim(StrEnum):
    """How a comment reaches its target."""

    REPLY = "reply"
    MENTION = "mention"
    NAMED = "named"
    POST_AUTHOR = "post_author"


@dataclass(frozen=True)
class RepliedTo:
    """The comment being answered: its id (as shown, e.g. "12") and its author's username."""

    comment: str
    author: str


@dataclass(frozen=True)
class Target:
    """A person a comment is aimed at. ``key`` is stable across comments; ``reasons`` say why, in words."""

    key: str
    name: str
    aims: tuple[Aim, ...]
    reasons: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"key": self.key, "name": self.name, "aims": list(self.aims), "reasons": list(self.reasons)}


def speaks_to_reader(text: str) -> bool:
    """Whether the text addresses someone as "you" (so a reply or a top-level comment is aimed at a person)."""
    return _SECOND_PERSON.search(fold(text)) is not None


def mentioned_usernames(text: str) -> list[str]:
    """``@username`` mentions, in order; email addresses and fediverse handles (``@a@host``) are not mentions."""
    return [match.group(1) for match in _MENTION.finditer(text)]


class _Collected:
    """Targets gathered so far, merged by key, in the order first found."""

    def __init__(self, author: str) -> None:
        self.excluded = member_key(author) if author else ""
        self.found: dict[str, Target] = {}

    def add(self, key: str, name: str, aim: Aim, reason: str) -> None:
        if key == self.excluded:
            return
        known = self.found.get(key)
        if known is None:
            self.found[key] = Target(key, name, (aim,), (reason,))
        elif reason not in known.reasons:
            aims = known.aims if aim in known.aims else (*known.aims, aim)
            self.found[key] = Target(key, known.name, aims, (*known.reasons, reason))


def find_targets(
    text: str,
    *,
    author: str = "",
    reply_to: RepliedTo | None = None,
    register: Register | None = None,
    members: Collection[str] | None = None,
    post_author: str = "",
) -> list[Target]:
    """Everyone ``text`` (written by ``author``) is aimed at, each once with every reason.

    ``members``: usernames that exist (an ``@name`` that is nobody is ignored); ``None`` accepts any mention.
    ``post_author``: the post's author's username, the target of a top-level comment that says "you" and names
    nobody else ("Greenstein, you lowlife" speaks to Greenstein).
    """
    register = register or Register()
    collected = _Collected(author)
    if reply_to is not None:
        collected.add(member_key(reply_to.author), reply_to.author, Aim.REPLY, f"reply to #{reply_to.comment}")
    known_members = None if members is None else {member_key(name) for name in members}
    for username in mentioned_usernames(text):
        key = member_key(username)
        if known_members is None or key in known_members:
            person = register.people.get(key)
            collected.add(key, person.name if person else username, Aim.MENTION, f"mentions @{username}")
    _add_names(text, register, collected)
    if reply_to is None and not collected.found and post_author and speaks_to_reader(text):
        collected.add(member_key(post_author), post_author, Aim.POST_AUTHOR, "addresses the post's author")
    return list(collected.found.values())


def _add_names(text: str, register: Register, collected: _Collected) -> None:
    """Registered people first; then full names the register does not know, where no registered name stands."""
    matches = register.find(text)
    for match in matches:
        collected.add(match.person.key, match.person.name, Aim.NAMED, f"names '{text[match.begin : match.end]}'")
    for name in find_unregistered_names(text):
        if any(name.begin < match.end and match.begin < name.end for match in matches):
            continue
        key = f"name:{slug(name.name)}"
        person = register.people.get(key)
        collected.add(key, person.name if person else name.name, Aim.NAMED, f"names '{name.name}'")


def person_for_name(target: Target) -> Person | None:
    """The register entry a newly seen full name deserves, so later surname-only mentions find the same key."""
    if not target.key.startswith("name:") or len(target.name.split()) < 2:
        return None
    return Person(target.key, target.name, (target.name, *Person.named(target.name).aliases[1:]))
