"""The page's structure as every field's finder reads it: an element's text,
the headline and the blocks around it, the site's own header, and the
classes that name a page's layout rather than a block.

    >>> from lxml.html import fromstring
    >>> page = fromstring('<div class="page"><header>Daily</header><main><h1> Rain  floods</h1></main></div>')
    >>> headline, site = headline_and_site(page)
    >>> text_of(headline), [h.tag for h in site], sorted(el.tag for el in headline_blocks(page))
    ('Rain floods', ['header'], ['body', 'div', 'html', 'main'])
"""

from __future__ import annotations

import re

from lxml.etree import XPath
from lxml.html import HtmlElement

from newsspider.extraction.text import text_key

#: a class naming the page's layout ("has-sidebar", "page--with-sidebar", "no-comments"),
#: not the kind of block
LAYOUT_CLASS = re.compile(r"\S*(?<![^\s_-])(?:has|with|without|no)[-_]\S*")
# Compiled once: lxml compiles a string expression on every call.
H1 = XPath("//h1")
#: the page headers before the headline (not around it)
PRECEDING_HEADERS = XPath("preceding::header")
HEADINGS = XPath("//h2 | //h3 | //h4 | //h5 | //h6")
#: the shortest heading (letters and digits) taken for the title on a page without an h1
TITLED_HEADING = 10


def text_of(el: HtmlElement) -> str:
    """The element's text, spaces normalised ("" for a comment: parsers that
    keep them put them among the elements)."""
    if not isinstance(el.tag, str):
        return ""
    return " ".join(el.text_content().split())


def plain(text: str) -> str:
    """Lower-case letters as an address spells them: "Höß" -> "hoess", "Núñez" -> "nunez".

    >>> plain("Jörg Núñez-Groß")
    'joergnunezgross'
    """
    return text_key(text, joined=True, accents=False, umlauts=True)


def headline_blocks(tree: HtmlElement, h1s: list[HtmlElement] | None = None) -> set[HtmlElement]:
    """The elements around the page's h1s (the first is often the site's
    logo): whatever their class says ("page--with-sidebar", "teaser"), they
    hold the article itself."""
    return {el for h1 in (H1(tree)[:3] if h1s is None else h1s) for el in h1.iterancestors()}


def inside(el: HtmlElement, scope: HtmlElement) -> bool:
    return any(a is scope for a in el.iterancestors())


def headline_and_site(
    tree: HtmlElement, titles: list[str] = (), h1s: list[HtmlElement] | None = None
) -> tuple[HtmlElement | None, list[HtmlElement]]:
    """The headline (the longest of the first h1s, the others name the site
    or its section; else the first heading that is one of the page's
    `titles`) and the page headers before the first of them: the site's,
    whose date is today's, not the article's.

    >>> from lxml.html import fromstring
    >>> page = fromstring('<div><header><time>2 May 2024</time></header><h2>Rain floods town</h2></div>')
    >>> headline, site = headline_and_site(page, ["Rain floods town"])
    >>> headline.tag, [h.tag for h in site]
    ('h2', ['header'])
    """
    headlines = H1(tree)[:3] if h1s is None else h1s
    headline = max(headlines, key=lambda h1: len(text_of(h1)), default=None)
    if headline is None:
        headline = _titled_heading(tree, titles)
    first = headlines[0] if headlines else headline
    return headline, PRECEDING_HEADERS(first) if first is not None else []


def _titled_heading(tree: HtmlElement, titles: list[str]) -> HtmlElement | None:
    """The first h2-h6 whose text is one of `titles` (or part of one: "Rain -
    Daily Planet"), on a page without an h1.

    >>> from lxml.html import fromstring
    >>> page = fromstring('<div><h2>Menu</h2><h2>Rain floods the town</h2></div>')
    >>> _titled_heading(page, ["Rain floods the town - Daily Planet"]).text
    'Rain floods the town'
    """
    keys = [k for t in titles if (k := plain(str(t)))]
    for heading in HEADINGS(tree) if keys else ():
        key = plain(text_of(heading))
        if len(key) >= TITLED_HEADING and any(key in k for k in keys):
            return heading
    return None


def in_site(el: HtmlElement, site: list[HtmlElement]) -> bool:
    """`el` is one of the `site` headers (see `headline_and_site`) or inside one."""
    return bool(site) and (el in site or any(a in site for a in el.iterancestors("header")))
