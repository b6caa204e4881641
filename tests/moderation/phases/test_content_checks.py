import pytest

from stoa.moderation.context import AuthorHistory
from stoa.moderation.decisions import Decision, Signal, Status, Verdict
from stoa.moderation.phases.first_comment import check_first_guest_comment
from stoa.moderation.phases.links import check_links, count_links
from stoa.moderation.phases.policy import decide
from stoa.moderation.phases.word_lists import check_banned_words, check_watched_words


@pytest.mark.parametrize("disguise", ["scumbag", "SCUMBAG", "$cumb4g", "s c u m b a g", "scuuumbag", "sсumbag"])
def test_watched_word_is_found_through_disguises(context, disguise):
    result = check_watched_words(context(f"He is a {disguise}, frankly.", watched_words=("scumbag",)))
    assert isinstance(result, Signal)
    assert result.verdict == Verdict.REVIEW
    assert "'scumbag'" in result.reason


@pytest.mark.parametrize("text", ["a classic bass line", "Scunthorpe is lovely", "assessment"])
def test_words_match_whole_words_only(context, text):
    assert check_watched_words(context(text, watched_words=("ass", "cunt"))) is None


def test_watched_phrase_matches_across_spacing(context):
    result = check_watched_words(context("You  shit-houses all of you", watched_words=("shit-houses",)))
    assert result is not None


def test_banned_word_rejects_terminally_with_the_word_named(context):
    result = check_banned_words(context("buy cheap pills now", banned_words=("cheap pills",)))
    assert isinstance(result, Decision)
    assert result.status == Status.REJECTED
    assert result.reasons == ("banned word: 'cheap pills'",)


def test_no_word_lists_means_no_opinion(context):
    assert check_banned_words(context("anything")) is None
    assert check_watched_words(context("anything")) is None


def test_links_hold_at_the_threshold(context):
    text = "see https://a.example and www.b.example"
    assert count_links(text) == 2
    signal = check_links(context(text, max_links=2))
    assert signal.verdict == Verdict.REVIEW
    assert signal.reason == "2 links (hold at 2)"
    assert check_links(context("see https://a.example", max_links=2)) is None
    assert check_links(context(text, max_links=0)) is None


def test_first_comment_of_unknown_guest_is_held(context):
    guest = AuthorHistory(is_member=False, approved_comments=0)
    assert check_first_guest_comment(context(author=guest)).verdict == Verdict.REVIEW


def test_guest_with_an_approved_comment_and_members_pass(context):
    assert check_first_guest_comment(context(author=AuthorHistory(is_member=False, approved_comments=1))) is None
    assert check_first_guest_comment(context(author=AuthorHistory(is_member=True))) is None


def test_first_comment_rule_can_be_turned_off(context):
    guest = AuthorHistory(is_member=False)
    assert check_first_guest_comment(context(author=guest, hold_first_guest_comment=False)) is None


def test_policy_publishes_without_signals(context):
    decision = decide(context(), ())
    assert decision.status == Status.PUBLISHED
    assert decision.explanation == "published: no concerns"


def test_policy_takes_the_strongest_verdict_and_keeps_every_reason(context):
    signals = (
        Signal(Verdict.REVIEW, "2 links (hold at 2)", "links", {"links": 2.0}),
        Signal(Verdict.SPAM, "looks like spam", "spam"),
        Signal(Verdict.NOTE, "noted", "x"),
    )
    decision = decide(context(), signals)
    assert decision.status == Status.SPAM
    assert decision.reasons == ("2 links (hold at 2)", "looks like spam", "noted")
    assert decision.scores == {"links": 2.0}
    assert decide(context(), signals[:1]).status == Status.HELD
    assert decide(context(), (*signals, Signal(Verdict.REJECT, "no", "y"))).status == Status.REJECTED


def test_a_note_alone_publishes(context):
    assert decide(context(), (Signal(Verdict.NOTE, "fyi", "x"),)).status == Status.PUBLISHED


def test_watched_words_are_marked_where_they_occur(context):
    text = "Pell is a l0wlife and a lowlife."
    signal = check_watched_words(context(text, watched_words=("lowlife",)))
    assert [text[h.begin : h.end] for h in signal.highlights] == ["l0wlife", "lowlife"]
    assert {h.label for h in signal.highlights} == {"watched word"}
