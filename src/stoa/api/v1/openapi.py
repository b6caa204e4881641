"""The committed OpenAPI document of ``/api/v1`` (``docs/openapi.json``): write it, or check it is current.

``python -m stoa.api.v1.openapi`` rewrites the file from the code; ``--check`` exits 1 (and says so) when the file
differs from what the code describes. A test runs the check, so a change to the API's shape fails the suite until
someone regenerates the file and the change shows up in review as a diff of docs/openapi.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

COMMITTED = Path(__file__).resolve().parents[4] / "docs" / "openapi.json"


def current_schema() -> dict:
    from stoa.api.v1.api import api

    return api.get_openapi_schema()


def schema_text(schema: dict) -> str:
    """The file's exact text: two-space indents, keys in the order the code gives them, a final newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m stoa.api.v1.openapi", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 if the file is out of date")
    parser.add_argument("--output", type=Path, default=COMMITTED, help=f"the file (default: {COMMITTED})")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stoa.settings")
    import django

    django.setup()
    text = schema_text(current_schema())
    if args.check:
        if args.output.exists() and args.output.read_text(encoding="utf-8") == text:
            return 0
        sys.stderr.write(f"{args.output} is out of date: run `python -m stoa.api.v1.openapi` and review the diff.\n")
        return 1
    args.output.write_text(text, encoding="utf-8")
    sys.stderr.write(f"Wrote {args.output}.\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
