"""The SQLite corpus: schema, upsert by canonical URL, versions, FTS,
duplicates, rejects, look-ups, health."""

from __future__ import annotations

import json
import sqlite3

import pytest

from newsspider.items import Article, Batch, Listing, Page, Reject, Touch
from newsspider.store import Corpus, CorpusIndex, ReadModel
from pipelines.dedupe import fingerprint
from pipelines.normalise import content_hash

BODY = (
    "The council approved the new bridge on Monday after a long debate about its cost. "
    "Work starts in spring and should take two years. The old crossing stays open until then, "
    "the mayor said, and buses will run every ten minutes while the works go on."
)


def article(url="https://a.example/2024/05/x", title="Storm hits", body=BODY, **extra):
    page = Page(
        url=url,
        source="a",
        final_url=url,
        html=b"<html>x</html>",
        headers={"ETag": '"v1"'},
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
        "bands": fingerprint(body),
        **extra,
    }
    return Article(page=page, record=record, provenance={"title": "h1"})


@pytest.fixture
def corpus(tmp_path):
    c = Corpus(tmp_path / "news.db")
    c.run = c.start_run("news", [{"name": "a", "homepage": "https://a.example/"}])
    yield c
    c.close()


def write(corpus, *articles, **parts):
    return corpus.write(corpus.run, Batch(articles=list(articles), **parts))


def test_database_is_in_wal_mode(corpus):
    assert corpus.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_page_seen_twice_is_one_row(corpus):
    assert write(corpus, article()) == ["new"]
    assert write(corpus, article()) == ["unchanged"]
    assert corpus.db["articles"].count == 1


def test_json_columns_hold_json(corpus):
    write(corpus, article())
    row = next(corpus.db["articles"].rows)
    assert json.loads(row["authors"]) == ["Ann Lee"]
    assert json.loads(row["provenance"]) == {"title": "h1"}


def test_a_changed_article_keeps_its_earlier_version(corpus):
    write(corpus, article())
    assert write(corpus, article(title="Storm hits hard", body="Rivers rose overnight.")) == [
        "updated"
    ]
    (version,) = corpus.db["article_versions"].rows
    assert (version["title"], version["body"]) == ("Storm hits", BODY)
    row = next(corpus.db["articles"].rows)
    assert row["title"] == "Storm hits hard"
    assert row["modified"]


def test_full_text_index_follows_updates(corpus):
    write(corpus, article())
    write(corpus, article(title="Flood warning", body="Rivers rose overnight."))
    search = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
    assert corpus.db.execute(search, ["rivers"]).fetchall() == [(1,)]
    assert corpus.db.execute(search, ["bridge"]).fetchall() == []


def test_an_exact_copy_is_stored_once_and_its_url_kept(corpus):
    assert write(corpus, article(), article(url="https://b.example/copy")) == ["new", "duplicate"]
    assert corpus.db["articles"].count == 1
    (alias,) = corpus.db["article_urls"].rows
    assert (alias["url"], alias["article_id"]) == ("https://b.example/copy", 1)
    assert CorpusIndex(corpus.db.conn.execute("PRAGMA database_list").fetchone()[2]).article(
        "https://b.example/copy"
    ) == {"alias": True}


def test_a_near_copy_is_stored_and_linked(corpus):
    edited = BODY.replace("Monday", "Tuesday").replace("ten minutes", "fifteen minutes")
    assert write(corpus, article(), article(url="https://b.example/wire", body=edited)) == [
        "new",
        "new",
    ]
    rows = {r["url"]: r for r in corpus.db["articles"].rows}
    copy = rows["https://b.example/wire"]
    assert copy["duplicate_of"] == rows["https://a.example/2024/05/x"]["id"]
    assert 0.6 <= copy["similarity"] < 1


def test_a_different_story_is_not_linked(corpus):
    other = (
        "Voters in the county elect a new sheriff on Sunday in a race that drew four candidates."
    )
    write(corpus, article(), article(url="https://b.example/other", body=other))
    assert {r["duplicate_of"] for r in corpus.db["articles"].rows} == {None}


def test_rejects_are_recorded_with_the_run(corpus):
    write(corpus, rejects=[Reject("https://a.example/404", "http 404", "a", 404)])
    (row,) = corpus.db["rejects"].rows
    assert (row["url"], row["reason"], row["run_id"]) == (
        "https://a.example/404",
        "http 404",
        corpus.run,
    )


