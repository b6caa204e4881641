"""Imported pages land in the thread the embed widget uses for that page: one key spelling (``page_url``), one
function making the thread, and Isso's bare paths put on the site named by ``--site-url`` (refused without it)."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stoa.cli import build_parser
from stoa.discussion.embedding import page_thread, thread_for_page
from stoa.discussion.models import Comment, Thread
from stoa.discussion.page_urls import page_url
from stoa.porting import pages
from stoa.porting.command import run_import
from stoa.porting.disqus_import import read_disqus
from stoa.porting.isso_import import read_isso
from stoa.porting.pages import SiteUrlNeeded, thread_for_imported_page
from stoa.porting.records import ImportFileInvalid
from stoa.porting.writer import import_feed
from tests.porting.samples import write_disqus, write_isso

SITE = "https://blog.example"
PAGE = f"{SITE}/notes/elsewhere/"  # write_isso's second thread, /notes/elsewhere/, on SITE
STOA = shutil.which("stoa", path=str(Path(sys.executable).parent)) or "stoa"


@pytest.fixture
def isso_db(tmp_path, post) -> Path:
    return write_isso(tmp_path / "comments.db", post.get_absolute_url())


def _import(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run_import(build_parser().parse_args(["import", *argv]), out, err)
    return status, out.getvalue(), err.getvalue()


def _kims_comment() -> Comment:
    return Comment.objects.get(guest_name="Kim")


# One function, one key


def test_the_import_makes_page_threads_with_the_widgets_own_function():
    assert pages.thread_for_page is thread_for_page  # imported from stoa.discussion.embedding, not a second one
    assert "def thread_for_page" not in Path(pages.__file__).read_text()


@pytest.mark.parametrize(
    "spelling",
    ["https://Blog.Example:443/notes/elsewhere/#comments", "HTTPS://blog.example/notes/elsewhere/", PAGE],
)
def test_an_imported_page_is_keyed_as_the_widget_keys_it(db, spelling):
    thread = thread_for_imported_page(spelling, "  Elsewhere ", closed=True)
    assert (thread.key, thread.title, thread.closed, thread.post) == (PAGE, "Elsewhere", True, None)
    assert page_thread(page_url(spelling)) == thread
    assert thread_for_imported_page(PAGE).pk == thread.pk == thread_for_page(page_url(PAGE)).pk


def test_a_page_at_a_posts_address_still_goes_on_the_post(db, post):
    thread = thread_for_imported_page(SITE + post.get_absolute_url() + "#comments")
    assert thread.post == post


def test_a_source_key_that_is_no_web_address_is_kept_as_it_is(db):
    assert thread_for_imported_page("disqus:501", "Hello").key == "disqus:501"


@pytest.mark.parametrize(
    ("address", "on_the_site"),
    [
        ("/posts/hello/", f"{SITE}/posts/hello/"),
        ("posts/hello/", f"{SITE}/posts/hello/"),
        ("//blog.example/posts/hello/", f"{SITE}/posts/hello/"),
        ("https://other.example/x/", "https://other.example/x/"),
        ("disqus:501", "disqus:501"),
    ],
)
def test_only_paths_are_put_on_the_site(address, on_the_site):
    assert pages.is_path_only(address) == (address != on_the_site)
    assert pages.page_address(address, SITE) == on_the_site


# Isso: paths on the site given


def test_isso_pages_are_put_on_the_site_and_the_widget_finds_their_comments(client, settings, isso_db, post):
    settings.CONFIG = settings.CONFIG.replace(embed_origins=(SITE,), api_ip_qps=0)
    import_feed(read_isso(isso_db, site_url="https://Blog.Example:443/"))
    assert _kims_comment().thread.key == PAGE
    assert Comment.objects.filter(thread__post=post).count() == 4  # the post's own page still finds the post

    listed = client.get("/api/v1/threads/by-url/comments", {"url": PAGE + "#isso-thread"}, headers={"Origin": SITE})
    assert listed.status_code == 200
    assert [item["body_html"] for item in listed.json()["items"]] == ["<p>On a page without a post.</p>"]
    answer = client.post(
        f"/api/v1/threads/by-url/comments?url={PAGE}",
        json.dumps({"body": "A reader answers below the imported comment.", "name": "Rae", "email": "rae@x.example"}),
        content_type="application/json",
        headers={"Origin": SITE},
    )
    assert answer.status_code in (201, 202), answer.content
    assert Thread.objects.filter(post__isnull=True).count() == 1
    assert Comment.objects.filter(thread=_kims_comment().thread).count() == 2


def test_isso_without_a_site_url_is_refused_before_anything_is_written(db, isso_db):
    with pytest.raises(SiteUrlNeeded, match=r"by path only \(such as /.*\).*--site-url https://blog\.example"):
        read_isso(isso_db)
    assert issubclass(SiteUrlNeeded, ImportFileInvalid)
    assert not Comment.objects.exists() and not Thread.objects.exists()


@pytest.mark.parametrize("bad", ["https://blog.example/blog/", "blog.example", "ftp://blog.example"])
def test_a_site_url_must_be_a_sites_origin(db, isso_db, bad):
    with pytest.raises(SiteUrlNeeded, match="--site-url: "):
        read_isso(isso_db, site_url=bad)


def test_importing_again_with_the_site_moves_a_page_thread_an_earlier_import_keyed_by_its_path(db, isso_db):
    earlier = Thread.objects.create(key="/notes/elsewhere/", title="Elsewhere")  # as imports before this fix made it
    import_feed(read_isso(isso_db, site_url=SITE))
    earlier.refresh_from_db()
    assert earlier.key == PAGE
    assert _kims_comment().thread == earlier
    assert not Thread.objects.filter(key="/notes/elsewhere/").exists()


def test_a_page_thread_the_widget_made_meanwhile_is_used_and_the_old_one_left_alone(db, isso_db):
    old = Thread.objects.create(key="/notes/elsewhere/", title="Elsewhere")
    widget = thread_for_page(page_url(PAGE), "From the widget")
    import_feed(read_isso(isso_db, site_url=SITE))
    assert _kims_comment().thread == widget
    old.refresh_from_db()
    assert old.key == "/notes/elsewhere/"


# Disqus: full addresses canonicalised; paths only with --site-url


def test_disqus_links_are_canonicalised(db, tmp_path):
    path = write_disqus(tmp_path / "disqus.xml", "HTTPS://Old.Example:443/2019/unmatched-page/#disqus_thread")
    import_feed(read_disqus(path))
    assert set(Thread.objects.values_list("key", flat=True)) == {
        "https://old.example/2019/unmatched-page/",
        "https://static.example/notes/page.html",
    }


def test_disqus_links_that_are_paths_need_the_site(db, tmp_path):
    path = write_disqus(tmp_path / "disqus.xml", "/2019/unmatched-page/")
    with pytest.raises(SiteUrlNeeded, match=r"by path only \(such as /2019/unmatched-page/\)"):
        read_disqus(path)
    import_feed(read_disqus(path, site_url=SITE))
    assert Thread.objects.filter(key=f"{SITE}/2019/unmatched-page/").exists()
    assert Thread.objects.filter(key="https://static.example/notes/page.html").exists()  # a full link stays its own


# The command line


def test_stoa_import_isso_takes_the_site_url(db, isso_db):
    status, out, err = _import("isso", str(isso_db), "--site-url", SITE)
    assert status == 0, err
    assert _kims_comment().thread.key == PAGE


def test_stoa_import_refuses_path_only_pages_without_the_site_url_with_status_2(db, isso_db):
    status, out, err = _import("isso", str(isso_db))
    assert (status, out) == (2, "")
    assert "knows its pages by path only" in err and "--site-url https://blog.example" in err
    assert "Traceback" not in err
    assert not Comment.objects.exists()


def test_the_site_url_is_only_for_comments_only_sources(db, tmp_path):
    status, _, err = _import("json", str(tmp_path / "site.json"), "--site-url", SITE)
    assert status == 2
    assert "--site-url is only for isso and disqus imports" in err


def test_stoa_import_isso_as_a_user_runs_it(tmp_path, isso_db):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("STOA_", "DJANGO_"))}

    def run(*argv: str) -> subprocess.CompletedProcess:
        command = [STOA, "import", "isso", str(isso_db), *argv]
        return subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=180)  # noqa: S603

    refused = run()
    assert refused.returncode == 2
    assert "--site-url" in refused.stderr and "Traceback" not in refused.stderr
    done = run("--site-url", SITE)
    assert done.returncode == 0, done.stderr
    assert "comments: 5 new" in done.stdout
