"""The demo's other posts, and ``POSTS``, the list the loader reads (the guest post is in ``guest_post``).

A post about an online hunt shows the watched words holding a slur ("Nazi informant") and, realistically, one
comment that only quotes it; a calm post shows an ordinary numbered thread. The people and places are invented.
"""

from __future__ import annotations

from stoa.demo.content import DemoComment as C
from stoa.demo.content import DemoPost
from stoa.demo.guest_post import GUEST_POST

_HUNT_BODY = """\
Last month a student at Ashworth College posted in a local group that she had reported a broken streetlight,
and the men drinking under it, to the council. Someone disagreed. Within a day a screenshot of her post was
going round with a new caption: *Nazi informant*.

By the weekend strangers knew her course, her college and that she was six months pregnant. Nobody set out to
do that. Each share felt small to the person making it.

## What we will do here

- Comments that call a person names are held for a moderator before anyone sees them.
- If you are named in a post or a comment and want it taken down, write to us privately. We will answer.
- Argue as hard as you like with what someone *said*. Leave their body, family and address out of it.
"""

# fmt: off
_HUNT_COMMENTS = (
    C("h1", "lizzie_c", "I saw those screenshots going round. Nobody sharing them had read what she actually "
      "wrote.", after_minutes=50),
    C("h2", "canalsidechris", "She grassed people up to the council. Nazi informant is about right."),
    C("h3", "fatima_r", "What shocked me was how fast it went from \"I disagree\" to her due date and her "
      "college. Nobody decided to do that; it just happened, one share at a time.", reply_to="h1"),
    C("h4", "alanp", "That's what makes it so hard to stop. Nobody in a mob thinks they're the mob.",
      reply_to="h3"),
    C("h5", "nina_k", "For what it's worth, I wrote privately to the admin of the group that posted her "
      "photo and it came down the same evening. They hadn't realised she was pregnant."),
    C("h6", "geoff1958", "Calling a pregnant nineteen-year-old an informant for reporting a broken "
      "streetlight is the most Ashworth thing I've read all year."),
)
# fmt: on

HUNT_POST = DemoPost(
    slug="when-an-argument-turns-into-a-hunt",
    title="When an argument turns into a hunt",
    author="helen",
    days_ago=6,
    excerpt='A student argued with strangers online and was branded a "Nazi informant" by the weekend. What '
    "we will do differently here.",
    body=_HUNT_BODY,
    categories=("community",),
    tags=("online-abuse", "moderation"),
    comments=_HUNT_COMMENTS,
)

_REPAIR_BODY = """\
The repair café is back at Ashworth Library from **Saturday the 12th**, 10 till 1, in the community room.

Bring a toaster that won't pop, a lamp that flickers, a jumper with a hole or a bike that squeaks. Volunteers
fix it with you, for free, and show you how. Tea is 50p; biscuits are the volunteers' own.
"""

# fmt: off
_REPAIR_COMMENTS = (
    C("r1", "sallyw", "Brilliant news. They fixed my toaster last spring and wouldn't take a penny.",
      after_minutes=90),
    C("r2", "geoff1958", "Is the bike stand still run by the chap with the beard? He trued my back wheel in "
      "ten minutes flat.", reply_to="r1"),
    C("r3", "tomasz", "Same chap, same beard. He's bringing a second stand this time.", reply_to="r2"),
    C("r4", "kirsty_m", "Could someone bring a sewing machine? Half my kids' school trousers need taking up.",
      ),
    C("r5", "lizzie_c", "I'll bring mine. An old Singer, but she still runs.", reply_to="r4"),
    C("r6", "Maureen", "Is the community room step-free? The library lift was out of action most of the "
      "autumn."),
)
# fmt: on

REPAIR_POST = DemoPost(
    slug="the-repair-cafe-is-back",
    title="The repair café is back at the library",
    author="tomasz",
    days_ago=12,
    excerpt="Saturday mornings at Ashworth Library: bring what's broken, leave with it working.",
    body=_REPAIR_BODY,
    categories=("community",),
    tags=("library",),
    comments=_REPAIR_COMMENTS,
)

_BUDGET_BODY = """\
The council's draft budget for next year runs to 212 pages. Five numbers matter most.

| | This year | Next year |
|---|---|---|
| Council tax (Band D) | £2,148 | £2,255 |
| Housing repairs | £9.1m | £8.4m |
| Libraries | £3.2m | £3.2m |
| Reserves | £18m | £12m |

The fifth is the one nobody mentions: **£6m** drawn from reserves to balance the books, for the second year
running. That cannot happen a third time. Full council votes on the 27th.
"""

BUDGET_POST = DemoPost(
    slug="budget-night-five-numbers",
    title="Budget night: five numbers from the council's draft",
    author="tomasz",
    days_ago=15,
    excerpt="212 pages, five numbers that matter, and one that nobody mentions.",
    body=_BUDGET_BODY,
    categories=("politics",),
    tags=("budget", "council"),
)

_OWN_COMMENTS_BODY = """\
From today the Ledger runs its own comments instead of a social network's plug-in.

- **No tracking.** Reading a thread loads nothing from anyone else's servers.
- **Guests welcome.** Comment with a name and an email address; your first comment waits for a moderator.
- **Numbered comments.** Every published comment has a number, so "see #5" keeps meaning the same thing.
- **Moderators read the held ones.** Name-calling and spam wait in a queue rather than going up and coming
  down later.
"""

OWN_COMMENTS_POST = DemoPost(
    slug="why-we-run-our-own-comments",
    title="Why this blog now runs its own comments",
    author="helen",
    days_ago=18,
    excerpt="No tracking, guests welcome, and a moderation queue instead of an apology afterwards.",
    body=_OWN_COMMENTS_BODY,
    categories=("technology",),
    tags=("moderation",),
)

POSTS = (OWN_COMMENTS_POST, BUDGET_POST, REPAIR_POST, HUNT_POST, GUEST_POST)
