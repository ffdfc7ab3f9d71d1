"""`scrapy cluster`: real redis-server, real writer and worker processes,
local sites on 127.0.0.1. Each worker runs in its own folder, with no corpus.

The helpers (sites, redis-server, the processes) are benchmarks/cluster.py's.
"""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import pytest
import redis

from benchmarks.cluster import REDIS_SERVER, ROOT, Cluster, free_port, redis_server, sites, stop
from benchmarks.cluster import write_site as add_articles
from newsspider.cluster.payload import encode_batch
from newsspider.cluster.readmodel import ARTICLES, RedisIndex, rebuild
from newsspider.cluster.writer import ClusterCorpus
from newsspider.items import Batch, Listing, Reject
from newsspider.store import CorpusIndex
from tests.test_store import article

needs_redis = pytest.mark.skipif(
    not Path(REDIS_SERVER).exists(),
    reason="redis-server is not installed (apt-get install redis-server)",
)

#: short clocks, so that what a dead process held comes back within seconds
FAST_FAILOVER = {"NEWS_CLUSTER_VISIBILITY": "6", "NEWS_CLUSTER_WRITER_VISIBILITY": "3",
                 "NEWS_CLUSTER_LOCK_TTL": "3"}  # fmt: skip


@pytest.fixture
def broker(tmp_path):
    with redis_server(tmp_path / "redis") as url:
        yield url


def article_paths(server) -> list[str]:
    return [p for p in server.requests if p.startswith("/news/")]


def wait_for(condition, timeout: float = 120, what: str = "condition"):
    start = time.monotonic()
    while not (found := condition()):
        if time.monotonic() - start > timeout:
            raise TimeoutError(f"no {what} after {timeout} s")
        time.sleep(0.2)
    return found


def assert_stored_once(cluster: Cluster, n: int) -> None:
    """`n` articles, each URL once, each with its archived page."""
    assert cluster.query("SELECT count(*), count(DISTINCT url) FROM articles") == [(n, n)]
    assert cluster.query("SELECT count(*) FROM pages") == [(n,)]


def finished_once(cluster: Cluster, runs: int, articles: int) -> None:
    """After a kill: `runs` runs end, finished, with every article new once."""
    cluster.wait_runs(runs, timeout=180)
    assert_stored_once(cluster, articles)
    assert cluster.query("SELECT count(*), min(finish_reason), max(finish_reason), sum(new) "
                         "FROM runs") == [(runs, "finished", "finished", articles)]  # fmt: skip


def message(batch: Batch, key: str = "run-1", attempt: str = "a1", n: int = 0) -> dict:
    run = {
        "key": key,
        "spider": "news",
        "sources": [{"name": "a", "homepage": "https://a.example/"}],
    }
    return {"run": run, "attempt": attempt, "id": f"{key}/{attempt}/{n}", "archive": True,
            "batch": json.loads(json.dumps(encode_batch(batch)))}  # fmt: skip


# -- the writer's pieces ------------------------------------------------------------


def test_a_batch_delivered_twice_is_written_once(tmp_path):
    corpus = ClusterCorpus(tmp_path / "news.db")
    first = message(
        Batch(articles=[article()], rejects=[Reject("https://a.example/r", "http 404", "a")])
    )
    assert corpus.apply_batch(first) == ["new"]
    assert corpus.apply_batch(first) is None  # redelivered: nothing written twice
    db = corpus.db
    assert (db["articles"].count, db["rejects"].count, db["runs"].count) == (1, 1, 1)
    finish = {"run": first["run"], "attempt": "a1", "batches": 1, "reason": "finished",
              "counts": {"rejected": 1}, "stats": {}, "per_source": {"a": {"rejected": 1, "stored": 1}},
              "discovery": [{"run_id": "run-1", "source": "a", "outcome": "requested", "count": 2,
                             "examples": [], "detail": None}], "causes": {}}  # fmt: skip
    assert corpus.missing_batches(finish) == 0
    assert corpus.apply_finish(finish) == 1
    assert corpus.apply_finish(finish) is None  # closed once
    run = db["runs"].get(1)
    assert (run["finish_reason"], run["new"], run["rejected"]) == ("finished", 1, 1)
    assert db.execute("SELECT run_id, count FROM discovery").fetchall() == [(1, 2)]
    source = db["sources"].get("a")
    assert (source["status"], source["new_last_run"], source["articles_total"]) == ("ok", 1, 1)


