"""Export my data (everything about me, never the moderators' names) and delete my account (my choice of fate
for my comments, password confirmed, audited)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from stoa.discussion.models import Comment
from stoa.moderation.actions import reject_comment, warn_author
from stoa.moderation.decisions import Status
from stoa.moderation.models import AuditEvent, Report, Sanction
from stoa.moderation.reports import file_report
from stoa.people import services
from stoa.people.models import Block, Follow, Mute, User
from stoa.people.roles import Role
from tests.conftest import PASSWORD


@pytest.fixture
def eve(make_user) -> User:
    return make_user("eve", display_name="Eve Exporter", bio="Keeps receipts.")


@pytest.fixture
def moderator(make_user) -> User:
    return make_user("marguerite", role=Role.MODERATOR)


@pytest.fixture
def history(post, comment_on, clock, eve: User, make_user, moderator: User) -> dict:
    """Eve's life on the site: two comments (one rejected by a moderator), a report, relations and a warning."""
    other = make_user("olga", display_name="Olga Other")
    kept = comment_on(post, "A comment I stand by.", author=eve).comment
    regretted = comment_on(post, "A comment I regret.", author=eve).comment
    reject_comment(regretted, moderator=moderator, reason="off topic", now=clock.tick())
    reported = comment_on(post, "Olga says something rude.", author=other).comment
    report = file_report(reported, reporter=eve, category=Report.Category.HARASSMENT, text="Not on.")
    reply = comment_on(post, "Olga answers Eve.", author=other, reply_to=kept).comment
    services.follow(eve, other)
    services.mute(eve, make_user("mo"))
    services.block(eve, make_user("bo"))
    services.block(make_user("blocker"), eve)
    warn_author(eve, moderator=moderator, reason="Mind the tone.", now=clock.tick())
    return {"kept": kept, "regretted": regretted, "report": report, "reply": reply, "other": other}


def test_export_holds_everything_about_the_member(eve: User, history: dict, moderator: User) -> None:
    data = services.export_data(eve)

    assert data["profile"]["username"] == "eve"
    assert data["profile"]["email"] == "eve@example.org"
    assert data["profile"]["bio"] == "Keeps receipts."
    assert data["profile"]["roles"] == ["member"]
    comments = {c["body"]: c for c in data["comments"]}
    assert comments["A comment I stand by."]["status"] == Status.PUBLISHED
    assert comments["A comment I stand by."]["number"] == 1
    regretted = comments["A comment I regret."]
    assert regretted["status"] == Status.REJECTED
    assert [d["status"] for d in regretted["decisions"]] == [Status.PUBLISHED, Status.REJECTED]
    assert regretted["decisions"][1] == {
        "status": "rejected",
        "reasons": ["off topic"],
        "decided_by": "moderator",
        "at": regretted["decisions"][1]["at"],
    }
    [report] = data["reports_filed"]
    assert report["receipt"] == history["report"].receipt
    assert (report["category"], report["status"], report["text"]) == ("harassment", "received", "Not on.")
    assert [f["username"] for f in data["follows"]] == ["olga"]
    assert [m["username"] for m in data["mutes"]] == ["mo"]
    assert [b["username"] for b in data["blocks"]] == ["bo"]
    [warning] = data["sanctions"]
    assert (warning["kind"], warning["reason"]) == (Sanction.Kind.WARNING, "Mind the tone.")


def test_export_never_names_moderators_or_who_blocked_the_member(eve: User, history: dict, moderator: User) -> None:
    text = json.dumps(services.export_data(eve))

    assert moderator.username not in text
    assert "blocker" not in text


