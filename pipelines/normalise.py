"""Normalise step: choose title, authors, dates, canonical URL, language and
the rest from the extract step's candidates, and record where each came from.

CPU-heavy (dateparser), so it runs in the worker processes too.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urljoin

from newsspider import EXTRACTOR_VERSION
from newsspider.extraction.authors import clean_authors, name_key, split_byline
from newsspider.extraction.dates import When, day_of, localise, parse_date, to_iso
from newsspider.extraction.titles import choose_title, norm
from newsspider.items import Article
from newsspider.urls import choose_canonical, date_from_url
from newsspider.workers import OffloadingPipeline

Candidates = dict[str, list[tuple[Any, str]]]

AUTHOR_GROUPS = (
    ("jsonld",),
    ("meta:author", "meta:article:author", "meta:dc.creator", "meta:parsely-author",
     "meta:sailthru.author", "meta:byl", "meta:twitter:data"),
    ("rel=author", "byline"),
    ("byline-text",),
    ("hint:",),
    ("trafilatura",),
)  # fmt: skip
DATE_ORDER = (
    "jsonld", "meta:article:published_time", "itemprop", "meta:", "time[pubdate]", "hint:",
    "trafilatura", "time", "dateline", "url",
)  # fmt: skip
MODIFIED_ORDER = ("jsonld", "meta:")
LANG = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$", re.I)


def _ranked(values: list[tuple[Any, str]], order: tuple[str, ...]) -> list[tuple[Any, str]]:
    def rank(item: tuple[Any, str]) -> int:
        return next((i for i, p in enumerate(order) if item[1].startswith(p)), len(order))

    return sorted(values, key=rank)


def choose_site_name(candidates: Candidates) -> str | None:
    """The site's name as the page declares it; trafilatura's guess last.

    >>> choose_site_name({"site_name": [("Rain!", "trafilatura"), ("Daily Planet", "og:site_name")]})
    'Daily Planet'
    """
    ranked = _ranked(candidates.get("site_name", []), ("og:", "jsonld", "meta:", "trafilatura"))
    return next((str(v) for v, _ in ranked), None)


def choose_authors(candidates: Candidates) -> tuple[list[str], str | None, str | None]:
    """(authors, byline as shown, origin), from the most trusted group that names people;
    bylines found in the markup are narrowed to the names another source confirms;
    when no person is credited anywhere, an organisation credited as author.

    >>> choose_authors({"authors": [("Daily Planet", "jsonld:organization"),
    ...                             ("By Ann Lee and Bo Chan", "byline")]})
    (['Ann Lee', 'Bo Chan'], 'Ann Lee and Bo Chan', 'byline')
    >>> choose_authors({"authors": [("Ann Lee", "byline"), ("Cy Dee", "byline"),
    ...                             ("Ann Lee", "trafilatura")]})
    (['Ann Lee'], 'Ann Lee', 'byline')
    >>> choose_authors({"authors": [("Ann Lee", "meta:author"), ("By Ann Lee and Bo Chan", "byline")]})
    (['Ann Lee', 'Bo Chan'], 'Ann Lee and Bo Chan', 'byline')
    >>> choose_authors({"authors": [("By The Associated Press", "byline")]})
    (['The Associated Press'], 'The Associated Press', 'byline')
    """
    values = candidates.get("authors", [])
    publisher = choose_site_name(candidates)
    groups = [[(v, o) for v, o in values if o.startswith(group)] for group in AUTHOR_GROUPS]
    for people in (True, False):
        found = [
            clean_authors((v for v, _ in group), publisher=publisher, people=people)
            for group in groups
        ]
        for i, names in enumerate(found):
            if not names:
                continue
            origin = groups[i][0][1]
            if origin in MARKUP_ORIGINS and len(names) > 1:
                names = _confirmed(
                    names, [n for j, other in enumerate(found) if j != i for n in other]
                )
            elif fuller := _fuller_byline(values, names, publisher, people):
                names, origin = fuller, "byline"
            return names, _byline(values, names), origin
    return [], None, None


#: origins of bylines read from the page's markup, which may hold other articles' bylines
MARKUP_ORIGINS = ("byline", "rel=author", "byline-text")


def _fuller_byline(
    values, names: list[str], publisher: str | None, people: bool
) -> list[str] | None:
    """The names of the page's first byline when it credits everyone `names`
    does and more (metadata often keeps only the first author)."""
    first = next((v for v, o in values if o in MARKUP_ORIGINS), None)
    if first is None:
        return None
    shown = clean_authors([first], publisher=publisher, people=people)
    keys = {name_key(n) for n in shown}
    if len(shown) > len(names) and all(name_key(n) in keys for n in names):
        return shown
    return None


def _confirmed(names: list[str], others: list[str]) -> list[str]:
    """The names another source also gives, if any does; else all of them."""
    keys = {name_key(n) for n in others}
    confirmed = [n for n in names if name_key(n) in keys]
    return confirmed or names


def _byline(values: list[tuple[Any, str]], names: list[str]) -> str:
    for value, origin in values:
        if origin in ("byline", "rel=author") and names[0] in value and split_byline(value):
            text = re.sub(r"^\s*(by|written by|von|par|por)\s+", "", value, flags=re.I)
            if len(text) <= 200:
                return text.strip()
    return ", ".join(names)


def choose_date(
    values: list[tuple[Any, str]], fetched: datetime, options: dict[str, Any], order=DATE_ORDER
) -> tuple[When, str] | None:
    """The plausible date most distinct sources name (ties go to the most
    trusted), shown in the publisher's own zone; a full date in the URL
    overrules a UTC date a day off or a far later one; a date-only value is
    completed with the time of a later candidate on the same day.

    >>> fetched = datetime(2024, 1, 1, tzinfo=UTC)
    >>> choose_date([("2023-11-09T05:30:59Z", "jsonld"), ("2023-11-08 23:30:59", "time")],
    ...             fetched, {})[0].isoformat()
    '2023-11-08T23:30:59-06:00'
    >>> choose_date([("2019-06-17", "jsonld"), ("2017-07-12", "url")], fetched, {})
    (datetime.date(2017, 7, 12), 'url')
    """
    parsed = _parse_all(values, fetched, options, order)
    url_day = next((w for w, o in parsed if o == "url" and not isinstance(w, datetime)), None)
    parsed = [(w, o) for w, o in parsed if o != "url"]
    if not parsed:
        return (url_day, "url") if url_day else None
    others = [w for w, _ in parsed]
    best, origin = _by_vote(parsed, others)
    if url_day is not None and _url_overrules(best, url_day):
        agreeing = [(w, o) for w, o in parsed if day_of(localise(w, others)) == url_day]
        if not agreeing:
            return url_day, "url"
        best, origin = localise(agreeing[0][0], others), agreeing[0][1]
    if not isinstance(best, datetime):
        for when in others:
            if isinstance(when, datetime) and when.date() == best:
                return when, origin
    return best, origin


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
VOTERS = ("jsonld", "meta:", "itemprop", "time[pubdate]", "trafilatura", "dateline")


def _by_vote(parsed: list[tuple[When, str]], others: list[When]) -> tuple[When, str]:
    """The most trusted candidate of the day most distinct sources name."""
    votes: dict[Any, set[str]] = {}
    days = []
    for when, origin in parsed:
        day = day_of(localise(when, others))
        days.append(day)
        if origin.startswith(VOTERS):
            votes.setdefault(day, set()).add(origin)
    top = max((len(v) for v in votes.values()), default=0)
    for (when, origin), day in zip(parsed, days, strict=True):
        if len(votes.get(day, ())) == top:
            return localise(when, others), origin
    return localise(parsed[0][0], others), parsed[0][1]


def _parse_all(values, fetched, options, order) -> list[tuple[When, str]]:
    tz = options.get("timezone")
    langs = tuple(options.get("languages") or ())
    parsed = []
    for value, origin in _ranked(values, order):
        when = parse_date(
            value, fetched, tz=tz, languages=langs, date_order=options.get("date_order")
        )
        if when is not None:
            parsed.append((when, origin))
    return parsed


def normalise_fields(
    candidates: Candidates, paragraphs: list[str], url: str, fetched: str, options: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The article's columns and their provenance."""
    record: dict[str, Any] = {}
    prov: dict[str, str] = {}
    fetched_at = datetime.fromisoformat(fetched) if fetched else datetime.now(UTC)
    canonical = next((v for v, _ in candidates.get("canonical", [])), None)
    record["url"] = choose_canonical(url, canonical)
    prov["url"] = (
        "link:canonical" if canonical and record["url"] != choose_canonical(url, None) else "url"
    )
    site_name = choose_site_name(candidates)
    if title := choose_title(candidates.get("title", []), site_name, url):
        record["title"], prov["title"] = title
    authors, byline, origin = choose_authors(candidates)
    record["authors"], record["byline"] = authors, byline
    if origin:
        prov["authors"] = origin
    record["language"] = _language(candidates, options, prov)
    options = _with_languages(options, record["language"])
    dates = list(candidates.get("published", []))
    if url_date := date_from_url(url):
        dates.append((url_date, "url"))
    if found := choose_date(dates, fetched_at, options):
        record["published"], record["published_utc"] = to_iso(found[0])
        prov["published"] = found[1]
    if found := choose_date(candidates.get("modified", []), fetched_at, options, MODIFIED_ORDER):
        modified = to_iso(found[0])
        if modified[1] >= record.get("published_utc", ""):
            record["modified"], prov["modified"] = modified[0], found[1]
    for field in ("description", "section"):
        if values := candidates.get(field):
            record[field], prov[field] = values[0]
    record["tags"] = _tags(candidates.get("tags", []))
    if images := candidates.get("image"):
        record["image"], prov["image"] = urljoin(url, str(images[0][0])), images[0][1]
    body = "\n\n".join(paragraphs)
    record["body"] = body
    record["word_count"] = count_words(body)
    record["content_hash"] = content_hash(body)
    record["extractor_version"] = EXTRACTOR_VERSION
    return record, prov


