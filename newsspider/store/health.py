"""Each source's health after a run, kept in the `sources` table."""

from __future__ import annotations

import sqlite_utils


def source_status(c: dict[str, int]) -> str:
    """A source's health after a run, from its counts.

    >>> source_status({"new": 3, "stored": 3}), source_status({"skipped": 40})
    ('ok', 'ok')
    >>> source_status({"stored": 1, "rejected": 9}), source_status({"rejected": 4})
    ('mostly rejected', 'failing')
    >>> source_status({"listing_failed": 2}), source_status({})
    ('failing', 'no articles')
    """
    stored, rejected = c.get("stored", 0), c.get("rejected", 0) + c.get("errors", 0)
    if stored or c.get("skipped", 0):
        return "mostly rejected" if rejected >= 5 and rejected > 2 * stored else "ok"
    if rejected or c.get("listing_failed", 0):
        return "failing"
    return "no articles"


def record_health(
    db: sqlite_utils.Database, name: str, run_id: int, now: str, c: dict[str, int],
    cause: str | None,
) -> None:  # fmt: skip
    """Update the `sources` row of `name` after run `run_id`, whose counts
    for it are `c`; `cause` names why it failed, if it did."""
    table = db["sources"]
    row = next(table.rows_where("name = ?", [name]), None) or {"name": name}
    status = source_status(c)
    ok = status in ("ok", "mostly rejected")
    total = db.execute("SELECT count(*) FROM articles WHERE source = ?", [name]).fetchone()
    table.upsert(
        {"name": name, "last_run": run_id, "last_crawled": now,
         "last_success": now if ok else row.get("last_success"), "articles_total": total[0],
         "new_last_run": c.get("new", 0), "rejected_last_run": c.get("rejected", 0),
         "errors_last_run": c.get("errors", 0),
         "consecutive_failures": 0 if ok else (row.get("consecutive_failures") or 0) + 1,
         "status": status, "last_error": None if ok else cause},
        pk="name",
    )  # fmt: skip
