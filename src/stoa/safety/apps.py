from django.apps import AppConfig
from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete


class SafetyConfig(AppConfig):
    name = "stoa.safety"
    label = "safety"
    verbose_name = "Pile-on defence"

    def ready(self) -> None:
        from stoa.moderation.signals import report_status_changed
        from stoa.people.services import register_export_section
        from stoa.safety.export import safety_export
        from stoa.safety.models import Person
        from stoa.safety.receivers import (
            forget_deleted_author,
            on_report_status_changed,
            on_shield_lifted,
            on_shield_opened,
        )
        from stoa.safety.register import forget_register, forget_register_on_member_change
        from stoa.safety.shields import shield_lifted, shield_opened

        report_status_changed.connect(on_report_status_changed, dispatch_uid="safety-report-flood")
        register_export_section(safety_export)
        shield_opened.connect(on_shield_opened, dispatch_uid="safety-shield-opened")
        shield_lifted.connect(on_shield_lifted, dispatch_uid="safety-shield-lifted")
        pre_delete.connect(forget_deleted_author, sender=get_user_model(), dispatch_uid="safety-forget-author")
        for signal in (post_save, post_delete):
            signal.connect(forget_register, sender=Person, dispatch_uid=f"safety-person-{signal}")
        m2m_changed.connect(forget_register, sender=Person.posts.through, dispatch_uid="safety-person-posts")
        post_save.connect(forget_register_on_member_change, sender=get_user_model(), dispatch_uid="safety-member")
        post_delete.connect(forget_register, sender=get_user_model(), dispatch_uid="safety-member-gone")
