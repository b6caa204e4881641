"""The trained model in the comment's path: abusive comments held with reasons and spans, scores always kept."""

import pytest

from stoa.detection import classifier
from stoa.detection.classifier import ModelUnavailable, load_model
from stoa.moderation.decisions import Status
from stoa.moderation.models import AuditEvent, ModerationDecision


def test_an_abusive_comment_is_held_with_the_model_reason_and_its_spans(post, comment_on, make_user):
    text = "Greenstein is a worthless lowlife scumbag and a fucking idiot."
    result = comment_on(post, text, author=make_user())
    assert result.comment.status == Status.HELD
    model_reasons = [r for r in result.decision.reasons if "≥" in r]
    assert model_reasons, result.decision.reasons
    assert "marked)" in model_reasons[0]
    decision = ModerationDecision.objects.get(comment=result.comment)
    marked = {text[h["begin"] : h["end"]] for h in decision.highlights}
    assert marked & {"lowlife", "scumbag", "fucking", "idiot", "worthless"}
    # The reasons, stored with the decision and in the append-only audit log, never quote the text.
    event = AuditEvent.objects.get(action="comment.submitted", target_id=str(result.comment.pk))
    for word in marked:
        assert all(word not in reason for reason in [*decision.reasons, *event.reasons]), word


def test_a_kind_comment_is_published_and_its_scores_are_still_stored(post, comment_on, make_user):
    result = comment_on(
        post, "Thank you for the thoughtful post; I learned a lot about the housing plan.", author=make_user()
    )
    assert result.comment.status == Status.PUBLISHED
    decision = ModerationDecision.objects.get(comment=result.comment)
    assert decision.scores["toxicity"] < 0.5
    assert {"insult", "threat", "identity_attack"} <= set(decision.scores)


def test_personal_data_holds_with_the_reason_personal_information(post, comment_on, make_user):
    result = comment_on(post, "Her number is 07700 900123, go and tell her what you think.", author=make_user())
    assert result.comment.status == Status.HELD
    assert any(reason.startswith("personal information: phone number") for reason in result.decision.reasons)


def test_a_post_can_lower_its_own_hold_threshold(make_post, comment_on, make_user):
    text = "I think that argument is weak."
    relaxed = comment_on(make_post(), text, author=make_user()).comment
    strict = comment_on(make_post(score_thresholds={"toxicity": 0.01}), text, author=make_user()).comment
    assert relaxed.status == Status.PUBLISHED
    assert strict.status == Status.HELD


def test_the_model_failing_to_load_holds_the_comment(post, comment_on, make_user, monkeypatch):
    def broken(texts, **kwargs):
        raise ModelUnavailable("artifact missing")

    monkeypatch.setattr(classifier, "score", broken)
    result = comment_on(post, "A calm remark.", author=make_user())
    assert result.comment.status == Status.HELD
    assert "the harm model is unavailable, so a person must review this comment" in result.decision.reasons


def test_the_author_never_sees_scores_or_spans(client, post, make_user):
    member = make_user()
    client.force_login(member)
    body = "You are a lowlife scumbag and a fucking idiot."
    client.post(f"/comments/post/{post.pk}/", {"body": body, "confirmed": "1"})  # past the nudge
    page = client.get(post.get_absolute_url()).content.decode()
    assert "awaiting moderation" in page
    assert "≥" not in page and "insult" not in page and "<mark" not in page


def test_the_moderator_queue_shows_scores_and_marked_spans(client, post, comment_on, make_user, moderator):
    comment_on(post, "You are a lowlife scumbag and a fucking idiot.", author=make_user())
    client.force_login(moderator)
    page = client.get("/moderation/").content.decode()
    assert "<mark" in page
    assert 'aria-label="Model scores"' in page


def test_loading_a_missing_artifact_raises_a_clear_error(tmp_path):
    with pytest.raises(ModelUnavailable, match="cannot load the model"):
        load_model.__wrapped__(tmp_path / "missing.npz")
