"""Full names not yet in the register, found by a deliberately conservative capitalisation rule.

A name here is two to four capitalised words in a row ("Mark Greenstein", "Mary-Jane O'Neill"), or a title and a
capitalised word ("Mr Greenstein", "Dr. Okafor"). Runs are refused when they look like something else: a word
that opens a sentence ("Thanks Mark", "Honestly Greenstein"), days and months, places and organisations ("Mill
Road", "City Council", "New York"), shouting in capitals, and texts written in Title Case. Missing a name costs
little (the register and replies still find targets); inventing one would attach hostility to nobody real.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stoa.detection.people_register import TITLES

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*\.?")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\"“”()\[\]\n…])\s*$")
_GAP = re.compile(r"^[ \t]$")
MAX_WORDS = 4


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


NOT_NAMES = _words(
    """
    I I'm I've I'll I'd The A An This That These Those It Its We They He She You Your My Our Their His Her Him
    Them Us Me Who What When Where Why How Which If And But Or So Yes No Not Oh Ok Okay Hi Hey Hello Dear Thanks
    Thank Please Sorry Well Also Just Still Even Then There Here Now Today Yesterday Tomorrow Tonight Everyone
    Everybody Someone Somebody Anyone Nobody People Some Any All Every Each Both Another Other Mr Mrs Ms Miss Mx Dr
    Prof Sir Dame Lady Lord Cllr Councillor God Jesus Christ Lol Omg Wtf Lmao Re Fwiw Imho Edit Update Note Ps
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
    September October November December Christmas Easter Halloween Ramadan Diwali Eid Hanukkah
    Street St Road Rd Avenue Ave Lane Ln Close Drive Way Crescent Terrace Place Square Gardens Park Hill Green Row
    Mews Court Bridge Station Airport Port Harbour River Lake Mount Mountain Valley Forest Wood Beach Bay Island
    North South East West Northern Southern Eastern Western Central Upper Lower Great Little Old New Saint San
    Santa Los Las Fort City Town Village County Borough District Council Parliament Assembly Senate Congress
    Government Ministry Department Office Agency Authority Police Service Services Hospital Clinic School
    Academy College University Institute Church Chapel Mosque Temple Cathedral Museum Library Gallery Theatre
    Centre Center Hall House Tower Castle Palace Stadium Arena Club United Rovers Athletic Party Union League
    Group Company Ltd Limited Inc Corp Plc Bank Trust Foundation Society Association Press News Times Post Daily
    Weekly Herald Guardian Mail Telegraph Express Street's Labour Conservative Tory Tories Democrat Democrats
    Republican Republicans Liberal Greens Reform British English Scottish Welsh Irish American European
    Kingdom States Republic Britain England Scotland Wales Ireland America Europe Africa Asia London
    Festival Conference Awards Award Prize Cup Championship Olympics Games Act Report Review Fund Project Campaign
    Committee Board Commission Tribunal Inquiry Show Market Fair Day Week Year Night Season Series
    Block Blocks Flat Flats Estate Wharf Unit Floor Ward Building Phase Zone Gate Quay Dock Yard Plot Route
    Internet Google Facebook Twitter Instagram Youtube Tiktok Reddit Wikipedia Amazon Apple Microsoft
    """
)
_NOT_NAMES = frozenset(word.casefold() for word in NOT_NAMES)
SENTENCE_OPENERS = _words(
    """
    honestly seriously clearly obviously frankly literally basically actually really finally sadly luckily
    hopefully apparently personally unfortunately fortunately interesting amazing reading looking regarding
    meanwhile again anyway agreed indeed absolutely definitely totally typical classic congrats congratulations
    good great nice poor shame sure exactly maybe perhaps whatever remember imagine ask tell let get go call email
    read see look watch check stop shut keep leave make send thank love hate blame trust believe vote fire sack
    ban jail lock arrest report
    """
)
_TITLES = frozenset(title.casefold() for title in TITLES)
_OPENER_ENDINGS = ("ly", "ing")  # "Honestly Greenstein", "Reading Greenstein": long adverbs and participles
_POSSESSIVE = re.compile(r"['’]s?$")


@dataclass(frozen=True)
class UnregisteredName:
    """A probable person's name at ``text[begin:end]``; ``name`` drops any title ("Mr Greenstein" → "Greenstein")."""

    name: str
    begin: int
    end: int


def _capitalised(word: str) -> bool:
    letters = word.rstrip(".")
    return letters[:1].isupper() and not (len(letters) > 1 and letters.isupper())


def _title_case_text(words: list[re.Match[str]]) -> bool:
    """Headlines and shouting ("Local Man Wins Big Prize") capitalise everything; no name can be told apart."""
    capitalised = sum(_capitalised(word.group(0)) for word in words)
    return len(words) >= 6 and capitalised / len(words) >= 0.85


def _runs(text: str, words: list[re.Match[str]]) -> list[list[re.Match[str]]]:
    """Consecutive capitalised words joined by one space, none ending in a full stop except a title's."""
    runs: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    for word in words:
        joined = bool(current) and _GAP.match(text[current[-1].end() : word.start()]) is not None
        previous_open = bool(current) and (
            not current[-1].group(0).endswith(".") or current[-1].group(0)[:-1].casefold() in _TITLES
        )
        if _capitalised(word.group(0)) and joined and previous_open:
            current.append(word)
            continue
        if len(current) > 1:
            runs.append(current)
        current = [word] if _capitalised(word.group(0)) else []
    if len(current) > 1:
        runs.append(current)
    return runs


def _opens_sentence(text: str, word: re.Match[str]) -> bool:
    return _SENTENCE_END.search(text[: word.start()]) is not None


def _sentence_opener(word: str) -> bool:
    lowered = word.casefold()
    return lowered in SENTENCE_OPENERS or (len(lowered) >= 7 and lowered.endswith(_OPENER_ENDINGS))


def _as_name(text: str, run: list[re.Match[str]]) -> UnregisteredName | None:
    words = [_POSSESSIVE.sub("", word.group(0).rstrip(".")) for word in run]
    if words[0].casefold() in _TITLES and len(words) == 2 and words[1].casefold() not in _NOT_NAMES:
        return UnregisteredName(words[1], run[0].start(), run[1].start() + len(words[1]))
    if _opens_sentence(text, run[0]) and _sentence_opener(words[0]):
        run, words = run[1:], words[1:]
    while words and words[0].casefold() in _NOT_NAMES and words[0].casefold() not in _TITLES:
        run, words = run[1:], words[1:]
    if words and words[0].casefold() in _TITLES:
        return _as_name(text, run) if len(run) == 2 else None
    if not 2 <= len(words) <= MAX_WORDS or any(word.casefold() in _NOT_NAMES for word in words):
        return None
    if len(words[-1]) < 2:  # "Block C", "Plan B": a surname is never a single letter
        return None
    return UnregisteredName(" ".join(words), run[0].start(), run[-1].start() + len(words[-1]))


def find_unregistered_names(text: str) -> list[UnregisteredName]:
    """Probable people's names in ``text`` (see the module docstring for what is refused), in order."""
    words = list(_WORD.finditer(text))
    if _title_case_text(words):
        return []
    return [name for run in _runs(text, words) if (name := _as_name(text, run))]
