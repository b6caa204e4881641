"""Trusted auto-approve alone: who is trusted, and the two checks that still apply to them."""

import datetime as dt

import pytest

from stoa.detection.results import Finding, Span
from stoa.moderation.context import AuthorHistory
from stoa.moderation.decisions import Decision, Signal, Status, Verdict
from stoa.moderation.phases.trusted_author import approve_trusted_author, in_good_standing

from .conftest import NOW
from .test_scorers import BrokenScorer, FakeScorer

DAY = dt.timedelta(days=1)


class FindsAPhoneNumber:
    def find(self, text):
        return [Finding("phone_number", 0, 5, text[:5])]


def _member(approved: int = 12, **history) -> AuthorHistory:
    return AuthorHistory(is_member=True, approved_comments=approved, **history)


def test_staff_are_published_with_the_reason(context):
    result = approve_trusted_author(context(author=AuthorHistory(is_member=True, may_moderate=True)))
    assert isinstance(result, Decision)
    assert (result.status, result.decided_by, result.reasons) == (
        Status.PUBLISHED,
        "trusted_author",
        ("trusted author: staff",),
    )


def test_a_member_in_good_standing_is_published_and_told_why(context):
    result = approve_trusted_author(context(author=_member(12), trust_members_after=10))
    assert result.status == Status.PUBLISHED
    assert result.reasons == (
        "trusted author: member in good standing (12 approved comments; nothing rejected and no sanction in 30 days)",
    )


@pytest.mark.parametrize(
    ("history", "trusted"),
    [
        ({"approved": 9}, False),
        ({"approved": 10}, True),
        ({"last_rejection_at": NOW - 10 * DAY}, False),
        ({"last_rejection_at": NOW - 31 * DAY}, True),
        ({"last_sanction_at": NOW - 2 * DAY}, False),
        ({"last_sanction_at": NOW - 40 * DAY}, True),
    ],
)
def test_good_standing_needs_enough_approvals_and_a_clean_window(context, history, trusted):
    author = _member(**history)
    assert in_good_standing(author, context().settings, NOW) is trusted
    assert (approve_trusted_author(context(author=author)) is not None) is trusted


def test_guests_are_never_trusted(context):
    assert approve_trusted_author(context(author=AuthorHistory(is_member=False, approved_comments=50))) is None


def test_member_trust_and_staff_trust_can_be_switched_off(context):
    assert approve_trusted_author(context(author=_member(50), trust_members_after=0)) is None
    staff = AuthorHistory(is_member=True, may_moderate=True)
    assert approve_trusted_author(context(author=staff, trust_staff=False)) is None


def test_the_new_author_rule_outlasts_a_lower_trust_threshold(context):
    author = _member(4)
    assert approve_trusted_author(context(author=author, trust_members_after=3, premoderate_first_comments=5)) is None
    assert approve_trusted_author(context(author=author, trust_members_after=3)) is not None


def test_a_premoderated_author_is_never_trusted_not_even_staff(context):
    staff = AuthorHistory(is_member=True, may_moderate=True, premoderated=True)
    assert approve_trusted_author(context(author=staff)) is None
    assert approve_trusted_author(context(author=_member(premoderated=True))) is None


def test_premoderation_switches_hold_members_in_good_standing_but_not_staff(context):
    staff = AuthorHistory(is_member=True, may_moderate=True)
    assert approve_trusted_author(context(author=_member(), premoderate_all=True)) is None
    assert approve_trusted_author(context(author=_member(), post_premoderated=True)) is None
    assert approve_trusted_author(context(author=staff, premoderate_all=True)) is not None
    assert approve_trusted_author(context(author=staff, post_premoderated=True)) is not None


@pytest.mark.parametrize("author", [_member(), AuthorHistory(is_member=True, may_moderate=True)])
def test_banned_words_and_personal_data_still_apply_to_the_trusted(context, author):
    assert approve_trusted_author(context("buy cheap pills", author=author, banned_words=("cheap pills",))) is None
    assert approve_trusted_author(context("call 555 0100", author=author, personal_data=FindsAPhoneNumber())) is None
    assert approve_trusted_author(
        context("fine", author=author, personal_data=FindsAPhoneNumber(), hold_personal_data=False)
    )


def test_watched_words_and_links_do_not_stop_the_trusted(context):
    text = "what a scumbag move, see https://a.example and https://b.example"
    result = approve_trusted_author(context(text, author=_member(), watched_words=("scumbag",), max_links=2))
    assert result.status == Status.PUBLISHED


def test_trust_does_not_overrule_an_earlier_request_for_review(context):
    shielded = (Signal(Verdict.REVIEW, "shield for Ann", "shield"),)
    assert approve_trusted_author(context(author=_member()), shielded) is None
    noted = (Signal(Verdict.NOTE, "", "figures", {"x": 1.0}),)
    assert approve_trusted_author(context(author=_member()), noted) is not None


@pytest.mark.parametrize("author", [_member(), AuthorHistory(is_member=True, may_moderate=True)])
def test_the_harm_models_reject_band_still_applies_to_the_trusted(context, author):
    scorer = FakeScorer({"threat": 0.97})
    bands = {"hold_thresholds": {"threat": 0.4}, "reject_thresholds": {"threat": 0.95}}
    assert approve_trusted_author(context("I will find you.", author=author, scorer=scorer, **bands)) is None


def test_trust_waives_the_hold_band_and_records_the_models_scores_and_spans(context):
    scorer = FakeScorer({"insult": 0.7}, (Span(10, 17, 0.7, "insult"),))
    bands = {"hold_thresholds": {"insult": 0.6}, "reject_thresholds": {"insult": 0.95}}
    result = approve_trusted_author(context("Pell is a lowlife.", author=_member(), scorer=scorer, **bands))
    assert (result.status, result.reasons) == (Status.PUBLISHED, result.reasons[:1])
    assert result.reasons[0].startswith("trusted author: member in good standing")
    assert result.scores["insult"] == 0.7
    assert [(h.begin, h.end, h.label) for h in result.highlights] == [(10, 17, "insult")]


def test_trust_gives_no_opinion_when_the_model_cannot_run(context):
    assert approve_trusted_author(context(author=_member(), scorer=BrokenScorer())) is None


def test_through_the_pipeline_a_trusted_text_in_the_reject_band_is_rejected_and_scored(context):
    from stoa.moderation.pipeline import run

    bands = {"hold_thresholds": {"threat": 0.4}, "reject_thresholds": {"threat": 0.95}}
    rejected = run(context("I will find you.", author=_member(), scorer=FakeScorer({"threat": 0.97}), **bands))
    assert (rejected.status, rejected.decided_by) == (Status.REJECTED, "policy")
    published = run(context("A fair point.", author=_member(), scorer=FakeScorer({"threat": 0.5}), **bands))
    assert (published.status, published.decided_by, published.scores["threat"]) == (
        Status.PUBLISHED,
        "trusted_author",
        0.5,
    )
