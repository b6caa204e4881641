"""The moderation settings in force now: the ``STOA_*`` values plus the admins' word lists."""

from __future__ import annotations

from django.conf import settings

from stoa.moderation.context import ModerationSettings
from stoa.moderation.models import WordRule
from stoa.moderation.scoring import DetectionPersonalData, DetectionScorer


def current_settings(post=None) -> ModerationSettings:
    """The site's settings, with the post's own hold thresholds (``Post.score_thresholds``) laid over them."""
    config = settings.CONFIG
    post_thresholds = dict(post.score_thresholds or {}) if post is not None else {}
    rules = list(WordRule.objects.values_list("phrase", "action"))
    return ModerationSettings(
        min_length=config.comment_min_length,
        max_length=config.comment_max_length,
        rate_limit_seconds=config.comment_rate_limit,
        max_links=config.comment_max_links,
        hold_first_guest_comment=config.hold_first_guest_comment,
        banned_words=tuple(phrase for phrase, action in rules if action == WordRule.Action.BAN),
        watched_words=tuple(phrase for phrase, action in rules if action == WordRule.Action.WATCH),
        hold_thresholds=config.hold_thresholds | post_thresholds,
        reject_thresholds=config.reject_thresholds,
        hold_personal_data=config.hold_personal_data,
    )


def current_scorers() -> dict:
    """The scorers the pipeline consults, or none when ``STOA_SCORING`` is off."""
    if not settings.CONFIG.scoring:
        return {"scorer": None, "personal_data": DetectionPersonalData()}
    return {"scorer": DetectionScorer(), "personal_data": DetectionPersonalData()}
