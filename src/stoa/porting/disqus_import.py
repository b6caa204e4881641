"""Reading a Disqus export (its XML: ``<thread dsq:id>`` with link and title, ``<post dsq:id>`` naming its thread
and parent) as an ``ImportFeed``, one thread per page.

Disqus lists threads and posts separately, so the whole file is read before the first thread is handed out.
Messages are HTML (stored as the body, which Markdown passes through and nh3 sanitises). ``isSpam`` becomes spam,
``isDeleted`` rejected, anything else published; Disqus usernames are not accounts here, so authors are guests.
A thread's ``<link>`` is its page: the post at that address, else a thread keyed as the embed widget keys that
page (``stoa.porting.pages``). Disqus writes full addresses; a link that is a path only needs ``site_url``
(``--site-url``), and the import is refused without it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from stoa.moderation.decisions import Status
from stoa.porting.dates import iso_date
from stoa.porting.pages import is_path_only, page_address, path_only_refusal, site_origin
from stoa.porting.records import CommentRecord, ImportFeed, ImportFileInvalid, RecordInvalid, ThreadRecord
from stoa.porting.xml_reading import child_texts, children, local_name, xml_events

_ID = "{http://disqus.com/disqus-internals}id"


@dataclass
class _Export:
    forum: str = ""
    threads: dict[str, Element] = field(default_factory=dict)
    posts: dict[str, list[CommentRecord]] = field(default_factory=lambda: defaultdict(list))


def read_disqus(path: Path, *, site_url: str = "") -> ImportFeed:
    """The export's threads with their posts; ``site_url`` puts links that are paths only on that site (an import
    with such links and no ``site_url`` is refused: ``SiteUrlNeeded``)."""
    origin = site_origin(site_url) if site_url else ""
    export = _read(path)
    with_posts = [thread_id for thread_id in export.threads if export.posts.get(thread_id)]
    if not origin:
        links = (_link(export.threads[thread_id]) for thread_id in with_posts)
        path_only = next((link for link in links if link and is_path_only(link)), None)
        if path_only is not None:
            raise path_only_refusal(str(path), path_only)
    feed = ImportFeed(
        source=f"disqus:{export.forum or path.name}",
        label="Disqus",
        authors=[],
        threads=_threads(export, with_posts, origin),
        total=len(with_posts),
    )
    orphans = sum(len(posts) for thread_id, posts in export.posts.items() if thread_id not in export.threads)
    if orphans:
        feed.skipped["posts of threads missing from the file"] = orphans
    return feed


def _read(path: Path) -> _Export:
    export = _Export()
    depth = 0
    root = None
    for event, element in xml_events(path):
        if event == "start":
            if root is None:
                root = element
                if local_name(element.tag) != "disqus":
                    name = local_name(element.tag)
                    raise ImportFileInvalid(f"{path} is not a Disqus export: it starts with <{name}>, not <disqus>")
            depth += 1
            continue
        depth -= 1
        if depth == 1:
            _top_level(export, element)
            root.remove(element)
    return export


def _top_level(export: _Export, element: Element) -> None:
    name = local_name(element.tag)
    if name == "thread":
        export.threads[element.get(_ID, "")] = element
        export.forum = export.forum or child_texts(element).get("forum", "").strip()
    elif name == "post":
        thread = children(element, "thread")
        thread_id = thread[0].get(_ID, "") if thread else ""
        export.posts[thread_id].append(_comment(element))


def _comment(element: Element) -> CommentRecord:
    fields = child_texts(element)
    key = element.get(_ID, "").strip()
    what = f"post {key or '(no dsq:id)'}"
    if not key:
        raise RecordInvalid(f"{what}: every post needs its dsq:id")
    author = child_texts(children(element, "author")[0]) if children(element, "author") else {}
    parent = children(element, "parent")
    created_at = iso_date(fields.get("createdAt", ""), what=what)
    status, word = Status.PUBLISHED, "published"
    if _true(fields.get("isSpam")):
        status, word = Status.SPAM, "spam"
    elif _true(fields.get("isDeleted")):
        status, word = Status.REJECTED, "deleted"
    return CommentRecord(
        key=key,
        created_at=created_at,
        body=fields.get("message", ""),
        status=status,
        reply_to=(parent[0].get(_ID) or None) if parent else None,
        guest_name=author.get("name", "") or author.get("username", ""),
        guest_email=author.get("email", ""),
        ip_address=fields.get("ipAddress", ""),
        published_at=created_at if status == Status.PUBLISHED else None,
        status_word=word,
    )


def _link(thread: Element) -> str:
    return child_texts(thread).get("link", "").strip()


def _threads(export: _Export, thread_ids: list[str], origin: str) -> Iterator[ThreadRecord]:
    for thread_id in thread_ids:
        fields = child_texts(export.threads[thread_id])
        link = fields.get("link", "").strip()
        if link and origin:
            link = page_address(link, origin)
        url = link or fields.get("id", "").strip() or f"disqus:{thread_id}"
        yield ThreadRecord(
            key=thread_id,
            comments=tuple(export.posts[thread_id]),
            url=url,
            title=fields.get("title", "").strip(),
            closed=_true(fields.get("isClosed")),
        )


def _true(text: str | None) -> bool:
    return (text or "").strip().lower() == "true"
