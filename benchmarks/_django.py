"""Start Django for a benchmark on a scratch SQLite database of its own (never the site's)."""

from __future__ import annotations

import os
import tempfile


def setup_scratch_site() -> str:
    """Point Stoa at a fresh temporary data folder, set Django up and migrate; returns the folder."""
    folder = tempfile.mkdtemp(prefix="stoa-bench-")
    os.environ["STOA_DATA_DIR"] = folder
    os.environ.pop("STOA_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stoa.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    return folder


def print_table(title: str, header: tuple[str, ...], rows: list[tuple]) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    print(f"\n{title}")
    for row in (header, tuple("-" * w for w in widths), *rows):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
