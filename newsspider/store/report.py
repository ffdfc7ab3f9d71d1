"""The run report: what the latest run left in the corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsspider.store.writer import Corpus


def run_summary(path: str | Path) -> dict[str, Any]:
    """What the latest run left in the corpus at `path`: its `runs` row, the
    article count, sources, its rejects and the sources not in good health."""
    corpus = Corpus(path)
    try:
        db = corpus.db
        run = db.execute("SELECT max(id) FROM runs").fetchone()[0]
        return {
            "run": db["runs"].get(run) if run else {},
            "articles": db["articles"].count,
            "sources": [
                r[0] for r in db.execute("SELECT DISTINCT source FROM articles ORDER BY 1")
            ],
            "rejects": list(db["rejects"].rows_where("run_id = ?", [run], order_by="id")),
            "unhealthy": list(db["sources"].rows_where("last_run = ? AND status != 'ok'", [run])),
            "discovery": list(db["discovery"].rows_where("run_id = ?", [run], order_by="rowid")),
        }
    finally:
        corpus.close()
