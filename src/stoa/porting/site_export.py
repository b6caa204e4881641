"""``stoa export``: the whole site as WXR or JSON, to a stream; each export is itself audited (it holds everyone's
posts, comments and account emails)."""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.utils import timezone

from stoa.moderation.audit import append_event
from stoa.porting.json_export import write_json
from stoa.porting.records import ExportCounts
from stoa.porting.wxr_export import write_wxr

WRITERS = {"wxr": write_wxr, "json": write_json}


def export_site(fmt: str, stream: TextIO, *, destination: str, now: dt.datetime | None = None) -> ExportCounts:
    """Write the site to ``stream`` as ``fmt`` and audit it (``site.exported``, naming ``destination``)."""
    now = now or timezone.now()
    counts = WRITERS[fmt](stream, now=now)
    append_event(
        "site.exported",
        target_type="site",
        target_id=fmt,
        at=now,
        actor_label="cli",
        data={"format": fmt, "to": destination, "posts": counts.posts, "comments": counts.comments},
    )
    return counts
