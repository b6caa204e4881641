"""Why a comment was not accepted: each error has a stable ``code`` and a ``message`` safe to show its writer."""

from __future__ import annotations


class CommentRefused(Exception):
    """The comment was not accepted and nothing was stored; the writer should keep their text and retry."""

    code = "refused"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class ThreadClosed(CommentRefused):
    code = "thread_closed"


class RateLimited(CommentRefused):
    code = "rate_limited"


class CommentInvalid(CommentRefused):
    code = "invalid"


class EditNotAllowed(CommentRefused):
    code = "edit_not_allowed"


_BY_CODE = {cls.code: cls for cls in (ThreadClosed, RateLimited)}


def refusal_error(code: str, message: str) -> CommentRefused:
    """The specific exception for a pipeline refusal's code (``CommentInvalid`` for the length gate)."""
    return _BY_CODE.get(code, CommentInvalid)(message, code)
