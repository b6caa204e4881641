"""``stoa import`` and ``stoa export`` as a user runs them: real processes on a scratch site of their own."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.porting.samples import write_wxr

STOA = shutil.which("stoa", path=str(Path(sys.executable).parent)) or "stoa"


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("STOA_", "DJANGO_"))}
    return subprocess.run([STOA, *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=180)  # noqa: S603


def test_malformed_xml_exits_2_with_the_line_and_no_traceback(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text('<?xml version="1.0"?>\n<rss>\n<channel>\n<item><title>x</item>\n</channel>\n</rss>\n')

    result = _run(["import", "wordpress", str(broken)], tmp_path)

    assert result.returncode == 2
    assert "not well-formed XML: mismatched tag at line 4, column" in result.stderr
    assert "Traceback" not in result.stderr


def test_import_then_export_round_trip_from_the_shell(tmp_path):
    export = write_wxr(tmp_path / "export.xml")

    first = _run(["import", "wordpress", str(export), "--pages"], tmp_path)
    again = _run(["import", "wordpress", str(export), "--pages"], tmp_path)
    dumped = _run(["export", "--format", "json"], tmp_path)

    assert first.returncode == 0, first.stderr
    assert "posts: 3 new, 0 already imported" in first.stdout
    assert "Importing from WordPress" in first.stderr  # the progress bar
    assert again.returncode == 0 and "posts: 0 new, 3 already imported" in again.stdout
    assert "comments: 0 new, 9 already imported" in again.stdout
    data = json.loads(dumped.stdout)
    assert sorted(post["slug"] for post in data["posts"]) == ["about", "draft-thoughts", "hello-world"]
    assert len(data["comments"]) == 9
    assert "Exported 3 posts and 9 comments as json" in dumped.stderr
