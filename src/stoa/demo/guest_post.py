"""The guest post at the heart of the demo, and the heated thread below it.

A tenant organiser's post about a housing scheme names two public figures; the argument below it is real and
useful, and some of it is name-calling aimed at them ("scumbag", "lowlife", "shit-houses"). The site's watched
words hold the name-calling for a moderator while the argument stays up, numbered. One voice says what
actually works: ask privately for a post to come down, because public shaming only hardens everyone.
Everyone here is invented.
"""

from __future__ import annotations

from stoa.demo.content import DemoComment as C
from stoa.demo.content import DemoPost, GuestByline

_GUEST_BODY = """\
For five years the people of Canal Wharf have been told that the estate's future is being "worked through".
Last month we found out what that meant: a deal, agreed in a cabinet meeting most of us never heard about,
to hand the site to **Thorne Living** for a 310-flat scheme.

I am not against new homes. Canal Wharf needs them, and its roofs need replacing whatever happens. I am
against a process that treated the people who live there as an obstacle.

## What was decided, and by whom

- **Councillor Graham Pell**, cabinet member for housing, signed the heads of terms on 14 March.
- **Simon Thorne**, managing director of Thorne Living, presented the scheme to residents once, in a
  two-hour meeting held after the terms were already signed.
- The consultation ran for three weeks in August, with the documents in a folder at the civic centre.

## What we are asking for

1. Publish the viability appraisal in full, not a summary.
2. Separate the emergency repairs to blocks C and D from the redevelopment, so nobody waits another winter
   with black mould for a scheme that may never be built.
3. A ballot of existing tenants before the planning committee decides.

None of this is radical. Other councils do all three. Ashworth can too, if Councillor Pell and Mr Thorne are
willing to argue for their scheme in the open.
"""

