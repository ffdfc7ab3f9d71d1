"""The body's shape beyond what trafilatura takes: an article split over
like sibling containers (sub-headings, ads or newsletter boxes between its
chunks) joined before extraction, and the teaser lists closing a body
(headline links of other articles) left out."""

from __future__ import annotations

import re
from copy import deepcopy

from lxml.etree import XPath, _Element
from lxml.html import HtmlElement
from trafilatura import xpaths
from trafilatura.xpaths import BODY_XPATH

#: a list of at least this many items ends the body as a list of teasers when each item
#: holds a link of this many words and links are this share of their text at least
#: (the heading above them has this many words at most)
TEASER_LINKS = 3
TEASER_LINK_WORDS = 3
TEASER_LINK_SHARE = 0.3
#: this many blocks closing the body, each all inside a link, are teasers of other articles
LINKED_TEASERS = 2
TEASER_HEADING_WORDS = 6
SENTENCE_END = re.compile(r"[.!?。！？:;][\"'”’»)]*$")
#: containers with a class, and the class words that name an article's body (trafilatura's own)
CONTAINERS = XPath("//body//*[self::div or self::article or self::section or self::main][@class]")
BODY_NAME = re.compile(
    "|".join(
        (
            *getattr(xpaths, "_ARTICLE_CONTENT_CLASS_TOKENS", ("body|content|text",)),
            "^post$",
            "^entry$",
        )
    )
)
#: how many levels above the article's container its like chunks may branch off
CHUNK_LEVELS = 3


def without_teasers(tree: HtmlElement, paragraphs: list[str]) -> list[str]:
    """`paragraphs` without the teasers of other articles closing them (blocks
    each all inside a link), nor a list of headlines linking to other pages
    at their start or end (list items, each with a link of a few words in
    it, links a good share of their text) with the short heading above the
    closing one.

    >>> from lxml.html import fromstring
    >>> page = fromstring('<html><body><p>The dam held.</p><ul><li><a href="/a">Why the dam held '
    ...                   'this time</a></li><li>Trips: <a href="/b">ten dams to visit</a></li><li>'
    ...                   '<a href="/c">A river in spring</a></li></ul></body></html>')
    >>> teasers = ["- Why the dam held this time", "- Trips: ten dams to visit", "- A river in spring"]
    >>> without_teasers(page, ["The dam held.", "More stories", *teasers])
    ['The dam held.']
    >>> without_teasers(page, [*teasers, "The dam held."])
    ['The dam held.']
    >>> without_teasers(page, ["The dam held.", "A river in spring", "Why the dam held this time"])
    ['The dam held.']
    """
    links = _link_texts(tree)
    end = len(paragraphs)
    while end > 1 and _in_link(paragraphs[end - 1], links):
        end -= 1  # teasers that are links as a whole: a headline, a date, a summary
    if len(paragraphs) - end >= LINKED_TEASERS:
        paragraphs = paragraphs[:end]
    end = len(paragraphs)
    while end > 1 and paragraphs[end - 1].startswith("- "):
        end -= 1
    if len(paragraphs) - end >= TEASER_LINKS and _teasers(paragraphs[end:], links):
        above = paragraphs[end - 1]
        if (
            end > 1
            and len(above.split()) <= TEASER_HEADING_WORDS
            and not SENTENCE_END.search(above)
        ):
            end -= 1  # the list's heading: "More stories", "Read these next"
        paragraphs = paragraphs[:end]
    start = 0
    while start < len(paragraphs) - 1 and paragraphs[start].startswith("- "):
        start += 1
    if start >= TEASER_LINKS and _teasers(paragraphs[:start], links):
        paragraphs = paragraphs[start:]
    return paragraphs


def _in_link(block: str, links: set[str]) -> bool:
    """Whether the text of `block` (a few words at least) is all inside one of the page's links."""
    text = " ".join(block.removeprefix("- ").split()).casefold()
    return len(text.split()) >= TEASER_LINK_WORDS and any(text in link for link in links)


def _teasers(items: list[str], links: set[str]) -> bool:
    """Whether the list `items` ("- " and their text) are links to other pages."""
    texts = [" ".join(p[2:].split()).casefold() for p in items]
    covered = [max((len(link) for link in links if link in text), default=0) for text in texts]
    return all(covered) and sum(covered) >= TEASER_LINK_SHARE * sum(map(len, texts))


def _link_texts(tree: HtmlElement) -> set[str]:
    """The texts of the page's links of a few words, white space collapsed, in lower case."""
    texts = (" ".join(a.text_content().split()).casefold() for a in tree.iter("a"))
    return {t for t in texts if len(t.split()) >= TEASER_LINK_WORDS}


def joined_chunks(tree: HtmlElement) -> HtmlElement:
    """The page with an article split over sibling containers (the same
    element and class, named as the article's body, between them ads, boxes
    and sub-headings) made one: trafilatura takes the first container only.
    A copy when there is anything to join; `tree` itself otherwise.

    >>> from lxml.html import fromstring, tostring
    >>> page = fromstring('<html><body><div class="story"><div class="article-body"><p>One.</p></div>'
    ...     '<div class="ad">Ad</div><div class="article-body"><p>Two.</p></div></div></body></html>')
    >>> tostring(joined_chunks(page).find("body"))
    b'<body><div class="story"><div class="article-body"><p>One.</p><p>Two.</p></div><div class="ad">Ad</div></div></body>'
    """
    if not _repeated_body_class(tree):
        return tree
    first = next(iter(BODY_XPATH[0](tree)), None)
    if first is None or not first.get("class"):
        return tree
    chunks = _chunks(first)
    if not chunks:
        return tree
    tree = deepcopy(tree)
    first = next(iter(BODY_XPATH[0](tree)))
    for chunk in _chunks(first):
        first.extend(list(chunk))
        chunk.getparent().remove(chunk)
    return tree


def _repeated_body_class(tree: HtmlElement) -> bool:
    """Whether two containers of the page share a class that may name the
    article's body (a quick test before trafilatura's own, slower, search)."""
    seen: set[str] = set()
    for el in CONTAINERS(tree):
        name = el.get("class")
        if name in seen and BODY_NAME.search(name):
            return True
        seen.add(name)
    return False


def _chunks(first: _Element) -> list[_Element]:
    """The containers after `first` like it (its element and class, as deep
    in a like ancestor's like sibling: up to `CHUNK_LEVELS` levels up)."""
    path: list[_Element] = []
    el = first
    for _ in range(CHUNK_LEVELS):
        path.insert(0, el)
        kin = [s for s in el.itersiblings() if _like(s, el)]
        found = [c for s in kin for c in _at(s, path[1:])]
        if found:
            return found
        el = el.getparent()
        if el is None or not el.get("class"):
            return []
    return []


def _like(a: _Element, b: _Element) -> bool:
    return a.tag == b.tag and a.get("class") == b.get("class")


def _at(root: _Element, path: list[_Element]) -> list[_Element]:
    """The descendants of `root` down `path`'s steps alike (element and class)."""
    found = [root]
    for step in path:
        found = [c for f in found for c in f if _like(c, step)]
    return found
