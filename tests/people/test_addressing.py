"""Finding the members a comment addresses: by name in any letter case, without scanning the members table."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stoa.people.addressing import member_controls


def _plans(run) -> list[str]:
    """SQLite's query plan of every members lookup ``run`` makes."""
    with CaptureQueriesContext(connection) as captured:
        run()
    plans = []
    with connection.cursor() as cursor:
        for query in captured:
            if 'FROM "people_user"' in query["sql"]:
                cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
                plans.append(" | ".join(row[-1] for row in cursor.fetchall()))
    return plans


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
@pytest.mark.parametrize("reply_to", [False, True])
def test_mentions_and_replies_find_members_through_indexes(make_user, reply_to):
    writer, ann = make_user("writer"), make_user("Ann")
    controls = []
    plans = _plans(
        lambda: controls.append(
            member_controls(writer, reply_to_author_id=ann.pk if reply_to else None, text="Thanks @ann and @Bob.")
        )
    )
    assert controls[0].mentioned == {ann.pk: "Ann"}
    assert plans and all("SCAN people_user" not in plan for plan in plans), plans
    assert any("people_user_username_lower" in plan for plan in plans), plans
