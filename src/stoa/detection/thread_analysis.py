"""Run the detector over one thread as the site would have met it, comment by comment (``stoa analyze``).

For each comment, in publication order: its scores (the trained model, one batch for the whole thread), personal
data, targets and whether it is hostile to them; the events go to a fresh ``PileOnDetector``, a pile-on alert
opens a shield on its target for ``STOA_SHIELD_DURATION`` (72 h), and the decision is what the site's pipeline
would decide: reject or hold on the site's score thresholds (``STOA_REJECT_THRESHOLDS``, ``STOA_HOLD_THRESHOLDS``),
hold on personal data (``STOA_HOLD_PERSONAL_DATA``), and hold a comment aimed at a shielded target by an author
without prior history with them, "shield for X" (the comment that opens a shield is held by it too).

A file carries no accounts, so history is what the thread shows: an author's first comment in the thread has none,
and an author knows a target once one of them published a non-hostile comment aimed at the other. The detector
starts with no normal rate for anyone (the floor, one comment a day, stands in for it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from stoa.detection.classifier import score
from stoa.detection.hostility import DEFAULT_HOSTILITY, HostilityRule, hostility_reasons, target_events
from stoa.detection.people_register import Person, Register, member_key
from stoa.detection.personal_data import find_personal_data
from stoa.detection.pileon import DEFAULT_THRESHOLDS, Alert, AlertLevel, Event, PileOnDetector, PileOnThresholds
from stoa.detection.results import Finding, Scores
from stoa.detection.targets import RepliedTo, Target, find_targets, person_for_name
from stoa.detection.thread_input import Thread, ThreadComment
from stoa.detection.unregistered_names import find_unregistered_names

SHIELD_DURATION = timedelta(hours=72)
PERSONAL_DATA_LABELS = {
    "phone_number": "phone number",
    "email_address": "email address",
    "street_address": "street address",
    "postcode": "postcode",
    "profile_link": "link to a personal profile",
    "home_threat": "threat against someone's home or family",
}


@dataclass(frozen=True)
class Policy:
    """The site settings a decision depends on (``stoa.config`` reads them from the environment)."""

    hold_thresholds: Mapping[str, float]
    reject_thresholds: Mapping[str, float] = field(default_factory=dict)
    hold_personal_data: bool = True
    shield_duration: timedelta = SHIELD_DURATION
    hostility: HostilityRule = DEFAULT_HOSTILITY
    pile_on: PileOnThresholds = DEFAULT_THRESHOLDS


@dataclass(frozen=True)
class Shield:
    target: str
    name: str
    opened: datetime
    until: datetime
    by_comment: str


@dataclass(frozen=True)
class CommentResult:
    comment: ThreadComment
    scores: Scores
    personal_data: tuple[Finding, ...]
    targets: tuple[Target, ...]
    hostile: tuple[str, ...]  # why it is hostile; empty when it is not
    hostile_to: tuple[str, ...]  # target keys the hostility is against
    decision: str  # "publish", "hold" or "reject"
    reasons: tuple[str, ...]


@dataclass
class TargetReport:
    key: str
    name: str
    hostile_events: list[Event] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    shield: Shield | None = None


@dataclass(frozen=True)
class Analysis:
    thread: Thread
    model: str
    comments: tuple[CommentResult, ...]
    targets: tuple[TargetReport, ...]


def crossed(scores: Scores, bands: Mapping[str, float]) -> list[str]:
    """The attributes at or above their band, in the site's words ("insult 0.65 ≥ 0.60")."""
    return [f"{name} {scores[name]:.2f} ≥ {limit:.2f}" for name, limit in bands.items() if scores[name] >= limit]


def initial_register(thread: Thread) -> tuple[Register, set[str]]:
    """Members (the post's author and every commenter) and the people the post discusses (full names in it)."""
    usernames = {thread.post.author, *(comment.author for comment in thread.comments)}
    members = [Person.member(name) for name in sorted(usernames)]
    member_keys = {person.key for person in members}
    discussed = find_unregistered_names(f"{thread.post.title}\n{thread.post.body}")
    people = [Person.named(n.name) for n in discussed if member_key(n.name) not in member_keys]
    return Register([*members, *people]), usernames