def test_a_run_waits_for_its_missing_batches(tmp_path):
    corpus = ClusterCorpus(tmp_path / "news.db")
    corpus.apply_batch(message(Batch(articles=[article()]), n=1))
    finish = {"run": message(Batch())["run"], "attempt": "a1", "batches": 2}
    assert corpus.missing_batches(finish) == 1


@needs_redis
def test_the_read_model_answers_as_the_corpus(tmp_path, broker):
    corpus = ClusterCorpus(tmp_path / "news.db")
    timed_out = Reject(
        "https://a.example/slow", "extraction timed out after 60 s", "a", 200, "ab12"
    )
    listing = Listing(
        "https://a.example/rss.xml", "a", "feed", "2026-12-01T10:00:00Z", '"e1"', None, 3
    )
    corpus.apply_batch(message(Batch(articles=[article(), article(url="https://b.example/copy")],
                                     rejects=[timed_out], listings=[listing])))  # fmt: skip
    client = redis.Redis.from_url(broker)
    assert rebuild(client, corpus.db) == 4
    local, remote = CorpusIndex(tmp_path / "news.db"), RedisIndex(broker)
    for url in (
        "https://a.example/2024/05/x",
        "https://b.example/copy",
        "https://nowhere.example/",
    ):
        assert remote.article(url) == local.article(url)
    assert remote.article("https://a.example/2024/05/x")["etag"] == '"v1"'
    assert remote.listing(listing.url) == local.listing(listing.url) == {
        "kind": "feed", "etag": '"e1"', "last_modified": None}  # fmt: skip
    assert remote.timed_out(timed_out.url) == local.timed_out(timed_out.url)
    assert remote.timed_out_within(timed_out.url, 24) and remote.near_candidates([1], 5, 9) == (
        0,
        [],
    )
    client.hset(ARTICLES, "https://stale.example/", "{}")
    rebuild(client, corpus.db)  # a rebuild replaces the model
    assert client.hget(ARTICLES, "https://stale.example/") is None


# -- the cluster at work -----------------------------------------------------------


