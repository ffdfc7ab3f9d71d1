"""trafilatura's metadata, as candidates of origin "trafilatura": what it reads
from meta tags and JSON-LD, htmldate's date, and its scans of the markup.

The scans for authors, categories and tags are most of its cost (a copy of
the whole page and a dozen XPath searches for the authors alone). Each runs
only when our structured metadata (`metadata.collect`) left its field empty
(for authors: no person in JSON-LD or meta tags, and not exactly one in the
bylines): otherwise it would repeat what we found, in a lower-ranked candidate.
trafilatura itself skips them when the page's meta tags answer; this is the
same rule with our wider reading of the page.
"""

from __future__ import annotations

import logging
from typing import Any

from htmldate import find_date
from htmldate.extractors import get_external_parser
from lxml.html import HtmlElement
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_author,
    extract_catstags,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import set_date_params

from newsspider.extraction import origins
from newsspider.extraction.authors.names import clean_authors, publisher_keys
from newsspider.extraction.dates.parse import COMMON_LANGUAGES

log = logging.getLogger(__name__)

Candidates = dict[str, list[tuple[Any, str]]]
#: htmldate's settings as trafilatura uses them by default (extensive search)
DATE_PARAMS = set_date_params(True)
#: htmldate reads the dates in a page's text with one dateparser parser for every
#: locale dateparser knows: 1.7 s to load in each worker and about 15 ms a call.
#: The common languages of news are a quarter of that (its own settings are kept).
get_external_parser().languages = list(COMMON_LANGUAGES)
#: Author origins of `collect` that declare the page's people (an organisation
#: credited as author does not: trafilatura's scan may still find a person)
PEOPLE = origins.of_kind("authors", "declared")
ORGANISATION = "jsonld:organization"
#: Author origins of the bylines the page shows ("byline", "byline-text", "rel=author")
MARKUP = origins.of_kind("authors", "markup")


def trafilatura_metadata(tree: HtmlElement, url: str | None, found: Candidates) -> Candidates:
    """trafilatura's title, authors, date, description, site name, image,
    categories and tags for the page `tree`; `found` is what `collect` found.

    >>> from lxml.html import fromstring
    >>> page = fromstring('<html><head><title>Rain due - Planet</title></head><body>'
    ...                   '<span class="author">Ann Lee</span><p>Text</p></body></html>')
    >>> trafilatura_metadata(page, None, {})["authors"]
    [('Ann Lee', 'trafilatura')]
    >>> "authors" in trafilatura_metadata(page, None, {"authors": [("Bo Chan", "meta:author")]})
    False
    """
    doc = examine_meta(tree)
    if doc.author and " " not in doc.author:  # as trafilatura: one word is not a name
        doc.author = None
    try:
        doc = extract_meta_json(tree, doc)
    except Exception as err:  # trafilatura logs it and goes on too
        log.debug("trafilatura's JSON-LD reader failed: %s", err)
    doc.title = doc.title or extract_title(tree)
    if not doc.author and not _people(found):
        doc.author = extract_author(tree)
    doc.url = doc.url or extract_url(tree, url)
    doc.date = find_date(tree, **{**DATE_PARAMS, "url": doc.url})
    doc.sitename = _site_name(doc.sitename or extract_sitename(tree), doc.url)
    if not doc.categories and not found.get("section"):
        doc.categories = extract_catstags("category", tree)
    if not doc.tags and not found.get("tags"):
        doc.tags = extract_catstags("tag", tree)
    return candidates(doc)


def _people(found: Candidates) -> bool:
    """Whether the page's JSON-LD or meta tags credit a person (not the
    publisher, a desk or a one-word handle: trafilatura would look further),
    or its bylines name exactly one (with two or more, trafilatura's find
    confirms which of them is the article's).

    >>> _people({"authors": [("Ann Lee", "meta:author")]})
    True
    >>> _people({"authors": [("Daily Planet", "jsonld")], "site_name": [("Daily Planet", "og:site_name")]})
    False
    >>> _people({"authors": [("Daily Planet", "jsonld"), ("By Ann Lee", "byline-text")]})
    True
    >>> _people({"authors": [("By Ann Lee", "byline-text"), ("By Bo Chan", "byline")]})
    False
    """
    authors = found.get("authors", [])
    sites = [v for v, _ in found.get("site_name", [])]
    site, publishers = (sites[0] if sites else None), publisher_keys(sites)
    declared = [v for v, o in authors if o.startswith(PEOPLE) and o != ORGANISATION]
    if declared and any(" " in n for n in clean_authors(declared, site, True, publishers)):
        return True
    shown = [v for v, o in authors if o.startswith(MARKUP)]
    names = clean_authors(shown, site, True, publishers) if shown else []
    return len(names) == 1 and " " in names[0]


def _site_name(name: str | None, url: str | None) -> str | None:
    """The site's name as trafilatura spells it (a handle without its "@",
    a lower-case name capitalised), or the host name of `url`.

    >>> _site_name("@planet", None), _site_name("daily.example", None)
    ('Planet', 'daily.example')
    >>> _site_name(None, "https://www.daily.example/a")
    'daily.example'
    """
    if name:
        name = name.lstrip("@")
        if name and "." not in name and not name[0].isupper():
            name = name.title()
        return name or None
    match = META_URL.match(url) if url else None
    return match[1] if match else None


#: trafilatura's fields we keep as candidates, and our names
FIELDS = {
    "title": "title", "author": "authors", "date": "published", "description": "description",
    "sitename": "site_name", "image": "image",
}  # fmt: skip


def candidates(doc: Any) -> Candidates:
    """trafilatura's metadata document as candidates of origin "trafilatura"."""
    meta: Candidates = {}
    for attr, field in FIELDS.items():
        if value := getattr(doc, attr, None):
            meta.setdefault(field, []).append((value, "trafilatura"))
    for value in doc.categories or []:
        meta.setdefault("section", []).append((value, "trafilatura"))
    for value in doc.tags or []:
        meta.setdefault("tags", []).append((value, "trafilatura"))
    return meta
