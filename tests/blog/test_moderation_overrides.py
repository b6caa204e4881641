"""A post's moderation settings in the admin: the overrides field is validated with clear messages."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from stoa.blog.models import Post
from stoa.moderation.overrides import InvalidOverrides
from stoa.people.roles import Role

from .test_admin_publishing import ADD, post_form


def _overrides_form(author, overrides: object, **changes: str) -> dict[str, str]:
    return post_form(author, moderation_overrides=json.dumps(overrides), **changes)


@pytest.fixture
def editor(make_user):
    """Editors write posts and moderate comments: they may set a post's moderation."""
    return make_user("eddie", role=Role.EDITOR)


def test_the_admin_saves_overrides_normalised_and_the_post_switch(client, editor):
    client.force_login(editor)
    form = _overrides_form(editor, {"max_links": 5, "repeat_window_seconds": "72h"}, premoderate_comments="on")
    response = client.post(ADD, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    post = Post.objects.get(slug="from-the-admin")
    assert post.moderation_overrides == {"max_links": 5, "repeat_window_seconds": 259200}
    assert post.premoderate_comments is True


def test_the_admin_form_names_every_problem_and_saves_nothing(client, editor):
    client.force_login(editor)
    response = client.post(ADD, _overrides_form(editor, {"max_link": 5, "premoderate_all": "yes"}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "unknown setting &#x27;max_link&#x27;; a post can set min_length" in page
    assert "premoderate_all must be true or false." in page
    assert not Post.objects.filter(slug="from-the-admin").exists()


def test_the_admin_lists_the_overridable_settings(client, editor):
    client.force_login(editor)
    page = client.get(ADD).content.decode()
    assert "premoderate_first_comments" in page and "rejection_rate_hold" in page


def test_an_author_sees_but_cannot_change_their_posts_moderation(client, author, make_post):
    post = make_post(premoderate_comments=True, moderation_overrides={"hold_personal_data": True})
    client.force_login(author)
    change = f"/admin/blog/post/{post.pk}/change/"
    page = client.get(change).content.decode()
    assert 'name="moderation_overrides"' not in page and 'name="premoderate_comments"' not in page
    form = _overrides_form(author, {"hold_personal_data": False, "max_links": 50}, slug=post.slug)
    response = client.post(change, form)  # premoderate_comments left out: an unticked box
    assert response.status_code == 302, response.content.decode()[:2000]
    post.refresh_from_db()
    assert (post.premoderate_comments, post.moderation_overrides) == (True, {"hold_personal_data": True})
    assert post.title == "From the admin"  # the rest of the form was saved


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
