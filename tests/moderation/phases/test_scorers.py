"""The scorer phases, with small fakes in place of the model and the personal-data detector."""

from dataclasses import dataclass, field

from stoa.detection.results import ATTRIBUTES, Finding, Scores, Span
from stoa.moderation.decisions import Verdict
from stoa.moderation.phases.harm_scores import check_harm_scores
from stoa.moderation.phases.personal_data import check_personal_data
from stoa.moderation.scoring import ScorerUnavailable


@dataclass
class FakeScorer:
    values: dict = field(default_factory=dict)
    spans: tuple = ()

    def score(self, text: str) -> Scores:
        return Scores({name: self.values.get(name, 0.01) for name in ATTRIBUTES}, self.spans, "fake-1")


class BrokenScorer:
    def score(self, text: str) -> Scores:
        raise ScorerUnavailable("no model")


@dataclass
class FakeFinder:
    findings: list

    def find(self, text: str) -> list[Finding]:
        return self.findings


TEXT = "Pell is a lowlife."


def test_scores_below_every_band_are_recorded_without_a_reason(context):
    signal = check_harm_scores(context(TEXT, hold_thresholds={"insult": 0.8}, scorer=FakeScorer({"insult": 0.3})))
    assert signal.verdict == Verdict.NOTE
    assert signal.reason == ""
    assert signal.scores["insult"] == 0.3
    assert set(signal.scores) == set(ATTRIBUTES)


def test_crossing_the_hold_band_holds_with_score_threshold_and_spans(context):
    scorer = FakeScorer({"insult": 0.91}, (Span(10, 17, 0.88),))
    signal = check_harm_scores(context(TEXT, hold_thresholds={"insult": 0.8}, scorer=scorer))
    assert signal.verdict == Verdict.REVIEW
    assert signal.reason == "insult 0.91 ≥ 0.80 (1 passage marked)"
    assert "lowlife" not in signal.reason  # reasons are kept where the text may not be: the words stay out
    assert [(h.begin, h.end, h.label) for h in signal.highlights] == [(10, 17, "toxicity")]


def test_the_reject_band_wins_over_the_hold_band(context):
    scorer = FakeScorer({"threat": 0.97})
    signal = check_harm_scores(
        context(TEXT, hold_thresholds={"threat": 0.4}, reject_thresholds={"threat": 0.95}, scorer=scorer)
    )
    assert signal.verdict == Verdict.REJECT
    assert signal.reason.startswith("threat 0.97 ≥ 0.95")


def test_an_unavailable_model_holds_the_comment(context):
    signal = check_harm_scores(context(TEXT, scorer=BrokenScorer()))
    assert signal.verdict == Verdict.REVIEW
    assert "harm model is unavailable" in signal.reason


def test_no_scorer_means_no_opinion(context):
    assert check_harm_scores(context(TEXT)) is None


def test_personal_data_holds_naming_each_kind_once(context):
    finder = FakeFinder(
        [
            Finding("phone_number", 0, 5, "07700"),
            Finding("home_threat", 6, 10, "x"),
            Finding("phone_number", 11, 15, "0770"),
        ]
    )
    signal = check_personal_data(context(TEXT, personal_data=finder))
    assert signal.verdict == Verdict.REVIEW
    assert signal.reason == "personal information: phone number, threat against someone's home or family"
    assert len(signal.highlights) == 3


def test_personal_data_check_can_be_switched_off(context):
    finder = FakeFinder([Finding("email_address", 0, 5, "a@b.c")])
    assert check_personal_data(context(TEXT, personal_data=finder, hold_personal_data=False)) is None
    assert check_personal_data(context(TEXT, personal_data=FakeFinder([]))) is None
