"""What the demo blog holds, as plain data: people, word rules, categories and tags (posts: ``posts``).

Keeping the content apart from ``loader`` lets an editor rewrite the demo's words without touching how they
are loaded. Everyone and everything here is fictional; addresses use the reserved ``example`` domains and the
``203.0.113.0/24`` documentation network.
"""

from __future__ import annotations

from dataclasses import dataclass

from stoa.people.roles import Role


@dataclass(frozen=True)
class Person:
    """A demo account. ``role`` is its one role; no demo account but the admin can log in."""

    username: str
    display_name: str
    role: Role = Role.MEMBER
    bio: str = ""


@dataclass(frozen=True)
class Guest:
    """Someone who comments without an account: a name and an email address, as the comment form asks."""

    name: str
    email: str


@dataclass(frozen=True)
class DemoComment:
    """One comment, submitted through the real pipeline.

    ``key``: how later comments refer to this one. ``by``: a ``Person.username`` or a ``Guest.name``.
    ``reply_to``: the key of the comment it answers (empty for a top-level comment). ``after_minutes``: the
    gap since the previous comment in the thread, so the rate limit sees a plausible pace. ``mention_of``: set
    for a Webmention from another site (that page's address); ``by`` is then the other site's author, and a
    moderator (the post's author) approves it at once, as they would on reading it.
    """

    key: str
    by: str
    body: str
    reply_to: str = ""
    after_minutes: int = 5
    mention_of: str = ""


@dataclass(frozen=True)
class GuestByline:
    """The byline of a guest post: who wrote it, where to find them, and a line about them."""

    name: str
    url: str
    bio: str


@dataclass(frozen=True)
class DemoPost:
    """A published post. ``author`` is the account that filed it; ``days_ago`` places it in recent weeks.
    ``people``: the people it discusses, each a name and its aliases (they go into the site's register)."""

    slug: str
    title: str
    author: str
    days_ago: float
    excerpt: str
    body: str
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    guest: GuestByline | None = None
    comments: tuple[DemoComment, ...] = ()
    people: tuple[tuple[str, tuple[str, ...]], ...] = ()


ADMIN_USERNAME = "admin"
ADMIN_EMAIL = "admin@example.org"

STAFF = (
    Person("helen", "Helen Marsh", Role.EDITOR, "Edits the Ledger. Ashworth born, Ashworth bred."),
    Person("tomasz", "Tomasz Nowak", Role.AUTHOR, "Writes about the council's money and the town's buses."),
    Person("priya", "Priya Shah", Role.MODERATOR, "Keeps the comments readable."),
)

MEMBERS = (
    Person("dkerr", "Dave Kerr"),
    Person("sallyw", "Sally Whitfield"),
    Person("marcus_b", "Marcus Bell"),
    Person("jen_okafor", "Jen Okafor", bio="Canal Wharf Tenants' Association committee."),
    Person("oldtownrob", "Rob Haines"),
    Person("kirsty_m", "Kirsty McLeod"),
    Person("alanp", "Alan Price"),
    Person("fatima_r", "Fatima Rahman"),
    Person("geoff1958", "Geoff Sutton", bio="Retired surveyor. Forty years in Ashworth."),
    Person("lizzie_c", "Lizzie Carter"),
    Person("owen_l", "Owen Llewellyn"),
    Person("nina_k", "Nina Kowalski"),
    Person("canalsidechris", "Chris Dunn"),
)

GUESTS = (
    Guest("Wharf Resident", "blockc.resident@example.net"),
    Guest("Concerned of Ashworth", "concerned.ashworth@example.com"),
    Guest("Maureen", "maureen.h@example.net"),
    Guest("Pharma Deals", "deals@pills.example.com"),
)

# Watched words hold a comment for a moderator (the name-calling below the guest post); banned ones reject.
WATCHED_WORDS = ("scumbag", "lowlife", "shit-houses", "informant")
BANNED_WORDS = ("cheap pills",)

CATEGORIES = (
    ("Politics", "politics", "The council, the budget and who decides what in Ashworth."),
    ("Community", "community", "Clubs, libraries, repair cafés and the people who run them."),
    ("Technology", "technology", "How this blog works, and the web it lives on."),
)

TAGS = (
    ("Housing", "housing"),
    ("Canal Wharf", "canal-wharf"),
    ("Council", "council"),
    ("Planning", "planning"),
    ("Budget", "budget"),
    ("Online abuse", "online-abuse"),
    ("Moderation", "moderation"),
    ("Library", "library"),
)
