"""Small export files written by the tests themselves: a WordPress WXR, a Disqus XML export and an Isso database.

Each builder takes the parts a test varies and writes the file under the test's ``tmp_path``.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

WXR_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Old Blog</title>
  <link>https://old.example</link>
  <description>Just another WordPress site</description>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://old.example</wp:base_site_url>
  <wp:base_blog_url>https://old.example</wp:base_blog_url>
  <wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[alice]]></wp:author_login>
    <wp:author_email><![CDATA[alice@old.example]]></wp:author_email>
    <wp:author_display_name><![CDATA[Alice Author]]></wp:author_display_name></wp:author>
  <wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[bob]]></wp:author_login>
    <wp:author_email><![CDATA[bob@old.example]]></wp:author_email>
    <wp:author_display_name><![CDATA[Bob Builder]]></wp:author_display_name></wp:author>
  <wp:category><wp:term_id>3</wp:term_id><wp:category_nicename><![CDATA[news]]></wp:category_nicename>
    <wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[News]]></wp:cat_name>
    <wp:category_description><![CDATA[What happened]]></wp:category_description></wp:category>
  <wp:tag><wp:term_id>4</wp:term_id><wp:tag_slug><![CDATA[python]]></wp:tag_slug>
    <wp:tag_name><![CDATA[Python]]></wp:tag_name></wp:tag>
  <generator>https://wordpress.org/?v=6.5</generator>
"""
WXR_TAIL = "</channel>\n</rss>\n"


@dataclass
class WpComment:
    id: int
    content: str
    date: str = "2024-03-01 10:00:00"
    author: str = "Carol Guest"
    email: str = "carol@example.org"
    url: str = ""
    ip: str = "203.0.113.7"
    approved: str = "1"
    type: str = "comment"
    parent: int = 0
    user_id: int = 0

    def xml(self) -> str:
        return f"""
    <wp:comment>
      <wp:comment_id>{self.id}</wp:comment_id>
      <wp:comment_author><![CDATA[{self.author}]]></wp:comment_author>
      <wp:comment_author_email><![CDATA[{self.email}]]></wp:comment_author_email>
      <wp:comment_author_url>{escape(self.url)}</wp:comment_author_url>
      <wp:comment_author_IP><![CDATA[{self.ip}]]></wp:comment_author_IP>
      <wp:comment_date><![CDATA[{self.date}]]></wp:comment_date>
      <wp:comment_date_gmt><![CDATA[{self.date}]]></wp:comment_date_gmt>
      <wp:comment_content><![CDATA[{self.content}]]></wp:comment_content>
      <wp:comment_approved><![CDATA[{self.approved}]]></wp:comment_approved>
      <wp:comment_type><![CDATA[{self.type}]]></wp:comment_type>
      <wp:comment_parent>{self.parent}</wp:comment_parent>
      <wp:comment_user_id>{self.user_id}</wp:comment_user_id>
      <wp:commentmeta><wp:meta_key><![CDATA[akismet_result]]></wp:meta_key>
        <wp:meta_value><![CDATA[false]]></wp:meta_value></wp:commentmeta>
    </wp:comment>"""


@dataclass
class WpItem:
    id: int
    title: str
    slug: str
    content: str = "<p>Some <strong>words</strong>.</p>"
    creator: str = "alice"
    date: str = "2024-03-01 09:00:00"
    status: str = "publish"
    type: str = "post"
    comment_status: str = "open"
    categories: tuple[tuple[str, str], ...] = (("news", "News"),)
    tags: tuple[tuple[str, str], ...] = (("python", "Python"),)
    comments: list[WpComment] = field(default_factory=list)

    def xml(self) -> str:
        terms = "".join(
            f'\n    <category domain="category" nicename="{slug}"><![CDATA[{name}]]></category>'
            for slug, name in self.categories
        ) + "".join(
            f'\n    <category domain="post_tag" nicename="{slug}"><![CDATA[{name}]]></category>'
            for slug, name in self.tags
        )
        gmt = self.date if self.status != "draft" else "0000-00-00 00:00:00"
        return f"""
  <item>
    <title><![CDATA[{self.title}]]></title>
    <link>https://old.example/{self.slug}/</link>
    <dc:creator><![CDATA[{self.creator}]]></dc:creator>
    <guid isPermaLink="false">https://old.example/?p={self.id}</guid>
    <description></description>
    <content:encoded><![CDATA[{self.content}]]></content:encoded>
    <excerpt:encoded><![CDATA[]]></excerpt:encoded>
    <wp:post_id>{self.id}</wp:post_id>
    <wp:post_date><![CDATA[{self.date}]]></wp:post_date>
    <wp:post_date_gmt><![CDATA[{gmt}]]></wp:post_date_gmt>
    <wp:comment_status><![CDATA[{self.comment_status}]]></wp:comment_status>
    <wp:post_name><![CDATA[{self.slug}]]></wp:post_name>
    <wp:status><![CDATA[{self.status}]]></wp:status>
    <wp:post_type><![CDATA[{self.type}]]></wp:post_type>{terms}
    <wp:postmeta><wp:meta_key><![CDATA[_edit_last]]></wp:meta_key>
      <wp:meta_value><![CDATA[1]]></wp:meta_value></wp:postmeta>{"".join(c.xml() for c in self.comments)}
  </item>"""


