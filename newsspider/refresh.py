"""When a stored article is due to be fetched again, and how to ask for it
cheaply (conditional requests)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any


def parse_when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def is_due(stored: dict[str, Any], now: datetime, within_hours: float, every_hours: float) -> bool:
    """Re-check articles first seen within `within_hours`, at most every
    `every_hours`; older ones, and exact copies (aliases), are left alone.

    >>> from datetime import UTC
    >>> now = datetime(2024, 5, 3, 12, tzinfo=UTC)
    >>> row = {"first_seen": "2024-05-03T00:00:00Z", "last_seen": "2024-05-03T02:00:00Z"}
    >>> is_due(row, now, 48, 6), is_due(row, now, 48, 12), is_due(row, now, 6, 6)
    (True, False, False)
    """
    if stored.get("alias") or within_hours <= 0:
        return False
    first, last = parse_when(stored["first_seen"]), parse_when(stored["last_seen"])
    return now - first < timedelta(hours=within_hours) and now - last >= timedelta(
        hours=every_hours
    )


def conditional_headers(validators: dict[str, Any] | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from a stored ETag / Last-Modified.

    >>> conditional_headers({"etag": '"v1"', "last_modified": None})
    {'If-None-Match': '"v1"'}
    >>> conditional_headers(None)
    {}
    """
    headers = {}
    if validators and validators.get("etag"):
        headers["If-None-Match"] = validators["etag"]
    if validators and validators.get("last_modified"):
        headers["If-Modified-Since"] = validators["last_modified"]
    return headers