class _ThreadWalk:
    """The state of one pass over a thread: register, detector, shields and who knows whom so far."""

    def __init__(self, thread: Thread, policy: Policy) -> None:
        self.thread, self.policy = thread, policy
        self.register, self.members = initial_register(thread)
        self.detector = PileOnDetector(policy.pile_on)
        self.authors = {comment.id: comment.author for comment in thread.comments}
        self.seen_authors: set[str] = set()
        self.exchanges: set[tuple[str, str]] = set()
        self.shields: dict[str, Shield] = {}
        self.reports: dict[str, TargetReport] = {}

    def visit(self, comment: ThreadComment, scores: Scores) -> CommentResult:
        findings = tuple(find_personal_data(comment.text))
        targets = self._targets(comment)
        hostile = hostility_reasons(comment.text, scores, findings, self.policy.hostility)
        author_key = member_key(comment.author)
        events = target_events(
            comment.text,
            targets,
            hostile,
            comment=comment.id,
            author=comment.author,
            at=comment.published,
            first_comment=comment.author not in self.seen_authors,
            knows={key for key in (t.key for t in targets) if (author_key, key) in self.exchanges},
        )
        self._observe(comment, events, targets)
        rejected = tuple(crossed(scores, self.policy.reject_thresholds))
        reasons = rejected + self._hold_reasons(comment.published, scores, findings, events)
        decision = "reject" if rejected else "hold" if reasons else "publish"
        hostile_to = tuple(e.target for e in events if e.reasons)
        if decision == "publish":
            self._remember_exchanges(author_key, events)
        self.seen_authors.add(comment.author)
        return CommentResult(comment, scores, findings, tuple(targets), hostile, hostile_to, decision, reasons)

    def _targets(self, comment: ThreadComment) -> list[Target]:
        reply = RepliedTo(comment.reply_to, self.authors[comment.reply_to]) if comment.reply_to else None
        targets = find_targets(
            comment.text,
            author=comment.author,
            reply_to=reply,
            register=self.register,
            members=self.members,
            post_author=self.thread.post.author,
        )
        learned = [person for target in targets if (person := person_for_name(target))]
        if learned:
            self.register = self.register.including(*learned)
        return targets

    def _observe(self, comment: ThreadComment, events: list[Event], targets: list[Target]) -> None:
        names = {t.key: t.name for t in targets}
        for event in events:
            report = self.reports.setdefault(event.target, TargetReport(event.target, names[event.target]))
            if event.reasons:
                report.hostile_events.append(event)
            alert = self.detector.observe(event)
            if alert is None:
                continue
            report.alerts.append(alert)
            if alert.level is AlertLevel.PILE_ON and not self._shielded(event.target, alert.at):
                until = alert.at + self.policy.shield_duration
                report.shield = Shield(event.target, report.name, alert.at, until, comment.id)
                self.shields[event.target] = report.shield

    def _shielded(self, target: str, at: datetime) -> bool:
        shield = self.shields.get(target)
        return shield is not None and shield.opened <= at < shield.until

    def _hold_reasons(self, at: datetime, scores: Scores, findings, events: list[Event]) -> tuple[str, ...]:
        reasons = crossed(scores, self.policy.hold_thresholds)
        if findings and self.policy.hold_personal_data:
            kinds = ", ".join(dict.fromkeys(PERSONAL_DATA_LABELS.get(f.type, f.type) for f in findings))
            reasons.append(f"personal information: {kinds}")
        for event in events:
            if not event.knows_target and self._shielded(event.target, at):
                reasons.append(f"shield for {self.shields[event.target].name}")
        return tuple(reasons)

    def _remember_exchanges(self, author_key: str, events: list[Event]) -> None:
        for event in events:
            if not event.reasons:
                self.exchanges.add((author_key, event.target))
                self.exchanges.add((event.target, author_key))


def analyse_thread(thread: Thread, policy: Policy, *, scores: list[Scores] | None = None) -> Analysis:
    """The whole thread, comment by comment, then per target (see the module docstring)."""
    texts = [comment.text for comment in thread.comments]
    scores = scores if scores is not None else (score(texts) if texts else [])
    walk = _ThreadWalk(thread, policy)
    results = tuple(walk.visit(comment, result) for comment, result in zip(thread.comments, scores, strict=True))
    model = scores[0].model if scores else ""
    return Analysis(thread, model, results, tuple(walk.reports.values()))
