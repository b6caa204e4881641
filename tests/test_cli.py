"""The ``stoa`` command, run as a user would: a real process, in a scratch folder, on its own SQLite database."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

STOA = shutil.which("stoa", path=str(Path(sys.executable).parent)) or "stoa"


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("STOA_", "DJANGO_"))} | env
    return subprocess.run([STOA, *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=120)  # noqa: S603


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_help_lists_the_commands(tmp_path):
    result = _run(["--help"], tmp_path)
    assert result.returncode == 0
    for command in ("serve", "demo", "createadmin", "score"):
        assert command in result.stdout


def test_createadmin_keeps_its_data_under_the_current_folder(tmp_path):
    result = _run(
        ["createadmin", "--username", "root", "--email", "r@example.org"],
        tmp_path,
        STOA_ADMIN_PASSWORD="a-long-enough-password",
    )
    assert result.returncode == 0, result.stderr
    assert "Administrator 'root' created" in result.stdout
    assert (tmp_path / "var" / "stoa.sqlite3").exists()
    assert (tmp_path / "var" / "secret_key").stat().st_mode & 0o077 == 0
    again = _run(
        ["createadmin", "--username", "root", "--email", "r@example.org"],
        tmp_path,
        STOA_ADMIN_PASSWORD="a-long-enough-password",
    )
    assert again.returncode == 1
    assert "already exists" in again.stderr


def test_stoa_data_dir_moves_the_data(tmp_path):
    elsewhere = tmp_path / "data"
    result = _run(
        ["createadmin", "--username", "root", "--email", "r@example.org"],
        tmp_path,
        STOA_ADMIN_PASSWORD="a-long-enough-password",
        STOA_DATA_DIR=str(elsewhere),
    )
    assert result.returncode == 0, result.stderr
    assert (elsewhere / "stoa.sqlite3").exists()
    assert not (tmp_path / "var").exists()


def test_a_bad_setting_stops_with_a_sentence(tmp_path):
    result = _run(["createadmin"], tmp_path, STOA_DEBUG="perhaps")
    assert result.returncode != 0
    assert "STOA_DEBUG='perhaps' is not valid" in result.stderr


@pytest.fixture
def served(tmp_path):
    port = _free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("STOA_", "DJANGO_"))}
    server = subprocess.Popen(  # noqa: S603
        [STOA, "serve", "--port", str(port), "--workers", "1"],
        cwd=tmp_path,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield f"http://127.0.0.1:{port}", server
    server.terminate()
    server.wait(timeout=20)


def _get(url: str, deadline: float) -> tuple[int, str]:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own local server
                return response.status, response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_serve_runs_gunicorn_with_static_files(served):
    base, server = served
    status, page = _get(f"{base}/", time.monotonic() + 60)
    assert status == 200
    assert "No posts here yet." in page
    css_status, css = _get(f"{base}/static/stoa/stoa.css", time.monotonic() + 5)
    assert css_status == 200 and ".comment" in css
    server.terminate()
    output = server.communicate(timeout=20)[0]
    assert "Stoa is serving" in output
    assert "gunicorn" in output.lower()
