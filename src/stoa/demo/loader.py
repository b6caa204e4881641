"""Loads the demo blog once, so ``stoa demo`` shows a living site and its moderation queue in one command.

Comments go through ``submit_comment`` like any reader's, so what the demo shows held, numbered or rejected is
what the real pipeline decides. Loading is one transaction and checks first whether the demo is already there,
so running it twice adds nothing. The admin's password is generated once and kept in the data folder (mode
0600), so every run can say how to log in.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from stoa.blog.models import Category, Post, PostStatus, Tag
from stoa.demo.content import (
    ADMIN_EMAIL,
    ADMIN_USERNAME,
    BANNED_WORDS,
    CATEGORIES,
    GUESTS,
    MEMBERS,
    STAFF,
    TAGS,
    WATCHED_WORDS,
    DemoComment,
    DemoPost,
    Guest,
    GuestByline,
    Person,
)
from stoa.demo.posts import POSTS
from stoa.discussion.models import Comment, CommentKind
from stoa.discussion.services import CommentDraft, submit_comment
from stoa.discussion.threads import thread_for_post
from stoa.moderation.actions import approve_comment
from stoa.moderation.decisions import Status
from stoa.moderation.models import WordRule
from stoa.people.models import User
from stoa.people.services import assign_role, create_admin
from stoa.safety.models import Person as RegisteredPerson
from stoa.safety.register import register_person

PASSWORD_FILE_NAME = "demo-admin.txt"  # noqa: S105 - a file name, not a password


@dataclass(frozen=True)
class DemoResult:
    """What ``stoa demo`` tells its user.

    ``created``: this call loaded the content (``False``: it was already there). ``admin_password``: ``None``
    when an ``admin`` account existed before the demo, whose password the demo cannot know. The counts cover
    the demo's posts and their comments.
    """

    created: bool
    admin_username: str
    admin_password: str | None
    password_file: Path
    posts: int
    comments: int
    held: int

    def summary(self) -> str:
        """Where the site is, what was loaded, and how to log in and reach the moderation queue."""
        url = settings.CONFIG.site_url.rstrip("/")
        loaded = "Loaded the demo" if self.created else "The demo was already loaded (nothing new was added)"
        password = f"/ {self.admin_password}" if self.admin_password else "with the password you set for it"
        lines = [
            f"{loaded}: {self.posts} posts, {self.comments} comments, {self.held} held for review.",
            f"Site: {url}/ (start it with `stoa serve`).",
            f"Log in at {url}/people/login/ as {self.admin_username} {password} (moderation queue: {url}/moderation/)",
        ]
        if self.admin_password:
            lines.append(f"The password is kept in {self.password_file}.")
        return "\n".join(lines)


def load_demo(now: datetime | None = None) -> DemoResult:
    """Load the demo content unless it is already there; either way, say how to log in.

    ``now`` anchors the posts' dates (they fall in the weeks before it); tests pass it to fix time.
    """
    now = now or timezone.now()
    password_file = Path(settings.DATA_DIR) / PASSWORD_FILE_NAME
    with _no_outgoing_mail(), transaction.atomic():
        password = _ensure_admin(password_file)
        created = not _content_loaded()
        if created:
            _load_content(now)
    posts, comments, held = _counts()
    return DemoResult(created, ADMIN_USERNAME, password, password_file, posts, comments, held)


def _no_outgoing_mail():
    """The demo's people are invented: what they are told lands in their inboxes, not in mail (printed to the
    console by default, which would bury ``make run``'s login line). ``override_settings`` also resets Django's
    cached mail backends, in and out."""
    return override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}})


def _ensure_admin(password_file: Path) -> str | None:
    """The demo admin's password, creating the account (and the password) on first load.

    An ``admin`` made outside the demo keeps its own password, which we cannot report.
    """
    admin_exists = User.objects.filter(username=ADMIN_USERNAME).exists()
    if admin_exists and not password_file.exists():
        return None
    password = _read_or_create_password(password_file)
    if not admin_exists:
        create_admin(ADMIN_USERNAME, ADMIN_EMAIL, password)
    return password


def _read_or_create_password(path: Path) -> str:
    """The kept password, or a new random one written readable by the owner only."""
    kept = path.read_text().strip() if path.exists() else ""
    if kept:
        return kept
    password = secrets.token_urlsafe(12)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(password + "\n")
    path.chmod(0o600)
    return password


def _content_loaded() -> bool:
    """The demo's posts are the mark that it was loaded (the load is one transaction: all or nothing)."""
    return Post.objects.filter(slug__in=[post.slug for post in POSTS]).exists()


def _counts() -> tuple[int, int, int]:
    """Demo posts, their comments, and how many of those wait in the moderation queue."""
    posts = Post.objects.filter(slug__in=[post.slug for post in POSTS])
    comments = Comment.objects.filter(thread__post__in=posts)
    return posts.count(), comments.count(), comments.filter(status=Status.HELD).count()


def _load_content(now: datetime) -> None:
    """People and word rules first (the pipeline reads them), then posts oldest first with their threads."""
    accounts = _create_accounts()
    _create_word_rules()
    categories, tags = _create_taxonomy()
    ip_addresses = _ip_addresses()
    for spec in sorted(POSTS, key=lambda post: post.days_ago, reverse=True):
        post = _create_post(spec, accounts, categories, tags, now)
        _register_people(post, spec)
        _submit_thread(post, spec.comments, accounts, ip_addresses)


