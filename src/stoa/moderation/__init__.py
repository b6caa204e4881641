"""The moderation pipeline and its phases, decisions, the queue, moderator actions and the audit log."""
