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
}
URL_LIST_KEYS = ("feeds", "sitemaps", "sections")
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
DATE_ORDERS = {"DMY", "MDY", "YMD"}


class SourcesError(ValueError):
    """The sources file is missing or invalid."""


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
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourcesError(f"{path}: cannot read sources file: {exc.strerror}") from exc
    return load_sources_text(text, str(path))


def load_sources_text(text: str, where: str = "sources.toml") -> list[Source]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{where}: not valid TOML: {exc}") from exc
    unknown = set(data) - {"source"}
    if unknown:
        raise SourcesError(f"{where}: unknown top-level key {sorted(unknown)[0]!r}")
    entries = data.get("source")
    if not isinstance(entries, list) or not entries:
        raise SourcesError(f"{where}: no [[source]] entries")
    sources = [_source(entry, where, i) for i, entry in enumerate(entries, 1)]
    seen: set[str] = set()
    for s in sources:
        if s.name in seen:
            raise SourcesError(f"{where}: source {s.name!r}: key 'name': duplicate name")
        seen.add(s.name)
    return sources


def _source(entry: dict[str, Any], where: str, index: int) -> Source:
    name = entry.get("name")
    label = f"source {name!r}" if isinstance(name, str) and name else f"source #{index}"

    def fail(key: str, why: str) -> SourcesError:
        return SourcesError(f"{where}: {label}: key {key!r}: {why}")

    for key in entry:
        if key not in KEYS:
            raise fail(key, f"unknown key (allowed: {', '.join(sorted(KEYS))})")
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise fail("name", "missing, or not a lower-case name like 'harbour-times'")
    homepage = _url(entry.get("homepage"), fail, "homepage")
    urls = {
        key: tuple(_url(u, fail, key) for u in _strings(entry, key, fail)) for key in URL_LIST_KEYS
    }
    domains = tuple(d.lower().strip(".") for d in _strings(entry, "allowed_domains", fail))
    if not domains:
        hosts = [urlsplit(u).hostname for u in (homepage, *sum(urls.values(), ()))]
        domains = tuple(dict.fromkeys(h for h in hosts if h))
    pattern = _regex(entry.get("article_pattern"), fail)
    return Source(
        name=name,
        homepage=homepage,
        allowed_domains=domains,
        article_pattern=pattern.pattern if pattern else None,
        languages=tuple(_strings(entry, "languages", fail)),
        timezone=_timezone(entry.get("timezone"), fail),
        date_order=_date_order(entry.get("date_order"), fail),
        drop_selectors=tuple(_selectors(entry, "drop_selectors", fail)),
        keep_selectors=tuple(_selectors(entry, "keep_selectors", fail)),
        _pattern=pattern,
        **urls,
    )


def _strings(entry: dict[str, Any], key: str, fail) -> list[str]:
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise fail(key, "must be a list of non-empty strings")
    return value


def _url(value: Any, fail, key: str) -> str:
    if not isinstance(value, str):
        raise fail(key, "missing or not a string")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise fail(key, f"not an http(s) URL: {value!r}")
    return value


def _regex(value: Any, fail) -> re.Pattern[str] | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise fail("article_pattern", "must be a string (a regular expression)")
    try:
        return re.compile(value)
    except re.error as exc:
        raise fail("article_pattern", f"bad regular expression: {exc}") from exc


def _timezone(value: Any, fail) -> str | None:
    if value is None:
        return None
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise fail("timezone", f"unknown time zone {value!r}") from exc
    return value


def _date_order(value: Any, fail) -> str | None:
    if value is not None and value not in DATE_ORDERS:
        raise fail("date_order", f"must be one of {sorted(DATE_ORDERS)}")
    return value


def _selectors(entry: dict[str, Any], key: str, fail) -> list[str]:
    from lxml.cssselect import CSSSelector, SelectorError

    selectors = _strings(entry, key, fail)
    for sel in selectors:
        try:
            CSSSelector(sel)
        except SelectorError as exc:
            raise fail(key, f"bad CSS selector {sel!r}: {exc}") from exc
    return selectors
