"""The public transparency page: monthly counts, the median time to decision, its SVG charts and its cost."""

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest
from django.urls import reverse

from stoa.moderation.actions import approve_comment, mark_spam, reject_comment, warn_author
from stoa.moderation.appeals import deny_appeal, file_decision_appeal, file_sanction_appeal, uphold_appeal
from stoa.moderation.charts import bar_chart, nice_step
from stoa.moderation.reports import dismiss_reports, file_post_report, file_report, uphold_reports
from stoa.moderation.transparency import last_months, median_minutes_per_month, minutes_in_words, monthly_counts
from stoa.people.roles import Role

SVG = "{http://www.w3.org/2000/svg}"
MARCH = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)
APRIL = dt.datetime(2026, 4, 20, 9, tzinfo=dt.UTC)
MAY = dt.datetime(2026, 5, 5, tzinfo=dt.UTC)


def _parse(svg: str) -> ET.Element:
    """Parse our own chart output; raises if the XML is not well formed."""
    return ET.fromstring(svg)  # noqa: S314 (trusted: made by the code under test)


def _by_key(months):
    return {series.key: series.values for series in monthly_counts(months)}


def test_last_months_are_twelve_calendar_months_in_utc_ending_now():
    months = last_months(dt.datetime(2026, 2, 1, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))))
    assert (months[0], months[-1], len(months)) == (
        dt.datetime(2025, 2, 1, tzinfo=dt.UTC),
        dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        12,
    )


def test_counts_per_month_for_comments_in_two_months(post, comment_on, make_user, moderator):
    member = make_user()
    comment_on(post, "A fine remark in March", author=member, now=MARCH)
    comment_on(post, "Another in March", author=member, now=MARCH + dt.timedelta(minutes=5))
    held_march = comment_on(post, "A guest's first words", now=MARCH + dt.timedelta(minutes=9)).comment
    held_april = comment_on(post, "A guest again", name="Hal", email="hal@example.org", now=APRIL).comment
    spammy = comment_on(post, "Another guest", name="Sam", email="sam@example.org", now=APRIL).comment
    comment_on(post, "Member in April", author=member, now=APRIL + dt.timedelta(minutes=1))
    approve_comment(held_march, moderator=moderator, now=APRIL + dt.timedelta(hours=1))
    reject_comment(held_april, moderator=moderator, now=APRIL + dt.timedelta(hours=2))
    mark_spam(spammy, moderator=moderator, now=APRIL + dt.timedelta(hours=3))

    values = _by_key(last_months(MAY))
    march, april, may = 9, 10, 11  # positions among the 12 months ending in May 2026
    assert [values["published"][i] for i in (march, april, may)] == [2, 2, 0]
    assert [values["held"][i] for i in (march, april, may)] == [1, 2, 0]
    assert [values["rejected"][i] for i in (march, april, may)] == [0, 1, 0]
    assert [values["spam"][i] for i in (march, april, may)] == [0, 1, 0]
    assert sum(values["published"]) == 4
    assert sum(values["reports_received"]) == 0 and sum(values["appeals"]) == 0


