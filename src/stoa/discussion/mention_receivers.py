"""Where sending mentions starts: a post saved as published (and published lately) has its links told.

Connected in ``DiscussionConfig.ready``. After the transaction commits (so a page we link to that fetches our post
at once finds it), a queue backend gets the task that sends; with the immediate tasks backend, which would send in
the editor's request (up to 50 links, 5 s each), the links are only recorded, and ``stoa tick`` sends them.
Saving the post again tells only links it did not have before.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from stoa.blog.models import Post
from stoa.discussion import tasks
from stoa.discussion.outgoing_mentions import is_newly_published, record_links


@receiver(post_save, sender=Post, dispatch_uid="stoa-send-mentions")
def post_saved(sender, instance: Post, raw: bool = False, **kwargs) -> None:
    if raw or not settings.CONFIG.send_mentions or not is_newly_published(instance, timezone.now()):
        return
    post_id = instance.pk
    transaction.on_commit(lambda: _start_sending(post_id))


def _start_sending(post_id: int) -> None:
    if not tasks.runs_in_process():
        tasks.send_post_mentions.enqueue(post_id)
        return
    post = Post.objects.filter(pk=post_id).first()
    if post is not None:
        record_links(post, now=timezone.now())
