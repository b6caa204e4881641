"""The pile-on detector on small hand-made streams: what raises an alert, what must not, and what it remembers."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from stoa.detection.pileon import (
    AlertLevel,
    Event,
    EventKind,
    PileOnDetector,
    PileOnThresholds,
    level_for,
    without_history,
)

START = dt.datetime(2026, 3, 10, 8, 0, tzinfo=dt.UTC)
TARGET = "person:natasha-allmark"


def at(minutes: float) -> dt.datetime:
    return START + dt.timedelta(minutes=minutes)


def hostile(author: str, minutes: float, *, new: bool = True, target: str = TARGET, comment: str = "") -> Event:
    return Event(
        target,
        EventKind.HOSTILE,
        at(minutes),
        author,
        comment or f"{author}-{minutes:g}",
        first_comment=new,
        knows_target=not new,
        reasons=("insult 0.80 ≥ 0.50",),
    )


def aimed(author: str, minutes: float, *, target: str = TARGET) -> Event:
    return Event(target, EventKind.AIMED, at(minutes), author, f"{author}-{minutes:g}")


def report(reporter: str, minutes: float, *, new: bool = True) -> Event:
    return Event(TARGET, EventKind.REPORT, at(minutes), reporter, "natasha-1", first_comment=new, knows_target=not new)


def regular_history(detector: PileOnDetector, target: str, per_day: int, days: int = 30) -> None:
    """A month of friendly comments aimed at ``target``, spread evenly, ending just before START."""
    total = per_day * days
    for index in range(total):
        minutes = -days * 24 * 60 + index * (days * 24 * 60 / total)
        detector.observe(aimed(f"friend{index % 7}", minutes, target=target))


def test_a_quiet_thread_raises_nothing():
    detector = PileOnDetector()
    events = [aimed(f"reader{i}", 30 * i) for i in range(8)] + [hostile("grump", 300, new=False)]
    assert detector.observe_all(events) == []


def test_four_new_accounts_insulting_one_named_person_within_two_hours_is_a_pile_on():
    detector = PileOnDetector()
    alerts = detector.observe_all([hostile(f"new{i}", 40 * i) for i in range(4)])
    assert [a.level for a in alerts] == [AlertLevel.WATCH, AlertLevel.PILE_ON]
    pile_on = alerts[-1]
    assert pile_on.at == at(80) and pile_on.target == TARGET
    assert pile_on.figures.hostile_authors == 3 and pile_on.figures.authors_without_history == 3
    assert pile_on.comments == ("new0-0", "new1-40", "new2-80")
    assert any("3 of them new to the site (100%), 3 new to the target" in reason for reason in pile_on.reasons)


def test_the_alert_is_not_repeated_while_the_level_holds():
    detector = PileOnDetector()
    alerts = detector.observe_all([hostile(f"new{i}", 10 * i) for i in range(8)])
    assert [a.level for a in alerts].count(AlertLevel.PILE_ON) == 1


def test_a_heated_fair_debate_among_regulars_is_no_pile_on():
    detector = PileOnDetector()
    people = ("ann", "bob", "cat", "dan")
    for person in people:
        regular_history(detector, f"member:{person}", per_day=24)
    debate = []
    for i in range(48):  # four hours of back-and-forth, each answering the one before, three of them rude to ann
        answered, author = people[i % 4], people[(i + 1 + (i // 4) % 3) % 4]
        rude = answered == "ann" and i in (16, 20, 24)  # cat, dan, then bob
        event = hostile if rude else aimed
        debate.append(event(author, 5 * i, target=f"member:{answered}", **({"new": False} if rude else {})))
    levels = [alert.level for alert in detector.observe_all(debate)]
    assert AlertLevel.PILE_ON not in levels and levels == [AlertLevel.WATCH]
    figures = detector.figures("member:ann", at(240))
    assert figures.hostile_authors == 3 and figures.rate_ratio < 4 and figures.share_without_history == 0
    assert figures.one_sided_authors == 0  # each of them also argued with ann fairly


def test_the_same_regulars_at_four_times_the_targets_normal_rate_are_a_pile_on():
    detector = PileOnDetector()
    regular_history(detector, "member:ann", per_day=4)
    stream = [hostile(author, 10 * i, new=False, target="member:ann") for i, author in enumerate("bcdbcd")]
    alerts = detector.observe_all(stream)
    assert alerts[-1].level is AlertLevel.PILE_ON and alerts[-1].at == at(20)  # at the third of them
    figures = alerts[-1].figures
    assert figures.burst_rate_ratio >= 4 and figures.share_without_history == 0 and figures.one_sided_authors == 3
    assert figures.burst_comments == 3 and figures.burst_per_hour == 3.0  # 3 comments, over at least an hour


def test_a_slow_burn_by_one_account_is_watched_never_a_pile_on():
    detector = PileOnDetector()
    alerts = detector.observe_all([hostile("stalker", 60 * 20 * day, new=False) for day in range(6)])
    assert [a.level for a in alerts] == [AlertLevel.WATCH]
    assert alerts[0].figures.slow_burn_author == "stalker" and alerts[0].figures.slow_burn_events == 5
    assert any("slow burn: 5 hostile comments by one author" in r for r in alerts[0].reasons)


def test_a_report_flood_from_new_accounts_counts_as_a_signal():
    detector = PileOnDetector()
    alerts = detector.observe_all([report(f"sock{i}", 5 * i) for i in range(4)])
    assert [a.level for a in alerts] == [AlertLevel.PILE_ON]
    assert alerts[0].figures.report_flood and alerts[0].figures.reporters_without_history == 4
    assert alerts[0].comments == ("natasha-1",)


def test_reports_from_established_members_are_no_flood():
    detector = PileOnDetector()
    assert detector.observe_all([report(f"member{i}", 5 * i, new=False) for i in range(6)]) == []
    assert detector.figures(TARGET, at(30)).reporters == 6


def test_a_report_flood_adds_its_new_reporters_to_one_hostile_author():
    detector = PileOnDetector(PileOnThresholds(report_flood_reporters=2))
    events = [hostile("troll", 0, new=False), report("sock1", 5), report("sock2", 10)]
    levels = [a.level for a in detector.observe_all(events)]
    assert levels[-1] is AlertLevel.PILE_ON


def test_hostile_authors_outside_the_window_do_not_add_up():
    detector = PileOnDetector()
    spread = [hostile(f"new{i}", 7 * 60 * i) for i in range(4)]  # one every seven hours
    assert detector.observe_all(spread) == []
    assert detector.figures(TARGET, at(3 * 7 * 60)).hostile_authors == 1


def test_the_window_expires_and_a_later_wave_alerts_again():
    detector = PileOnDetector()
    first = detector.observe_all([hostile(f"a{i}", 10 * i) for i in range(3)])
    quiet = detector.figures(TARGET, at(10 * 60))
    second = detector.observe_all([hostile(f"b{i}", 12 * 60 + 10 * i) for i in range(3)])
    assert first[-1].level is AlertLevel.PILE_ON and second[-1].level is AlertLevel.PILE_ON
    assert quiet.hostile_authors == 0 and quiet.aimed_comments == 0
    assert second[-1].comments == ("b0-720", "b1-730", "b2-740")


def test_a_late_event_counts_as_now():
    detector = PileOnDetector()
    detector.observe(hostile("new0", 100))
    detector.observe(hostile("new1", 10))  # arrives out of order
    assert detector.figures(TARGET, at(100)).hostile_authors == 2


def test_the_normal_rate_is_learnt_from_comments_older_than_the_window():
    detector = PileOnDetector()
    regular_history(detector, "member:ann", per_day=48)
    assert 1.8 < detector.figures("member:ann", START).normal_per_hour < 2.2  # two an hour for a month
    regular_history(detector, "member:bob", per_day=48, days=3)
    assert 1.8 < detector.figures("member:bob", START).normal_per_hour < 2.2  # the same after three days


def test_memory_per_target_is_bounded():
    limits = PileOnThresholds(max_events=32)
    detector = PileOnDetector(limits)
    for i in range(20_000):
        event = hostile if i % 2 else aimed
        detector.observe(event(f"author{i % 3000}", i * 0.5))
        detector.observe(report(f"reporter{i}", i * 0.5))
    window_buckets = limits.window / limits.rate_bucket + 1
    assert detector.stored_items(TARGET) <= 4 * 32 + window_buckets  # hostile, fair, reports, slow burn; buckets
    assert detector.figures(TARGET, at(10_000)).one_sided_authors <= 32


def test_the_number_of_targets_is_bounded_forgetting_the_longest_quiet():
    detector = PileOnDetector(PileOnThresholds(max_targets=10))
    for i in range(25):
        detector.observe(aimed("ann", i, target=f"member:t{i}"))
    assert len(detector) == 10
    assert detector.figures("member:t0", at(30)) is None and detector.figures("member:t24", at(30)) is not None


def test_history_comes_from_the_event_fields():
    old_hand = Event(TARGET, EventKind.HOSTILE, START, "x", account_created=START - dt.timedelta(days=400))
    assert not without_history(old_hand)
    assert without_history(replace(old_hand, account_created=START - dt.timedelta(days=3)))
    assert without_history(replace(old_hand, first_comment=True))
    assert not without_history(replace(old_hand, knows_target=False))  # new to the target only: counted apart


def test_regulars_new_to_the_target_are_counted_but_do_not_make_the_share():
    detector = PileOnDetector()
    regular_history(detector, "member:ann", per_day=48)
    strangers = [
        replace(hostile(author, 20 * i, new=False, target="member:ann"), knows_target=False)
        for i, author in enumerate("bcd")
    ]
    levels = [a.level for a in detector.observe_all(strangers)]
    figures = detector.figures("member:ann", at(40))
    assert levels == [AlertLevel.WATCH]
    assert figures.authors_new_to_target == 3 and figures.authors_without_history == 0
    sketched = PileOnDetector(PileOnThresholds(share_counts_new_to_target=True))
    regular_history(sketched, "member:ann", per_day=48)
    assert sketched.observe_all(strangers)[-1].level is AlertLevel.PILE_ON


def test_the_rate_condition_needs_the_comments_to_be_mostly_hostile():
    detector = PileOnDetector()
    regular_history(detector, "member:ann", per_day=4)
    stream = []
    for i, author in enumerate("bcd"):  # each rude comment followed by three friendly ones
        stream.append(hostile(author, 20 * i, new=False, target="member:ann"))
        stream += [aimed(f"friend{i}{j}", 20 * i + 4 * (j + 1), target="member:ann") for j in range(3)]
    levels = [a.level for a in detector.observe_all(stream)]
    figures = detector.figures("member:ann", at(52))
    assert figures.burst_rate_ratio >= 4 and figures.burst_hostile_share < 0.5 and figures.one_sided_authors == 3
    assert levels == [AlertLevel.WATCH]


def test_friendly_traffic_before_the_first_hostile_comment_does_not_hide_a_pile_on():
    detector = PileOnDetector()
    regular_history(detector, "member:ann", per_day=4)
    busy = [aimed(f"friend{i}", 2 * i, target="member:ann") for i in range(12)]
    rude = [hostile(author, 30 + 10 * i, new=False, target="member:ann") for i, author in enumerate("bcd")]
    alerts = detector.observe_all(busy + rude)
    assert [a.level for a in alerts] == [AlertLevel.WATCH, AlertLevel.PILE_ON] and alerts[-1].at == at(50)
    figures = alerts[-1].figures
    assert figures.hostile_share < 0.5 and figures.burst_comments == 3 and figures.burst_hostile_share == 1.0
    assert any("since the first hostile comment: 3 aimed" in reason for reason in alerts[-1].reasons)
    window = PileOnDetector(PileOnThresholds(rate_since_first_hostile=False))  # the whole window: diluted
    regular_history(window, "member:ann", per_day=4)
    assert [a.level for a in window.observe_all(busy + rude)] == [AlertLevel.WATCH]


def test_hostile_authors_who_also_argue_fairly_with_the_target_are_not_one_sided():
    detector = PileOnDetector()
    regular_history(detector, "member:ann", per_day=4)
    debate = [
        aimed("bob", 0, target="member:ann"),
        aimed("cat", 5, target="member:ann"),
        hostile("bob", 10, new=False, target="member:ann"),
        hostile("cat", 15, new=False, target="member:ann"),
        hostile("dan", 20, new=False, target="member:ann"),
    ]
    assert [a.level for a in detector.observe_all(debate)] == [AlertLevel.WATCH]
    figures = detector.figures("member:ann", at(20))
    assert figures.hostile_authors == 3 and figures.one_sided_authors == 1  # only dan
    assert figures.burst_rate_ratio >= 4 and figures.burst_hostile_share == 1.0
    every_author = PileOnDetector(PileOnThresholds(rate_one_sided_only=False))
    regular_history(every_author, "member:ann", per_day=4)
    assert every_author.observe_all(debate)[-1].level is AlertLevel.PILE_ON
    more = [hostile("eve", 25, new=False, target="member:ann"), hostile("fay", 30, new=False, target="member:ann")]
    alerts = detector.observe_all(more)
    assert [a.level for a in alerts] == [AlertLevel.PILE_ON] and alerts[0].figures.one_sided_authors == 3


def test_one_sided_is_more_hostile_than_fair_or_as_many_for_an_account_new_to_the_site():
    detector = PileOnDetector()
    detector.observe_all(
        [
            aimed("regular", 0),
            hostile("regular", 1, new=False),
            hostile("newcomer", 2),
            aimed("newcomer", 3),
            hostile("grump", 4, new=False),
            hostile("grump", 5, new=False),
            aimed("grump", 6),
        ]
    )
    figures = detector.figures(TARGET, at(6))
    assert figures.hostile_authors == 3 and figures.one_sided_authors == 2  # newcomer (1:1) and grump (2:1)
    detector.observe(aimed("grump", 7))
    assert detector.figures(TARGET, at(7)).one_sided_authors == 1  # grump now 2:2
    assert detector.figures(TARGET, at(7 + 6 * 60)).one_sided_authors == 0  # all of it left the window


def test_two_hostile_authors_are_a_watch_only_with_speed_or_strangers():
    detector = PileOnDetector()
    detector.observe(hostile("new0", 0))
    figures = detector.figures(TARGET, START)
    assert level_for(replace(figures, hostile_authors=2, authors_without_history=2)) is AlertLevel.WATCH
    slow = replace(figures, hostile_authors=2, authors_without_history=0, burst_rate_ratio=1.0)
    assert level_for(slow) is None
    fast = replace(slow, burst_rate_ratio=4.0)
    assert level_for(fast) is None  # only one of the two is one-sided
    assert level_for(replace(fast, one_sided_authors=2)) is AlertLevel.WATCH
