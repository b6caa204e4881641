"""Signals for moderators' measures against authors, sent after the transaction commits; never for decisions."""

from django.dispatch import Signal

# Sent when a moderator warns, suspends, bans or pre-moderates a member.
# Arguments: ``sanction`` (the stored Sanction), ``moderator`` (the acting user).
author_sanctioned = Signal()

# Sent when a moderator lifts a sanction before it ends.
# Arguments: ``sanction`` (with ``lifted_at`` set), ``moderator``.
sanction_lifted = Signal()

# Sent when a moderator rejects every held comment of one author at once.
# Arguments: ``member``, ``moderator``, ``comments`` (the rejected Comments; each also sent ``comment_moderated``).
pending_comments_rejected = Signal()

# Sent when a report is filed or changes status (received, under review, action taken, no action).
# Arguments: ``report`` (the stored Report), ``previous`` (its former status, or ``None`` when just filed).
report_status_changed = Signal()

# Sent when readers' reports hide a published comment pending review.
# Arguments: ``comment`` (now held), ``decision_id`` (the stored hiding decision's id).
comment_hidden_by_reports = Signal()

# Sent when a member files an appeal, and when a moderator decides one.
# Arguments: ``appeal`` (the stored Appeal).
appeal_filed = Signal()
appeal_decided = Signal()
