"""``/api/v1/people``: a member's public profile, and the caller's own follow, mute and block of them.

``PUT`` makes a relation and ``DELETE`` ends it; both are idempotent, through the same services and with the same
sentences as the profile page's buttons. As on the site, a dormant member's profile is hidden (404) from everyone
but themselves, and someone they blocked sees their profile without being told so.
"""

from django.http import HttpRequest
from ninja import Router

from stoa.api.models import Scope
from stoa.api.v1.auth import caller_of, needs
from stoa.api.v1.problems import ApiProblem
from stoa.api.v1.schemas import ProfileOut, RelationChanged, answers
from stoa.moderation.decisions import Status
from stoa.people.control_views import RELATION_ACTIONS
from stoa.people.models import Block, Follow, Mute, User

router = Router(tags=["people"])


def find_member(username: str, *, viewer: User | None) -> User:
    member = User.objects.filter(username=username, is_active=True).first()
    if member is None or (member.is_dormant and (viewer is None or viewer.pk != member.pk)):
        raise ApiProblem("not-found", f"There is no member named {username!r}.")
    return member


def relation_data(viewer: User, member: User) -> dict:
    return {
        "username": member.username,
        "following": Follow.objects.filter(follower=viewer, followed=member).exists(),
        "muting": Mute.objects.filter(muter=viewer, muted=member).exists(),
        "blocking": Block.objects.filter(blocker=viewer, blocked=member).exists(),
    }


@router.get("/people/{username}", response=answers(ProfileOut, 404), auth=needs(Scope.READ))
def get_profile(request: HttpRequest, username: str):
    """A member's public profile (never their email), with the caller's relation to them."""
    viewer = caller_of(request).member
    member = find_member(username, viewer=viewer)
    return {
        "username": member.username,
        "display_name": member.public_name,
        "bio": member.bio,
        "joined": member.date_joined,
        "dormant": member.is_dormant,
        "comment_count": member.comments.filter(status=Status.PUBLISHED).count(),
        "relation": relation_data(viewer, member) if viewer is not None and viewer.pk != member.pk else None,
    }


def _change(request: HttpRequest, username: str, action: str) -> dict:
    """Apply ``action`` (follow, unfollow, mute ...) from the caller's member to ``username``."""
    viewer = caller_of(request).acting_member(f"{action} members")
    member = find_member(username, viewer=viewer)
    change, done = RELATION_ACTIONS[action]
    change(viewer, member)
    return {**relation_data(viewer, member), "message": done.format(name=member)}


_CHANGED = answers(RelationChanged, 400, 404)


@router.put("/people/{username}/follow", response=_CHANGED, auth=needs(Scope.COMMENT))
def follow_member(request: HttpRequest, username: str):
    """Follow a member (refused across a block)."""
    return _change(request, username, "follow")


@router.delete("/people/{username}/follow", response=_CHANGED, auth=needs(Scope.COMMENT))
def unfollow_member(request: HttpRequest, username: str):
    return _change(request, username, "unfollow")


@router.put("/people/{username}/mute", response=_CHANGED, auth=needs(Scope.COMMENT))
def mute_member(request: HttpRequest, username: str):
    """Collapse a member's comments for the caller; they are not told."""
    return _change(request, username, "mute")


@router.delete("/people/{username}/mute", response=_CHANGED, auth=needs(Scope.COMMENT))
def unmute_member(request: HttpRequest, username: str):
    return _change(request, username, "unmute")


@router.put("/people/{username}/block", response=_CHANGED, auth=needs(Scope.COMMENT))
def block_member(request: HttpRequest, username: str):
    """Block a member: they can no longer reply to or mention the caller; follows between them end."""
    return _change(request, username, "block")


@router.delete("/people/{username}/block", response=_CHANGED, auth=needs(Scope.COMMENT))
def unblock_member(request: HttpRequest, username: str):
    return _change(request, username, "unblock")