def _create_accounts() -> dict[str, User]:
    """The staff and members, by username. None can log in: only the admin has a password."""
    return {person.username: _create_account(person) for person in (*STAFF, *MEMBERS)}


def _create_account(person: Person) -> User:
    user, created = User.objects.get_or_create(
        username=person.username,
        defaults={
            "display_name": person.display_name,
            "bio": person.bio,
            "email": f"{person.username}@example.org",
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        assign_role(user, person.role)
    return user


def _create_word_rules() -> None:
    """The site's word lists, so the name-calling below the guest post is held and the spam rejected."""
    rules = [(word, WordRule.Action.WATCH) for word in WATCHED_WORDS]
    rules += [(phrase, WordRule.Action.BAN) for phrase in BANNED_WORDS]
    for phrase, action in rules:
        WordRule.objects.get_or_create(phrase=phrase, defaults={"action": action, "note": "Added by the demo."})


def _create_taxonomy() -> tuple[dict[str, Category], dict[str, Tag]]:
    """Categories and tags, by slug."""
    categories = {
        slug: Category.objects.get_or_create(slug=slug, defaults={"name": name, "description": description})[0]
        for name, slug, description in CATEGORIES
    }
    tags = {slug: Tag.objects.get_or_create(slug=slug, defaults={"name": name})[0] for name, slug in TAGS}
    return categories, tags


def _ip_addresses() -> dict[str, str]:
    """One documentation-range address per commenter, so the per-IP rate limit sees different people."""
    names = [person.username for person in (*STAFF, *MEMBERS)] + [guest.name for guest in GUESTS]
    return {name: f"203.0.113.{index}" for index, name in enumerate(names, start=10)}


def _create_post(
    spec: DemoPost, accounts: dict[str, User], categories: dict[str, Category], tags: dict[str, Tag], now: datetime
) -> Post:
    post = Post.objects.create(
        title=spec.title,
        slug=spec.slug,
        body=spec.body,
        excerpt=spec.excerpt,
        author=accounts[spec.author],
        status=PostStatus.PUBLISHED,
        published_at=now - timedelta(days=spec.days_ago),
        **_guest_byline(spec.guest),
    )
    post.categories.set([categories[slug] for slug in spec.categories])
    post.tags.set([tags[slug] for slug in spec.tags])
    return post


def _guest_byline(guest: GuestByline | None) -> dict[str, str]:
    """The post's guest-author fields; empty for a post by the account that filed it."""
    if guest is None:
        return {}
    return {"guest_author_name": guest.name, "guest_author_url": guest.url, "guest_author_bio": guest.bio}


def _submit_thread(
    post: Post, comments: tuple[DemoComment, ...], accounts: dict[str, User], ip_addresses: dict[str, str]
) -> None:
    """Submit the thread in order, minutes apart, through the real pipeline."""
    thread = thread_for_post(post)
    guests = {guest.name: guest for guest in GUESTS}
    submitted: dict[str, Comment] = {}
    at = post.published_at
    for spec in comments:
        at += timedelta(minutes=spec.after_minutes)
        if spec.mention_of:
            submitted[spec.key] = _submit_mention(thread, spec, post.author, at)
            continue
        draft = CommentDraft(
            thread=thread,
            body=spec.body,
            reply_to=_published_target(submitted.get(spec.reply_to)),
            ip_address=ip_addresses[spec.by],
            **_identity(spec.by, accounts, guests),
        )
        submitted[spec.key] = submit_comment(draft, now=at).comment


def _submit_mention(thread, spec: DemoComment, moderator: User, at: datetime) -> Comment:
    """A Webmention from another site, as verification would submit it, approved by the post's author at once
    (so it is numbered in the thread like a comment)."""
    draft = CommentDraft(
        thread=thread,
        body=spec.body,
        guest_name=spec.by,
        guest_website=spec.mention_of,
        kind=CommentKind.WEBMENTION,
        source_url=spec.mention_of,
    )
    comment = submit_comment(draft, now=at).comment
    if comment.status == Status.HELD:
        comment = approve_comment(comment, moderator=moderator, reason="a mention from the local paper", now=at)
    return comment


def _register_people(post: Post, spec: DemoPost) -> None:
    """The people a post discusses go into the site's register, so comments naming them are recognised."""
    for name, aliases in spec.people:
        register_person(name, aliases=list(aliases), source=RegisteredPerson.Source.POST).posts.add(post)


def _identity(by: str, accounts: dict[str, User], guests: dict[str, Guest]) -> dict[str, object]:
    """The draft's author fields: the member's account, or a guest's name and email."""
    if by in guests:
        return {"guest_name": guests[by].name, "guest_email": guests[by].email}
    return {"author": accounts[by]}


def _published_target(comment: Comment | None) -> Comment | None:
    """The comment a reply can hang from: only published ones, so a reply to a held one goes to its parent."""
    while comment is not None and not comment.is_published:
        comment = comment.in_reply_to
    return comment
