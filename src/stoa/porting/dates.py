"""Dates as the sources write them, read as timezone-aware UTC; a date that is not one names its record."""

from __future__ import annotations

import datetime as dt

from stoa.porting.records import RecordInvalid

_WORDPRESS_ZERO = "0000-00-00 00:00:00"


def wordpress_date(gmt: str, local: str, *, what: str) -> dt.datetime | None:
    """A WordPress date: the ``_gmt`` field, else the site-local one taken as UTC; ``None`` when neither is set
    (drafts carry zeros)."""
    for text in (gmt.strip(), local.strip()):
        if text and text != _WORDPRESS_ZERO:
            return iso_date(text.replace(" ", "T"), what=what)
    return None


def iso_date(text: str, *, what: str) -> dt.datetime:
    """An ISO 8601 moment (``2024-05-01T10:00:00Z``); one without an offset is taken as UTC."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise RecordInvalid(f"{what}: {text!r} is not a date and time (such as 2024-05-01T10:00:00Z)") from None
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def optional_iso_date(text: str | None, *, what: str) -> dt.datetime | None:
    return iso_date(text, what=what) if text else None


def unix_date(seconds: float | None, *, what: str) -> dt.datetime | None:
    """Seconds since 1970 (Isso's ``created`` and ``modified``)."""
    if seconds is None:
        return None
    try:
        return dt.datetime.fromtimestamp(float(seconds), tz=dt.UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        raise RecordInvalid(f"{what}: {seconds!r} is not a time in seconds since 1970") from None
