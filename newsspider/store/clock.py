"""One clock for every time the corpus holds: ISO 8601 in UTC, to the second,
with ``+00:00`` (what Python's `isoformat` gives), so that two times compare
right as strings, in SQL as in Python.

Article ``published`` and ``modified`` dates are the page's own data, left as
the extraction gives them; every time of the crawl (fetched, first and last
seen, a run's start and end, a reject's) goes through `iso_utc`.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> str:
    """Now, as the corpus writes a time.

    >>> now = utcnow()
    >>> len(now), now.endswith("+00:00"), iso_utc(now) == now
    (25, True, True)
    """
    return iso_utc(datetime.now(UTC))


def iso_utc(when: datetime | str) -> str:
    """`when` as the corpus writes a time. A naive time is taken as UTC; a
    string is parsed first (``Z`` too), and one that is no ISO 8601 time is
    returned as it is.

    >>> iso_utc("2024-05-03T10:00:00Z"), iso_utc("2024-05-03T12:00:00.5+02:00")
    ('2024-05-03T10:00:00+00:00', '2024-05-03T10:00:00+00:00')
    >>> iso_utc(datetime(2024, 5, 3, 10)), iso_utc("yesterday")
    ('2024-05-03T10:00:00+00:00', 'yesterday')
    """
    if isinstance(when, str):
        try:
            when = datetime.fromisoformat(when)
        except ValueError:
            return when
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).replace(microsecond=0).isoformat()


def parse_utc(text: str) -> datetime:
    """A time the corpus holds, as an aware datetime (an older corpus's ``Z`` too).

    >>> parse_utc("2024-05-03T10:00:00Z") == parse_utc("2024-05-03T10:00:00+00:00")
    True
    """
    when = datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=UTC)
