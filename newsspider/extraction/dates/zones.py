"""Dates in the publisher's own zone: a UTC or zoneless date read beside a
date with the publisher's offset is shown in that offset; the stored forms.

    >>> from datetime import timezone
    >>> local = datetime(2023, 11, 8, 23, 30, tzinfo=timezone(timedelta(hours=-6)))
    >>> localise(datetime(2023, 11, 9, 5, 30, tzinfo=UTC), [local]).isoformat()
    '2023-11-08T23:30:00-06:00'
    >>> to_iso(local)
    ('2023-11-08T23:30:00-06:00', '2023-11-09T05:30:00Z')
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

When = datetime | date


def to_iso(value: When) -> tuple[str, str]:
    """(`published` in the publisher's own offset, `published_utc`).

    >>> from zoneinfo import ZoneInfo
    >>> to_iso(datetime(2024, 5, 1, 9, 30, tzinfo=ZoneInfo("Europe/Paris")))
    ('2024-05-01T09:30:00+02:00', '2024-05-01T07:30:00Z')
    >>> to_iso(date(2024, 5, 1))
    ('2024-05-01', '2024-05-01')
    """
    if not isinstance(value, datetime):
        return value.isoformat(), value.isoformat()
    value = value.replace(microsecond=0)
    if value.tzinfo is None:  # no zone known anywhere: shown as is, read as UTC
        return value.isoformat(), value.isoformat() + "Z"
    utc = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(), utc.isoformat() + "Z"


#: A naive time and a UTC time of the same instant differ by whole quarter hours.
SAME_INSTANT = timedelta(minutes=2)
MAX_OFFSET = timedelta(hours=14)


def day_of(value: When) -> date:
    """The calendar day `value` names, in its own time zone.

    >>> day_of(datetime(2024, 5, 1, 23, 30, tzinfo=timezone(timedelta(hours=-5))))
    datetime.date(2024, 5, 1)
    """
    return value.date() if isinstance(value, datetime) else value


def is_utc(value: When) -> bool:
    """An aware datetime given in UTC (which hides the publisher's own day).

    >>> is_utc(datetime(2024, 5, 1, tzinfo=timezone.utc)), is_utc(date(2024, 5, 1))
    (True, False)
    """
    return isinstance(value, datetime) and value.utcoffset() == timedelta(0)


#: the UTC offsets of the world's zones that are not whole hours (India +05:30,
#: Nepal +05:45, Newfoundland -03:30…): a naive time at any other distance from a
#: UTC time is another moment (an update 7.5 hours later), not the same one
ODD_OFFSETS = {
    timedelta(hours=h, minutes=m) * sign
    for sign, h, m in (
        (1, 3, 30), (1, 4, 30), (1, 5, 30), (1, 5, 45), (1, 6, 30), (1, 8, 45), (1, 9, 30),
        (1, 10, 30), (1, 12, 45), (1, 13, 45), (-1, 2, 30), (-1, 3, 30), (-1, 9, 30),
    )
}  # fmt: skip


def _quarter_hours(delta: timedelta) -> timedelta | None:
    """`delta` rounded to a quarter hour, if it is one within two minutes and
    the offset of a zone of the world.

    >>> _quarter_hours(timedelta(hours=5, minutes=31)), _quarter_hours(timedelta(hours=7, minutes=30))
    (datetime.timedelta(seconds=19800), None)
    """
    quarters = round(delta / timedelta(minutes=15))
    offset = quarters * timedelta(minutes=15)
    real = offset % timedelta(hours=1) == timedelta(0) or offset in ODD_OFFSETS
    if abs(delta - offset) <= SAME_INSTANT and abs(offset) <= MAX_OFFSET and real:
        return offset
    return None


def same_instant_local(utc: datetime, other: When) -> datetime | None:
    """`other` as an aware local time when it is `utc` shown in a local zone:
    an aware time with a non-zero offset at the same instant, or a naive time
    a whole number of quarter hours away.

    >>> utc = datetime(2023, 12, 23, 3, 22, 7, tzinfo=timezone.utc)
    >>> same_instant_local(utc, datetime(2023, 12, 22, 22, 22, 7)).isoformat()
    '2023-12-22T22:22:07-05:00'
    >>> same_instant_local(utc, datetime(2023, 12, 22, 22, 40)) is None
    True
    """
    if not isinstance(other, datetime):
        return None
    if other.tzinfo is not None:
        if other.utcoffset() and abs(other - utc) <= SAME_INSTANT:
            return other
        return None
    offset = _quarter_hours(other - utc.replace(tzinfo=None))
    if not offset:
        return None
    return other.replace(tzinfo=timezone(offset))


def local_midnight(utc: datetime) -> datetime | None:
    """A UTC time at 22:00 or 23:00 sharp is midnight in a zone east of
    Greenwich (a date-only value stored as local midnight): that day.

    >>> local_midnight(datetime(2022, 11, 6, 23, 0, tzinfo=timezone.utc)).isoformat()
    '2022-11-07T00:00:00+01:00'
    >>> local_midnight(datetime(2022, 11, 6, 23, 5, tzinfo=timezone.utc)) is None
    True
    """
    if utc.hour in (22, 23) and utc.minute == utc.second == 0:
        offset = timedelta(hours=24 - utc.hour)
        return utc.astimezone(timezone(offset))
    return None


def localise(best: When, others: list[When]) -> When:
    """`best` in the publisher's own zone when it is a UTC time and another
    candidate shows the same instant in local time (or it is a local midnight).

    >>> utc = datetime(2023, 12, 23, 3, 22, tzinfo=timezone.utc)
    >>> localise(utc, [date(2023, 12, 22), datetime(2023, 12, 22, 22, 22)]).isoformat()
    '2023-12-22T22:22:00-05:00'
    >>> localise(utc, [date(2023, 12, 22)]) == utc
    True
    """
    if not is_utc(best):
        return best
    for other in others:
        if (local := same_instant_local(best, other)) is not None:
            return local
    return local_midnight(best) or best
