"""Background work for mentions, as Django tasks (``django.tasks``, backend ``STOA_TASKS_BACKEND``).

Each task takes ids and loads what it needs, doing nothing if the object is gone. Both kinds of work make requests
to other sites (up to 5 s each, 50 links a post), so they never run inside a request: with a queue backend a
worker runs these tasks; with the default immediate backend (which would run a task at once, in the request) they
are not enqueued at all (``runs_in_process``): the endpoint records the mention as queued, publishing records the
post's links, and ``stoa tick`` (from cron) verifies and sends. A failed send that may pass is retried after a
wait: a backend that can defer gets the retry enqueued for then; otherwise the next ``stoa tick`` after it is due.
"""

from __future__ import annotations

from django.tasks import task
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone

from stoa.blog.models import Post
from stoa.discussion import outgoing_mentions
from stoa.discussion.models import OutgoingMention, OutgoingStatus
from stoa.discussion.received_mentions import claim_queued, verify_claimed


@task
def verify_incoming_mention(mention_id: int) -> str:
    """Fetch a received Webmention's source and show, update or remove its thread entry; returns its status
    (``not queued`` if it is gone, already verified, or being verified elsewhere)."""
    mention = claim_queued(mention_id, now=timezone.now())
    if mention is None:
        return "not queued"
    return verify_claimed(mention, now=timezone.now()).status


@task
def send_post_mentions(post_id: int) -> int:
    """Tell the pages a post links to (each link once); returns how many were sent now."""
    post = Post.objects.filter(pk=post_id).first()
    if post is None:
        return 0
    due = outgoing_mentions.record_links(post, now=timezone.now())
    return sum(_try(outgoing) for outgoing in due)


@task
def retry_outgoing_mention(outgoing_id: int) -> bool:
    outgoing = outgoing_mentions.due_mentions(timezone.now()).filter(pk=outgoing_id).first()
    return outgoing is not None and _try(outgoing)


@task
def send_due_mentions() -> int:
    """Everything due: links of posts published lately (scheduled ones too) and retries; for a scheduler."""
    return outgoing_mentions.send_due(now=timezone.now())


def runs_in_process() -> bool:
    """Whether the tasks backend would run a task at once in the enqueuing process (the immediate backend): then
    mention work is left to ``stoa tick`` instead of being enqueued."""
    return isinstance(verify_incoming_mention.get_backend(), ImmediateBackend)


def _try(outgoing: OutgoingMention) -> bool:
    outgoing = outgoing_mentions.try_due(outgoing, now=timezone.now())
    if outgoing is None:  # another process has it
        return False
    if outgoing.status == OutgoingStatus.PENDING and retry_outgoing_mention.get_backend().supports_defer:
        retry_outgoing_mention.using(run_after=outgoing.next_attempt_at).enqueue(outgoing.pk)
    return outgoing.status == OutgoingStatus.SENT