def test_a_failed_batch_leaves_nothing(corpus):
    broken = article(url="https://a.example/2", body="Another body entirely, not a copy.")
    broken.record["word_count"] = object()  # cannot be stored
    with pytest.raises((sqlite3.Error, TypeError, ValueError)):
        write(corpus, article(), broken, rejects=[Reject("https://a.example/404", "http 404")])
    assert corpus.db["articles"].count == 0
    assert corpus.db["rejects"].count == 0


def test_index_finds_articles_by_canonical_and_fetched_url(tmp_path):
    c = Corpus(tmp_path / "k.db")
    a = article(url="https://a.example/canonical")
    a.page.final_url = "https://a.example/canonical?from=feed"
    c.write(c.start_run("news", []), Batch(articles=[a]))
    c.close()
    index = CorpusIndex(tmp_path / "k.db")
    for url in ("https://a.example/canonical", "https://a.example/canonical?from=feed"):
        assert index.article(url)["etag"] == '"v1"'
    assert index.article("https://a.example/other") is None
    assert CorpusIndex(tmp_path / "missing.db").article("https://a.example/canonical") is None


def test_not_modified_moves_last_seen_only(corpus):
    write(corpus, article())
    write(corpus, touches=[Touch("https://a.example/2024/05/x", "2024-05-09T00:00:00Z", '"v2"')])
    row = next(corpus.db["articles"].rows)
    assert (row["last_seen"], row["etag"], row["first_seen"]) == (
        "2024-05-09T00:00:00+00:00",  # in the corpus's one format, whatever it was given
        '"v2"',
        "2024-05-02T10:00:00+00:00",
    )


def test_listing_validators_are_kept(tmp_path):
    c = Corpus(tmp_path / "l.db")
    listing = Listing("https://a.example/rss", "a", "feed", "2024-05-02T10:00:00Z", '"f1"', None, 3)
    c.write(c.start_run("news", []), Batch(listings=[listing]))
    c.close()
    assert CorpusIndex(tmp_path / "l.db").listing("https://a.example/rss") == {
        "kind": "feed",
        "etag": '"f1"',
        "last_modified": None,
    }


def test_source_health_after_a_run(corpus):
    write(corpus, article())
    corpus.finish_run(corpus.run, "finished", {"new": 1}, {}, {"a": {"new": 1, "stored": 1}})
    row = corpus.db["sources"].get("a")
    assert (row["status"], row["consecutive_failures"], row["articles_total"]) == ("ok", 0, 1)
    corpus.finish_run(corpus.run, "finished", {}, {}, {"a": {"rejected": 3}})
    row = corpus.db["sources"].get("a")
    assert (row["status"], row["consecutive_failures"]) == ("failing", 1)


def test_the_lock_belongs_to_the_file_not_to_its_spelling(tmp_path):
    from newsspider.store import CorpusBusy, CorpusLock

    (tmp_path / "data").mkdir()
    db = tmp_path / "data" / "news.db"
    (tmp_path / "link.db").symlink_to(db)
    (tmp_path / "linked").symlink_to(tmp_path / "data")
    spellings = [tmp_path / "link.db", tmp_path / "linked" / "news.db",
                 tmp_path / "data" / ".." / "data" / "news.db"]  # fmt: skip
    with CorpusLock(db):
        for spelling in spellings:
            with pytest.raises(CorpusBusy, match=f"is writing {spelling}"), CorpusLock(spelling):
                pass
    with CorpusLock(tmp_path / "link.db"):  # free again once released
        pass


def old_format_corpus(path) -> dict[str, str]:
    """A corpus as the previous version left it: the times of runs, rejects,
    timeouts and sources written with a ``Z``, the fetch times with
    ``+00:00``, and no user_version. Returns the times it holds, by column."""
    c = Corpus(path)
    run = c.start_run("news", [{"name": "a", "homepage": "https://a.example/"}])
    timed_out = Reject("https://a.example/slow", "extraction timed out after 5 s", "a", 200, "ab")
    c.write(run, Batch(articles=[article()], rejects=[timed_out]))
    c.finish_run(run, "finished", {"new": 1}, {}, {"a": {"new": 1, "stored": 1}})
    c.close()
    db = sqlite3.connect(path)
    for table, column in [("runs", "started"), ("runs", "finished"), ("rejects", "at"),
                          ("timeouts", "at"), ("sources", "last_crawled"),
                          ("sources", "last_success")]:  # fmt: skip
        db.execute(f"UPDATE {table} SET {column} = '2024-05-02T10:00:00Z'")
    db.execute(
        "UPDATE articles SET last_seen = '2024-05-03T08:30:00Z'"
    )  # a page without a fetch time
    db.execute("PRAGMA user_version = 0")
    db.commit()
    db.close()
    return times(path)


