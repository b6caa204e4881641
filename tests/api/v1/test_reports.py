"""Reports: filed as the caller's member through the same service as the report form, followed by receipt."""

import re

import pytest

from stoa.moderation.models import Report
from stoa.moderation.reports import start_review
from tests.api.v1.conftest import assert_problem


@pytest.fixture
def reporter(make_user):
    return make_user("rita")


@pytest.fixture
def reporter_key(make_key, reporter) -> str:
    return make_key("read", "comment", member=reporter)


@pytest.fixture
def published(post, comment_on, make_user):
    return comment_on(post, "Something someone will object to.", author=make_user()).comment


def test_reporting_a_comment_gives_a_receipt(api, reporter, reporter_key, published):
    response = api.post(
        "/reports", {"comment": published.pk, "category": "harassment", "text": "Aimed at me."}, key=reporter_key
    )
    assert response.status_code == 201
    data = response.json()
    assert re.fullmatch(r"R-[2-9A-Z]{4}-[2-9A-Z]{4}", data["receipt"])
    assert (data["status"], data["status_label"], data["subject"]) == ("received", "Received", "comment")
    report = Report.objects.get()
    assert (report.reporter, report.comment, report.category, report.text) == (
        reporter,
        published,
        "harassment",
        "Aimed at me.",
    )


def test_reporting_a_post(api, reporter_key, post):
    response = api.post("/reports", {"post": post.pk, "category": "other"}, key=reporter_key)
    assert (response.status_code, response.json()["subject"]) == (201, "post")
    assert Report.objects.get().post == post


def test_the_receipt_shows_the_status_and_never_who_decided(api, reporter_key, published, make_key, moderator):
    receipt = api.post("/reports", {"comment": published.pk, "category": "spam"}, key=reporter_key).json()["receipt"]
    start_review(Report.objects.get(), moderator=moderator)
    data = api.get(f"/reports/{receipt.lower()}", key=make_key("read")).json()
    assert (data["receipt"], data["status"], data["status_label"]) == (receipt, "under_review", "Under review")
    assert moderator.username not in str(data)
    assert_problem(api.get("/reports/R-XXXX-XXXX", key=make_key("read")), 404, "not-found")


def test_reporting_twice_is_409_with_the_services_sentence(api, reporter_key, published):
    api.post("/reports", {"comment": published.pk, "category": "spam"}, key=reporter_key)
    problem = assert_problem(
        api.post("/reports", {"comment": published.pk, "category": "spam"}, key=reporter_key), 409, "report-refused"
    )
    assert problem["detail"] == "You have already reported this comment, thank you: a moderator will look at it."
    assert Report.objects.count() == 1


def test_an_unpublished_or_missing_comment_cannot_be_reported(api, reporter_key, published):
    published.status = "held"
    published.save()
    response = api.post("/reports", {"comment": published.pk, "category": "spam"}, key=reporter_key)
    assert (
        assert_problem(response, 404, "not-found")["detail"]
        == f"There is no published comment with id {published.pk} to report."
    )


def test_an_unknown_category_is_422_naming_the_field(api, reporter_key, published):
    response = api.post("/reports", {"comment": published.pk, "category": "rude"}, key=reporter_key)
    problem = assert_problem(response, 422, "invalid-request")
    assert problem["errors"][0]["field"] == "category"


def test_reporting_needs_the_comment_scope(api, make_key, reporter, published):
    response = api.post(
        "/reports", {"comment": published.pk, "category": "spam"}, key=make_key("read", member=reporter)
    )
    assert_problem(response, 403, "scope-missing")
    assert not Report.objects.exists()