def _with_languages(options: dict[str, Any], language: str | None) -> dict[str, Any]:
    """The source's options, with the page's language (and English) for
    dateparser when the source names none: trying every locale costs it
    about ten times more.

    >>> _with_languages({}, "de")["languages"], _with_languages({"languages": ["fr"]}, "de")["languages"]
    (['de', 'en'], ['fr'])
    """
    if options.get("languages") or not language:
        return options
    return {**options, "languages": list(dict.fromkeys([language, "en"]))}


def _language(candidates: Candidates, options: dict[str, Any], prov: dict[str, str]) -> str | None:
    for value, origin in _ranked(
        candidates.get("language", []), ("html:lang", "jsonld", "meta:", "og:", "trafilatura")
    ):
        if m := LANG.match(str(value).strip()):
            prov["language"] = origin
            return m.group(1).lower()
    languages = options.get("languages") or []
    if len(languages) == 1:
        prov["language"] = "source"
        return languages[0]
    return None


def _tags(values: list[tuple[Any, str]]) -> list[str]:
    tags: dict[str, str] = {}
    for value, _ in values:
        for tag in str(value).split(","):
            tag = tag.strip()
            if tag and len(tag) <= 60:
                tags.setdefault(tag.casefold(), tag)
    return list(tags.values())[:30]


#: Scripts written without spaces between words: each character counts as a word.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")


def count_words(text: str) -> int:
    """Words of `text`, each Chinese or Japanese character counted as one word
    (as word processors do), since those scripts put no spaces between words.

    >>> count_words("Rain floods town."), count_words("北京今天下雨 (AP)")
    (3, 7)
    """
    cjk = len(CJK.findall(text))
    if not cjk:
        return len(text.split())
    return cjk + len(CJK.sub(" ", text).split())


def content_hash(body: str) -> str:
    """A hash of the body's words, blind to case, punctuation and spacing.

    >>> content_hash("Hello,  world!") == content_hash("hello world")
    True
    """
    return hashlib.sha256(norm(body).replace('"', "").replace("'", "").encode()).hexdigest()[:32]


class NormalisePipeline(OffloadingPipeline):
    async def process_item(self, item):
        if not isinstance(item, Article) or item.error is not None:
            return item
        page = item.page
        item.record, item.provenance = await self.workers.run(
            normalise_fields,
            item.candidates,
            item.paragraphs,
            page.final_url or page.url,
            page.fetched,
            page.options,
        )
        item.record["source"] = page.source
        return item
