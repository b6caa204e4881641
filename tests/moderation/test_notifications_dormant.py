"""Dormant members are told nothing: no inbox row, no email."""

from __future__ import annotations

from django.core import mail

from stoa.moderation.models import Notification
from stoa.moderation.notifications import Message, deliver, deliver_to_all
from stoa.people.services import export_data, go_dormant


def test_a_dormant_member_gets_no_notification_and_no_email(make_user):
    awake, sleeper = make_user("awake"), make_user("sleeper")
    go_dormant(sleeper, show_comments_as_anonymous=False)
    message = Message(kind=Notification.Kind.SHIELD, subject="Hello", body="Body")
    assert deliver(sleeper, message) is None
    delivered = deliver_to_all([awake, sleeper], message)
    assert [n.recipient for n in delivered] == [awake]
    assert [m.to for m in mail.outbox] == [["awake@example.org"]]


def test_the_members_export_includes_their_inbox(make_user):
    ann = make_user("ann")
    deliver(ann, Message(kind=Notification.Kind.SHIELD, subject="Hello", body="Body"))
    data = export_data(ann)
    assert [n["subject"] for n in data["notifications"]] == ["Hello"] and data["appeals"] == []
