"""Exporting the audit log for a range of days, as JSON or CSV, for ``stoa audit`` and the moderators' download.

Days are inclusive and counted in UTC: ``events_between(date(2024, 5, 1), date(2024, 5, 2))`` holds everything
from 2024-05-01 00:00 up to, but not including, 2024-05-03 00:00 UTC. Each event is written with ``at`` (ISO 8601,
UTC), ``actor`` (``pipeline`` or a username), ``action``, ``target`` (``discussion.comment:12``), ``reasons`` (a
list of strings) and ``data`` (the figures recorded with it).

Every export is itself audited: an ``audit.exported`` event with the range, the format, where it was made (``web``
or ``cli``) and whether it was written to the end (``stoa audit | head`` stops early, and that is not an error).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from django.db.models import QuerySet
from django.utils import timezone

from stoa.moderation.audit import append_event
from stoa.moderation.models import AuditEvent

COLUMNS = ("at", "actor", "action", "target", "reasons", "data")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
type DateRange = tuple[dt.date | None, dt.date | None]


class AuditRangeError(ValueError):
    """A date that is not ``YYYY-MM-DD``, or a range that ends before it starts; the message names the field."""


def parse_day(text: str | None, name: str) -> dt.date | None:
    """``"2024-05-01"`` → a date; empty or ``None`` → no bound; anything else raises ``AuditRangeError``."""
    if not text:
        return None
    refusal = AuditRangeError(f"{name} must be a date written YYYY-MM-DD, not {text!r}.")
    if not _DAY.fullmatch(text):
        raise refusal
    try:
        return dt.date.fromisoformat(text)
    except ValueError:  # a well-formed date that does not exist: 2024-02-30
        raise refusal from None


def parse_range(since: str | None, until: str | None, names: tuple[str, str] = ("since", "until")) -> DateRange:
    """Both bounds parsed and checked: ``since`` may not fall after ``until``."""
    first, last = parse_day(since, names[0]), parse_day(until, names[1])
    if first and last and first > last:
        raise AuditRangeError(f"{names[0]} ({first}) falls after {names[1]} ({last}).")
    return first, last


def events_between(since: dt.date | None = None, until: dt.date | None = None) -> QuerySet[AuditEvent]:
    """The events from the start of ``since`` to the end of ``until`` (UTC, inclusive), oldest first."""
    events = AuditEvent.objects.all()
    if since is not None:
        events = events.filter(at__gte=_midnight(since))
    if until is not None:
        events = events.filter(at__lt=_midnight(until + dt.timedelta(days=1)))
    return events.order_by("at", "id")


def latest_events(limit: int = 100) -> QuerySet[AuditEvent]:
    """The newest ``limit`` events, newest first, for the audit page."""
    return AuditEvent.objects.order_by("-at", "-id")[:limit]


def event_record(event: AuditEvent) -> dict[str, Any]:
    """One event as the export writes it."""
    return {
        "at": event.at.astimezone(dt.UTC).isoformat(),
        "actor": event.actor_label,
        "action": event.action,
        "target": f"{event.target_type}:{event.target_id}",
        "reasons": [str(reason) for reason in event.reasons],
        "data": event.data,
    }


def as_json(events: Iterable[AuditEvent], stream: TextIO) -> None:
    """Write a JSON list, one event a line, without holding the whole export in memory."""
    stream.write("[")
    for index, event in enumerate(_each(events)):
        stream.write(("," if index else "") + "\n" + json.dumps(event_record(event), ensure_ascii=False))
    stream.write("\n]\n")


def as_csv(events: Iterable[AuditEvent], stream: TextIO) -> None:
    """Write a header row then one row an event: reasons joined with "; ", data as JSON."""
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    for event in _each(events):
        record = event_record(event)
        record["reasons"] = "; ".join(record["reasons"])
        record["data"] = json.dumps(record["data"], ensure_ascii=False, sort_keys=True)
        writer.writerow(record[column] for column in COLUMNS)


WRITERS = {"json": as_json, "csv": as_csv}


def record_export(
    since: dt.date | None,
    until: dt.date | None,
    fmt: str,
    *,
    via: str,
    actor=None,
    complete: bool = True,
    now: dt.datetime | None = None,
) -> AuditEvent:
    """Audit one export: ``audit.exported``, target ``audit_log:<since>..<until>`` (``*`` for an open end)."""
    data = {
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        "format": fmt,
        "via": via,
        "complete": complete,
    }
    return append_event(
        "audit.exported",
        target_type="audit_log",
        target_id=f"{since or '*'}..{until or '*'}",
        at=now or timezone.now(),
        actor=actor,
        actor_label="" if actor is not None else via,
        data=data,
    )


def export_to_stdout(since: dt.date | None, until: dt.date | None, fmt: str) -> int:
    """``stoa audit``: write the export to stdout, stop quietly if the reader goes away, then audit the export.

    A reader such as ``head`` closes the pipe early; the rest of the export is dropped without a traceback and the
    command still succeeds (the event records ``complete: false``).
    """
    complete = True
    try:
        WRITERS[fmt](events_between(since, until), sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:
        complete = False
        # Python flushes stdout again on exit and would report the broken pipe there: send what is left nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    record_export(since, until, fmt, via="cli", complete=complete)
    return 0


def _each(events: Iterable[AuditEvent]) -> Iterable[AuditEvent]:
    return events.iterator() if isinstance(events, QuerySet) else events


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)
