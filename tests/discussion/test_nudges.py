"""Nudge before posting: a draft in the hold band comes back to its writer first; what they do next is counted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from stoa.detection.results import ATTRIBUTES, Span
from stoa.discussion.models import Comment, NudgeEvent, NudgeOutcome
from stoa.discussion.nudges import PROMPT, marked_preview, nudge_revision_rate
from stoa.discussion.threads import thread_for_post
from stoa.moderation.decisions import Status
from stoa.moderation.models import WordRule
from stoa.safety.models import Shield
from stoa.safety.shields import open_shield

HURTFUL = "You are a lowlife scumbag <script>alert(1)</script> and a fucking idiot."
KIND = "I see it differently, but thank you for explaining the housing plan so clearly."


@pytest.fixture
def member_client(client, make_user):
    client.force_login(make_user())
    return client


def send(client, post, body: str, **extra):
    return client.post(f"/comments/post/{post.pk}/", {"body": body, **extra})


def test_a_hurtful_draft_is_not_stored_but_comes_back_with_the_prompt(member_client, post):
    response = send(member_client, post, HURTFUL)
    page = response.content.decode()
    assert response.status_code == 200
    assert not Comment.objects.exists()
    assert PROMPT in page
    assert "lowlife scumbag &lt;script&gt;alert(1)&lt;/script&gt;" in page  # kept in the textarea, escaped
    assert "<script>alert(1)" not in page
    assert "<mark>scumbag</mark>" in page or "<mark>fucking</mark>" in page or "<mark>idiot</mark>" in page
    assert 'name="confirmed" value="1"' in page
    for word in (*ATTRIBUTES, "≥", "0."):
        assert word not in page.split('id="nudge"')[1].split("</div>")[0]
    assert NudgeEvent.objects.get().outcome == NudgeOutcome.NUDGED


def test_the_page_names_no_attribute_anywhere(member_client, post):
    page = send(member_client, post, HURTFUL).content.decode()
    assert "insult" not in page and "toxicity" not in page and "≥" not in page


def test_post_anyway_stores_it_held_and_records_the_outcome(member_client, post):
    send(member_client, post, HURTFUL)
    response = send(member_client, post, HURTFUL, confirmed="1")
    assert response.status_code == 302
    assert Comment.objects.get().status == Status.HELD
    assert NudgeEvent.objects.get().outcome == NudgeOutcome.POSTED_ANYWAY


def test_editing_to_a_kind_text_publishes_and_records_revised(member_client, post):
    send(member_client, post, HURTFUL)
    send(member_client, post, HURTFUL)  # nudged twice: still one episode
    response = send(member_client, post, KIND)
    assert response.status_code == 302
    assert Comment.objects.get().status == Status.PUBLISHED
    event = NudgeEvent.objects.get()
    assert event.outcome == NudgeOutcome.REVISED and event.decided_at is not None


def test_a_kind_draft_is_never_nudged(member_client, post):
    assert send(member_client, post, KIND).status_code == 302
    assert Comment.objects.get().status == Status.PUBLISHED
    assert not NudgeEvent.objects.exists()


def test_a_guest_is_recorded_by_hashed_ip_only(client, post):
    send(client, post, HURTFUL, name="Gail", email="gail@example.org")
    event = NudgeEvent.objects.get()
    assert event.author is None and len(event.ip_hash) == 64


def test_the_preview_escapes_and_merges_overlapping_spans():
    spans = (
        Span(0, 3, 0.9, "insult"),
        Span(2, 5, 0.8, "toxicity"),
        Span(7, 99, 0.7),
    )  # 0–3 and 2–5 overlap; the last runs past the end
    assert marked_preview("<b>x & y", spans) == "<mark>&lt;b&gt;x </mark>&amp; <mark>y</mark>"


def test_revision_rate_counts_outcomes_and_authors(post, make_user):
    now = timezone.now()
    thread = thread_for_post(post)
    ann, bob = make_user(), make_user()

    def event(outcome, *, author=None, ip_hash="", minutes_ago=1):
        NudgeEvent.objects.create(
            thread=thread,
            author=author,
            ip_hash=ip_hash,
            outcome=outcome,
            created_at=now - dt.timedelta(minutes=minutes_ago),
        )

    event(NudgeOutcome.REVISED, author=ann)
    event(NudgeOutcome.POSTED_ANYWAY, author=ann)
    event(NudgeOutcome.POSTED_ANYWAY, author=bob)
    event(NudgeOutcome.NUDGED, ip_hash="a" * 64, minutes_ago=45)  # never came back: abandoned
    event(NudgeOutcome.NUDGED, ip_hash="b" * 64)  # still deciding
    event(NudgeOutcome.REVISED, author=bob, minutes_ago=60 * 24 * 40)  # before `since`
    rate = nudge_revision_rate(now - dt.timedelta(days=7), now=now)
    assert (rate.nudged, rate.revised, rate.posted_anyway, rate.abandoned, rate.pending) == (5, 1, 2, 1, 1)
    assert (rate.authors, rate.revised_authors) == (4, 1)
    assert rate.share == pytest.approx(0.25)


def test_revision_rate_with_no_nudges_is_zero(db):
    rate = nudge_revision_rate(timezone.now() - dt.timedelta(days=1))
    assert rate.nudged == 0 and rate.share == 0.0


def test_the_moderation_queue_shows_how_often_nudged_writers_revise(client, moderator, post):
    client.force_login(moderator)
    assert "Nudges in the last 30 days: none yet." in client.get("/moderation/").content.decode()
    thread = thread_for_post(post)
    NudgeEvent.objects.create(thread=thread, ip_hash="a", outcome=NudgeOutcome.REVISED, created_at=timezone.now())
    NudgeEvent.objects.create(thread=thread, ip_hash="b", outcome=NudgeOutcome.POSTED_ANYWAY, created_at=timezone.now())
    page = client.get("/moderation/").content.decode()
    assert "2 writers nudged, 1 revised (50%); 1 posted anyway" in page


# Trust: no nudge where the pipeline would publish the comment anyway; a nudge wherever trust would not apply.


@pytest.fixture
def trusted_member(make_user, comment_on, post, settings):
    """A member in good standing: two approved comments (the site trusts after two), written a while ago."""
    settings.CONFIG = settings.CONFIG.replace(trust_members_after=2)
    member = make_user()
    earlier = timezone.now() - dt.timedelta(hours=1)
    for minutes, text in enumerate(("First thought.", "Second thought.")):
        comment_on(post, text, author=member, now=earlier + dt.timedelta(minutes=minutes))
    return member


def test_staff_are_not_nudged_when_trust_publishes_their_comment(client, moderator, post):
    client.force_login(moderator)
    response = send(client, post, HURTFUL)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.status, comment.decisions.get().decided_by) == (Status.PUBLISHED, "trusted_author")
    assert not NudgeEvent.objects.exists()


def test_a_member_in_good_standing_is_not_nudged(client, trusted_member, post):
    client.force_login(trusted_member)
    assert send(client, post, HURTFUL).status_code == 302
    assert Comment.objects.filter(author=trusted_member).latest("id").status == Status.PUBLISHED
    assert not NudgeEvent.objects.exists()


def test_a_member_not_yet_in_good_standing_is_nudged(client, make_user, post, settings):
    settings.CONFIG = settings.CONFIG.replace(trust_members_after=2)
    client.force_login(make_user())
    assert PROMPT in send(client, post, HURTFUL).content.decode()
    assert NudgeEvent.objects.get().outcome == NudgeOutcome.NUDGED


def test_a_trusted_member_is_nudged_when_a_banned_word_takes_trust_away(client, trusted_member, post):
    WordRule.objects.create(phrase="lowlife", action=WordRule.Action.BAN)
    client.force_login(trusted_member)
    response = send(client, post, HURTFUL)
    assert response.status_code == 200 and PROMPT in response.content.decode()
    assert NudgeEvent.objects.get().outcome == NudgeOutcome.NUDGED


def test_a_trusted_member_is_nudged_when_the_text_has_personal_data(client, trusted_member, post):
    client.force_login(trusted_member)
    response = send(client, post, HURTFUL + " Her number is 07700 900123, call her.")
    assert response.status_code == 200 and PROMPT in response.content.decode()
    assert Comment.objects.filter(author=trusted_member).count() == 2  # only the two earlier ones


def test_a_trusted_member_is_nudged_when_the_post_is_premoderated(client, trusted_member, post):
    post.premoderate_comments = True
    post.save(update_fields=["premoderate_comments"])
    client.force_login(trusted_member)
    assert PROMPT in send(client, post, HURTFUL).content.decode()


def test_a_trusted_member_is_nudged_replying_to_a_shielded_person(client, trusted_member, post, make_user, comment_on):
    nat = make_user("nat")
    earlier = timezone.now() - dt.timedelta(minutes=30)
    nats = comment_on(post, "I think the plan is good.", author=nat, now=earlier).comment
    open_shield("member:nat", "Nat", origin=Shield.Origin.ALERT, reason="pile-on", member=nat)
    client.force_login(trusted_member)
    response = send(client, post, HURTFUL, reply_to=str(nats.number))
    assert response.status_code == 200 and PROMPT in response.content.decode()
    assert NudgeEvent.objects.get().outcome == NudgeOutcome.NUDGED
