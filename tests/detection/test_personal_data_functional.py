"""Functional lists for the two kinds Presidio's data set has no labels for: home threats and profile links.

Each kind has positives (it must be found) and hard negatives (it must not be), written as people write them.
The ``DEVELOPMENT`` lists were used to build and fix the patterns, so their scores flatter; the ``HELD_OUT`` lists
were written afterwards and never tuned on: they are the honest estimate on wording the patterns have not seen.
Precision and recall per list are held to floors a little below what was measured (see ``FLOORS``). Do not tune
the patterns on a held-out list; move it into development and write a new one.
"""

from __future__ import annotations

import pytest

from stoa.detection.personal_data import find_personal_data

HOME_THREATS_POSITIVE = (
    "we know where you live",
    "I know where she lives.",
    "We all know where you live, Sarah.",
    "everyone knows where he lives now",
    "Does anyone know where she lives?",
    "found out where you live lol",
    "I found out where your mum lives",
    "Someone should call social services on her.",
    "I'm going to report her to social workers.",
    "Call CPS on him, those kids deserve better",
    "her kids play outside at 4pm on Elm Road",
    "His children walk home from school past the park at 3:30",
    "Her children's school is St Mary's on Elm Road.",
    "See you at your house tonight.",
    "We'll visit her home this weekend.",
    "Maybe we should all turn up at his door.",
    "I'm outside your house right now.",
    "Nice house you've got on Mill Lane. Would be a shame if something happened to it.",
    "Shame if something happened to your kids.",
    "We're coming for your family.",
    "Let's post her home address everywhere.",
    "Someone dox this guy.",
    "I know what school your kids go to.",
    "Your daughter gets the 8am bus from the corner of Elm Road, doesn't she?",
    "we know where u live",
    "W3 kn0w wh3re y0u l1ve",
    "I've got your address now.",
    "get her kids taken off her",
    "her kids should be taken into care",
    "We'll be waiting outside your house",
    "I drove past your house yesterday.",
    "Knock knock, I'm at your front door.",
    "Your wife leaves work at 5 every day, we've seen her.",
    "They know where your kids go to school.",
    "Someone needs to ring social services about her",
    "We're going to find you and your family",
    "go round her house and sort her out",
    "I'll be on your doorstep tomorrow",
    "WE KNOW WHERE YOU LIVE",
    "we knоw where yоu live",  # Cyrillic о
)
HOME_THREATS_NEGATIVE = (
    "I know where you're coming from.",
    "Where you live matters for house prices.",
    "I don't know where she lives, sorry.",
    "Nobody knows where they live.",
    "My kids play outside at 4pm on our road.",
    "I called social services for advice about my mum's care.",
    "Social workers do an incredibly hard job.",
    "Do you know where the library is?",
    "Visit our home page for details.",
    "I'd love to visit her home country one day.",
    "Her home team won 3-1.",
    "Work from home is here to stay.",
    "This article explains where people live longest.",
    "Come to the house party at mine!",
    "Their kids go to a great school.",
    "Report him to the moderators if he does it again.",
    "We stayed at his house for Christmas.",
    "Pics of my kids playing outside at 4pm, they love the sunshine.",
    "Stop doxxing her, it's disgusting.",
    "Don't call social services on her, talk to her first.",
    "Where you live shouldn't decide your kids' school.",
    "The school is on Elm Road.",
    "Her children's school is doing a bake sale on Friday.",
    "Everyone knows where the Prime Minister lives.",
    "It would be a shame if something happened to the bill before the vote.",
    "We're coming for your votes in November.",
    "They are coming after your pensions.",
    "See you at the house later.",
    "Her kids are adorable.",
    "His family lives in Leeds.",
    "Please share your address with the courier.",
    "Post your address below to enter the giveaway.",
    "I know where you live is expensive, but rent is worse here.",
    "You're outside your comfort zone.",
    "Her son plays football at weekends.",
    "Where do you live? I'm in Leeds too!",
)
# Written as a held-out list, measured once (precision 0.82, recall 0.56), then tuned on: development now.
HOME_THREATS_SECOND_POSITIVE = (
    "We know exactly where you live, Karen.",
    "i kno where u live",
    "Funny, I know where your parents live too.",
    "Bet your neighbours would love to hear about this, I know which house is yours.",
    "Somebody should phone social services about that woman.",
    "Get the social round to hers, she's not fit to be a mum.",
    "Her kids get picked up at 3:15 outside Oakfield Primary.",
    "His son walks to school alone along Church Street every morning.",
    "We'll see you at your place, mate.",
    "Maybe someone should pay her a visit at home.",
    "I'm parked outside your flat.",
    "How would you feel if we showed up at your house?",
    "Your little girl is cute, shame if anything happened to her.",
    "Coming for you and your kids next.",
    "Someone leak his home address already.",
    "Post her address so we can all say hi.",
    "Report her to CPS, she clearly can't look after those kids.",
    "I've seen where you live. Nice front door.",
    "We have your address.",
    "her daughter finishes school at 3pm on Park Road",
    "Let's all go to his house and give him a piece of our minds.",
    "Knowing where you live makes this easier.",
    "I'll be waiting for you at your house.",
    "Time to visit his family.",
    "She leaves her kids home alone every night, call social services on her",
)
HOME_THREATS_SECOND_NEGATIVE = (
    "I know where you stand on this.",
    "Where do you live these days?",
    "My social worker helped me so much.",
    "I visited his home town last summer.",
    "Their kids play outside all day, lucky them.",
    "Turn up the volume at your house party!",
    "She shows up at your door with cookies every Christmas, lovely neighbour.",
    "I'll see you at your office.",
    "Social services failed those children.",
    "Call your mum, she misses you.",
    "The kids' school is on strike today.",
    "Your kids' school is on strike today.",
    "He knows where his towel is.",
    "We found out where the leak was.",
    "Everyone knows where Buckingham Palace is.",
    "Does anyone know where they live in the book?",
    "Dropping my kids at school at 8 then heading to work.",
    "I work from my house most days.",
    "Let's meet at your place of work.",
    "Anyone know where I can buy a kettle?",
    "That's a shame if something happened to the server.",
    "His family were at the match.",
    "She posted her address on the form by mistake and asked the mods to remove it.",
    "I'd love to come round yours sometime!",
    "My daughter walks to school along Church Street.",
)
HOME_THREATS_HELD_OUT_POSITIVE = (
    "I know where you sleep at night.",
    "We know your address, we know your car.",
    "Someone's going to turn up at her flat one of these days.",
    "His kids catch the 7:40 bus on Mill Road, just saying.",
    "Your wife works at the Tesco on Bridge Street, right?",
    "Maybe social services should take a look at her kids.",
    "Wouldn't want anything to happen to your family, would we?",
    "Found her address, anyone want it?",
    "Time someone reported her to child services.",
    "Watch your house tonight.",
    "we r coming to ur house",
    "I'll be round your house tomorrow",
    "Let's all go round to her house and tell her what we think.",
    "Her son's nursery is just round the corner from Elm Road.",
    "I know where your mother lives.",
)
HOME_THREATS_HELD_OUT_NEGATIVE = (
    "I know where you got that idea.",
    "We'll see you at your talk tomorrow!",
    "Her kids play football on Sundays.",
    "I called child services when I needed help with my own kids.",
    "He lives at the gym these days.",
    "I'd love to visit your city.",
    "They live in a house on Elm Road.",
    "Your house, your rules.",
    "We're going to the match with our kids.",
    "She reported him to the police for assault.",
    "Nobody should ever post someone's address online.",
    "My address is on the contact page if you want to send the form back.",
    "Shame if the weather turns before the weekend.",
    "Social services came to our school for a talk.",
    "I walked past your bakery yesterday, it smelled amazing.",
)
PROFILE_LINKS_POSITIVE = (
    "https://www.instagram.com/jane.doe/",
    "instagram.com/jane_doe",
    "Her facebook is facebook.com/jane.doe.12345",
    "https://www.facebook.com/profile.php?id=100012345678",
    "find him at twitter.com/johnsmith",
    "https://x.com/johnsmith",
    "tiktok.com/@jane.doe",
    "https://www.linkedin.com/in/jane-doe-1234/",
    "youtube.com/@janedoe",
    "https://www.youtube.com/channel/UCabc123",
    "reddit.com/user/throwaway_123",
    "https://www.reddit.com/u/janedoe/",
    "github.com/janedoe",
    "https://mastodon.social/@jane",
    "https://hachyderm.io/@jane",
    "@jane@mastodon.social",
    "https://bsky.app/profile/jane.bsky.social",
    "https://m.facebook.com/jane.doe",
    "https://uk.linkedin.com/in/janedoe",
    "threads.net/@janedoe",
    "go tell her what you think: https://www.tiktok.com/@jane.doe?lang=en",
    "(instagram.com/jane.doe)",
)
PROFILE_LINKS_NEGATIVE = (
    "@jane thanks for the reply",
    "https://x.com/johnsmith/status/1234567890",
    "https://www.instagram.com/p/Cxyz123/",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://github.com/django/django",
    "https://www.facebook.com/groups/gardening",
    "https://twitter.com/search?q=stoa",
    "https://www.reddit.com/r/python/",
    "netflix.com/browse",
    "email jane@example.com",
    "https://twitter.com/home",
    "https://www.tiktok.com/discover",
    "https://www.linkedin.com/company/acme",
    "see https://example.com/blog/2024/post",
)
PROFILE_LINKS_HELD_OUT_POSITIVE = (
    "https://www.instagram.com/the_real_jane/?hl=en",
    "www.facebook.com/jane.smith.3",
    "twitter.com/Jane_Smith99",
    "https://www.linkedin.com/in/janesmith",
    "https://youtube.com/c/JaneSmithVlogs",
    "https://fosstodon.org/@jsmith",
    "old.reddit.com/user/jsmith",
    "https://github.com/jsmith/",
)
PROFILE_LINKS_HELD_OUT_NEGATIVE = (
    "https://www.facebook.com/events/12345",
    "https://twitter.com/jsmith/status/1",
    "https://www.youtube.com/shorts/abc123",
    "https://instagram.com/explore/tags/cats",
    "https://www.linkedin.com/jobs/view/123",
    "https://github.com/jsmith/dotfiles/blob/main/.vimrc",
    "@jsmith@",
    "https://en.wikipedia.org/wiki/@",
)

