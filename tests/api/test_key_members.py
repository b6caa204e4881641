"""Whom a key acts for: a member named on the key (``acts_for``), never the admin who made it.

A writing key is no longer a staff identity by default: its comments go through its member's own moderation, and a
key with a writing scope but no member is refused writes (and refused at creation in the admin and the shell).
"""

from __future__ import annotations

import importlib
import io
import json

import pytest
from django.apps import apps

from stoa.api.apikey_command import list_command, run_apikey
from stoa.api.keys import authenticate, create_key
from stoa.api.models import ApiKey, Scope
from stoa.cli import build_parser
from stoa.discussion.models import Comment
from stoa.moderation.models import WordRule
from stoa.people.roles import Role
from tests.api.test_api_keys import KEY_SHAPE, _stoa
from tests.api.v1.conftest import API, assert_problem

WATCHED = "Only a lowlife would say that."  # a watched word: held for an ordinary member, not for trusted staff


def _create(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run_apikey(build_parser().parse_args(["apikey", "create", *argv]), out, err)
    return status, out.getvalue(), err.getvalue()


def _comment(client, post, key: str, body: str):
    return client.post(
        f"{API}/posts/{post.pk}/comments",
        data=json.dumps({"body": body}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )


# The shell


def test_stoa_apikey_create_acts_for_the_named_member(db, make_user):
    kim = make_user("kim")
    status, out, err = _create("--scopes", "read,comment", "--name", "Kim's app", "--acts-for", "kim")
    assert status == 0, err
    key = authenticate(out.strip(), Scope.COMMENT)
    assert (key.name, key.acts_for, key.created_by) == ("Kim's app", kim, None)
    assert "acts for kim" in err
    listing = io.StringIO()
    list_command(listing)
    assert f"{key.prefix}…  Kim's app  [read, comment]  acts for kim  " in listing.getvalue()


@pytest.mark.parametrize("scopes", ["comment", "read,moderate"])
def test_a_writing_key_without_acts_for_is_refused_at_creation(db, scopes):
    status, out, err = _create("--scopes", scopes)
    assert (status, out) == (2, "")
    assert "name the member with --acts-for USERNAME" in err
    assert not ApiKey.objects.exists()


def test_a_reading_or_scoring_key_needs_no_member(db):
    status, out, err = _create("--scopes", "score,read")
    assert status == 0, err
    assert KEY_SHAPE.match(out.strip())
    assert "acts for no member" in err
    assert ApiKey.objects.get().acts_for is None


def test_acts_for_must_name_an_open_account_and_a_moderator_for_moderate(db, make_user):
    make_user("kim")
    make_user("gone", is_active=False)
    for argv, said in [
        (("--scopes", "comment", "--acts-for", "nobody"), "there is no member called 'nobody'"),
        (("--scopes", "comment", "--acts-for", "gone"), "gone's account is closed"),
        (("--scopes", "moderate", "--acts-for", "kim"), "kim is not a moderator"),
    ]:
        status, out, err = _create(*argv)
        assert (status, out) == (2, ""), argv
        assert said in err
    assert not ApiKey.objects.exists()


def test_a_moderate_key_may_act_for_a_moderator(db, moderator):
    status, out, err = _create("--scopes", "moderate", "--acts-for", moderator.username)
    assert status == 0, err
    assert authenticate(out.strip(), Scope.MODERATE).acts_for == moderator


def test_the_stoa_command_refuses_a_comment_key_without_a_member(tmp_path):
    refused = _stoa(["apikey", "create", "--scopes", "comment"], tmp_path)
    assert (refused.returncode, refused.stdout) == (2, "")
    assert "--acts-for USERNAME" in refused.stderr
    unknown = _stoa(["apikey", "create", "--scopes", "comment", "--acts-for", "nobody"], tmp_path)
    assert unknown.returncode == 2
    assert "no member called 'nobody'" in unknown.stderr
    assert "--acts-for USERNAME" in _stoa(["apikey", "create", "--help"], tmp_path).stdout


# Writing as the member: their own moderation, not the maker's staff trust


def test_a_key_made_by_an_admin_for_a_member_is_moderated_as_that_member(client, post, make_user, settings):
    settings.CONFIG = settings.CONFIG.replace(trust_staff=True, api_ip_qps=0)
    WordRule.objects.create(phrase="lowlife", action=WordRule.Action.WATCH)
    admin = make_user("root", role=Role.ADMIN)
    kim = make_user("kim")
    key = create_key("Kim's integration", ["comment"], created_by=admin, acts_for=kim, qps=0)[1]
    response = _comment(client, post, key, WATCHED)
    assert response.status_code == 202, response.content
    comment = Comment.objects.get()
    assert (comment.author, comment.status) == (kim, "held")
    reasons = comment.decisions.get().reasons
    assert "watched word: 'lowlife'" in reasons
    assert not any(reason.startswith("trusted author") for reason in reasons)


def test_only_a_key_named_for_a_staff_member_writes_with_staff_trust(client, post, make_user, settings):
    settings.CONFIG = settings.CONFIG.replace(trust_staff=True, api_ip_qps=0)
    WordRule.objects.create(phrase="lowlife", action=WordRule.Action.WATCH)
    admin = make_user("root", role=Role.ADMIN)
    made_by_admin = create_key("integration", ["comment"], created_by=admin, qps=0)[1]
    problem = assert_problem(_comment(client, post, made_by_admin, WATCHED), 403, "forbidden")
    assert "acts for no member" in problem["detail"]
    assert not Comment.objects.exists()

    for_the_admin = create_key("the admin's own", ["comment"], created_by=admin, acts_for=admin, qps=0)[1]
    assert _comment(client, post, for_the_admin, WATCHED).status_code == 201
    assert Comment.objects.get().decisions.get().reasons == ["trusted author: staff"]


# The admin


def _admin_client(client, make_user):
    admin = make_user("root", role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    return admin


def test_admins_choose_the_member_a_key_acts_for(client, make_user):
    admin = _admin_client(client, make_user)
    kim = make_user("kim")
    form = client.get("/admin/api/apikey/add/").content.decode()
    assert 'name="acts_for"' in form
    response = client.post(
        "/admin/api/apikey/add/", {"name": "Kim's app", "scopes": ["comment"], "qps": "5", "acts_for": kim.pk}
    )
    assert response.status_code == 302, response.content.decode()
    key = ApiKey.objects.get()
    assert (key.acts_for, key.created_by) == (kim, admin)
    assert "kim" in client.get("/admin/api/apikey/").content.decode()


def test_the_admin_refuses_a_writing_key_without_a_member_and_never_fills_in_itself(client, make_user):
    _admin_client(client, make_user)
    response = client.post("/admin/api/apikey/add/", {"name": "bot", "scopes": ["read", "comment"], "qps": "1"})
    assert response.status_code == 200
    assert "choose the member it acts for" in response.content.decode()
    assert not ApiKey.objects.exists()
    scorer = client.post("/admin/api/apikey/add/", {"name": "Coral", "scopes": ["score"], "qps": "1"})
    assert scorer.status_code == 302
    assert ApiKey.objects.get().acts_for is None


def test_the_admin_refuses_a_moderate_key_for_a_non_moderator(client, make_user):
    _admin_client(client, make_user)
    kim = make_user("kim")
    response = client.post(
        "/admin/api/apikey/add/", {"name": "bot", "scopes": ["moderate"], "qps": "1", "acts_for": kim.pk}
    )
    assert response.status_code == 200
    assert "kim is not a moderator" in response.content.decode()
    assert not ApiKey.objects.exists()


def test_the_admin_warns_when_a_comment_key_writes_as_staff(client, make_user, settings):
    settings.CONFIG = settings.CONFIG.replace(trust_staff=True)
    admin = _admin_client(client, make_user)
    response = client.post(
        "/admin/api/apikey/add/",
        {"name": "mine", "scopes": ["comment"], "qps": "1", "acts_for": admin.pk},
        follow=True,
    )
    assert "who is staff: with STOA_TRUST_STAFF its comments are published without the content checks" in (
        response.content.decode().replace("&#x27;", "'")
    )
    assert ApiKey.objects.get().acts_for == admin


def test_admins_can_name_or_change_the_member_of_an_existing_key(client, make_user):
    _admin_client(client, make_user)
    kim = make_user("kim")
    key, plaintext = create_key("old integration", ["comment"], qps=0)
    response = client.post(
        f"/admin/api/apikey/{key.pk}/change/",
        {"name": "old integration", "scopes": ["comment"], "qps": "0", "acts_for": kim.pk},
    )
    assert response.status_code == 302, response.content.decode()
    key.refresh_from_db()
    assert key.acts_for == kim
    assert authenticate(plaintext, Scope.COMMENT).acts_for == kim  # the same key: nothing to hand out again


# Keys made before acts_for


def test_the_migration_keeps_old_keys_acting_for_their_maker(db, make_user):
    migration = importlib.import_module("stoa.api.migrations.0003_apikey_acts_for")
    admin, kim = make_user("root", role=Role.ADMIN), make_user("kim")
    made_in_admin, _ = create_key("old admin key", ["comment"], created_by=admin)
    create_key("old shell key", ["read"])
    create_key("named", ["comment"], created_by=admin, acts_for=kim)
    ApiKey.objects.filter(pk=made_in_admin.pk).update(acts_for=None)  # as the row was before the column existed
    migration.keep_who_old_keys_act_for(apps, None)
    found = {key.name: key.acts_for for key in ApiKey.objects.all()}
    assert found == {"old admin key": admin, "old shell key": None, "named": kim}
