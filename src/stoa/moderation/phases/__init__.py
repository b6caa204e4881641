"""The moderation policy as one ordered list. Read top to bottom: that is the order a comment meets them."""

from stoa.moderation.phases.author_sanctions import check_author_premoderated, check_author_sanctions
from stoa.moderation.phases.first_comment import check_first_guest_comment
from stoa.moderation.phases.harm_scores import check_harm_scores
from stoa.moderation.phases.length import check_length
from stoa.moderation.phases.links import check_links
from stoa.moderation.phases.personal_data import check_personal_data
from stoa.moderation.phases.policy import decide
from stoa.moderation.phases.rate_limit import check_rate_limit
from stoa.moderation.phases.thread_closed import check_thread_open
from stoa.moderation.phases.word_lists import check_banned_words, check_watched_words

PHASES = (
    # Hard gates: the comment is refused outright and its writer told why (nothing is stored).
    check_length,
    check_thread_open,
    check_author_sanctions,
    check_rate_limit,
    # Content checks: the site's word lists, then links.
    check_banned_words,
    check_watched_words,
    check_links,
    # Scorers: the trained harm model (always recorded; fail closed) and personal data / doxxing.
    check_harm_scores,
    check_personal_data,
    # Pre-moderation rules: a guest's first comment, then authors a moderator put on pre-moderation.
    check_first_guest_comment,
    check_author_premoderated,
    # Policy: signals become the decision.
    decide,
)
