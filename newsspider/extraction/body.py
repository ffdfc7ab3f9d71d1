"""The article body: trafilatura over the parsed tree, with per-source
drop/keep selectors, turned into paragraphs.
"""

from __future__ import annotations

import json
import re
from copy import deepcopy
from html import unescape
from typing import Any

from lxml.cssselect import CSSSelector
from lxml.etree import XPath, _Element
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.xml import xmltotxt

#: trafilatura's modes, cheapest first: (options, the body length in words
#: under which the next mode runs, whether this mode's body replaces a longer
#: one). Fast mode (no readability / jusText comparison, ~8 ms less) is as
#: good on a long body; a short one is checked by the full cascade, whose
#: choice stands; a body still under 60 words is extracted again, favouring
#: recall, and the longer kept. About 7 % of news pages need a second pass.
#: favor_precision gains news pages a little but loses more on other pages.
MODES: tuple[tuple[dict[str, bool], int, bool], ...] = (
    ({"fast": True}, 100, True),
    ({}, 60, True),
    ({"favor_recall": True}, 0, False),
)
#: The modes for a page that declares itself an article (og:type "article",
#: or a JSON-LD Article / NewsArticle / BlogPosting): precision first, which
#: on such pages drops more of the teasers, captions and notes around the
#: text than it loses of the text (fast mode cuts some short bodies: the full
#: cascade checks them, still favouring precision).
ARTICLE_MODES: tuple[tuple[dict[str, bool], int, bool], ...] = (
    ({"fast": True, "favor_precision": True}, 100, True),
    ({"favor_precision": True}, 60, True),
    ({"favor_recall": True}, 0, False),
)
#: trafilatura elements whose items (list items, table rows) are blocks of their own
SPLIT_BLOCKS = ("list", "table")
#: og:type values and JSON-LD script texts, where a page says what it is
OG_TYPE = XPath("//meta[@property='og:type' or @name='og:type']/@content")
JSON_LD = XPath("//script[@type='application/ld+json']/text()")
ARTICLE_TYPE = re.compile(r'"@type"\s*:\s*(?:\[[^\]]*?)?"(?:\w*Article|BlogPosting)"')
#: The text a page declares as its article (JSON-LD ``articleBody``) replaces
#: the extracted body when it is at least this long and the extracted body
#: holds less than this share of it: the page's text is rendered by script,
#: or trafilatura took a list of teasers for the article.
DECLARED_MIN_WORDS = 150
DECLARED_MAX_SHARED = 0.3
JSON_DEPTH = 20
HTML_BREAK = re.compile(r"(?i)<br\s*/?>|</(?:p|h[1-6]|li|div|blockquote)>")
HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
WORD = re.compile(r"\w+")


def css_to_xpath(selectors: list[str]) -> list[str]:
    """CSS selectors as XPath expressions for trafilatura's ``prune_xpath``.

    >>> css_to_xpath(["aside"])
    ['descendant-or-self::aside']
    """
    return [CSSSelector(s).path for s in selectors]


def keep_only(tree: HtmlElement, selectors: list[str]) -> HtmlElement:
    """A copy of the page whose body holds only the elements `selectors` match
    (the whole page if none match)."""
    matches = [el for sel in selectors for el in CSSSelector(sel)(tree)]
    if not matches:
        return tree
    tree = deepcopy(tree)
    matches = [el for sel in selectors for el in CSSSelector(sel)(tree)]
    body = tree.find("body")
    if body is None:
        return tree
    kept = [deepcopy(el) for el in matches]
    for child in list(body):
        body.remove(child)
    body.extend(kept)
    return tree


def extract_body(tree: HtmlElement, url: str | None, options: dict[str, Any]) -> list[str]:
    """Paragraphs of the main text.

    Each paragraph is one text block (a paragraph, heading, list item or quote).
    """
    scripts = JSON_LD(tree)
    modes = ARTICLE_MODES if declares_article(OG_TYPE(tree), scripts) else MODES
    declared = declared_body(scripts)
    if options.get("keep_selectors"):
        tree = keep_only(tree, options["keep_selectors"])
    prune = css_to_xpath(options.get("drop_selectors") or []) or None
    doc = None
    for mode, enough, replaces in modes:  # too little found: look again
        found = _extract(tree, url, prune, **mode)
        if found is not None and (replaces or doc is None or _words(found.text) > _words(doc.text)):
            doc = found
        if doc is not None and _words(doc.text) >= enough:
            break
    if doc is None:
        paragraphs = []
    elif doc.body is None or not len(doc.body):
        paragraphs = _lines(doc.text or "")
    else:
        paragraphs = text_blocks(doc.body)
    if missed(declared, paragraphs) and not options.get("keep_selectors"):
        return _lines(declared)
    return paragraphs


