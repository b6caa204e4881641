"""Trusted auto-approve: staff, and members in good standing, are published without the content checks.

Staff are members who may moderate comments themselves (moderators, editors, admins; ``STOA_TRUST_STAFF``). A
member is in good standing with at least ``STOA_TRUST_MEMBERS_AFTER`` approved comments and no comment rejected
(or marked spam) and no sanction, not even a warning, within ``STOA_TRUST_WINDOW``; one rejection ends their
trust for that long. A member under pre-moderation is never trusted, and the "all comments" and "this post"
pre-moderation switches hold members in good standing too (staff pass: they could approve their own comment).

Three checks still apply to everyone, because their harm does not depend on the writer's record: the site's banned
words (its zero-tolerance list), personal data (doxxing hurts a third party, and a trusted account is exactly
the one an attacker would borrow) and the harm model's reject band. If any finds something (or the model cannot
run: fail closed, as for anyone), this phase gives no opinion and the comment takes the whole pipeline like
anyone's. What trust does skip is the harm model's hold band, watched words, links, repeat posts and the
new-author rules: the checks whose false alarms fall on people with a track record. The model's scores and the
spans it marked are recorded with the trusted decision all the same (the flagged queue and the score sort read
them); the model scores a text once, so the content phase asks again at no cost. Nor does trust overrule an
earlier phase that asked for review (a shield on the person the comment is aimed at).
"""

from __future__ import annotations

import datetime as dt

from stoa.moderation.context import AuthorHistory, ModerationContext, ModerationSettings
from stoa.moderation.decisions import Decision, Signal, Status, Verdict, spoken_duration
from stoa.moderation.phases.harm_scores import check_harm_scores
from stoa.moderation.phases.personal_data import check_personal_data
from stoa.moderation.phases.word_lists import check_banned_words

PHASE = "trusted_author"
_STILL_APPLY = (check_banned_words, check_personal_data)


def in_good_standing(author: AuthorHistory, settings: ModerationSettings, now: dt.datetime) -> bool:
    """Enough approved comments (and past the new-author rule), and nothing rejected or sanctioned lately."""
    needed = max(settings.trust_members_after, settings.premoderate_first_comments)
    if not author.is_member or settings.trust_members_after <= 0 or author.approved_comments < needed:
        return False
    since = now - dt.timedelta(seconds=settings.trust_window_seconds)
    return all(at is None or at < since for at in (author.last_rejection_at, author.last_sanction_at))


def _trusted_because(context: ModerationContext) -> str | None:
    author, settings = context.author, context.settings
    if author.premoderated:
        return None
    if settings.trust_staff and author.may_moderate:
        return "trusted author: staff"
    if settings.premoderate_all or context.post_premoderated:
        return None
    if in_good_standing(author, settings, context.now):
        window = spoken_duration(settings.trust_window_seconds)
        return (
            f"trusted author: member in good standing ({author.approved_comments} approved comments; "
            f"nothing rejected and no sanction in {window})"
        )
    return None


def _model_figures(context: ModerationContext, signals: tuple[Signal, ...]) -> tuple[Signal, ...] | None:
    """The harm model's scores and spans as a figures-only signal (none when scoring is off), or ``None`` when trust
    cannot apply: the text reaches the reject band, or the model cannot run (its signal then carries no scores)."""
    harm = check_harm_scores(context, signals)
    if harm is None:
        return ()
    if harm.verdict == Verdict.REJECT or not harm.scores:
        return None
    return (Signal(Verdict.NOTE, "", harm.phase, harm.scores, harm.highlights),)  # a hold band verdict is waived


def approve_trusted_author(context: ModerationContext, signals: tuple[Signal, ...] = ()) -> Decision | None:
    if any(signal.verdict != Verdict.NOTE for signal in signals):  # an earlier phase (a shield) asked for review
        return None
    reason = _trusted_because(context)
    if reason is None or any(check(context, signals) is not None for check in _STILL_APPLY):
        return None
    figures = _model_figures(context, signals)
    if figures is None:
        return None
    return Decision.from_signals(Status.PUBLISHED, (*signals, *figures), PHASE, reasons=(reason,))
