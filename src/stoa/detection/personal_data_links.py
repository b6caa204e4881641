"""Links to a person's profile on a social network: the address a pile-on is sent to.

Only a profile's own address counts (``instagram.com/jane``, ``https://mastodon.social/@jane``), not a link to
one post, video or repository: sharing a post is ordinary discussion, pointing at a person is not. A bare
``@handle`` is not enough either (it is how people reply); a full fediverse address ``@jane@host.social`` is.
"""

from __future__ import annotations

import re

from stoa.detection.personal_data_spans import trimmed, without_overlaps
from stoa.detection.results import Finding

_START = r"(?<![\w.@/-])(?:https?://)?(?:(?:www|m|mobile|web|[a-z]{2}(?:-[a-z]{2})?)\.)?"
_ROOT = r"(?!/[\w.%-]|[\w-])"  # the profile's root: no further path segment after the name
_NAME_END = r"(?![\w.-])"
_RESERVED_X = "home|search|explore|i|intent|share|hashtag|settings|messages|notifications|login|signup|tos|privacy"
_RESERVED_INSTAGRAM = "p|reel|reels|explore|stories|accounts|direct|about|developer|legal|tv"
_RESERVED_FACEBOOK = (
    "share|sharer|sharer\\.php|events|groups|pages|watch|help|login|policies|marketplace|hashtag|gaming|ads|"
    "business|privacy|settings|notes|media|reel|photo|video|videos|dialog|plugins|story\\.php|permalink\\.php"
)
_RESERVED_GITHUB = (
    "orgs|features|pricing|topics|about|login|join|marketplace|explore|settings|notifications|sponsors|"
    "enterprise|collections|trending|security|site|contact|issues|pulls|search|apps|codespaces|new"
)
_LINK_HINT = re.compile(r"\w\.(?:com|net|app)/|/@|\w@[\w-]+\.", re.IGNORECASE)
PROFILE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (platform, re.compile(_START + body, re.IGNORECASE))
    for platform, body in (
        (
            "Facebook",
            rf"(?:facebook|fb)\.com/(?:profile\.php\?id=\d+|(?!(?:{_RESERVED_FACEBOOK}){_NAME_END})[\w.]{{5,50}}){_ROOT}",
        ),
        ("Instagram", rf"instagram\.com/(?!(?:{_RESERVED_INSTAGRAM}){_NAME_END})[\w.]{{1,30}}{_ROOT}"),
        ("X (Twitter)", rf"(?:twitter|x)\.com/(?!(?:{_RESERVED_X}){_NAME_END})\w{{1,15}}{_ROOT}"),
        ("TikTok", rf"tiktok\.com/@[\w.]{{2,24}}{_ROOT}"),
        ("LinkedIn", rf"linkedin\.com/(?:in|pub)/[\w%-]{{3,100}}{_ROOT}"),
        ("YouTube", rf"youtube\.com/(?:@[\w.-]{{3,30}}|(?:c|channel|user)/[\w-]{{2,60}}){_ROOT}"),
        ("Reddit", rf"reddit\.com/(?:u|user)/[\w-]{{3,20}}{_ROOT}"),
        ("GitHub", rf"github\.com/(?!(?:{_RESERVED_GITHUB}){_NAME_END})[a-z\d](?:[a-z\d-]{{0,38}}){_ROOT}"),
        ("Bluesky", rf"bsky\.app/profile/[\w.:-]{{3,253}}{_ROOT}"),
        ("Threads", rf"threads\.(?:net|com)/@[\w.]{{1,30}}{_ROOT}"),
        ("Fediverse", rf"https?://(?:[a-z\d-]+\.)+[a-z]{{2,}}/@\w{{1,30}}(?:@(?:[a-z\d-]+\.)+[a-z]{{2,}})?{_ROOT}"),
        ("Fediverse", r"(?<![\w@])@\w{1,30}@(?:[a-z\d-]+\.)+[a-z]{2,24}(?![\w-])"),
    )
)


def find_profile_links(text: str) -> list[Finding]:
    """Profile links and fediverse addresses in ``text``, one finding each, named after their platform."""
    if not _LINK_HINT.search(text):  # most comments hold no link: skip the dozen patterns
        return []
    return without_overlaps(
        _link_finding(text, *trimmed(text, match.start(), match.end()), platform)
        for platform, pattern in PROFILE_PATTERNS
        for match in pattern.finditer(text)
    )


def _link_finding(text: str, begin: int, end: int, platform: str) -> Finding:
    return Finding("profile_link", begin, end, text[begin:end], f"{platform} profile", {"platform": platform})
