"""One received mention per (source, post), not per (source, target as written); a claim while it is verified.

Before this, ``…/#1`` and ``…/#2`` made two mentions of the same post. Duplicates already stored are folded into
one row before the new constraint: the row that has a thread entry (else the first received) is kept. An entry a
deleted duplicate made stays in the thread as it is.
"""

from django.db import migrations, models


def keep_one_mention_per_source_and_post(apps, schema_editor) -> None:
    IncomingMention = apps.get_model("discussion", "IncomingMention")
    duplicated = (
        IncomingMention.objects.values("source", "post")
        .annotate(rows=models.Count("id"))
        .filter(rows__gt=1)
        .values_list("source", "post")
    )
    for source, post in list(duplicated):
        rows = IncomingMention.objects.filter(source=source, post=post)
        kept = rows.filter(comment__isnull=False).order_by("id").first() or rows.order_by("id").first()
        rows.exclude(pk=kept.pk).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("discussion", "0005_mentions"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="incomingmention",
            name="mention_once_per_source_target",
        ),
        migrations.RunPython(keep_one_mention_per_source_and_post, migrations.RunPython.noop),
        migrations.AddField(
            model_name="incomingmention",
            name="claimed_until",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddConstraint(
            model_name="incomingmention",
            constraint=models.UniqueConstraint(fields=("source", "post"), name="mention_once_per_source_post"),
        ),
    ]
