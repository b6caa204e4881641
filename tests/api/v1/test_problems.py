"""Every refusal is an RFC 7807 problem whose detail names the field or state and says why."""

import pytest

from stoa.api.v1.problems import PROBLEM_TYPES
from tests.api.v1.conftest import API, assert_problem


@pytest.fixture
def reader(make_key, make_user) -> str:
    return make_key("read", "comment", member=make_user())


def test_a_validation_error_names_each_field_where_it_was_sent_and_why(api, post, reader):
    response = api.get(f"/posts/{post.pk}/comments", key=reader, limit=0, since="2026-11-01T10:00:00")
    problem = assert_problem(response, 422, "invalid-request")
    assert problem["errors"] == [
        {"field": "limit", "source": "query", "message": "Input should be greater than or equal to 1"},
        {"field": "since", "source": "query", "message": "Input should have timezone info"},
    ]
    assert problem["detail"].startswith("limit (query): Input should be greater than or equal to 1; since (query)")
    assert problem["instance"] == f"{API}/posts/{post.pk}/comments"


def test_a_missing_and_an_unknown_body_field_are_both_named(api, post, reader):
    problem = assert_problem(api.post(f"/posts/{post.pk}/comments", {"text": "Hi"}, key=reader), 422, "invalid-request")
    assert [(e["field"], e["source"]) for e in problem["errors"]] == [("body", "body"), ("text", "body")]
    assert "Extra inputs are not permitted" in problem["detail"]


def test_a_rule_across_fields_is_explained(api, post, reader):
    response = api.post("/reports", {"category": "spam", "comment": 1, "post": post.pk}, key=reader)
    problem = assert_problem(response, 422, "invalid-request")
    assert problem["errors"] == [{"field": "body", "source": "body", "message": "give exactly one of comment or post"}]


def test_a_path_parameter_of_the_wrong_type_is_named(api, reader):
    problem = assert_problem(api.get("/posts/first", key=reader), 422, "invalid-request")
    assert problem["errors"][0]["field"] == "post_id"
    assert problem["errors"][0]["source"] == "path"


def test_a_body_that_is_not_json_is_400(client, post, reader):
    response = client.post(
        f"{API}/posts/{post.pk}/comments",
        data="{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {reader}"},
    )
    assert assert_problem(response, 400, "malformed-body")["detail"] == "The request body is not valid JSON."


def test_a_missing_resource_is_404_saying_which(api, reader):
    problem = assert_problem(api.get("/posts/9999", key=reader), 404, "not-found")
    assert problem["detail"] == "There is no published post with id 9999."


def test_an_unknown_path_under_the_api_is_a_problem_too(api):
    problem = assert_problem(api.get("/postz"), 404, "not-found")
    assert problem["detail"] == "There is no API endpoint at /api/v1/postz."


def test_a_method_the_path_does_not_take_is_405_with_allow(client, post):
    response = client.patch(f"{API}/posts/{post.pk}")
    problem = assert_problem(response, 405, "method-not-allowed")
    assert response["Allow"] == "GET"
    assert "PATCH" in problem["detail"]


def test_each_problem_type_is_described_at_its_own_address(api):
    for slug, kind in PROBLEM_TYPES.items():
        described = api.get(f"/problems/{slug}").json()
        assert described == {
            "type": f"/api/v1/problems/{slug}",
            "title": kind.title,
            "status": kind.status,
            "description": kind.description,
        }
    assert_problem(api.get("/problems/no-such-thing"), 404, "not-found")
