"""Things defined once: the moderation permission's name, the export's time format, the audit record of a rule."""

from __future__ import annotations

import re
from pathlib import Path

import stoa
from stoa.moderation import actions, export
from stoa.people import services

SOURCE = Path(stoa.__file__).parent
# Where the permission's name must be spelled out: its definition, the model declaring it, the roles granting it.
DECLARING = {"moderation/actions.py", "discussion/models.py", "people/roles.py"}


def test_the_moderation_permission_is_spelled_out_only_where_it_is_declared():
    spelled = {
        str(path.relative_to(SOURCE))
        for path in SOURCE.rglob("*.py")
        if "migrations" not in path.parts and "discussion.moderate_comment" in path.read_text(encoding="utf-8")
    }
    assert spelled <= DECLARING, spelled - DECLARING
    redefined = {
        str(path.relative_to(SOURCE))
        for path in SOURCE.rglob("*.py")
        if re.search(r"^MODERATE_PERMISSION\s*=", path.read_text(encoding="utf-8"), re.MULTILINE)
    }
    assert redefined == {"moderation/actions.py"}


def test_the_member_export_writes_times_one_way():
    assert export.export_time is services.export_time
    for module in ("people/services.py", "moderation/export.py"):
        assert "def _iso(" not in (SOURCE / module).read_text(encoding="utf-8")


def test_the_rule_record_is_public_for_the_reports():
    from stoa.moderation import reports

    assert reports.rule_data is actions.rule_data
    assert actions.rule_data(None) == {}
