"""The article body: trafilatura over the parsed tree, with per-source
drop/keep selectors, turned into paragraphs.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from lxml.cssselect import CSSSelector
from lxml.etree import _Element
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.xml import xmltotxt

#: trafilatura's own metadata fields we keep as candidates, and our names
TRAFILATURA_FIELDS = {
    "title": "title", "author": "authors", "date": "published", "description": "description",
    "sitename": "site_name", "image": "image", "language": "language",
}  # fmt: skip


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
#: trafilatura elements whose items (list items, table rows) are blocks of their own
SPLIT_BLOCKS = ("list", "table")


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


def extract_body(
    tree: HtmlElement, url: str | None, options: dict[str, Any]
) -> tuple[list[str], dict]:
    """Paragraphs of the main text, and trafilatura's metadata as candidates.

    Each paragraph is one text block (a paragraph, heading, list item or quote).
    """
    if options.get("keep_selectors"):
        tree = keep_only(tree, options["keep_selectors"])
    prune = css_to_xpath(options.get("drop_selectors") or []) or None
    doc = first = None
    for mode, enough, replaces in MODES:  # too little found: look again
        # trafilatura's metadata does not depend on the mode: read it once
        found = _extract(tree, url, prune, with_metadata=first is None, **mode)
        first = first or found
        if found is not None and (replaces or doc is None or _words(found.text) > _words(doc.text)):
            doc = found
        if doc is not None and _words(doc.text) >= enough:
            break
    if doc is None:
        return [], {}
    meta = trafilatura_candidates(first or doc)
    if doc.body is None or not len(doc.body):
        return _lines(doc.text or ""), meta
    return text_blocks(doc.body), meta


def trafilatura_candidates(doc: Any) -> dict[str, list[tuple[Any, str]]]:
    """trafilatura's metadata as candidates of origin "trafilatura"."""
    meta: dict[str, list[tuple[Any, str]]] = {}
    for attr, field in TRAFILATURA_FIELDS.items():
        value = getattr(doc, attr, None)
        if value:
            meta.setdefault(field, []).append((value, "trafilatura"))
    for value in doc.categories or []:
        meta.setdefault("section", []).append((value, "trafilatura"))
    for value in doc.tags or []:
        meta.setdefault("tags", []).append((value, "trafilatura"))
    return meta


def _extract(tree: HtmlElement, url: str | None, prune: list[str] | None, **options: Any):
    return bare_extraction(
        tree,
        url=url,
        include_comments=False,
        include_tables=True,
        prune_xpath=prune,
        deduplicate=False,
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
