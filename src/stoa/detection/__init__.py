"""Stoa's detection engine: pure Python, importing nothing from Django, usable alone and from the CLI."""

from stoa.detection.text import find_terms, fold, normalise

__all__ = ["find_terms", "fold", "normalise"]
