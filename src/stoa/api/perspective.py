"""Google Perspective API's ``comments:analyze`` and ``comments:suggestscore``, answered by Stoa's own model.

Scores are the committed model's calibrated probabilities (``stoa.detection``), one Perspective attribute per
model attribute. Span scores are per sentence, as Perspective's are: each sentence is scored on its own, in the
same batch as the whole text. Nothing a client sends is kept unless the site turns on
``STOA_PERSPECTIVE_STORE_TEXT`` (and, for ``comments:analyze``, the client sends ``doNotStore: false``).
"""

from __future__ import annotations

import re
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from stoa.api.models import AnalyzedComment, ApiKey, SuggestedScore
from stoa.api.perspective_requests import PERSPECTIVE_ATTRIBUTES, SCORE_TYPE, AnalyzeRequest, SuggestRequest
from stoa.detection import MAX_TEXT_CHARS, Scores, score
from stoa.detection.classifier import Model

ASSUMED_LANGUAGE = "en"  # Stoa has no language detector: the model is English-only and every text is scored as such
# A sentence ends at ., ! or ? (with any closing quotes or brackets) followed by white space, or at a line break.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)|\n")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The text's sentences as ``(begin, end)`` offsets, white space around them left out."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        _add_trimmed(spans, text, start, match.end())
        start = match.end()
    _add_trimmed(spans, text, start, len(text))
    return spans


def _add_trimmed(spans: list[tuple[int, int]], text: str, begin: int, end: int) -> None:
    chunk = text[begin:end]
    begin, end = begin + len(chunk) - len(chunk.lstrip()), begin + len(chunk.rstrip())
    if end > begin:
        spans.append((begin, end))


def analyze_comment(
    request: AnalyzeRequest, *, key: ApiKey | None = None, now: datetime | None = None, model: Model | None = None
) -> dict:
    """The ``comments:analyze`` response body; keeps the text only where the site and the client both allow it.

    The model reads at most ``MAX_TEXT_CHARS`` characters (Perspective's 20,480-byte limit allows a few more ASCII
    characters); the rest is not scored. Raises ``ModelUnavailable`` if the model cannot be loaded.
    """
    text = request.text[:MAX_TEXT_CHARS]
    sentences = sentence_spans(text) if request.span_annotations else []
    summary, *parts = score([text, *(text[begin:end] for begin, end in sentences)], spans=False, model=model)
    attribute_scores = {}
    for attribute in request.attributes:
        value = summary[PERSPECTIVE_ATTRIBUTES[attribute.name]]
        if attribute.threshold is not None and value < attribute.threshold:
            continue  # Perspective leaves out attributes under the requested threshold
        attribute_scores[attribute.name] = {"summaryScore": _probability(value)}
        if request.span_annotations:
            attribute_scores[attribute.name]["spanScores"] = _span_scores(
                attribute.name, sentences, parts, attribute.threshold
            )
    if settings.CONFIG.perspective_store_text and not request.do_not_store:
        _keep(request, summary, key, now or timezone.now())
    response = {
        "attributeScores": attribute_scores,
        "languages": list(request.languages) or [ASSUMED_LANGUAGE],
        "detectedLanguages": [ASSUMED_LANGUAGE],
    }
    if request.client_token is not None:
        response["clientToken"] = request.client_token
    return response


def _span_scores(
    name: str, sentences: list[tuple[int, int]], parts: list[Scores], threshold: float | None
) -> list[dict]:
    attribute = PERSPECTIVE_ATTRIBUTES[name]
    return [
        {"begin": begin, "end": end, "score": _probability(part[attribute])}
        for (begin, end), part in zip(sentences, parts, strict=True)
        if threshold is None or part[attribute] >= threshold
    ]


def _probability(value: float) -> dict:
    return {"value": round(float(value), 6), "type": SCORE_TYPE}


def _keep(request: AnalyzeRequest, summary: Scores, key: ApiKey | None, now: datetime) -> AnalyzedComment:
    return AnalyzedComment.objects.create(
        api_key=key,
        created_at=now,
        text=request.text,
        context=dict(request.context),
        languages=list(request.languages),
        scores={name: round(summary[attribute], 6) for name, attribute in PERSPECTIVE_ATTRIBUTES.items()},
        model=summary.model,
        client_token=(request.client_token or "")[:200],
    )


def record_suggestion(
    request: SuggestRequest, *, key: ApiKey | None = None, now: datetime | None = None
) -> SuggestedScore:
    """Store a suggested score for retraining; its text and context only if the site keeps texts."""
    keep_text = settings.CONFIG.perspective_store_text
    return SuggestedScore.objects.create(
        api_key=key,
        created_at=now or timezone.now(),
        attribute_scores=dict(request.attribute_scores),
        text=request.text if keep_text else "",
        context=dict(request.context) if keep_text else {},
        languages=list(request.languages),
        community_id=request.community_id[:200],
        client_token=(request.client_token or "")[:200],
    )


def suggestion_response(request: SuggestRequest) -> dict:
    """Perspective answers a suggestion with nothing but the client's token."""
    return {} if request.client_token is None else {"clientToken": request.client_token}
