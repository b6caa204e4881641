"""Opening, extending and ending shields: who may, what is refused, and what the audit log keeps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from stoa.moderation.models import AuditEvent
from stoa.people.services import export_data
from stoa.safety.aiming import author_key_for
from stoa.safety.later import add_helper
from stoa.safety.models import Shield
from stoa.safety.shields import ShieldAlreadyEnded, end_shield, extend_shield, open_shield, open_shields


@pytest.fixture
def now(clock):
    return clock.now


def _shield_for(member, *, by, origin=Shield.Origin.MODERATOR, now=None):
    return open_shield(
        f"member:{member.username}", member.username, origin=origin, reason="test", member=member, by=by, now=now
    )


def test_an_alert_shield_lasts_the_site_default_and_is_audited(make_user, settings, now):
    settings.CONFIG = settings.CONFIG.replace(shield_duration=3600 * 10)
    target = make_user("nat")
    shield = open_shield("member:nat", "Nat", origin=Shield.Origin.ALERT, reason="pile-on", member=target, now=now)
    assert shield.ends_at == now + dt.timedelta(hours=10)
    assert open_shields(["member:nat", "member:other"], now) == {"member:nat": shield}
    event = AuditEvent.objects.get(action="shield.opened")
    assert event.actor is None and event.reasons == ["pile-on"]


def test_a_second_alert_returns_the_open_shield(make_user, now):
    target = make_user("nat")
    first = open_shield("member:nat", "Nat", origin=Shield.Origin.ALERT, reason="a", member=target, now=now)
    second = open_shield("member:nat", "Nat", origin=Shield.Origin.ALERT, reason="b", member=target, now=now)
    assert first.pk == second.pk
    assert Shield.objects.count() == 1


def test_a_member_may_shield_only_themselves_and_their_shield_has_no_end(make_user, now):
    ann, bob = make_user("ann"), make_user("bob")
    own = _shield_for(ann, by=ann, origin=Shield.Origin.SELF, now=now)
    assert own.ends_at is None and own.is_open(now + dt.timedelta(days=365))
    with pytest.raises(PermissionDenied):
        _shield_for(bob, by=ann, origin=Shield.Origin.SELF, now=now)
    with pytest.raises(PermissionDenied):
        _shield_for(bob, by=ann, origin=Shield.Origin.MODERATOR, now=now)


def test_moderators_and_the_member_extend_or_end_others_cannot(make_user, moderator, now):
    ann, eve = make_user("ann"), make_user("eve")
    shield = _shield_for(ann, by=moderator, now=now)
    before = shield.ends_at
    with pytest.raises(PermissionDenied):
        extend_shield(shield, by=eve, lasts=dt.timedelta(hours=24), now=now)
    longer = extend_shield(shield, by=ann, lasts=dt.timedelta(hours=24), now=now)
    assert longer.ends_at == before + dt.timedelta(hours=24)
    ended = end_shield(longer, by=moderator, reason="calm again", now=now + dt.timedelta(hours=1))
    assert not ended.is_open(now + dt.timedelta(hours=1))
    with pytest.raises(ShieldAlreadyEnded):
        end_shield(ended, by=moderator, now=now + dt.timedelta(hours=2))
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["shield.opened", "shield.extended", "shield.ended"]


def test_a_shield_past_its_end_is_closed(make_user, moderator, now):
    ann = make_user("ann")
    shield = _shield_for(ann, by=moderator, now=now)
    later = shield.ends_at + dt.timedelta(seconds=1)
    assert open_shields(["member:ann"], later) == {}
    with pytest.raises(ShieldAlreadyEnded):
        extend_shield(shield, by=moderator, lasts=dt.timedelta(hours=1), now=later)


def test_a_members_export_includes_their_shields_and_helpers(make_user, now):
    ann, hal = make_user("ann"), make_user("hal")
    _shield_for(ann, by=ann, origin=Shield.Origin.SELF, now=now)
    add_helper(ann, hal)
    data = export_data(ann)
    assert [s["origin"] for s in data["shields"]] == ["self"]
    assert data["shield_helpers"] == ["hal"] and data["removal_requests"] == []
    assert export_data(hal)["helping"] == ["ann"]


def test_a_members_own_shield_cannot_be_shortened_by_extending(make_user, now):
    ann = make_user("ann")
    own = _shield_for(ann, by=ann, origin=Shield.Origin.SELF, now=now)
    with pytest.raises(ShieldAlreadyEnded, match="stays on until it is ended"):
        extend_shield(own, by=ann, lasts=dt.timedelta(hours=24), now=now)
    own.refresh_from_db()
    assert own.ends_at is None


def test_guests_without_an_email_are_never_one_shared_author():
    assert author_key_for(None, "", "") != author_key_for(None, "", "")
    assert author_key_for(None, "", "abc123") == "ip:abc123"
