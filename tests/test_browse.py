"""Browsing the corpus in Datasette: data/metadata.yml, templates/ and
`scrapy browse`, through Datasette's own test client on a fixture corpus.

Datasette's client is asyncio code; pytest-twisted runs Twisted's reactor on
the asyncio loop of this thread for the whole session, so `asyncio.run` cannot
be called here. Each request runs on a fresh event loop in a worker thread
instead (`fetch`): the tests stay plain functions, independent of the reactor.
"""

from __future__ import annotations

import asyncio
import shlex
import shutil
import socket
import subprocess
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from datasette.app import Datasette

from newsspider.commands.browse import (
    PUBLISH_SETTINGS,
    datasette_args,
    metadata_for,
)
from newsspider.items import Article, Batch, Page, Reject
from newsspider.store import Corpus
from pipelines.dedupe import fingerprint
from pipelines.normalise import content_hash

ROOT = Path(__file__).resolve().parents[1]
METADATA = ROOT / "data" / "metadata.yml"
TEMPLATES = ROOT / "templates"
ATOM = "{http://www.w3.org/2005/Atom}"

EVIL = "<script>alert(1)</script> and <b>html</b>"
STORM_V1 = "The storm hit the coast overnight.\n\nFerries stayed in port."
STORM_V2 = (
    "The storm hit the coast overnight, flooding the quay.\n\n"
    "Ferries stayed in port until noon.\n\nThe harbour master said repairs start Monday."
)
FERRY = (
    "The ferry service to the islands resumed on Friday after a week of repairs to the "
    "landing stage. The operator said boats would run every two hours until the summer "
    "timetable starts, and that tickets bought for cancelled crossings will be refunded "
    "in full at the harbour office or online."
)
WIRE = FERRY.replace("Friday", "Saturday").replace("two hours", "three hours")
URLS = {
    "storm": "https://harbour.example/2024/05/storm",
    "ferry": "https://valley.example/ferry",
    "copy": "https://harbour.example/copy/ferry",  # exact copy: stored once, URL kept
    "wire": "https://harbour.example/wire/ferry",  # near copy: stored, linked
    "evil": "javascript:alert(2)//evil",
}


def article(name: str, source: str, title: str, body: str, seen: str, **extra) -> Article:
    url = URLS[name]
    page = Page(url=url, source=source, final_url=url, html=b"<html></html>", fetched=seen)
    record = {
        "url": url,
        "source": source,
        "title": title,
        "body": body,
        "content_hash": content_hash(body),
        "bands": fingerprint(body),
        "word_count": len(body.split()),
        "language": "en",
        **extra,
    }
    return Article(page=page, record=record)


def build_corpus(path: Path) -> Path:
    """A small corpus with every case the pages show: three sources (one
    failing), an edited article, an exact and a near copy, a reject and
    stored text full of HTML."""
    corpus = Corpus(path)
    sources = [
        {"name": n, "homepage": f"https://{n}.example/"} for n in ("harbour", "valley", "broken")
    ]
    run = corpus.start_run("news", sources)
    storm = {
        "byline": "Ann Lee",
        "authors": ["Ann Lee"],
        "published": "2024-05-02T10:00:00+01:00",
        "published_utc": "2024-05-02T09:00:00Z",
        "tags": ["weather"],
        "description": "A night of gales on the coast.",
        "free_access": 0,
    }
    first = article("storm", "harbour", "Storm hits", STORM_V1, "2024-05-02T10:00:00Z", **storm)
    corpus.write(run, Batch(articles=[first]))
    edited = article(
        "storm", "harbour", "Storm floods the quay", STORM_V2, "2024-05-02T18:00:00Z", **storm
    )
    edited.provenance = {"title": "h1", "published": "json-ld", "authors": "byline"}
    ferry = {
        "byline": "Bo Chen and Ann Lee",
        "authors": ["Bo Chen", "Ann Lee"],
        "published": "2024-05-03",
        "published_utc": "2024-05-03",
        "free_access": 1,
    }
    evil = {
        "byline": EVIL,
        "authors": [EVIL],
        "published": "2024-05-01T08:00:00+00:00",
        "published_utc": "2024-05-01T08:00:00Z",
        "description": EVIL,
    }
    articles = [
        edited,
        article("ferry", "valley", "Ferry resumes", FERRY, "2024-05-03T09:00:00Z", **ferry),
        article("copy", "harbour", "Ferry resumes", FERRY, "2024-05-03T10:00:00Z", **ferry),
        article("wire", "harbour", "Ferries back", WIRE, "2024-05-03T11:00:00Z", **ferry),
        article(
            "evil", "harbour", EVIL, f"{EVIL}\n\nSecond {EVIL}", "2024-05-01T09:00:00Z", **evil
        ),
    ]
    reject = Reject("https://harbour.example/404", "http 404", "harbour", 404)
    outcomes = corpus.write(run, Batch(articles=articles, rejects=[reject]))
    assert outcomes == ["updated", "new", "duplicate", "new", "new"], outcomes
    per_source = {
        "harbour": {"new": 3, "stored": 3},
        "valley": {"new": 1, "stored": 1},
        "broken": {"listing_failed": 2},
    }
    counts = {"new": 4, "updated": 1, "duplicates": 1, "rejected": 1}
    corpus.finish_run(run, "finished", counts, {}, per_source)
    corpus.close()
    return path


