"""Run the pile-on detector over what the database remembers about a comment's targets, and open shields.

Each web process may be a different one, so the detector is not kept in memory between comments: for each target
of a new comment, the last 30 days of comments aimed at them (at most ``MAX_REPLAYED`` of them) and the reports
against their own comments in the window are replayed into a fresh ``PileOnDetector``. On a pile-on the target is
shielded, the hostile comments already published in the window are collapsed for readers pending review, and the
target (if a member) and the moderators are told. Called from a task after the comment's transaction commits.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction

from stoa.detection.people_register import member_key
from stoa.detection.pileon import DEFAULT_THRESHOLDS, AlertLevel, Event, EventKind, PileOnDetector, level_for
from stoa.detection.pileon import reasons_for as alert_reasons
from stoa.moderation.models import Report
from stoa.safety.models import AimedComment, Shield
from stoa.safety.shields import open_shield, open_shields

MAX_REPLAYED = 2000


def events_for_target(target_key: str, member_id: int | None, until: datetime) -> list[Event]:
    """The detector's input for one target up to ``until``: aimed comments over the normal period, then reports."""
    limits = DEFAULT_THRESHOLDS
    aimed = AimedComment.objects.filter(target_key=target_key, at__gt=until - limits.normal_period, at__lte=until)
    rows = list(aimed.order_by("-at", "-id")[:MAX_REPLAYED])[::-1]
    events = [_aimed_event(row) for row in rows]
    if member_id is not None:
        reports = Report.objects.filter(
            comment__author_id=member_id, created_at__gt=until - limits.window, created_at__lte=until
        ).select_related("reporter")
        events += [_report_event(target_key, report) for report in reports]
    return sorted(events, key=lambda event: event.at)


def _aimed_event(row: AimedComment) -> Event:
    return Event(
        target=row.target_key,
        kind=EventKind.HOSTILE if row.hostile else EventKind.AIMED,
        at=row.at,
        actor=row.author_key,
        comment=str(row.comment_id),
        first_comment=row.author_first_comment,
        account_created=row.author_joined,
        knows_target=row.author_knows_target,
    )


def _report_event(target_key: str, report: Report) -> Event:
    reporter = report.reporter
    return Event(
        target=target_key,
        kind=EventKind.REPORT,
        at=report.created_at,
        actor=f"reporter:{report.reporter_id or report.pk}",
        comment=str(report.comment_id),
        account_created=reporter.date_joined if reporter is not None else None,
        first_comment=False,
        knows_target=False,
    )


def watch_comment(comment_id: int, now: datetime) -> list[Shield]:
    """Check each target of the comment for a pile-on; return the shields this opened."""
    if not settings.CONFIG.pileon_detection:
        return []
    opened = []
    for row in AimedComment.objects.filter(comment_id=comment_id, hostile=True).select_related("target_member"):
        shield = check_target(row.target_key, row.target_label, row.target_member, at=row.at, now=now)
        if shield is not None:
            opened.append(shield)
    return opened


def watch_reported_member(member, at: datetime, now: datetime) -> Shield | None:
    """After a report against a member's comment: a flood of reports from new accounts is a pile-on signal too."""
    if not settings.CONFIG.pileon_detection:
        return None
    label = member.display_name or member.get_username()
    return check_target(member_key(member.get_username()), label, member, at=at, now=now)


def check_target(target_key: str, label: str, member, *, at: datetime, now: datetime) -> Shield | None:
    """Replay the target's history up to ``at``; open a shield if it reads as a pile-on and none is open."""
    if open_shields([target_key], now) or _recently_ended(target_key, now):
        return None
    until = max(at, now)  # comments committed after this one's time but before now count too (concurrent writers)
    detector = PileOnDetector()
    alerts = detector.observe_all(events_for_target(target_key, member.pk if member else None, until))
    figures = detector.figures(target_key, until)
    if figures is None or level_for(figures) is not AlertLevel.PILE_ON:
        return None
    # The level can reach pile-on at ``until`` without any single event raising it (an older author left the
    # window): then the record is the figures alone.
    alert = next((a for a in reversed(alerts) if a.level is AlertLevel.PILE_ON), None)
    record = alert.to_dict() if alert is not None else {"target": target_key, "level": str(AlertLevel.PILE_ON)}
    reason = "pile-on: " + "; ".join(alert_reasons(figures))
    with transaction.atomic():
        shield = open_shield(
            target_key,
            label,
            origin=Shield.Origin.ALERT,
            reason=reason,
            member=member,
            alert=record | {"figures": figures.to_dict()},
            now=now,
        )
    return shield


def _recently_ended(target_key: str, now: datetime) -> bool:
    """A shield someone ended within the window is not reopened by the same burst: they chose to end it."""
    since = now - DEFAULT_THRESHOLDS.window
    return Shield.objects.filter(target_key=target_key, ended_at__gte=since, ended_by__isnull=False).exists()
