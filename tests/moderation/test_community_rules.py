"""Community rules: the defaults every site starts with, the public /rules/ page, editing in the admin, and citing a
rule when rejecting a comment or sanctioning its author (services, queue forms, API, the member's notification)."""

import importlib

import pytest
from django.apps import apps as installed_apps
from django.db.models import ProtectedError
from django.urls import reverse

from stoa.api.keys import create_key
from stoa.moderation.actions import (
    ban_author,
    mark_spam,
    reject_comment,
    reject_pending_comments,
    suspend_author,
    warn_author,
)
from stoa.moderation.community_rules import RuleNotCitable, citable_rule, cited_reason, moderator_note
from stoa.moderation.decisions import Status
from stoa.moderation.models import AuditEvent, CommunityRule, Notification, Report, Sanction
from stoa.moderation.reports import file_post_report, file_report, uphold_post_reports, uphold_reports
from stoa.people.roles import Role
from tests.api.v1.conftest import ApiCaller, assert_problem

DEFAULT_TITLES = [
    "Attack ideas, not people",
    "No threats",
    "No personal information about others (doxxing)",
    "No hate against groups",
    "No spam",
    "Stay on topic",
]


@pytest.fixture
def threats(db) -> CommunityRule:
    return CommunityRule.objects.get(position=2)


@pytest.fixture
def member(make_user):
    return make_user("hal")


@pytest.fixture
def moderator(make_user):
    """A moderator whose name cannot turn up by accident in a message ("mod" is in "moderator")."""
    return make_user("quillon", role=Role.MODERATOR)


@pytest.fixture
def held(post, comment_on, member, settings):
    """A member's comment held for review (everything is pre-moderated)."""
    settings.CONFIG = settings.CONFIG.replace(premoderate_all=True)
    comment = comment_on(post, "I will find you after the match.", author=member).comment
    assert comment.status == Status.HELD
    return comment


def latest_decision(comment):
    return comment.decisions.order_by("-id").first()


# The rules themselves.


def test_a_fresh_site_has_the_default_rules_numbered_and_active(db):
    rules = list(CommunityRule.objects.all())
    assert [(rule.position, rule.title, rule.active) for rule in rules] == [
        (number, title, True) for number, title in enumerate(DEFAULT_TITLES, start=1)
    ]
    assert all(rule.explanation for rule in rules)


def test_the_default_rules_are_created_once(db):
    migration = importlib.import_module("stoa.moderation.migrations.0008_community_rules")
    CommunityRule.objects.filter(position=6).update(title="Keep to the post")
    migration.create_default_rules(installed_apps, None)
    assert CommunityRule.objects.count() == len(DEFAULT_TITLES)
    assert CommunityRule.objects.get(position=6).title == "Keep to the post"


def test_the_public_page_lists_active_rules_numbered_with_anchors(client, threats):
    CommunityRule.objects.filter(position=5).update(active=False)
    CommunityRule.objects.create(position=9, title="Be *kind*", explanation="Really *kind*. <script>x()</script>")
    page = client.get("/rules/").content.decode()
    assert '<li id="rule-2" value="2">' in page and "No threats" in page
    assert "No spam" not in page and 'id="rule-5"' not in page
    assert "<p>Really <em>kind</em>." in page and "<script>" not in page
    assert page.index("Attack ideas, not people") < page.index("No threats") < page.index("Stay on topic")


def test_the_footer_and_the_comment_form_link_to_the_rules(client, post):
    page = client.get(post.get_absolute_url()).content.decode()
    assert page.count('href="/rules/"') == 2
    assert "Read the community rules</a>" in page


def test_editors_edit_rules_in_the_admin_and_moderators_cannot(client, make_user, moderator):
    client.force_login(make_user("eddie", role=Role.EDITOR))
    response = client.post(
        "/admin/moderation/communityrule/add/",
        {"position": 7, "title": "No impersonation", "explanation": "Be yourself.", "active": "on"},
    )
    assert response.status_code == 302
    assert CommunityRule.objects.get(position=7).title == "No impersonation"
    client.force_login(moderator)
    assert client.get("/admin/moderation/communityrule/").status_code == 403


