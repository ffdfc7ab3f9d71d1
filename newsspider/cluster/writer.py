"""The writer's side: batches from the workers applied with the store's own
code (`Corpus.write`, `start_run`, `finish_run`), each exactly once.

A batch's id goes into ``cluster_batches`` in the transaction that writes
the batch, with the outcomes it had (``cluster_tallies``): a batch
delivered again (the writer was killed before it acknowledged it) finds its
id and changes nothing. The run's end is applied once too
(``cluster_runs.finished``, in the same transaction as the `runs` row),
and only when every batch its attempt sent is in; until then the task asks
to be tried again.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from contextlib import contextmanager
from typing import Any

from newsspider.cluster.app import PREFIX
from newsspider.cluster.payload import decode_batch
from newsspider.cluster.readmodel import publish
from newsspider.store import COUNTS, Corpus
from newsspider.store.clock import utcnow

logger = logging.getLogger(__name__)

LAST_RUNS = f"{PREFIX}last-runs"  #: hash: source -> its last run, for `scrapy cluster status`
CLUSTER_TABLES = (
    "CREATE TABLE IF NOT EXISTS cluster_runs (key TEXT PRIMARY KEY, run_id INTEGER, "
    "finished INTEGER DEFAULT 0)",
    "CREATE TABLE IF NOT EXISTS cluster_batches (id TEXT PRIMARY KEY, run_id INTEGER, "
    "attempt TEXT, at TEXT)",
    "CREATE INDEX IF NOT EXISTS cluster_batches_attempt ON cluster_batches (run_id, attempt)",
    "CREATE TABLE IF NOT EXISTS cluster_tallies (run_id INTEGER, source TEXT, outcome TEXT, "
    "count INTEGER, PRIMARY KEY (run_id, source, outcome))",
)
#: write outcomes -> the run's counters
OUTCOME_COUNT = {"new": "new", "updated": "updated", "unchanged": "unchanged",
                 "duplicate": "duplicates"}  # fmt: skip


class ClusterCorpus(Corpus):
    """The corpus, writing the batch id and its outcomes in the batch's own
    transaction."""

    def __init__(self, path, near_duplicate: float = 0.6) -> None:
        super().__init__(path, near_duplicate)
        with self.db.atomic():
            for sql in CLUSTER_TABLES:
                self.db.execute(sql)
        self.applying: tuple[str, int, str] | None = None  # batch id, run id, attempt
        self.tally: Counter = Counter()

    @contextmanager
    def writing(self):
        with super().writing():
            yield
            if self.applying is not None:
                batch_id, run_id, attempt = self.applying
                self.db.execute("INSERT INTO cluster_batches VALUES (?, ?, ?, ?)",
                                [batch_id, run_id, attempt, utcnow()])  # fmt: skip
                self.db.conn.executemany(
                    "INSERT INTO cluster_tallies VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE "
                    "SET count = count + excluded.count",
                    [(run_id, s, o, n) for (s, o), n in self.tally.items()],
                )

    def _write_article(self, article, archive: bool) -> str:
        outcome = super()._write_article(article, archive)
        self.tally[(article.page.source, OUTCOME_COUNT[outcome])] += 1
        return outcome

    # -- runs ---------------------------------------------------------------

    def run_of(self, run: dict[str, Any]) -> int:
        """The `runs` row of the worker's run `run` (made on its first message)."""
        row = self.db.execute("SELECT run_id FROM cluster_runs WHERE key = ?", [run["key"]])
        if found := row.fetchone():
            return found[0]
        with self.db.atomic():
            run_id = self.start_run(run.get("spider") or "news", run.get("sources") or [])
            if run.get("started"):  # when the worker began, not when its first batch came
                self.db.execute(
                    "UPDATE runs SET started = ? WHERE id = ?", [run["started"], run_id]
                )
            self.db.execute("INSERT INTO cluster_runs (key, run_id) VALUES (?, ?)",
                            [run["key"], run_id])  # fmt: skip
        return run_id

    def applied(self, batch_id: str) -> bool:
        return bool(
            self.db.execute("SELECT 1 FROM cluster_batches WHERE id = ?", [batch_id]).fetchone()
        )

    def apply_batch(self, message: dict[str, Any]) -> list[str] | None:
        """Write a worker's batch unless it was written before (None then);
        its outcomes."""
        run_id = self.run_of(message["run"])
        if self.applied(message["id"]):
            return None
        self.applying, self.tally = (message["id"], run_id, message["attempt"]), Counter()
        try:
            return self.write(run_id, decode_batch(message["batch"]), message["archive"])
        finally:
            self.applying = None

    def missing_batches(self, message: dict[str, Any]) -> int:
        """How many batches of the attempt that ended are not in yet."""
        run_id = self.run_of(message["run"])
        (have,) = self.db.execute(
            "SELECT count(*) FROM cluster_batches WHERE run_id = ? AND attempt = ?",
            [run_id, message["attempt"]],
        ).fetchone()
        return max(0, message["batches"] - have)

    def apply_finish(self, message: dict[str, Any], missing: int = 0) -> int | None:
        """Close the run with the worker's counts plus the outcomes its
        batches had here; None when it was closed before."""
        run_id = self.run_of(message["run"])
        counts, per_source = dict(message["counts"]), message["per_source"]
        for source, outcome, n in self.db.execute(
            "SELECT source, outcome, count FROM cluster_tallies WHERE run_id = ?", [run_id]
        ).fetchall():
            counts[outcome] = counts.get(outcome, 0) + n
            per = per_source.setdefault(source, {})
            per[outcome] = per.get(outcome, 0) + n
        reason = message["reason"]
        if missing:
            reason = f"{reason} ({missing} batches never arrived)"
        discovery = [{**row, "run_id": run_id} for row in message["discovery"]]
        with self.db.atomic():
            done = self.db.execute(
                "UPDATE cluster_runs SET finished = 1 WHERE key = ? AND finished = 0",
                [message["run"]["key"]],
            ).rowcount
            if not done:
                return None
            self.finish_run(run_id, reason, {k: counts.get(k, 0) for k in COUNTS},
                            message["stats"], per_source, discovery, message["causes"])  # fmt: skip
        return run_id

    def last_runs(self, names: list[str] | None = None) -> dict[str, str]:
        """source -> JSON of its health after its last run (`sources` row)."""
        sql = "SELECT * FROM sources" + (
            f" WHERE name IN ({', '.join('?' for _ in names)})" if names else ""
        )
        cursor = self.db.execute(sql, names or [])
        columns = [d[0] for d in cursor.description]
        return {row[0]: json.dumps(dict(zip(columns, row, strict=True))) for row in cursor}


def published(corpus: ClusterCorpus, client, message: dict[str, Any]) -> int:
    """After a batch's commit: its URLs' entries in the read model."""
    batch = message["batch"]
    urls = [a["page"][k] for a in batch["articles"] for k in ("url", "final_url") if a["page"][k]]
    urls += [a["record"].get("url") for a in batch["articles"] if a["record"].get("url")]
    urls += [r["url"] for r in batch["rejects"] if r.get("html_hash")]
    urls += [t["url"] for t in batch["touches"]] + [x["url"] for x in batch["listings"]]
    return publish(client, corpus.db, urls)


def publish_last_runs(corpus: ClusterCorpus, client, names: list[str] | None = None) -> None:
    if rows := corpus.last_runs(names):
        client.hset(LAST_RUNS, mapping=rows)
