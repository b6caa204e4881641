"""Offset pages and the ``since`` filter, the same for every list: two queries (count, page) whatever the size."""

from __future__ import annotations

from django.db.models import QuerySet

from stoa.api.v1.schemas import PageQuery


def page_of(queryset: QuerySet, query: PageQuery, *, stamp: str) -> tuple[list, dict]:
    """The page ``query`` asks for of an ordered ``queryset``, and its ``count``/``limit``/``offset``/``next_offset``.

    ``stamp`` is the field ``since`` filters on (inclusive: an item stamped exactly ``since`` is in).
    """
    if query.since is not None:
        queryset = queryset.filter(**{f"{stamp}__gte": query.since})
    count = queryset.count()
    items = list(queryset[query.offset : query.offset + query.limit])
    end = query.offset + len(items)
    return items, {
        "count": count,
        "limit": query.limit,
        "offset": query.offset,
        "next_offset": end if end < count else None,
    }
