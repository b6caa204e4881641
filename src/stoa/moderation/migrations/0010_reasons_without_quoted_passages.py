"""Stored decision reasons no longer quote the comment: drop the harm model's old "(spans: '…')" note.

The model's reasons used to end with the passages it marked, quoted from the comment; the text then lived on in
the decision after a moderator redacted it or its writer deleted it. The passages stay as highlights (offsets).
Audit events are append-only and are left as they are (docs/people.md says so).
"""

import re

from django.db import migrations

QUOTED = re.compile(r" \(spans: .*\)\Z", re.DOTALL)


def drop_quoted_passages(apps, schema_editor):
    decision_model = apps.get_model("moderation", "ModerationDecision")
    for decision in decision_model.objects.filter(reasons__icontains="(spans: ").iterator():
        reasons = [QUOTED.sub("", reason) if isinstance(reason, str) else reason for reason in decision.reasons]
        if reasons != decision.reasons:
            decision.reasons = reasons
            decision.save(update_fields=["reasons"])


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0009_notification_kind_appeal_filed"),
    ]

    operations = [migrations.RunPython(drop_quoted_passages, migrations.RunPython.noop)]