@needs_redis
def test_three_workers_store_every_article_once_then_fetch_only_what_is_new(tmp_path, broker):
    with sites(tmp_path / "sites", 12, 30) as (servers, sources), \
            Cluster(broker, sources, tmp_path / "corpus" / "news.db", tmp_path) as cluster:  # fmt: skip
        cluster.writer()
        for n in range(3):
            cluster.worker(n)
        assert cluster.enqueue().returncode == 0
        wait_for(lambda: cluster.scalar("SELECT count(*) FROM runs"), what="run")
        status = wait_for(lambda: (s := cluster.run("status")).returncode == 0 and s, what="status")
        assert "writer: alive" in status.stdout and "workers: 3 alive" in status.stdout
        cluster.wait_runs(12, timeout=600)

        q = cluster.query
        assert_stored_once(cluster, 360)
        assert q("SELECT DISTINCT count(*) FROM articles GROUP BY source") == [(30,)]
        runs = q("SELECT sources, finish_reason, new FROM runs ORDER BY id")
        assert sorted(json.loads(s)[0] for s, *_ in runs) == sorted(servers)  # one run per source
        assert {(r, n) for _, r, n in runs} == {("finished", 30)}
        assert q("SELECT DISTINCT status, articles_total, new_last_run FROM sources") == [
            ("ok", 30, 30)
        ]
        for n in range(3):  # no corpus in a worker's folder
            assert [p.name for p in (tmp_path / f"worker{n}").rglob("*") if ".db" in p.name] == []

        requested = {name: len(article_paths(s)) for name, s in servers.items()}
        assert set(requested.values()) == {30}
        time.sleep(1.1)  # a new file's Last-Modified is a later second
        for name in ("site-00", "site-01"):  # one new article each
            add_articles(servers[name].root, servers[name].base_url, name, 1, first=30)
        assert cluster.enqueue().returncode == 0
        cluster.wait_runs(24, timeout=600)

        assert_stored_once(cluster, 362)
        again = {name: article_paths(s)[30:] for name, s in servers.items()}
        assert again.pop("site-00") == ["/news/30.html"] and again.pop("site-01") == [
            "/news/30.html"
        ]
        assert set(map(tuple, again.values())) == {()}  # nothing else fetched again
        second = q("SELECT id FROM runs ORDER BY id LIMIT 12 OFFSET 12")
        not_modified = q("SELECT source, count FROM discovery WHERE outcome = 'not_modified' "
                         f"AND run_id >= {second[0][0]}")  # fmt: skip
        assert sorted(not_modified) == [
            (n, 1) for n in sorted(servers) if n not in ("site-00", "site-01")
        ]
        assert q("SELECT sum(new) FROM runs WHERE id >= ?", [second[0][0]]) == [(2,)]


@needs_redis
def test_a_worker_killed_mid_source_leaves_it_to_another(tmp_path, broker):
    with sites(tmp_path / "sites", 1, 30, delay=0.3) as (servers, sources), \
            Cluster(broker, sources, tmp_path / "news.db", tmp_path, **FAST_FAILOVER) as cluster:  # fmt: skip
        cluster.writer()
        workers = {w.pid: w for w in (cluster.worker(0), cluster.worker(1))}
        assert cluster.enqueue().returncode == 0
        client = redis.Redis.from_url(broker)
        holder = wait_for(lambda: client.get("newsspider:lock:site-00"), what="lock").decode()
        wait_for(lambda: cluster.scalar("SELECT count(*) FROM articles") >= 5, what="articles")
        victim = workers.pop(int(holder.split(" ")[2]))
        stop(victim, signal.SIGKILL)
        before = cluster.scalar("SELECT count(*) FROM articles")
        assert 5 <= before < 30
        finished_once(cluster, runs=1, articles=30)
        article_requests = article_paths(servers["site-00"])
        print(
            f"worker killed after {before} of 30 articles stored; {len(article_requests)} "
            f"article requests in all, {len(set(article_requests))} distinct"
        )


@needs_redis
def test_the_writer_killed_and_restarted_loses_nothing(tmp_path, broker):
    with sites(tmp_path / "sites", 2, 30, delay=0.05) as (_, sources), \
            Cluster(broker, sources, tmp_path / "news.db", tmp_path, **FAST_FAILOVER) as cluster:  # fmt: skip
        writer = cluster.writer()
        cluster.worker(0, concurrency=2)
        assert cluster.enqueue().returncode == 0
        wait_for(lambda: cluster.scalar("SELECT count(*) FROM articles") >= 10, what="articles")
        stop(writer, signal.SIGKILL)
        before = cluster.scalar("SELECT count(*) FROM articles")
        time.sleep(2)
        cluster.writer()
        assert before < 60
        finished_once(cluster, runs=2, articles=60)
        batches = cluster.scalar("SELECT count(*) FROM cluster_batches")
        print(f"writer killed after {before} of 60 articles stored; {batches} batches applied once")


