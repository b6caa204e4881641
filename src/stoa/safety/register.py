"""The site's register of people, as the pure detector wants it: registered people plus members' own names."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from stoa.detection.people_register import Person as RegisteredPerson
from stoa.detection.people_register import Register, member_key
from stoa.safety.models import Person


@dataclass(frozen=True)
class SiteRegister:
    """The detector's register, and the member id behind each ``member:`` key it holds."""

    register: Register
    member_ids: dict[str, int]


VERSION_KEY = "stoa:safety:register-version"
MAX_AGE_SECONDS = 60  # with a per-process cache (no Redis), other workers see a change within this long
_built: dict[str, tuple[str, float, SiteRegister]] = {}


def site_register() -> SiteRegister:
    """The register, built once per process and rebuilt when someone changes it (a version token in the shared
    cache, replaced by ``forget_register`` on every change to a person or a member's name) or after a minute."""
    version = cache.get_or_set(VERSION_KEY, secrets.token_hex(8), timeout=None)
    built = _built.get("register")
    if built is None or built[0] != version or time.monotonic() - built[1] > MAX_AGE_SECONDS:
        built = _built["register"] = (version, time.monotonic(), build_site_register())
    return built[2]


def forget_register(**_ignored) -> None:
    """Make every process rebuild the register: now, and again once the change commits (so a process that rebuilt
    from the old rows in between does not keep them)."""
    reset_register_cache()
    transaction.on_commit(reset_register_cache)


def reset_register_cache() -> None:
    """Forget the built register in this process and tell the others (no database needed)."""
    cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)
    _built.clear()


def forget_register_on_member_change(update_fields=None, **_ignored) -> None:
    """A member's save changes the register only if their name or whether they are active may have changed."""
    if update_fields is None or {"display_name", "is_active", "username"} & set(update_fields):
        forget_register()


def build_site_register() -> SiteRegister:
    """Everyone comments may name: the ``Person`` rows and every member with a display name (two queries)."""
    people, member_ids = [], {}
    for person in Person.objects.select_related("member"):
        if person.member_id:
            people.append(RegisteredPerson.member(person.member.username, person.name, person.aliases))
            member_ids[member_key(person.member.username)] = person.member_id
        else:
            people.append(RegisteredPerson.named(person.name, person.aliases))
    members = get_user_model().objects.filter(is_active=True).exclude(display_name="")
    for user in members.only("id", "username", "display_name"):
        people.append(RegisteredPerson.member(user.username, user.display_name))
        member_ids[member_key(user.username)] = user.pk
    return SiteRegister(Register(people), member_ids)


def register_person(name: str, *, aliases: list[str] | None = None, source: str = Person.Source.EDITOR) -> Person:
    """Add someone to the register, or return them if already there (safe when two requests race)."""
    slug = slugify(name)[:140] or "person"
    try:
        with transaction.atomic():
            person, _ = Person.objects.get_or_create(
                slug=slug, defaults={"name": name, "aliases": list(aliases or []), "source": source}
            )
    except IntegrityError:
        person = Person.objects.get(slug=slug)
    return person
