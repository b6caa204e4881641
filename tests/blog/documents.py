"""Reading what the blog serves to machines: dates for fixtures, Atom feeds and the sitemap as XML."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from django.test import Client

ATOM = {"atom": "http://www.w3.org/2005/Atom"}
SITEMAP = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def utc(year: int, month: int, day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=dt.UTC)


def fetch_xml(client: Client, url: str, content_type: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith(content_type)
    return ET.fromstring(response.content)  # noqa: S314 - our own feed, in a test


def atom_entries(client: Client, url: str) -> tuple[ET.Element, list[ET.Element]]:
    """The feed element and its entries, after checking it is served as Atom."""
    feed = fetch_xml(client, url, "application/atom+xml")
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    return feed, feed.findall("atom:entry", ATOM)


def entry_titles(entries: list[ET.Element]) -> list[str]:
    return [entry.findtext("atom:title", namespaces=ATOM) for entry in entries]


def entry_links(entries: list[ET.Element]) -> list[str]:
    return [entry.find("atom:link", ATOM).get("href") for entry in entries]