def test_a_cited_rule_cannot_be_deleted(held, moderator, threats):
    reject_comment(held, moderator=moderator, rule=threats)
    with pytest.raises(ProtectedError):
        threats.delete()


def test_the_reason_names_the_rule_and_the_note_can_be_read_back(threats):
    assert cited_reason(threats, "said twice") == "Rule 2 (No threats): said twice"
    assert cited_reason(threats, "") == "Rule 2 (No threats)"
    assert cited_reason(None, "plain") == "plain"
    assert moderator_note(threats, "Rule 2 (No threats): said twice") == "said twice"
    assert moderator_note(threats, "Rule 2 (No threats)") == ""


@pytest.mark.parametrize("value", ["999", "two", "-1"])
def test_an_unknown_rule_id_is_not_citable(db, value):
    with pytest.raises(RuleNotCitable, match="There is no active community rule with id"):
        citable_rule(value)


def test_no_rule_named_is_no_rule(db):
    assert citable_rule("") is None and citable_rule(None) is None


# Citing a rule in the services.


def test_rejecting_with_a_rule_stores_the_reason_and_the_rule(held, moderator, threats):
    reject_comment(held, moderator=moderator, reason="said twice", rule=threats)
    decision = latest_decision(held)
    assert (decision.status, decision.rule, decision.reasons) == (
        Status.REJECTED,
        threats,
        ["Rule 2 (No threats): said twice"],
    )
    event = AuditEvent.objects.get(action="comment.rejected")
    assert (event.data["rule"], event.data["rule_number"]) == (threats.pk, 2)
    assert event.reasons == ["Rule 2 (No threats): said twice"]


def test_rejecting_without_a_rule_keeps_the_plain_reason(held, moderator):
    reject_comment(held, moderator=moderator, reason="off topic")
    decision = latest_decision(held)
    assert (decision.rule, decision.reasons) == (None, ["off topic"])
    assert "rule" not in AuditEvent.objects.get(action="comment.rejected").data


def test_an_inactive_rule_is_refused_and_nothing_changes(held, moderator, threats):
    CommunityRule.objects.filter(pk=threats.pk).update(active=False)
    with pytest.raises(RuleNotCitable, match="Rule 2 \\(No threats\\) is not active"):
        reject_comment(held, moderator=moderator, rule=threats)
    held.refresh_from_db()
    assert held.status == Status.HELD
    assert not AuditEvent.objects.filter(action="comment.rejected").exists()


def test_a_sanction_with_a_rule_stores_it(held, member, moderator, threats):
    sanction = suspend_author(member, moderator=moderator, period="72h", reason="", rule=threats, comment=held)
    assert (sanction.rule, sanction.reason) == (threats, "Rule 2 (No threats)")
    assert AuditEvent.objects.get(action="author.suspension").data["rule"] == threats.pk


def test_a_sanction_with_an_inactive_rule_is_refused(member, moderator, threats):
    CommunityRule.objects.filter(pk=threats.pk).update(active=False)
    with pytest.raises(RuleNotCitable):
        ban_author(member, moderator=moderator, reason="", rule=threats)
    assert not Sanction.objects.exists()


def test_rejecting_all_pending_with_a_rule_cites_it_on_each(held, post, comment_on, member, moderator, threats):
    second = comment_on(post, "And again.", author=member).comment
    reject_pending_comments(member, moderator=moderator, reason="a pattern", rule=threats)
    for comment in (held, second):
        assert latest_decision(comment).rule == threats
    sweep = AuditEvent.objects.get(action="author.pending_rejected")
    assert (sweep.data["rule"], sweep.reasons) == (threats.pk, ["Rule 2 (No threats): a pattern"])


# The queue's forms.


def test_the_queue_offers_only_active_rules(client, held, moderator, threats):
    CommunityRule.objects.filter(position=5).update(active=False)
    client.force_login(moderator)
    page = client.get(reverse("moderation:queue")).content.decode()
    assert f'<option value="{threats.pk}">2. No threats</option>' in page
    assert "— no specific rule —" in page and "5. No spam" not in page
    assert page.count('<select name="rule"') == 4  # reject, spam, author actions, bulk


