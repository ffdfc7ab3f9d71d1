"""Load and validate ``data/sources.toml``.

Every problem is reported before a single request is made, naming the file,
the source and the key::

    >>> load_sources_text('[[source]]\\nname = "a"\\nhomepage = "ftp://x"', "s.toml")
    Traceback (most recent call last):
    ...
    newsspider.sources.SourcesError: s.toml: source 'a': key 'homepage': not an http(s) URL: 'ftp://x'
"""

from __future__ import annotations

import re
import tomllib
import zoneinfo
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

KEYS = {
    "name",
    "homepage",
    "feeds",
    "sitemaps",
    "sections",
    "allowed_domains",
    "article_pattern",
    "languages",
    "timezone",
    "date_order",
    "drop_selectors",
    "keep_selectors",
    "render",
    "render_listings",
}
URL_LIST_KEYS = ("feeds", "sitemaps", "sections")
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
DATE_ORDERS = {"DMY", "MDY", "YMD"}
#: how a source's pages are fetched: plain HTTP, or rendered by Chromium (newsspider/render.py)
RENDER_MODES = ("none", "browser")


class SourcesError(ValueError):
    """The sources file is missing or invalid: `lines` holds one line per
    mistake (each naming the file, and the source and key when there are)."""

    def __init__(self, lines: str | list[str]) -> None:
        self.lines = [lines] if isinstance(lines, str) else list(lines)
        super().__init__("\n".join(self.lines))


@dataclass(frozen=True)
class Source:
    name: str
    homepage: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    allowed_domains: tuple[str, ...] = ()
    article_pattern: str | None = None
    languages: tuple[str, ...] = ()
    timezone: str | None = None
    date_order: str | None = None
    drop_selectors: tuple[str, ...] = ()
    keep_selectors: tuple[str, ...] = ()
    render: str = "none"  #: "browser": article pages are rendered by Chromium
    render_listings: bool = False  #: section pages are rendered too
    _pattern: re.Pattern[str] | None = field(default=None, repr=False, compare=False)

    def is_article_url(self, url: str) -> bool:
        """True when `url` matches the source's article pattern (or it has none)."""
        return self._pattern is None or bool(self._pattern.search(url))

    def allows(self, url: str) -> bool:
        """True when `url`'s host is one of the source's domains or a subdomain."""
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    def options(self) -> dict[str, Any]:
        """What the pipelines need to know about the source, carried on each item."""
        return {
            "languages": list(self.languages),
            "timezone": self.timezone,
            "date_order": self.date_order,
            "drop_selectors": list(self.drop_selectors),
            "keep_selectors": list(self.keep_selectors),
        }


def load_sources(path: str | Path) -> list[Source]:
    """Read and validate a sources file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourcesError(f"{path}: cannot read sources file: {exc.strerror}") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourcesError(
            f"{path}: not UTF-8 text: byte 0x{data[exc.start]:02x} on line {line}; "
            "save the file as UTF-8"
        ) from exc
    return load_sources_text(text, str(path))


def load_sources_text(text: str, where: str = "sources.toml") -> list[Source]:
    """Sources from the text of a sources file named `where`; every mistake
    of the file is reported at once, one line each:

    >>> load_sources_text('[[source]]\\nname = "a"\\nhomepage = "http://[::1"\\nlanguages = ["english"]', "s.toml")
    Traceback (most recent call last):
    ...
    newsspider.sources.SourcesError: s.toml: source 'a': key 'homepage': not a URL: 'http://[::1' (Invalid IPv6 URL)
    s.toml: source 'a': key 'languages': 'english' is not an ISO 639-1 code: write 'en' for English
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{where}: not valid TOML: {exc}") from exc
    problems = [f"{where}: unknown top-level key {key!r}" for key in data if key != "source"]
    entries = data.get("source")
    if not isinstance(entries, list) or not entries:
        raise SourcesError([*problems, f"{where}: no [[source]] entries"])
    sources = []
    for index, entry in enumerate(entries, 1):
        source, mistakes = _source(entry, where, index)
        problems += mistakes
        if source is not None:
            sources.append(source)
    names = [s.name for s in sources]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"{where}: source {name!r}: key 'name': duplicate name")
    if problems:
        raise SourcesError(problems)
    return sources


def _source(entry: Any, where: str, index: int) -> tuple[Source | None, list[str]]:
    """The source of one ``[[source]]`` table, or None and its mistakes."""
    if not isinstance(entry, dict):
        return None, [f"{where}: source #{index}: not a table: write it as [[source]]"]
    name = entry.get("name")
    label = f"source {name!r}" if isinstance(name, str) and name else f"source #{index}"
    problems: list[str] = []

    def fail(key: str, why: str) -> None:
        problems.append(f"{where}: {label}: key {key!r}: {why}")

    for key in entry:
        if key not in KEYS:
            fail(key, f"unknown key (allowed: {', '.join(sorted(KEYS))})")
    if not isinstance(name, str) or not NAME_RE.match(name):
        fail("name", "missing, or not a lower-case name like 'harbour-times'")
    homepage = _url(entry.get("homepage"), fail, "homepage")
    urls = {key: tuple(_urls(entry, key, fail)) for key in URL_LIST_KEYS}
    domains = tuple(d.lower().strip(".") for d in _strings(entry, "allowed_domains", fail))
    if not domains:
        hosts = [urlsplit(u).hostname for u in (homepage or "", *sum(urls.values(), ()))]
        domains = tuple(dict.fromkeys(h for h in hosts if h))
    pattern = _regex(entry.get("article_pattern"), fail)
    source = Source(
        name=name,
        homepage=homepage,
        allowed_domains=domains,
        article_pattern=pattern.pattern if pattern else None,
        languages=tuple(_languages(entry, fail)),
        timezone=_timezone(entry.get("timezone"), fail),
        date_order=_date_order(entry.get("date_order"), fail),
        drop_selectors=tuple(_selectors(entry, "drop_selectors", fail)),
        keep_selectors=tuple(_selectors(entry, "keep_selectors", fail)),
        **_render(entry, fail),
        _pattern=pattern,
        **urls,
    )
    return (None, problems) if problems else (source, [])