def fetch(ds: Datasette, path: str):
    """GET `path` with Datasette's test client, on its own event loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, ds.client.get(path)).result()


def load_metadata() -> dict:
    return yaml.safe_load(METADATA.read_text())


def make_datasette(db: Path) -> Datasette:
    return Datasette(
        [str(db)],
        metadata=load_metadata(),
        template_dir=str(TEMPLATES),
        settings={"sql_time_limit_ms": 1000},
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_corpus(tmp_path_factory.mktemp("browse") / "news.db")


@pytest.fixture(scope="module")
def ds(db) -> Datasette:
    return make_datasette(db)


@pytest.fixture(scope="module")
def ids(db) -> dict[str, int]:
    """Article ids by their name in URLS."""
    corpus = Corpus(db)
    try:
        by_url = dict(corpus.db.execute("SELECT url, id FROM articles").fetchall())
    finally:
        corpus.close()
    return {name: by_url[url] for name, url in URLS.items() if url in by_url}


def html(ds: Datasette, path: str) -> str:
    response = fetch(ds, path)
    assert response.status_code == 200, (path, response.status_code)
    return response.text


def rows(ds: Datasette, path: str) -> list[dict]:
    sep = "&" if "?" in path else "?"
    response = fetch(ds, f"{path}{sep}_shape=array")
    assert response.status_code == 200, (path, response.text[:500])
    return response.json()


# -- metadata ------------------------------------------------------------------


def visible_tables(db: Path) -> dict[str, list[str]]:
    """Every table of the corpus that the metadata does not hide, with its columns."""
    tables = load_metadata()["databases"]["news"]["tables"]
    corpus = Corpus(db)
    try:
        names = [t for t in corpus.db.table_names() if not t.startswith("articles_fts")]
        shown = [t for t in names if not tables.get(t, {}).get("hidden")]
        return {t: [c.name for c in corpus.db[t].columns] for t in shown}
    finally:
        corpus.close()


def test_every_visible_column_has_a_description(db):
    tables = load_metadata()["databases"]["news"]["tables"]
    missing = [
        f"{table}.{column}"
        for table, columns in visible_tables(db).items()
        for column in columns
        if not tables.get(table, {}).get("columns", {}).get(column)
    ]
    assert missing == []


def test_every_visible_table_has_a_description(db):
    tables = load_metadata()["databases"]["news"]["tables"]
    assert [t for t in visible_tables(db) if not tables.get(t, {}).get("description")] == []


def test_news_and_demo_databases_are_configured_alike():
    databases = load_metadata()["databases"]
    assert databases["demo"] == databases["news"]


def test_every_canned_query_has_a_title_and_description():
    queries = load_metadata()["databases"]["news"]["queries"]
    assert [n for n, q in queries.items() if not (q.get("title") and q.get("description"))] == []


# -- pages ---------------------------------------------------------------------

PAGES = [
    "/",
    "/news",
    "/news/articles",
    "/news/articles?_view=table",
    "/news/article_versions",
    "/news/runs",
    "/news/rejects",
    "/news/sources",
    "/news/articles?_search=ferry",
    "/news/articles?_facet_array=authors&_facet_date=published_utc",
    "/news?sql=select+count(*)+from+articles",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_opens(ds, path):
    assert fetch(ds, path).status_code == 200


@pytest.mark.parametrize("query", sorted(load_metadata()["databases"]["news"]["queries"]))
def test_canned_query_page_opens(ds, query):
    response = fetch(ds, f"/news/{query}?q=storm")
    assert response.status_code == 200
    assert 'class="message-error"' not in response.text


def test_article_row_page_opens(ds, ids):
    assert fetch(ds, f"/news/articles/{ids['storm']}").status_code == 200


def test_raw_pages_table_is_forbidden(ds):
    assert fetch(ds, "/news/pages").status_code == 403


def test_raw_pages_table_is_not_listed(ds):
    assert "/news/pages" not in html(ds, "/news")


def test_home_page_offers_a_search_box_and_the_ways_in(ds):
    page = html(ds, "/")
    assert 'action="/news/search"' in page and 'name="q"' in page
    for title in ("Latest articles per source", "articles per day per source", "Atom feed"):
        assert title in page


def test_home_page_lists_the_latest_headlines(ds):
    assert "Storm floods the quay" in html(ds, "/")


def test_articles_table_lists_headlines_not_a_wall_of_text(ds):
    page = html(ds, "/news/articles")
    assert 'class="news-list"' in page and "Storm floods the quay" in page
    assert "The harbour master said repairs start Monday." not in page  # no whole bodies


def test_articles_table_is_newest_first(ds):
    titles = [r["title"] for r in rows(ds, "/news/articles.json?_col=title")]
    assert titles[0] == "Ferry resumes" and titles[-1] == EVIL


# -- the article page ----------------------------------------------------------


def test_article_page_shows_headline_byline_date_and_source(ds, ids):
    page = html(ds, f"/news/articles/{ids['storm']}")
    assert "<h1>Storm floods the quay</h1>" in page
    assert "By Ann Lee" in page
    assert "2024-05-02T10:00:00+01:00" in page
    assert '?source=harbour">harbour</a>' in page


def test_article_page_links_to_the_original(ds, ids):
    page = html(ds, f"/news/articles/{ids['storm']}")
    assert 'class="original" href="https://harbour.example/2024/05/storm"' in page


def test_article_body_is_one_paragraph_per_block(ds, ids):
    page = html(ds, f"/news/articles/{ids['storm']}")
    for paragraph in STORM_V2.split("\n\n"):
        assert f"<p>{paragraph}</p>" in page


def test_article_page_lists_earlier_versions(ds, ids):
    page = html(ds, f"/news/articles/{ids['storm']}")
    assert "Earlier versions (1)" in page
    assert "Storm hits —" in page and "<p>Ferries stayed in port.</p>" in page


def test_article_page_shows_where_each_field_came_from(ds, ids):
    page = html(ds, f"/news/articles/{ids['storm']}")
    assert "Where each field came from" in page
    assert "<td>published</td><td>json-ld</td>" in page


def test_article_page_of_a_near_copy_links_to_the_original(ds, ids):
    page = html(ds, f"/news/articles/{ids['wire']}")
    assert f'A copy of <a href="/news/articles/{ids["ferry"]}">' in page


def test_article_page_of_an_original_lists_its_copies(ds, ids):
    page = html(ds, f"/news/articles/{ids['ferry']}")
    assert "Also published as" in page
    assert URLS["copy"] in page and f'href="/news/articles/{ids["wire"]}"' in page


def test_article_page_does_not_link_a_non_web_url(ds, ids):
    page = html(ds, f"/news/articles/{ids['evil']}")
    assert 'href="javascript:' not in page
    assert "Original: javascript:alert(2)//evil" in page


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/news/articles",
        "/news/articles?_view=table",
        "/news/latest",
        "/news/search?q=alert",
        "/news/by_author?author=script",
        "/news/feed",
        "ARTICLE",
    ],
)
def test_stored_html_is_shown_escaped(ds, ids, path):
    page = html(ds, f"/news/articles/{ids['evil']}" if path == "ARTICLE" else path)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page and "<b>html</b>" not in page


# -- search --------------------------------------------------------------------


def test_search_highlights_the_matching_words(ds):
    page = html(ds, "/news/search?q=harbour+master")
    assert "<mark>harbour</mark> <mark>master</mark>" in page
    assert "Storm floods the quay" in page


def test_search_matches_every_word(ds):
    found = rows(ds, "/news/search.json?q=ferry+islands")
    assert sorted(r["title"] for r in found) == ["Ferries back", "Ferry resumes"]
    assert rows(ds, "/news/search.json?q=islands+storm") == []


@pytest.mark.parametrize("q", ['"storm', "storm's", "AND", "(", "-", "*"])
def test_search_takes_any_text_without_error(ds, q):
    response = fetch(ds, f"/news/search?q={quote(q)}")
    assert response.status_code == 200 and "message-error" not in response.text


def test_search_without_words_shows_no_results(ds):
    assert rows(ds, "/news/search.json?q=") == []


def test_articles_table_search_uses_the_full_text_index(ds):
    found = rows(ds, "/news/articles.json?_search=flooding&_col=title")
    assert [r["title"] for r in found] == ["Storm floods the quay"]


# -- canned queries ------------------------------------------------------------


def test_latest_lists_originals_per_source(ds):
    found = rows(ds, "/news/latest.json")
    assert sorted((r["source"], r["title"]) for r in found) == [
        ("harbour", EVIL),
        ("harbour", "Storm floods the quay"),
        ("valley", "Ferry resumes"),
    ]


def test_latest_filters_by_source(ds):
    assert {r["source"] for r in rows(ds, "/news/latest.json?source=valley")} == {"valley"}


def test_by_author_finds_every_article_of_an_author(ds):
    found = rows(ds, "/news/by_author.json?author=ann+lee")
    assert sorted(r["title"] for r in found) == [
        "Ferries back",
        "Ferry resumes",
        "Storm floods the quay",
    ]


def test_edited_lists_the_earlier_version(ds):
    (row,) = rows(ds, "/news/edited.json")
    assert (row["current_title"], row["earlier_title"]) == ("Storm floods the quay", "Storm hits")


def test_duplicates_groups_exact_and_near_copies_under_the_original(ds):
    found = rows(ds, "/news/duplicates.json")
    assert [(r["title"], r["kind"], r["copy_url"], r["cluster_size"]) for r in found] == [
        ("Ferry resumes", "exact copy", URLS["copy"], 3),
        ("Ferry resumes", "near copy", URLS["wire"], 3),
    ]


def test_runs_lists_the_run_with_its_counts(ds):
    (row,) = rows(ds, "/news/runs.json")
    assert (row["finish_reason"], row["new"], row["updated"], row["sources"]) == (
        "finished",
        4,
        1,
        3,
    )


def test_failing_sources_lists_only_the_failing_one(ds):
    found = rows(ds, "/news/failing_sources.json")
    assert [(r["source"], r["status"]) for r in found] == [("broken", "failing")]


def test_articles_per_day_counts_originals_by_day_and_source(ds):
    found = rows(ds, "/news/articles_per_day.json")
    assert [(r["day"], r["source"], r["articles"]) for r in found] == [
        ("2024-05-01", "harbour", 1),
        ("2024-05-02", "harbour", 1),
        ("2024-05-03", "valley", 1),
    ]


# -- facets --------------------------------------------------------------------


def facet(ds, name: str) -> dict:
    data = fetch(ds, "/news/articles.json").json()
    return {r["value"]: r["count"] for r in data["facet_results"][name]["results"]}


def test_authors_facet_counts_each_name_in_the_array(ds):
    assert facet(ds, "authors")["Ann Lee"] == 3


def test_date_facet_takes_dates_with_and_without_time(ds):
    assert facet(ds, "published_utc") == {"2024-05-01": 1, "2024-05-02": 1, "2024-05-03": 2}


def test_free_access_facet(ds):
    assert {k: v for k, v in facet(ds, "free_access").items() if k is not None} == {0: 1, 1: 2}


def test_source_facet(ds):
    assert facet(ds, "source") == {"harbour": 3, "valley": 1}  # the exact copy is not a row


# -- feeds and chart -------------------------------------------------------------


def atom_entries(ds, path: str) -> list[ET.Element]:
    response = fetch(ds, path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def test_latest_feed_is_atom_with_one_entry_per_original(ds):
    entries = atom_entries(ds, "/news/feed.atom")
    titles = sorted(e.findtext(f"{ATOM}title") for e in entries)
    assert titles == sorted([EVIL, "Storm floods the quay", "Ferry resumes"])


def test_latest_feed_carries_text_not_markup(ds):
    entries = atom_entries(ds, "/news/feed.atom?source=harbour")
    evil = next(e for e in entries if e.findtext(f"{ATOM}title") == EVIL)
    assert evil.find(f"{ATOM}content").get("type") == "text"


def test_search_feed_has_the_matching_articles(ds):
    entries = atom_entries(ds, "/news/search_feed.atom?q=flooding")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [URLS["storm"]]


def test_search_feed_without_matches_is_still_valid_atom(ds):
    (entry,) = atom_entries(ds, "/news/search_feed.atom?q=zebra")
    assert entry.findtext(f"{ATOM}title") == "No articles match this search yet"


def test_search_page_links_to_its_feed(ds):
    assert "/news/search_feed.atom?q=storm" in html(ds, "/news/search?q=storm")


def test_chart_draws_one_bar_per_day_and_source(ds):
    page = html(ds, "/news/articles_per_day")
    assert "<svg" in page and page.count('<rect class="bar"') == 3
    assert "<script" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]


# -- database names and the browse command --------------------------------------


def test_demo_database_gets_the_same_pages(db, tmp_path):
    demo = shutil.copy(db, tmp_path / "demo.db")
    page = html(make_datasette(Path(demo)), "/demo/search?q=storm")
    assert "<mark>storm</mark>" in page.lower()


def test_browse_sets_a_sql_time_limit():
    args = datasette_args(Path("data/news.db"), METADATA)
    assert args[args.index("sql_time_limit_ms") + 1] == "1000"


def test_browse_opens_the_database_mutable_by_default():
    args = datasette_args(Path("data/news.db"), METADATA)
    assert "-i" not in args and "data/news.db" in args


def test_publish_is_immutable_and_read_only():
    args = datasette_args(Path("data/news.db"), METADATA, publish=True)
    assert args[args.index("-i") + 1] == "data/news.db"
    settings = {args[i + 1]: args[i + 2] for i, a in enumerate(args) if a == "--setting"}
    assert settings.items() >= PUBLISH_SETTINGS.items()
    assert settings["default_allow_sql"] == "off" and settings["allow_download"] == "off"


def test_browse_configures_any_database_name_like_news():
    aliased = metadata_for(Path("/tmp/snapshot.db"), load_metadata())
    assert aliased["databases"]["snapshot"] == aliased["databases"]["news"]


def test_browse_names_the_port_in_use_and_the_option_to_change_it(db):
    from test_commands import scrapy

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = scrapy("browse", "--db", str(db), "-p", str(port), timeout=60)
    assert result.returncode == 2
    assert result.stderr == (
        f"error: port {port} on 127.0.0.1 is in use (another scrapy browse or Datasette?): "
        f"choose another with -p, e.g. scrapy browse -p {port + 1}\n"
    )


def test_browse_dry_run_prints_a_command_that_runs(db, tmp_path):
    from test_commands import scrapy

    snapshot = Path(shutil.copy(db, tmp_path / "snapshot.db"))
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    result = scrapy("browse", "--db", str(snapshot), "-p", str(port), "--dry-run", timeout=60)
    assert result.returncode == 0, result.stderr
    argv = shlex.split(result.stdout)
    metadata = Path(argv[argv.index("-m", argv.index("serve")) + 1])
    assert metadata == tmp_path / "snapshot.metadata.yml"
    assert yaml.safe_load(metadata.read_text())["databases"]["snapshot"]["queries"]
    with subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as server:
        try:
            page = _get_when_up(f"http://127.0.0.1:{port}/snapshot/search?q=storm", server)
        finally:
            server.terminate()
    assert "<mark>storm</mark>" in page.lower()


def _get_when_up(url: str, server: subprocess.Popen, seconds: float = 30) -> str:
    import time
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.2)
