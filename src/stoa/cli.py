"""The ``stoa`` command: serve the site, load the demo, create an admin, or run any Django management command.

Every command works from any folder and keeps its data under that folder's ``./var/`` unless
``STOA_DATA_DIR`` says otherwise.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stoa.settings")
    import django

    django.setup()


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def cmd_serve(args: argparse.Namespace) -> int:
    """Migrate, collect static files, then hand the process to gunicorn."""
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command

    _migrate()
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"Stoa is serving http://{args.host}:{args.port}/ (data in {settings.DATA_DIR}); Ctrl-C stops it.")
    sys.stdout.flush()
    gunicorn = [
        sys.executable,
        "-m",
        "gunicorn",
        "stoa.wsgi:application",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(args.workers),
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        args.proxy,
    ]
    os.execv(sys.executable, gunicorn)  # noqa: S606 - replaces this process with the server, fixed arguments


def cmd_demo(args: argparse.Namespace) -> int:
    """Migrate if needed and load the demo content once; print how to log in."""
    _setup_django()
    from stoa.demo import load_demo
    from stoa.discussion.errors import CommentRefused

    _migrate()
    try:
        result = load_demo()
    except CommentRefused as refusal:
        print(
            f"The demo was not loaded (nothing was written): a demo comment was refused: {refusal.message} "
            "Check STOA_COMMENT_RATE_LIMIT and STOA_CLOSE_COMMENTS_AFTER.",
            file=sys.stderr,
        )
        return 1
    print(result.summary())
    return 0


def cmd_createadmin(args: argparse.Namespace) -> int:
    """Create an administrator account, asking for the password unless given in STOA_ADMIN_PASSWORD."""
    _setup_django()
    from stoa.people.models import User
    from stoa.people.services import create_admin

    _migrate()
    username = args.username or input("Username: ").strip()
    if User.objects.filter(username=username).exists():
        print(f"An account named {username!r} already exists.", file=sys.stderr)
        return 1
    email = args.email or input("Email: ").strip()
    password = os.environ.get("STOA_ADMIN_PASSWORD") or getpass.getpass("Password: ")
    if len(password) < 8:
        print("The password must be at least 8 characters.", file=sys.stderr)
        return 1
    create_admin(username, email, password)
    print(f"Administrator {username!r} created. Log in at /people/login/ or /admin/.")
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    """Run a Django management command (``stoa manage migrate``, ``stoa manage shell`` …)."""
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["stoa manage", *args.rest])
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    """Score texts with the detection engine; pure, so Django is never set up."""
    from stoa.detection.cli_score import run_score

    return run_score(args.texts, jsonl=args.jsonl)


def cmd_analyze(args: argparse.Namespace) -> int:
    """Run the pile-on detector over a thread file; pure, so Django is never set up."""
    from stoa.detection.cli_analyze import run_analyze

    return run_analyze(args.thread, as_json=args.json)


def cmd_audit(args: argparse.Namespace) -> int:
    """Write the audit log (or the days from --since to --until, inclusive, UTC) to stdout as JSON or CSV; the
    export is itself audited, and a reader that stops early (``stoa audit | head``) is not an error."""
    _setup_django()
    from stoa.moderation.audit_export import AuditRangeError, export_to_stdout, parse_range

    try:
        since, until = parse_range(args.since, args.until, names=("--since", "--until"))
    except AuditRangeError as error:
        args.usage_error(str(error))  # prints usage and the message on stderr, exits with status 2
    _migrate()
    return export_to_stdout(since, until, args.format)


def cmd_apikey(args: argparse.Namespace) -> int:
    """Create (printing the key once, alone on stdout), list or revoke API keys."""
    _setup_django()
    from stoa.api.apikey_command import run_apikey

    _migrate()
    return run_apikey(args)


def cmd_tick(args: argparse.Namespace) -> int:
    """Run the periodic work once (from cron every few minutes): one summary line per step; status 1 if one failed."""
    _setup_django()
    from stoa.tick import run_tick

    _migrate()
    outcomes = run_tick()
    for outcome in outcomes:
        print(outcome.line(), file=sys.stderr if outcome.failed else sys.stdout)
    return 1 if any(outcome.failed for outcome in outcomes) else 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import a WordPress (WXR), Isso, Disqus or Stoa JSON export; re-running finishes an interrupted import."""
    _setup_django()
    from stoa.porting.command import run_import

    _migrate()
    return run_import(args)