def missed(declared: str, paragraphs: list[str]) -> bool:
    """Whether the extracted `paragraphs` missed the page's `declared` text
    (long, and little of it extracted)."""
    return (
        _words(declared) >= DECLARED_MIN_WORDS
        and shared(declared, "\n".join(paragraphs)) < DECLARED_MAX_SHARED
    )


def declares_article(og_types: list[str], scripts: list[str]) -> bool:
    """Whether the page says it is an article: og:type "article", or a
    JSON-LD item of type Article, NewsArticle, BlogPosting and the like.

    >>> declares_article(["article"], [])
    True
    >>> declares_article(["website"], ['{"@type": ["ReportageNewsArticle"]}'])
    True
    >>> declares_article(["website"], ['{"@type": "WebPage", "name": "Article"}'])
    False
    """
    return any(t.strip().lower() == "article" for t in og_types) or any(
        ARTICLE_TYPE.search(s) for s in scripts
    )


def declared_body(scripts: list[str]) -> str:
    """The longest JSON-LD ``articleBody`` of the page as plain text, one
    paragraph a line ("" if none).

    >>> declared_body(['{"@graph": [{"articleBody": "<p>One &amp; two</p><p>Three</p>"}]}'])
    'One & two\\nThree'
    """
    best = ""
    for script in scripts:
        if "articleBody" not in script:
            continue
        try:
            data = json.loads(script, strict=False)
        except (ValueError, RecursionError):  # broken, or nested thousands deep
            continue
        for text in _values(data, "articleBody"):
            if isinstance(text, str) and len(text) > len(best):
                best = text
    if "<" in best:
        best = HTML_TAG.sub("", HTML_BREAK.sub("\n", best))
    return "\n".join(_lines(unescape(best)))


def _values(data: Any, key: str, depth: int = 0):
    """Every value of `key` in nested JSON, down to a sane depth.

    >>> list(_values({"a": [{"k": 1}, {"b": {"k": 2}}]}, "k"))
    [1, 2]
    """
    if depth > JSON_DEPTH:
        return
    if isinstance(data, dict):
        for k, v in data.items():
            if k == key:
                yield v
            else:
                yield from _values(v, key, depth + 1)
    elif isinstance(data, list):
        for item in data:
            yield from _values(item, key, depth + 1)


def shared(text: str, other: str) -> float:
    """The share of `text`'s word trigrams (lower case) found in `other`.

    >>> shared("the cat sat on the mat", "Yes, the cat sat on a mat")
    0.5
    """
    grams = _trigrams(text)
    return len(grams & _trigrams(other)) / len(grams) if grams else 0.0


def _trigrams(text: str) -> set[tuple[str, ...]]:
    words = WORD.findall(text.lower())
    return set(zip(words, words[1:], words[2:], strict=False))


def _extract(tree: HtmlElement, url: str | None, prune: list[str] | None, **options: Any):
    return bare_extraction(
        tree,
        url=url,
        include_comments=False,
        include_tables=True,
        prune_xpath=prune,
        deduplicate=False,
        with_metadata=False,  # read once, by `fallback.trafilatura_metadata`
        **options,
    )


def _words(text: str | None) -> int:
    return len((text or "").split())


def text_blocks(body: _Element) -> list[str]:
    """The text blocks of trafilatura's XML body: one per paragraph, heading,
    quote or code block (its line breaks kept), one per list item or table row.

    >>> from lxml import etree
    >>> text_blocks(etree.fromstring("<body><head>Title</head>Loose<p>One<lb/>two</p>"
    ...                               "<list><item>A</item><item>B</item></list></body>"))
    ['Title', 'Loose', 'One\\ntwo', '- A', '- B']
    """
    blocks = _lines(body.text or "")
    for child in body:
        tail, child = child.tail, deepcopy(child)
        child.tail = None
        lines = _lines(xmltotxt(child, include_formatting=False))
        if child.tag in SPLIT_BLOCKS:
            blocks.extend(lines)
        elif lines:
            blocks.append("\n".join(lines))
        blocks.extend(_lines(tail or ""))  # loose text after a block: a block of its own
    return blocks


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]