def test_export_is_a_json_download_for_the_member_only(client: Client, eve: User, history: dict) -> None:
    assert client.get("/people/me/export/")["Location"].startswith("/people/login/")
    client.force_login(eve)

    response = client.get("/people/me/export/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="stoa-eve-')
    assert json.loads(response.content)["profile"]["display_name"] == "Eve Exporter"


def test_the_settings_page_offers_export_and_deletion(client: Client, eve: User) -> None:
    client.force_login(eve)
    html = client.get("/people/me/people/").content.decode()

    assert 'href="/people/me/export/"' in html
    assert 'href="/people/me/delete/"' in html


def test_deletion_needs_the_password(eve: User, history: dict) -> None:
    with pytest.raises(services.WrongPassword):
        services.delete_account(eve, password="guess", comments=services.CommentFate.REMOVE)

    assert User.objects.filter(username="eve").exists()
    assert Comment.objects.filter(author=eve).count() == 2


def test_delete_and_remove_comments(eve: User, history: dict, clock) -> None:
    eve_id = eve.pk

    services.delete_account(eve, password=PASSWORD, comments=services.CommentFate.REMOVE, now=clock.now)

    assert not User.objects.filter(pk=eve_id).exists()
    kept = Comment.objects.get(pk=history["kept"].pk)
    assert (kept.author_id, kept.guest_name, kept.number) == (None, services.FORMER_MEMBER, 1)
    assert "stand by" not in kept.body + kept.body_html
    assert kept.body == services.REMOVED_TEXT
    assert Comment.objects.get(pk=history["reply"].pk).in_reply_to_id == kept.pk  # replies keep their place
    assert not Follow.objects.filter(follower_id=eve_id).exists()
    assert not Block.objects.filter(blocked_id=eve_id).exists() and not Mute.objects.filter(muter_id=eve_id).exists()
    event = AuditEvent.objects.get(action="account.deleted")
    assert (event.target_id, event.at, event.actor_label) == (str(eve_id), clock.now, "eve")
    assert event.data == {"comments": "remove", "count": 2}
    assert Report.objects.get(pk=history["report"].pk).reporter_id is None  # the report itself stands


def test_delete_and_anonymise_comments(eve: User, history: dict) -> None:
    services.delete_account(eve, password=PASSWORD, comments=services.CommentFate.ANONYMISE)

    kept = Comment.objects.get(pk=history["kept"].pk)
    assert (kept.author_id, kept.guest_name, kept.body) == (None, services.FORMER_MEMBER, "A comment I stand by.")
    assert kept.ip_hash == ""
    assert AuditEvent.objects.get(action="account.deleted").data["comments"] == "anonymise"


def test_anonymised_comments_read_as_a_former_members(client: Client, post, eve: User, history: dict) -> None:
    services.delete_account(eve, password=PASSWORD, comments=services.CommentFate.ANONYMISE)

    html = client.get(post.get_absolute_url()).content.decode()

    assert "A comment I stand by." in html
    assert "a former member" in html and "Eve Exporter" not in html


def test_an_author_of_posts_is_told_what_to_do_first(author: User, post) -> None:
    with pytest.raises(services.AccountDeletionRefused, match="reassign"):
        services.delete_account(author, password=PASSWORD, comments=services.CommentFate.REMOVE)
    assert User.objects.filter(pk=author.pk).exists()


def test_the_delete_page_asks_for_the_choice_and_the_password(client: Client, eve: User, history: dict) -> None:
    client.force_login(eve)
    assert 'type="password"' in client.get("/people/me/delete/").content.decode()

    wrong = client.post("/people/me/delete/", {"comments": "remove", "password": "guess"})
    unchosen = client.post("/people/me/delete/", {"password": PASSWORD})

    assert wrong.status_code == unchosen.status_code == 400
    assert "That is not your password." in wrong.content.decode()
    assert "Choose what happens to your comments." in unchosen.content.decode()
    assert User.objects.filter(username="eve").exists()


def test_the_delete_page_deletes_and_signs_out(client: Client, eve: User, history: dict) -> None:
    client.force_login(eve)

    response = client.post("/people/me/delete/", {"comments": "anonymise", "password": PASSWORD}, follow=True)

    assert "Your account is deleted." in response.content.decode()
    assert not User.objects.filter(username="eve").exists()
    assert "_auth_user_id" not in client.session


def test_export_gives_the_reasons_the_author_may_read_never_scores_spans_or_words_matched(
    post, comment_on, eve: User, clock
) -> None:
    from stoa.moderation.appeals import AUTOMATIC_REASON, HELD_FOR_REVIEW
    from stoa.moderation.models import ModerationDecision, WordRule

    WordRule.objects.create(phrase="lowlife", action=WordRule.Action.WATCH)
    held = comment_on(post, "Pell is a lowlife.", author=eve).comment
    assert held.status == Status.HELD
    ModerationDecision.objects.create(
        comment=held,
        status=Status.REJECTED,
        reasons=["insult 0.91 ≥ 0.60 (spans: 'lowlife')", "repeat post: from the same network (IP address)"],
        scores={"insult": 0.91},
        decided_by="policy",
        created_at=clock.tick(),
    )
    [comment] = services.export_data(eve)["comments"]
    assert [d["reasons"] for d in comment["decisions"]] == [[HELD_FOR_REVIEW], [AUTOMATIC_REASON]]
    text = json.dumps(services.export_data(eve))
    assert "0.91" not in text and "spans" not in text and "watched word" not in text and "network" not in text


def test_export_costs_the_same_queries_for_one_post_report_or_three(make_post, eve: User, make_user) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from stoa.moderation.reports import file_post_report

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            services.export_data(eve)
        return len(captured)

    file_post_report(make_post(), reporter=eve, category=Report.Category.OTHER)
    one = queries()
    for _ in range(2):
        file_post_report(make_post(), reporter=eve, category=Report.Category.OTHER)
    assert queries() == one
