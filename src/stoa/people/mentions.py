"""``@username`` mentions in a comment's text, found simply (``stoa.detection.targets`` finds targets richly).

A mention starts with ``@`` not glued to a word or address (``ann@example.org`` is not one) and runs over the
characters Django allows in a username; a trailing full stop or dash ends the sentence, not the name. There is
no cap on how many are read: a cap would let a writer hide a blocked mention behind twenty made-up ones.
"""

from __future__ import annotations

import re

_MENTION = re.compile(r"(?<![\w@.+-])@([\w.@+-]+)")


def mentioned_usernames(text: str) -> list[str]:
    """The usernames mentioned in ``text`` as written, in order of first mention (case-insensitively distinct)."""
    names: dict[str, str] = {}
    for match in _MENTION.finditer(text):
        name = match.group(1).rstrip(".-@+")
        if name:
            names.setdefault(name.lower(), name)
    return list(names.values())
