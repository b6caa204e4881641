"""Pre-moderation rules alone: all comments, new authors' first N, this post."""

from stoa.moderation.context import AuthorHistory
from stoa.moderation.decisions import Signal, Verdict
from stoa.moderation.phases.first_comment import check_first_guest_comment
from stoa.moderation.phases.new_author import check_new_author
from stoa.moderation.phases.post_premoderated import check_post_premoderated
from stoa.moderation.phases.premoderate_all import check_premoderate_all


def test_premoderate_all_holds_every_comment_when_on(context):
    assert check_premoderate_all(context()) is None
    signal = check_premoderate_all(context(premoderate_all=True))
    assert (signal.verdict, signal.reason) == (Verdict.REVIEW, "all comments are pre-moderated")


def test_a_new_members_first_comments_are_held_until_enough_are_approved(context):
    new = AuthorHistory(is_member=True, approved_comments=1)
    signal = check_new_author(context(author=new, premoderate_first_comments=3))
    assert signal.verdict == Verdict.REVIEW
    assert signal.reason == "new author: 1 approved comment so far (the first 3 are pre-moderated)"
    settled = AuthorHistory(is_member=True, approved_comments=3)
    assert check_new_author(context(author=settled, premoderate_first_comments=3)) is None
    assert check_new_author(context(author=new)) is None  # off by default


def test_guests_count_as_new_authors_too_without_saying_it_twice(context):
    guest = AuthorHistory(is_member=False, approved_comments=0)
    earlier = (check_first_guest_comment(context(author=guest)),)
    assert isinstance(earlier[0], Signal)
    assert check_new_author(context(author=guest, premoderate_first_comments=2), earlier) is None
    returning = AuthorHistory(is_member=False, approved_comments=1)
    assert check_new_author(context(author=returning, premoderate_first_comments=2)).reason == (
        "new author: 1 approved comment so far (the first 2 are pre-moderated)"
    )


def test_the_posts_own_switch_holds_its_comments(context):
    assert check_post_premoderated(context()) is None
    signal = check_post_premoderated(context(post_premoderated=True))
    assert (signal.verdict, signal.reason) == (Verdict.REVIEW, "comments on this post are pre-moderated")
