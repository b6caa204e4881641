"""``stoa manage send_mentions``: send the mentions that are due (new links of recent posts, and retries).

With the immediate tasks backend nothing runs later by itself: run this from cron (every few minutes) so that
retries and posts scheduled for later are sent.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from stoa.discussion.outgoing_mentions import send_due


class Command(BaseCommand):
    help = "Send due Webmentions and Pingbacks: links of posts published lately, and retries."

    def handle(self, *args, **options) -> None:
        sent = send_due(now=timezone.now())
        self.stdout.write(f"{sent} mention(s) sent.")
