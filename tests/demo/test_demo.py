"""Loading the demo: once only, with a kept random admin password, and a summary that says how to log in."""

from __future__ import annotations

import datetime as dt
import stat

import pytest
from django.conf import settings as django_settings

from stoa.blog.models import Post
from stoa.demo import DemoResult, load_demo
from stoa.demo.loader import PASSWORD_FILE_NAME
from stoa.discussion.models import Comment
from stoa.moderation.models import AuditEvent, ModerationDecision, WordRule
from stoa.people.models import User
from stoa.people.services import create_admin

NOW = dt.datetime(2025, 3, 14, 18, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """Keep the admin's password file out of the real data folder."""
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def demo(db) -> DemoResult:
    return load_demo(now=NOW)


def test_the_summary_says_where_and_how_to_log_in(tmp_path):
    url = django_settings.CONFIG.site_url.rstrip("/")
    result = DemoResult(True, "admin", "s3cret-pw", tmp_path / PASSWORD_FILE_NAME, posts=5, comments=51, held=11)

    summary = result.summary()

    assert summary.startswith("Loaded the demo: 5 posts, 51 comments, 11 held for review.")
    assert f"Log in at {url}/people/login/ as admin / s3cret-pw (moderation queue: {url}/moderation/)" in summary
    assert str(tmp_path / PASSWORD_FILE_NAME) in summary


def test_the_password_is_random_and_kept_readable_by_the_owner_only(demo, data_dir):
    password_file = data_dir / PASSWORD_FILE_NAME
    assert password_file.read_text().strip() == demo.admin_password
    assert len(demo.admin_password) >= 12
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600


def test_loading_twice_adds_nothing_and_gives_the_same_password(demo):
    models = (User, Post, Comment, WordRule, ModerationDecision, AuditEvent)
    before = {model: model.objects.count() for model in models}

    again = load_demo(now=NOW + dt.timedelta(days=1))

    assert {model: model.objects.count() for model in models} == before
    assert not again.created
    assert again.admin_password == demo.admin_password
    assert "already loaded" in again.summary()


def test_a_new_database_with_the_kept_password_file_reuses_the_password(db, data_dir):
    (data_dir / PASSWORD_FILE_NAME).write_text("kept-from-last-time\n")

    result = load_demo(now=NOW)

    assert result.created and result.admin_password == "kept-from-last-time"
    assert User.objects.get(username="admin").check_password("kept-from-last-time")


def test_the_admin_can_log_in_and_see_the_queue(demo, client):
    assert client.login(username="admin", password=demo.admin_password)
    assert client.get("/moderation/").status_code == 200


def test_an_admin_made_before_the_demo_keeps_its_password(db):
    create_admin("admin", "owner@example.org", "the-owners-own-password")

    result = load_demo(now=NOW)

    assert result.created and result.admin_password is None
    assert "with the password you set" in result.summary()
    assert User.objects.get(username="admin").check_password("the-owners-own-password")
