"""Where pile-on defence listens: a new report may be part of a report flood against the reported member."""

from __future__ import annotations

from stoa.safety.tasks import watch_reports_against


def on_report_status_changed(sender, *, report, previous, **_ignored) -> None:
    """A report was just filed (no previous status): check its target for a flood (sent after commit)."""
    if previous is None and report.comment_id is not None:
        watch_reports_against.enqueue(report.pk)
