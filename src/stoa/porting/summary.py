"""What one import run did, counted: printed by the command and written once to the audit log."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from stoa.moderation.audit import append_event
from stoa.moderation.decisions import Status


@dataclass
class ImportSummary:
    """What one run did, counted: ``posts.created``, ``comments.existing``, ``comments.held``, ``pingbacks`` …"""

    label: str
    source: str
    counts: Counter = field(default_factory=Counter)
    skipped: dict[str, int] = field(default_factory=dict)
    unscored: str = ""

    def lines(self) -> list[str]:
        c = self.counts
        statuses = ", ".join(f"{c[f'comments.{status}']} {status}" for status in Status if c[f"comments.{status}"])
        lines = [
            f"Imported from {self.label} ({self.source}):",
            f"  posts: {c['posts.created']} new, {c['posts.existing']} already imported",
            f"  comments: {c['comments.created']} new"
            + (f" ({statuses})" if statuses else "")
            + f", {c['comments.existing']} already imported",
        ]
        mentions = [_counted(c[kind], kind) for kind in ("pingback", "trackback", "webmention") if c[kind]]
        if mentions:
            lines.append(f"    of which mentions: {', '.join(mentions)}")
        lines.append(f"  accounts: {c['authors.created']} created, {c['authors.matched']} already here")
        if c["posts.deleted_here"] or c["comments.deleted_here"]:
            lines.append(
                f"  left out, deleted here since an earlier import: {c['posts.deleted_here']} posts, "
                f"{c['comments.deleted_here']} comments"
            )
        if self.skipped:
            lines.append("  skipped: " + ", ".join(f"{count} {kind}" for kind, count in sorted(self.skipped.items())))
        lines.append(
            f"  scores: {c['comments.scored']} comments scored in batches"
            + (f"; not scored: {self.unscored}" if self.unscored else "")
        )
        return lines

    def audit(self, *, at: datetime, moderate: bool, complete: bool) -> None:
        """One event for the run, finished or not, with its counts (never one per comment)."""
        append_event(
            "import.finished" if complete else "import.stopped",
            target_type="import",
            target_id=self.label.lower()[:40],
            at=at,
            actor_label="cli",
            data={
                "source": self.source,
                "moderate": moderate,
                "complete": complete,
                "counts": dict(self.counts),
                "skipped": dict(self.skipped),
                "unscored": self.unscored,
            },
        )


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
