"""The moderation settings in force now: the ``STOA_*`` values plus the admins' word lists."""

from __future__ import annotations

from django.conf import settings

from stoa.moderation.context import ModerationSettings
from stoa.moderation.models import WordRule


def current_settings() -> ModerationSettings:
    config = settings.CONFIG
    rules = list(WordRule.objects.values_list("phrase", "action"))
    return ModerationSettings(
        min_length=config.comment_min_length,
        max_length=config.comment_max_length,
        rate_limit_seconds=config.comment_rate_limit,
        max_links=config.comment_max_links,
        hold_first_guest_comment=config.hold_first_guest_comment,
        banned_words=tuple(phrase for phrase, action in rules if action == WordRule.Action.BAN),
        watched_words=tuple(phrase for phrase, action in rules if action == WordRule.Action.WATCH),
    )
