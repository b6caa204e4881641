"""The site's community rules as moderators cite them: which rules can be cited, and the reason a citation records.

A removal or a sanction that cites a rule keeps the rule's id (``rule``) and a reason that names the rule in words,
"Rule 2 (No threats): the moderator's own words", so the record reads the same after the rule is edited. Only active
rules are offered and accepted; the public list is ``/rules/`` (``rules_views``).
"""

from __future__ import annotations

from django.db.models import QuerySet

from stoa.moderation.models import CommunityRule


class RuleNotCitable(ValueError):
    """The rule asked for does not exist or is not active; ``str`` is the sentence to show the moderator."""


def active_rules() -> QuerySet[CommunityRule]:
    """The rules readers see on ``/rules/`` and moderators can cite, in their order."""
    return CommunityRule.objects.filter(active=True).order_by("position")


def citable_rule(value: str | int | None) -> CommunityRule | None:
    """The active rule a form field or API body names by id; ``None`` when none is named (empty or missing)."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    rule = active_rules().filter(pk=int(text)).first() if text.isdigit() else None
    if rule is None:
        raise RuleNotCitable(f"There is no active community rule with id {text!r}: choose one from the list, or none.")
    return rule


def check_citable(rule: CommunityRule | None) -> None:
    """Refuse a rule deactivated (or deleted) since it was looked up; no rule is always fine."""
    if rule is not None and not active_rules().filter(pk=rule.pk).exists():
        raise RuleNotCitable(f"Rule {rule.position} ({rule.title}) is not active: cite an active rule, or none.")


def cited_reason(rule: CommunityRule | None, reason: str) -> str:
    """The reason as stored: the moderator's words, after the rule they cite ("Rule 2 (No threats): ...")."""
    if rule is None:
        return reason
    citation = f"Rule {rule.position} ({rule.title})"
    return f"{citation}: {reason}" if reason else citation


def moderator_note(rule: CommunityRule, stored: str) -> str:
    """The moderator's own words in a stored reason, without the citation ``cited_reason`` put before them."""
    citation = cited_reason(rule, "")
    if stored == citation:
        return ""
    return stored.removeprefix(f"{citation}: ")
