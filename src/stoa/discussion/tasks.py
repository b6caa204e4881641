"""Background work for mentions, as Django tasks (``django.tasks``, backend ``STOA_TASKS_BACKEND``).

Each task takes ids and loads what it needs, doing nothing if the object is gone. With the default immediate
backend a task runs at once in the enqueuing process (after the request's transaction commits); with a queue
backend a worker runs it. A failed send that may pass is retried after a wait: a backend that can defer gets the
retry enqueued for then; with the immediate backend, ``stoa manage send_mentions`` (from cron) sends what is due.
"""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from stoa.blog.models import Post
from stoa.discussion import outgoing_mentions
from stoa.discussion.models import IncomingMention, OutgoingMention, OutgoingStatus
from stoa.discussion.received_mentions import verify_mention


@task
def verify_incoming_mention(mention_id: int) -> str:
    """Fetch a received Webmention's source and show, update or remove its thread entry; returns its status."""
    mention = IncomingMention.objects.select_related("post", "comment").filter(pk=mention_id).first()
    if mention is None:
        return "missing"
    return verify_mention(mention, now=timezone.now()).status


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


def _try(outgoing: OutgoingMention) -> bool:
    outgoing = outgoing_mentions.send_mention(outgoing, now=timezone.now())
    if outgoing.status == OutgoingStatus.PENDING and retry_outgoing_mention.get_backend().supports_defer:
        retry_outgoing_mention.using(run_after=outgoing.next_attempt_at).enqueue(outgoing.pk)
    return outgoing.status == OutgoingStatus.SENT
