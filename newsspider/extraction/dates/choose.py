"""Choose the publication date among the candidates the page, its metadata,
trafilatura and the URL give: a date labelled as the publication first,
else the day most distinct sources name, in the publisher's own zone.

    >>> fetched = datetime(2024, 5, 2, tzinfo=UTC)
    >>> choose_date([("2024-05-01T09:30:00+02:00", "jsonld"), ("2 May 2024", "dateline")], fetched, {})
    (datetime.datetime(2024, 5, 1, 9, 30, tzinfo=datetime.timezone(datetime.timedelta(seconds=7200))), 'jsonld')
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta  # noqa: F401 (UTC: for the doctests)
from typing import Any

from newsspider.extraction import labels, origins
from newsspider.extraction.dates.parse import (
    is_relative,
    labelled_published,
    other_reading,
    parse_date,
    yearless_day,
)
from newsspider.extraction.dates.zones import When, day_of, localise
from newsspider.extraction.origins import ranked

#: trust among date sources: dates shown on the page before trafilatura's guess
#: and before the generic meta dates (`GENERIC_META`)
DATE_ORDER = origins.order("published")
#: a bare <meta name="date"> or "dc.date" names no event (many CMSs put the
#: last change there): it ranks after the date shown to readers
GENERIC_META = {"meta:date", "meta:dc.date"}
MODIFIED_ORDER = origins.order("modified")


def choose_date(
    values: list[tuple[Any, str]],
    fetched: datetime,
    options: dict[str, Any],
    order=DATE_ORDER,
    modified: list[tuple[Any, str]] = (),
    live: bool = False,
) -> tuple[When, str] | None:
    """The date the page shows labelled as its publication, else the
    plausible date most distinct sources name (ties go to the most
    trusted; a relative or print-edition date only when there is no other),
    shown in the publisher's own zone (a shown date without a year
    beats trafilatura's guess when that is all there is); a full date in the URL
    overrules a UTC date a day off or a far later one; a page that shows only
    a later update (of the `modified` candidates) is dated by it, unless it is
    a `live` blog (whose latest entry is not its first publication); a date-only
    value is completed with the time of a later candidate on the same day.

    >>> fetched = datetime(2024, 1, 1, tzinfo=UTC)
    >>> choose_date([("2023-11-09T05:30:59Z", "jsonld"), ("2023-11-08 23:30:59", "time")],
    ...             fetched, {})[0].isoformat()
    '2023-11-08T23:30:59-06:00'
    >>> choose_date([("2019-06-17", "jsonld"), ("2017-07-12", "url")], fetched, {})
    (datetime.date(2017, 7, 12), 'url')
    >>> choose_date([("2018-05-30T08:00:00+02:00", "time"), ("Published: 22.05.2018",
    ...              "dateline"), ("2018-05-30", "trafilatura")], fetched, {})
    (datetime.date(2018, 5, 22), 'dateline:published')
    """
    parsed = _parse_all(values, fetched, options, order)
    url_day = next((w for w, o in parsed if o == "url" and not isinstance(w, datetime)), None)
    parsed = [(w, o) for w, o in parsed if o != "url"]
    # a relative or print-edition date only when the page gives no other (a guess is none)
    firm = [(w, o) for w, o in parsed if not o.endswith(WEAK)]
    parsed = firm if any(o != "trafilatura" for _, o in firm) else parsed
    if url_day is None and (shown := _yearless_shown(values, parsed, options)):
        return shown
    if not parsed:
        return (url_day, "url") if url_day else None
    others = [w for w, _ in parsed]
    labelled = next(((w, o) for w, o in parsed if o.endswith(PUBLISHED)), None)
    if live:  # a live blog's declared first publication, not its latest entry's time
        labelled = next(((w, o) for w, o in parsed if o == "jsonld"), labelled)
    if labelled:  # "Published: 16.08.2019" names the publication, whatever else the page says
        best, origin = localise(labelled[0], others), labelled[1]
    else:
        best, origin = _by_vote(parsed, others, url_day)
    if url_day is not None and _url_overrules(best, url_day):
        agreeing = [(w, o) for w, o in parsed if day_of(localise(w, others)) == url_day]
        if not agreeing:
            return url_day, "url"
        best, origin = localise(agreeing[0][0], others), agreeing[0][1]
    else:
        updates = _parse_all(modified, fetched, options, order)
        if not live and (shown := _shown_update(parsed, best, updates)):
            best, origin = shown
            others += [w for w, _ in updates]
    if not isinstance(best, datetime):
        for when in others:
            if isinstance(when, datetime) and when.date() == best:
                return when, origin
    return best, origin


def _yearless_shown(
    values: list[tuple[Any, str]], parsed: list[tuple[When, str]], options: dict[str, Any]
) -> tuple[When, str] | None:
    """The day the page's first shown date names without a year, when the
    only full date is trafilatura's guess: in the guess's year.

    >>> values = [("12.03. | Review", "dateline"), ("2021-06-15", "trafilatura")]
    >>> _yearless_shown(values, [(date(2021, 6, 15), "trafilatura")], {})
    (datetime.date(2021, 3, 12), 'dateline')
    """
    if [o for _, o in parsed] != ["trafilatura"]:
        return None
    shown = next((str(v) for v, o in values if o.startswith(SHOWN)), None)
    langs = tuple(options.get("languages") or ())
    day = yearless_day(shown, day_of(parsed[0][0]).year, langs) if shown else None
    return (day, "dateline") if day else None


def _shown_update(
    parsed: list[tuple[When, str]], best: When, modified: list[tuple[When, str]]
) -> tuple[When, str] | None:
    """The date the page shows when it shows a later update instead of `best`:
    its first shown date is labelled as an update or names the day the page
    was modified, and no shown date names `best`'s day (readers, and the
    page's own dateline, date the article by what is shown).

    >>> best = datetime(2019, 3, 30, 8, 0, tzinfo=UTC)
    >>> _shown_update([(best, "jsonld"), (date(2023, 12, 19), "dateline")], best,
    ...               [(datetime(2023, 12, 19, 9, 0, tzinfo=UTC), "jsonld")])
    (datetime.date(2023, 12, 19), 'dateline')
    >>> _shown_update([(best, "jsonld"), (date(2023, 12, 19), "dateline:updated")], best, [])
    (datetime.date(2023, 12, 19), 'dateline:updated')
    >>> _shown_update([(best, "jsonld"), (date(2023, 12, 19), "dateline"),
    ...                (date(2019, 3, 30), "dateline")], best, [])
    """
    shown = [(w, o) for w, o in parsed if o.startswith("dateline")]
    best_day = day_of(best)
    if not shown or any(day_of(w) == best_day for w, _ in shown):
        return None
    first, origin = shown[0]
    later = day_of(first) > best_day
    if later and (origin.endswith(UPDATED) or day_of(first) in {day_of(w) for w, _ in modified}):
        return first, origin
    return None


#: a date this far from the URL's is a later update of the page, not its publication
URL_UPDATE_GAP = timedelta(days=30)


def _url_overrules(best: When, url_day: date) -> bool:
    """The URL's full date is truer than `best` when `best` names another day
    only through its time zone (a UTC or zoneless time a day off), or is so
    far from it that it dates a later update.

    >>> from datetime import timezone
    >>> _url_overrules(datetime(2020, 2, 25, 2, 25, tzinfo=UTC), date(2020, 2, 24))
    True
    >>> _url_overrules(datetime(2022, 5, 8, 6, 0, tzinfo=timezone(timedelta(hours=-5))), date(2022, 5, 2))
    False
    >>> _url_overrules(date(2019, 6, 17), date(2017, 7, 12))
    True
    """
    gap = abs(day_of(best) - url_day)
    if not gap:
        return False
    zone_ambiguous = not isinstance(best, datetime) or not best.utcoffset()
    return (zone_ambiguous and gap <= timedelta(days=1)) or gap > URL_UPDATE_GAP


#: Origins whose vote counts; every distinct origin votes once for its day.
VOTERS = origins.VOTERS
#: origins of dates shown to readers (not metadata)
SHOWN = origins.of_kind("published", "text", "hint")
#: the origin suffix of a shown date labelled as an update, which names no publication
UPDATED = ":updated"
#: the origin suffix of a shown date labelled as the publication
PUBLISHED = ":published"


def _by_vote(
    parsed: list[tuple[When, str]], others: list[When], url_day: date | None = None
) -> tuple[When, str]:
    """The most trusted candidate of the day most distinct sources name (the
    URL's full date among them)."""
    votes: dict[Any, set[str]] = {url_day: {"url"}} if url_day else {}
    days = []
    for when, origin in parsed:
        day = day_of(localise(when, others))
        days.append(day)
        if origin == "time" and any("time" in v for v in votes.values()):
            continue  # later <time> elements mostly date other articles
        if origin.startswith(VOTERS) and not origin.endswith(UPDATED):
            # trafilatura's date is often the URL's: the two vote once; and
            # htmldate reads the generic meta date first: it adds no vote to it
            voter = "url" if origin == "trafilatura" and day == url_day else origin
            if voter == "trafilatura" and votes.get(day, set()) & GENERIC_META:
                continue
            votes.setdefault(day, set()).add(voter)
    top = max((len(v) for v in votes.values()), default=0)
    for (when, origin), day in zip(parsed, days, strict=True):
        if len(votes.get(day, ())) == top and not origin.endswith(UPDATED):  # names no publication
            return localise(when, others), origin
    return localise(parsed[0][0], others), parsed[0][1]


def _parse_all(values, fetched, options, order) -> list[tuple[When, str]]:
    tz = options.get("timezone")
    langs = tuple(options.get("languages") or ())
    parsed = []
    readings: dict[int, When] = {}  # the other reading of a date that reads both ways
    for value, origin in ranked(values, order):
        origin = _marked(str(value), origin, values)
        when = parse_date(
            value,
            fetched,
            tz=tz,
            languages=langs,
            date_order=options.get("date_order"),
            shown=origin.startswith(SHOWN),
        )
        if when is not None:
            if origin != "url" and (other := other_reading(str(value), when)) is not None:
                readings[len(parsed)] = other
            parsed.append((when, origin))
    return _confirmed_readings(parsed, readings) if readings else parsed


#: the origin suffixes of a date relative to the fetch time ("3 hours ago") and of a
#: print edition's date ("Ausgabe vom 26.04.2024"): neither outranks another date
RELATIVE, PRINT = ":relative", ":print"
#: the provenance suffix of a relative date counted from the clock (no fetch time known)
WALL_CLOCK = ":wall-clock"
WEAK = (RELATIVE, PRINT)
PRINT_LABEL = re.compile(labels.either(labels.PRINT_EDITION) + r"\b", re.I)
UPDATE_LABEL = re.compile(r"\W*(?:last\s+)?" + labels.either(labels.UPDATED), re.I)


def _marked(value: str, origin: str, values: list[tuple[Any, str]]) -> str:
    """`origin` with what its text says of the date: labelled as the publication,
    an update (a dateline that repeats a labelled update, as a live ticker shows
    its latest), a print edition, or relative to the fetch time.

    >>> values = [("Updated20:49, 5 Aug 2024", "dateline"), ("20:49, 5 Aug 2024", "dateline")]
    >>> [_marked(v, o, values) for v, o in values], _marked("Ausgabe vom 26.04.2024", "dateline", [])
    (['dateline:updated', 'dateline:updated'], 'dateline:print')
    >>> _marked("Publié il y a 3 heures", "dateline", []), _marked("Published: 2 May 2024", "dateline", [])
    ('dateline:relative', 'dateline:published')
    """
    if is_relative(value):
        return origin + RELATIVE
    if origin != "dateline":
        return origin
    if PRINT_LABEL.search(value):
        return origin + PRINT
    if labelled_published(value):
        return origin + PUBLISHED
    shown = [str(v) for v, o in values if o.startswith("dateline")]
    if UPDATE_LABEL.match(value) or any(
        v != value and v.endswith(value) and UPDATE_LABEL.search(v[: -len(value)]) for v in shown
    ):
        return origin + UPDATED
    return origin


def _confirmed_readings(
    parsed: list[tuple[When, str]], readings: dict[int, When]
) -> list[tuple[When, str]]:
    """`parsed` with a date that reads both ways ("02/10/2020") in the
    other reading when only that one names a day another candidate names
    (the page's locale may put the day first, whatever its language).

    >>> _confirmed_readings([(date(2020, 2, 10), "dateline"), (date(2020, 10, 2), "trafilatura")],
    ...                     {0: date(2020, 10, 2)})[0]
    (datetime.date(2020, 10, 2), 'dateline')
    """
    days = {day_of(w) for i, (w, _) in enumerate(parsed) if i not in readings}
    for i, other in readings.items():
        when, origin = parsed[i]
        if day_of(when) not in days and day_of(other) in days:
            parsed[i] = (other, origin)
    return parsed