def _strings(entry: dict[str, Any], key: str, fail) -> list[str]:
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        fail(key, "must be a list of non-empty strings")
        return []
    return value


def _urls(entry: dict[str, Any], key: str, fail) -> list[str]:
    return [u for u in (_url(v, fail, key) for v in _strings(entry, key, fail)) if u]


def _url(value: Any, fail, key: str) -> str | None:
    """`value` when it is an http(s) URL with a host and a valid port;
    otherwise None, and `fail` says why."""
    if not isinstance(value, str):
        fail(key, "missing or not a string")
        return None
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 -- raises ValueError for a port out of range or not a number
    except ValueError as exc:
        fail(key, f"not a URL: {value!r} ({exc})")
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        fail(key, f"not an http(s) URL: {value!r}")
        return None
    if any(c.isspace() for c in parts.hostname):
        fail(key, f"white space in the host name: {value!r}")
        return None
    return value


def _regex(value: Any, fail) -> re.Pattern[str] | None:
    if value is None:
        return None
    if not isinstance(value, str):
        fail("article_pattern", "must be a string (a regular expression)")
        return None
    try:
        return re.compile(value)
    except re.error as exc:
        fail("article_pattern", f"bad regular expression: {exc}")
        return None


def _languages(entry: dict[str, Any], fail) -> list[str]:
    codes = _strings(entry, "languages", fail)
    for code in codes:
        if why := language_problem(code):
            fail("languages", why)
    return codes


def language_problem(code: str) -> str | None:
    """Why `code` cannot be a source's language, or None when it can: an ISO
    639-1 code (two lower-case letters, as CLDR lists them), without region,
    in which dates can be read (by dateparser).

    >>> language_problem("de") is None
    True
    >>> language_problem("German"), language_problem("pt-BR"), language_problem("EN")
    ("'German' is not an ISO 639-1 code: write 'de' for German", "'pt-BR' has a region: write the language alone, 'pt'", "'EN' is not an ISO 639-1 code: write 'en' for English")
    >>> language_problem("xx"), language_problem("la")
    ("'xx' is not an ISO 639-1 code (two letters, e.g. 'en' for English)", "'la' (Latin): dates in that language cannot be read; leave it out")
    """
    names = _language_names()
    if code in names:
        if code not in _date_languages():
            return f"{code!r} ({names[code]}): dates in that language cannot be read; leave it out"
        return None
    base = re.split(r"[-_]", code, maxsplit=1)[0].lower()
    if base != code.lower() and base in names:
        return f"{code!r} has a region: write the language alone, {base!r}"
    by_name = {n.casefold(): c for c, n in names.items()}
    guess = by_name.get(code.casefold()) or (base if base in names else None)
    if guess is not None:
        return f"{code!r} is not an ISO 639-1 code: write {guess!r} for {names[guess]}"
    return f"{code!r} is not an ISO 639-1 code (two letters, e.g. 'en' for English)"


@cache
def _language_names() -> dict[str, str]:
    """ISO 639-1 code -> English name (CLDR's, through Babel: the 184 two-letter codes)."""
    from babel import Locale

    return {c: n for c, n in Locale("en").languages.items() if len(c) == 2}


@cache
def _date_languages() -> frozenset[str]:
    """The languages dateparser reads dates in: its list, read without
    importing dateparser itself (0.26 s in the crawling process, which leaves
    dates to the extraction workers)."""
    from importlib.util import find_spec, module_from_spec, spec_from_file_location

    (folder,) = find_spec("dateparser").submodule_search_locations
    spec = spec_from_file_location("languages_info", Path(folder, "data", "languages_info.py"))
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    return frozenset(module.language_order)


def _timezone(value: Any, fail) -> str | None:
    if value is None:
        return None
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        fail("timezone", f"unknown time zone {value!r}")
        return None
    return value


def _date_order(value: Any, fail) -> str | None:
    if value is not None and value not in DATE_ORDERS:
        fail("date_order", f"must be one of {sorted(DATE_ORDERS)}")
        return None
    return value


def _selectors(entry: dict[str, Any], key: str, fail) -> list[str]:
    from lxml.cssselect import CSSSelector, SelectorError

    selectors = _strings(entry, key, fail)
    for sel in selectors:
        try:
            CSSSelector(sel)
        except SelectorError as exc:
            fail(key, f"bad CSS selector {sel!r}: {exc}")
    return selectors


def _render(entry: dict[str, Any], fail) -> dict[str, Any]:
    """The `render` and `render_listings` keys, checked.

    >>> _render({"render": "browser", "render_listings": True}, print)
    {'render': 'browser', 'render_listings': True}
    >>> _render({"render": "chrome", "render_listings": "yes"}, lambda k, why: print(k, why))
    render must be one of 'none', 'browser'
    render_listings must be true or false
    {'render': 'none', 'render_listings': False}
    """
    render = entry.get("render", "none")
    if render not in RENDER_MODES:
        fail("render", f"must be one of {', '.join(map(repr, RENDER_MODES))}")
        render = "none"
    listings = entry.get("render_listings", False)
    if not isinstance(listings, bool):
        fail("render_listings", "must be true or false")
        listings = False
    elif listings and entry.get("render", "none") == "none":
        fail("render_listings", 'needs render = "browser"')
    return {"render": render, "render_listings": listings}
