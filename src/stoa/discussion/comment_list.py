"""Renders a thread's comment list with Jinja2.

Django's template engine spends about half a millisecond per comment on variable lookups; Jinja2 compiles the
same markup to Python and renders a 200-comment list in a few milliseconds (``make bench`` measures both
paths). Autoescaping is on, as in Django's engine; only the stored, sanitised ``body_html`` is marked safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import jinja2
from django.utils.safestring import SafeString, mark_safe

_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    return environment.get_template("discussion/comments.jinja")


def render_comment_list(comments: Sequence) -> SafeString:
    """The ``<li>`` items of a thread, safe to place inside its ``<ol>``."""
    return mark_safe(_template().render(comments=comments))  # noqa: S308 - autoescaped Jinja2 output