# (kind, list name) -> positives, negatives, and floors (precision, recall) set a little below the measured values.
LISTS = {
    ("home_threat", "development"): (
        HOME_THREATS_POSITIVE + HOME_THREATS_SECOND_POSITIVE,
        HOME_THREATS_NEGATIVE + HOME_THREATS_SECOND_NEGATIVE,
        (0.90, 0.87),  # measured 0.952, 0.923
    ),
    ("home_threat", "held out"): (
        HOME_THREATS_HELD_OUT_POSITIVE,
        HOME_THREATS_HELD_OUT_NEGATIVE,
        (0.90, 0.55),  # measured 1.000, 0.600
    ),
    ("profile_link", "development"): (PROFILE_LINKS_POSITIVE, PROFILE_LINKS_NEGATIVE, (0.95, 0.95)),  # 1.0, 1.0
    ("profile_link", "held out"): (
        PROFILE_LINKS_HELD_OUT_POSITIVE,
        PROFILE_LINKS_HELD_OUT_NEGATIVE,
        (0.95, 0.85),  # measured 1.000, 0.875
    ),
}


def _found(text: str, kind: str) -> bool:
    return any(finding.type == kind for finding in find_personal_data(text))


def precision_recall(kind: str, positives: tuple[str, ...], negatives: tuple[str, ...]) -> tuple[float, float]:
    """Precision and recall of finding ``kind`` over one list: a sentence counts once, found or not."""
    true_positives = sum(_found(text, kind) for text in positives)
    false_positives = sum(_found(text, kind) for text in negatives)
    predicted = true_positives + false_positives
    return (true_positives / predicted if predicted else 0.0), true_positives / len(positives)


@pytest.mark.parametrize(("kind", "name"), list(LISTS))
def test_functional_precision_and_recall_hold_their_floors(kind, name):
    positives, negatives, (precision_floor, recall_floor) = LISTS[kind, name]
    precision, recall = precision_recall(kind, positives, negatives)
    assert precision >= precision_floor and recall >= recall_floor, (precision, recall)


@pytest.mark.parametrize("text", HOME_THREATS_POSITIVE[:3] + HOME_THREATS_SECOND_POSITIVE[-1:])
def test_home_threat_spans_quote_the_threat(text):
    threat = next(finding for finding in find_personal_data(text) if finding.type == "home_threat")
    assert text[threat.begin : threat.end] == threat.text
    assert threat.text.strip() == threat.text and threat.detail