def times(path) -> dict[str, str]:
    from newsspider.store.schema import TIME_COLUMNS

    db = sqlite3.connect(path)
    found = {
        f"{table}.{column}": value
        for table, columns in TIME_COLUMNS.items()
        for column in columns
        for (value,) in db.execute(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL")
    }
    db.close()
    return found


def test_a_corpus_of_the_previous_version_gets_one_time_format_on_open(tmp_path):
    from newsspider.store.clock import parse_utc

    path = tmp_path / "old.db"
    before = old_format_corpus(path)
    assert any(v.endswith("Z") for v in before.values())
    assert any(v.endswith("+00:00") for v in before.values())
    Corpus(path).close()
    after = times(path)
    assert after.keys() == before.keys()
    assert all(v.endswith("+00:00") and len(v) == 25 for v in after.values()), after
    assert all(parse_utc(after[k]) == parse_utc(before[k]) for k in before)  # the same instants
    # a time written now compares right with one the previous version wrote
    # in the same second ('Z' sorted after '+00:00')
    db = sqlite3.connect(path)
    assert db.execute("SELECT started <= '2024-05-02T10:00:00+00:00' FROM runs").fetchone() == (1,)
    assert db.execute("PRAGMA user_version").fetchone() == (1,)
    db.close()
    Corpus(path).close()  # once only: opening again changes nothing
    assert times(path) == after


def test_every_time_the_store_writes_is_in_one_format(corpus):
    page_fetched_with_z = article("https://a.example/2024/05/y", body=BODY + " Later.")
    page_fetched_with_z.page.fetched = "2024-05-02T11:00:00.250Z"
    write(
        corpus, article(), page_fetched_with_z, rejects=[Reject("https://a.example/z", "http 404")]
    )
    listing = Listing("https://a.example/rss", "a", "feed", "2024-05-02T10:00:00Z")
    write(corpus, listings=[listing])
    corpus.finish_run(corpus.run, "finished", {}, {}, {"a": {"new": 2, "stored": 2}})
    found = times(corpus.db.conn.execute("PRAGMA database_list").fetchone()[2])
    assert {k.split(".")[0] for k in found} >= {
        "articles",
        "pages",
        "runs",
        "rejects",
        "sources",
        "listings",
    }
    assert all(v.endswith("+00:00") and len(v) == 25 for v in found.values()), found
    assert found["listings.fetched"] == "2024-05-02T10:00:00+00:00"


class TimeoutsOnly(ReadModel):
    """Another read model: the timeouts it was given, in memory."""

    def __init__(self, timeouts: dict[str, dict]) -> None:
        self.timeouts = timeouts

    def article(self, *urls):
        return None

    def near_candidates(self, bands, limit, chars):
        return 0, []

    def timed_out(self, url):
        return self.timeouts.get(url)

    def listing(self, url):
        return None

    def close(self):
        pass


def test_the_spider_gets_a_read_model_that_another_implementation_can_replace(tmp_path):
    from scrapy.settings import Settings

    from newsspider.items import page_hash
    from newsspider.store import open_index
    from newsspider.store.clock import utcnow

    index = open_index(Settings({"NEWS_DB": str(tmp_path / "none.db")}))
    assert isinstance(index, CorpusIndex) and isinstance(index, ReadModel)
    other = TimeoutsOnly(
        {"https://a.example/slow": {"html_hash": page_hash(b"<p>"), "at": utcnow()}}
    )
    assert isinstance(other, ReadModel)
    # what it inherits from the four look-ups
    assert other.timed_out_within("https://a.example/slow", 24)
    assert not other.timed_out_within("https://a.example/fast", 24)
    assert other.known_timeout("https://a.example/slow", b"<p>").startswith(
        "extraction timed out before"
    )
    assert other.known_timeout("https://a.example/slow", b"<p>changed") is None
