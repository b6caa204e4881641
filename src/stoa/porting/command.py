"""``stoa import FORMAT FILE`` and ``stoa export --format wxr|json``: the command line over the porting services.

Import prints a progress bar (tqdm) on stderr and a summary on stdout. Exit status: 0 done; 1 a record could not be
imported (the message names it; what came before it is kept); 2 the file is not of its format at all (malformed
XML or JSON, with the line) or cannot be read, or an Isso or Disqus source knows its pages by path only and no
``--site-url`` says which site they are on; 130 stopped with Ctrl-C. Running the same import again carries on
where it stopped and never imports anything twice.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from tqdm import tqdm

from stoa.porting.disqus_import import read_disqus
from stoa.porting.isso_import import read_isso
from stoa.porting.json_import import read_json
from stoa.porting.records import ImportFeed, ImportFileInvalid, RecordInvalid
from stoa.porting.site_export import export_site
from stoa.porting.writer import import_feed
from stoa.porting.wxr_import import read_wxr

IMPORT_FORMATS: dict[str, Callable[..., ImportFeed]] = {
    "wordpress": read_wxr,
    "isso": read_isso,
    "disqus": read_disqus,
    "json": read_json,
}
_CARRY_ON = "What was imported before it is kept; run the same import again to finish (nothing is imported twice)."


def run_import(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    name = f"stoa import {args.format}"
    feed = None
    try:
        feed = _open(args.format, Path(args.file), pages=args.pages, site_url=getattr(args, "site_url", None) or "")
        with tqdm(total=feed.total, desc=f"Importing from {feed.label}", unit=" threads", file=err) as bar:
            summary = import_feed(feed, moderate=args.moderate, on_thread_done=bar.update)
    except ImportFileInvalid as error:
        err.write(f"{name}: {error}." + (f" {_CARRY_ON}" if feed is not None else "") + "\n")
        return 2
    except RecordInvalid as error:
        err.write(f"{name}: {error}. Nothing of that post or page was written; fix it and run again. {_CARRY_ON}\n")
        return 1
    except KeyboardInterrupt:
        err.write(f"\n{name}: stopped. {_CARRY_ON}\n")
        return 130
    out.write("\n".join(summary.lines()) + "\n")
    return 0


_SITE_URL_FORMATS = ("isso", "disqus")  # comments-only sources that know pages by address


def _open(fmt: str, path: Path, *, pages: bool, site_url: str = "") -> ImportFeed:
    if site_url and fmt not in _SITE_URL_FORMATS:
        raise ImportFileInvalid(f"--site-url is only for isso and disqus imports, not {fmt}")
    if fmt == "wordpress":
        return read_wxr(path, include_pages=pages)
    if fmt in _SITE_URL_FORMATS:
        return IMPORT_FORMATS[fmt](path, site_url=site_url)
    return IMPORT_FORMATS[fmt](path)


def run_export(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if args.output:
        counts = _export_to_file(args.format, Path(args.output))
    else:
        try:
            counts = export_site(args.format, out, destination="stdout")
            out.flush()
        except BrokenPipeError:
            # Python flushes stdout again on exit and would report the broken pipe there: send what is left nowhere.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            err.write("stoa export: the reader stopped before the end, so the export is incomplete\n")
            return 1
    where = f" to {args.output}" if args.output else ""
    left_out = ""
    if counts.left_out:
        left_out = f"; {counts.left_out} comments on pages without a post are only in the JSON export"
    err.write(f"Exported {counts.posts} posts and {counts.comments} comments as {args.format}{where}{left_out}.\n")
    return 0


def _export_to_file(fmt: str, path: Path):
    """Write beside ``path`` and move into place when complete: a failed export never leaves half a file."""
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8") as stream:
        counts = export_site(fmt, stream, destination=str(path))
    partial.replace(path)
    return counts
