"""Where webhook events start: receivers of the signals that comments, reports and shields send after commit.

Connected in ``ApiConfig.ready``. Each receiver builds the event's data (``stoa.api.webhooks``) and hands it to
``webhooks_tasks.dispatch``. A receiver never lets an error escape: the change it reports on is already committed,
and a webhook's trouble must not turn the commenter's or moderator's page into an error (it is logged instead).
"""

from __future__ import annotations

import functools
import logging

from stoa.api import webhooks
from stoa.api.models import WebhookEvent
from stoa.api.webhooks_tasks import dispatch

logger = logging.getLogger(__name__)


def _logged(receiver):
    @functools.wraps(receiver)
    def run(*args, **kwargs) -> None:
        try:
            receiver(*args, **kwargs)
        except Exception:  # noqa: BLE001 - logged with its traceback; the signal's sender has already committed
            logger.exception("webhook event from %s not recorded", receiver.__name__)

    return run


@_logged
def on_comment_decided(sender, *, comment, decision, **_ignored) -> None:
    """The pipeline decided a submitted or edited comment."""
    event = webhooks.COMMENT_EVENTS.get(decision.status)
    if event is not None:
        dispatch(event, webhooks.comment_data(comment, decided_by="pipeline"))


@_logged
def on_comment_moderated(sender, *, comment, status, previous=None, **_ignored) -> None:
    """A moderator approved, rejected, marked as spam or held a comment."""
    event = webhooks.COMMENT_EVENTS.get(status)
    if event is not None:
        dispatch(event, webhooks.comment_data(comment, decided_by="moderator", previous=previous))


@_logged
def on_comment_hidden_by_reports(sender, *, comment, **_ignored) -> None:
    """Readers' reports hid a published comment pending review: it is held now."""
    data = webhooks.comment_data(comment, decided_by="reports", previous="published")
    dispatch(WebhookEvent.COMMENT_HELD, data)


@_logged
def on_report_status_changed(sender, *, report, previous=None, **_ignored) -> None:
    """Only a report just filed (``previous`` is ``None``) is an event; its later steps are not."""
    if previous is None:
        dispatch(WebhookEvent.REPORT_FILED, webhooks.report_data(report))


@_logged
def on_shield_opened(sender, *, shield, **_ignored) -> None:
    dispatch(WebhookEvent.SHIELD_OPENED, webhooks.shield_data(shield))


def connect() -> None:
    """Connect the receivers (idempotent: each has a ``dispatch_uid``)."""
    from stoa.discussion import signals as discussion_signals
    from stoa.moderation import signals as moderation_signals
    from stoa.safety.shields import shield_opened

    discussion_signals.comment_decided.connect(on_comment_decided, dispatch_uid="webhooks-comment-decided")
    discussion_signals.comment_moderated.connect(on_comment_moderated, dispatch_uid="webhooks-comment-moderated")
    moderation_signals.comment_hidden_by_reports.connect(
        on_comment_hidden_by_reports, dispatch_uid="webhooks-comment-hidden"
    )
    moderation_signals.report_status_changed.connect(on_report_status_changed, dispatch_uid="webhooks-report-filed")
    shield_opened.connect(on_shield_opened, dispatch_uid="webhooks-shield-opened")
