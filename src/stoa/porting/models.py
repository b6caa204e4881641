"""What an import remembers: which object of the source became which object here, so a re-run changes nothing."""

from __future__ import annotations

from django.db import models


class ImportedObject(models.Model):
    """One source object and the object it became here.

    ``source`` names the site it came from (``wordpress:https://old.example``, ``isso:<session key>``);
    ``kind`` is ``post``, ``comment``, ``author``, ``category`` or ``tag``; ``external_id`` is the source's own id.
    A mapping whose object was later deleted here still counts as imported: a re-run does not bring it back.
    """

    source = models.CharField(max_length=300)
    kind = models.CharField(max_length=20)
    external_id = models.CharField(max_length=300)
    object_id = models.PositiveBigIntegerField()
    imported_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "external_id"], name="imported_object_once_per_source")
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.kind} {self.external_id} → {self.object_id}"
