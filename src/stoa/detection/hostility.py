"""When a comment aimed at someone is hostile to them, and the events that tell the pile-on detector so.

A comment is hostile when a model attribute reaches its hostility threshold, when it threatens someone's home or
family or posts personal data (phone, address, profile link), or when it calls a person one of a short list of
names ("scumbag", "lowlife", "informant"). The thresholds sit below the site's hold thresholds on purpose: a
single rude comment may well be published, but many of them aimed at one person within hours is what a pile-on
is. The name list exists because the linear model under-scores some insults ("X is a lowlife" scores 0.11).

Whom the hostility is against: every named or mentioned target; the author replied to (or the post's author) only
when the comment speaks to "you" or names nobody else — "Greenstein is a scumbag" in reply to Ann is not aimed
at Ann.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

from stoa.detection.lexicon import lexicon_words
from stoa.detection.pileon import Event, EventKind
from stoa.detection.results import Finding, Scores
from stoa.detection.targets import Aim, Target, speaks_to_reader

NAME_CALLING: frozenset[str] = frozenset(
    """
    idiot idiots moron morons imbecile cretin loser losers lowlife lowlifes scumbag scumbags scum vermin degenerate
    parasite psycho lunatic thug retard retarded dumbass informant snitch
    """.split(),  # noqa: SIM905 - a word list reads best as words
)
"""Names that insult a person. Words that also judge arguments ("stupid", "garbage", "liar") are left to the model."""

HOSTILITY_THRESHOLDS: Mapping[str, float] = MappingProxyType(
    {"toxicity": 0.7, "severe_toxicity": 0.3, "insult": 0.5, "threat": 0.2, "identity_attack": 0.4}
)
_PERSONAL_DATA_WORDS = {
    "phone_number": "posts a phone number",
    "email_address": "posts an email address",
    "street_address": "posts a street address",
    "postcode": "posts a postcode",
    "profile_link": "links a personal profile",
    "home_threat": "threatens someone's home or family",
}


@dataclass(frozen=True)
class HostilityRule:
    """What makes a comment hostile: attribute thresholds (calibrated probabilities), personal data, names."""

    thresholds: Mapping[str, float] = field(default_factory=lambda: HOSTILITY_THRESHOLDS)
    personal_data: bool = True
    name_calling: frozenset[str] = NAME_CALLING


DEFAULT_HOSTILITY = HostilityRule()


def hostility_reasons(
    text: str, scores: Scores | None, findings: Iterable[Finding] = (), rule: HostilityRule = DEFAULT_HOSTILITY
) -> tuple[str, ...]:
    """Why the comment is hostile, in words ("insult 0.65 ≥ 0.50", "calls someone 'lowlife'"); empty if it is not."""
    reasons = []
    if scores is not None:
        for name, limit in rule.thresholds.items():
            value = scores.attributes.get(name, 0.0)
            if value >= limit:
                reasons.append(f"{name} {value:.2f} ≥ {limit:.2f}")
    if rule.personal_data:
        reasons.extend(dict.fromkeys(_PERSONAL_DATA_WORDS.get(f.type, f.type) for f in findings))
    reasons.extend(f"calls someone '{word}'" for word in sorted(lexicon_words(text, rule.name_calling)))
    return tuple(reasons)


def hostile_targets(text: str, targets: Iterable[Target]) -> list[Target]:
    """The targets a hostile ``text`` is against (see the module docstring for replies)."""
    targets = list(targets)
    someone_named = any(Aim.NAMED in t.aims or Aim.MENTION in t.aims for t in targets)
    addressed = not someone_named or speaks_to_reader(text)
    return [t for t in targets if addressed or Aim.NAMED in t.aims or Aim.MENTION in t.aims]


def target_events(
    text: str,
    targets: Iterable[Target],
    reasons: tuple[str, ...],
    *,
    comment: str,
    author: str,
    at: datetime,
    first_comment: bool = False,
    account_created: datetime | None = None,
    knows: Collection[str] = (),
) -> list[Event]:
    """One event per target for the pile-on detector: hostile where ``reasons`` is non-empty and the hostility is
    against that target, otherwise a plain "aimed" event (the detector learns each target's normal from these).

    ``knows``: the target keys the author has prior approved exchanges with (history with the target).
    """
    targets = list(targets)
    against = {t.key for t in hostile_targets(text, targets)} if reasons else set()
    return [
        Event(
            target=t.key,
            kind=EventKind.HOSTILE if t.key in against else EventKind.AIMED,
            at=at,
            actor=author,
            comment=comment,
            first_comment=first_comment,
            account_created=account_created,
            knows_target=t.key in knows,
            reasons=reasons if t.key in against else (),
        )
        for t in targets
    ]
