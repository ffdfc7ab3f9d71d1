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
from newsspider.extraction import labels
from newsspider.extraction.authors import (
    clean_authors,
    name_key,
    publisher_keys,
    shown_spelling,
    split_byline,
)
from newsspider.extraction.dates import (
    When,
    day_of,
    labelled_published,
    localise,
    other_reading,
    parse_date,
    to_iso,
    yearless_day,
)
from newsspider.extraction.titles import choose_title, norm
from newsspider.items import Article
from newsspider.urls import choose_canonical, date_from_url
from newsspider.workers import OffloadingPipeline

Candidates = dict[str, list[tuple[Any, str]]]

AUTHOR_GROUPS = (
    ("jsonld",),
    ("meta:author", "meta:article:author", "meta:dc.creator", "meta:parsely-author",
     "meta:sailthru.author", "meta:byl", "meta:twitter:data"),
    ("byline-text",),
    ("rel=author", "byline"),
    ("hint:",),
    ("trafilatura",),
)  # fmt: skip
#: trust among date sources: dates shown on the page before trafilatura's guess
#: and before the generic meta dates (`GENERIC_META`)
DATE_ORDER = (
    "jsonld", "meta:article:published_time", "itemprop", "meta:datePublished", "meta:pub",
    "meta:dc.date.issued", "meta:sailthru", "meta:parsely", "time[pubdate]", "hint:",
    "dateline", "data-date", "meta:", "time", "trafilatura", "url",
)  # fmt: skip
#: a bare <meta name="date"> or "dc.date" names no event (many CMSs put the
#: last change there): it ranks after the date shown to readers
GENERIC_META = {"meta:date", "meta:dc.date"}
MODIFIED_ORDER = ("jsonld", "meta:")
#: academic titles before a name
TITLES = re.compile(r"^(?:(?:Dr|Prof|Mag|Dipl)\.\s*)+")
#: the label before the names of a byline as shown: "By", "Written by", "Von"
BYLINE_LABEL = re.compile(r"^\s*" + labels.either((*labels.BY, "written by")) + r"\s+", re.I)
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
    bylines found in the markup are narrowed to the names another source confirms
    (or, if none is, to those of the first byline: the others may be other articles');
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
    publishers = publisher_keys(v for v, _ in candidates.get("site_name", []))
    groups = [[(v, o) for v, o in values if _in_group(o, group)] for group in AUTHOR_GROUPS]
    for people in (True, False):
        found = [
            clean_authors((v for v, _ in group), publisher, people, publishers) for group in groups
        ]
        for i, names in enumerate(found):
            if not names or len(names) > MAX_AUTHORS:  # a list of references, not a byline
                continue
            origin = groups[i][0][1]
            if origin in MARKUP_ORIGINS and len(names) > 1:
                first = next(
                    n
                    for v, _ in groups[i]
                    if (n := clean_authors([v], publisher, people, publishers))
                )
                others = [n for j, other in enumerate(found) if j != i for n in other]
                names = _confirmed(names, others) or first
            elif fuller := _fuller_byline(values, names, publisher, people):
                names, origin = fuller, "byline"
            shown = [n for other in found for n in other]
            names = [shown_spelling(n, shown) for n in names]
            names = [n for n in names if not _handle_of(n, names)]
            if people and len(names) == 1:
                names = [_site_owner(_full_name(names[0], shown), candidates.get("site_name", []))]
            return names, _byline(values, names), origin
    return [], None, None


def _handle_of(name: str, names: list[str]) -> bool:
    """`name` is another name of the list cut short, or one word that spells
    another name and more: a profile's user name ("annleeNYT" beside "Ann
    Lee"), not one more person.

    >>> _handle_of("annleeNYT", ["Ann Lee", "annleeNYT"]), _handle_of("Ann Lee", ["Ann Lee", "Ann Lee Roe"])
    (True, True)
    >>> _handle_of("Ann Lee", ["Ann Lee", "Annie Lee"])
    False
    """
    words = name_key(name).split()
    others = [name_key(n).split() for n in names]
    if any(len(o) > len(words) and o[: len(words)] == words for o in others):
        return True  # "Ann Lee" beside "Ann Lee Roe": the same person's name cut short
    key = "".join(words)
    return len(words) == 1 and any(len(o) > 1 and key.startswith("".join(o)) for o in others)


def _full_name(name: str, shown: list[str]) -> str:
    """The full name of a one-word author (a first name, as profiles often
    give it) when another source on the page names one person so.

    >>> _full_name("Ann", ["Ann", "Ann Lee"]), _full_name("Ann", ["Ann Lee", "Ann Roe"])
    ('Ann Lee', 'Ann')
    """
    if " " in name:
        return name
    fuller = {n for n in shown if len(n.split()) >= 2 and n.split()[0] == name}
    return fuller.pop() if len(fuller) == 1 else name


def _site_owner(name: str, site_names: list[tuple[Any, str]]) -> str:
    """The full name of a one-word author (a first name) when the site is
    named after them: a personal site.

    >>> _site_owner("Ann", [("Dr. Ann Lee", "og:site_name")]), _site_owner("Ann", [("Ann's Kitchen", "og:site_name")])
    ('Ann Lee', 'Ann')
    """
    if " " in name:
        return name
    for value, _ in site_names:
        for owner in split_byline(str(value)):
            words = TITLES.sub("", owner).split()
            if len(words) >= 2 and words[0] == name:
                return " ".join(words)
    return name


def _in_group(origin: str, group: tuple[str, ...]) -> bool:
    """`origin` is one of the group's or a kind of one ("jsonld:organization").

    >>> _in_group("jsonld:organization", ("jsonld",)), _in_group("byline-text", ("byline",))
    (True, False)
    """
    return any(origin == g or origin.startswith(g if g.endswith(":") else g + ":") for g in group)


#: a source crediting more people lists something else (a paper's references)
MAX_AUTHORS = 10
#: origins of bylines read from the page's markup, which may hold other articles' bylines
MARKUP_ORIGINS = ("byline", "rel=author", "byline-text")


def _fuller_byline(
    values, names: list[str], publisher: str | None, people: bool
) -> list[str] | None:
    """The names of the page's byline when it credits everyone `names` does
    and more people with full names (metadata often keeps only the first
    author): its first byline element, or its first byline in the text.

    >>> _fuller_byline([("Ann Lee", "rel=author"), ("By Ann Lee and Bo Chan on May 2", "byline-text")],
    ...                ["Ann Lee"], None, True)
    ['Ann Lee', 'Bo Chan']
    >>> _fuller_byline([("Ann Lee, Editor for Climate and Energy", "byline")], ["Ann Lee"], None, True)
    """
    keys = {name_key(n) for n in names}
    markup = [v for v, o in values if o in ("byline", "rel=author")]
    text = [v for v, o in values if o == "byline-text"]
    for shown in (markup[:1], text[:1]):
        found = clean_authors(shown, publisher=publisher, people=people)
        extra = [n for n in found if name_key(n) not in keys]
        if (
            extra
            and keys <= {name_key(n) for n in found}
            and all(len(n.split()) >= 2 for n in extra)
        ):
            return found
    return None


def _confirmed(names: list[str], others: list[str]) -> list[str]:
    """The names another source also gives."""
    keys = {name_key(n) for n in others}
    return [n for n in names if name_key(n) in keys]


def _byline(values: list[tuple[Any, str]], names: list[str]) -> str:
    for value, origin in values:
        if origin in ("byline", "rel=author") and names[0] in value and split_byline(value):
            text = BYLINE_LABEL.sub("", value)
            if len(text) <= 200:
                return text.strip()
    return ", ".join(names)


def choose_date(
    values: list[tuple[Any, str]],
    fetched: datetime,
    options: dict[str, Any],
    order=DATE_ORDER,
    modified: list[tuple[Any, str]] = (),
) -> tuple[When, str] | None:
    """The date the page shows labelled as its publication, else the
    plausible date most distinct sources name (ties go to the most
    trusted), shown in the publisher's own zone (a shown date without a year
    beats trafilatura's guess when that is all there is); a full date in the URL
    overrules a UTC date a day off or a far later one; a page that shows only
    a later update (of the `modified` candidates) is dated by it; a date-only
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
    if url_day is None and (shown := _yearless_shown(values, parsed, options)):
        return shown
    if not parsed:
        return (url_day, "url") if url_day else None
    others = [w for w, _ in parsed]
    labelled = next(((w, o) for w, o in parsed if o.endswith(PUBLISHED)), None)
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
        if shown := _shown_update(parsed, best, updates):
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
VOTERS = ("jsonld", "meta:", "itemprop", "time", "trafilatura", "dateline", "data-date")
#: origins of dates shown to readers (not metadata)
SHOWN = ("dateline", "hint:")
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
    for value, origin in _ranked(values, order):
        if origin == "dateline" and labelled_published(str(value)):
            origin += PUBLISHED
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
    if found := choose_date(dates, fetched_at, options, modified=candidates.get("modified", [])):
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
