"""The committed OpenAPI document is the one the code describes: a change to the API must show up in review."""

import json

from stoa.api.v1.openapi import COMMITTED, current_schema, main, schema_text


def test_the_committed_schema_matches_the_code():
    committed = COMMITTED.read_text(encoding="utf-8")
    live = schema_text(current_schema())
    assert committed == live, (
        "docs/openapi.json has drifted from the API: run `python -m stoa.api.v1.openapi`, then review and commit "
        "the diff"
    )


def test_the_live_schema_is_served_and_is_the_same_document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json() == json.loads(COMMITTED.read_text(encoding="utf-8"))


def test_the_check_fails_on_a_stale_file_and_the_writer_fixes_it(tmp_path, capsys):
    stale = tmp_path / "openapi.json"
    stale.write_text('{"openapi": "3.1.0"}\n', encoding="utf-8")
    assert main(["--check", "--output", str(stale)]) == 1
    assert "out of date" in capsys.readouterr().err
    assert main(["--output", str(stale)]) == 0
    assert main(["--check", "--output", str(stale)]) == 0


def test_the_schema_documents_scopes_and_problem_responses():
    schema = current_schema()
    create = schema["paths"]["/api/v1/posts/{post_id}/comments"]["post"]
    assert create["security"] == [{"CommentKey": []}, {"SessionCookie": []}]
    assert set(create["responses"]) >= {201, 202, 400, 401, 403, 404, 422, 429}
    assert list(create["responses"][400]["content"]) == ["application/problem+json"]
    assert schema["components"]["securitySchemes"]["ReadKey"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "stoa_…",
        "description": "An API key with the `read` scope, as `Authorization: Bearer stoa_…`.",
    }
