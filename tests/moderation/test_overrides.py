"""Per-post overrides of the moderation settings: parsed strictly, laid over the site's, never the word lists."""

import dataclasses

import pytest

from stoa.moderation.context import ModerationSettings
from stoa.moderation.models import WordRule
from stoa.moderation.overrides import NOT_OVERRIDABLE, InvalidOverrides, apply_overrides, overridable, parse_overrides
from stoa.moderation.site_settings import current_settings

SITE = ModerationSettings(hold_thresholds={"insult": 0.6, "threat": 0.1}, max_links=2)


def test_every_setting_but_the_word_lists_is_overridable():
    fields = {field.name for field in dataclasses.fields(ModerationSettings)}
    assert set(overridable()) == fields - NOT_OVERRIDABLE
    assert {"banned_words", "watched_words"} == NOT_OVERRIDABLE


def test_values_replace_the_sites_and_thresholds_are_laid_over_them():
    post = apply_overrides(
        SITE, {"max_links": 5, "premoderate_all": True, "hold_thresholds": {"insult": 0.3}, "rejection_rate_hold": 1}
    )
    assert (post.max_links, post.premoderate_all, post.rejection_rate_hold) == (5, True, 1.0)
    assert post.hold_thresholds == {"insult": 0.3, "threat": 0.1}
    assert apply_overrides(SITE, {}) == SITE


def test_durations_take_seconds_or_human_durations():
    assert parse_overrides({"repeat_window_seconds": "72h", "trust_window_seconds": 60}) == {
        "repeat_window_seconds": 259200,
        "trust_window_seconds": 60,
    }


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ([1, 2], 'Write an object such as {"max_links": 5, "premoderate_all": true}'),
        ({"max_link": 5}, "unknown setting 'max_link'; a post can set min_length, max_length"),
        ({"banned_words": ["x"]}, "banned_words is the site's word list and cannot be set per post"),
        ({"max_links": -1}, "max_links must be a whole number of 0 or more"),
        ({"max_links": "5"}, "max_links must be a whole number of 0 or more"),
        ({"max_links": True}, "max_links must be a whole number of 0 or more"),
        ({"premoderate_all": "yes"}, "premoderate_all must be true or false"),
        ({"rejection_rate_hold": 1.5}, "rejection_rate_hold must be a number between 0 and 1"),
        ({"hold_thresholds": {"rudeness": 0.5}}, "hold_thresholds: unknown attribute 'rudeness'"),
        ({"hold_thresholds": {"insult": 2}}, "hold_thresholds.insult must be a number between 0 and 1"),
        ({"hold_thresholds": [0.5]}, 'hold_thresholds must be an object such as {"insult": 0.6}'),
        ({"trust_window_seconds": "soon"}, 'trust_window_seconds: expected a duration such as "15s"'),
        ({"max_length": 50_000}, "max_length can be at most 20,000"),
    ],
)
def test_a_bad_override_is_refused_with_a_sentence(overrides, problem):
    with pytest.raises(InvalidOverrides) as refused:
        parse_overrides(overrides)
    assert refused.value.problems[0].startswith(problem)


def test_every_problem_is_named_at_once():
    with pytest.raises(InvalidOverrides) as refused:
        parse_overrides({"max_links": -1, "premoderate_all": 1, "nope": 0})
    assert len(refused.value.problems) == 3


def test_a_posts_overrides_apply_to_its_comments_and_the_word_lists_stay_the_sites(make_post, settings):
    settings.CONFIG = settings.CONFIG.replace(premoderate_all=True, comment_max_links=2)
    WordRule.objects.create(phrase="scumbag", action=WordRule.Action.WATCH)
    post = make_post(
        moderation_overrides={"premoderate_all": False, "max_links": 4, "hold_thresholds": {"insult": 0.2}}
    )
    site, here = current_settings(), current_settings(post)
    assert (site.premoderate_all, site.max_links) == (True, 2)
    assert (here.premoderate_all, here.max_links, here.hold_thresholds["insult"]) == (False, 4, 0.2)
    assert here.hold_thresholds["threat"] == site.hold_thresholds["threat"]
    assert here.watched_words == site.watched_words == ("scumbag",)


def test_every_stoa_setting_reaches_the_moderation_settings(db, settings):
    settings.CONFIG = settings.CONFIG.replace(
        linkify=False,
        trust_staff=False,
        trust_members_after=4,
        trust_window=60,
        repeat_post_window=120,
        rejection_rate_hold=0.9,
        rejection_rate_min_comments=7,
        rejection_rate_window=180,
        premoderate_all=True,
        premoderate_first_comments=2,
    )
    site = current_settings()
    assert (site.linkify, site.trust_staff, site.trust_members_after, site.trust_window_seconds) == (
        False,
        False,
        4,
        60,
    )
    assert (site.repeat_window_seconds, site.rejection_rate_hold, site.rejection_rate_min_comments) == (120, 0.9, 7)
    assert (site.rejection_window_seconds, site.premoderate_all, site.premoderate_first_comments) == (180, True, 2)
