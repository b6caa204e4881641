# ApiKey.acts_for: the member a key writes and moderates as, named explicitly instead of taken from created_by.
#
# Keys made before this field acted for the admin who made them (created_by). So that no working integration breaks
# on upgrade, each existing key is given acts_for = created_by (keys made on the command line had no creator and
# stay without a member). New keys never get a member by default. docs/api.md asks admins to review these keys.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def keep_who_old_keys_act_for(apps, schema_editor):
    ApiKey = apps.get_model("api", "ApiKey")
    ApiKey.objects.filter(acts_for__isnull=True, created_by__isnull=False).update(acts_for=models.F("created_by"))


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_webhooks"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="apikey",
            name="acts_for",
            field=models.ForeignKey(
                blank=True,
                help_text=(
                    "The member this key writes as (comment scope) or moderates as (moderate scope), with that "
                    "member's own moderation and permissions. Empty: the key reads like a signed-out visitor and "
                    "cannot write."
                ),
                limit_choices_to={"is_active": True},
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="acts for",
            ),
        ),
        # Reversing only drops the column, which is all the data step added.
        migrations.RunPython(keep_who_old_keys_act_for, migrations.RunPython.noop, elidable=True),
    ]
