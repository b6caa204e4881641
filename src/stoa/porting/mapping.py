"""The import's memory (``ImportedObject``): what was already brought in from a source, and as what."""

from __future__ import annotations

from datetime import datetime

from django.db import models

from stoa.porting.models import ImportedObject


def mapped_ids(source: str, kind: str, external_ids: list[str]) -> dict[str, int]:
    """External id → local id, for those of ``external_ids`` imported before (one query)."""
    rows = ImportedObject.objects.filter(source=source, kind=kind, external_id__in=external_ids)
    return dict(rows.values_list("external_id", "object_id"))


def mapped_id(source: str, kind: str, external_id: str) -> int | None:
    return mapped_ids(source, kind, [external_id]).get(external_id)


def remember(source: str, kind: str, external_id: str, target: models.Model, *, now: datetime) -> None:
    """Record that ``external_id`` became ``target``; call in the transaction that created ``target``."""
    mapping_record(source, kind, external_id, target, now=now).save()


def mapping_record(source: str, kind: str, external_id: str, target: models.Model, *, now: datetime) -> ImportedObject:
    """The unsaved record of ``external_id`` becoming ``target``, for ``bulk_create`` with its neighbours."""
    return ImportedObject(source=source, kind=kind, external_id=external_id, object_id=target.pk, imported_at=now)
