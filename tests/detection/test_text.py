import pytest

from stoa.detection.text import find_terms, normalise


@pytest.mark.parametrize(
    "disguised",
    [
        "lowlife",
        "LOWLIFE",
        "l0wl1fe",
        "l o w l i f e",
        "lowwwlife",
        "low\u200blife",
        "ｌｏｗｌｉｆｅ",
        "lоwlifе",
    ],
)
def test_disguises_normalise_to_the_plain_word(disguised):
    assert normalise(disguised) == normalise("lowlife")


def test_numbers_stay_numbers():
    assert normalise("In 2024 we had 15 posts") == "in 2024 we had 15 posts"


def test_trailing_punctuation_is_not_read_as_letters():
    assert find_terms("What a lowlife!", ["lowlife"]) == ["lowlife"]
    assert find_terms("Scumbag.", ["scumbag"]) == ["scumbag"]


def test_find_terms_reports_each_term_once_and_only_whole_words():
    assert find_terms("scumbag, scumbag and lowlifes", ["scumbag", "lowlife"]) == ["lowlife", "scumbag"]
    assert find_terms("lowlifer", ["lowlife"]) == []
    assert find_terms("nothing here", []) == []
