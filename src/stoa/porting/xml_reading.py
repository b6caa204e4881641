"""Reading an untrusted XML export as a stream of elements, safely: defusedxml refuses entity declarations and
external references (XML bombs, file disclosure), and a file that is not well-formed is reported with its line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml
from defusedxml.ElementTree import iterparse

from stoa.porting.records import ImportFileInvalid

_PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://disqus.com": "",
    "http://disqus.com/disqus-internals": "dsq",
}


def local_name(tag: str) -> str:
    """``{http://wordpress.org/export/1.2/}comment`` → ``wp:comment``; the prefixes WXR and Disqus use, whatever
    their version; an unknown namespace keeps its braces."""
    if not tag.startswith("{"):
        return tag
    namespace, _, name = tag[1:].partition("}")
    if namespace.startswith("http://wordpress.org/export/"):
        prefix = "excerpt" if "excerpt" in namespace else "wp"
    elif namespace in _PREFIXES:
        prefix = _PREFIXES[namespace]
    else:
        return tag
    return f"{prefix}:{name}" if prefix else name


def child_texts(element: Element) -> dict[str, str]:
    """The text of each child, by local name (the first, where a name repeats)."""
    texts: dict[str, str] = {}
    for child in element:
        texts.setdefault(local_name(child.tag), child.text or "")
    return texts


def children(element: Element, name: str) -> list[Element]:
    return [child for child in element if local_name(child.tag) == name]


def xml_events(path: Path) -> Iterator[tuple[str, Element]]:
    """``("start" | "end", element)`` for the file; raises ``ImportFileInvalid`` with the line of what is wrong."""
    try:
        yield from iterparse(str(path), events=("start", "end"))
    except ParseError as error:
        line, column = error.position
        reason = str(error).split(":")[0]
        raise ImportFileInvalid(
            f"{path} is not well-formed XML: {reason} at line {line}, column {column + 1}"
        ) from None
    except defusedxml.DefusedXmlException as error:
        raise ImportFileInvalid(
            f"{path} declares XML entities or external references ({type(error).__name__}), which Stoa refuses to "
            "read: they are how XML bombs and file-disclosure attacks work, and real exports never need them"
        ) from None
    except OSError as error:
        raise ImportFileInvalid(f"cannot read {path}: {error.strerror or error}") from None
