"""Phone numbers and email addresses: the ways to reach a person directly, found with their exact spans."""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberType

from stoa.detection.personal_data_spans import overlaps, without_overlaps
from stoa.detection.results import Finding

DEFAULT_REGIONS: tuple[str, ...] = ("GB", "US", "IE", "DE", "FR", "AU", "CA", "IN")
_MIN_PHONE_DIGITS = 7
_DIALLED_DIGITS = 10  # a number written from its trunk "0" or a "+" with this many digits is dialled as written
_MAX_PHONE_DIGITS = 15
_WALL_DIGITS = 30  # two numbers side by side have fewer digits; a run with more is a table or a list, not a phone
_MAX_CANDIDATES = 200  # per region and pass: bounds the matcher's time on a number-heavy text (its default is 65535)
_MIN_DISTINCT_DIGITS = 3  # "0.000000000" is a decimal, not a number anyone dials
_ORGANISATION_TYPES = frozenset({PhoneNumberType.TOLL_FREE, PhoneNumberType.PREMIUM_RATE, PhoneNumberType.SHARED_COST})
_CARD_DIGITS = (13, 19)
_DIGIT = re.compile(r"\d")
_DIGIT_RUN = re.compile(r"[+(]?\d(?:[\d \t().\-/]*\d)?")
_IP_ADDRESS = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_SSN = re.compile(r"\d{3}-\d{2}-\d{4}")
_NUMBER_TEXT = r"\+?\(?\d[\d()\t .-]{4,22}\d(?:[\t ]?(?:x|ext\.?)[\t ]?\d{1,5})?"  # on one line
_CUED_PHONE = re.compile(
    r"\b(?:phone|mobile|mob|cell|cellphone|tel|telephone|landline|fax|desk|whatsapp|sms|text\s+(?:me|her|him)"
    r"|call\s+(?:me|her|him|them)|ring\s+(?:me|her|him|them)|(?:my|her|his|their|phone)\s+number\s+is)"
    r"\b(?:\s+(?:on|at|number|no\.?))?[^\S\n]*[:#.-]?\s*"
    rf"(?P<number>{_NUMBER_TEXT})(?![\w-])"
    rf"|(?<![\w+(.-])(?P<labelled>{_NUMBER_TEXT})[^\S\n]?-?[^\S\n]?(?:office|fax|mobile|cell|home|work)\b",
    re.IGNORECASE,
)
_DIALLED_START = re.compile(r"^(?:\+|\(?0)")
_SPELT_AT = re.compile(r"[\[({]at[\])}]", re.IGNORECASE)
_EMAIL = re.compile(
    r"(?<![\w.%+-])[\w%+-]+(?:\.[\w%+-]+)*"
    r"(?:@|\s?[\[({]at[\])}]\s?)"
    r"[^\W_](?:[\w-]*[^\W_])?(?:(?:\.|\s?[\[({]dot[\])}]\s?)[^\W_](?:[\w-]*[^\W_])?)*"
    r"(?:\.|\s?[\[({]dot[\])}]\s?)[a-z]{2,24}(?![\w-])",
    re.IGNORECASE,
)


def find_phone_numbers(text: str, *, regions: tuple[str, ...] = DEFAULT_REGIONS) -> list[Finding]:
    """Numbers that are valid phone numbers in one of ``regions`` (or anywhere, when written with ``+``).

    Each region's ``PhoneNumberMatcher`` runs; one number read by several regions is kept once. A number the
    library thinks unallocated is still kept when it is written the way people dial (``+`` or a trunk ``0`` and
    at least ten digits): fictional ranges (Ofcom's 07700 900xxx) and newly opened ones are real enough here.
    """
    runs = [(run, len(_DIGIT.findall(run.group(0)))) for run in _DIGIT_RUN.finditer(text)]
    if not any(_MIN_PHONE_DIGITS <= digits <= _WALL_DIGITS for _, digits in runs):
        return []
    searchable = _without_walls(text, runs)
    readings = [found for region in regions for found in _valid_numbers(searchable, region)]
    organisations = [found for found in readings if found.extra.get("line") == "organisation"]
    valid = without_overlaps(found for found in readings if not overlaps(found, organisations))
    dialled = [found for region in regions for found in _dialled_numbers(searchable, region)]
    matched = without_overlaps([*valid, *(found for found in dialled if not overlaps(found, valid))])
    cued = [found for found in _cued_numbers(text) if not overlaps(found, matched)]
    return [found for found in without_overlaps([*matched, *cued]) if _stands_alone(text, found)]


