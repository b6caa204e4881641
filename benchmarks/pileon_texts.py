"""Generated comment texts for the simulator's threads, and the real detection path run over them.

The simulator's hostility is synthetic; this module checks it against the real thing. Each simulated comment gets
a text from templates of its kind (insults aimed at a person, hard but fair argument, small talk); the real path
then finds its targets (``find_targets`` with the thread's register), scores it with the trained classifier in one
batch, decides hostility (``hostility_reasons``) and builds the detector's events (``target_events``). History
flags come from the simulator, since a text carries none. The templates are ours, written for this benchmark;
they are plainer than real abuse, so read the real-path rates as a sanity check, not as the model's accuracy.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace

from pileon_simulator import Scenario, SimComment, SimThread
from stoa.detection.classifier import score
from stoa.detection.hostility import hostility_reasons, target_events
from stoa.detection.people_register import Person, Register
from stoa.detection.personal_data import find_personal_data
from stoa.detection.pileon import Event
from stoa.detection.targets import RepliedTo, find_targets

FIRST_NAMES = ("Mark", "Natasha", "Peter", "Aisha", "David", "Grace", "Tomasz", "Priya", "Owen", "Helen", "Kwame")
SURNAMES = ("Greenstein", "Allmark", "Okafor", "Whitcombe", "Nowak", "Harrow", "Delacroix", "Penhaligon", "Mbeki")
HOSTILE_NAMED = (
    "{name} is a scumbag and everyone knows it",
    "What a lowlife. {name} should be run out of town",
    "{name} is a liar and a crook, always has been",
    "Honestly {name} is a disgrace, a pathetic excuse for a human being",
    "{name} is a snitch and an informant",
    "Someone should teach {name} a lesson",
    "{name} deserves everything that is coming to him",
    "{name} is vile scum",
    "Shut up {name}, nobody wants you here",
    "{name} is a complete idiot and a fraud",
)
HOSTILE_REPLY = (
    "You are a scumbag and everyone knows it",
    "What a lowlife you are",
    "You're a liar and a crook",
    "You pathetic excuse for a human being",
    "You are a snitch and an informant",
    "Shut up, nobody wants you here",
    "You absolute idiot, get lost",
    "You are vile scum",
    "You deserve everything that is coming to you",
    "Go away you fraud",
)
HEATED = (
    "I think you're wrong about the traffic figures.",
    "That's simply not what the report says.",
    "You keep ignoring the evidence on school places.",
    "Rubbish, the old plan was far worse than this one.",
    "No, the bypass will just move the congestion elsewhere.",
    "With respect, you haven't read the consultation.",
    "This is nonsense, the figures were published last year.",
    "I strongly disagree, and so do most residents I've spoken to.",
    "You're missing the point entirely.",
    "That argument makes no sense to me at all.",
    "Honestly this is a terrible decision and the council should be embarrassed.",
    "You can't seriously believe the developers will keep that promise.",
    "Your numbers are out of date and you know it.",
    "This is the worst planning decision in years.",
)
QUIET = (
    "Thanks for the update, useful to know.",
    "Good point, I hadn't thought of that.",
    "Does anyone know when the consultation closes?",
    "Cheers, I'll pass this on to my neighbours.",
    "Agreed, nicely put.",
)


DEFENDING = (
    "Leave {name} alone, this is out of order.",
    "I know {name} and this is not fair on them.",
    "Whatever you think of {name}, this thread is getting ugly.",
)


def _text(comment: SimComment, scenario: Scenario, rng: random.Random, names: dict[str, str]) -> str:
    if not comment.hostile and comment.target in names:
        return rng.choice(DEFENDING).format(name=names[comment.target])
    if not comment.hostile:
        return rng.choice(HEATED if scenario is Scenario.HEATED else QUIET)
    if comment.target in names:
        return rng.choice(HOSTILE_NAMED).format(
            name=rng.choice([names[comment.target], names[comment.target].split()[1]])
        )
    return rng.choice(HOSTILE_REPLY)


def _outsider_names(threads: list[SimThread], rng: random.Random) -> dict[str, str]:
    return {
        thread.victim: f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        for thread in threads
        if thread.scenario is Scenario.NAMED_PILE_ON
    }


def _outsider(key: str, name: str) -> Person:
    """The named person, registered (as a post's "people discussed" would be) under the simulator's key."""
    return Person(key, name, Person.named(name).aliases)


def real_events(threads: list[SimThread], seed: int = 11) -> Iterator[tuple[SimComment, list[Event], bool]]:
    """Each simulated comment (reports skipped) through the real path: its events, and whether its true target
    was found."""
    rng = random.Random(seed)
    names = _outsider_names(threads, rng)
    comments = [(t, c) for t in threads for c in t.comments if not c.report]
    texts = [_text(c, t.scenario, rng, names) for t, c in comments]
    for (thread, comment), text, scores in zip(comments, texts, score(texts, spans=False), strict=True):
        register = Register([_outsider(thread.victim, names[thread.victim])] if thread.victim in names else [])
        author, target = comment.author.removeprefix("member:"), comment.target.removeprefix("member:")
        reply = None if comment.target in names else RepliedTo(comment.id, target)
        targets = find_targets(text, author=author, reply_to=reply, register=register)
        reasons = hostility_reasons(text, scores, find_personal_data(text))
        knows = {comment.target} if comment.knows_target else set()
        events = target_events(
            text,
            targets,
            reasons,
            comment=comment.id,
            author=comment.author,
            at=comment.at,
            first_comment=comment.first_comment,
            account_created=comment.account_created,
            knows=knows,
        )
        yield comment, events, any(t.key == comment.target for t in targets)


def with_real_flags(threads: list[SimThread]) -> tuple[list[SimThread], dict[str, float]]:
    """The threads with each comment's flag replaced by the real path's verdict on its generated text, and the
    rates measured on the way (hostile comments flagged, fair ones flagged, true targets found)."""
    verdicts = {}
    found = hostile = fair = hostile_flagged = fair_flagged = 0
    for comment, events, target_found in real_events(threads):
        flagged = any(e.target == comment.target and e.reasons for e in events)
        verdicts[comment.id] = flagged
        found += target_found
        hostile += comment.hostile
        fair += not comment.hostile
        hostile_flagged += flagged and comment.hostile
        fair_flagged += flagged and not comment.hostile
    rewritten = [
        replace(t, comments=[replace(c, flagged=verdicts.get(c.id, c.flagged)) for c in t.comments]) for t in threads
    ]
    total = hostile + fair
    rates = {
        "hostile comments flagged": hostile_flagged / max(hostile, 1),
        "fair comments flagged": fair_flagged / max(fair, 1),
        "true target found": found / max(total, 1),
    }
    return rewritten, rates
