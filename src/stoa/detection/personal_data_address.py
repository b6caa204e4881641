"""Street addresses and postcodes: where a person can be found.

A street address is a house number and a street ("14 Mill Lane", "221 Maple Ave", "Flat 2, 9 Elm Road"), or the
continental forms ("Hauptstraße 12", "12 rue de la Paix", "Via Roma 131", "ul. Słowicza 10"), or a PO box or US
military box. A postcode is found alone only where its shape says so (UK "AS1 2BD", Canadian "K1A 0B1", Irish
"D02 X285"); a bare number is a postcode only in an address's context: after a US state ("IL 62704") or
Australian state, after a street address, or after the word "postcode" / "zip". That keeps years, prices and
counts out. Famous public addresses ("10 Downing Street") are not personal data and are let through.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from stoa.detection.personal_data_address_grammar import (
    AFTER_STREET_POSTCODE,
    COURTS,
    CUED_POSTCODE,
    CUED_STREET,
    LANDMARK_STREETS,
    PUBLIC_POSTCODES,
    SHAPED_POSTCODES,
    STATE_POSTCODE,
    STREET_PATTERNS,
    TRAILING_UNIT,
)
from stoa.detection.personal_data_spans import trimmed, without_overlaps
from stoa.detection.results import Finding

_AFTER_STREET_WINDOW = 100
_AFTER_STREET_LINES = 4
_MAX_PLACE_WORDS = 6
_YEAR_DIGITS = 4
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W\d_]+")
_DIGIT_OR_STOP = re.compile(r"\d|[!?;]|\.\s+[a-z]")


def find_addresses(text: str) -> list[Finding]:
    """Street addresses and postcodes, sorted by where they begin.

    A street address runs on over a flat or suite written after it and, when only town and region names come
    between, to the postcode that closes it ("14 Mill Lane, Ashworth AS1 2BD"); that postcode is found too.
    """
    if not _DIGIT.search(text):  # every address and postcode has a digit; most comments have none
        return []
    findings: list[Finding] = []
    for street in _streets(text):
        code = _postcode_after(text, street.end)
        findings.append(_extended(text, street, code.end) if code else street)
        findings.extend([code] if code else [])
    streets = without_overlaps(f for f in findings if f.type == "street_address")
    codes = _postcodes(text, [f for f in findings if f.type == "postcode"])
    return sorted([*streets, *codes], key=lambda f: f.begin)


def _streets(text: str) -> list[Finding]:
    """House-number-and-street addresses, PO boxes and military boxes, with any flat or suite after them."""
    spans = [(kind, span) for kind, pattern in STREET_PATTERNS for span in _matches(text, pattern)]
    spans += [("named as where someone lives", span) for span in _cued_streets(text)]
    return without_overlaps(
        _with_trailing_unit(text, begin, end, kind)
        for kind, (begin, end) in spans
        if not _is_landmark(text[begin:end]) and not COURTS.search(text, begin, end)
    )


def _cued_streets(text: str) -> Iterator[tuple[int, int]]:
    """Capitalised words and a number right after "lives at" or "address:", the way most of Europe writes a street."""
    for match in CUED_STREET.finditer(text):
        words, number = match.group("name").split(), match.group("number")
        year_like = len(number) == _YEAR_DIGITS and number[:2] in ("19", "20")
        if all(word[0].isupper() for word in words) and not year_like:
            yield match.span("street")


def _extended(text: str, street: Finding, end: int) -> Finding:
    """The street address carried on to ``end`` (its town and postcode)."""
    return Finding(street.type, street.begin, end, text[street.begin : end], street.detail)


def _matches(text: str, pattern: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """Each match's span, trimmed of the spaces and commas the pattern took in."""
    for match in pattern.finditer(text):
        yield trimmed(text, match.start(), match.end(), junk=" \t\r\n,;:")


def _with_trailing_unit(text: str, begin: int, end: int, kind: str) -> Finding:
    """Extend an address over the flat, apartment or suite written right after it ("… Road, Apt. 4")."""
    unit = TRAILING_UNIT.match(text, end)
    if unit:
        end = trimmed(text, begin, unit.end(), junk=" \t\r\n,;:>")[1]
    return Finding("street_address", begin, end, text[begin:end], f"street address ({kind})")


def _is_landmark(address: str) -> bool:
    """A famous public address (a head of government's, a museum's) tells nobody where a private person lives."""
    return " ".join(address.lower().replace(".", " ").split()) in LANDMARK_STREETS


def _postcodes(text: str, after_streets: Iterable[Finding]) -> list[Finding]:
    """Postcodes shaped like one, those after a state or a cue word, and those closing a street address."""
    candidates = [
        *after_streets,
        *_shaped_postcodes(text),
        *_group_postcodes(text, STATE_POSTCODE, "postcode after a state"),
        *_group_postcodes(text, CUED_POSTCODE, "postcode after the word for it"),
    ]
    return without_overlaps(code for code in candidates if code.text.upper() not in PUBLIC_POSTCODES)


def _shaped_postcodes(text: str) -> Iterator[Finding]:
    """Postcodes whose letters and digits make them unmistakable on their own (UK, Canada, Ireland)."""
    for country, pattern in SHAPED_POSTCODES:
        for match in pattern.finditer(text):
            yield _postcode(text, match.start(), match.end(), f"{country} postcode")


def _group_postcodes(text: str, pattern: re.Pattern[str], detail: str) -> Iterator[Finding]:
    """The named group of each match: the postcode alone, not the state or the word before it."""
    for match in pattern.finditer(text):
        yield _postcode(text, match.start(match.lastgroup), match.end(match.lastgroup), detail)


def _postcode_after(text: str, street_end: int) -> Finding | None:
    """The postcode a few lines after a street, with only place names between ("…, Leeds LS1 4AP")."""
    window_end = min(street_end + _AFTER_STREET_WINDOW, _nth_line_end(text, street_end, _AFTER_STREET_LINES))
    match = AFTER_STREET_POSTCODE.search(text, street_end, window_end)
    if not match or not _only_place_names(text[street_end : match.start()]):
        return None
    kind = "postcode" if match.lastgroup == "numeric" else f"{match.lastgroup} postcode"
    return _postcode(text, match.start(), match.end(), f"{kind} closing a street address")


def _only_place_names(between: str) -> bool:
    """Town, region and country names, capitalised, and nothing else: no numbers, no sentence going on."""
    words = _WORD.findall(between)
    return not _DIGIT_OR_STOP.search(between) and len(words) <= _MAX_PLACE_WORDS and all(w[0].isupper() for w in words)


def _nth_line_end(text: str, start: int, lines: int) -> int:
    """Where the ``lines``-th line break after ``start`` is (or the end of the text)."""
    position = start
    for _ in range(lines):
        position = text.find("\n", position + 1)
        if position < 0:
            return len(text)
    return position


def _postcode(text: str, begin: int, end: int, detail: str) -> Finding:
    return Finding("postcode", begin, end, text[begin:end], detail)