# fmt: off
_GUEST_COMMENTS = (
    C("c1", "marcus_b", "Good piece. The consultation closed on a Friday in August, with the documents only "
      "at the civic centre during office hours. If that's how you ask people, you don't want to hear the "
      "answer.", after_minutes=25),
    C("c2", "geoff1958", "With respect, Ruth leaves out that Canal Wharf was half empty and falling apart "
      "long before Thorne Living turned up. Somebody has to pay for the roofs and the council hasn't got it. "
      "I'm not saying the deal is perfect, but it isn't a conspiracy either."),
    C("c3", "jen_okafor", "Half empty because the council stopped re-letting flats in 2019. Managed decline "
      "is a choice, Geoff, not the weather.", reply_to="c2"),
    C("c4", "geoff1958", "Fair point on the re-letting, I didn't know that. Still doesn't magic up £14 "
      "million for the roofs.", reply_to="c3"),
    C("c5", "oldtownrob", "Graham Pell is a scumbag, plain and simple. He's been in Thorne's pocket since "
      "the golf club days and everyone in this town knows it."),
    C("c6", "sallyw", "Does anyone know whether the \"affordable\" flats are social rent or the "
      "80%-of-market kind? Because that's the whole ballgame. Eighty per cent of market round here is still "
      "£1,100 a month for a two-bed."),
    C("c7", "fatima_r", "It's in the viability appendix, page 43: 24 of the 310 flats at social rent, the "
      "rest at 80% of market. Took me an evening to find, which tells you something.", reply_to="c6"),
    C("c8", "sallyw", "Twenty-four. Out of 310. Thank you, Fatima, that's genuinely useful and genuinely "
      "depressing.", reply_to="c7"),
    C("m1", "Ashworth Courier", "The Courier picked up Ruth's post: \"Tenants demand ballot on Canal Wharf "
      "deal\", with the council's reply that the appraisal will be published \"in due course\".",
      after_minutes=3, mention_of="https://courier.example/2026/canal-wharf-ballot"),
    C("c9", "canalsidechris", "Twenty-four social flats to replace 96 council homes. Whoever signed that off "
      "is a lowlife and should be run out of the Town Hall.", reply_to="c7"),
    C("c10", "alanp", "I've met Simon Thorne. Whatever you think of the scheme, he answered every question "
      "at the residents' meeting for two hours and didn't duck one. The man isn't a cartoon villain."),
    C("c11", "nina_k", "Answering questions isn't the same as answering them straight. He told us the tower "
      "would be \"in keeping with the conservation area\". It's fourteen storeys.", reply_to="c10"),
    C("c12", "alanp", "Fourteen storeys is a lot, I'll give you that. I'd rather we argued about the storeys "
      "than about what sort of man he is, though.", reply_to="c11"),
    C("c13", "nina_k", "Fair enough. The storeys, then: the conservation officer objected in writing and was "
      "overruled. I'd like to know who overruled her.", reply_to="c12"),
    C("c14", "Wharf Resident", "I live in block C. Nobody from the council has knocked on my door once. I "
      "found out about the \"decant\" from a letter with the wrong surname on it."),
    C("c15", "kirsty_m", "Pell and Thorne are a pair of shit-houses and I hope they never get a moment's "
      "peace in this town again."),
    C("c16", "owen_l", "Councillor Pell's council email is on his ward page. If you care about this, write "
      "to him tonight, politely, and ask who overruled the conservation officer and why."),
    C("c17", "lizzie_c", "Done. Kept it polite. Told him I've voted for him twice and won't a third time if "
      "this goes through as it stands.", reply_to="c16"),
    C("c18", "oldtownrob", "Polite has got us nowhere for five years. He needs to feel it.", reply_to="c16"),
    C("c19", "owen_l", "Feel it how, Rob? Be specific, because half this thread reads like people working "
      "themselves up to turn up on somebody's doorstep.", reply_to="c18"),
    C("c20", "oldtownrob", "At the ballot box, obviously. Calm down.", reply_to="c19"),
    C("c21", "fatima_r", "A word from someone who's been the subject of one of these threads. When something "
      "online about you is wrong or cruel, asking the person privately to take it down usually works, far "
      "more often than you'd think. Public shaming never does: it only hardens everyone, the target and the "
      "crowd alike. That goes for Pell and Thorne as much as for anyone on the estate.", after_minutes=12),
    C("c22", "marcus_b", "Agreed. I emailed the Courier last year about a photo of my son in a protest story "
      "and they swapped it within the hour. If I'd kicked off on Facebook they'd have dug in.",
      reply_to="c21"),
    C("c23", "kirsty_m", "Easy to say when it's not your home being knocked down.", reply_to="c21"),
    C("c24", "fatima_r", "It was my home, Kirsty. Denby Street, 2016. I'm not asking anyone to keep quiet "
      "about the scheme. I'm asking us to fight the scheme, not the people.", reply_to="c23"),
    C("c25", "Concerned of Ashworth", "Typical lefty blog. Ruth Adeyemi is a professional agitator who "
      "doesn't even live on the estate. Scumbag behaviour, stirring people up like this."),
    C("c26", "canalsidechris", "The August consultation was a disgrace. I went to the civic centre on my "
      "lunch break and the folder wasn't even on the shelf.", reply_to="c1"),
    C("c27", "geoff1958", "To be fair, it was on the council website as well; I read it there. Badly laid "
      "out, mind.", reply_to="c26"),
    C("c28", "helen", "Editor's note: we've held a few comments on this post for review. Argue with the "
      "scheme, the decisions and the record as hard as you like. Name-calling aimed at the people involved, "
      "our guest author included, won't go up. Helen", after_minutes=40),
    C("c29", "oldtownrob", "So much for free speech. Pell's a lowlife and I'll say it wherever I like.",
      reply_to="c28"),
    C("c30", "sallyw", "Thanks, Helen. Some of us actually want to read the thread.", reply_to="c28"),
    C("c31", "dkerr", "Genuine question for Ruth: if the deal falls through, what happens to the damp in "
      "block C in the meantime? My sister's flat has had black mould for two winters."),
    C("c32", "jen_okafor", "The Tenants' Association has been asking for the emergency repairs to be done "
      "separately since March. The council keeps saying it'll all be \"resolved by the scheme\". That's the "
      "trap.", reply_to="c31"),
    C("c33", "dkerr", "That's the bit I didn't understand. Thanks, Jen.", reply_to="c32"),
    C("c34", "marcus_b", "Whatever else, Thorne Living's donation to Pell's campaign is a matter of public "
      "record: £4,500, register of interests, 2022. That's fair comment and it should be asked about at full "
      "council."),
    C("c35", "kirsty_m", "Of course he took the money. Pell is a scumbag and so is anyone who defends him.",
      reply_to="c34"),
    C("c36", "Wharf Resident", "Block C again. Jen is right: the repairs and the scheme need pulling apart. "
      "We've had a bucket under the landing leak since January.", reply_to="c32"),
    C("c37", "Pharma Deals", "Great post!! Cheap pills delivered overnight, no prescription needed: "
      "https://pills.example.com"),
    C("c38", "owen_l", "Reading this back, the people who actually live there have made the most useful "
      "comments on it. Could we have a follow-up from the Tenants' Association with the repair timeline?",
      after_minutes=30),
    C("c39", "helen", "Yes. Ruth has agreed to write one for next week, with the repair log.",
      reply_to="c38"),
)
# fmt: on

GUEST_POST = DemoPost(
    slug="canal-wharf-deserves-better",
    title="Canal Wharf deserves better than a backroom deal",
    author="helen",
    days_ago=3,
    excerpt="The estate needs new roofs and new homes. It does not need a scheme agreed before anyone living "
    "there was asked.",
    body=_GUEST_BODY,
    categories=("politics",),
    tags=("housing", "canal-wharf", "council", "planning"),
    guest=GuestByline(
        name="Ruth Adeyemi",
        url="https://canalwharf-tenants.example.org/",
        bio="Ruth is secretary of the Canal Wharf Tenants' Association and has lived on the estate for eleven years.",
    ),
    comments=_GUEST_COMMENTS,
    people=(
        ("Graham Pell", ("Councillor Pell", "Cllr Pell", "Pell")),
        ("Simon Thorne", ("Mr Thorne", "Thorne")),
        ("Ruth Adeyemi", ("Ruth", "Ms Adeyemi")),
    ),
)
