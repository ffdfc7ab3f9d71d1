"""The smaller fields: the site's name, the page's language, its tags.

>>> choose_tags([("Rain, Weather", "jsonld"), ("rain", "meta:keywords")])
['Rain', 'Weather']
"""

from __future__ import annotations

import re
from typing import Any

from newsspider.extraction.origins import order, ranked

Candidates = dict[str, list[tuple[Any, str]]]
LANG = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$", re.I)


def choose_site_name(candidates: Candidates) -> str | None:
    """The site's name as the page declares it; trafilatura's guess last.

    >>> choose_site_name({"site_name": [("Rain!", "trafilatura"), ("Daily Planet", "og:site_name")]})
    'Daily Planet'
    """
    names = ranked(candidates.get("site_name", []), order("site_name"))
    return next((str(v) for v, _ in names), None)


def with_languages(options: dict[str, Any], language: str | None) -> dict[str, Any]:
    """The source's options, with the page's language (and English) for
    dateparser when the source names none: trying every locale costs it
    about ten times more.

    >>> with_languages({}, "de")["languages"], with_languages({"languages": ["fr"]}, "de")["languages"]
    (['de', 'en'], ['fr'])
    """
    if options.get("languages") or not language:
        return options
    return {**options, "languages": list(dict.fromkeys([language, "en"]))}


def choose_language(
    candidates: Candidates, options: dict[str, Any], prov: dict[str, str]
) -> str | None:
    for value, origin in ranked(candidates.get("language", []), order("language")):
        if m := LANG.match(str(value).strip()):
            prov["language"] = origin
            return m.group(1).lower()
    languages = options.get("languages") or []
    if len(languages) == 1:
        prov["language"] = "source"
        return languages[0]
    return None


def choose_tags(values: list[tuple[Any, str]]) -> list[str]:
    tags: dict[str, str] = {}
    for value, _ in values:
        for tag in str(value).split(","):
            tag = tag.strip()
            if tag and len(tag) <= 60:
                tags.setdefault(tag.casefold(), tag)
    return list(tags.values())[:30]
