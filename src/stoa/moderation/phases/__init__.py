"""The moderation policy as one ordered list. Read top to bottom: that is the order a comment meets them."""

from stoa.moderation.phases.author_sanctions import check_author_premoderated, check_author_sanctions
from stoa.moderation.phases.blocks import check_member_controls
from stoa.moderation.phases.first_comment import check_first_guest_comment
from stoa.moderation.phases.harm_scores import check_harm_scores
from stoa.moderation.phases.length import check_length
from stoa.moderation.phases.linkify import linkify_addresses
from stoa.moderation.phases.links import check_links
from stoa.moderation.phases.new_author import check_new_author
from stoa.moderation.phases.personal_data import check_personal_data
from stoa.moderation.phases.policy import decide
from stoa.moderation.phases.post_premoderated import check_post_premoderated
from stoa.moderation.phases.premoderate_all import check_premoderate_all
from stoa.moderation.phases.rate_limit import check_rate_limit
from stoa.moderation.phases.rejection_rate import check_rejection_rate
from stoa.moderation.phases.repeat_post import check_repeat_post
from stoa.moderation.phases.sanitise import sanitise_text
from stoa.moderation.phases.shields import check_shields
from stoa.moderation.phases.thread_closed import check_thread_open
from stoa.moderation.phases.trusted_author import approve_trusted_author
from stoa.moderation.phases.word_lists import check_banned_words, check_watched_words

PHASES = (
    # Hard gates: the comment is refused outright and its writer told why (nothing is stored).
    check_length,
    check_thread_open,
    check_author_sanctions,
    check_member_controls,
    check_rate_limit,
    # Transforms: rewrite the text every later phase sees and the comment stores (clean characters, then links).
    sanitise_text,
    linkify_addresses,
    # Shields: a comment aimed at a shielded person, from someone without history with them, waits (staff pass).
    # Before trusted auto-approve: good standing elsewhere is no history with the person a crowd turned on.
    check_shields,
    # Trusted auto-approve: staff and members in good standing are published here (with the harm model's scores
    # recorded), unless a banned word, personal data or the model's reject band is found (those three apply to
    # everyone; the comment then takes the whole pipeline). Trust waives the model's hold band, not its reject band.
    approve_trusted_author,
    # Content checks: the site's word lists, links, the trained harm model (always recorded; fail closed),
    # personal data / doxxing, the same text again, and an author whose recent comments were mostly rejected.
    check_banned_words,
    check_watched_words,
    check_links,
    check_harm_scores,
    check_personal_data,
    check_repeat_post,
    check_rejection_rate,
    # Pre-moderation rules: all comments, a guest's first comment, a new author's first few, an author a
    # moderator put on pre-moderation, this post.
    check_premoderate_all,
    check_first_guest_comment,
    check_new_author,
    check_author_premoderated,
    check_post_premoderated,
    # Policy: signals become the decision.
    decide,
)
