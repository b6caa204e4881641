"""Reading Perspective API request bodies (``comments:analyze``, ``comments:suggestscore``) into checked values.

Field names, defaults and error messages follow Google's API, so a Perspective client only changes its URL:
a bad field answers 400 ``INVALID_ARGUMENT`` with a message naming it, as Google's does. Fields Stoa does not use
(``sessionId``, and ``context`` except to keep it with a stored text) are accepted and ignored.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import nh3

# Perspective's attribute names → the model's (stoa.detection.results.ATTRIBUTES): the same seven, one to one.
PERSPECTIVE_ATTRIBUTES: dict[str, str] = {
    "TOXICITY": "toxicity",
    "SEVERE_TOXICITY": "severe_toxicity",
    "IDENTITY_ATTACK": "identity_attack",
    "INSULT": "insult",
    "PROFANITY": "profanity",
    "THREAT": "threat",
    "SEXUALLY_EXPLICIT": "sexually_explicit",
}
SUPPORTED_LANGUAGES = ("en",)
MAX_COMMENT_BYTES = 20_480  # Perspective's limit: "Comment text was too many bytes"
SCORE_TYPE = "PROBABILITY"
TEXT_TYPES = ("PLAIN_TEXT", "HTML")


class InvalidArgument(ValueError):
    """A request Perspective would refuse with 400 INVALID_ARGUMENT; ``error_type`` is Perspective's errorType."""

    def __init__(self, message: str, error_type: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.error_type = error_type


@dataclass(frozen=True)
class RequestedAttribute:
    """One entry of ``requestedAttributes``: a Perspective name and the threshold under which it is left out."""

    name: str
    threshold: float | None = None


@dataclass(frozen=True)
class AnalyzeRequest:
    """A checked ``comments:analyze`` body. ``text`` is what is scored (tags already removed when type is HTML)."""

    text: str
    attributes: tuple[RequestedAttribute, ...]
    languages: tuple[str, ...] = ()
    span_annotations: bool = False
    do_not_store: bool = False
    client_token: str | None = None
    context: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SuggestRequest:
    """A checked ``comments:suggestscore`` body; ``attribute_scores`` is normalised to plain numbers."""

    text: str
    attribute_scores: Mapping[str, Mapping[str, Any]]
    languages: tuple[str, ...] = ()
    community_id: str = ""
    client_token: str | None = None
    context: Mapping[str, Any] = field(default_factory=dict)


def parse_analyze(body: object) -> AnalyzeRequest:
    body = _object(body, "the request body")
    text = comment_text(body.get("comment"))
    attributes = _requested_attributes(body.get("requestedAttributes"))
    languages = _languages(body.get("languages"), attributes[0].name)
    return AnalyzeRequest(
        text=text,
        attributes=attributes,
        languages=languages,
        span_annotations=_bool(body, "spanAnnotations"),
        do_not_store=_bool(body, "doNotStore"),
        client_token=_optional_string(body, "clientToken"),
        context=_object(body.get("context") or {}, "context"),
    )


def parse_suggest(body: object) -> SuggestRequest:
    body = _object(body, "the request body")
    text = comment_text(body.get("comment"))
    scores = _suggested_scores(body.get("attributeScores"))
    return SuggestRequest(
        text=text,
        attribute_scores=scores,
        languages=_languages(body.get("languages"), next(iter(scores))),
        community_id=_optional_string(body, "communityId") or "",
        client_token=_optional_string(body, "clientToken"),
        context=_object(body.get("context") or {}, "context"),
    )


def comment_text(comment: object) -> str:
    """``comment.text`` checked for size, with tags removed and entities decoded when ``comment.type`` is HTML."""
    comment = _object(comment or {}, "comment")
    text, text_type = comment.get("text"), comment.get("type") or "PLAIN_TEXT"
    if text_type not in TEXT_TYPES:
        raise InvalidArgument(f"Invalid value at 'comment.type' (TYPE_ENUM), {_shown(text_type)}")
    if text is not None and not isinstance(text, str):
        raise InvalidArgument(f"Invalid value at 'comment.text' (TYPE_STRING), {_shown(text)}")
    if not text or not text.strip():
        raise InvalidArgument("Comment must be non-empty.", "COMMENT_EMPTY")
    size = len(text.encode("utf-8"))
    if size > MAX_COMMENT_BYTES:
        raise InvalidArgument(
            f"Comment text was too many bytes. Value ({size}) exceeded limit ({MAX_COMMENT_BYTES}).", "COMMENT_TOO_LONG"
        )
    if text_type == "HTML":
        text = html.unescape(nh3.clean(text, tags=set()))
        if not text.strip():
            raise InvalidArgument(
                "Comment must be non-empty (it has no text once HTML tags are removed).", "COMMENT_EMPTY"
            )
    return text


def _requested_attributes(raw: object) -> tuple[RequestedAttribute, ...]:
    if not raw:
        raise InvalidArgument('Must specify at least one requestedAttribute, e.g. {"TOXICITY": {}}.')
    requested = []
    for name, options in _object(raw, "requestedAttributes").items():
        _check_attribute(name)
        options = _object(options or {}, f"requestedAttributes.{name}")
        score_type = options.get("scoreType") or SCORE_TYPE
        if score_type != SCORE_TYPE:
            raise InvalidArgument(f"Attribute {name} does not support score type {score_type}: only {SCORE_TYPE}.")
        threshold = options.get("scoreThreshold")
        if threshold is not None:
            threshold = _probability(threshold, f"requestedAttributes.{name}.scoreThreshold")
        requested.append(RequestedAttribute(name, threshold))
    return tuple(requested)


def _suggested_scores(raw: object) -> dict[str, dict[str, Any]]:
    if not raw:
        raise InvalidArgument('Must specify at least one attribute in attributeScores, e.g. {"TOXICITY": ...}.')
    scores = {}
    for name, suggestion in _object(raw, "attributeScores").items():
        _check_attribute(name)
        suggestion = _object(suggestion or {}, f"attributeScores.{name}")
        entry: dict[str, Any] = {}
        if "summaryScore" in suggestion:
            summary = _object(suggestion["summaryScore"], f"attributeScores.{name}.summaryScore")
            entry["summaryScore"] = _probability(summary.get("value", 0), f"attributeScores.{name}.summaryScore.value")
        if "spanScores" in suggestion:
            entry["spanScores"] = _span_scores(suggestion["spanScores"], f"attributeScores.{name}.spanScores")
        if not entry:
            raise InvalidArgument(f"attributeScores.{name} must have a summaryScore or spanScores.")
        scores[name] = entry
    return scores


def _span_scores(raw: object, where: str) -> list[dict[str, Any]]:
    if not isinstance(raw, list):
        raise InvalidArgument(f"Invalid value at '{where}' (type.googleapis.com/SpanScore), {_shown(raw)}")
    spans = []
    for number, span in enumerate(raw):
        span = _object(span, f"{where}[{number}]")
        begin, end = span.get("begin", 0), span.get("end", 0)
        if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in (begin, end)) or end < begin:
            raise InvalidArgument(f"{where}[{number}] needs whole-number offsets with 0 <= begin <= end.")
        score = _object(span.get("score") or {}, f"{where}[{number}].score")
        spans.append({"begin": begin, "end": end, "score": _probability(score.get("value", 0), f"{where}[{number}]")})
    return spans


