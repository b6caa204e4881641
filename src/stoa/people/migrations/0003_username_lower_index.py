"""An index on the lowered username: replies and @mentions look members up by name in any letter case."""

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("people", "0002_member_controls"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="user",
            index=models.Index(django.db.models.functions.text.Lower("username"), name="people_user_username_lower"),
        ),
    ]
