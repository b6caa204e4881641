"""The transforms alone: sanitise and linkify rewrite the text, say what they did, and are idempotent."""

import pytest

from stoa.moderation.decisions import Transform
from stoa.moderation.phases.length import check_length
from stoa.moderation.phases.linkify import linkify_addresses, linkify_markdown
from stoa.moderation.phases.links import count_links
from stoa.moderation.phases.sanitise import sanitise_text, sanitised


def test_sanitise_removes_control_and_invisible_characters_and_says_how_many(context):
    result = sanitise_text(context("he\u200bllo\x07 the\u202ere\r\nnext line\ufeff"))
    assert isinstance(result, Transform)
    assert result.text == "hello there\nnext line"
    assert result.note == "removed 4 invisible or control characters"
    assert result.scores == {"removed_characters": 4.0}


def test_sanitise_keeps_joiners_tabs_and_markdown_line_breaks(context):
    family = "👨\u200d👩\u200d👧 and می\u200cخواهم"
    text = f"    code line\n\tindented\nline with break  \n{family}"
    assert sanitise_text(context(text)) is None
    assert sanitised(text) == (text, 0)


def test_sanitise_composes_unicode_and_trims_quietly(context):
    result = sanitise_text(context("\n  \ncafe\u0301  \n\n"))
    assert result.text == "café"
    assert result.note == ""  # trimming is not worth telling a moderator


def test_the_length_gate_measures_the_sanitised_text(context):
    assert check_length(context("\u200b\u200b\u200b")).code == "empty"
    assert check_length(context("o\u200bk", min_length=3)).code == "too_short"


def test_linkify_links_bare_addresses_and_counts_them(context):
    result = linkify_addresses(context("see https://a.example/x and example.com/guide, or www.example.de."))
    assert result.text == (
        "see <https://a.example/x> and [example.com/guide](<http://example.com/guide>), "
        "or [www.example.de](<http://www.example.de>)."
    )
    assert result.note == "linkified 3 links"
    assert result.scores == {"linkified_links": 3.0}


@pytest.mark.parametrize(
    "text",
    [
        "already [a link](https://a.example) and <https://b.example>",
        '<a href="https://c.example">c.example</a>',
        "inline `https://x.example` code",
        "```\nhttps://y.example\n```",
        "    https://z.example indented code",
        "[1]: https://ref.example.com\nsee [the ref][1]",
        "README.md, setup.py and notes.txt are file names",
        "write to someone@example.com",
    ],
)
def test_linkify_leaves_links_code_file_names_and_email_alone(context, text):
    assert linkify_markdown(text) == (text, 0)
    assert linkify_addresses(context(text)) is None


def test_linkify_is_idempotent_so_an_edit_is_not_linked_twice():
    once, count = linkify_markdown("a https://a.example b example.com c www.b.example.org (https://w.example/Foo_(x))")
    assert count == 4
    assert linkify_markdown(once) == (once, 0)


def test_linkify_escapes_markdown_in_the_label():
    text, count = linkify_markdown("see www.example.com/my_page_here now")
    assert count == 1
    assert text == r"see [www.example.com/my\_page\_here](<http://www.example.com/my_page_here>) now"


def test_linkify_can_be_switched_off(context):
    assert linkify_addresses(context("see example.com", linkify=False)) is None


def test_a_linkified_www_address_still_counts_as_one_link():
    text, _ = linkify_markdown("www.a.example and https://b.example")
    assert count_links(text) == 2
