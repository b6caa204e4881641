"""Categories and tags from a source: the same slug (or, failing that, the same name) here is the same term."""

from __future__ import annotations

import hashlib
from urllib.parse import unquote

from django.db import models
from django.utils.text import slugify

from stoa.blog.models import Category, Tag
from stoa.porting.records import TermRecord


def categories_for(records: tuple[TermRecord, ...]) -> list[Category]:
    return [_term(Category, record, description=record.description) for record in records]


def tags_for(records: tuple[TermRecord, ...]) -> list[Tag]:
    return [_term(Tag, record) for record in records]


def _term(model: type[models.Model], record: TermRecord, **extra: str) -> models.Model:
    """Find the term by slug, then by name; create it if neither is here. Call inside a transaction."""
    name_length = model._meta.get_field("name").max_length
    name = (record.name.strip() or record.slug)[:name_length]
    slug = clean_slug(record.slug or record.name, fallback=name, max_length=model._meta.get_field("slug").max_length)
    found = model.objects.filter(slug=slug).first() or model.objects.filter(name__iexact=name).first()
    return found or model.objects.create(name=name, slug=slug, **extra)


def clean_slug(raw: str, *, fallback: str, max_length: int) -> str:
    """A valid ASCII slug from a source's slug (WordPress percent-encodes non-ASCII ones), never empty."""
    slug = slugify(unquote(raw))[:max_length].strip("-")
    if slug:
        return slug
    return hashlib.sha256((raw or fallback).encode()).hexdigest()[:12]
