"""Imported comments are scored in batches and keep their history's verdict; ``--moderate`` moderates them again."""

from __future__ import annotations

import datetime as dt

import pytest

from stoa.detection.classifier import score
from stoa.discussion.models import Comment
from stoa.moderation.decisions import Status
from stoa.moderation.models import ModerationDecision, WordRule
from stoa.porting.models import ImportedObject
from stoa.porting.writer import import_feed
from stoa.porting.wxr_import import read_wxr
from stoa.safety.models import Shield
from stoa.safety.register import register_person
from stoa.safety.shields import open_shield
from tests.porting.samples import WpComment, WpItem, write_wxr

pytestmark = pytest.mark.django_db

INSULT = "You are a worthless idiot and a scumbag."


def _item() -> WpItem:
    return WpItem(
        10,
        "Hello",
        "hello",
        comments=[
            WpComment(100, "Buy cheap pills here today.", date="2024-03-01 10:00:00"),
            WpComment(101, "Thank you, this was useful.", date="2024-03-01 11:00:00", user_id=2, author="Bob"),
            WpComment(102, INSULT, date="2024-03-01 12:00:00", user_id=2, author="Bob"),
            WpComment(103, "Spam that WordPress caught.", date="2024-03-01 13:00:00", approved="spam"),
            WpComment(104, "A guest's first words here.", date="2024-03-01 14:00:00", author="Newcomer"),
        ],
    )


def _comments() -> dict[str, Comment]:
    rows = dict(ImportedObject.objects.filter(kind="comment").values_list("external_id", "object_id"))
    found = Comment.objects.in_bulk(rows.values())
    return {key: found[pk] for key, pk in rows.items()}


def _decision(comment: Comment) -> ModerationDecision:
    return ModerationDecision.objects.get(comment=comment)


def test_without_moderate_history_stands_and_the_model_scores_are_recorded(tmp_path):
    WordRule.objects.create(phrase="pills", action=WordRule.Action.BAN)
    import_feed(read_wxr(write_wxr(tmp_path / "e.xml", [_item()])))
    c = _comments()

    assert c["100"].status == Status.PUBLISHED  # the site's rules today do not rewrite history
    assert c["102"].status == Status.PUBLISHED
    decision = _decision(c["102"])
    assert decision.decided_by == "import"
    expected = score([INSULT])[0]
    assert decision.scores == {name: round(value, 4) for name, value in expected.attributes.items()}
    assert decision.scores["insult"] > 0.5
    assert decision.highlights  # the spans behind a flagged text, for moderators


def test_with_scoring_switched_off_nothing_is_scored_and_the_summary_says_why(tmp_path, settings):
    settings.CONFIG = settings.CONFIG.replace(scoring=False)
    summary = import_feed(read_wxr(write_wxr(tmp_path / "e.xml", [_item()])))
    assert _decision(_comments()["102"]).scores == {}
    assert summary.counts["comments.scored"] == 0
    assert "STOA_SCORING" in summary.unscored


def test_moderate_runs_each_comment_through_the_pipeline_at_its_own_date(tmp_path):
    WordRule.objects.create(phrase="pills", action=WordRule.Action.BAN)
    summary = import_feed(read_wxr(write_wxr(tmp_path / "e.xml", [_item()])), moderate=True)
    c = _comments()

    assert (c["100"].status, _decision(c["100"]).decided_by) == (Status.REJECTED, "banned_words")
    assert (c["101"].status, _decision(c["101"]).decided_by) == (Status.PUBLISHED, "policy")
    assert c["102"].status == Status.HELD
    assert any("insult" in reason for reason in _decision(c["102"]).reasons)
    assert _decision(c["102"]).scores["insult"] > 0.5
    assert c["104"].status == Status.HELD
    assert "first comment from this guest" in " ".join(_decision(c["104"]).reasons)
    # What the old site removed stays removed; its verdict is recorded as imported.
    assert (c["103"].status, _decision(c["103"]).reasons) == (Status.SPAM, ["imported: spam in WordPress"])
    assert c["101"].created_at == dt.datetime(2024, 3, 1, 11, 0, tzinfo=dt.UTC)
    assert c["101"].published_at == c["101"].created_at
    assert c["101"].number == 1
    assert summary.counts["comments.published"] == 1


def test_moderate_respects_a_shield_open_now(tmp_path):
    natasha = register_person("Natasha Allmark")
    open_shield(f"person:{natasha.slug}", natasha.name, origin=Shield.Origin.ALERT, reason="pile-on")
    item = WpItem(11, "Named", "named", comments=[WpComment(200, "Natasha Allmark had a point.", author="Ann")])
    import_feed(read_wxr(write_wxr(tmp_path / "s.xml", [item])), moderate=True)
    held = _comments()["200"]
    assert held.status == Status.HELD
    assert any(reason.startswith("shield for Natasha Allmark") for reason in _decision(held).reasons)
