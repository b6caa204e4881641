"""Lifting a sanction from the UI: the member's sanctions page, reachable from the queue's author form."""

from django.urls import reverse

from stoa.moderation.actions import ban_author, premoderate_author, suspend_author, warn_author
from stoa.moderation.models import AuditEvent, Sanction


def test_the_queue_links_a_members_sanctions(client, post, comment_on, make_user, moderator):
    premoderated = make_user("pat")
    premoderate_author(premoderated, moderator=moderator, reason="watch them")
    comment_on(post, "Held remark", author=premoderated)
    client.force_login(moderator)
    page = client.get(reverse("moderation:queue")).content.decode()
    assert reverse("moderation:member_sanctions", args=[premoderated.pk]) in page


def test_a_moderator_lifts_a_sanction_in_force_with_a_reason(client, make_user, moderator):
    member = make_user("marta")
    warning = warn_author(member, moderator=moderator, reason="tone")
    ban = ban_author(member, moderator=moderator, reason="spam run")
    client.force_login(moderator)
    url = reverse("moderation:member_sanctions", args=[member.pk])
    page = client.get(url).content.decode()
    assert page.count('class="lift-sanction"') == 1 and reverse("moderation:lift_sanction", args=[ban.pk]) in page
    assert reverse("moderation:lift_sanction", args=[warning.pk]) not in page
    done = client.post(reverse("moderation:lift_sanction", args=[ban.pk]), {"reason": "Account recovered"}, follow=True)
    assert done.redirect_chain[-1][0] == url and "Ban of marta lifted." in done.content.decode()
    ban.refresh_from_db()
    assert ban.lifted_at is not None
    assert AuditEvent.objects.get(action="author.sanction_lifted").reasons == ["Account recovered"]


def test_lifting_needs_a_reason_and_refuses_what_cannot_be_lifted(client, make_user, moderator):
    member = make_user("marta")
    suspension = suspend_author(member, moderator=moderator, period="24h", reason="cool off")
    warning = warn_author(member, moderator=moderator, reason="tone")
    client.force_login(moderator)
    no_reason = client.post(reverse("moderation:lift_sanction", args=[suspension.pk]), {"reason": " "}, follow=True)
    assert "Say why you lift it" in no_reason.content.decode()
    suspension.refresh_from_db()
    assert suspension.lifted_at is None
    refused = client.post(reverse("moderation:lift_sanction", args=[warning.pk]), {"reason": "x"}, follow=True)
    assert "A warning cannot be lifted; it stays on record." in refused.content.decode()


def test_members_cannot_see_or_lift_sanctions(client, make_user, moderator):
    member = make_user("marta")
    ban = ban_author(member, moderator=moderator, reason="spam run")
    client.force_login(make_user("bystander"))
    assert client.get(reverse("moderation:member_sanctions", args=[member.pk])).status_code == 403
    assert client.post(reverse("moderation:lift_sanction", args=[ban.pk]), {"reason": "x"}).status_code == 403
    assert Sanction.objects.get(pk=ban.pk).lifted_at is None


def test_the_sanctions_page_costs_the_same_queries_for_one_sanction_or_many(
    client, post, comment_on, make_post, make_user, moderator
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    member = make_user("sam")
    url = reverse("moderation:member_sanctions", args=[member.pk])
    client.force_login(moderator)

    def warn_about_a_comment() -> None:
        comment = comment_on(make_post(), "A remark", author=member).comment
        warn_author(member, moderator=moderator, reason="tone", comment=comment)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    warn_about_a_comment()
    one = queries()
    for _ in range(3):
        warn_about_a_comment()
    assert queries() == one
