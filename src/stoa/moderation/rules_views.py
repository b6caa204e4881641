"""The public page of community rules, ``/rules/``: what readers agree to, and what moderators cite.

Each rule is numbered by its ``position`` and anchored at ``#rule-N``, the link a removal or sanction notice gives.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from stoa.moderation.community_rules import active_rules
from stoa.rendering import render_comment


def community_rules(request: HttpRequest) -> HttpResponse:
    """The active rules in order; each explanation rendered as a comment is (a handful of short texts, on read)."""
    rules = [(rule, render_comment(rule.explanation)) for rule in active_rules()]
    return render(request, "moderation/rules.html", {"rules": rules})