def _check_attribute(name: str) -> None:
    if name not in PERSPECTIVE_ATTRIBUTES:
        raise InvalidArgument(
            f"Requested attribute {name} is not supported by this server. "
            f"Supported attributes: {', '.join(PERSPECTIVE_ATTRIBUTES)}."
        )


def _languages(raw: object, first_attribute: str) -> tuple[str, ...]:
    """The request's languages as given; each must be English ("en", or a regional tag such as "en-GB")."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(code, str) for code in raw):
        raise InvalidArgument(f"Invalid value at 'languages' (TYPE_STRING), {_shown(raw)}")
    unsupported = [code for code in raw if code.replace("_", "-").split("-")[0].lower() not in SUPPORTED_LANGUAGES]
    if unsupported:
        raise InvalidArgument(
            f"Attribute {first_attribute} does not support request languages: {','.join(unsupported)}",
            "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE",
        )
    return tuple(raw)


def _object(value: object, where: str) -> dict:
    if not isinstance(value, dict):
        raise InvalidArgument(f"Invalid value at '{where}': expected a JSON object, got {_shown(value)}")
    return value


def _bool(body: Mapping, name: str) -> bool:
    value = body.get(name, False)
    if not isinstance(value, bool):
        raise InvalidArgument(f"Invalid value at '{name}' (TYPE_BOOL), {_shown(value)}")
    return value


def _optional_string(body: Mapping, name: str) -> str | None:
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise InvalidArgument(f"Invalid value at '{name}' (TYPE_STRING), {_shown(value)}")
    return value


def _probability(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        raise InvalidArgument(f"Invalid value at '{where}': expected a number from 0 to 1, got {_shown(value)}")
    return float(value)


def _shown(value: object) -> str:
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 60 else text[:59] + "…"
