"""Personal data in a comment: phone numbers, email addresses, street addresses, postcodes, profile links, and
threats aimed at someone's home or family ("we know where you live").

Posting where someone lives, or how to reach them, is how a pile-on moves off the page; so the pipeline looks for
it in every comment. Use it as ``find_personal_data(text)``: a list of ``Finding``s, sorted by where they begin,
each with ``text[begin:end]`` the matched characters and ``detail`` saying what was recognised. Findings of one
type never overlap; findings of different types may (an address inside a threat).

Each kind has its own module, all pure Python: ``personal_data_contact`` (phones, emails), ``personal_data_links``
(profile links), ``personal_data_address`` (street addresses, postcodes) and ``personal_data_threats``.
"""

from __future__ import annotations

from collections.abc import Iterable

from stoa.detection.personal_data_address import find_addresses
from stoa.detection.personal_data_contact import DEFAULT_REGIONS, find_email_addresses, find_phone_numbers
from stoa.detection.personal_data_links import find_profile_links
from stoa.detection.personal_data_threats import find_home_threats
from stoa.detection.results import Finding

__all__ = ["DEFAULT_REGIONS", "find_personal_data"]


def find_personal_data(text: str, *, regions: Iterable[str] = DEFAULT_REGIONS) -> list[Finding]:
    """Every piece of personal data and every home or family threat in ``text``, sorted by where it begins.

    ``regions``: the countries whose local phone-number formats are tried (ISO 3166 codes); a number written with
    its ``+`` country code is found under any of them.
    """
    links = find_profile_links(text)
    emails = [email for email in find_email_addresses(text) if not _inside_any(email, links)]
    findings = [
        *find_phone_numbers(text, regions=tuple(regions)),
        *emails,
        *find_addresses(text),
        *links,
        *find_home_threats(text),
    ]
    return sorted(findings, key=lambda finding: (finding.begin, finding.end, finding.type))


def _inside_any(finding: Finding, others: Iterable[Finding]) -> bool:
    """A fediverse handle (``@jane@mastodon.social``) is a profile link, not also an email address."""
    return any(other.begin <= finding.begin and finding.end <= other.end for other in others)
