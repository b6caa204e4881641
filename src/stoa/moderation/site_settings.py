"""The moderation settings in force now: the ``STOA_*`` values plus the admins' word lists, and a post's overrides."""

from __future__ import annotations

from django.conf import settings

from stoa.moderation.context import ModerationSettings
from stoa.moderation.models import WordRule
from stoa.moderation.overrides import apply_overrides
from stoa.moderation.scoring import DetectionPersonalData, DetectionScorer


def site_settings() -> ModerationSettings:
    """The site's settings: every value from its ``STOA_*`` variable, the word lists from the word rules (1 query)."""
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
        hold_thresholds=config.hold_thresholds,
        reject_thresholds=config.reject_thresholds,
        hold_personal_data=config.hold_personal_data,
        linkify=config.linkify,
        trust_staff=config.trust_staff,
        trust_members_after=config.trust_members_after,
        trust_window_seconds=config.trust_window,
        repeat_window_seconds=config.repeat_post_window,
        rejection_rate_hold=config.rejection_rate_hold,
        rejection_rate_min_comments=config.rejection_rate_min_comments,
        rejection_window_seconds=config.rejection_rate_window,
        premoderate_all=config.premoderate_all,
        premoderate_first_comments=config.premoderate_first_comments,
    )


def current_settings(post=None) -> ModerationSettings:
    """The settings for a comment on ``post``: the site's, with the post's ``moderation_overrides`` laid over them."""
    site = site_settings()
    return site if post is None else apply_overrides(site, post.moderation_overrides)


def current_scorers() -> dict:
    """The scorers the pipeline consults, or none when ``STOA_SCORING`` is off."""
    if not settings.CONFIG.scoring:
        return {"scorer": None, "personal_data": DetectionPersonalData()}
    return {"scorer": DetectionScorer(), "personal_data": DetectionPersonalData()}