@needs_redis
def test_the_same_source_enqueued_twice_is_crawled_once(tmp_path, broker):
    from celery import Celery

    from newsspider.cluster.app import CRAWL_QUEUE, CRAWL_TASK

    with sites(tmp_path / "sites", 1, 20, delay=0.3) as (servers, sources), \
            Cluster(broker, sources, tmp_path / "news.db", tmp_path) as cluster:  # fmt: skip
        first = cluster.enqueue("site-00")
        assert first.returncode == 0 and "queued 1 sources" in first.stdout
        again = cluster.enqueue("site-00")
        assert "queued 0 sources" in again.stdout and "in flight already: site-00" in again.stdout
        # a copy past enqueue's guard (a second scheduler): the source's lock stops it
        Celery(broker=broker, set_as_current=False).send_task(CRAWL_TASK, args=["site-00"],
                                                             queue=CRAWL_QUEUE)  # fmt: skip
        cluster.writer()
        cluster.worker(0)
        cluster.worker(1)
        logs = lambda: "".join(p.read_text() for p in tmp_path.glob("worker*/worker.log"))  # noqa: E731
        wait_for(lambda: "being crawled already" in logs(), what="dropped copy")
        cluster.wait_runs(1, timeout=120)
        time.sleep(2)
        assert cluster.query("SELECT count(*) FROM runs") == [(1,)]
        assert len(article_paths(servers["site-00"])) == 20


@needs_redis
def test_status_without_a_broker_or_a_writer(tmp_path, broker):
    cluster = Cluster(
        f"redis://127.0.0.1:{free_port()}/0", tmp_path / "none.toml", tmp_path / "n.db", tmp_path
    )
    result = cluster.run("status")
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "cannot reach the broker at" in result.stderr
    cluster = Cluster(broker, tmp_path / "none.toml", tmp_path / "n.db", tmp_path)
    result = cluster.run("status")
    assert result.returncode == 1 and "writer: none alive" in result.stdout


@needs_redis
def test_a_worker_waits_for_the_broker_and_says_so(tmp_path):
    port = free_port()
    with sites(tmp_path / "sites", 1, 1) as (_, sources):
        cluster = Cluster(
            f"redis://:secret@127.0.0.1:{port}/0", sources, tmp_path / "n.db", tmp_path
        )
        with cluster:
            cluster.worker(0)
            log = tmp_path / "worker0" / "worker.log"
            line = wait_for(lambda: log.exists() and "cannot reach" in log.read_text() and log.read_text(),
                            timeout=60, what="broker line")  # fmt: skip
            assert f"cannot reach the broker at redis://:***@127.0.0.1:{port}/0" in line
            assert "secret" not in line
            with redis_server(tmp_path / "redis", port, password="secret"):
                wait_for(lambda: "workers: 1 alive" in cluster.run("status").stdout, timeout=60,
                         what="worker")  # fmt: skip


@needs_redis
def test_a_broker_restart_keeps_what_was_queued(tmp_path):
    port = free_port()
    with sites(tmp_path / "sites", 3, 1) as (_, sources):
        with redis_server(tmp_path / "redis", port, persist=True) as url:
            assert Cluster(url, sources, tmp_path / "n.db", tmp_path).enqueue().returncode == 0
        with redis_server(tmp_path / "redis", port, persist=True) as url:
            status = Cluster(url, sources, tmp_path / "n.db", tmp_path).run("status")
            assert "3 sources queued" in status.stdout


def test_docs_show_the_commands_and_units():
    doc = (ROOT / "docs" / "scale-out.md").read_text()
    for command in ("writer", "worker [--concurrency N]", "enqueue [NAME ...]", "status"):
        assert f"scrapy cluster {command}" in doc
    units = sorted(p.name for p in (ROOT / "deploy" / "systemd").glob("newsspider-*"))
    assert units == ["newsspider-enqueue.service", "newsspider-enqueue.timer",
                     "newsspider-worker@.service", "newsspider-writer.service"]  # fmt: skip
    assert all(unit in doc for unit in units)
    assert "| 4 |" in doc  # the measured table
