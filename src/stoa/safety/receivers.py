"""Where pile-on defence listens: a new report (part of a report flood?), a new shield or one that ran out (tell
people), and an account being deleted (its name leaves the detector's memory)."""

from __future__ import annotations

import secrets

from stoa.detection.people_register import member_key
from stoa.safety.models import AimedComment
from stoa.safety.tasks import notify_shield_lifted, notify_shield_opened, watch_reports_against


def on_report_status_changed(sender, *, report, previous, **_ignored) -> None:
    """A report was just filed (no previous status): check its target for a flood (sent after commit)."""
    if previous is None and report.comment_id is not None:
        watch_reports_against.enqueue(report.pk)


def on_shield_opened(sender, *, shield, **_ignored) -> None:
    notify_shield_opened.enqueue(shield.pk)


def on_shield_lifted(sender, *, shield, **_ignored) -> None:
    notify_shield_lifted.enqueue(shield.pk)


def forget_deleted_author(sender, *, instance, **_ignored) -> None:
    """A deleted account's comments stay aimed at whom they were, under a random name instead of theirs."""
    AimedComment.objects.filter(author_key=member_key(instance.get_username())).update(
        author_key=f"former:{secrets.token_hex(6)}"
    )