def _without_walls(text: str, runs: list[tuple[re.Match[str], int]]) -> str:
    """The text with runs of more digits than any phone number blanked out (same length, so offsets hold).

    A wall of numbers (a table, a list of years) costs the matcher dearly and holds no phone number.
    """
    for run, digits in runs:
        if digits > _WALL_DIGITS:
            text = text[: run.start()] + " " * (run.end() - run.start()) + text[run.end() :]
    return text


def _valid_numbers(text: str, region: str) -> Iterator[Finding]:
    """The numbers in ``text`` that the library knows to be in use, reading local numbers as ``region``'s.

    Freephone and premium-rate numbers belong to organisations (a helpline, a switchboard), not to a person:
    they are marked ``line="organisation"`` so that ``find_phone_numbers`` drops them under every reading.
    """
    for match in phonenumbers.PhoneNumberMatcher(text, region, Leniency.VALID, _MAX_CANDIDATES):
        yield _phone_finding(match, valid=True)


def _dialled_numbers(text: str, region: str) -> Iterator[Finding]:
    """Numbers of a plausible length, not known to be in use, but written as dialled (``+`` or trunk ``0``)."""
    for match in phonenumbers.PhoneNumberMatcher(text, region, Leniency.POSSIBLE, _MAX_CANDIDATES):
        if _looks_dialled(match.raw_string) and not phonenumbers.is_valid_number(match.number):
            yield _phone_finding(match, valid=False)


def _cued_numbers(text: str) -> Iterator[Finding]:
    """Any plausible run of digits labelled as a phone number ("Phone: 780 6326", "her number is 9472 7916").

    The label is what makes it a phone number, so the digits may be of any country's format.
    """
    for match in _CUED_PHONE.finditer(text):
        begin, end = match.span(match.lastgroup)
        yield Finding("phone_number", begin, end, text[begin:end], "phone number (labelled as one)")


def _stands_alone(text: str, found: Finding) -> bool:
    """Seven to fifteen digits, not cut out of something else: a link, a bank account (IBAN), an IP address, a
    payment card or a social security number.

    Card numbers (13–19 digits passing the Luhn check, never starting with 0 or +) are personal data of another
    kind; a number glued to letters is part of a code; 3-2-4 digits is the US social security format.
    """
    raw = found.text
    if not _MIN_PHONE_DIGITS <= len(_DIGIT.findall(raw)) <= _MAX_PHONE_DIGITS:
        return False
    glued = (found.begin > 0 and text[found.begin - 1].isalnum()) or (
        found.end < len(text) and text[found.end].isalnum()
    )
    in_link = any(link.start() <= found.begin < link.end() for link in _URL.finditer(text))
    return not (glued or in_link or _IP_ADDRESS.fullmatch(raw) or _SSN.fullmatch(raw) or _is_card_number(raw))


def _is_card_number(raw: str) -> bool:
    """13 to 19 digits, not written as dialled, whose Luhn checksum holds: a payment card, not a phone."""
    digits = [int(char) for char in raw if char.isdigit()]
    if raw.startswith(("+", "0", "(")) or not _CARD_DIGITS[0] <= len(digits) <= _CARD_DIGITS[1]:
        return False
    checksum = sum(digits[-1::-2]) + sum(sum(divmod(2 * digit, 10)) for digit in digits[-2::-2])
    return checksum % 10 == 0


def _looks_dialled(raw: str) -> bool:
    """Written from its international ``+`` or national trunk ``0`` with enough digits to be a whole number."""
    digits = _DIGIT.findall(raw)
    return (
        bool(_DIALLED_START.match(raw)) and len(digits) >= _DIALLED_DIGITS and len(set(digits)) >= _MIN_DISTINCT_DIGITS
    )


def _phone_finding(match: phonenumbers.PhoneNumberMatch, valid: bool) -> Finding:
    """A finding that names the number's country and its canonical (E.164) form."""
    region = phonenumbers.region_code_for_number(match.number) or "unknown region"
    e164 = phonenumbers.format_number(match.number, PhoneNumberFormat.E164)
    detail = f"phone number ({region})" if valid else f"possible phone number ({region}; range not known to be in use)"
    line = "organisation" if phonenumbers.number_type(match.number) in _ORGANISATION_TYPES else "personal"
    extra = {"e164": e164, "region": region, "line": line}
    return Finding("phone_number", match.start, match.end, match.raw_string, detail, extra)


def find_email_addresses(text: str) -> list[Finding]:
    """Email addresses, also when spelt out to dodge filters (``jane [at] example [dot] com``)."""
    if "@" not in text and not _SPELT_AT.search(text):  # the full pattern is slow to fail; this is not
        return []
    return [
        Finding("email_address", match.start(), match.end(), match.group(0), "email address")
        for match in _EMAIL.finditer(text)
    ]