def test_the_reject_button_cites_the_chosen_rule(client, held, moderator, threats):
    client.force_login(moderator)
    url = reverse("moderation:act", args=[held.pk, "reject"])
    response = client.post(url, {"rule": str(threats.pk), "reason": "said twice"}, follow=True)
    assert "rejected" in response.content.decode()
    decision = latest_decision(held)
    assert (decision.rule, decision.reasons) == (threats, ["Rule 2 (No threats): said twice"])


def test_the_reject_button_without_a_rule_still_works(client, held, moderator):
    client.force_login(moderator)
    client.post(reverse("moderation:act", args=[held.pk, "reject"]), {"rule": "", "reason": "no"})
    assert (latest_decision(held).rule, latest_decision(held).reasons) == (None, ["no"])


def test_an_unknown_rule_is_a_400_in_html_and_json(client, held, moderator):
    client.force_login(moderator)
    url = reverse("moderation:act", args=[held.pk, "reject"])
    page = client.post(url, {"rule": "999"})
    assert page.status_code == 400
    assert "There is no active community rule with id &#x27;999&#x27;" in page.content.decode()
    answer = client.post(url, {"rule": "999"}, headers={"Accept": "application/json"})
    assert answer.status_code == 400
    assert answer.json() == {
        "error": "There is no active community rule with id '999': choose one from the list, or none."
    }
    held.refresh_from_db()
    assert held.status == Status.HELD


def test_an_inactive_rule_is_refused_by_the_form(client, held, moderator, threats):
    CommunityRule.objects.filter(pk=threats.pk).update(active=False)
    client.force_login(moderator)
    response = client.post(reverse("moderation:act", args=[held.pk, "reject"]), {"rule": str(threats.pk)})
    assert response.status_code == 400
    held.refresh_from_db()
    assert held.status == Status.HELD


def test_bulk_reject_cites_the_rule_on_each(client, held, post, comment_on, member, moderator, threats):
    second = comment_on(post, "Another one.", author=member).comment
    client.force_login(moderator)
    form = {"action": "reject", "ids": [held.pk, second.pk], "rule": str(threats.pk), "reason": ""}
    client.post(reverse("moderation:bulk_act"), form)
    assert [latest_decision(c).reasons for c in (held, second)] == [["Rule 2 (No threats)"]] * 2


def test_bulk_with_an_unknown_rule_decides_nothing(client, held, moderator):
    client.force_login(moderator)
    response = client.post(reverse("moderation:bulk_act"), {"action": "reject", "ids": [held.pk], "rule": "x"})
    assert response.status_code == 400
    held.refresh_from_db()
    assert held.status == Status.HELD


def test_the_author_form_cites_the_rule(client, held, member, moderator, threats):
    client.force_login(moderator)
    form = {"action": "warn", "rule": str(threats.pk), "reason": "last warning"}
    client.post(reverse("moderation:author_action", args=[held.pk]), form)
    sanction = Sanction.objects.get(member=member)
    assert (sanction.kind, sanction.rule, sanction.reason) == (
        Sanction.Kind.WARNING,
        threats,
        "Rule 2 (No threats): last warning",
    )


def test_the_author_form_refuses_an_unknown_rule(client, held, member, moderator):
    client.force_login(moderator)
    form = {"action": "ban", "rule": "999"}
    response = client.post(reverse("moderation:author_action", args=[held.pk]), form)
    assert response.status_code == 400
    assert not Sanction.objects.filter(member=member).exists()


# Marking spam and upholding reports cite a rule the same way.


@pytest.fixture
def no_spam(db) -> CommunityRule:
    return CommunityRule.objects.get(position=5)


@pytest.fixture
def reported(post, comment_on, member, make_user):
    """A member's published comment with one open report."""
    comment = comment_on(post, "I will find you after the match.", author=member).comment
    assert comment.status == Status.PUBLISHED
    file_report(comment, reporter=make_user("rita"), category=Report.Category.THREAT)
    return comment