def test_median_time_to_a_moderators_first_decision(post, comment_on, moderator):
    waits = [30, 90, 600]  # minutes; the median is 90
    for i, minutes in enumerate(waits):
        held = comment_on(post, f"Held {i}", name=f"Guest {i}", email=f"g{i}@example.org", now=MARCH).comment
        reject_comment(held, moderator=moderator, now=MARCH + dt.timedelta(minutes=minutes))
    late = comment_on(post, "Decided in April", name="Late", email="late@example.org", now=MARCH).comment
    approve_comment(late, moderator=moderator, now=APRIL)
    first = comment_on(post, "Decided twice", name="Twice", email="twice@example.org", now=APRIL).comment
    reject_comment(first, moderator=moderator, now=APRIL + dt.timedelta(minutes=20))
    approve_comment(first, moderator=moderator, now=APRIL + dt.timedelta(days=3))  # only the first one counts

    medians = median_minutes_per_month(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert medians[dt.datetime(2026, 3, 1, tzinfo=dt.UTC)] == 90
    april_waits = sorted([(APRIL - MARCH).total_seconds() / 60, 20])
    assert medians[dt.datetime(2026, 4, 1, tzinfo=dt.UTC)] == sum(april_waits) / 2
    assert minutes_in_words(90) == "1 hour 30 minutes"
    assert minutes_in_words(1.2) == "1 minute"
    assert minutes_in_words(120) == "2 hours"
    assert minutes_in_words(None) == "no decisions"


@dataclass(frozen=True)
class _Series:
    label: str
    colour: str
    values: tuple


def test_chart_is_well_formed_svg_with_a_bar_per_non_zero_value_and_escaped_labels():
    series = [_Series("Kept <b>&</b> shown", "#1a5fb4", (3, 0, 5)), _Series('Held "now"', "#a84800", (0, 0, 2))]
    svg = bar_chart("c1", "Title & <more>", "A <desc>", ["Jan", "<Feb>", "Mar"], series)
    root = _parse(svg)
    bars = [rect for rect in root.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]
    assert len(bars) == 3
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "Title & <more>"
    assert root.find(f"{SVG}desc").text == "A <desc>"
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "<Feb>" in texts and "Kept <b>&</b> shown" in texts
    assert "<b>" not in svg and "<Feb>" not in svg


def test_chart_of_nothing_is_still_well_formed():
    root = _parse(bar_chart("empty", "Nothing", "No data", ["Jan"], [_Series("None", "#000", (0,))]))
    assert [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None] == []


@pytest.mark.parametrize(("largest", "step"), [(0, 1), (3, 1), (9, 5), (40, 10), (1234, 500)])
def test_axis_steps_are_round(largest, step):
    assert nice_step(largest) == step


def test_colours_contrast_with_the_white_background(db):
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for series in monthly_counts(last_months(MAY)):
        assert 1.05 / (luminance(series.colour) + 0.05) >= 4.5, series.label


def test_page_is_public_and_shows_charts_tables_and_no_personal_data(client, post, comment_on, make_user):
    moderator = make_user("quillsworth", role=Role.MODERATOR)
    held = comment_on(post, "Secret words of Gail", name="Gail Guest").comment
    approve_comment(held, moderator=moderator)
    response = client.get(reverse("transparency"))
    page = response.content.decode()
    assert response.status_code == 200
    charts = [_parse("<svg" + part.split("</svg>")[0] + "</svg>") for part in page.split("<svg")[1:]]
    assert len(charts) == 3 and "not yet recorded" not in page and "Reports received" in page
    assert "Gail" not in page and "Secret words" not in page and moderator.username not in page
    assert reverse("transparency") in client.get(reverse("blog:index")).content.decode()


@pytest.mark.parametrize("comments", [1, 12])
def test_query_count_is_constant(client, post, comment_on, moderator, django_assert_max_num_queries, comments):
    for i in range(comments):
        held = comment_on(post, f"Held {i}", name=f"Guest {i}", email=f"g{i}@example.org").comment
        (approve_comment if i % 2 else reject_comment)(held, moderator=moderator)
    with django_assert_max_num_queries(5):
        assert client.get(reverse("transparency")).status_code == 200


def test_reports_and_appeals_per_month_with_their_outcomes(make_post, comment_on, make_user, moderator):
    post = make_post("Old enough to report in March", published_at=MARCH - dt.timedelta(days=1))
    second = make_user("second_mod", role=Role.MODERATOR)
    writer = make_user()
    upheld = comment_on(post, "Reported and removed", author=writer, now=MARCH).comment
    kept = comment_on(post, "Reported and kept", author=writer, now=MARCH + dt.timedelta(minutes=1)).comment
    file_report(upheld, reporter=make_user(), category="hate", now=MARCH + dt.timedelta(hours=1))
    file_report(kept, reporter=make_user(), category="spam", now=MARCH + dt.timedelta(hours=2))
    file_post_report(post, reporter=make_user(), category="other", now=APRIL)
    uphold_reports(upheld, moderator=moderator, now=APRIL)  # counted in March, when it was made
    dismiss_reports(kept, moderator=moderator, now=APRIL)
    removal = upheld.decisions.order_by("-id").first()
    granted = file_decision_appeal(removal, member=writer, text="Please.", now=APRIL + dt.timedelta(hours=1))
    uphold_appeal(granted, moderator=second, now=APRIL + dt.timedelta(hours=2))
    warning = warn_author(writer, moderator=moderator, reason="tone", now=APRIL)
    denied = file_sanction_appeal(warning, member=writer, text="Why?", now=APRIL + dt.timedelta(hours=3))
    deny_appeal(denied, moderator=second, now=MAY)
    pending = warn_author(writer, moderator=moderator, reason="again", now=APRIL)
    file_sanction_appeal(pending, member=writer, text="Hm.", now=APRIL + dt.timedelta(hours=4))

    values = _by_key(last_months(MAY))
    march, april, may = 9, 10, 11
    assert [values["reports_received"][i] for i in (march, april, may)] == [2, 1, 0]
    assert [values["reports_upheld"][i] for i in (march, april, may)] == [1, 0, 0]
    assert [values["appeals"][i] for i in (march, april, may)] == [0, 3, 0]
    assert [values["appeals_granted"][i] for i in (march, april, may)] == [0, 1, 0]
    assert [values["appeals_denied"][i] for i in (march, april, may)] == [0, 1, 0]


def test_the_reports_chart_has_a_bar_per_non_zero_value(client, post, comment_on, make_user):
    comment = comment_on(post, "Reported remark", author=make_user()).comment
    file_report(comment, reporter=make_user(), category="hate")
    page = client.get(reverse("transparency")).content.decode()
    reports_svg = _parse("<svg" + page.split("<svg")[2].split("</svg>")[0] + "</svg>")
    assert reports_svg.find(f"{SVG}title").text == "Reports and appeals per month"
    tips = [
        rect.find(f"{SVG}title").text for rect in reports_svg.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None
    ]
    assert len(tips) == 1 and tips[0].startswith("Reports received, ") and tips[0].endswith(": 1")
