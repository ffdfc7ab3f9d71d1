"""The kicker: a short line shown above (or at the start of) the headline, a
topic or section label ("EXCLUSIVE", "Ukraine war", "Opinion"), kept apart
from the headline proper.

Where it is found, most trusted first: the leading element of the h1 that
`find.headline_text` cuts off; the element just above the h1 (with a
kicker's class, or confirmed by a declared title that begins with it); the
part of a declared title (JSON-LD, og:title, twitter:title) before the chosen
headline and a separator ("Ukraine war: Rain floods town").

    >>> from lxml.html import fromstring
    >>> page = fromstring('<div><p class="topline">Ukraine war</p><h1>Rain floods town</h1></div>')
    >>> markup_kickers(page.xpath("//h1"))
    [('Ukraine war', 'above-h1')]
    >>> choose_kicker([("Ukraine war", "above-h1")], "Rain floods town")
    ('Ukraine war', 'above-h1')
    >>> choose_kicker([], "Rain floods town", [("Opinion: Rain floods town", "og:title")])
    ('Opinion', 'og:title')
"""

from __future__ import annotations

import re
from typing import Any

from lxml.html import HtmlElement

from newsspider.extraction.page import text_of
from newsspider.extraction.titles.choose import host_key, is_site_name, norm
from newsspider.extraction.titles.find import KICKER_PUNCTUATION, KICKER_TAGS

#: a class naming a kicker: "kicker", "overline", "topline", "dachzeile", "eyebrow"…
KICKER_CLASS = re.compile(
    r"kicker|overline|topline|roofline|dachzeile|spitzmarke|eyebrow|supertitle|surtitre|"
    r"keyword|flag|label|rubric|category",
    re.I,
)
#: the joint between a kicker and the headline in a declared title
JOINT = re.compile(r"\s*[:|/–—]\s+|\s+-\s+")
#: the most words and characters of a kicker
MAX_WORDS, MAX_CHARS = 8, 80
#: digits enough for a date: a dateline is no kicker
DATED = re.compile(r"(?:\D*\d){4}")
#: the title origins whose text may begin with the kicker (the <title> mostly
#: begins with the site's name)
DECLARED = ("jsonld", "og:title", "twitter:title", "meta:headline", "h1")
#: the origin of an element above the h1 without a kicker's class: a kicker
#: only when a declared title begins with it
UNCLASSED = "above-h1:unclassed"


def markup_kickers(h1s: list[HtmlElement]) -> list[tuple[str, str]]:
    """(text, origin) of the kickers the page's headline shows: its leading
    element ("h1") and the element just above it ("above-h1", or
    "above-h1:unclassed" without a kicker's class)."""
    headline = max(h1s, key=lambda h1: len(text_of(h1)), default=None)
    if headline is None:
        return []
    found = []
    first = next((el for el in headline if isinstance(el.tag, str)), None)
    if first is not None and first.tag in KICKER_TAGS and not (headline.text or "").strip():
        found.append((text_of(first).strip(KICKER_PUNCTUATION), "h1"))
    if (above := _above(headline)) is not None:
        classed = KICKER_CLASS.search(f"{above.get('class', '')} {above.get('id', '')}")
        found.append((text_of(above), "above-h1" if classed else UNCLASSED))
    return [(text, origin) for text, origin in found if text]


def _above(h1: HtmlElement) -> HtmlElement | None:
    """The element just before the h1 (or before the block the h1 alone
    fills), or its last line when it holds several.

    >>> from lxml.html import fromstring
    >>> page = fromstring('<header><div class="kicker"><div>Issue of 2 May, page 1</div>'
    ...                   '<div>Veterans</div></div><div><h1>Medals</h1></div></header>')
    >>> text_of(_above(page.find(".//h1")))
    'Veterans'
    """
    el = h1
    if el.getprevious() is None and (parent := el.getparent()) is not None and len(parent) == 1:
        el = parent
    above = el.getprevious()
    while above is not None and not isinstance(above.tag, str):
        above = above.getprevious()
    if above is None or above.tag in ("nav", "ul", "ol", "script", "style", "img", "figure"):
        return None
    if len(above.xpath(".//a")) > 1:  # a list of tags or a breadcrumb
        return None
    blocks = [child for child in above if isinstance(child.tag, str)]
    if len(blocks) > 1 and all(child.tag in ("div", "p") for child in blocks):
        return blocks[-1]  # lines above the headline: the kicker is the last
    return above


def _plausible(kicker: str, title: str, site_name: str | None, host: str) -> bool:
    words = kicker.split()
    return (
        1 <= len(words) <= MAX_WORDS
        and len(kicker) <= MAX_CHARS
        and len(kicker) < len(title)
        and not norm(title).startswith(norm(kicker))
        and not DATED.match(kicker)
        and not is_site_name(kicker, site_name, host)
    )


def choose_kicker(
    kickers: list[tuple[Any, str]],
    title: str,
    titles: list[tuple[Any, str]] = (),
    site_name: str | None = None,
    host: str = "",
) -> tuple[str, str] | None:
    """(kicker, origin) for the chosen headline `title`, or None: a kicker
    the markup shows (one above the h1 only with a kicker's class or when a
    declared title begins with it), else the head of a declared title that
    ends with the headline.

    >>> choose_kicker([("Daily Planet", "above-h1")], "Rain floods town", site_name="Daily Planet")
    >>> choose_kicker([("Share", UNCLASSED)], "Rain floods town")
    >>> choose_kicker([("Weather", UNCLASSED)], "Rain floods town", [("Weather: Rain floods town", "jsonld")])
    ('Weather', 'above-h1:unclassed')
    """
    declared = [" ".join(str(v).split()) for v, o in titles if o.startswith(DECLARED)]
    for value, origin in kickers:
        kicker = " ".join(str(value).split())
        if origin == UNCLASSED and not any(norm(d).startswith(norm(kicker)) for d in declared):
            continue
        if _plausible(kicker, title, site_name, host):
            return kicker, origin
    for value, origin in titles:
        if not origin.startswith(DECLARED):
            continue
        text = " ".join(str(value).split())
        for joint in JOINT.finditer(text):
            head, rest = text[: joint.start()], text[joint.end() :]
            if norm(rest) == norm(title) and _plausible(head, title, site_name, host):
                return head, origin
    return None


def kicker_for(
    candidates: dict[str, list[tuple[Any, str]]], title: str, site_name: str | None, url: str
) -> tuple[str, str] | None:
    """`choose_kicker` over the page's candidates.

    >>> kicker_for({"title": [("Exclusive | Rain floods town", "og:title")]}, "Rain floods town",
    ...            None, "https://planet.example/x")
    ('Exclusive', 'og:title')
    """
    kickers, titles = candidates.get("kicker", []), candidates.get("title", [])
    return choose_kicker(kickers, title, titles, site_name, host_key(url))
