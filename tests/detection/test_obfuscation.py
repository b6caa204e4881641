"""Obfuscation must not beat the model: each disguise scores like the plain word."""

import pytest

from stoa.detection import score

PLAIN = "You are a lowlife and a fucking idiot."
DISGUISES = {
    "leetspeak": "You are a l0w1ife and a fuck1ng 1d1ot.",
    "masked letters": "You are a lowlife and a f*cking idiot.",
    "spaced out": "You are a l o w l i f e and a fucking i d i o t.",
    "repeated letters": "You are a lowwwlife and a fuuuucking idiooot.",
    "full-width": "You are a ｌｏｗｌｉｆｅ and a ｆｕｃｋｉｎｇ idiot.",
    "zero-width": "You are a low\u200blife and a fu\u200bcking id\u200biot.",
    "look-alike letters": "You are a lоwlifе and a fuсking idiоt.",  # Cyrillic о, е, с
    "shouting": "YOU ARE A LOWLIFE AND A FUCKING IDIOT.",
    "strike-through marks": "You are a " + "\u0335".join("lowlife") + "\u0335 and a fucking i\u0301d\u0301iot.",
    "tag characters": "You are a low\U000e0041life and a fuck\U000e0041ing idiot.",
}


@pytest.mark.parametrize("trick", sorted(DISGUISES))
def test_each_trick_scores_like_the_plain_text(trick):
    plain, disguised = score([PLAIN, DISGUISES[trick]], spans=False)
    for attribute in ("toxicity", "insult", "profanity"):
        assert disguised[attribute] == pytest.approx(plain[attribute], abs=0.05), attribute


def test_the_plain_text_is_flagged_at_all():
    assert score([PLAIN], spans=False)[0]["toxicity"] > 0.8


def test_spans_point_at_the_disguised_word_in_the_original_text():
    text = DISGUISES["leetspeak"]
    marked = {text[span.begin : span.end] for span in score([text])[0].spans}
    assert "l0w1ife" in marked or "1d1ot" in marked


def test_spans_keep_the_symbols_a_word_is_disguised_with():
    text = "You are an @sshole, a total idiot!"
    marked = {text[span.begin : span.end] for span in score([text])[0].spans}
    assert "@sshole" in marked
    assert "idiot" in marked
