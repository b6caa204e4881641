"""``stoa analyze thread.json [--json]``: the pile-on detector on any thread, as a report for people or as JSON.

Reads a thread (format in ``thread_input``), runs it through ``thread_analysis`` and prints, per comment, its
scores, targets and decision, then per target the hostile events, the alerts and when a shield would have opened.
``--json`` prints the same as one JSON object: ``{"post", "model", "settings", "comments": [{"id", "author",
"published", "reply_to", "scores", "personal_data", "targets", "hostile", "hostile_to", "decision", "reasons"}],
"targets": [{"key", "name", "hostile_events", "alerts", "shield"}]}``.

Bad input (unreadable file, not JSON, a missing or malformed field) prints one line on stderr naming the field and
the comment, and exits with status 2; a missing model exits with status 1. Pure: no Django.
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from stoa.config import ConfigError, read_config
from stoa.detection.classifier import ModelUnavailable
from stoa.detection.cli_score import shorten
from stoa.detection.pileon import Alert, Event
from stoa.detection.results import ATTRIBUTES
from stoa.detection.thread_analysis import (
    SHIELD_DURATION,
    Analysis,
    CommentResult,
    Policy,
    TargetReport,
    analyse_thread,
)
from stoa.detection.thread_input import BadThread, parse_thread

SHORT_NAMES = {"severe_toxicity": "severe", "identity_attack": "identity", "sexually_explicit": "sexual"}


def site_policy() -> Policy:
    """The decision settings the site would use, from the same ``STOA_*`` variables."""
    config = read_config()
    shield = config.values.get("shield_duration")
    duration = timedelta(seconds=shield) if shield else SHIELD_DURATION
    return Policy(config.hold_thresholds, config.reject_thresholds, config.hold_personal_data, duration)


def _time(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def _event_dict(event: Event) -> dict:
    return {"comment": event.comment, "author": event.actor, "at": event.at.isoformat(), "reasons": list(event.reasons)}


def comment_dict(result: CommentResult) -> dict:
    comment = result.comment
    return {
        "id": comment.id,
        "author": comment.author,
        "published": comment.published.isoformat(),
        "reply_to": comment.reply_to,
        "scores": {name: round(value, 4) for name, value in result.scores.attributes.items()},
        "personal_data": [finding.to_dict() for finding in result.personal_data],
        "targets": [target.to_dict() for target in result.targets],
        "hostile": list(result.hostile),
        "hostile_to": list(result.hostile_to),
        "decision": result.decision,
        "reasons": list(result.reasons),
    }


def target_dict(report: TargetReport) -> dict:
    shield = report.shield
    return {
        "key": report.key,
        "name": report.name,
        "hostile_events": [_event_dict(event) for event in report.hostile_events],
        "alerts": [alert.to_dict() for alert in report.alerts],
        "shield": None
        if shield is None
        else {"opened": shield.opened.isoformat(), "until": shield.until.isoformat(), "by_comment": shield.by_comment},
    }


def analysis_dict(analysis: Analysis, policy: Policy) -> dict:
    post = analysis.thread.post
    return {
        "post": {"title": post.title, "author": post.author, "published": post.published.isoformat()},
        "model": analysis.model,
        "settings": {
            "hold_thresholds": dict(policy.hold_thresholds),
            "reject_thresholds": dict(policy.reject_thresholds),
            "hold_personal_data": policy.hold_personal_data,
            "shield_hours": policy.shield_duration.total_seconds() / 3600,
        },
        "comments": [comment_dict(result) for result in analysis.comments],
        "targets": [target_dict(report) for report in analysis.targets],
    }


def _comment_lines(result: CommentResult) -> list[str]:
    comment = result.comment
    reply = f", reply to #{comment.reply_to}" if comment.reply_to else ""
    decision = result.decision.upper() + (f" ({'; '.join(result.reasons)})" if result.reasons else "")
    scores = "  ".join(f"{SHORT_NAMES.get(n, n)} {result.scores.attributes[n]:.2f}" for n in ATTRIBUTES)
    targets = "; ".join(f"{t.key} ({', '.join(t.reasons)})" for t in result.targets) or "nobody"
    lines = [
        f"#{comment.id}  {_time(comment.published)}  {comment.author}{reply}: {decision}",
        f"    {shorten(comment.text, 100)}",
        f"    scores:  {scores}",
        f"    aimed at: {targets}",
    ]
    if result.hostile:
        against = ", ".join(result.hostile_to) or "nobody"
        lines.append(f"    hostile to {against}: {'; '.join(result.hostile)}")
    return lines


def _alert_line(alert: Alert) -> str:
    comments = ", ".join(f"#{c}" for c in alert.comments)
    return f"    {_time(alert.at)}  {alert.level.upper()}: {'; '.join(alert.reasons)} (comments {comments})"


def _target_lines(report: TargetReport) -> list[str]:
    events = ", ".join(f"#{e.comment} by {e.actor} at {_time(e.at)}" for e in report.hostile_events) or "none"
    lines = [f"{report.key}  ({report.name})", f"  hostile comments: {len(report.hostile_events)} ({events})"]
    lines.append("  alerts:" if report.alerts else "  alerts: none")
    lines.extend(_alert_line(alert) for alert in report.alerts)
    shield = report.shield
    if shield is None:
        lines.append("  shield: would not have opened")
    else:
        lines.append(
            f"  shield: would have opened {_time(shield.opened)} (at comment #{shield.by_comment}), "
            f"until {_time(shield.until)}"
        )
    return lines


def write_report(analysis: Analysis, out: TextIO) -> None:
    post = analysis.thread.post
    held = sum(result.decision != "publish" for result in analysis.comments)
    out.write(f'"{post.title}" by {post.author}, {_time(post.published)} UTC\n')
    out.write(f"{len(analysis.comments)} comments, {held} held or rejected; model {analysis.model or '-'}\n\n")
    for result in analysis.comments:
        out.write("\n".join(_comment_lines(result)) + "\n")
    out.write("\nTargets\n")
    if not analysis.targets:
        out.write("  no comment was aimed at anyone\n")
    for report in analysis.targets:
        out.write("\n" + "\n".join(_target_lines(report)) + "\n")


def run_analyze(path: str, *, as_json: bool, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """The ``stoa analyze`` command; returns the exit code (2 for bad input, 1 when the model cannot load)."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        stderr.write(f"stoa analyze: cannot read {path}: {error.strerror or error}\n")
        return 2
    try:
        thread = parse_thread(raw)
    except BadThread as error:
        stderr.write(f"stoa analyze: {path}: {error}\n")
        return 2
    try:
        policy = site_policy()
        analysis = analyse_thread(thread, policy)
    except ConfigError as error:
        stderr.write(f"stoa analyze: {error}\n")
        return 2
    except ModelUnavailable as error:
        stderr.write(f"stoa analyze: {error}\n")
        return 1
    if as_json:
        json.dump(analysis_dict(analysis, policy), stdout, ensure_ascii=False, indent=2)
        stdout.write("\n")
    else:
        write_report(analysis, stdout)
    return 0
