"""The SQLite corpus: schema, upsert by canonical URL, versions, FTS, rejects."""

from __future__ import annotations

import json
import sqlite3

import pytest

from newsspider.items import Article, Page
from pipelines.normalise import content_hash
from pipelines.store import Corpus, Reject, known_urls


def article(
    url="https://a.example/2024/05/x", title="Storm hits", body="The storm hit the coast.", **extra
):
    page = Page(
        url=url,
        source="a",
        final_url=url,
        html=b"<html>x</html>",
        fetched="2024-05-02T10:00:00+00:00",
    )
    record = {
        "url": url,
        "source": "a",
        "title": title,
        "body": body,
        "authors": ["Ann Lee"],
        "content_hash": content_hash(body),
        "word_count": len(body.split()),
        **extra,
    }
    return Article(page=page, record=record, provenance={"title": "h1"})


@pytest.fixture
def corpus(tmp_path):
    c = Corpus(tmp_path / "news.db")
    c.run = c.start_run("news", [{"name": "a", "homepage": "https://a.example/"}])
    yield c
    c.close()


def test_database_is_in_wal_mode(corpus):
    assert corpus.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_page_seen_twice_is_one_row(corpus):
    assert corpus.write(corpus.run, [article()], []) == {"https://a.example/2024/05/x": "new"}
    assert corpus.write(corpus.run, [article()], []) == {"https://a.example/2024/05/x": "unchanged"}
    assert corpus.db["articles"].count == 1


def test_json_columns_hold_json(corpus):
    corpus.write(corpus.run, [article()], [])
    row = next(corpus.db["articles"].rows)
    assert json.loads(row["authors"]) == ["Ann Lee"]
    assert json.loads(row["provenance"]) == {"title": "h1"}


def test_a_changed_article_keeps_its_earlier_version(corpus):
    corpus.write(corpus.run, [article()], [])
    outcome = corpus.write(
        corpus.run, [article(title="Storm hits hard", body="The storm hit the coast hard.")], []
    )
    assert outcome == {"https://a.example/2024/05/x": "updated"}
    (version,) = corpus.db["article_versions"].rows
    assert (version["title"], version["body"]) == ("Storm hits", "The storm hit the coast.")
    row = next(corpus.db["articles"].rows)
    assert row["title"] == "Storm hits hard"
    assert row["modified"]


def test_full_text_index_follows_updates(corpus):
    corpus.write(corpus.run, [article()], [])
    corpus.write(corpus.run, [article(title="Flood warning", body="Rivers rose overnight.")], [])
    search = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
    assert corpus.db.execute(search, ["rivers"]).fetchall() == [(1,)]
    assert corpus.db.execute(search, ["storm"]).fetchall() == []


def test_exact_copies_under_another_url_are_linked(corpus):
    corpus.write(corpus.run, [article(), article(url="https://b.example/copy")], [])
    rows = {r["url"]: r for r in corpus.db["articles"].rows}
    assert (
        rows["https://b.example/copy"]["duplicate_of"] == rows["https://a.example/2024/05/x"]["id"]
    )


def test_rejects_are_recorded_with_the_run(corpus):
    corpus.write(corpus.run, [], [Reject("https://a.example/404", "http 404", "a", 404)])
    (row,) = corpus.db["rejects"].rows
    assert (row["url"], row["reason"], row["run_id"]) == (
        "https://a.example/404",
        "http 404",
        corpus.run,
    )


def test_a_failed_batch_leaves_nothing(corpus):
    broken = article(url="https://a.example/2")
    broken.record["word_count"] = object()  # cannot be stored
    with pytest.raises((sqlite3.Error, TypeError, ValueError)):
        corpus.write(corpus.run, [article(), broken], [Reject("https://a.example/404", "http 404")])
    assert corpus.db["articles"].count == 0
    assert corpus.db["rejects"].count == 0


def test_known_urls_include_canonical_and_fetched(tmp_path):
    c = Corpus(tmp_path / "k.db")
    a = article(url="https://a.example/canonical")
    a.page.final_url = "https://a.example/canonical?from=feed"
    c.write(c.start_run("news", []), [a], [])
    c.close()
    assert known_urls(tmp_path / "k.db") == {
        "https://a.example/canonical",
        "https://a.example/canonical?from=feed",
    }
    assert known_urls(tmp_path / "missing.db") == set()


def test_source_health_after_a_run(corpus):
    corpus.write(corpus.run, [article()], [])
    corpus.finish_run(corpus.run, "finished", {"new": 1}, {}, {"a": {"new": 1, "stored": 1}})
    row = corpus.db["sources"].get("a")
    assert (row["status"], row["consecutive_failures"], row["articles_total"]) == ("ok", 0, 1)
    corpus.finish_run(corpus.run, "finished", {}, {}, {"a": {"rejected": 3}})
    row = corpus.db["sources"].get("a")
    assert (row["status"], row["consecutive_failures"]) == ("failing", 1)