def cmd_export(args: argparse.Namespace) -> int:
    """Write the whole site as WXR or JSON to stdout, or to --output FILE."""
    _setup_django()
    from stoa.porting.command import run_export

    _migrate()
    return run_export(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stoa", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="migrate, then serve the site with gunicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    serve.add_argument("--proxy", default="127.0.0.1", help="addresses of trusted reverse proxies")
    serve.set_defaults(handler=cmd_serve)

    demo = commands.add_parser("demo", help="migrate if needed and load the demo content once")
    demo.set_defaults(handler=cmd_demo)

    admin = commands.add_parser("createadmin", help="create an administrator account")
    admin.add_argument("--username")
    admin.add_argument("--email")
    admin.set_defaults(handler=cmd_createadmin)

    score = commands.add_parser("score", help="score texts for harm and personal data (a table, or --jsonl)")
    score.add_argument("texts", nargs="*", metavar="TEXT", help="texts to score, printed as a table")
    score.add_argument("--jsonl", action="store_true", help='read {"id", "text"} JSON lines on stdin, write JSON lines')
    score.set_defaults(handler=cmd_score)

    analyze = commands.add_parser("analyze", help="run the pile-on detector over a thread file (a report, or --json)")
    analyze.add_argument("thread", metavar="THREAD.json", help='{"post": {…}, "comments": [{"id", "author", …}]}')
    analyze.add_argument("--json", action="store_true", help="print the analysis as one JSON object")
    analyze.set_defaults(handler=cmd_analyze)

    audit = commands.add_parser("audit", help="export the audit log as JSON or CSV, optionally for a range of days")
    audit.add_argument("--since", metavar="YYYY-MM-DD", help="first day to include (UTC)")
    audit.add_argument("--until", metavar="YYYY-MM-DD", help="last day to include (UTC)")
    audit.add_argument("--format", choices=("json", "csv"), required=True)
    audit.set_defaults(handler=cmd_audit, usage_error=audit.error)

    apikey = commands.add_parser("apikey", help="create, list or revoke API keys (for /v1alpha1 and the REST API)")
    apikey_actions = apikey.add_subparsers(dest="apikey_command", required=True, metavar="ACTION")
    create_key = apikey_actions.add_parser("create", help="make a key and print it (it is shown only this once)")
    create_key.add_argument("--scopes", required=True, help="comma-separated: read, comment, moderate, score")
    create_key.add_argument("--name", default="command-line key", help="what the key is for, shown in the admin")
    create_key.add_argument("--qps", type=int, help="requests per second (default STOA_API_DEFAULT_QPS; 0: no limit)")
    create_key.add_argument(
        "--acts-for", metavar="USERNAME", help="the member a comment or moderate key writes as (required for those)"
    )
    revoke_key = apikey_actions.add_parser("revoke", help="revoke a key, given in full or by its prefix")
    revoke_key.add_argument("key", metavar="KEY")
    apikey_actions.add_parser("list", help="list the keys by prefix (never the keys themselves)")
    apikey.set_defaults(handler=cmd_apikey)

    import_ = commands.add_parser("import", help="import posts and comments from WordPress, Isso, Disqus or JSON")
    import_.add_argument("format", choices=("wordpress", "isso", "disqus", "json"), help="what the file is")
    import_.add_argument("file", metavar="FILE", help="WXR or Disqus XML, Isso's SQLite database, or Stoa JSON")
    import_.add_argument("--pages", action="store_true", help="WordPress: import pages as posts too")
    import_.add_argument("--moderate", action="store_true", help="run every comment through moderation again")
    import_.add_argument(
        "--site-url",
        metavar="URL",
        help="Isso (and Disqus paths): the site the pages are on, e.g. https://blog.example (required for paths)",
    )
    import_.set_defaults(handler=cmd_import)

    export = commands.add_parser("export", help="write the whole site as WXR or JSON (stdout, or --output FILE)")
    export.add_argument("--format", choices=("wxr", "json"), required=True)
    export.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")
    export.set_defaults(handler=cmd_export)

    tick = commands.add_parser(
        "tick", help="run the periodic work once (cron, every few minutes): removals, queue alerts, mentions, shields"
    )
    tick.set_defaults(handler=cmd_tick)

    manage = commands.add_parser("manage", help="run a Django management command")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=cmd_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args) or 0


if __name__ == "__main__":
    raise SystemExit(main())
