"""A thread exported from anywhere, read and checked for ``stoa analyze``.

The format: ``{"post": {"title", "author", "body", "published"}, "comments": [{"id", "author", "text",
"published", "reply_to"}]}``. ``reply_to`` is optional (``null`` or absent for a top-level comment) and must name
another comment in the file; ids are strings or integers, unique; timestamps are ISO 8601 (one without a time zone
is read as UTC). Anything else is a ``BadThread`` whose message names the field and the comment.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from stoa.detection.results import MAX_TEXT_CHARS


class BadThread(ValueError):
    """The thread file cannot be analysed; the message names the field and, for a comment, its id."""


@dataclass(frozen=True)
class ThreadPost:
    title: str
    author: str
    body: str
    published: datetime


@dataclass(frozen=True)
class ThreadComment:
    id: str
    author: str
    text: str
    published: datetime
    reply_to: str | None = None


@dataclass(frozen=True)
class Thread:
    """The post and its comments, the comments in the order they were published (file order breaks ties)."""

    post: ThreadPost
    comments: tuple[ThreadComment, ...]


def parse_thread(raw: str | bytes) -> Thread:
    """The thread in ``raw`` (the file's contents), or ``BadThread`` saying precisely what is wrong."""
    try:
        document = json.loads(raw)
    except UnicodeDecodeError as error:
        raise BadThread(f"the file is not UTF-8 ({error.reason} at byte {error.start})") from error
    except json.JSONDecodeError as error:
        raise BadThread(f"the file is not JSON ({error.msg} at line {error.lineno}, column {error.colno})") from error
    if not isinstance(document, dict):
        raise BadThread(f'expected an object {{"post": …, "comments": […]}}, got a JSON {_kind(document)}')
    post = _post(_field(document, "post", dict, "the thread"))
    listed = _field(document, "comments", list, "the thread")
    comments = [_comment(item, index) for index, item in enumerate(listed)]
    _check_ids(comments)
    ordered = sorted(enumerate(comments), key=lambda pair: (pair[1].published, pair[0]))
    return Thread(post, tuple(comment for _, comment in ordered))


def _kind(value: object) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number"
    )


def _field(record: dict, name: str, kind: type, where: str, *, required: bool = True):
    if name not in record or (not required and record[name] is None):
        if required:
            raise BadThread(f'{where}: "{name}" is missing')
        return None
    value = record[name]
    if not isinstance(value, kind) or isinstance(value, bool):
        wanted = {dict: "an object", list: "an array", str: "a string"}[kind]
        raise BadThread(f'{where}: "{name}" must be {wanted}, not a JSON {_kind(value)}')
    return value


def _text(record: dict, name: str, where: str, *, empty_ok: bool = False) -> str:
    value = _field(record, name, str, where)
    if not empty_ok and not value.strip():
        raise BadThread(f'{where}: "{name}" is empty')
    if len(value) > MAX_TEXT_CHARS:
        raise BadThread(f'{where}: "{name}" has {len(value):,} characters; the limit is {MAX_TEXT_CHARS:,}')
    return value


def _timestamp(record: dict, name: str, where: str) -> datetime:
    value = _field(record, name, str, where)
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as error:
        raise BadThread(f'{where}: "{name}" is not an ISO 8601 timestamp: {value!r}') from error
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _post(record: dict) -> ThreadPost:
    where = "the post"
    return ThreadPost(
        title=_text(record, "title", where, empty_ok=True),
        author=_text(record, "author", where),
        body=_text(record, "body", where, empty_ok=True),
        published=_timestamp(record, "published", where),
    )


def _comment_id(item: dict, index: int) -> str:
    where = f"comments[{index}]"
    if "id" not in item or item["id"] is None:
        raise BadThread(f'{where}: "id" is missing')
    value = item["id"]
    if isinstance(value, bool) or not isinstance(value, str | int) or (isinstance(value, str) and not value.strip()):
        raise BadThread(f'{where}: "id" must be a non-empty string or an integer, not {json.dumps(value)}')
    return str(value)


def _comment(item: object, index: int) -> ThreadComment:
    if not isinstance(item, dict):
        raise BadThread(f"comments[{index}]: expected an object, got a JSON {_kind(item)}")
    comment_id = _comment_id(item, index)
    where = f"comment {comment_id} (comments[{index}])"
    reply_to = item.get("reply_to")
    if reply_to is not None and (isinstance(reply_to, bool) or not isinstance(reply_to, str | int)):
        raise BadThread(f'{where}: "reply_to" must be a comment id (string or integer) or null')
    return ThreadComment(
        id=comment_id,
        author=_text(item, "author", where),
        text=_text(item, "text", where),
        published=_timestamp(item, "published", where),
        reply_to=None if reply_to is None else str(reply_to),
    )


def _check_ids(comments: list[ThreadComment]) -> None:
    seen: set[str] = set()
    for index, comment in enumerate(comments):
        if comment.id in seen:
            raise BadThread(f'comment {comment.id} (comments[{index}]): "id" {comment.id} is used twice')
        seen.add(comment.id)
    for index, comment in enumerate(comments):
        where = f"comment {comment.id} (comments[{index}])"
        if comment.reply_to is not None and comment.reply_to not in seen:
            raise BadThread(f'{where}: "reply_to" names comment {comment.reply_to}, which is not in the file')
        if comment.reply_to == comment.id:
            raise BadThread(f'{where}: "reply_to" names the comment itself')
