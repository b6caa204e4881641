"""Why a comment was not accepted: each error has a stable ``code`` and a ``message`` safe to show its writer."""

from __future__ import annotations


class CommentRefused(Exception):
    """The comment was not accepted and nothing was stored; the writer should keep their text and retry.

    ``retry_after_seconds``: when the refusal lifts by itself (the rate limit), the whole seconds to wait before
    sending it again; views send it as ``Retry-After``. ``None``: waiting will not help.
    """

    code = "refused"

    def __init__(self, message: str, code: str | None = None, *, retry_after_seconds: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after_seconds = retry_after_seconds
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


def refusal_error(code: str, message: str, *, retry_after_seconds: int | None = None) -> CommentRefused:
    """The specific exception for a pipeline refusal's code (``CommentInvalid`` for the length gate), carrying the
    refusal's wait, if any."""
    return _BY_CODE.get(code, CommentInvalid)(message, code, retry_after_seconds=retry_after_seconds)


def retry_after_header(error: CommentRefused) -> dict[str, str]:
    """``{"Retry-After": seconds}`` for a refusal that lifts by itself, else nothing: for the form's and the API's
    answers alike."""
    seconds = error.retry_after_seconds
    return {} if seconds is None else {"Retry-After": str(seconds)}
