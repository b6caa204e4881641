"""``stoa manage send_mentions``: verify received Webmentions still queued, and send the mentions that are due
(new links of recent posts, and retries): what the ``mentions`` step of ``stoa tick`` does.

With the immediate tasks backend nothing runs later by itself: run ``stoa tick`` (or this) from cron every few
minutes, so that received Webmentions are verified and links, retries and posts scheduled for later are sent.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from stoa.discussion.outgoing_mentions import send_due
from stoa.discussion.received_mentions import verify_queued


class Command(BaseCommand):
    help = "Verify queued received Webmentions; send due Webmentions and Pingbacks (new links, retries)."

    def handle(self, *args, **options) -> None:
        verified = verify_queued(now=timezone.now())
        sent = send_due(now=timezone.now())
        self.stdout.write(f"{sent} mention(s) sent.")
        if verified:
            self.stdout.write(f"{verified} received mention(s) checked.")
