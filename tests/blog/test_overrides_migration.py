"""Migration 0004 moves each post's hold thresholds into its moderation overrides, and back when reversed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("blog", "0003_scores")]
AFTER = [("blog", "0004_moderation_overrides")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_thresholds_become_the_hold_thresholds_override_and_back(make_user):
    owner = make_user()
    try:
        old = _migrate(BEFORE)
        Post = old.get_model("blog", "Post")
        strict = Post.objects.create(
            title="S", slug="s", body="b", author_id=owner.pk, score_thresholds={"insult": 0.3}
        )
        plain = Post.objects.create(title="P", slug="p", body="b", author_id=owner.pk)
        new = _migrate(AFTER).get_model("blog", "Post")
        assert new.objects.get(pk=strict.pk).moderation_overrides == {"hold_thresholds": {"insult": 0.3}}
        assert new.objects.get(pk=plain.pk).moderation_overrides == {}
        back = _migrate(BEFORE).get_model("blog", "Post")
        assert back.objects.get(pk=strict.pk).score_thresholds == {"insult": 0.3}
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
