"""Numbering imported comments: the thread's row is locked once per post, numbers are counted in memory, and the
thread's highest number is stored once at the end (``discussion.numbering`` does one UPDATE per comment)."""

from __future__ import annotations

from django.db.models import F

from stoa.discussion.models import Comment, Thread
from stoa.moderation.decisions import Status


class ThreadNumbers:
    """The numbers of one thread while an import writes its comments. Create and ``store`` in one transaction."""

    def __init__(self, thread: Thread) -> None:
        # A write that changes nothing, for the lock: a comment submitted meanwhile waits, then numbers after ours.
        Thread.objects.filter(pk=thread.pk).update(last_number=F("last_number"))
        self.thread_id = thread.pk
        self.first = self.last = Thread.objects.values_list("last_number", flat=True).get(pk=thread.pk)
        numbered = Comment.objects.filter(thread_id=thread.pk, number__isnull=False)
        self.taken = set(numbered.values_list("number", flat=True))

    def give(self, comment: Comment, kept: int | None) -> None:
        """Keep the source's number where it is free here; a published comment without one gets the next."""
        if kept and kept not in self.taken:
            number = kept
        elif comment.status == Status.PUBLISHED:
            number = self.last + 1
            while number in self.taken:
                number += 1
        else:
            return
        comment.number = number
        self.taken.add(number)
        self.last = max(self.last, number)

    def store(self) -> None:
        if self.last != self.first:
            Thread.objects.filter(pk=self.thread_id).update(last_number=self.last)
