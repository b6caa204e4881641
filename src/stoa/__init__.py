"""Stoa: a self-hosted blog and discussion platform that keeps conversations from turning into pile-ons."""

__version__ = "0.1.0"
