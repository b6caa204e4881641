"""The comment's text as a moderator sees it: escaped, with the parts the phases pointed at marked.

Only moderators see this (the author never sees scores or spans). Offsets refer to the text as written, so the
raw text is shown, not the rendered Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from stoa.detection.results import ATTRIBUTES


@dataclass(frozen=True)
class ScoreBar:
    attribute: str
    value: float

    @property
    def percent(self) -> int:
        return round(self.value * 100)


def _ranges(highlights: list[dict], length: int) -> list[tuple[int, int, str]]:
    """Non-overlapping, in-bounds ranges, earliest first (an overlapping later range is dropped)."""
    ranges, reached = [], 0
    for item in sorted(highlights, key=lambda h: (h["begin"], -h["end"])):
        begin, end = max(item["begin"], reached), min(item["end"], length)
        if end > begin:
            score = f" {item['score']:.2f}" if item.get("score") is not None else ""
            ranges.append((begin, end, f"{item['label']}{score}"))
            reached = end
    return ranges


def marked_text(text: str, highlights: list[dict]) -> SafeString:
    """``text`` HTML-escaped, with each highlight wrapped in ``<mark title="label score">``."""
    parts, position = [], 0
    for begin, end, title in _ranges(highlights, len(text)):
        parts.append(escape(text[position:begin]))
        parts.append(f'<mark title="{escape(title)}">{escape(text[begin:end])}</mark>')
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of user text above is escaped


def score_bars(scores: dict) -> list[ScoreBar]:
    """The model's attribute scores, highest first (other figures, such as link counts, are left out)."""
    return sorted(
        (ScoreBar(name, float(scores[name])) for name in ATTRIBUTES if name in scores), key=lambda bar: -bar.value
    )
