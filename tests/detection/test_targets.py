"""Whom a comment is aimed at: replies, @mentions, registered people and unregistered full names."""

from __future__ import annotations

import pytest

from stoa.detection.people_register import Person, Register, slug
from stoa.detection.targets import Aim, RepliedTo, find_targets, mentioned_usernames, person_for_name

NATASHA = Person.named("Natasha Allmark", ["Natasha"])
REGISTER = Register([NATASHA, Person.member("alice", "Alice Okafor"), Person.named("Rose Brown")])


def keys(text: str, **kwargs) -> dict[str, tuple[str, ...]]:
    return {t.key: t.reasons for t in find_targets(text, register=kwargs.pop("register", REGISTER), **kwargs)}


def test_a_reply_is_aimed_at_the_author_replied_to():
    assert keys("I see it differently.", author="bob", reply_to=RepliedTo("12", "Carol")) == {
        "member:carol": ("reply to #12",)
    }


def test_mentions_name_members_and_skip_addresses_and_unknown_names():
    text = "@alice and @Bob. said so; write to dan@example.org or @eve@mastodon.social"
    assert mentioned_usernames(text) == ["alice", "Bob"]
    assert keys(text, author="zed", members={"alice", "bob"}) == {
        "member:alice": ("mentions @alice",),
        "member:bob": ("mentions @Bob",),
    }
    assert "member:bob" not in keys(text, author="zed", members={"alice"})


@pytest.mark.parametrize(
    ("text", "alias"),
    [
        ("Natasha Allmark is an informant", "Natasha Allmark"),
        ("everyone knows Natasha lied", "Natasha"),
        ("Ms Allmark again, of course", "Ms Allmark"),
        ("N4t4sha Allm4rk again", "N4t4sha Allm4rk"),
        ("nаtаshа аllmаrk, with Cyrillic a's", "nаtаshа аllmаrk"),
        ("Allmark's lies", "Allmark's"),
        ("A l l m a r k again", "A l l m a r k"),
        ("Allllmark again", "Allllmark"),
        ("the Allmarks again", "Allmarks"),
    ],
)
def test_registered_people_are_found_through_their_aliases_and_disguises(text, alias):
    assert keys(text, author="bob") == {"person:natasha-allmark": (f"names '{alias}'",)}


def test_a_one_word_alias_needs_a_capital_so_common_words_stay_words():
    assert keys("a rose and a brown dog", author="bob") == {}
    assert keys("Brown never answered", author="bob") == {"person:rose-brown": ("names 'Brown'",)}


def test_a_large_register_is_searched_by_its_aliases_key_words_only():
    people = [Person.named(f"Person{i} Surname{i}") for i in range(2000)] + [NATASHA]
    register = Register(people)
    assert len(register) == 2001
    assert keys("Ms Allmark and Surname7 again", author="bob", register=register) == {
        "person:natasha-allmark": ("names 'Ms Allmark'",),
        "person:person7-surname7": ("names 'Surname7'",),
    }


def test_members_are_found_by_their_display_name():
    assert keys("Okafor has a point", author="bob") == {"member:alice": ("names 'Okafor'",)}


def test_an_alias_two_people_share_is_ignored_unless_the_longer_name_settles_it():
    register = Register([Person.named("Mark Greenstein"), Person.named("Anna Greenstein")])
    assert keys("Greenstein is a scumbag", author="bob", register=register) == {}
    assert keys("Anna Greenstein is a scumbag", author="bob", register=register) == {
        "person:anna-greenstein": ("names 'Anna Greenstein'",)
    }


def test_an_unregistered_full_name_is_a_target_keyed_by_name():
    assert keys("Mark Greenstein is a scumbag", author="bob", register=Register()) == {
        "name:mark-greenstein": ("names 'Mark Greenstein'",)
    }
    assert keys("Mr Greenstein is a scumbag", author="bob", register=Register()) == {
        "name:greenstein": ("names 'Greenstein'",)
    }


def test_a_new_full_name_can_be_registered_so_the_surname_alone_finds_it_later():
    target = find_targets("Mark Greenstein again", author="bob")[0]
    register = Register().including(person_for_name(target))
    assert keys("Greenstein is at it again", author="cat", register=register) == {
        "name:mark-greenstein": ("names 'Greenstein'",)
    }


def test_one_comment_can_aim_at_several_people_each_once_with_every_reason():
    targets = find_targets(
        "@alice, Alice Okafor, you and Natasha should talk",
        author="bob",
        reply_to=RepliedTo("3", "alice"),
        register=REGISTER,
        members={"alice"},
    )
    assert [(t.key, t.aims) for t in targets] == [
        ("member:alice", (Aim.REPLY, Aim.MENTION, Aim.NAMED)),
        ("person:natasha-allmark", (Aim.NAMED,)),
    ]
    assert targets[0].reasons == ("reply to #3", "mentions @alice", "names 'Alice Okafor'")


def test_nobody_is_the_target_of_their_own_comment():
    assert keys("As @alice I say: Alice Okafor is right", author="alice", reply_to=RepliedTo("1", "ALICE")) == {}


def test_a_top_level_comment_saying_you_is_aimed_at_the_posts_author_unless_it_names_someone():
    assert keys("You should be ashamed of this post", author="bob", post_author="ed") == {
        "member:ed": ("addresses the post's author",)
    }
    assert keys("Natasha, you should be ashamed", author="bob", post_author="ed") == {
        "person:natasha-allmark": ("names 'Natasha'",)
    }
    assert keys("This post is well argued", author="bob", post_author="ed") == {}


def test_keys_are_stable_readable_slugs():
    assert slug("Zoë O'Neill") == "zoe-o-neill"
    assert Person.member("Tom_H").key == "member:tom_h"
    assert Person.named("Natasha Allmark").aliases[:3] == ("Natasha Allmark", "Allmark", "Mr Allmark")


def test_registering_the_same_key_twice_merges_aliases():
    register = Register([Person.named("Natasha Allmark"), Person("person:natasha-allmark", "N. Allmark", ("Tash",))])
    assert len(register) == 1
    assert keys("Tash again", author="bob", register=register) == {"person:natasha-allmark": ("names 'Tash'",)}
