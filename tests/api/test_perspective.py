"""``POST /v1alpha1/comments:analyze`` and ``comments:suggestscore``: Perspective's request and response shapes,
its error shape for each refusal, per-key quotas, and what is (not) kept."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache

from stoa.api.keys import create_key, revoke_key
from stoa.api.models import AnalyzedComment, SuggestedScore
from stoa.api.perspective import sentence_spans
from stoa.api.quota import QuotaExceeded, consume_request
from stoa.detection import ModelUnavailable, score

ANALYZE = "/v1alpha1/comments:analyze"
SUGGEST = "/v1alpha1/comments:suggestscore"
RUDE = "You are a worthless idiot and everyone here knows it."
KIND = "Thank you for the thoughtful post, I learned a lot."
ALL_SEVEN = ("TOXICITY", "SEVERE_TOXICITY", "IDENTITY_ATTACK", "INSULT", "PROFANITY", "THREAT", "SEXUALLY_EXPLICIT")


def _analyze(text: str, **fields) -> dict:
    return {"comment": {"text": text}, "requestedAttributes": {"TOXICITY": {}}, **fields}


def _error(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}
    assert {"code", "message", "status"} <= set(body["error"])
    assert body["error"]["code"] == response.status_code
    return body["error"]


def test_the_response_has_perspectives_shape_and_the_models_scores(score_key, post_json):
    body = _analyze(RUDE, requestedAttributes={name: {} for name in ALL_SEVEN}, languages=["en"], clientToken="c-1")
    response = post_json(ANALYZE, body, key=score_key)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert set(data) == {"attributeScores", "languages", "detectedLanguages", "clientToken"}
    assert (data["languages"], data["detectedLanguages"], data["clientToken"]) == (["en"], ["en"], "c-1")
    assert list(data["attributeScores"]) == list(ALL_SEVEN)
    expected = score([RUDE], spans=False)[0]
    for name, attribute in data["attributeScores"].items():
        assert set(attribute) == {"summaryScore"}
        assert attribute["summaryScore"]["type"] == "PROBABILITY"
        assert attribute["summaryScore"]["value"] == pytest.approx(expected[name.lower()], abs=1e-6)


def test_rude_text_scores_higher_than_kind_text(score_key, post_json):
    values = {}
    for text in (RUDE, KIND):
        data = post_json(ANALYZE, _analyze(text, requestedAttributes={"TOXICITY": {}, "INSULT": {}}), key=score_key)
        values[text] = data.json()["attributeScores"]
    for name in ("TOXICITY", "INSULT"):
        assert values[RUDE][name]["summaryScore"]["value"] > 0.5 > values[KIND][name]["summaryScore"]["value"]


def test_without_languages_english_is_assumed_and_no_client_token_is_invented(score_key, post_json):
    data = post_json(ANALYZE, _analyze(KIND), key=score_key).json()
    assert data["languages"] == ["en"]
    assert data["detectedLanguages"] == ["en"]
    assert "clientToken" not in data


def test_attributes_under_their_threshold_are_left_out(score_key, post_json):
    body = _analyze(
        KIND,
        requestedAttributes={
            "TOXICITY": {"scoreThreshold": 0.9},
            "INSULT": {"scoreType": "PROBABILITY", "scoreThreshold": 0},
        },
    )
    data = post_json(ANALYZE, body, key=score_key).json()
    assert list(data["attributeScores"]) == ["INSULT"]


def test_everything_under_threshold_leaves_an_empty_map(score_key, post_json):
    body = _analyze(KIND, requestedAttributes={"TOXICITY": {"scoreThreshold": 0.99}})
    assert post_json(ANALYZE, body, key=score_key).json()["attributeScores"] == {}


def test_span_annotations_score_each_sentence(score_key, post_json):
    text = "What kind of idiot name is foo? Sorry, I like your name."
    body = _analyze(text, spanAnnotations=True, requestedAttributes={"TOXICITY": {}, "INSULT": {}})
    data = post_json(ANALYZE, body, key=score_key).json()
    for name in ("TOXICITY", "INSULT"):
        spans = data["attributeScores"][name]["spanScores"]
        assert [(span["begin"], span["end"]) for span in spans] == [(0, 31), (32, 56)]
        assert all(span["score"]["type"] == "PROBABILITY" for span in spans)
        assert spans[0]["score"]["value"] > spans[1]["score"]["value"]
        expected = score([text[32:56]], spans=False)[0][name.lower()]
        assert spans[1]["score"]["value"] == pytest.approx(expected, abs=1e-6)


def test_span_scores_under_the_threshold_are_left_out(score_key, post_json):
    text = "You are an idiot. The weather is lovely today."
    body = _analyze(text, spanAnnotations=True, requestedAttributes={"TOXICITY": {"scoreThreshold": 0.5}})
    spans = post_json(ANALYZE, body, key=score_key).json()["attributeScores"]["TOXICITY"]["spanScores"]
    assert [(span["begin"], span["end"]) for span in spans] == [(0, 17)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two!  Three?", [(0, 4), (5, 9), (11, 17)]),
        ("Costs 3.5 dollars. Ok", [(0, 18), (19, 21)]),
        ("line one\nline two", [(0, 8), (9, 17)]),
        ('"Stop." He left.', [(0, 7), (8, 16)]),
        ("   ", []),
    ],
)
def test_sentences_are_found_with_their_offsets(text, expected):
    assert sentence_spans(text) == expected


def test_html_comments_are_scored_without_their_tags(score_key, post_json):
    html = {"comment": {"text": "<p>You are a <b>worthless</b> idiot &amp; a fool</p>", "type": "HTML"}}
    plain = {"comment": {"text": "You are a worthless idiot & a fool"}}
    scores = [
        post_json(ANALYZE, {**body, "requestedAttributes": {"INSULT": {}}}, key=score_key).json()["attributeScores"]
        for body in (html, plain)
    ]
    assert scores[0] == scores[1]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (_analyze(KIND, requestedAttributes={"FLIRTATION": {}}), "Requested attribute FLIRTATION is not supported"),
        (_analyze(KIND, requestedAttributes={}), "Must specify at least one requestedAttribute"),
        (_analyze(KIND, languages=["de"]), "Attribute TOXICITY does not support request languages: de"),
        (_analyze(KIND, languages=["en", "fr"]), "Attribute TOXICITY does not support request languages: fr"),
        (_analyze(""), "Comment must be non-empty."),
        (_analyze("   \n"), "Comment must be non-empty."),
        ({"requestedAttributes": {"TOXICITY": {}}}, "Comment must be non-empty."),
        ({"comment": {"text": "<br><p></p>", "type": "HTML"}, "requestedAttributes": {"TOXICITY": {}}}, "non-empty"),
        (_analyze("a" * 20_481), "Comment text was too many bytes. Value (20481) exceeded limit (20480)."),
        (_analyze("é" * 10_241), "Comment text was too many bytes. Value (20482) exceeded limit (20480)."),
        ({"comment": {"text": KIND, "type": "MARKDOWN"}, "requestedAttributes": {"TOXICITY": {}}}, "'comment.type'"),
        (_analyze(KIND, requestedAttributes={"TOXICITY": {"scoreType": "STD_DEV_SCORE"}}), "score type"),
        (_analyze(KIND, requestedAttributes={"TOXICITY": {"scoreThreshold": 2}}), "from 0 to 1"),
        (_analyze(KIND, spanAnnotations="yes"), "Invalid value at 'spanAnnotations' (TYPE_BOOL)"),
        (_analyze(KIND, clientToken=5), "Invalid value at 'clientToken' (TYPE_STRING)"),
        (["not", "an", "object"], "expected a JSON object"),
    ],
)
def test_bad_requests_get_googles_invalid_argument(score_key, post_json, body, message):
    response = post_json(ANALYZE, body, key=score_key)
    assert response.status_code == 400
    error = _error(response)
    assert error["status"] == "INVALID_ARGUMENT"
    assert message in error["message"]


def test_perspective_error_types_are_named_in_details(score_key, post_json):
    error = _error(post_json(ANALYZE, _analyze(KIND, languages=["de"]), key=score_key))
    assert error["details"][0]["errorType"] == "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE"
    assert _error(post_json(ANALYZE, _analyze(""), key=score_key))["details"][0]["errorType"] == "COMMENT_EMPTY"


def test_a_text_just_within_the_byte_limit_is_scored(score_key, post_json):
    response = post_json(ANALYZE, _analyze("fine words " * 1861 + "ok"), key=score_key)  # 20,473 bytes
    assert response.status_code == 200
    assert 0 <= response.json()["attributeScores"]["TOXICITY"]["summaryScore"]["value"] <= 1


def test_regional_english_tags_are_accepted(score_key, post_json):
    response = post_json(ANALYZE, _analyze(KIND, languages=["en-GB"]), key=score_key)
    assert response.status_code == 200
    assert response.json()["languages"] == ["en-GB"]


def test_invalid_json_is_refused(score_key, client):
    response = client.post(f"{ANALYZE}?key={score_key}", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert _error(response)["message"].startswith("Invalid JSON payload received.")


def test_get_is_refused_with_405_in_googles_shape(client):
    response = client.get(ANALYZE)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "accepts only POST" in _error(response)["message"]


def test_no_csrf_token_is_needed(score_key, post_json, client):
    client.handler.enforce_csrf_checks = True
    assert post_json(ANALYZE, _analyze(KIND), key=score_key).status_code == 200


def test_a_missing_key_is_permission_denied(db, post_json):
    response = post_json(ANALYZE, _analyze(KIND))
    assert response.status_code == 403
    error = _error(response)
    assert (error["status"], error["message"]) == ("PERMISSION_DENIED", "The request is missing a valid API key.")


def test_a_wrong_key_is_api_key_invalid(score_key, post_json):
    response = post_json(ANALYZE, _analyze(KIND), key="stoa_" + "x" * 43)
    assert response.status_code == 400
    error = _error(response)
    assert (error["status"], error["message"]) == (
        "INVALID_ARGUMENT",
        "API key not valid. Please pass a valid API key.",
    )
    assert error["details"][0]["reason"] == "API_KEY_INVALID"


def test_a_revoked_key_is_api_key_invalid(score_key, post_json):
    revoke_key(score_key)
    response = post_json(ANALYZE, _analyze(KIND), key=score_key)
    assert response.status_code == 400
    error = _error(response)
    assert "revoked" in error["message"]
    assert error["details"][0]["reason"] == "API_KEY_INVALID"


def test_a_key_without_the_score_scope_is_permission_denied(db, post_json):
    _, reader = create_key("reader", ["read", "comment"], qps=0)
    for url in (ANALYZE, SUGGEST):
        response = post_json(url, _analyze(KIND), key=reader)
        assert response.status_code == 403
        error = _error(response)
        assert error["status"] == "PERMISSION_DENIED"
        assert "'score' scope" in error["message"]


def test_the_key_may_come_in_googles_header(score_key, client):
    response = client.post(
        ANALYZE, data=_analyze(KIND), content_type="application/json", headers={"X-Goog-Api-Key": score_key}
    )
    assert response.status_code == 200


def test_over_quota_is_429_resource_exhausted_with_retry_after(db, post_json):
    _, limited = create_key("one a second", ["score"], qps=1)
    # Three requests well inside one second span at most two one-second windows, so one of them is over quota.
    responses = [post_json(ANALYZE, _analyze(KIND), key=limited) for _ in range(3)]
    refused = [response for response in responses if response.status_code == 429]
    assert refused and len(refused) <= 2
    assert {response.status_code for response in responses} == {200, 429}
    error = _error(refused[0])
    assert error["status"] == "RESOURCE_EXHAUSTED"
    assert "1 per second" in error["message"]
    assert refused[0]["Retry-After"] == "1"


def test_the_quota_counts_per_key_in_fixed_one_second_windows(db):
    key, _ = create_key("two a second", ["score"], qps=2)
    other, _ = create_key("another", ["score"], qps=2)
    assert consume_request(key, now=1000.1) == 1
    assert consume_request(key, now=1000.5) == 2
    with pytest.raises(QuotaExceeded) as exceeded:
        consume_request(key, now=1000.9)
    assert exceeded.value.retry_after == 1
    assert consume_request(other, now=1000.9) == 1
    assert consume_request(key, now=1001.0) == 1


def test_concurrent_requests_never_exceed_the_quota(db):
    """Each thread has its own cache connection (its own Redis connection in CI), as separate processes would."""
    key, _ = create_key("shared", ["score"], qps=50)

    def burst(_: int) -> int:
        allowed = 0
        for _ in range(25):
            try:
                consume_request(key, now=2000.5)
                allowed += 1
            except QuotaExceeded:
                pass
        return allowed

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert sum(pool.map(burst, range(8))) == 50


def test_a_zero_quota_means_no_limit(db):
    key, _ = create_key("internal", ["score"], qps=0)
    assert all(consume_request(key, now=5.0) == 0 for _ in range(50))
    assert cache.get(f"stoa:api:quota:{key.pk}:5") is None


def test_an_unavailable_model_is_503_unavailable(score_key, post_json, monkeypatch):
    def broken(*args, **kwargs):
        raise ModelUnavailable("cannot load the model")

    monkeypatch.setattr("stoa.api.perspective.score", broken)
    response = post_json(ANALYZE, _analyze(KIND), key=score_key)
    assert response.status_code == 503
    assert _error(response)["status"] == "UNAVAILABLE"


def test_by_default_nothing_is_kept_even_when_the_client_allows_it(score_key, post_json):
    for do_not_store in (None, False, True):
        body = _analyze(KIND) if do_not_store is None else _analyze(KIND, doNotStore=do_not_store)
        assert post_json(ANALYZE, body, key=score_key).status_code == 200
    assert not AnalyzedComment.objects.exists()


def test_a_site_that_keeps_texts_keeps_only_those_the_client_allows(score_key, post_json, settings):
    settings.CONFIG = settings.CONFIG.replace(perspective_store_text=True)
    post_json(ANALYZE, _analyze("Please do not keep this.", doNotStore=True), key=score_key)
    post_json(ANALYZE, _analyze(RUDE, doNotStore=False, clientToken="t-9"), key=score_key)
    kept = AnalyzedComment.objects.get()
    assert (kept.text, kept.client_token) == (RUDE, "t-9")
    assert set(kept.scores) == set(ALL_SEVEN)
    assert kept.scores["TOXICITY"] > 0.5
    assert kept.api_key.name == "test scorer"


def _suggestion(**fields) -> dict:
    return {
        "comment": {"text": "I guess it comes down a simple choice: Get busy living, or get busy dying."},
        "attributeScores": {"TOXICITY": {"summaryScore": {"value": 0}}},
        "communityId": "/forum/movies",
        "clientToken": "comment-53922",
        **fields,
    }


def test_suggestscore_answers_with_the_client_token_and_keeps_the_scores_not_the_text(score_key, post_json):
    response = post_json(SUGGEST, _suggestion(), key=score_key)
    assert response.status_code == 200
    assert response.json() == {"clientToken": "comment-53922"}
    suggestion = SuggestedScore.objects.get()
    assert suggestion.attribute_scores == {"TOXICITY": {"summaryScore": 0.0}}
    assert (suggestion.community_id, suggestion.client_token) == ("/forum/movies", "comment-53922")
    assert (suggestion.text, suggestion.context) == ("", {})


def test_suggestscore_keeps_text_and_spans_when_the_site_keeps_texts(score_key, post_json, settings):
    settings.CONFIG = settings.CONFIG.replace(perspective_store_text=True)
    spans = [{"begin": 0, "end": 7, "score": {"value": 0.25, "type": "PROBABILITY"}}]
    body = _suggestion(attributeScores={"INSULT": {"spanScores": spans}}, context={"entries": [{"text": "earlier"}]})
    del body["clientToken"]
    response = post_json(SUGGEST, body, key=score_key)
    assert response.json() == {}
    suggestion = SuggestedScore.objects.get()
    assert suggestion.attribute_scores == {"INSULT": {"spanScores": [{"begin": 0, "end": 7, "score": 0.25}]}}
    assert suggestion.text.startswith("I guess")
    assert suggestion.context == {"entries": [{"text": "earlier"}]}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"attributeScores": {"SPAM": {"summaryScore": {"value": 1}}}}, "Requested attribute SPAM is not supported"),
        ({"attributeScores": {}}, "at least one attribute"),
        ({"attributeScores": {"TOXICITY": {}}}, "summaryScore or spanScores"),
        ({"attributeScores": {"TOXICITY": {"summaryScore": {"value": 1.5}}}}, "from 0 to 1"),
        ({"attributeScores": {"TOXICITY": {"spanScores": [{"begin": 5, "end": 2}]}}}, "0 <= begin <= end"),
        ({"comment": {"text": ""}}, "Comment must be non-empty."),
        ({"languages": ["es"]}, "Attribute TOXICITY does not support request languages: es"),
    ],
)
def test_bad_suggestions_are_refused_and_not_kept(score_key, post_json, fields, message):
    response = post_json(SUGGEST, _suggestion(**fields), key=score_key)
    assert response.status_code == 400
    assert message in _error(response)["message"]
    assert not SuggestedScore.objects.exists()
