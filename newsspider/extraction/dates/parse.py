"""Parse and choose publication dates.

Cheap parsers first (ISO 8601, RFC 2822), dateparser only when they fail and
always with the source's languages; relative dates ("2 hours ago") count from
the fetch time. Dates after the fetch time (plus a day) or before 1990 are
refused.

    >>> fetched = datetime(2024, 5, 2, 12, 0, tzinfo=timezone.utc)
    >>> parse_date("2024-05-01T09:30:00+02:00", fetched).isoformat()
    '2024-05-01T09:30:00+02:00'
    >>> parse_date("Wed, 01 May 2024 07:30:00 GMT", fetched).isoformat()
    '2024-05-01T07:30:00+00:00'
    >>> parse_date("2 hours ago", fetched).isoformat()
    '2024-05-02T10:00:00+00:00'
    >>> parse_date("2031-01-01", fetched) is None
    True
    >>> parse_date("1970-01-01", fetched) is None
    True
    >>> str(parse_date("2024-04-30", fetched))
    '2024-04-30'
    >>> str(parse_date("10.12.2022, 07:00", fetched).date())
    '2022-12-10'
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone  # noqa: F401 (timezone: the doctests)
from email.utils import parsedate_to_datetime
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from newsspider.extraction import labels
from newsspider.extraction.dates.zones import When

EARLIEST = date(1990, 1, 1)
DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HAS_DIGIT = re.compile(r"\d")
RELATIVE = re.compile(
    r"\b(ago|yesterday|today|hours?|minutes?|mins?|seconds?|days?|weeks?)\b", re.I
)
#: a relative date in any of the `labels` languages: "il y a 3 heures", "vor 2 Stunden",
#: "prije 26 minuta", "2 hours ago", "3시간 전", "gestern"
RELATIVE_ANY = re.compile(
    rf"(?:^|\s|\b){labels.either(labels.AGO)}\s+\d+\s*{labels.either(labels.TIME_UNITS)}"
    rf"|\d+\s*{labels.either(labels.TIME_UNITS)}\w*\.?\s*{labels.either(labels.AGO)}(?:\s|$|\W)"
    rf"|(?:^|\W){labels.either(labels.RELATIVE_DAYS)}(?:\W|$)",
    re.I,
)
#: the label before a date: "Published:", "Last updated on", "Publié le"
PREFIX = re.compile(
    r"^\s*"
    + labels.either(
        (
            "first published",
            "last updated",
            *labels.UPDATED[:2],
            "date",
            "on",
            "le",
            "am",
            *(w for w in labels.POSTED if w not in ("written", "erstellt")),
            "pubblicato",
        )
    )
    + r"\s*[:\-]?\s*(on\s+)?",
    re.I,
)
RFC2822 = re.compile(r"^(?:[a-z]{3},\s*)?\d{1,2}\s+[a-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}", re.I)
#: "10.12.2022": dotted numeric dates put the day first wherever they are used.
DOTTED_DMY = re.compile(r"(?<![\d.])\d{1,2}\.\s?\d{1,2}\.\s?(\d{4}|\d{2})(?!\d|\.\d)")
#: "Dec 23", "4. Januar": a day and month without a year, which dateparser
#: would read as a month and year
YEARLESS = re.compile(r"^\W*(?:[^\W\d_]{3,}\.?\s+\d{1,2}|\d{1,2}\.?\s+[^\W\d_]{3,}\.?)\W*$")
#: "06月24日 11時30分": a Chinese or Japanese day and month without a year
YEARLESS_CJK = re.compile(r"^[^年]*\d{1,2}月\d{1,2}日[^年]*$")
#: a shown day and month without a year: "12.03. | Review", "Feb 07", "[03月14日 09時15分]"
YEARLESS_DAY = re.compile(
    r"^\W*(?:(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?![\d.])|(?P<cm>\d{1,2})月(?P<cd>\d{1,2})日(?![^年]*年)"
    r"|(?P<mon>[^\W\d_]{3,})\.?\s+(?P<md>\d{1,2})\W*$|(?P<dm>\d{1,2})\.?\s+(?P<mon2>[^\W\d_]{3,})\.?\W*$)"
)
SLASHED = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/(\d{4}|\d{2})(?![\d/])")
#: a shown date labelled as the publication: "Published: May 2, 2024", "Erschienen am 2.5.2024"
PUBLISHED_LABEL = re.compile(r"\W*(?:first\s+)?" + labels.either(labels.PUBLISHED) + r"\b", re.I)
#: a clock time, "1:23", "10h30", "09.15:00": what is left once these are gone must
#: hold a digit (a year at least) for dateparser, which requires a month and a year
CLOCK_TIME = re.compile(r"\d{1,2}[:h.]\d{2}(?::\d{2})?")
SUFFIX = re.compile(r"\s*(\||·|•|updated|last updated|modified).*$", re.I)
_MONTH = r"[^\W\d_]{3,}\.?"
_YEAR = r"(?:19|20)\d{2}"
_TIME = (
    r"(?:,?\s*(?:at|um|à|a las|-|@|/)?\s*\d{1,2}[:h.]\d{2}(?::\d{2})?"
    r"(?:\s*[ap]\.?\s?m\b\.?)?(?:\s*(?:[A-Z]{3,4}\b|[+-]\d{2}:?\d{2}))?)?"
)
#: the date (and time) inside a longer text: "Updated 10:10 GMT March 14, 2021",
#: "Sunday 17 December 2023 17:23, UK", "Von Ann Lee 4. 2. 2022."
DATE_SPAN = re.compile(
    rf"(?<!\d)(?P<date>{_YEAR}-\d{{1,2}}-\d{{1,2}}(?=\b|T)"
    rf"|\d{{1,2}}\.?\s?[./]?\s?\d{{1,2}}\s?[./]\s?(?:{_YEAR}|\d{{2}}(?!\d))"
    rf"|\d{{1,2}}\.?\s+(?:de\s+)?{_MONTH},?\s+(?:de\s+)?{_YEAR}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}"
    rf"|{_YEAR}年\d{{1,2}}月\d{{1,2}}日)(?P<time>(?:T\d{{2}}:\d{{2}}\S*)?{_TIME})",
    re.I,
)


#: dateparser's languages for a page whose language is unknown: the common
#: languages of news (every locale it knows costs 1.7 s of loading in each worker
#: and about 15 ms a call; these, 0.4 s and a few ms)
COMMON_LANGUAGES = (
    "en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "uk", "cs", "sv", "da", "nb", "fi", "hu",
    "ro", "tr", "el", "ja", "zh", "ko", "ar", "id",
)  # fmt: skip

#: month names for the cheap parser below, by language (a page in another
#: language goes to dateparser); each also matches its first three and four letters
MONTHS = {
    "en": ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"),
    "de": ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august",
           "september", "oktober", "november", "dezember"),
}  # fmt: skip
_WEEKDAY = (
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?|montag|dienstag|mittwoch|"
    r"donnerstag|freitag|samstag|sonntag|mo|di|mi|do|fr|sa|so)\.?,?\s+"
)
_CLOCK = (
    r"(?:,?\s*(?:at\s+|um\s+|-\s*)?(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:[:.](?P<s>\d{2}))?"
    r"\s*(?P<ap>[ap]\.?\s?m\.?)?(?:\s*uhr)?)?\s*$"
)
#: "Dec 23, 2023", "Wednesday, 20th November 2019, 9:28 am", "25. Januar 2022 um 10:00
#: Uhr", "30.07.2021 11:38": read without dateparser (a zone or any other word: dateparser)
NAMED_DATES = tuple(
    re.compile(rf"^(?:{_WEEKDAY})?{pattern}{_CLOCK}", re.I)
    for pattern in (
        r"(?P<d>\d{1,2})\.(?P<mo>\d{1,2})\.(?P<y>\d{4})",
        r"(?P<mon>[^\W\d_]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})",
        r"(?P<d>\d{1,2})(?:st|nd|rd|th|\.)?\s+(?P<mon>[^\W\d_]{3,9})\.?,?\s+(?P<y>\d{4})",
    )
)


def parse_date(
    text: str,
    fetched: datetime,
    *,
    tz: str | None = None,
    languages: tuple[str, ...] = (),
    date_order: str | None = None,
    shown: bool = True,
) -> When | None:
    """A date or an aware datetime, or None when `text` is not a plausible date.

    A naive time is taken in the source's time zone `tz` when known. Numeric
    dates `shown` to readers follow the page's language; metadata's do not.
    """
    text = " ".join(str(text).split())[:100]
    if not text or not (HAS_DIGIT.search(text) or sounds_relative(text)):
        return None
    if YEARLESS.match(text) or YEARLESS_CJK.match(text):
        return None
    value = _cheap(text)
    if value is None and date_order is None:
        date_order = _numeric_order(text, languages if shown else ())
    span = DATE_SPAN.search(text) if value is None else None
    if span:
        value = _span(span, fetched, tz, languages, date_order)
    if value is None and not (span and span.group() == text):
        value = _dateparser(
            SUFFIX.sub("", PREFIX.sub("", text)), fetched, tz, languages, date_order
        )
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(tz)) if tz else value
    return value if _plausible(value, fetched) else None


def is_relative(text: str) -> bool:
    """`text` gives a date relative to when it was read ("2 hours ago"; not
    a reading time, "3 min read").

    >>> [is_relative(t) for t in ("il y a 3 heures", "vor 2 Stunden", "prije 26 minuta",
    ...                           "2 hours ago", "3시간 전", "Gestern, 10:00", "2 May 2024, 3 min read")]
    [True, True, True, True, True, True, False]
    """
    return bool(RELATIVE_ANY.search(text))


def sounds_relative(text: str) -> bool:
    """`is_relative`, or an English time word anywhere ("hours", "today"): what
    keeps a text from being read as an absolute date.

    >>> sounds_relative("updated hours later"), sounds_relative("vor 2 Stunden"), sounds_relative("2 May")
    (True, True, False)
    """
    return bool(RELATIVE.search(text)) or is_relative(text)


def labelled_published(text: str) -> bool:
    """A shown date labelled as the publication, naming its day for sure: a
    relative one ("Posted 3 hours ago") is too rough, and "05/02/2020" may
    put the day or the month first.

    >>> labelled_published("Published: May 2, 2024"), labelled_published("Posted 3 hours ago")
    (True, False)
    >>> labelled_published("Posted 05/02/2020"), labelled_published("Posted 25/02/2020")
    (False, True)
    """
    if not PUBLISHED_LABEL.match(text) or sounds_relative(text):
        return False
    return _both_ways(text) is None


def yearless_day(text: str, year: int, languages: tuple[str, ...] = ()) -> date | None:
    """The day of `year` a shown date without a year names.

    >>> yearless_day("12.03. | Review", 2021), yearless_day("[03月14日 09時15分]", 2021)
    (datetime.date(2021, 3, 12), datetime.date(2021, 3, 14))
    >>> yearless_day("Feb 07", 2021), yearless_day("7. Februar", 2021, ("de",))
    (datetime.date(2021, 2, 7), datetime.date(2021, 2, 7))
    >>> yearless_day("3 comments", 2021), yearless_day("30.11.2022", 2021)
    (None, None)
    """
    if (m := YEARLESS_DAY.match(text)) is None:
        return None
    if m["d"] or m["cd"]:
        month, day = int(m["m"] or m["cm"]), int(m["d"] or m["cd"])
    else:
        month, day = _month(m["mon"] or m["mon2"], languages) or 0, int(m["md"] or m["dm"])
    try:
        return date(year, month, day)
    except ValueError:
        return None


def other_reading(text: str, value: When) -> When | None:
    """`value` with day and month swapped when `text` writes it as a
    slashed date that reads both ways ("02/10/2020": 2 October in Britain,
    February 10 in the US); None when it reads one way only.

    >>> other_reading("02/10/2020", date(2020, 2, 10)), other_reading("25/10/2020", date(2020, 10, 25))
    (datetime.date(2020, 10, 2), None)
    """
    both = _both_ways(text)
    if both is None or both[0] == both[1] or {value.day, value.month} != set(both):
        return None
    return value.replace(month=value.day, day=value.month)


def _both_ways(text: str) -> tuple[int, int] | None:
    """The first two numbers of a slashed date in `text` when either may be
    the month ("05/02/2020"), else None.

    >>> _both_ways("Posted 05/02/2020"), _both_ways("25/02/2020"), _both_ways("May 2")
    ((5, 2), None, None)
    """
    slashed = SLASHED.search(text)
    if not slashed:
        return None
    first, second = (int(n) for n in slashed.group().split("/")[:2])
    return (first, second) if max(first, second) <= 12 else None


def _numeric_order(text: str, languages: tuple[str, ...]) -> str | None:
    """`"DMY"` for a numeric date that puts the day first: a dotted one, or a
    slashed one on a page in a language other than English (English alone
    writes the month first).

    >>> _numeric_order("10.12.2022", ()), _numeric_order("08/05/2022", ("es", "en"))
    ('DMY', 'DMY')
    >>> _numeric_order("08/05/2022", ("en",)) is None
    True
    """
    if DOTTED_DMY.search(text):
        return "DMY"
    if languages and languages[0] != "en" and SLASHED.search(text):
        return "DMY"
    return None


def _span(span: re.Match, fetched, tz, languages, date_order) -> When | None:
    """The date (with its time when that reads) a `DATE_SPAN` match names."""
    for text in dict.fromkeys((span.group(), span["date"])):
        value = _cheap(text) or _dateparser(text, fetched, tz, languages, date_order)
        if _plausible(value, fetched):
            return value
    return None


def _cheap(text: str) -> When | None:
    if DATE_ONLY.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        pass
    if not RFC2822.match(text):  # its parser reads much else, dropping zone names
        return None
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def named_date(
    text: str, languages: tuple[str, ...] = (), date_order: str | None = None
) -> When | None:
    """A date (or naive time) written with a month's name or day-first dots,
    as dateparser would read it, for a fraction of its cost; None for
    anything else.

    >>> named_date("Dec 23, 2023"), named_date("25. Januar 2022", ("de", "en"))
    (datetime.date(2023, 12, 23), datetime.date(2022, 1, 25))
    >>> named_date("Wednesday, 20th November 2019, 9:28 p.m.")
    datetime.datetime(2019, 11, 20, 21, 28)
    >>> named_date("Dec 23, 2023 8:25 AM EST"), named_date("23 décembre 2023", ("fr", "en"))
    (None, None)
    """
    for pattern in NAMED_DATES:
        if (m := pattern.match(text)) is None:
            continue
        if m.groupdict().get("mon") is None and date_order not in (None, "DMY"):
            return None
        month = int(m["mo"]) if m.groupdict().get("mo") else _month(m["mon"], languages)
        try:
            day = date(int(m["y"]), month or 0, int(m["d"]))
        except ValueError:
            return None
        if m["h"] is None:
            return day
        hour = int(m["h"])
        if m["ap"]:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if m["ap"][0].lower() == "p" else 0)
        try:
            return datetime(day.year, day.month, day.day, hour, int(m["m"]), int(m["s"] or 0))
        except ValueError:
            return None
    return None


def _month(name: str, languages: tuple[str, ...]) -> int | None:
    for lang in dict.fromkeys((*languages, "en")):
        if lang not in MONTHS:
            return None  # month names we do not know: dateparser's to read
        if month := _month_numbers(lang).get(name.lower()):
            return month
    return None


@cache
def _month_numbers(lang: str) -> dict[str, int]:
    return {n[:k]: i for i, n in enumerate(MONTHS[lang], 1) for k in (3, 4, len(n))}


def _dateparser(text, fetched, tz, languages, date_order) -> When | None:
    if (value := named_date(text, tuple(languages), date_order)) is not None:
        return value
    relative = sounds_relative(text)
    if not relative and not HAS_DIGIT.search(CLOCK_TIME.sub("", text)):
        return None  # "at 1:23 p.m.": a time with no date, and no year for dateparser
    base = fetched.astimezone(UTC).replace(tzinfo=None) if relative else None
    parser = _parser(tuple(languages), date_order, base)
    try:
        data = parser.get_date_data(text)
    except (ValueError, OverflowError, TypeError, AttributeError, KeyError):
        return None
    if data is None or data.date_obj is None:
        return None
    value = data.date_obj
    if relative and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    if data.period in ("month", "year"):  # no day named: dateparser puts today's day
        return None
    return value.date() if data.period == "day" else value


@lru_cache(maxsize=64)
def _parser(languages: tuple[str, ...], date_order: str | None, base: datetime | None):
    """A dateparser parser per (languages, order); relative dates need their own base.
    With no languages, the common ones (`COMMON_LANGUAGES`), never every locale."""
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    else:
        settings["REQUIRE_PARTS"] = ["month", "year"]
    if date_order:
        settings["DATE_ORDER"] = date_order
    return DateDataParser(
        languages=list(languages or COMMON_LANGUAGES), try_previous_locales=False, settings=settings
    )


def _plausible(value: When | None, fetched: datetime) -> bool:
    if value is None:
        return False
    day = value.date() if isinstance(value, datetime) else value
    latest = (fetched + timedelta(days=1)).date()
    if isinstance(value, datetime) and value.tzinfo is not None and fetched.tzinfo is not None:
        return day >= EARLIEST and value <= fetched + timedelta(days=1)
    return EARLIEST <= day <= latest


# --- Choosing among candidates ---------------------------------------------