def hello_world() -> WpItem:
    """A published post with a thread four levels deep, a pingback, a trackback, a pending and a spam comment."""
    return WpItem(
        10,
        "Hello world",
        "hello-world",
        comments=[
            WpComment(100, "First! Thanks for writing this.", date="2024-03-01 10:00:00"),
            WpComment(101, "Glad you liked it.", date="2024-03-01 11:00:00", parent=100, user_id=2, author="Bob"),
            WpComment(102, "A reply to the reply.", date="2024-03-01 12:00:00", parent=101, author="Dan Deep"),
            WpComment(103, "And one level deeper still.", date="2024-03-01 13:00:00", parent=102, author="Eve"),
            WpComment(
                104,
                "[…] as Alice wrote in Hello world […]",
                date="2024-03-02 08:00:00",
                type="pingback",
                author="Other Blog » A post",
                url="https://other.example/a-post/",
                email="",
            ),
            WpComment(
                105,
                "Tracked back from my blog.",
                date="2024-03-02 09:00:00",
                type="trackback",
                author="Third Blog",
                url="https://third.example/tb/",
                email="",
            ),
            WpComment(106, "Waiting for approval, please.", date="2024-03-03 10:00:00", approved="0"),
            WpComment(107, "Cheap pills at http://spam.example", date="2024-03-03 11:00:00", approved="spam"),
        ],
    )


def sample_items() -> list[WpItem]:
    return [
        hello_world(),
        WpItem(11, "Draft thoughts", "draft-thoughts", status="draft", creator="bob", categories=(), tags=()),
        WpItem(
            12,
            "About",
            "about",
            type="page",
            categories=(),
            tags=(),
            comments=[WpComment(120, "Nice about page.", date="2024-03-05 10:00:00")],
        ),
        WpItem(13, "photo.jpg", "photo", type="attachment", status="inherit", categories=(), tags=()),
        WpItem(14, "Binned", "binned", status="trash", categories=(), tags=()),
    ]


def write_wxr(path: Path, items: list[WpItem] | None = None) -> Path:
    items = sample_items() if items is None else items
    path.write_text(WXR_HEAD + "".join(item.xml() for item in items) + WXR_TAIL, encoding="utf-8")
    return path


