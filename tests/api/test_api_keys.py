"""API keys: made with scopes, kept only as a hash, checked per scope, revoked from the service, admin and CLI."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from stoa.api.apikey_command import create_command, list_command, revoke_command
from stoa.api.keys import (
    ApiKeyInvalid,
    ApiKeyMissing,
    ApiKeyNotFound,
    ApiKeyRevoked,
    ScopeMissing,
    UnknownScope,
    authenticate,
    create_key,
    revoke_key,
)
from stoa.api.models import ApiKey, Scope
from stoa.people.roles import Role

KEY_SHAPE = re.compile(r"^stoa_[A-Za-z0-9_-]{43}$")
STOA = shutil.which("stoa", path=str(Path(sys.executable).parent)) or "stoa"


def test_a_new_key_is_shown_once_and_only_its_hash_is_kept(db, make_user):
    admin = make_user("root", role=Role.ADMIN)
    key, plaintext = create_key("Coral on news.example", ["score", "read"], created_by=admin)
    assert KEY_SHAPE.match(plaintext)
    stored = ApiKey.objects.get(pk=key.pk)
    assert stored.digest == hashlib.sha256(plaintext.encode()).hexdigest()
    assert stored.prefix == plaintext[:13]
    row = ApiKey.objects.filter(pk=key.pk).values().get()
    assert plaintext not in {str(value) for value in row.values()}
    assert stored.scopes == ["score", "read"]
    assert stored.created_by == admin
    assert stored.qps == 1  # STOA_API_DEFAULT_QPS, Perspective's default


def test_two_keys_never_share_a_secret(db):
    first, second = create_key("a", ["score"])[1], create_key("b", ["score"])[1]
    assert first != second


def test_the_default_quota_comes_from_the_setting(db, settings):
    settings.CONFIG = settings.CONFIG.replace(api_default_qps=7)
    key, _ = create_key("busy client", ["score"])
    assert ApiKey.objects.get(pk=key.pk).qps == 7


@pytest.mark.parametrize("scopes", [["score", "admin"], [], [" "]])
def test_unknown_or_no_scopes_are_refused(db, scopes):
    with pytest.raises(UnknownScope, match="known: read, comment, moderate, score"):
        create_key("bad", scopes)
    assert not ApiKey.objects.exists()


def test_authenticate_returns_the_key_and_notes_when_it_was_used(db, clock):
    key, plaintext = create_key("scorer", ["score"])
    assert authenticate(plaintext, Scope.SCORE, now=clock.now) == key
    assert ApiKey.objects.get(pk=key.pk).last_used_at == clock.now


def test_last_used_is_written_at_most_once_a_minute(db, clock):
    key, plaintext = create_key("scorer", ["score"])
    first = clock.now
    authenticate(plaintext, Scope.SCORE, now=first)
    authenticate(plaintext, Scope.SCORE, now=first + dt.timedelta(seconds=30))
    assert ApiKey.objects.get(pk=key.pk).last_used_at == first
    later = first + dt.timedelta(seconds=61)
    authenticate(plaintext, Scope.SCORE, now=later)
    assert ApiKey.objects.get(pk=key.pk).last_used_at == later


def test_each_refusal_has_its_own_exception(db):
    _, reader = create_key("reader", ["read"])
    _, scorer = create_key("scorer", ["score"])
    with pytest.raises(ApiKeyMissing):
        authenticate("", Scope.SCORE)
    with pytest.raises(ApiKeyInvalid):
        authenticate(scorer + "x", Scope.SCORE)
    with pytest.raises(ScopeMissing, match="'score' scope"):
        authenticate(reader, Scope.SCORE)
    revoke_key(scorer)
    with pytest.raises(ApiKeyRevoked):
        authenticate(scorer, Scope.SCORE)


def test_revoke_by_prefix_keeps_the_first_date(db, clock):
    key, plaintext = create_key("scorer", ["score"])
    first = clock.now
    revoke_key(plaintext[:13], now=first)
    again = revoke_key(plaintext, now=clock.tick())
    assert again.revoked_at == first
    assert ApiKey.objects.get(pk=key.pk).revoked_at == first


def test_revoking_an_unknown_key_says_so(db):
    with pytest.raises(ApiKeyNotFound, match="no API key matches"):
        revoke_key("stoa_nothing1")


def test_the_command_prints_only_the_key_on_stdout(db):
    out, err = io.StringIO(), io.StringIO()
    assert create_command("score,read", "coral", None, out, err) == 0
    plaintext = out.getvalue().strip()
    assert KEY_SHAPE.match(plaintext)
    assert authenticate(plaintext, Scope.READ).name == "coral"
    assert "shown only this once" in err.getvalue()
    assert plaintext not in err.getvalue()


def test_the_command_refuses_an_unknown_scope(db):
    out, err = io.StringIO(), io.StringIO()
    assert create_command("score,write", "x", None, out, err) == 2
    assert out.getvalue() == ""
    assert "unknown scope write" in err.getvalue()


def test_the_command_revokes_lists_and_says_when_already_revoked(db):
    _, plaintext = create_key("coral", ["score"])
    out, err = io.StringIO(), io.StringIO()
    assert revoke_command(plaintext, out, err) == 0
    assert "Revoked API key 'coral'" in out.getvalue()
    assert revoke_command(plaintext[:13], out, err) == 0
    assert "already revoked" in out.getvalue()
    assert revoke_command("stoa_unknown1", out, err) == 1
    assert "no API key matches" in err.getvalue()
    listing = io.StringIO()
    list_command(listing)
    assert f"{plaintext[:13]}…  coral  [score]" in listing.getvalue()
    assert plaintext not in listing.getvalue()


def test_admins_create_a_key_in_the_admin_and_see_it_once(client, make_user):
    admin = make_user("root", role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post("/admin/api/apikey/add/", {"name": "Coral", "scopes": ["score"], "qps": "5"}, follow=True)
    assert response.status_code == 200
    shown = re.search(r"stoa_[A-Za-z0-9_-]{43}", response.content.decode())
    assert shown, "the new key is shown in a message"
    key = authenticate(shown.group(0), Scope.SCORE)
    assert (key.name, key.qps, key.created_by) == ("Coral", 5, admin)
    listing = client.get("/admin/api/apikey/").content.decode()
    assert key.prefix in listing
    assert shown.group(0) not in listing


def test_admins_revoke_keys_with_the_admin_action(client, make_user):
    admin = make_user("root", role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    key, plaintext = create_key("old", ["score"])
    response = client.post(
        "/admin/api/apikey/", {"action": "revoke_selected", "_selected_action": [key.pk]}, follow=True
    )
    assert "Revoked 1 API key(s)" in response.content.decode()
    with pytest.raises(ApiKeyRevoked):
        authenticate(plaintext, Scope.SCORE)
    assert ApiKey.objects.get(pk=key.pk).revoked_at <= timezone.now()


def _stoa(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("STOA_", "DJANGO_"))}
    return subprocess.run([STOA, *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=120)  # noqa: S603


def test_stoa_apikey_create_and_revoke_as_a_user_runs_them(tmp_path):
    created = _stoa(["apikey", "create", "--scopes", "score,read", "--name", "coral"], tmp_path)
    assert created.returncode == 0, created.stderr
    plaintext = created.stdout.strip()
    assert KEY_SHAPE.match(plaintext)
    assert "scopes score, read" in created.stderr
    listed = _stoa(["apikey", "list"], tmp_path)
    assert f"{plaintext[:13]}…  coral  [score, read]" in listed.stdout
    revoked = _stoa(["apikey", "revoke", plaintext], tmp_path)
    assert revoked.returncode == 0, revoked.stderr
    assert "Revoked API key 'coral'" in revoked.stdout
    unknown = _stoa(["apikey", "revoke", "stoa_nosuchkey"], tmp_path)
    assert unknown.returncode == 1
    assert "no API key matches" in unknown.stderr
