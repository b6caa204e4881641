"""The shapes ``/api/v1`` reads and writes (snake_case JSON). Inputs refuse unknown fields, so a typo is a 422
naming the field rather than a silently ignored value. No shape carries an email, a hash or a model score."""

from datetime import datetime
from typing import Literal, Self

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator, validate_email
from ninja import Field, Schema
from pydantic import AwareDatetime, ConfigDict, field_validator, model_validator

from stoa.moderation.actions import SUSPENSION_PERIODS
from stoa.moderation.models import Report

MAX_PAGE = 100


class Input(Schema):
    model_config = ConfigDict(extra="forbid")


# Errors


class FieldError(Schema):
    field: str = Field(description="The invalid field: a dotted path in the body, or a query or path parameter.")
    source: Literal["body", "query", "path"] = Field(description="Where the field was sent.")
    message: str = Field(description="Why it is invalid.")


class Problem(Schema):
    """RFC 7807 problem details, sent as ``application/problem+json``."""

    type: str = Field(description="A path under /api/v1/problems/ describing this kind of problem.")
    title: str
    status: int
    detail: str = Field(description="What went wrong this time, in words: which field or state, and why.")
    instance: str = Field(description="The request's path.")
    errors: list[FieldError] | None = Field(None, description="Each invalid field (validation problems).")
    code: str | None = Field(None, description="A refused comment's reason code, e.g. reply_not_allowed.")
    comment_id: int | None = Field(None, description="A comment stored as rejected or spam (it may be appealed).")


class ProblemTypeOut(Schema):
    type: str
    title: str
    status: int
    description: str


# Paging


class PageQuery(Input):
    limit: int = Field(50, ge=1, le=MAX_PAGE, description=f"Items per page, 1 to {MAX_PAGE}.")
    offset: int = Field(0, ge=0, description="Items to skip.")
    since: AwareDatetime | None = Field(
        None,
        description="ISO 8601 timestamp with a time zone (2026-11-28T12:00:00Z): only items published (held comments: "
        "written) at or after it.",
    )


class Paged(Schema):
    count: int = Field(description="Items matching the query, on all pages.")
    limit: int
    offset: int
    next_offset: int | None = Field(description="The offset of the next page; null on the last.")


# People


class PersonOut(Schema):
    """Who wrote something: a member (``username``) or a guest (``username`` null). Never an email."""

    username: str | None
    display_name: str
    guest: bool


class RelationOut(Schema):
    username: str
    following: bool
    muting: bool
    blocking: bool


class RelationChanged(RelationOut):
    message: str


class ProfileOut(Schema):
    username: str
    display_name: str
    bio: str
    joined: datetime
    dormant: bool
    comment_count: int = Field(description="Published comments.")
    relation: RelationOut | None = Field(description="The caller's follow, mute and block of this member.")


# Posts and threads


class PostSummary(Schema):
    id: int
    title: str
    slug: str
    url: str
    excerpt: str
    author: PersonOut
    published_at: datetime
    updated_at: datetime
    categories: list[str]
    tags: list[str]
    thread: int | None = Field(description="The post's thread; null until its first comment.")
    comment_count: int = Field(description="Published comments.")
    comments_closed: bool


class PostOut(PostSummary):
    body_html: str


class PostPage(Paged):
    items: list[PostSummary]


class ThreadOut(Schema):
    id: int
    post: int | None
    title: str
    closed: bool
    comment_count: int = Field(description="Published comments.")


# Comments


class CommentOut(Schema):
    id: int
    number: int | None = Field(description="Given on first publication, then fixed; null while held.")
    thread: int
    post: int | None
    parent: int | None = Field(description="The comment this one hangs from in the tree.")
    in_reply_to: int | None = Field(description="The comment it answers (may be deeper than parent).")
    depth: int
    kind: str = Field(description="comment, pingback, trackback or webmention.")
    author: PersonOut | None = Field(description="Null when hidden.")
    body_html: str = Field(description="Sanitised HTML; empty when hidden.")
    status: str = Field(description="published; held only for its author and moderators.")
    hidden: bool = Field(description="Its author blocked the caller: only the number is shown, as on the site.")
    created_at: datetime
    published_at: datetime | None
    edited_at: datetime | None


class CommentPage(Paged):
    items: list[CommentOut]


class CommentIn(Input):
    body: str = Field(description="Markdown, as typed in the site's form.")
    in_reply_to: int | None = Field(None, description="The id of the published comment this one answers.")
    reply_to: int | None = Field(None, description="Or its number in the thread (#5 → 5), as the form takes it.")

    @model_validator(mode="after")
    def one_reply_target(self) -> Self:
        if self.in_reply_to is not None and self.reply_to is not None:
            raise ValueError("give in_reply_to (an id) or reply_to (a number), not both")
        return self