@pytest.fixture
def reported_post(post, make_user):
    file_post_report(post, reporter=make_user("rhea"), category=Report.Category.PERSONAL_INFORMATION)
    return post


def test_marking_spam_with_a_rule_stores_the_reason_and_the_rule(held, moderator, no_spam):
    mark_spam(held, moderator=moderator, rule=no_spam)
    decision = latest_decision(held)
    assert (decision.status, decision.rule, decision.reasons) == (Status.SPAM, no_spam, ["Rule 5 (No spam)"])
    assert AuditEvent.objects.get(action="comment.marked_spam").data["rule_number"] == 5


def test_marking_spam_with_an_inactive_rule_is_refused(held, moderator, no_spam):
    CommunityRule.objects.filter(pk=no_spam.pk).update(active=False)
    with pytest.raises(RuleNotCitable):
        mark_spam(held, moderator=moderator, rule=no_spam)
    held.refresh_from_db()
    assert held.status == Status.HELD


def test_upholding_reports_with_a_rule_cites_it_on_the_rejection_and_the_reports(reported, moderator, threats):
    uphold_reports(reported, moderator=moderator, reason="said twice", rule=threats)
    decision = latest_decision(reported)
    assert (decision.status, decision.rule, decision.reasons) == (
        Status.REJECTED,
        threats,
        ["Rule 2 (No threats): said twice"],
    )
    event = AuditEvent.objects.get(action="report.action_taken")
    assert event.reasons == ["Rule 2 (No threats): said twice"]
    assert (event.data["rule"], event.data["rule_number"]) == (threats.pk, 2)


def test_upholding_reports_without_a_rule_keeps_the_default_reason(reported, moderator):
    uphold_reports(reported, moderator=moderator)
    assert (latest_decision(reported).rule, latest_decision(reported).reasons) == (None, ["upheld reports"])
    event = AuditEvent.objects.get(action="report.action_taken")
    assert event.reasons == ["upheld reports"] and "rule" not in event.data


def test_upholding_reports_with_an_inactive_rule_changes_nothing(reported, moderator, threats):
    CommunityRule.objects.filter(pk=threats.pk).update(active=False)
    with pytest.raises(RuleNotCitable):
        uphold_reports(reported, moderator=moderator, rule=threats)
    reported.refresh_from_db()
    assert reported.status == Status.PUBLISHED
    assert reported.reports.get().status == Report.State.RECEIVED


def test_upholding_post_reports_with_a_rule_records_it(reported_post, moderator, threats):
    [report] = uphold_post_reports(reported_post, moderator=moderator, reason="Editor removed it", rule=threats)
    assert report.status == Report.State.ACTION_TAKEN
    event = AuditEvent.objects.get(action="report.action_taken")
    assert event.reasons == ["Rule 2 (No threats): Editor removed it"]
    assert (event.data["rule"], event.data["rule_number"]) == (threats.pk, 2)


def test_upholding_post_reports_with_an_inactive_rule_changes_nothing(reported_post, moderator, threats):
    CommunityRule.objects.filter(pk=threats.pk).update(active=False)
    with pytest.raises(RuleNotCitable):
        uphold_post_reports(reported_post, moderator=moderator, rule=threats)
    assert reported_post.reports.get().status == Report.State.RECEIVED


