"""What WordPress's export format (WXR 1.2) means, shared by the reader and the writer so a round trip agrees.

Stoa writes what WordPress has no field for as ``wp:postmeta`` / ``wp:commentmeta`` entries named ``stoa_*``;
WordPress keeps them as plain metadata, and Stoa's own reader restores them.
"""

from __future__ import annotations

from stoa.moderation.decisions import Status

NAMESPACES = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}

# wp:comment_approved → (Stoa status, WordPress's word for it, as the "imported" decision says it).
COMMENT_STATUSES = {
    "1": (Status.PUBLISHED, "approved"),
    "0": (Status.HELD, "pending"),
    "spam": (Status.SPAM, "spam"),
    "trash": (Status.REJECTED, "trash"),
    "post-trashed": (Status.REJECTED, "trash"),
}
WXR_COMMENT_STATUS = {Status.PUBLISHED: "1", Status.HELD: "0", Status.SPAM: "spam", Status.REJECTED: "trash"}

# wp:comment_type → Comment.kind; WordPress before 5.5 wrote "" for a comment; other types (plugins') are comments.
MENTION_KINDS = ("pingback", "trackback", "webmention")

# wp:status of a post → Stoa's; the rest (trash, auto-draft, inherit) are not imported.
POST_STATUSES = {
    "publish": "published",
    "future": "published",
    "draft": "draft",
    "pending": "draft",
    "private": "draft",
}

POST_META = ("stoa_guest_author_name", "stoa_guest_author_url", "stoa_guest_author_bio", "stoa_score_thresholds")
THREAD_CLOSED_META = "stoa_thread_closed"
COMMENT_META = ("stoa_number", "stoa_email_hash", "stoa_ip_hash", "stoa_published_at", "stoa_edited_at")