class CommentCreated(CommentOut):
    message: str = Field(description="The sentence the site's form shows after posting.")
    reasons: list[str] = Field(
        description="Why it is held, as far as its writer may know (never the content checks' findings or scores)."
    )


# The comment widget: a page's thread, found by the page's address (docs/embed.md)


class PageCommentsOut(CommentPage):
    page_url: str = Field(description="The page's address as Stoa keys its thread (no fragment, default port dropped).")
    thread: int | None = Field(description="The page's thread; null until its first comment.")
    closed: bool = Field(description="Whether the thread takes no more comments.")
    site_name: str = Field(description="The Stoa site's name, for the widget's sign-in note.")
    site_url: str = Field(description="The Stoa site's public address.")


class GuestCommentIn(CommentIn):
    """A comment from the widget: a guest's name and email, as on the site's form (ignored with an API key)."""

    name: str = Field("", max_length=80, description="The guest's name, shown with the comment.")
    email: str = Field("", max_length=254, description="The guest's email address: never shown, kept only hashed.")
    website: str = Field("", max_length=200, description="An http(s) address shown with the name (optional).")
    title: str = Field("", max_length=200, description="The page's title, kept as the thread's on its first comment.")

    @field_validator("email")
    @classmethod
    def an_email_address(cls, value: str) -> str:
        if value.strip():
            try:
                validate_email(value.strip())
            except DjangoValidationError:
                raise ValueError("enter a valid email address") from None
        return value.strip()

    @field_validator("website")
    @classmethod
    def a_web_address(cls, value: str) -> str:
        if value.strip():
            try:
                URLValidator(schemes=["http", "https"])(value.strip())
            except DjangoValidationError:
                raise ValueError("enter a valid http:// or https:// address") from None
        return value.strip()


# Reports


class ReportIn(Input):
    comment: int | None = Field(None, description="The id of the published comment reported.")
    post: int | None = Field(None, description="Or the id of the published post reported.")
    category: Literal[tuple(Report.Category.values)] = Field(description="What is wrong with it.")
    text: str = Field("", max_length=2000, description="Anything a moderator should know.")

    @model_validator(mode="after")
    def one_subject(self) -> Self:
        if (self.comment is None) == (self.post is None):
            raise ValueError("give exactly one of comment or post")
        return self


class ReportOut(Schema):
    receipt: str = Field(description="R-XXXX-XXXX: anyone holding it can follow the report.")
    status: Literal[tuple(Report.State.values)]
    status_label: str
    subject: Literal["comment", "post"]
    created_at: datetime
    decided_at: datetime | None


# Moderation


class ReasonIn(Input):
    reason: str = Field("", max_length=500, description="Recorded with the decision and in the audit log.")


class EditAndApproveIn(ReasonIn):
    body: str = Field(description="The comment's text as it should be published (e.g. personal data redacted).")


_RULE = "The id of the active community rule it breaks (see /rules/), if any: the stored reason names it."


class RejectIn(ReasonIn):
    rule: int | None = Field(None, description=_RULE)


class MeasureIn(Input):
    reason: str = Field("", max_length=2000, description="Told to the member and kept in their history.")
    comment: int | None = Field(None, description="The id of the comment the measure is about, if any.")
    rule: int | None = Field(None, description=_RULE)


class SuspendIn(MeasureIn):
    period: Literal[tuple(SUSPENSION_PERIODS)] = Field(description="How long: " + ", ".join(SUSPENSION_PERIODS))


class SanctionOut(Schema):
    id: int
    member: str
    kind: str
    reason: str
    comment: int | None
    rule: int | None = Field(description="The id of the community rule cited, if any.")
    created_at: datetime
    ends_at: datetime | None


class RejectedPendingOut(Schema):
    member: str
    rejected: list[int] = Field(description="The ids of the held comments now rejected.")


# What an endpoint may answer, for the OpenAPI document: its success shape, then the problems it can meet.

COMMON_PROBLEMS = (401, 403, 422, 429)


def answers(success: type[Schema], *problems: int, statuses: tuple[int, ...] = (200,)) -> dict[int, type[Schema]]:
    """``response=`` for an endpoint: ``success`` under each of ``statuses``, a ``Problem`` under every other code."""
    return {
        **{status: success for status in statuses},
        **{status: Problem for status in sorted({*COMMON_PROBLEMS, *problems})},
    }