def test_the_removal_notice_after_upheld_reports_names_the_rule(
    reported, member, moderator, threats, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        uphold_reports(reported, moderator=moderator, rule=threats)
    note = Notification.objects.get(recipient=member, kind=Notification.Kind.COMMENT_REJECTED)
    assert "Why: this breaks rule 2 of our community rules: No threats" in note.body
    assert "rita" not in note.body  # never who reported


def test_the_spam_button_cites_the_chosen_rule(client, held, moderator, no_spam):
    client.force_login(moderator)
    client.post(reverse("moderation:act", args=[held.pk, "spam"]), {"rule": str(no_spam.pk)})
    assert (latest_decision(held).status, latest_decision(held).rule) == (Status.SPAM, no_spam)


def test_the_spam_button_refuses_an_unknown_rule(client, held, moderator):
    client.force_login(moderator)
    assert client.post(reverse("moderation:act", args=[held.pk, "spam"]), {"rule": "999"}).status_code == 400
    held.refresh_from_db()
    assert held.status == Status.HELD


def test_bulk_spam_cites_the_rule_and_approve_ignores_it(client, held, post, comment_on, member, moderator, no_spam):
    second = comment_on(post, "Another one.", author=member).comment
    client.force_login(moderator)
    client.post(reverse("moderation:bulk_act"), {"action": "spam", "ids": [held.pk], "rule": str(no_spam.pk)})
    client.post(reverse("moderation:bulk_act"), {"action": "approve", "ids": [second.pk], "rule": str(no_spam.pk)})
    assert latest_decision(held).reasons == ["Rule 5 (No spam)"]
    assert (latest_decision(second).status, latest_decision(second).rule) == (Status.PUBLISHED, None)


def test_the_reported_queues_offer_the_rules_on_uphold(client, reported, reported_post, moderator, threats):
    client.force_login(moderator)
    option = f'<option value="{threats.pk}">2. No threats</option>'
    for url in (
        reverse("moderation:queue") + "?queue=reported",
        reverse("moderation:reported"),
        reverse("moderation:reported_posts"),
    ):
        page = client.get(url).content.decode()
        uphold_form = page.split("/uphold/")[1].split("</form>")[0]
        assert '<select name="rule" aria-label="Rule broken (for upholding)">' in uphold_form, url
        assert option in uphold_form and 'name="reason"' in uphold_form, url


def test_the_uphold_button_cites_the_chosen_rule(client, reported, moderator, threats):
    client.force_login(moderator)
    url = reverse("moderation:decide_reports", args=[reported.pk, "uphold"])
    response = client.post(url, {"rule": str(threats.pk), "reason": "said twice"}, follow=True)
    assert "Reports upheld and the comment removed." in response.content.decode()
    decision = latest_decision(reported)
    assert (decision.status, decision.rule, decision.reasons) == (
        Status.REJECTED,
        threats,
        ["Rule 2 (No threats): said twice"],
    )


def test_the_uphold_button_without_a_rule_still_works(client, reported, moderator):
    client.force_login(moderator)
    client.post(reverse("moderation:decide_reports", args=[reported.pk, "uphold"]), {"rule": "", "reason": ""})
    assert (latest_decision(reported).rule, latest_decision(reported).reasons) == (None, ["upheld reports"])


def test_the_uphold_button_refuses_an_unknown_rule_and_dismiss_ignores_the_field(client, reported, moderator):
    client.force_login(moderator)
    uphold = reverse("moderation:decide_reports", args=[reported.pk, "uphold"])
    answer = client.post(uphold, {"rule": "999"}, headers={"Accept": "application/json"})
    assert answer.status_code == 400
    assert answer.json()["error"].startswith("There is no active community rule with id '999'")
    reported.refresh_from_db()
    assert (reported.status, reported.reports.get().status) == (Status.PUBLISHED, Report.State.RECEIVED)
    client.post(reverse("moderation:decide_reports", args=[reported.pk, "dismiss"]), {"rule": "999"})
    assert reported.reports.get().status == Report.State.NO_ACTION


def test_the_post_uphold_button_cites_the_rule(client, reported_post, moderator, threats):
    client.force_login(moderator)
    url = reverse("moderation:decide_post_reports", args=[reported_post.pk, "uphold"])
    assert client.post(url, {"rule": "999", "reason": "x"}).status_code == 400
    assert reported_post.reports.get().status == Report.State.RECEIVED
    client.post(url, {"rule": str(threats.pk), "reason": "Editor removed it"})
    event = AuditEvent.objects.get(action="report.action_taken")
    assert (event.reasons, event.data["rule"]) == (["Rule 2 (No threats): Editor removed it"], threats.pk)


# What the member is told.


def test_the_removal_notice_names_the_rule_the_comment_and_the_appeal(
    held, member, moderator, threats, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decided = reject_comment(held, moderator=moderator, reason="said twice", rule=threats)
    note = Notification.objects.get(recipient=member, kind=Notification.Kind.COMMENT_REJECTED)
    assert (
        "Why: this breaks rule 2 of our community rules: No threats — http://127.0.0.1:8000/rules/#rule-2" in note.body
    )
    assert "The moderator's note: said twice" in note.body
    assert "I will find you after the match." in note.body
    assert reverse("moderation:appeal_decision", args=[latest_decision(decided).pk]) in note.body
    assert moderator.username not in note.body


def test_the_sanction_notice_names_the_rule(held, member, moderator, threats, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sanction = warn_author(member, moderator=moderator, reason="", rule=threats, comment=held)
    note = Notification.objects.get(recipient=member, kind=Notification.Kind.SANCTION)
    assert "this breaks rule 2 of our community rules: No threats — http://127.0.0.1:8000/rules/#rule-2" in note.body
    assert "The moderator's note" not in note.body
    assert "I will find you after the match." in note.body
    assert reverse("moderation:appeal_sanction", args=[sanction.pk]) in note.body


def test_the_appeal_page_links_the_rule(client, held, member, moderator, threats):
    reject_comment(held, moderator=moderator, reason="said twice", rule=threats)
    client.force_login(member)
    page = client.get(reverse("moderation:appeal_decision", args=[latest_decision(held).pk])).content.decode()
    assert "Rule 2 (No threats): said twice" in page
    assert '<a class="rule-link" href="/rules/#rule-2">read rule 2: No threats</a>' in page


# The API.


@pytest.fixture
def mod_key(moderator) -> str:
    return create_key("test client", ["moderate"], acts_for=moderator, qps=0)[1]


@pytest.fixture
def api(client) -> ApiCaller:
    return ApiCaller(client)


def test_the_api_rejects_citing_a_rule(api, mod_key, held, threats, settings):
    settings.CONFIG = settings.CONFIG.replace(api_ip_qps=0)
    body = {"rule": threats.pk, "reason": "said twice"}
    response = api.post(f"/moderation/comments/{held.pk}/reject", body, key=mod_key)
    assert (response.status_code, response.json()["status"]) == (200, "rejected")
    assert latest_decision(held).reasons == ["Rule 2 (No threats): said twice"]


def test_the_api_refuses_an_unknown_rule_on_the_field(api, mod_key, held, settings):
    settings.CONFIG = settings.CONFIG.replace(api_ip_qps=0)
    problem = assert_problem(
        api.post(f"/moderation/comments/{held.pk}/reject", {"rule": 999}, key=mod_key), 422, "invalid-request"
    )
    assert problem["errors"][0]["field"] == "rule"
    held.refresh_from_db()
    assert held.status == Status.HELD


def test_the_api_sanctions_citing_a_rule(api, mod_key, held, threats, settings):
    settings.CONFIG = settings.CONFIG.replace(api_ip_qps=0)
    body = {"rule": threats.pk, "comment": held.pk, "period": "24h"}
    response = api.post("/moderation/members/hal/suspend", body, key=mod_key)
    assert response.status_code == 201
    assert (response.json()["rule"], response.json()["reason"]) == (threats.pk, "Rule 2 (No threats)")
    rejected = api.post("/moderation/members/hal/reject-pending", {"rule": threats.pk}, key=mod_key)
    assert rejected.json()["rejected"] == [held.pk]
    assert latest_decision(held).rule == threats


def test_the_api_marks_spam_citing_a_rule(api, mod_key, held, no_spam, settings):
    settings.CONFIG = settings.CONFIG.replace(api_ip_qps=0)
    response = api.post(f"/moderation/comments/{held.pk}/spam", {"rule": no_spam.pk}, key=mod_key)
    assert (response.status_code, response.json()["status"]) == (200, "spam")
    assert (latest_decision(held).rule, latest_decision(held).reasons) == (no_spam, ["Rule 5 (No spam)"])
    unknown = api.post(f"/moderation/comments/{held.pk}/spam", {"rule": 999}, key=mod_key)
    assert assert_problem(unknown, 422, "invalid-request")["errors"][0]["field"] == "rule"
