"""The article body: trafilatura over the parsed tree, with per-source
drop/keep selectors, turned into paragraphs.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement
from trafilatura import bare_extraction

#: trafilatura's own metadata fields we keep as candidates, and our names
TRAFILATURA_FIELDS = {
    "title": "title", "author": "authors", "date": "published", "description": "description",
    "sitename": "site_name", "image": "image", "language": "language",
}  # fmt: skip


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


def extract_body(tree: HtmlElement, url: str | None, options: dict[str, Any]) -> tuple[list[str], dict]:
    """Paragraphs of the main text, and trafilatura's metadata as candidates.

    Each paragraph is one text block (a paragraph, heading, list item or quote).
    """
    if options.get("keep_selectors"):
        tree = keep_only(tree, options["keep_selectors"])
    prune = css_to_xpath(options.get("drop_selectors") or []) or None
    doc = bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        prune_xpath=prune,
        deduplicate=False,
    )
    if doc is None:
        return [], {}
    meta: dict[str, list[tuple[Any, str]]] = {}
    for attr, field in TRAFILATURA_FIELDS.items():
        value = getattr(doc, attr, None)
        if value:
            meta.setdefault(field, []).append((value, "trafilatura"))
    for value in (doc.categories or []):
        meta.setdefault("section", []).append((value, "trafilatura"))
    for value in (doc.tags or []):
        meta.setdefault("tags", []).append((value, "trafilatura"))
    text = doc.text or ""
    return [line.strip() for line in text.split("\n") if line.strip()], meta
