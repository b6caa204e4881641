"""A post's moderation settings in the admin: the overrides field is validated with clear messages."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from stoa.blog.models import Post
from stoa.moderation.overrides import InvalidOverrides

from .test_admin_publishing import ADD, post_form


def _overrides_form(author, overrides: object, **changes: str) -> dict[str, str]:
    return post_form(author, moderation_overrides=json.dumps(overrides), **changes)


def test_the_admin_saves_overrides_normalised_and_the_post_switch(client, make_user, author):
    client.force_login(author)
    form = _overrides_form(author, {"max_links": 5, "repeat_window_seconds": "72h"}, premoderate_comments="on")
    response = client.post(ADD, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    post = Post.objects.get(slug="from-the-admin")
    assert post.moderation_overrides == {"max_links": 5, "repeat_window_seconds": 259200}
    assert post.premoderate_comments is True


def test_the_admin_form_names_every_problem_and_saves_nothing(client, author):
    client.force_login(author)
    response = client.post(ADD, _overrides_form(author, {"max_link": 5, "premoderate_all": "yes"}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "unknown setting &#x27;max_link&#x27;; a post can set min_length" in page
    assert "premoderate_all must be true or false." in page
    assert not Post.objects.filter(slug="from-the-admin").exists()


def test_the_admin_lists_the_overridable_settings(client, author):
    client.force_login(author)
    page = client.get(ADD).content.decode()
    assert "premoderate_first_comments" in page and "rejection_rate_hold" in page


def test_clean_refuses_bad_overrides_and_save_never_stores_them(make_post):
    post = make_post()
    post.moderation_overrides = {"hold_thresholds": {"insult": 3}}
    with pytest.raises(ValidationError) as refused:
        post.full_clean()
    assert refused.value.message_dict["moderation_overrides"] == [
        "hold_thresholds.insult must be a number between 0 and 1."
    ]
    with pytest.raises(InvalidOverrides):
        post.save()


def test_score_thresholds_is_the_hold_thresholds_override_under_its_old_name(make_post):
    post = make_post(score_thresholds={"toxicity": 0.3}, moderation_overrides={"max_links": 4})
    post.refresh_from_db()
    assert post.moderation_overrides == {"max_links": 4, "hold_thresholds": {"toxicity": 0.3}}
    assert post.score_thresholds == {"toxicity": 0.3}
    post.score_thresholds = {}
    assert post.moderation_overrides == {"max_links": 4}