DISQUS = """<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <category dsq:id="1"><forum>oldforum</forum><title>General</title><isDefault>true</isDefault></category>
  <thread dsq:id="501">
    <id>post-hello</id><forum>oldforum</forum><category dsq:id="1"/>
    <link>{post_link}</link><title>Hello</title><message/>
    <createdAt>2024-04-01T08:00:00Z</createdAt>
    <author><email>alice@old.example</email><name>Alice</name><isAnonymous>false</isAnonymous></author>
    <isClosed>false</isClosed><isDeleted>false</isDeleted>
  </thread>
  <thread dsq:id="502">
    <id/><forum>oldforum</forum><category dsq:id="1"/>
    <link>https://static.example/notes/page.html</link><title>A static page</title><message/>
    <createdAt>2024-04-02T08:00:00Z</createdAt>
    <author><name>Alice</name><isAnonymous>false</isAnonymous></author>
    <isClosed>true</isClosed><isDeleted>false</isDeleted>
  </thread>
  <post dsq:id="9001">
    <id/><message><![CDATA[<p>Great post, <b>really</b>.</p><script>alert(1)</script>]]></message>
    <createdAt>2024-04-01T09:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><email>ann@example.org</email><name>Ann</name><isAnonymous>false</isAnonymous>
      <username>ann_d</username></author>
    <ipAddress>198.51.100.20</ipAddress><thread dsq:id="501"/>
  </post>
  <post dsq:id="9002">
    <id/><message><![CDATA[<p>I agree with Ann.</p>]]></message>
    <createdAt>2024-04-01T10:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><email>ben@example.org</email><name>Ben</name><isAnonymous>false</isAnonymous></author>
    <ipAddress>198.51.100.21</ipAddress><thread dsq:id="501"/><parent dsq:id="9001"/>
  </post>
  <post dsq:id="9003">
    <id/><message><![CDATA[<p>buy now</p>]]></message>
    <createdAt>2024-04-01T11:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>true</isSpam>
    <author><name>Spammer</name><isAnonymous>true</isAnonymous></author>
    <ipAddress>198.51.100.22</ipAddress><thread dsq:id="501"/>
  </post>
  <post dsq:id="9004">
    <id/><message><![CDATA[<p>Removed by its writer.</p>]]></message>
    <createdAt>2024-04-02T09:00:00Z</createdAt><isDeleted>true</isDeleted><isSpam>false</isSpam>
    <author><name>Cy</name><isAnonymous>true</isAnonymous></author>
    <ipAddress>198.51.100.23</ipAddress><thread dsq:id="502"/>
  </post>
  <post dsq:id="9005">
    <id/><message><![CDATA[<p>A static page comment.</p>]]></message>
    <createdAt>2024-04-02T10:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><name>Dee</name><isAnonymous>true</isAnonymous></author>
    <ipAddress>198.51.100.24</ipAddress><thread dsq:id="502"/>
  </post>
</disqus>
"""


def write_disqus(path: Path, post_link: str) -> Path:
    path.write_text(DISQUS.format(post_link=escape(post_link)), encoding="utf-8")
    return path


ISSO_SCHEMA = """
CREATE TABLE threads (id INTEGER PRIMARY KEY, uri VARCHAR(256) UNIQUE, title VARCHAR(256));
CREATE TABLE comments (
    tid REFERENCES threads(id), id INTEGER PRIMARY KEY, parent INTEGER,
    created FLOAT NOT NULL, modified FLOAT, mode INTEGER, remote_addr VARCHAR,
    text VARCHAR, author VARCHAR, email VARCHAR, website VARCHAR,
    likes INTEGER DEFAULT 0, dislikes INTEGER DEFAULT 0, voters BLOB NOT NULL,
    notification INTEGER DEFAULT 0);
CREATE TABLE preferences (key VARCHAR PRIMARY KEY, value VARCHAR);
"""


def write_isso(path: Path, post_uri: str) -> Path:
    """Two threads: one at a post's address, one at a page Stoa does not have."""
    with closing(sqlite3.connect(path)) as db, db:
        db.executescript(ISSO_SCHEMA)
        db.execute("INSERT INTO preferences VALUES ('session-key', 'a1b2c3d4e5')")
        db.execute("INSERT INTO threads VALUES (1, ?, 'Hello')", (post_uri,))
        db.execute("INSERT INTO threads VALUES (2, '/notes/elsewhere/', 'Elsewhere')")
        rows = [
            (1, 1, None, 1711962000.0, None, 1, "192.0.2.0", "A *markdown* comment.", "Ivy", "ivy@example.org", "https://ivy.example"),
            (1, 2, 1, 1711965600.5, 1711966000.0, 1, "192.0.2.0", "Replying to Ivy.", "Jon", None, None),
            (1, 3, 2, 1711969200.0, None, 2, "192.0.2.0", "Still pending.", None, None, None),
            (1, 4, None, 1711972800.0, None, 4, "192.0.2.0", "", None, None, None),
            (2, 5, None, 1711976400.0, None, 1, "192.0.2.0", "On a page without a post.", "Kim", None, None),
        ]  # fmt: skip
        db.executemany(
            "INSERT INTO comments (tid, id, parent, created, modified, mode, remote_addr, text, author, email,"
            " website, voters) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, x'')",
            rows,
        )
    return path
