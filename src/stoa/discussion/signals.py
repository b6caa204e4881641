"""Signals for side effects (notifications, metrics), sent after the transaction commits; never for decisions."""

from django.dispatch import Signal

# Sent when a comment has been decided by the pipeline (on submit or edit).
# Arguments: ``comment`` (the stored Comment), ``decision`` (the pipeline's Decision, as it applied: an edit of a
# comment hidden by reports stays held), ``decision_id`` (the stored ModerationDecision's id).
comment_decided = Signal()

# Sent when a moderator changes a comment's status.
# Arguments: ``comment``, ``moderator`` (the acting user), ``previous`` and ``status`` (Status values),
# ``decision`` (the stored ModerationDecision).
comment_moderated = Signal()
