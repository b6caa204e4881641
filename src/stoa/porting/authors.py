"""Source accounts become members here: found again on a re-run, matched by username and email, else created.

Imported accounts get an unusable password (an administrator sets one, in the admin or with ``stoa manage
changepassword``) and the member role: an export file never grants anyone more than that.
"""

from __future__ import annotations

import re
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from stoa.people.models import User
from stoa.people.roles import Role
from stoa.people.services import assign_role
from stoa.porting.mapping import mapped_id, remember
from stoa.porting.models import ImportedObject
from stoa.porting.records import AuthorRecord

KIND = "author"
_NOT_IN_USERNAMES = re.compile(r"[^\w.@+-]+")


def account_for(source: str, record: AuthorRecord, *, now: datetime) -> tuple[User, bool]:
    """The member ``record`` became (or becomes now), and whether it was created. Call inside a transaction."""
    known = mapped_id(source, KIND, record.key)
    if known is not None and (user := User.objects.filter(pk=known).first()) is not None:
        return user, False
    user = _same_person(record)
    created = user is None
    if created:
        user = User.objects.create_user(
            username=_free_username(record.username or record.key),
            email=_valid_email(record.email),
            password=None,
            display_name=record.display_name[:80],
        )
        assign_role(user, Role.MEMBER)
    ImportedObject.objects.filter(source=source, kind=KIND, external_id=record.key).delete()
    remember(source, KIND, record.key, user, now=now)
    return user, created


def _same_person(record: AuthorRecord) -> User | None:
    """An existing account with the same username and the same email: the same person, so no second account."""
    email = _valid_email(record.email)
    if not email:
        return None
    return User.objects.filter(username=_username(record.username or record.key), email__iexact=email).first()


def _username(name: str) -> str:
    return _NOT_IN_USERNAMES.sub("-", name.strip()).strip("-")[:130] or "author"


def _free_username(name: str) -> str:
    """``name`` made valid, or ``name-imported``, ``name-imported-2``… when someone here already has it."""
    base = _username(name)
    candidates = [base, f"{base}-imported", *(f"{base}-imported-{n}" for n in range(2, 1000))]
    taken = set(User.objects.filter(username__startswith=base).values_list("username", flat=True))
    return next(candidate for candidate in candidates if candidate not in taken)


def _valid_email(email: str) -> str:
    try:
        validate_email(email.strip())
    except ValidationError:
        return ""
    return email.strip()
