"""Threats aimed at someone's home or family: "we know where you live", "call social services on her".

These are the sentences that turn an online argument into fear at home, and they are worded in a small number of
ways; so this is a curated list of patterns rather than a model. The patterns run over folded text (case,
look-alike letters and leetspeak undone, see ``stoa.detection.text.fold``) and each finding quotes the original.
They aim at a second or third person ("you", "her", "his kids"), so "I know where you're coming from" and "my
kids play outside at 4pm" are not threats; and a pattern negated right before it ("don't call social services
on her") is let through.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stoa.detection.personal_data_spans import FoldedText, without_overlaps
from stoa.detection.results import Finding

_Q = "['’]"  # straight or curly apostrophe
_S = r"[^\S\n]+"
_WHO = (
    rf"(?:i|we|they|people|every(?:{_S})?one|every(?:{_S})?body|some(?:{_S})?one|some(?:{_S})?body|any(?:{_S})?one"
    rf"|any(?:{_S})?body|all{_S}of{_S}us)"
)
_THEM = r"(?:you|u|ya|y'?all|he|she|they|him|her|them|(?:that|this)\s+\w+)"
_POSS = r"(?:your|ur|yer|his|her|their|(?:that|this)\s+\w+['’]s)"
_THIRD_POSS = r"(?:his|her|their|(?:that|this)\s+\w+['’]s)"  # "post your address" is a shop's request
_KIN = (
    r"(?:kids?|children|child|son|sons|daughters?|boys?|girls?|little\s+ones|family|wife|husband|partner|"
    r"mum|mom|mother|dad|father|parents|baby|babies)"
)
_KIDS = r"(?:kids?|children|child|sons?|daughters?|boys?|girls?|little\s+ones)"
_HOME = r"(?:front\s+)?(?:house|home|place|flat|apartment|door|doorstep|front\s+door|windows?|gaff|address)"
_NOT_A_HOME = (
    r"(?!\s*(?:town|country|city|page|team|ground|game|state|planet|screen|made|land|owner|party|warming|work|office|"
    r"decor|value|price|insurance|loan|improvement|cooked|cooking|school|schooling))"
)
_AUTHORITIES = (
    r"(?:the\s+)?(?:social\s+services|social\s+workers?|the\s+social|cps|child\s+protective\s+services|"
    r"child(?:ren)?['’]?s?\s+services|child\s+protection|dcfs|family\s+services)"
)
_TIME = (
    r"\bat\s+(?:around\s+|about\s+|exactly\s+)?(?:[\da-z]{1,2}(?:[.:][\da-z]{2})?\s*(?:pm|am|p\.m\.|a\.m\.)|\d{1,2}"
    r"(?:[.:]\d{2})?\b|half\s+past|quarter\s+(?:past|to)|noon|lunch\s*time|home\s*time|pick\s*-?\s*up)"
)
_PLACE = (
    r"\b(?:on|along|down|near|by|at|outside|past|in|behind|from)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?(?:road|rd|street|st|"
    r"avenue|ave|lane|ln|close|drive|way|crescent|terrace|park|playground|rec|green|school|primary|academy|nursery|"
    r"estate|corner|bus\s+stop|field|garden|front\s+garden|alley)\b"
)
_ROUTINE = (
    r"(?:play|plays|playing|walk|walks|walking|go|goes|leave|leaves|get\s+out|gets\s+out|finish|finishes|come|"
    r"comes|wait|waits|catch|catches|(?:get|gets|take|takes)\s+the\s+(?:[\w.:]+\s+)?(?:bus|train|tube|tram)|ride|rides|cycle|cycles|jog|jogs|are\s+dropped|is\s+dropped|get\s+dropped|"
    r"are\s+picked\s+up|is\s+picked\s+up|get\s+picked\s+up|are\s+alone|is\s+alone|are\s+home\s+alone|is\s+home\s+alone)"
)
_SCHOOL_NAME = (
    r"[\w'’-]+(?:\s+[\w'’-]+){0,2}\s+(?:primary|elementary|academy|high|middle|junior|infants?|grammar|school)"
)

HOME_THREAT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (detail, re.compile(pattern))
    for detail, pattern in (
        (
            "says they know where someone lives",
            rf"(?:\b{_WHO}\s+(?:(?:already|all|now|also|totally|definitely|do|does|still|really|so)\s+)*(?:know|knows|kno|"
            rf"knw|have\s+found)|\b(?:{_WHO}\s+)?(?:found(?:\s+out)?|figured\s+out|worked\s+out|tracked\s+down|{_Q}ve\s+seen|"
            rf"have\s+seen|seen|been\s+to))\s+"
            rf"(?:exactly\s+)?where\s+(?:{_THEM}|{_POSS}\s+\w+)\s+(?:live|lives|living|stay|stays|staying|sleep|sleeps"
            rf"|reside|resides|work|works)\b(?!\s+(?:is|are|was|were|has|have|matters?|looks?|seems?)\b)",
        ),
        (
            "says they have someone's address",
            rf"\b{_WHO}\s*(?:{_Q}ve|have|{_Q}ve\s+got|have\s+got|got|now\s+have|found|know)\s+{_POSS}\s+"
            rf"(?:home\s+|house\s+|real\s+)?(?:address|addy|postcode)\b",
        ),
        (
            "threatens to turn up at someone's home",
            rf"\b(?:(?:turn|turns|turned|turning|show|shows|showed|showing|rock|rocks|rocked|rocking|roll|rolled|rolling|pop"
            rf"|popped|popping)\s+up|see\s+{_THEM}|visit\s+{_THEM}"
            rf"|meet\s+{_THEM}|find\s+{_THEM}|wait(?:ing)?\s+for\s+{_THEM}|be\s+waiting|get\s+{_THEM})\s+"
            rf"(?:at|on|outside)\s+{_POSS}\s+{_HOME}\b{_NOT_A_HOME}",
        ),
        (
            "threatens to turn up at someone's home",
            rf"\b(?:visit|visiting|pay\s+a\s+visit\s+to|paying\s+a\s+visit\s+to|knock\s+on|knocking\s+on|bang\s+on|banging"
            rf"\s+on|watch|watching|egg|egging|burn\s+down|burning\s+down|firebomb|surround|swat)\s+{_POSS}\s+{_HOME}\b"
            rf"{_NOT_A_HOME}",
        ),
        (
            "threatens to turn up at someone's home",
            rf"\b(?:i{_Q}?m|we{_Q}?re|i\s+am|we\s+are|i{_Q}ll|we{_Q}ll|(?:will|gonna)\s+be|stand(?:ing)?|wait(?:ing)?|sit"
            rf"(?:ting)?|parked|camp(?:ing)?)\s+(?:right\s+)?outside\s+{_POSS}\s+{_HOME}\b{_NOT_A_HOME}",
        ),
        (
            "threatens to turn up at someone's home",
            rf"\b(?:(?:i{_Q}?m|we{_Q}?re|i\s+am|we\s+are|(?:i{_Q}ll|we{_Q}ll|will|gonna)\s+be)\s+(?:right\s+)?(?:at|on)\s+"
            rf"{_POSS}\s+(?:front\s+)?(?:door|doorstep|step|windows?)|(?:drive|drove|driven|driving|walk|walked|walking)\s+"
            rf"(?:past|by)\s+{_POSS}\s+{_HOME}|(?:go|goes|going|went|gone|come|coming|came|get|getting)\s+round(?:\s+to)?"
            rf"\s+{_POSS}\s+{_HOME})\b{_NOT_A_HOME}",
        ),
        (
            "calls on others to go to someone's home",
            rf"\b(?:let{_Q}?s|lets|we\s+should|some(?:{_S})?one\s+should|we{_Q}ll|we\s+will|gonna|should)\s+(?:all\s+)?"
            rf"(?:go|head|drive|march|get)\s+(?:to|round\s+to|over\s+to|down\s+to)\s+{_POSS}\s+{_HOME}\b{_NOT_A_HOME}"
            rf"|\bpay\s+{_THEM}\s+a\s+(?:little\s+|home\s+|friendly\s+)?visit\b",
        ),
        (
            "threatens to set social services on someone",
            rf"\b(?:call|calls|calling|called|ring|ringing|rang|phone|phoning|contact|contacting|report|reporting|"
            rf"reported|send|sending|set|setting|get|getting)\s+{_AUTHORITIES}\s+(?:on(?:to)?|after|about|round\s+to|"
            rf"involved\s+with)\s+{_THEM}\b",
        ),
        (
            "threatens to set social services on someone",
            rf"\b(?:report|reporting|reported|grass|grassing)\s+{_THEM}\s+(?:in\s+)?to\s+{_AUTHORITIES}\b",
        ),
        (
            "threatens to have someone's children taken",
            rf"\b{_POSS}\s+{_KIDS}\s+(?:should|will|(?:are|is)\s+going\s+to|gonna|need\s+to|deserve\s+to)\s+(?:be|get)\s+"
            rf"taken\s+(?:away|off|into\s+care)|\b(?:get|have)\s+{_POSS}\s+{_KIDS}\s+taken\s+(?:away|off|into\s+care)",
        ),
        (
            "tells where someone's family can be found",
            rf"\b{_POSS}\s+(?:little\s+)?{_KIN}\s+(?:always\s+|usually\s+|still\s+|often\s+)?{_ROUTINE}\b[^.!?\n]{{0,40}}?"
            rf"(?:{_TIME}|{_PLACE})(?:[^.!?\n]{{0,40}}?(?:{_TIME}|{_PLACE}))?",
        ),
        (
            "tells where someone's children go to school",
            rf"\b{_POSS}\s+{_KIDS}(?:{_Q}s|s{_Q}|{_Q})?\s+(?:school|nursery|primary|college|bus\s+stop)\s+is\s+"
            rf"(?:called|named|{_SCHOOL_NAME}|[^.!?\n]{{0,40}}?{_PLACE}|(?:just|right)\s+(?:round|around|by|next|opposite|near))\b",
        ),
        (
            "tells where someone's children go to school",
            rf"\b{_WHO}\s+(?:(?:already|all|now|also|do|does|still)\s+)*(?:know|knows|found\s+out|find\s+out|figured\s+"
            rf"out)\s+(?:where|which\s+school|what\s+school)\s+{_POSS}\s+{_KIDS}\s+(?:go|goes|attend|attends|is|are)\b",
        ),
        (
            "threatens someone's family",
            rf"\b(?:shame|pity)\s+if\s+(?:something|anything)\s+(?:bad\s+)?(?:happened|happens|were\s+to\s+happen|was"
            rf"\s+to\s+happen)\s+to\s+(?:{_THEM}\b|{_POSS}\s+(?:lovely\s+|little\s+|beautiful\s+|precious\s+)?"
            rf"(?:{_KIN}|house|home|dog|cat)\b)",
        ),
        (
            "threatens someone's family",
            rf"\b(?:we|i|they)\s*(?:{_Q}re|are|am|{_Q}m|will|{_Q}ll|gonna|going\s+to|are\s+going\s+to|{_Q}re\s+going\s+to)\s+"
            rf"(?:be\s+)?(?:come|coming|go|going)\s+(?:after|for)\s+(?:{_THEM}\s+and\s+)?{_POSS}\s+{_KIN}\b"
            rf"|\b(?:coming|come)\s+(?:after|for)\s+{_THEM}\s+and\s+{_POSS}\s+{_KIN}\b",
        ),
        (
            "threatens someone's family",
            rf"\b(?:find|get|visit|hurt|track\s+down)\s+{_THEM}\s+and\s+{_POSS}\s+{_KIN}\b"
            rf"|\b(?:hurt|track\s+down)\s+{_POSS}\s+{_KIN}\b",
        ),
        (
            "threatens to publish someone's address",
            rf"\b(?:post|leak|publish|expose|drop|share|spread|dig(?:ging)?\s+up|track(?:ing)?\s+down|find(?:ing)?\s+out)"
            rf"(?:s|ed|ing)?\s+{_THIRD_POSS}\s+(?:home\s+|house\s+|real\s+)?(?:address|addy|postcode|whereabouts)\b"
            rf"|\bdoxx?(?:ed|ing|es)?\s+{_THEM}\b",
        ),
    )
)
_NEGATED = re.compile(
    rf"\b(?:don{_Q}?t|do\s+not|never|not|stop|quit|didn{_Q}?t|wouldn{_Q}?t|shouldn{_Q}?t|won{_Q}?t|can{_Q}?t|cannot)"
    rf"\s+(?:\w+\s+)?$"
)
_NEGATION_REACH = 30
_LEET_CLASSES = {
    "a": "[a4@]",
    "b": "[b8]",
    "e": "[e3]",
    "i": "[i1!|]",
    "l": "[l1|]",
    "o": "[o0]",
    "s": "[s5$]",
    "t": "[t7+]",
}
_ANCHOR_WORDS = (
    "liv resid stay sleep work address addy postcode whereabouts dox hous home place flat apartment door window gaff "
    "social cps dcfs child kid son daughter boy girl little famil wife husband partner mum mom mother dad father "
    "parent bab dog cat"
)
_ANCHOR = re.compile(
    r"\b(?:"
    + "|".join("".join(_LEET_CLASSES.get(char, char) for char in word) for word in _ANCHOR_WORDS.split())
    + ")",
    re.IGNORECASE,
)


def find_home_threats(text: str) -> list[Finding]:
    """Threats against someone's home or family, one finding per stretch of text, with what kind it is."""
    if text.isascii() and not _ANCHOR.search(text):  # one scan instead of a fold and fifteen, for most comments:
        return []  # no word a threat needs (a home, a family member, "live", "address"…) is there, even disguised
    return without_overlaps(_threats(FoldedText(text)))


def _threats(folded: FoldedText) -> Iterator[Finding]:
    """Each pattern's matches over the folded text, quoted from the original, unless negated."""
    for detail, pattern in HOME_THREAT_PATTERNS:
        for match in pattern.finditer(folded.folded):
            if not _negated(folded.folded, match.start()):
                begin, end = folded.span(match)
                yield Finding("home_threat", begin, end, folded.text[begin:end], detail)


def _negated(folded: str, start: int) -> bool:
    """A threat phrase with "don't", "never" or "stop" right before it is a warning against it, not the threat."""
    return bool(_NEGATED.search(folded[max(0, start - _NEGATION_REACH) : start]))
