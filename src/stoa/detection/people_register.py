"""The register of people a site knows by name, and where a text names one of them.

Each ``Person`` has a stable key ("person:natasha-allmark", or "member:alice" for someone with an account), the
name shown to moderators, and the aliases people write ("Natasha", "Ms Allmark"). The register is plain data: the
Django side fills it from editors, posts' "people discussed" and members' display names; ``stoa analyze`` fills
it from the thread itself.

Names are matched through ``stoa.detection.text`` (case, look-alike letters, leetspeak, "G r e e n s t e i n"),
with two guards against common words: an alias of one word must be written with a capital letter ("Rose", not
"rose"), and an alias two people share is ignored unless a longer alias settles it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from stoa.detection.text import find_term_spans, fold, normalise

TITLES: tuple[str, ...] = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Sir", "Dame", "Cllr", "Councillor")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_LETTERS = re.compile(r"[^\W\d_]+")
_REPEATED = re.compile(r"(\w)\1+")


def slug(name: str) -> str:
    """ "Natasha Allmark" → "natasha-allmark", "Zoë O'Neill" → "zoe-o-neill": the readable part of a person's key."""
    letters = unicodedata.normalize("NFKD", name)
    plain = "".join(char for char in letters if not unicodedata.combining(char)).casefold()
    return _NOT_SLUG.sub("-", plain).strip("-") or name.strip().casefold()


def member_key(username: str) -> str:
    """ "Tom_H" → "member:tom_h": usernames are already unique, so only their case is folded."""
    return f"member:{username.strip().casefold()}"


def derived_aliases(name: str) -> tuple[str, ...]:
    """The short forms of a full name people write: the surname, and the surname after a title ("Ms Allmark").

    First names alone are left to editors: "Mark" or "Natasha" names too many people to add by default.
    """
    words = name.split()
    if len(words) < 2:
        return ()
    surname = words[-1]
    return (surname, *(f"{title} {surname}" for title in TITLES))


@dataclass(frozen=True)
class Person:
    """Someone the site knows by name. ``key`` identifies them across comments; ``aliases`` include ``name``."""

    key: str
    name: str
    aliases: tuple[str, ...] = ()

    @classmethod
    def named(cls, name: str, aliases: Iterable[str] = (), *, derive: bool = True) -> Person:
        """A person without an account, known by ``name`` plus ``aliases`` (and the usual short forms)."""
        extra = derived_aliases(name) if derive else ()
        return cls(f"person:{slug(name)}", name, tuple(dict.fromkeys((name, *aliases, *extra))))

    @classmethod
    def member(cls, username: str, display_name: str = "", aliases: Iterable[str] = ()) -> Person:
        """A member, known by their username and display name (and its short forms)."""
        shown = display_name or username
        names = (shown, username, *aliases, *derived_aliases(shown))
        return cls(member_key(username), shown, tuple(dict.fromkeys(n for n in names if n.strip())))


@dataclass(frozen=True)
class NameMatch:
    """Where ``text[begin:end]`` names ``person`` (through ``alias``)."""

    person: Person
    begin: int
    end: int
    alias: str


class Register:
    """The people a site knows, and a finder for their names in a text."""

    def __init__(self, people: Iterable[Person] = ()) -> None:
        self.people: dict[str, Person] = {}
        for person in people:
            known = self.people.get(person.key)
            aliases = (*known.aliases, *person.aliases) if known else person.aliases
            self.people[person.key] = Person(
                person.key, known.name if known else person.name, tuple(dict.fromkeys(aliases))
            )
        self._owners: dict[str, list[Person]] = {}
        for person in self.people.values():
            for alias in person.aliases:
                self._owners.setdefault(alias, []).append(person)
        self._by_word: dict[str, list[str]] = {}
        for alias in self._owners:
            self._by_word.setdefault(alias_key(alias), []).append(alias)

    def __contains__(self, key: str) -> bool:
        return key in self.people

    def __len__(self) -> int:
        return len(self.people)

    def including(self, *people: Person) -> Register:
        """A new register with ``people`` added (aliases of a key already present are merged)."""
        return Register((*self.people.values(), *people))

    def find(self, text: str) -> list[NameMatch]:
        """Each place ``text`` names a registered person, longest alias first where they overlap."""
        aliases = [alias for word in text_keys(text) for alias in self._by_word.get(word, ())]
        if not aliases:
            return []
        exact_offsets = len(fold(text)) == len(text)
        candidates = [
            NameMatch(owners[0], begin, end, alias)
            for begin, end, alias in find_term_spans(text, aliases)
            if len(owners := self._owners[alias]) == 1 and (not exact_offsets or _written_as_name(text, begin, alias))
        ]
        kept: list[NameMatch] = []
        for match in sorted(candidates, key=lambda m: (m.begin - m.end, m.begin)):
            if not any(match.begin < other.end and other.begin < match.end for other in kept):
                kept.append(match)
        return sorted(kept, key=lambda m: m.begin)


def _squeezed(word: str) -> str:
    return _REPEATED.sub(r"\1", word)


def alias_key(alias: str) -> str:
    """The alias's longest word, normalised and with doubled letters single: a text that names the person through
    any disguise ``find_term_spans`` sees through contains it, so only aliases whose key is in the text are tried."""
    words = _LETTERS.findall(normalise(alias)) or [alias.casefold()]
    return _squeezed(max(words, key=len))


def text_keys(text: str) -> set[str]:
    """The keys a text could match: each normalised word, also without a plural or possessive "s", and each pair of
    neighbouring words joined ("A l l m a r k" normalises to "a llmark")."""
    words = _LETTERS.findall(normalise(text))
    keys = set()
    for word in (*words, *(a + b for a, b in zip(words, words[1:], strict=False))):
        keys.update({_squeezed(word), _squeezed(word.removesuffix("es")), _squeezed(word.removesuffix("s"))})
    return keys


def _written_as_name(text: str, begin: int, alias: str) -> bool:
    """A one-word alias counts only when capitalised in the text, so "rose" or "brown" stay ordinary words."""
    return len(alias.split()) > 1 or text[begin].isupper()
