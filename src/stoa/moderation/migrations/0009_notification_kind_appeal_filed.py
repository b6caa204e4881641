"""Moderators are told when a member files an appeal: a notification kind of its own."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0008_community_rules"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("comment_held", "Comment held for review"),
                    ("comment_approved", "Comment approved"),
                    ("comment_rejected", "Comment removed"),
                    ("report_status", "Report status"),
                    ("sanction", "Moderation measure"),
                    ("sanction_lifted", "Moderation measure lifted"),
                    ("appeal_decided", "Appeal decided"),
                    ("appeal_filed", "Appeal waiting for a moderator"),
                    ("queue_alert", "Moderation queue alert"),
                    ("shield", "Shield"),
                    ("removal_request", "Removal request"),
                ],
                max_length=20,
            ),
        ),
    ]
