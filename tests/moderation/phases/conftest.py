"""A tiny context factory: phases are tested without a database."""

from __future__ import annotations

import datetime as dt

import pytest

from stoa.moderation.context import AuthorHistory, ModerationContext, ModerationSettings

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def context():
    """``context(text, author=AuthorHistory(...), **settings)``: a frozen moderation context at ``NOW``."""

    def make(
        text: str = "A perfectly ordinary comment.",
        *,
        author: AuthorHistory | None = None,
        thread_closed: bool = False,
        post_premoderated: bool = False,
        scorer=None,
        personal_data=None,
        **settings,
    ) -> ModerationContext:
        return ModerationContext(
            text=text,
            now=NOW,
            thread_closed=thread_closed,
            post_premoderated=post_premoderated,
            author=author or AuthorHistory(is_member=True, approved_comments=3),
            settings=ModerationSettings(**settings),
            scorer=scorer,
            personal_data=personal_data,
        )

    return make
