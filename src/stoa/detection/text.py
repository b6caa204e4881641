"""Text normalisation, so that disguises ("$cumb4g", "s c u m b a g", "scuuumbag") match the plain word.

Both sides of a comparison go through ``normalise``: the words a site bans or watches and the comment itself.
The steps, in order: Unicode NFKC; zero-width and bidi controls removed; common Cyrillic/Greek look-alikes
mapped to Latin; case folded; leetspeak inside words (``sh1t``, ``a$$``); letters spaced out one by one joined;
runs of three or more of one letter collapsed to one ("scuuumbag"; "ass" keeps its double letter).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from stoa.detection.wordlists import KNOWN_WORDS

_INVISIBLE = dict.fromkeys(
    [0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F]
    + list(range(0x202A, 0x202F))
    + list(range(0x2060, 0x2070))
    + [0x3164, 0xFE0F, 0xFEFF, 0xFFA0]
)
_CONFUSABLES = str.maketrans(
    {
        "а": "a",
        "в": "b",
        "с": "c",
        "е": "e",
        "һ": "h",
        "і": "i",
        "ј": "j",
        "к": "k",
        "м": "m",
        "н": "h",
        "о": "o",
        "р": "p",
        "ѕ": "s",
        "т": "t",
        "у": "y",
        "х": "x",
        "ԁ": "d",
        "ԛ": "q",
        "ԝ": "w",
        "α": "a",
        "β": "b",
        "ε": "e",
        "ι": "i",
        "κ": "k",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "ɑ": "a",
        "ɡ": "g",
        "ı": "i",
    }
)
_LEET = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "8": "b",
        "@": "a",
        "$": "s",
        "!": "i",
        "|": "l",
        "€": "e",
        "£": "l",
        "+": "t",
    }
)
_INVISIBLE_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in _INVISIBLE) + "]")
_CONFUSABLE_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in _CONFUSABLES) + "]")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_SPACED_LETTERS = re.compile(r"(?<![\w])(?:[^\W\d_][ .\-_*]){2,}[^\W\d_](?![\w])")
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")  # three or more of a letter: "scuuumbag"
_SEPARATOR = r"[ .\-_*]?"
_PLURAL = r"(?:'?e?s)?"  # "scumbags", "lowlifes", "bitches" match their singular
_AMBIGUOUS = "1!|"
_LEET_AS_L = str.maketrans({**{chr(k): v for k, v in _LEET.items()}, "1": "l", "!": "l", "|": "l"})
_LEET_TOKEN = re.compile(r"(?<!\S)[^\s0-9@$!|+€£]*[0-9@$!|+€£]\S*")  # whole tokens with a digit or symbol
_MASK_CHARS = "*#%"
_MASK_SEARCH = re.compile(r"[^\W\d_][*#%]")
_MASKED_WORD = re.compile(r"(?<![\w*#%])[^\W\d_]+(?:[*#%]+[^\W\d_]*)+")
_MARKS = {"Mn", "Me", "Cf"}  # combining marks (accents, strike-throughs) and format characters (tags, joiners)
_TRAILING_PUNCT = re.compile(r"^(.*?[^\W\d_].*?)([!|+]*[.,;:?!\"')\]]*)$")


def _deleetify_token(token: str) -> str:
    """Read digits and symbols as letters only inside a word that has letters, so "2024" stays a number.

    "1", "!" and "|" stand for "i" or "l"; where reading them as "l" gives a known word ("l0w1ife"), that wins.
    """
    if not _HAS_LETTER.search(token):
        return token
    match = _TRAILING_PUNCT.match(token)
    core, tail = (match.group(1), match.group(2)) if match else (token, "")
    word = core.translate(_LEET)
    if word not in KNOWN_WORDS and any(char in _AMBIGUOUS for char in core):
        alternative = core.translate(_LEET_AS_L)
        word = alternative if alternative in KNOWN_WORDS else word
    return word + tail


def _without_marks(text: str) -> str:
    """Drop combining marks and format characters ("i̵d̵i̵o̵t̵", tag characters); accents go too ("café" → "cafe")."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) not in _MARKS))


def fold(text: str) -> str:
    """Unicode, invisible characters, look-alikes, case and leetspeak folded; spacing and repeats kept."""
    if not text.isascii():
        text = _INVISIBLE_RE.sub("", _without_marks(unicodedata.normalize("NFKC", text)))
        if _CONFUSABLE_RE.search(text):
            text = text.translate(_CONFUSABLES)
    text = text.casefold()
    return _LEET_TOKEN.sub(lambda m: _deleetify_token(m.group(0)), text)


@lru_cache(maxsize=4096)
def _unmask_word(masked: str) -> str:
    """ "f*ck", "sh#t" → the one known word the mask fits, or the text unchanged if none or several fit."""
    pattern = re.compile("".join("[a-z]" if char in _MASK_CHARS else re.escape(char) for char in masked))
    fits = [word for word in KNOWN_WORDS if len(word) == len(masked) and pattern.fullmatch(word)]
    return fits[0] if len(fits) == 1 else masked


def _join_spaced(run: str) -> str:
    """ "s c u m" → "scum"; "a l o w l i f e" → "a lowlife" when the single-letter word "a" or "i" leads."""
    letters = re.sub(r"[ .\-_*]", "", run)
    if letters in KNOWN_WORDS or letters[0] not in "ai":
        return letters
    rest = letters[1:]
    return f"{letters[0]} {rest}" if rest in KNOWN_WORDS or len(rest) >= 4 else letters


def normalise(text: str) -> str:
    """The comparison form of ``text``: one canonical spelling for the usual disguises of a word."""
    text = fold(text)
    if _MASK_SEARCH.search(text):
        text = _MASKED_WORD.sub(lambda m: _unmask_word(m.group(0)), text)
    text = _SPACED_LETTERS.sub(lambda m: _join_spaced(m.group(0)), text)
    return _REPEATS.sub(r"\1", text)


def _letters_pattern(word: str) -> str:
    """Each letter may repeat ("scuuumbag") and be followed by one separator ("s c u m", "s.c.u.m")."""
    return _SEPARATOR.join(f"{re.escape(char)}+" for char in word)


@lru_cache(maxsize=256)
def _compiled(terms: tuple[str, ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    compiled = []
    for term in dict.fromkeys(t.strip() for t in terms if t.strip()):
        words = fold(term).split()
        body = r"\s+".join(_letters_pattern(word) for word in words)
        compiled.append((term, re.compile(rf"(?<!\w){body}{_PLURAL}(?!\w)")))
    return tuple(compiled)


def find_term_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int, str]]:
    """Each occurrence of a listed word or phrase in ``text`` as ``(begin, end, term)``, seen through the usual
    disguises. Both sides are folded (``fold``); a term's letters may repeat and be spaced out, but no letter may
    be missing or added (beyond a plural "s"/"es"), so watching "ass" never matches "as" or "class".

    Offsets are into ``text`` when folding kept its length (nearly always); otherwise each match is reported
    with the span of the whole text, so the finding is never lost.
    """
    folded = fold(text)
    same_length = len(folded) == len(text)
    return sorted(
        (match.start(), match.end(), term) if same_length else (0, len(text), term)
        for term, pattern in _compiled(tuple(terms))
        for match in pattern.finditer(folded)
    )


def find_terms(text: str, terms: Iterable[str]) -> list[str]:
    """The listed words or phrases that occur in ``text`` (see ``find_term_spans``), each once, sorted."""
    return sorted({term for _, _, term in find_term_spans(text, terms)})
